"""Errors a user causes, typed: a message id, the modal field it concerns, and its parameters.

Services raise these with no Slack markup and no English: `UserError("task.not_found", ref="MP-7")`.
The view layer writes them in the reader's language (`Tr.error`), as mrkdwn in a message or as
plain text under a modal field (`Tr.error_plain`). `field` names the modal block the mistake is
about, so a modal handler never guesses it from the wording.

A message that is not yet a catalogue id is taken as English mrkdwn, as before the catalogue;
`tests/test_catalog.py` counts those that are left.
"""

from __future__ import annotations

from datetime import date
from typing import Any


class UserError(Exception):
    """A mistake the user can fix; shown to them alone, nothing is written."""

    def __init__(
        self,
        code: str,
        example: str | None = None,
        *,
        field: str | None = None,
        **params: Any,
    ) -> None:
        super().__init__(code)
        self.code, self.example, self.field, self.params = code, example, field, params

    @property
    def message(self) -> str:
        """The message in English mrkdwn (logs, and callers not yet given a reader)."""
        from bot.i18n import Tr  # the catalogue loads lazily: errors are raised before any view

        return Tr("en").error_text(self)

    def at(self, field: str) -> UserError:
        """The same mistake, said to be about a modal field."""
        self.field = field
        return self


class Denied(UserError):
    """The user may not do this; the message says who can."""


class NotFound(UserError):
    """A ref or name that does not exist in this project."""


class ProjectClosed(UserError):
    """A change to a closed project: refused, saying when it closed and how to start another."""

    def __init__(self, key: str, closed_on: date | None) -> None:
        self.key, self.closed_on = key, closed_on
        if closed_on:
            super().__init__("project.closed_on", key=key, day=closed_on)
        else:
            super().__init__("project.closed", key=key)


class FieldErrors(UserError):
    """Several modal fields are wrong at once: each field with its own mistake."""

    def __init__(self, errors: dict[str, UserError]) -> None:
        self.errors = errors
        first = next(iter(errors.values()))
        super().__init__(first.code, first.example, field=first.field, **first.params)
