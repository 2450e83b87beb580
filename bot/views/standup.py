"""What the standup's surfaces show: the prompt, reminder, answers, summary, report, escalation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TaskDue:
    """A member's task in the prompt: overdue by `days_late` days (0 when only due soon)."""

    number: int
    title: str
    due: date
    days_late: int = 0


@dataclass(frozen=True)
class MemberLine:
    user_id: str
    away: bool = False
    overdue: tuple[TaskDue, ...] = ()  # oldest first
    due_soon: tuple[TaskDue, ...] = ()


@dataclass(frozen=True)
class BlockerLine:
    user_id: str
    text: str
    age_days: int = 0  # 0: reported that day


@dataclass(frozen=True)
class PromptView:
    """The parent message of the day's thread."""

    project_id: int
    key: str
    day: date
    members: tuple[MemberLine, ...]
    blockers: tuple[BlockerLine, ...] = ()


@dataclass(frozen=True)
class ReminderView:
    project_id: int
    key: str
    day: date


@dataclass(frozen=True)
class AnswerView:
    """One answer: free text and/or its three fields."""

    text: str | None = None
    yesterday: str | None = None
    today: str | None = None
    blockers: str | None = None


@dataclass(frozen=True)
class SummaryView:
    """A day's standup compiled: answers per member in order, blockers, who did not answer."""

    key: str
    day: date
    asked: int  # members not away
    answers: tuple[tuple[str, tuple[AnswerView, ...]], ...]
    blockers: tuple[BlockerLine, ...]
    missing: tuple[str, ...]
    away: tuple[str, ...]
    has_members: bool
    still_blocked: tuple[BlockerLine, ...] = ()  # a report before the summary: earlier days' open


@dataclass(frozen=True)
class ReportView:
    """`/standup report`: a day (or a week starting `start`) of summaries."""

    key: str
    start: date
    week: bool
    days: tuple[SummaryView, ...]


@dataclass(frozen=True)
class EscalationView:
    """To an owner: a blocker open `standups` standups in a row, proposed as a risk; its owner
    named it in `reported` of them and did not answer `unanswered`."""

    key: str
    blocker_id: int
    user_id: str
    text: str
    standups: int
    since: date
    reported: int | None = None  # None: all of them
    unanswered: int = 0


@dataclass(frozen=True)
class AnswerModalView:
    project_id: int
    key: str
    name: str
    day: date
    channel_id: str
    initial: AnswerView | None = None
