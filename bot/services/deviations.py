"""What went off plan: overdue, behind, blocked too long, milestones slipping, SPI under its line.

Everything is found for many projects at once in a fixed number of queries (projects, tasks,
milestones, alerts already posted), so the hourly sweep costs the same few round trips at any size.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Date, Float, cast, func, literal, select
from sqlalchemy.orm import Session

from bot.services.earned_value import EarnedValue, planned_share
from bot.services.health import dialect_of, earned_values, planned_share_sql
from bot.services.project_settings import ProjectSettings
from bot.services.scoring import band, score
from bot.store.models import TASK_CLOSED, Alert, Member, Milestone, Project, Risk, Task
from bot.views.alerts import AlertsView, DeviationLine, ReviewLine
from bot.views.health import Phrase

# Days overdue (or a milestone late) at which an alert is posted again.
LADDER = (1, 3, 7, 14, 30, 60, 90, 180, 365)


@dataclass(frozen=True)
class Deviation:
    """One thing off plan, at a severity level; `scope` + `level` is its claim key."""

    project_id: int
    team_id: str
    kind: str
    subject: str  # the thing and its epoch (e.g. `T-12@2026-12-01`), so a new due date starts over
    ref: str  # what people see: `T-12`, `M-2`, the project key
    title: str
    level: float
    phrase: Phrase  # what is off, written in the reader's language by the view
    mention: tuple[str, ...]

    @property
    def detail(self) -> str:
        """What is off, in English plain text (logs and callers not given a reader)."""
        from bot.i18n import Tr

        return Tr("en").plain(self.phrase.key, **self.phrase.kwargs)

    @property
    def scope(self) -> str:
        return f"{self.project_id}:{self.kind}:{self.subject}"

    @property
    def period(self) -> str:
        return f"{self.level:g}"


def ladder_level(days: int) -> int:
    """The highest rung of LADDER reached by `days` (0 below the first)."""
    i = bisect_right(LADDER, days)
    return LADDER[i - 1] if i else 0


def local_today(project: Project, now: datetime) -> date:
    """The calendar day `now` falls on in the project's time zone."""
    return now.astimezone(ZoneInfo(project.timezone or "UTC")).date()


def active_projects(session: Session, project_key: str | None = None) -> list[Project]:
    """Every active project (of every workspace), or those with this key."""
    stmt = select(Project).where(Project.status == "active").order_by(Project.id)
    if project_key:
        stmt = stmt.where(Project.key == project_key.upper())
    return list(session.scalars(stmt))


# Only the columns the rules read: plain rows load ~10× faster than ORM objects.
TASK_COLUMNS = (
    Task.project_id, Task.number, Task.title, Task.owner_id, Task.status, Task.start_date,
    Task.due_date, Task.baseline_start, Task.baseline_due, Task.estimate_hours, Task.progress,
    Task.milestone_id, Task.blocked_at, Task.blocked_reason,
)  # fmt: skip
CHUNK = 2000  # project ids per IN list, well under every backend's bound-parameter limit


