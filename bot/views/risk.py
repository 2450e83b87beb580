"""What the /risk surfaces show: one risk, a change to it, its history, the matrix, an escalation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class RiskView:
    """One risk as a card or a line shows it; `band` is low, medium, high or critical."""

    number: int
    title: str
    likelihood: int
    impact: int
    score: int
    band: str
    owner_id: str | None
    status: str = "open"
    review_date: date | None = None
    mitigation: str | None = None
    close_reason: str | None = None
    created_by: str = ""
    escalated_at: datetime | None = None  # in the project's time zone
    risk_id: int = 0

    @property
    def ref(self) -> str:
        return f"R-{self.number}"


@dataclass(frozen=True)
class Escalation:
    """A risk that has just entered the critical band, and who must be told (sent after commit)."""

    risk_id: int
    since: datetime
    project_key: str
    project_name: str
    ref: str
    title: str
    likelihood: int
    impact: int
    owner_id: str | None
    mitigation: str | None
    actor: str
    digest_channel: str | None
    user_ids: list[str] = field(default_factory=list)
    team_id: str | None = None  # the workspace whose installation announces it
    project_id: int | None = None
    lang: str = "en"  # the project's language: what its channel reads

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


@dataclass(frozen=True)
class RiskSaved:
    """A risk just written: what changed (field, old, new) and the escalation sent, if any."""

    risk: RiskView
    changes: tuple[tuple[str, Any, Any], ...] = ()
    escalation: Escalation | None = None


@dataclass(frozen=True)
class ChangeView:
    """One line of a risk's history; `at` in the project's time zone."""

    at: datetime
    actor: str
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class RiskDetail:
    """One risk with its history and the task made when it occurred."""

    risk: RiskView
    history: tuple[ChangeView, ...]
    task: int | None = None


@dataclass(frozen=True)
class TaskMade:
    """The blocked task a click made for an occurred risk."""

    risk: RiskView
    task_number: int
    task_owner: str | None
    reason: str


@dataclass(frozen=True)
class Matrix:
    """The open risks of a project and where each falls on the 5×5 grid."""

    key: str
    risks: tuple[RiskView, ...]
    cells: dict[tuple[int, int], list[str]]
