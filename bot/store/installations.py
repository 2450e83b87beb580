"""slack_sdk's OAuth stores on our database: the tables come from our migrations (0004)."""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, select
from sqlalchemy.engine import Engine

STATE_SECONDS = 600


def store_metadata() -> MetaData:
    """The three tables as slack_sdk's stores declare them (what migration 0004 must build)."""
    metadata = MetaData()
    SQLAlchemyInstallationStore.build_installations_table(metadata, "slack_installations")
    SQLAlchemyInstallationStore.build_bots_table(metadata, "slack_bots")
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, "slack_oauth_states")
    return metadata


STORE_TABLES = frozenset(store_metadata().tables)


def installation_store(client_id: str, engine: Engine) -> SQLAlchemyInstallationStore:
    return SQLAlchemyInstallationStore(client_id=client_id, engine=engine)


def state_store(engine: Engine) -> SQLAlchemyOAuthStateStore:
    return SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine)


def active_teams(store: SQLAlchemyInstallationStore) -> set[str]:
    """Teams (and orgs, for org-wide installs) with a bot installed: the workspaces jobs serve."""
    bots = store.bots
    query = select(bots.c.team_id, bots.c.enterprise_id, bots.c.is_enterprise_install).where(
        bots.c.client_id == store.client_id, bots.c.bot_token.is_not(None)
    )
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return {(e if org else t) or "" for t, e, org in rows} - {""}