def find(session: Session, projects: list[Project], now: datetime) -> list[Deviation]:
    """Every deviation of these projects at `now`, each in its project's own calendar.

    Projects are grouped by their local date (two or three at any instant), and per group the
    database sums earned value and returns only the tasks that may be off plan: a fixed number
    of queries, and rows that grow with the deviations rather than with the tasks.
    """
    if not projects:
        return []
    margin = min(ProjectSettings.of(p.settings).behind_margin for p in projects)
    by_day: dict[date, list[int]] = defaultdict(list)
    for p in projects:
        by_day[local_today(p, now)].append(p.id)
    rows: dict[int, list] = defaultdict(list)
    values: dict[int, EarnedValue] = {}
    for today, all_ids in by_day.items():
        for i in range(0, len(all_ids), CHUNK):
            ids = all_ids[i : i + CHUNK]
            values.update(earned_values(session, ids, today))
            for row in session.execute(_candidates(session, ids, today, margin)):
                rows[row[0]].append(row)
    ids = [p.id for p in projects]
    ends: dict[int, date] = {}
    milestones: dict[int, list[Milestone]] = defaultdict(list)
    owners: dict[int, list[str]] = defaultdict(list)
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        ends.update(
            (mid, _as_date(end))
            for mid, end in session.execute(
                select(Task.milestone_id, func.max(Task.due_date))
                .where(
                    Task.project_id.in_(chunk),
                    Task.milestone_id.is_not(None),
                    Task.status.not_in(TASK_CLOSED),
                )
                .group_by(Task.milestone_id)
            )
            if end is not None
        )
        for ms in session.scalars(
            select(Milestone).where(Milestone.project_id.in_(chunk), Milestone.done_at.is_(None))
        ):
            milestones[ms.project_id].append(ms)
        for pid, uid in session.execute(
            select(Member.project_id, Member.user_id)
            .where(Member.project_id.in_(chunk), Member.role == "owner")
            .order_by(Member.id)
        ):
            owners[pid].append(uid)
    found: list[Deviation] = []
    for project in projects:
        found.extend(
            _of_project(
                project,
                rows[project.id],
                milestones[project.id],
                ends,
                values.get(project.id, EarnedValue(0.0, 0.0, 0.0, 0.0)),
                tuple(owners[project.id]),
                local_today(project, now),
            )
        )
    return found


def _as_date(value) -> date:
    # Aggregates lose the column type on SQLite, which hands back ISO text.
    return value if isinstance(value, date) else date.fromisoformat(value)


def _candidates(session: Session, ids: list[int], today: date, margin: float):
    """Open tasks that may be off plan: overdue, blocked, or behind by more than the smallest margin."""
    day = literal(today, Date)
    behind = (
        Task.start_date.is_not(None)
        & Task.due_date.is_not(None)
        & (Task.start_date < day)
        & (planned_share_sql(dialect_of(session), Task.start_date, Task.due_date, day)
           - cast(Task.progress, Float) / 100 > margin)
    )  # fmt: skip
    return select(*TASK_COLUMNS).where(
        Task.project_id.in_(ids),
        Task.status.not_in(TASK_CLOSED),
        (Task.due_date < day) | (Task.status == "blocked") | behind,
    )


def _of_project(
    project: Project,
    tasks: list,
    milestones: list[Milestone],
    ends: dict[int, date],
    ev: EarnedValue,
    owners: tuple[str, ...],
    today: date,
) -> list[Deviation]:
    settings = ProjectSettings.of(project.settings)
    tz = ZoneInfo(project.timezone or "UTC")
    out: list[Deviation] = []
    pid, team = project.id, project.team_id

    def add(
        kind: str, subject: str, ref: str, title: str, level: float, detail: Phrase, who
    ) -> None:
        out.append(
            Deviation(
                pid, team, kind, subject, ref, title, level, detail, (who,) if who else owners
            )
        )

    step = max(settings.behind_margin, 0.05)
    margin, blocked_days = settings.behind_margin, settings.blocked_days
    for (_pid, number, title, owner, status, start, due, _bs, _bd, _est, progress,
         _milestone, blocked_at, blocked_reason) in tasks:  # fmt: skip
        ref = f"T-{number}"
        if due is not None and due < today:
            days = (today - due).days
            add(
                "overdue", f"{ref}@{due}", ref, title, ladder_level(days),
                Phrase.of("alerts.detail_overdue", n=days, due=due), owner,
            )  # fmt: skip
        elif start and due and status != "blocked" and start < today:
            share = planned_share(start, due, today)
            gap = share - progress / 100
            if gap > margin:
                add(
                    "behind", f"{ref}@{due}", ref, title, math.floor(gap / step) * step,
                    Phrase.of(
                        "alerts.detail_behind", progress=progress, share=f"{share:.0%}", due=due
                    ),
                    owner,
                )  # fmt: skip
        if status == "blocked" and blocked_at is not None:
            since = blocked_at.astimezone(tz).date()
            days = (today - since).days
            if days > blocked_days:
                # Posted again each time the wait doubles: 3 → 6 → 12 days with the default.
                level = 2 ** int(math.log2(days / max(blocked_days, 1)))
                add(
                    "blocked", f"{ref}@{since}", ref, title, level,
                    Phrase.of("alerts.detail_blocked_reason", n=days, reason=blocked_reason)
                    if blocked_reason
                    else Phrase.of("alerts.detail_blocked", n=days),
                    owner,
                )  # fmt: skip
    for ms in milestones:
        end = ends.get(ms.id)
        if end and end > ms.due_date:
            days = (end - ms.due_date).days
            add(
                "milestone", f"M-{ms.number}@{ms.due_date}", f"M-{ms.number}", ms.name,
                ladder_level(days),
                Phrase.of("alerts.detail_milestone", end=end, n=days, due=ms.due_date), None,
            )  # fmt: skip
    spi_dev = _spi(ev, settings)
    if spi_dev:
        level, detail = spi_dev
        add("spi", "project", project.key, project.name, level, detail, None)
    return out


