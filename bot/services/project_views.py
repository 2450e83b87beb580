"""Projects as the view layer is given them: rows and results turned into `bot.views.project`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.services.access import closed_on
from bot.services.costs import Spent
from bot.services.project_info import ProjectInfo
from bot.services.project_settings import ProjectSettings
from bot.services.scoring import band, score
from bot.store.models import Member, Milestone, Project
from bot.views.project import (
    InfoView,
    MemberView,
    MilestoneView,
    ProjectCard,
    SettingsView,
    SpendView,
    TopRisk,
)


def card(project: Project) -> ProjectCard:
    return ProjectCard(
        id=project.id,
        key=project.key,
        name=project.name,
        channel_id=project.channel_id,
        goal=project.goal,
        scope=project.scope,
        start=project.start_date,
        end=project.end_date,
        budget=project.budget,
        currency=project.currency,
        timezone=project.timezone,
        created_by=project.created_by,
        active=project.status == "active",
        closed_on=closed_on(project),
    )


def milestone(m: Milestone, today: date | None = None) -> MilestoneView:
    """A milestone; given `today`, one still open past its due date says how late it is."""
    late = (today - m.due_date).days if today and m.done_at is None and m.due_date < today else 0
    return MilestoneView(number=m.number, name=m.name, due=m.due_date, late_days=late)


def info(data: ProjectInfo) -> InfoView:
    h = data.health
    return InfoView(
        project=card(data.project),
        status=h.status,
        health=h.view(),
        percent_complete=h.ev.percent_complete,
        spi=h.ev.spi,
        cpi=h.ev.cpi,
        spent=Decimal(h.spent),
        member_count=data.member_count,
        open_tasks=data.open_tasks,
        milestones=tuple(milestone(m, data.today) for m in data.next_milestones),
        risks=tuple(
            TopRisk(
                number=r.number,
                title=r.title,
                score=score(r.likelihood, r.impact),
                band=band(score(r.likelihood, r.impact)),
                occurred=r.status == "occurred",
            )
            for r in data.top_risks
        ),
        baselined_on=data.project.baselined_at.date() if data.project.baselined_at else None,
    )


def members(found: list[Member]) -> tuple[MemberView, ...]:
    return tuple(MemberView(m.user_id, m.role, m.capacity_hours) for m in found)


def settings(project: Project) -> SettingsView:
    s = ProjectSettings.of(project.settings)
    return SettingsView(
        key=project.key,
        timezone=project.timezone,
        standup_time=s.standup_time,
        standup_days=tuple(s.standup_days),
        reminder_time=s.reminder_time,
        summary_time=s.summary_time,
        digest_day=s.digest_day,
        digest_time=s.digest_time,
        digest_channel=s.digest_channel,
        alerts=s.alerts,
        survey=s.survey,
        lang=s.lang,
        spi_green=s.spi_green,
        red_below=s.red_below,
        start=project.start_date,
        end=project.end_date,
    )


def spend(project: Project, spent: Spent) -> SpendView:
    entry = spent.entry
    return SpendView(
        key=project.key,
        actor=entry.created_by,
        amount=Decimal(entry.amount),
        currency=project.currency,
        note=entry.note,
        task_number=spent.task_number,
        total=spent.total,
        budget=project.budget,
    )
