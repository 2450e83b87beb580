"""A simulated quarter: the project, its people and their week, with figures computed by hand.

The test in test_quarter.py drives this script through the signed endpoint and the scheduler's
tick, and checks every post against what this module says should have happened. Nothing here
asks the app how it counts: earned value, "done since the last digest" and praise are worked out
from the script itself, by the rules SPEC states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

SH = ZoneInfo("Asia/Shanghai")
MON0 = date(2026, 11, 23)  # Monday of week 0
WEEKS = 13
CHANNEL = "C0100"
KEY = "QT"
LEAD, ALICE, BOB, CAROL, DAVE, STAKEHOLDER = "U0001", "U0002", "U0003", "U0006", "U0007", "U0004"
MEMBERS = (LEAD, ALICE, BOB, CAROL, DAVE)
ZONES = {
    LEAD: "Asia/Shanghai",
    ALICE: "Asia/Shanghai",
    BOB: "America/New_York",
    CAROL: "Europe/London",
    DAVE: "America/New_York",
    STAKEHOLDER: "Europe/London",
}
STANDUP, REMINDER, SUMMARY, DIGEST = time(9, 30), time(11, 0), time(17, 0), time(16, 0)


def day(week: int, weekday: int) -> date:
    return MON0 + timedelta(weeks=week, days=weekday)


def at(d: date, hh: int, mm: int = 0) -> datetime:
    """Shanghai wall-clock time on day d."""
    return datetime.combine(d, time(hh, mm), SH)


@dataclass
class Task:
    number: int
    title: str
    owner: str
    estimate: float
    start: date
    due: date
    after: int | None = None
    milestone: bool = False
    baseline_start: date | None = None
    baseline_due: date | None = None
    status: str = "open"
    progress: int = 0
    spent: float = 0.0
    done_at: datetime | None = None
    due_when_done: date | None = None


PLAN = [
    Task(1, "Requirements", ALICE, 16, date(2026, 11, 23), date(2026, 11, 27)),
    Task(2, "Schema design", BOB, 16, date(2026, 11, 30), date(2026, 12, 4), after=1),
    Task(3, "API", ALICE, 40, date(2026, 12, 7), date(2026, 12, 18), after=2, milestone=True),
    Task(4, "UI", CAROL, 40, date(2026, 12, 7), date(2026, 12, 25), milestone=True),
    Task(5, "Payments", DAVE, 40, date(2026, 12, 28), date(2027, 1, 15), after=3, milestone=True),
    Task(6, "Migration", BOB, 24, date(2027, 1, 18), date(2027, 1, 29)),
    Task(7, "QA", LEAD, 24, date(2027, 2, 1), date(2027, 2, 10)),
    Task(8, "Launch", LEAD, 8, date(2027, 2, 15), date(2027, 2, 18)),
]

# (when, who, command, text): what people do besides their standup answers.
EVENTS: list[tuple[datetime, str, str, str]] = [
    (at(day(0, 3), 15, 10), ALICE, "/task", "progress T-1 50%"),
    (at(day(0, 3), 15, 11), ALICE, "/task", "log T-1 8h"),
    (at(day(0, 4), 15, 10), ALICE, "/task", "done T-1"),
    (at(day(0, 4), 15, 11), ALICE, "/task", "log T-1 8h"),
    (at(day(1, 0), 14, 10), BOB, "/task", "start T-2"),
    (at(day(1, 4), 17, 10), BOB, "/task", "progress T-2 80%"),
    (at(day(1, 4), 17, 11), BOB, "/task", "log T-2 14h"),
    (at(day(2, 0), 10, 40), BOB, "/task", "done T-2"),  # late: due Friday
    (at(day(2, 0), 10, 41), BOB, "/task", "log T-2 4h"),
    (at(day(2, 0), 11, 10), ALICE, "/task", "start T-3"),
    (at(day(2, 0), 11, 20), CAROL, "/task", "start T-4"),
    (at(day(2, 4), 15, 10), ALICE, "/task", "progress T-3 60%"),
    (at(day(2, 4), 15, 11), ALICE, "/task", "log T-3 24h"),
    (at(day(3, 1), 11, 10), LEAD, "/project", 'spend 12000 "design agency"'),
    (at(day(3, 2), 14, 10), LEAD, "/risk", "update R-1 likelihood:5 impact:5"),
    (at(day(3, 4), 15, 10), CAROL, "/task", "progress T-4 40%"),
    (at(day(3, 4), 15, 11), CAROL, "/task", "log T-4 16h"),
    (at(day(3, 4), 17, 10), ALICE, "/task", "done T-3"),  # after the Friday digest, on time
    (at(day(3, 4), 17, 11), ALICE, "/task", "log T-3 20h"),
    (at(day(4, 1), 12, 10), LEAD, "/task", "due T-4 2027-01-08"),  # a slip against the baseline
    (at(day(4, 3), 15, 10), ALICE, "/standup", 'away from:2026-12-28 until:2027-01-01 "New Year"'),
    (at(day(4, 4), 10, 10), CAROL, "/task", "progress T-4 70%"),
    (at(day(5, 0), 10, 10), DAVE, "/task", "start T-5"),
    (at(day(5, 4), 15, 10), DAVE, "/task", "progress T-5 30%"),
    (at(day(5, 4), 15, 11), DAVE, "/task", "log T-5 10h"),
    (at(day(6, 3), 11, 10), LEAD, "/project", 'spend 20000 "payment vendor"'),
    (at(day(7, 0), 16, 10), CAROL, "/task", "done T-4"),  # late, even against the slipped date
    (at(day(7, 0), 16, 11), CAROL, "/task", "log T-4 30h"),
    (at(day(7, 4), 15, 10), DAVE, "/task", "progress T-5 60%"),
    (at(day(8, 0), 10, 10), BOB, "/task", "start T-6"),
    (at(day(8, 2), 11, 10), DAVE, "/task", "done T-5"),  # late
    (at(day(8, 2), 11, 11), DAVE, "/task", "log T-5 35h"),
    (at(day(9, 4), 12, 10), BOB, "/task", "done T-6"),
    (at(day(9, 4), 12, 11), BOB, "/task", "log T-6 20h"),
    (at(day(10, 0), 10, 10), LEAD, "/task", "start T-7"),
    (at(day(11, 2), 10, 10), LEAD, "/task", "done T-7"),
    (at(day(11, 2), 10, 11), LEAD, "/task", "log T-7 24h"),
    (at(day(12, 3), 15, 10), LEAD, "/task", "done T-8"),
    (at(day(12, 3), 15, 11), LEAD, "/task", "log T-8 8h"),
]
CRITICAL_AT = at(day(3, 2), 14, 10)
CLOSE_AT = at(day(12, 4), 17, 30)
AWAY = {ALICE: (date(2026, 12, 28), date(2027, 1, 1))}
# Bob reports the same blocker three standups in a row, then clears it.
BLOCKED = {day(2, 1), day(2, 2), day(2, 3)}
BLOCKER = "waiting for the vendor's sandbox keys"


def answers_of(d: date) -> list[tuple[datetime, str, str]]:
    """Who answers the standup of working day d, when (Shanghai time) and what."""
    out = []
    for user in MEMBERS:
        away = AWAY.get(user)
        if away and away[0] <= d <= away[1]:
            continue
        if user == LEAD and d.weekday() == 1:
            continue  # the lead never answers on Tuesdays
        when = {ALICE: at(d, 12, 5), CAROL: at(d, 16, 35)}.get(user, at(d, 10, 5))
        text = f"yesterday: worked on {KEY} today: more of it"
        if user == BOB and d in BLOCKED:
            text += f" blockers: {BLOCKER}"
        out.append((when, user, text))
    return out


def working_days(until: date) -> list[date]:
    return [
        MON0 + timedelta(days=i)
        for i in range((until - MON0).days + 1)
        if (MON0 + timedelta(days=i)).weekday() < 5
    ]


# -- the hand-kept model of the project -------------------------------------------------------


@dataclass
class Model:
    tasks: dict[int, Task] = field(default_factory=lambda: {t.number: _copy(t) for t in PLAN})

    def apply(self, when: datetime, text: str) -> None:
        """Follow a /task command of the script."""
        verb, ref, *rest = text.split()
        task = self.tasks[int(ref.removeprefix("T-"))]
        if verb == "start":
            task.status = "in_progress"
        elif verb == "progress":
            task.progress = int(rest[0].rstrip("%"))
            task.status = "in_progress"
        elif verb == "done":
            task.status, task.progress, task.done_at = "done", 100, when
            task.due_when_done = task.due
        elif verb == "log":
            task.spent += float(rest[0].rstrip("h"))
        elif verb == "due":
            task.due = date.fromisoformat(rest[0])

    def baseline(self) -> None:
        for t in self.tasks.values():
            t.baseline_start, t.baseline_due = t.start, t.due

    def earned_value(self, today: date) -> tuple[float | None, float | None]:
        """SPI and CPI by SPEC: PV from baseline dates x estimate (share of the window passed by
        the end of today), EV from progress x estimate, AC from logged hours."""
        pv = ev = ac = 0.0
        for t in self.tasks.values():
            start, due = t.baseline_start or t.start, t.baseline_due or t.due
            if today >= due:
                share = 1.0
            elif today < start:
                share = 0.0
            else:
                share = ((today - start).days + 1) / ((due - start).days + 1)
            pv += t.estimate * share
            ev += t.estimate * t.progress / 100
            ac += t.spent
        return (ev / pv if pv else None), (ev / ac if ac else None)

    def done_between(self, since: datetime, until: datetime) -> set[int]:
        return {n for n, t in self.tasks.items() if t.done_at and since <= t.done_at < until}

    def in_progress(self) -> set[int]:
        return {n for n, t in self.tasks.items() if t.status in ("in_progress", "blocked")}

    def overdue(self, today: date) -> set[int]:
        return {n for n, t in self.tasks.items() if t.status != "done" and t.due < today}

    def on_time_hours(self) -> dict[str, float]:
        """Estimated hours each person finished on or before the task's due date."""
        out: dict[str, float] = {}
        for t in self.tasks.values():
            if t.done_at and t.done_at.astimezone(SH).date() <= (t.due_when_done or t.due):
                out[t.owner] = out.get(t.owner, 0) + t.estimate
        return out


