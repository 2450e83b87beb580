"""The daily standup: when it is due in each project's zone, and what its prompt and summary say."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.services.absences import away_on_days
from bot.services.project_settings import ProjectSettings
from bot.services.standup_blockers import open_blockers
from bot.store.models import TASK_CLOSED, Member, Project, StandupRound, Task
from bot.views.standup import BlockerLine, MemberLine, PromptView, ReminderView, TaskDue

log = logging.getLogger(__name__)

DUE_SOON_DAYS = 2
PARTICIPANT_ROLES = ("owner", "member")


@dataclass
class Due:
    """A project with its settings and the local day a job is working on."""

    project: Project
    settings: ProjectSettings
    day: date


def local(project: Project, now: datetime) -> datetime:
    return project.local(now)


def at(project: Project, day: date, when: time) -> datetime:
    """The instant the project's clock reads `when` on `day`."""
    return datetime.combine(day, when, tzinfo=project.zone)


def usable(project: Project) -> bool:
    """A project whose zone and settings can be read; a broken one is logged and left out."""
    try:
        _ = project.zone  # a zone that does not exist raises here
        ProjectSettings.of(project.settings)
    except Exception as exc:
        log.error("project %s skipped by the standup jobs: %s", project.key, exc)
        return False
    return True


def active_projects(session: Session, project_key: str | None = None) -> list[Project]:
    query = select(Project).where(Project.status == "active").order_by(Project.id)
    if project_key:
        query = query.where(Project.key == project_key.upper())
    return [p for p in session.scalars(query) if usable(p)]


def standup_day(project: Project, settings: ProjectSettings, now: datetime) -> date | None:
    """The local day whose standup is due at `now`: a standup day, from its time until the summary's."""
    here = local(project, now)
    if here.weekday() not in settings.standup_days:
        return None
    if not settings.standup_time <= here.time().replace(tzinfo=None) < settings.summary_time:
        return None
    return here.date()


def due_standups(session: Session, now: datetime, project_key: str | None = None) -> list[Due]:
    """Projects whose standup is due now and not posted yet; two queries for all of them."""
    due = []
    for project in active_projects(session, project_key):
        settings = ProjectSettings.of(project.settings)
        day = standup_day(project, settings, now)
        if day is not None:
            due.append(Due(project, settings, day))
    posted = {
        (r.project_id, r.day)
        for r in rounds_for(session, [(d.project.id, d.day) for d in due])
        if r.message_ts
    }
    return [d for d in due if (d.project.id, d.day) not in posted]


def rounds_for(session: Session, keys: Iterable[tuple[int, date]]) -> list[StandupRound]:
    """Rounds for (project_id, day) pairs, in one query."""
    keys = sorted(set(keys))
    if not keys:
        return []
    ids = sorted({pid for pid, _ in keys})
    days = sorted({d for _, d in keys})
    rows = session.scalars(
        select(StandupRound).where(StandupRound.project_id.in_(ids), StandupRound.day.in_(days))
    )
    wanted = set(keys)
    return [r for r in rows if (r.project_id, r.day) in wanted]


def participants(session: Session, project_ids: Iterable[int]) -> dict[int, list[str]]:
    """Members and owners per project (stakeholders only read), in one query."""
    out: dict[int, list[str]] = defaultdict(list)
    ids = sorted(set(project_ids))
    if ids:
        for pid, uid in session.execute(
            select(Member.project_id, Member.user_id)
            .where(Member.project_id.in_(ids), Member.role.in_(PARTICIPANT_ROLES))
            .order_by(Member.id)
        ):
            out[pid].append(uid)
    return out


@dataclass
class OpenBlocker:
    user_id: str
    text: str
    age_days: int
    standups: int


@dataclass
class Prompt:
    """What the day's parent message lists."""

    project: Project
    day: date
    members: list[str]
    away: set[str]
    overdue: dict[str, list[Task]] = field(default_factory=dict)  # past due, oldest first
    due_soon: dict[str, list[Task]] = field(
        default_factory=dict
    )  # due today or within DUE_SOON_DAYS
    blockers: list[OpenBlocker] = field(default_factory=list)


def prompts(session: Session, due: list[Due]) -> dict[int, Prompt]:
    """Prompt contents for every due project: members, their overdue tasks and those due soon,
    open blockers, absences."""
    ids = [d.project.id for d in due]
    members = participants(session, ids)
    away = away_on_days(
        session, {(d.project.team_id, u, d.day) for d in due for u in members.get(d.project.id, [])}
    )
    out = {
        d.project.id: Prompt(
            project=d.project,
            day=d.day,
            members=members.get(d.project.id, []),
            away={u for t, u, day in away if t == d.project.team_id and day == d.day}
            & set(members.get(d.project.id, [])),
        )
        for d in due
    }
    if not due:
        return out
    latest = max(d.day for d in due) + timedelta(days=DUE_SOON_DAYS)
    for task in session.scalars(
        select(Task)
        .where(
            Task.project_id.in_(ids),
            Task.status.not_in(TASK_CLOSED),
            Task.due_date.is_not(None),
            Task.due_date <= latest,
            Task.owner_id.is_not(None),
        )
        .order_by(Task.due_date, Task.number)
    ):
        prompt = out[task.project_id]
        if task.owner_id not in prompt.members:
            continue
        if task.due_date < prompt.day:
            prompt.overdue.setdefault(task.owner_id, []).append(task)
        elif task.due_date <= prompt.day + timedelta(days=DUE_SOON_DAYS):
            prompt.due_soon.setdefault(task.owner_id, []).append(task)
    for pid, blockers in open_blockers(session, ids).items():
        prompt = out[pid]
        prompt.blockers = [
            OpenBlocker(b.user_id, b.text, (prompt.day - b.opened_on).days, b.standups_open)
            for b in blockers
        ]
    return out


def prompt_view(prompt: Prompt) -> PromptView:
    """The prompt as its message shows it: each member with their late and soon-due tasks."""

    def due(task: Task) -> TaskDue:
        late = max((prompt.day - task.due_date).days, 0)
        return TaskDue(task.number, task.title, task.due_date, late)

    return PromptView(
        project_id=prompt.project.id,
        key=prompt.project.key,
        day=prompt.day,
        members=tuple(
            MemberLine(
                user_id=m,
                away=m in prompt.away,
                overdue=tuple(map(due, prompt.overdue.get(m, []))),
                due_soon=tuple(map(due, prompt.due_soon.get(m, []))),
            )
            for m in prompt.members
        ),
        blockers=tuple(BlockerLine(b.user_id, b.text, b.age_days) for b in prompt.blockers),
    )


def reminder_view(project: Project, day: date) -> ReminderView:
    return ReminderView(project_id=project.id, key=project.key, day=day)


def record_posted(
    session: Session, project: Project, day: date, *, ts: str, now: datetime
) -> StandupRound:
    """Record the posted prompt on the day's round (made earlier if someone answered first)."""
    for _ in range(2):
        round_ = session.scalar(
            select(StandupRound).where(
                StandupRound.project_id == project.id, StandupRound.day == day
            )
        )
        if round_ is not None:
            round_.channel_id, round_.message_ts, round_.posted_at = project.channel_id, ts, now
            return round_
        try:
            with session.begin_nested():
                round_ = StandupRound(
                    team_id=project.team_id,
                    project_id=project.id,
                    day=day,
                    channel_id=project.channel_id,
                    message_ts=ts,
                    posted_at=now,
                )
                session.add(round_)
            return round_
        except IntegrityError:  # an early answer created the round a moment ago
            continue
    raise RuntimeError(f"could not record the standup round of project {project.id} on {day}")
