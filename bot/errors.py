"""Errors a user causes: the message says what was wrong and how to write it."""

from __future__ import annotations


class UserError(Exception):
    """A mistake the user can fix; shown to them alone, nothing is written."""

    def __init__(self, message: str, example: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.example = example


class Denied(UserError):
    """The user may not do this; the message says who can."""


class NotFound(UserError):
    """A ref or name that does not exist in this project."""
