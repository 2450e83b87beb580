"""The report's people and resources: work done, blockers cleared, standups, hours against capacity."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.services import resources
from bot.store.models import Blocker, Claim, Member, Project, StandupReply, StandupRound, Task

if TYPE_CHECKING:
    from bot.services.report import Report


@dataclass
class Person:
    user_id: str
    done: int = 0
    on_time: int = 0
    hours_on_time: float = 0.0
    blockers_cleared: int = 0
    standups_answered: int = 0
    hours_assigned: float = 0.0
    hours_claimed: float = 0.0
    capacity: float = 0.0

    @property
    def rank(self) -> tuple[float, int, int]:
        """Estimated hours finished on time, then blockers cleared, then standup answers."""
        return (round(self.hours_on_time, 1), self.blockers_cleared, self.standups_answered)

    @property
    def eligible(self) -> bool:
        """Only someone who finished work or cleared a blocker can be named."""
        return self.done > 0 or self.blockers_cleared > 0


def add_people(
    session: Session,
    project: Project,
    report: Report,
    done: list[Task],
    on_time: list[Task],
    tz: ZoneInfo,
) -> None:
    members = list(
        session.scalars(
            select(Member).where(Member.project_id == project.id, Member.role != "stakeholder")
        )
    )
    people = {m.user_id: Person(m.user_id) for m in members}
    for task in done:
        if task.owner_id in people:
            people[task.owner_id].done += 1
    for task in on_time:
        if task.owner_id in people:
            people[task.owner_id].on_time += 1
            people[task.owner_id].hours_on_time += task.estimate_hours or 0.0
    cleared = session.execute(
        select(Blocker.user_id, func.count())
        .where(Blocker.project_id == project.id, Blocker.cleared_on.is_not(None))
        .group_by(Blocker.user_id)
    )
    for user_id, n in cleared:
        if user_id in people:
            people[user_id].blockers_cleared = n
    answered = session.execute(
        select(StandupReply.user_id, func.count(func.distinct(StandupReply.round_id)))
        .join(StandupRound, StandupRound.id == StandupReply.round_id)
        .where(StandupRound.project_id == project.id)
        .group_by(StandupReply.user_id)
    )
    for user_id, n in answered:
        if user_id in people:
            people[user_id].standups_answered = n
    _resource_use(session, project, report, people, members)
    report.people = sorted(people.values(), key=lambda p: p.user_id)


def _resource_use(
    session: Session,
    project: Project,
    report: Report,
    people: dict[str, Person],
    members: list[Member],
) -> None:
    """Hours claimed and assigned against capacity over the project's window."""
    claims = list(
        session.scalars(
            select(Claim).where(Claim.project_id == project.id, Claim.released_at.is_(None))
        )
    )
    estimates = session.execute(
        select(Task.owner_id, func.coalesce(func.sum(Task.estimate_hours), 0))
        .where(Task.project_id == project.id, Task.owner_id.is_not(None))
        .group_by(Task.owner_id)
    )
    for owner, hours in estimates:
        if owner in people:
            people[owner].hours_assigned = float(hours)
    start = project.start_date or min((c.start_date for c in claims), default=None)
    end = project.end_date or max((c.end_date for c in claims), default=None)
    weeks = len(resources.working_days(start, end)) / 5 if start and end and end >= start else 0
    for m in members:
        people[m.user_id].capacity = m.capacity_hours * weeks
    by_resource: dict[int, float] = defaultdict(float)
    for claim in claims:
        by_resource[claim.resource_id] += claim.hours
    if not by_resource:
        return
    from bot.store.models import Resource

    for resource in session.scalars(select(Resource).where(Resource.id.in_(list(by_resource)))):
        if resource.user_id and resource.user_id in people:
            people[resource.user_id].hours_claimed += by_resource[resource.id]
        else:
            report.resources.append(
                (resource.name, by_resource[resource.id], resource.capacity_hours * weeks)
            )
