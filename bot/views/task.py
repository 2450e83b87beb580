"""What the /task surfaces show: a task's line and card, the list page, the detail, the modal,
the delete question. Built by `bot.services.tasks` (and the commands); written by `bot.blocks.task*`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class TaskLine:
    """One task as a list shows it; `overdue_days` is set only when it is overdue."""

    id: int
    number: int
    title: str
    owner: str | None
    status: str  # open | in_progress | blocked | done | canceled
    progress: int
    due: date | None
    overdue_days: int | None = None

    @property
    def ref(self) -> str:
        return f"T-{self.number}"

    @property
    def overdue(self) -> bool:
        return self.overdue_days is not None


@dataclass(frozen=True)
class TaskCard:
    """The task's own message in its project's channel."""

    key: str  # the project's key
    task: TaskLine
    start: date | None
    estimate: float | None
    spent: float | None
    priority: str
    milestone: tuple[int, str] | None  # (number, name)
    blocked_reason: str | None
    permalink: str | None
    done_on: date | None
    waits_on: tuple[str, ...] = ()  # refs of the open tasks it waits on


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    actor: str
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class TaskDetail:
    """`/task show`: the card, its dependencies, slip against the baseline and history."""

    card: TaskCard
    waits_on: list[tuple[str, str]]  # open predecessors: (ref, title)
    after_done: list[str]  # refs of done predecessors
    holds_up: list[tuple[str, str]]  # successors: (ref, title)
    baseline_due: date | None
    slip_days: int
    history: list[HistoryLine]


@dataclass(frozen=True)
class ListShown:
    """Which tasks a list shows: its filter, as the reader is told it."""

    status: str  # open | done | all | blocked | overdue
    owner: str | None = None
    mine: bool = False
    milestone: int | None = None
    closed: bool = False  # the project is closed: an empty list suggests no `/task add`


@dataclass(frozen=True)
class ListPage:
    key: str
    shown: ListShown
    tasks: list[TaskLine]
    total: int
    capped: int  # the count's cap: `total > capped` means "more than capped"
    shown_before: int = 0
    more: dict[str, Any] | None = None  # the "More" button's value


@dataclass(frozen=True)
class Added:
    """`/task add` done: what was set (the card follows in the channel)."""

    key: str
    task: TaskLine
    estimate: float | None


@dataclass(frozen=True)
class TaskForm:
    """The task modal: new (no `task_id`) or editing a task, filled in."""

    project_id: int
    key: str
    channel_id: str
    title: str | None = None
    permalink: str | None = None
    task_id: int | None = None
    number: int | None = None
    owner: str | None = None
    start: date | None = None
    due: date | None = None
    estimate: float | None = None
    priority: str = "normal"
    priorities: tuple[str, ...] = ("low", "normal", "high", "urgent")
    milestone: str | None = None  # its ref, `M-2`
    after: str | None = None  # editing: the refs it waits on, `T-3, T-4`


@dataclass(frozen=True)
class Deletion:
    """What deleting a task would leave behind: rows that stay, no longer naming it."""

    claims: list[int]  # claim numbers (C-n) that were for it
    blockers: int  # standup blockers that named it
    costs: int  # spending recorded against it

    @property
    def detached(self) -> bool:
        return bool(self.claims or self.blockers or self.costs)


@dataclass(frozen=True)
class Deleted:
    """A task that is gone: its ref, title and where its card was, for the message that replaces it."""

    number: int
    title: str
    owner: str | None
    creator: str
    message_channel: str | None
    message_ts: str | None
    left: Deletion


@dataclass(frozen=True)
class DeleteQuestion:
    key: str
    task_id: int
    number: int
    title: str
    left: Deletion = field(default_factory=lambda: Deletion([], 0, 0))
