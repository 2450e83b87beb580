"""The Alembic migrations build exactly the tables, columns and indexes the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.store.installations import (
    STORE_TABLES,
    installation_store,
    latest_bot_query,
    store_metadata,
)
from bot.store.models import Base


def _compare(db, metadata, ours: bool) -> list:
    def include(obj, name, kind, reflected, compare_to) -> bool:
        table = name if kind == "table" else obj.table.name
        return (table in STORE_TABLES) != ours

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include})
        return compare_metadata(context, metadata)


def test_migrations_match_the_models(db):
    assert _compare(db, Base.metadata, ours=True) == []


def test_migrations_build_slack_sdks_oauth_stores_exactly(db):
    """slack_sdk's SQLAlchemy installation and state stores run on the migrated schema as declared."""
    assert _compare(db, store_metadata(), ours=False) == []


def test_a_bot_is_found_by_its_id_through_an_index_not_a_scan(db):
    """A click on a card looks up the bot that posted it (`bot_by_id`): on either database the
    lookup reads our index, not every installation's row."""
    store = installation_store("client-1", db.engine)
    query = latest_bot_query(store, store.bots.c.bot_id == "B0001")
    sql = str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))
    with db.engine.connect() as connection:
        if db.engine.dialect.name == "sqlite":
            plan = " ".join(str(row[-1]) for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))  # fmt: skip
        else:
            connection.exec_driver_sql("SET enable_seqscan = off")  # a tiny table is scanned anyway
            plan = " ".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN {sql}"))
    assert "slack_bots_bot_id_idx" in plan, plan
