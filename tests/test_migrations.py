"""The Alembic migrations build exactly the tables, columns and indexes the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.store.installations import STORE_TABLES, store_metadata
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
