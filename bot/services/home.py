"""What one person's App Home shows: open tasks, claims, open risks, projects with health."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.services.access import closed_on
from bot.services.health import Health, project_healths
from bot.services.risks import standing
from bot.services.scoring import band, score
from bot.services.tasks import OPEN
from bot.store.models import Claim, Member, Project, Resource, Risk, Task
from bot.views.home import (
    ClaimView,
    ClosedProjectView,
    HomeProjectView,
    HomeTaskView,
    HomeView,
    RiskLineView,
)

MAX_TASKS = 25
MAX_ROWS = 10


@dataclass
class HomeTask:
    project: Project
    task: Task
    today: date

    @property
    def overdue(self) -> bool:
        return self.task.due_date is not None and self.task.due_date < self.today


@dataclass
class HomeProject:
    project: Project
    role: str
    health: Health


@dataclass
class Home:
    user_id: str
    tasks: list[HomeTask]
    more_tasks: int
    claims: list[tuple[Project, Claim, Resource]]
    risks: list[tuple[Project, Risk]]
    projects: list[HomeProject]
    closed: list[tuple[Project, date | None]] = field(default_factory=list)


# Open work is work in active projects: a closed project's tasks, claims and risks are history.
_ACTIVE = select(Project.id).where(Project.status == "active")


def _projects(session: Session, ids: set[int]) -> dict[int, Project]:
    if not ids:
        return {}
    return {p.id: p for p in session.scalars(select(Project).where(Project.id.in_(ids)))}


def _tasks(session: Session, team_id: str, user_id: str, now: datetime) -> tuple[list[HomeTask], int]:  # fmt: skip
    mine = [
        Task.team_id == team_id,
        Task.owner_id == user_id,
        Task.status.in_(OPEN),
        Task.project_id.in_(_ACTIVE),
    ]
    total = session.scalar(select(func.count()).select_from(Task).where(*mine)) or 0
    # Overdue tasks have the earliest due dates, so the first rows by due date hold all of them.
    rows = list(
        session.scalars(
            select(Task)
            .where(*mine)
            .order_by(Task.due_date.is_(None), Task.due_date, Task.number)
            .limit(MAX_TASKS)
        )
    )
    projects = _projects(session, {t.project_id for t in rows})
    out = [HomeTask(projects[t.project_id], t, projects[t.project_id].today(now)) for t in rows]
    out.sort(key=lambda h: (not h.overdue, h.task.due_date is None, h.task.due_date or h.today))
    return out, total - len(out)


def home(session: Session, team_id: str, user_id: str, now: datetime) -> Home:
    """Everything the person's App Home lists, read in a handful of queries."""
    tasks, more = _tasks(session, team_id, user_id, now)
    today = now.date()
    claim_rows = session.execute(
        select(Claim, Resource)
        .join(Resource, Resource.id == Claim.resource_id)
        .where(
            Claim.team_id == team_id,
            Claim.released_at.is_(None),
            Claim.end_date >= today,
            Claim.project_id.in_(_ACTIVE),
            or_(Resource.user_id == user_id, Claim.created_by == user_id),
        )
        .order_by(Claim.start_date)
        .limit(MAX_ROWS)
    ).all()
    risks = list(
        session.scalars(
            standing(
                Risk.team_id == team_id,
                Risk.owner_id == user_id,
                Risk.project_id.in_(_ACTIVE),
            ).limit(MAX_ROWS)
        )
    )
    memberships = session.execute(
        select(Project, Member.role)
        .join(Member, Member.project_id == Project.id)
        .where(Member.team_id == team_id, Member.user_id == user_id, Project.status == "active")
        .order_by(Project.key)
        .limit(MAX_ROWS)
    ).all()
    closed = session.scalars(
        select(Project)
        .join(Member, Member.project_id == Project.id)
        .where(Member.team_id == team_id, Member.user_id == user_id, Project.status == "closed")
        .order_by(Project.closed_at.desc())
        .limit(MAX_ROWS)
    ).all()
    projects = _projects(session, {c.project_id for c, _ in claim_rows} | {r.project_id for r in risks})  # fmt: skip
    # Every project's health in one statement (per distinct local day), not three per project.
    health = project_healths(session, [p for p, _ in memberships], lambda p: p.today(now))
    return Home(
        user_id=user_id,
        tasks=tasks,
        more_tasks=more,
        claims=[(projects[c.project_id], c, r) for c, r in claim_rows],
        risks=[(projects[r.project_id], r) for r in risks],
        projects=[HomeProject(p, role, health[p.id]) for p, role in memberships],
        closed=[(p, closed_on(p)) for p in closed],
    )


def home_lang(data: Home) -> str | None:
    """The language of the person's projects when they all speak one: their Home's fallback."""
    from bot.services.project_settings import ProjectSettings

    langs = {ProjectSettings.lang_of(p.project) for p in data.projects}
    return langs.pop() if len(langs) == 1 else None


def to_view(data: Home) -> HomeView:
    """The Home as plain data for `bot.blocks.home`."""
    return HomeView(
        tasks=tuple(
            HomeTaskView(
                task_id=t.task.id,
                project_key=t.project.key,
                ref=f"T-{t.task.number}",
                title=t.task.title,
                owner_id=t.task.owner_id,
                status=t.task.status,
                progress=t.task.progress,
                due=t.task.due_date,
                today=t.today,
            )
            for t in data.tasks
        ),
        more_tasks=data.more_tasks,
        projects=tuple(
            HomeProjectView(
                key=p.project.key,
                name=p.project.name,
                channel_id=p.project.channel_id,
                role=p.role,
                health=p.health.view(),
            )
            for p in data.projects
        ),
        closed=tuple(ClosedProjectView(p.key, p.name, p.channel_id, day) for p, day in data.closed),
        claims=tuple(
            ClaimView(
                number=c.number,
                resource=r.name,
                person=r.user_id,
                start=c.start_date,
                end=c.end_date,
                hours=float(c.hours),
                project_key=p.key,
                over_allocated=bool(c.over_allocated),
            )
            for p, c, r in data.claims
        ),
        risks=tuple(
            RiskLineView(
                number=r.number,
                title=r.title,
                score=score(r.likelihood, r.impact),
                band=band(score(r.likelihood, r.impact)),
                project_key=p.key,
                occurred=r.status == "occurred",
            )
            for p, r in data.risks
        ),
    )