def _copy(t: Task) -> Task:
    return Task(**{k: getattr(t, k) for k in t.__dataclass_fields__})


# -- what the bot posted ----------------------------------------------------------------------


@dataclass
class Post:
    at: datetime
    kind: str
    to: str  # a channel id, or the user id of a DM
    text: str
    blocks: list[dict[str, Any]]
    thread_ts: str | None

    @property
    def local(self) -> datetime:
        return self.at.astimezone(SH)

    def refs(self, heading: str) -> set[int]:
        """Task numbers listed in the section whose bold heading starts with `heading`."""
        for b in self.blocks:
            text = (b.get("text") or {}).get("text", "")
            if text.startswith(f"*{heading}"):
                return {int(n) for n in re.findall(r"`T-(\d+)`", text)}
        raise AssertionError(f"no section {heading!r} in {self.text}")


KINDS = [
    ("summary", re.compile(r"^Standup summary")),
    ("prompt", re.compile(r"^Standup · ")),
    ("reminder", re.compile(r"^You haven't answered today's standup")),
    ("digest", re.compile(r"weekly digest")),
    ("escalation", re.compile(r"blocked for \d+ standups")),
    ("survey", re.compile(r"has ended\. How did it go")),
    ("report", re.compile(r"^(Final )?[Rr]eport")),
]


def kind_of(text: str, blocks: list[dict[str, Any]]) -> str:
    for name, pattern in KINDS:
        if pattern.search(text):
            return name
    if "off plan" in str(blocks):
        return "deviation"
    if "critical" in text.lower():
        return "critical-risk"
    return "other"
