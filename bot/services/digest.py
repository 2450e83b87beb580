"""The weekly digest: when it is due in each project's zone, who gets it, and what it says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.services.health import Health, project_health
from bot.services.project_settings import ProjectSettings
from bot.services.risks import standing
from bot.services.scoring import band, score
from bot.store.models import TASK_CLOSED, JobRun, Member, Milestone, Project, Risk, Task
from bot.views.digest import DigestView, MilestoneLine, RiskLine, TaskLine

TOP_RISKS = 5
LIST_MAX = 15
FIRST_LOOKBACK = timedelta(days=7)


@dataclass(frozen=True)
class Digest:
    project: Project
    week: str
    today: date
    since: datetime  # "done" counts what was finished after this, in the project's zone
    done: list[Task]
    in_progress: list[Task]
    overdue: list[Task]
    milestones: list[tuple[Milestone, date | None]]  # with the last due date of its open tasks
    risks: list[Risk]
    health: Health


def week_key(day: date) -> str:
    """The ISO week a day falls in, e.g. `2026-W48`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def due_week(project: Project, now: datetime) -> str | None:
    """The week whose digest is due at `now` (on/after digest day and time, local), else None.

    Being due for the rest of the week is what lets a scheduler that was down catch up; a project
    started after this week's digest time has its first digest next week, not at once.
    """
    settings = ProjectSettings.of(project.settings)
    zone = project.zone
    local = now.astimezone(zone)
    monday = local.date() - timedelta(days=local.weekday())
    moment = datetime.combine(
        monday + timedelta(days=settings.digest_day), _naive(settings.digest_time), zone
    )
    created = project.created_at
    if created is not None and created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    if local < moment or (created is not None and created > moment):
        return None
    return week_key(local.date())


def _naive(t: time) -> time:
    return t.replace(tzinfo=None)


def recipients(session: Session, project: Project) -> list[tuple[str, str]]:
    """("channel", id) for the digest channel, else ("user", id) per stakeholder, else the project channel."""
    channel = ProjectSettings.of(project.settings).digest_channel
    if channel:
        return [("channel", channel)]
    stakeholders = session.scalars(
        select(Member.user_id)
        .where(Member.project_id == project.id, Member.role == "stakeholder")
        .order_by(Member.id)
    ).all()
    if stakeholders:
        return [("user", uid) for uid in stakeholders]
    # Nobody named to receive it: the team itself still sees its week.
    return [("channel", project.channel_id)]


def span(
    session: Session, project: Project, week: str, now: datetime, *, job: str, scope: str
) -> tuple[datetime, datetime]:
    """The (since, until] that "done" covers in this week's digest, from the `job` runs posted.

    `since` is when the previous digest first went out (not when it was scheduled), so work
    finished after it, or between its scheduled time and a late post, is counted once; the
    first digest counts from the project's start (its start date or creation, the earlier)
    or FIRST_LOOKBACK ago, whichever is later. `until` is when this week's digest first went
    out, so a recipient retried later gets the same list; before that, `now`. The runs looked
    at are `job`'s whose scope is `scope` followed by a recipient (the job's run keys say how).
    """
    posted = (
        JobRun.job == job,
        JobRun.status == "posted",
        JobRun.scope.startswith(f"{scope}/"),
    )
    previous = session.scalar(select(func.max(JobRun.period)).where(*posted, JobRun.period < week))

    def first(period: str | None) -> datetime | None:
        if period is None:
            return None
        return session.scalar(
            select(JobRun.finished_at)
            .where(*posted, JobRun.period == period, JobRun.finished_at.is_not(None))
            .order_by(JobRun.finished_at)
            .limit(1)
        )

    since = first(previous)
    if since is None:
        started = project.created_at
        if project.start_date is not None:
            tz = project.zone
            started = min(started, datetime.combine(project.start_date, time(0), tz))
        since = max(started, now - FIRST_LOOKBACK)
    return since, first(week) or now


def build(
    session: Session, project: Project, now: datetime, *, since: datetime, until: datetime
) -> Digest:
    """Everything the digest shows as of `now` in the project's zone; done in (since, until]."""
    tz = project.zone
    today = now.astimezone(tz).date()
    tasks = list(
        session.scalars(
            select(Task).where(Task.project_id == project.id).order_by(Task.due_date, Task.number)
        )
    )
    done = [
        t
        for t in tasks
        if t.status == "done" and t.done_at is not None and since < t.done_at <= until
    ]
    open_tasks = [t for t in tasks if t.status not in TASK_CLOSED]
    overdue = [t for t in open_tasks if t.due_date is not None and t.due_date < today]
    # Each task in one list: one in progress and past its due date is listed as overdue.
    late = {t.id for t in overdue}
    in_progress = [
        t for t in open_tasks if t.status in ("in_progress", "blocked") and t.id not in late
    ]
    ends: dict[int, date] = {}
    for t in open_tasks:
        if t.milestone_id and t.due_date:
            ends[t.milestone_id] = max(ends.get(t.milestone_id, t.due_date), t.due_date)
    milestones = [
        (m, ends.get(m.id))
        for m in session.scalars(
            select(Milestone)
            .where(Milestone.project_id == project.id, Milestone.done_at.is_(None))
            .order_by(Milestone.due_date)
        )
    ]
    risks = list(session.scalars(standing(Risk.project_id == project.id).limit(TOP_RISKS)))
    return Digest(
        project=project,
        week=week_key(today),
        today=today,
        since=since.astimezone(tz),
        done=done,
        in_progress=in_progress,
        overdue=overdue,
        milestones=milestones,
        risks=risks,
        health=project_health(session, project, today),
    )


def task_line(t: Task) -> TaskLine:
    return TaskLine(
        ref=f"T-{t.number}",
        title=t.title,
        owner_id=t.owner_id,
        due=t.due_date,
        progress=t.progress or 0,
        open=t.status != "done",
        blocked=t.status == "blocked",
    )


def to_view(d: Digest) -> DigestView:
    """The digest as its message shows it: plain data, nothing left to look up."""
    p, h = d.project, d.health
    return DigestView(
        key=p.key,
        name=p.name,
        week=d.week,
        today=d.today,
        since=d.since,
        health=h.view(),
        spi=h.ev.spi,
        cpi=h.ev.cpi,
        percent_complete=h.ev.percent_complete,
        done=tuple(task_line(t) for t in d.done),
        in_progress=tuple(task_line(t) for t in d.in_progress),
        overdue=tuple(task_line(t) for t in d.overdue),
        milestones=tuple(
            MilestoneLine(
                f"M-{m.number}",
                m.name,
                m.due_date,
                end if end and end > m.due_date else None,
                late_days=max((d.today - m.due_date).days, 0),
            )
            for m, end in d.milestones
        ),
        risks=tuple(
            RiskLine(
                f"R-{r.number}",
                r.title,
                (value := score(r.likelihood, r.impact)),
                band(value),
                r.owner_id,
                occurred=r.status == "occurred",
            )
            for r in d.risks
        ),
        list_max=LIST_MAX,
    )
