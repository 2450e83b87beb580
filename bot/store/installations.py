"""slack_sdk's OAuth stores on our database: the tables come from our migrations (0006, 0008)."""

from __future__ import annotations

from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import ColumnElement, Index, MetaData, Select, desc, select
from sqlalchemy.engine import Engine

STATE_SECONDS = 600


def store_metadata() -> MetaData:
    """The three tables as slack_sdk's stores declare them, and our index to find a bot by its
    id (`bot_by_id`): what migrations 0006 and 0008 must build."""
    metadata = MetaData()
    SQLAlchemyInstallationStore.build_installations_table(metadata, "slack_installations")
    bots = SQLAlchemyInstallationStore.build_bots_table(metadata, "slack_bots")
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, "slack_oauth_states")
    Index("slack_bots_bot_id_idx", bots.c.client_id, bots.c.bot_id, bots.c.installed_at)
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


def installed_bot(store: SQLAlchemyInstallationStore, team_id: str) -> Bot | None:
    """The active bot of a workspace's installation, made inside an Enterprise Grid org or not
    (its row's enterprise_id is the org's, which a bare team id does not say); for an org id
    ("E…"), that org's org-wide installation. None when it has none with a token."""
    c = store.bots.c
    if team_id.startswith("E"):
        return _latest_bot(store, c.enterprise_id == team_id, c.team_id.is_(None))
    return _latest_bot(store, c.team_id == team_id)


def bot_by_id(store: SQLAlchemyInstallationStore, bot_id: str) -> Bot | None:
    """The active installation whose bot is `bot_id` (a message's `bot_id`): each has its own."""
    return _latest_bot(store, store.bots.c.bot_id == bot_id)


def latest_bot_query(store: SQLAlchemyInstallationStore, *where: ColumnElement[bool]) -> Select:
    """The newest installed bot with a token among those `where` picks."""
    c = store.bots.c
    return (
        select(store.bots)
        .where(c.client_id == store.client_id, c.bot_token.is_not(None), *where)
        .order_by(desc(c.installed_at))
        .limit(1)
    )


def _latest_bot(store: SQLAlchemyInstallationStore, *where: ColumnElement[bool]) -> Bot | None:
    with store.engine.connect() as conn:
        row = conn.execute(latest_bot_query(store, *where)).mappings().first()
    return None if row is None else store.build_bot_entity(row)