def _spi(ev: EarnedValue, settings: ProjectSettings) -> tuple[float, Phrase] | None:
    # Too little planned work yet makes SPI noise (one slow first day reads as 0.0).
    if ev.spi is None or ev.pv < 0.05 * ev.bac:
        return None
    spi = ev.spi
    if spi < settings.red_below:
        return 2, Phrase.of(
            "alerts.detail_spi_red", spi=f"{spi:.2f}", line=f"{settings.red_below:.2f}"
        )
    if spi < settings.spi_green:
        return 1, Phrase.of("alerts.detail_spi", spi=f"{spi:.2f}", line=f"{settings.spi_green:.2f}")
    return None


def posted_levels(session: Session, project_ids: list[int]) -> dict[tuple[int, str, str], float]:
    """The severity already posted per (project, kind, subject)."""
    out: dict[tuple[int, str, str], float] = {}
    for i in range(0, len(project_ids), CHUNK):
        rows = session.execute(
            select(Alert.project_id, Alert.kind, Alert.subject, Alert.severity).where(
                Alert.project_id.in_(project_ids[i : i + CHUNK])
            )
        )
        out.update(((pid, kind, subject), sev) for pid, kind, subject, sev in rows)
    return out


def worse(found: list[Deviation], posted: dict[tuple[int, str, str], float]) -> list[Deviation]:
    """The deviations never posted, or worse than when they last were."""
    return [
        d
        for d in found
        if d.level > 0 and d.level > posted.get((d.project_id, d.kind, d.subject), 0)
    ]


def record(session: Session, devs: list[Deviation], *, now: datetime, ts: str | None) -> None:
    """Remember what was posted (and the message) so it is posted again only when worse."""
    existing: dict[tuple[int, str, str], Alert] = {}
    for i in range(0, len(devs), 500):
        chunk = devs[i : i + 500]
        existing.update(
            ((a.project_id, a.kind, a.subject), a)
            for a in session.scalars(
                select(Alert).where(
                    Alert.project_id.in_({d.project_id for d in chunk}),
                    Alert.subject.in_({d.subject for d in chunk}),
                )
            )
        )
    for d in devs:
        alert = existing.get((d.project_id, d.kind, d.subject))
        if alert is None:
            session.add(
                Alert(
                    team_id=d.team_id,
                    project_id=d.project_id,
                    kind=d.kind,
                    subject=d.subject,
                    severity=d.level,
                    posted_at=now,
                    message_ts=ts,
                )  # fmt: skip
            )
        elif d.level > alert.severity:
            alert.severity, alert.posted_at, alert.message_ts = d.level, now, ts
    session.flush()


def alerts_view(project: Project, devs: list[Deviation]) -> AlertsView:
    """One post of deviations, as the channel sees it."""
    return AlertsView(
        key=project.key,
        name=project.name,
        items=tuple(DeviationLine(d.kind, d.ref, d.title, d.phrase, d.mention) for d in devs),
    )


def review_view(project: Project, risk: Risk) -> ReviewLine:
    """One risk whose review date has come, as its reminder DM shows it."""
    value = score(risk.likelihood, risk.impact)
    return ReviewLine(
        key=project.key,
        number=risk.number,
        title=risk.title,
        score=value,
        band=band(value),
        likelihood=risk.likelihood,
        impact=risk.impact,
        review_date=risk.review_date,
        mitigation=risk.mitigation or "",
    )
