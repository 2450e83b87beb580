"""What is due after the prompt: reminders per member, the summary, and the compiled report."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services.absences import away_on_days
from bot.services.project_settings import ProjectSettings
from bot.services.standup_blockers import norm, open_blockers, split
from bot.services.standup_replies import answer_view
from bot.services.standups import at, participants, usable
from bot.store.models import Blocker, Project, StandupReply, StandupRound
from bot.views.standup import BlockerLine, ReportView, SummaryView

# Rounds older than this are not summarised or reminded any more: a scheduler down for a week
# should not flood a channel with stale summaries when it comes back.
CATCH_UP_DAYS = 3


@dataclass
class Pending:
    """A posted round whose reminders or summary may be due."""

    round: StandupRound
    project: Project
    settings: ProjectSettings

    @property
    def summary_at(self) -> datetime:
        return at(self.project, self.round.day, self.settings.summary_time)


def open_rounds(
    session: Session, now: datetime, project_key: str | None = None, *, summarised: bool = False
) -> list[Pending]:
    """Posted rounds of the last few days still waiting for their summary (one query)."""
    query = (
        select(StandupRound, Project)
        .join(Project, Project.id == StandupRound.project_id)
        .where(
            Project.status == "active",
            StandupRound.message_ts.is_not(None),
            StandupRound.summary_ts.is_(None),
            StandupRound.day >= now.date() - timedelta(days=CATCH_UP_DAYS),
        )
        .order_by(StandupRound.id)
    )
    if project_key:
        query = query.where(Project.key == project_key.upper())
    return [
        Pending(r, p, ProjectSettings.of(p.settings))
        for r, p in session.execute(query).all()
        if usable(p)
    ]


def replies_by_round(session: Session, round_ids: Iterable[int]) -> dict[int, list[StandupReply]]:
    out: dict[int, list[StandupReply]] = defaultdict(list)
    ids = sorted(set(round_ids))
    if ids:
        for reply in session.scalars(
            select(StandupReply)
            .where(StandupReply.round_id.in_(ids))
            .order_by(StandupReply.created_at, StandupReply.id)
        ):
            out[reply.round_id].append(reply)
    return out


@dataclass
class Candidate:
    """A member who has not answered a round and is not away: reminded at their own time."""

    pending: Pending
    user_id: str


def reminder_candidates(
    session: Session, now: datetime, project_key: str | None = None
) -> list[Candidate]:
    """Members not answered and not away, for rounds before their summary (the job leaves out
    those it has reminded already)."""
    pending = [p for p in open_rounds(session, now, project_key) if now < p.summary_at]
    members = participants(session, [p.project.id for p in pending])
    answered = {
        (rid, r.user_id)
        for rid, replies in replies_by_round(session, [p.round.id for p in pending]).items()
        for r in replies
    }
    away = away_on_days(
        session,
        {
            (p.project.team_id, u, p.round.day)
            for p in pending
            for u in members.get(p.project.id, [])
        },
    )
    return [
        Candidate(p, u)
        for p in pending
        for u in members.get(p.project.id, [])
        if (p.round.id, u) not in answered and (p.project.team_id, u, p.round.day) not in away
    ]


@dataclass
class Summary:
    """The day's standup, compiled: who said what, the blockers, who did not answer."""

    project: Project
    day: date
    members: list[str]
    away: set[str]
    replies: dict[str, list[StandupReply]] = field(default_factory=dict)
    blockers: list[tuple[str, str, int]] = field(default_factory=list)  # user, text, age in days
    # A round not summarised yet: blockers still open from earlier days, as its prompt lists them.
    earlier: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [u for u in self.members if u not in self.replies and u not in self.away]


def summary_view(summary: Summary) -> SummaryView:
    """The summary as the thread shows it: members who answered, in member order, then the rest."""
    members = summary.members
    return SummaryView(
        key=summary.project.key,
        day=summary.day,
        asked=len(members) - len(summary.away & set(members)),
        answers=tuple(
            (u, tuple(map(answer_view, summary.replies[u])))
            for u in members
            if u in summary.replies
        ),
        blockers=tuple(BlockerLine(u, text, age) for u, text, age in summary.blockers),
        still_blocked=tuple(BlockerLine(u, text, age) for u, text, age in summary.earlier),
        missing=tuple(summary.missing),
        away=tuple(u for u in members if u in summary.away),
        has_members=bool(members),
    )


def report_view(project: Project, summaries: list[Summary], start: date, week: bool) -> ReportView:
    return ReportView(
        key=project.key, start=start, week=week, days=tuple(map(summary_view, summaries))
    )


def compile_rounds(
    session: Session,
    items: list[tuple[Project, StandupRound]],
    blockers: dict[int, list[Blocker]] | None = None,
) -> list[Summary]:
    """Summaries for rounds; `blockers` (per round id) are the day's, else read from the replies."""
    members = participants(session, [p.id for p, _ in items])
    replies = replies_by_round(session, [r.id for _, r in items])
    away = away_on_days(
        session, {(p.team_id, u, r.day) for p, r in items for u in members.get(p.id, [])}
    )
    out = []
    for project, round_ in items:
        summary = Summary(
            project=project,
            day=round_.day,
            members=members.get(project.id, []),
            away={u for t, u, d in away if t == project.team_id and d == round_.day},
        )
        for reply in replies.get(round_.id, []):
            summary.replies.setdefault(reply.user_id, []).append(reply)
        if blockers is not None:
            summary.blockers = [
                (b.user_id, b.text, (round_.day - b.opened_on).days)
                for b in blockers.get(round_.id, [])
            ]
        else:
            summary.blockers = [
                (r.user_id, text, 0)
                for r in replies.get(round_.id, [])
                for text in split(r.blockers)
            ]
        out.append(summary)
    return out


def report(session: Session, project: Project, start: date, end: date) -> list[Summary]:
    """The compiled standups of a project from `start` to `end`."""
    rounds = session.scalars(
        select(StandupRound)
        .where(
            StandupRound.project_id == project.id,
            StandupRound.day >= start,
            StandupRound.day <= end,
        )
        .order_by(StandupRound.day)
    ).all()
    out = compile_rounds(session, [(project, r) for r in rounds])
    # A summary carries the open blockers over; until it is posted, the day's report lists those
    # still open from earlier days (not named again that day) as the day's prompt does.
    still_open = open_blockers(session, [project.id])[project.id]
    for summary, round_ in zip(out, rounds, strict=True):
        if round_.summary_ts is not None:
            continue
        named = {(u, norm(text)) for u, text, _ in summary.blockers}
        summary.earlier = [
            (b.user_id, b.text, (round_.day - b.opened_on).days)
            for b in still_open
            if b.opened_on < round_.day and (b.user_id, norm(b.text)) not in named
        ]
    return out
