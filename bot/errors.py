"""Errors a user causes: the message says what was wrong and how to write it."""

from __future__ import annotations

from datetime import date


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


class ProjectClosed(UserError):
    """A change to a closed project: refused, saying when it closed and how to start another."""

    def __init__(self, key: str, closed_on: date | None) -> None:
        self.key, self.closed_on = key, closed_on
        when = f" on {closed_on:%b} {closed_on.day}" if closed_on else ""
        super().__init__(f"{key} was closed{when}; `/project new` starts another here.")
