"""A project's health as a view shows it: red, amber or green, with its reasons as phrases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

STATUSES = ("green", "amber", "red")


@dataclass(frozen=True)
class Phrase:
    """A catalogue message and its parameters: written in the reader's language by a view."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, /, **params: Any) -> Phrase:
        return cls(key, tuple(params.items()))

    @property
    def kwargs(self) -> dict[str, Any]:
        return dict(self.params)


@dataclass(frozen=True)
class HealthView:
    """The status (`green`, `amber`, `red`) and why, most serious first."""

    status: str
    reasons: tuple[Phrase, ...]
