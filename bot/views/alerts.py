"""What a deviation alert and a risk-review reminder show, decided."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.views.health import Phrase

KINDS = ("overdue", "behind", "blocked", "milestone", "spi")


@dataclass(frozen=True)
class DeviationLine:
    kind: str  # one of KINDS
    ref: str  # `T-12`, `M-2`, the project key
    title: str
    detail: Phrase
    mention: tuple[str, ...]


@dataclass(frozen=True)
class AlertsView:
    """One post of deviations in a project's channel."""

    key: str
    name: str
    items: tuple[DeviationLine, ...]


@dataclass(frozen=True)
class ReviewLine:
    """A risk whose review date has come."""

    key: str  # the project's key
    number: int
    title: str
    score: int
    band: str
    likelihood: int
    impact: int
    review_date: date | None
    mitigation: str
