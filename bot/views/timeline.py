"""The timeline (Gantt) as plain data: what `bot.charts.timeline` draws and `bot.blocks.timeline`
words. Built by `bot.services.timeline`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Bar:
    """One task: from `start` to `end` (its due date), `progress` % of it done."""

    ref: str
    title: str
    start: date
    end: date
    progress: int
    baseline_start: date | None
    baseline_end: date | None
    overdue: bool
    done: bool

    @property
    def slipped(self) -> bool:
        """A baseline exists and its dates are not today's dates."""
        return self.baseline_end is not None and (self.baseline_start, self.baseline_end) != (
            self.start,
            self.end,
        )


@dataclass(frozen=True)
class Group:
    """A milestone and its tasks; `ref` None is the tasks with no milestone (always last)."""

    ref: str | None
    name: str
    due: date | None
    baseline_due: date | None
    done: bool
    overdue: bool
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Edge:
    """`after` waits on `before` (task refs, both drawn)."""

    before: str
    after: str


@dataclass(frozen=True)
class Timeline:
    title: str
    today: date
    start: date
    end: date
    groups: tuple[Group, ...]
    edges: tuple[Edge, ...]
    undated: int  # open or done tasks without a due date: not drawn
    outside: int  # tasks wholly outside [start, end] (or past MAX_ROWS): not drawn
    # What the title names, for writing it in the reader's language (`title` is the English).
    key: str = ""
    name: str = ""
    milestone: str | None = None  # `M-1 Beta` when the picture is of one milestone

    @property
    def bars(self) -> list[Bar]:
        return [bar for group in self.groups for bar in group.bars]
