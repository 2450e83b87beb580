"""The store: models, sessions and migrations."""

from bot.store.db import Database

__all__ = ["Database"]
