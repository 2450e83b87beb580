"""The reminder DMs a standup sent, kept so the member's answer turns them into "you answered"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.services.project_settings import ProjectSettings
from bot.services.standups import reminder_view
from bot.store.models import Project, StandupReminder, StandupRound
from bot.views.standup import ReminderView


@dataclass(frozen=True)
class Answered:
    """A member's reminder DMs for one standup, now answered: where they are and what they say."""

    view: ReminderView
    lang: str  # the project's: the DM is in its member's language, else this one
    dms: tuple[tuple[int, str, str], ...]  # (row id, channel, ts)


def remember(
    session: Session, round_id: int, *, team_id: str, user_id: str, channel: str, ts: str
) -> None:
    """Where a reminder DM went (its DM channel and ts), so an answer can update it in place."""
    session.add(
        StandupReminder(
            team_id=team_id, round_id=round_id, user_id=user_id, channel_id=channel, message_ts=ts
        )
    )


def answered(session: Session, round_: StandupRound, user_id: str) -> Answered | None:
    """The reminder DMs `user_id` got for this round and that still ask them to answer."""
    rows = session.execute(
        select(StandupReminder.id, StandupReminder.channel_id, StandupReminder.message_ts)
        .where(StandupReminder.round_id == round_.id, StandupReminder.user_id == user_id)
        .order_by(StandupReminder.id)
    ).all()
    if not rows:
        return None
    project = session.get(Project, round_.project_id)
    assert project is not None  # the round cascades with its project
    return Answered(
        reminder_view(project, round_.day),
        ProjectSettings.lang_of(project),
        tuple((i, channel, ts) for i, channel, ts in rows),
    )


@dataclass(frozen=True)
class Closed:
    """An unanswered reminder DM whose standup's summary is posted: to say it closed, in place."""

    id: int
    team_id: str
    user_id: str
    channel: str
    ts: str
    view: ReminderView
    lang: str  # the project's: the DM is in its member's language, else this one


def closed(session: Session, project_key: str | None = None) -> list[Closed]:
    """The reminder DMs still asking for an answer to a round whose summary is posted (one query)."""
    query = (
        select(StandupReminder, StandupRound, Project)
        .join(StandupRound, StandupRound.id == StandupReminder.round_id)
        .join(Project, Project.id == StandupRound.project_id)
        .where(StandupRound.summary_ts.is_not(None))
        .order_by(StandupReminder.id)
    )
    if project_key:
        query = query.where(Project.key == project_key.upper())
    return [
        Closed(
            row.id,
            row.team_id,
            row.user_id,
            row.channel_id,
            row.message_ts,
            reminder_view(project, round_.day),
            ProjectSettings.lang_of(project),
        )  # fmt: skip
        for row, round_, project in session.execute(query).all()
    ]


def settled(session: Session, ids: Iterable[int]) -> None:
    """These DMs now say "you answered": nothing more to do with them."""
    ids = sorted(set(ids))
    if ids:
        session.execute(delete(StandupReminder).where(StandupReminder.id.in_(ids)))
