"""The evaluation survey: opened when a project closes or its end date passes; one answer per member."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import Denied, NotFound, UserError
from bot.services import audit
from bot.services.project_settings import ProjectSettings
from bot.store.models import Member, Project, Survey, SurveyMessage, SurveyResponse
from bot.views.survey import RATINGS, Given, Invitation, SentSurvey, SurveyForm, ThankYou

__all__ = ["RATINGS", "Given"]

WINDOW = timedelta(days=5)
REMIND_AFTER = timedelta(days=2)


def given_of(response: SurveyResponse) -> Given:
    """A stored answer as plain data for the thank-you and the prefilled modal."""
    ratings = {name: getattr(response, name) for name in RATINGS}
    return Given(ratings, response.went_well, response.to_improve)


@dataclass(frozen=True)
class Seat:
    """A member's place in one survey: the survey, its project, and their answer so far."""

    survey: Survey
    project: Project
    given: Given | None

    @property
    def anonymous(self) -> bool:
        return ProjectSettings.of(self.project.settings).survey == "anonymous"


def is_open(survey: Survey, now: datetime) -> bool:
    """Answers are taken (and changed) until the window ends or the report is out."""
    return survey.report_posted_at is None and now <= survey.closes_at


def close_project(session: Session, project: Project, *, actor: str, now: datetime) -> Survey:
    """End the project and open its survey."""
    if project.status == "closed":
        raise UserError("survey.already_closed", "/project report", key=project.key)
    project.status = "closed"
    project.closed_at = now
    changes = {"status": ("active", "closed")}
    audit.log(session, project, "project", project.id, changes, actor=actor, at=now)
    return open_survey(session, project, now)


def open_survey(session: Session, project: Project, now: datetime) -> Survey:
    survey = session.scalar(select(Survey).where(Survey.project_id == project.id))
    if survey is None:
        survey = Survey(
            team_id=project.team_id, project_id=project.id, opened_at=now, closes_at=now + WINDOW
        )
        session.add(survey)
        session.flush()
    return survey


def open_due_surveys(session: Session, now: datetime) -> None:
    """Open a survey for every project that is closed, or whose end date has passed, and has none."""
    rows = session.scalars(
        select(Project)
        .outerjoin(Survey, Survey.project_id == Project.id)
        .where(Survey.id.is_(None), (Project.status == "closed") | Project.end_date.is_not(None))
    )
    for project in rows:
        ended = project.end_date and project.today(now) > project.end_date
        if project.status == "closed" or ended:
            open_survey(session, project, now)


def already_sent(session: Session, project: Project, now: datetime) -> SentSurvey | None:
    """The survey that went out before the project closed (its end date passed first), or None."""
    found = session.scalar(select(Survey).where(Survey.project_id == project.id))
    if found is None:
        return None
    asked = set(participants(session, [project.id])[project.id])
    replied = answered(session, [found.id])[found.id] & asked
    # It closed early when everyone answered and the report went out.
    closes = min(found.closes_at, found.report_posted_at or found.closes_at)
    return SentSurvey(
        found.opened_at.astimezone(project.zone), closes.astimezone(project.zone),
        len(replied), len(asked), not is_open(found, now),
    )  # fmt: skip


def participants(session: Session, project_ids: list[int]) -> dict[int, list[str]]:
    """Who answers the survey: every member and owner (stakeholders receive the report)."""
    out: dict[int, list[str]] = {pid: [] for pid in project_ids}
    for pid, user_id in session.execute(
        select(Member.project_id, Member.user_id)
        .where(Member.project_id.in_(project_ids), Member.role != "stakeholder")
        .order_by(Member.id)
    ):
        out[pid].append(user_id)
    return out


def answered(session: Session, survey_ids: list[int]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {sid: set() for sid in survey_ids}
    for sid, user_id in session.execute(
        select(SurveyResponse.survey_id, SurveyResponse.user_id).where(
            SurveyResponse.survey_id.in_(survey_ids)
        )
    ):
        out[sid].add(user_id)
    return out


def record_answer(
    session: Session,
    *,
    team_id: str,
    survey_id: int,
    user_id: str,
    now: datetime,
    ratings: dict[str, int],
    went_well: str | None,
    to_improve: str | None,
) -> SurveyResponse:
    """Store (or replace) one member's answer while the survey is open."""
    survey = session.get(Survey, survey_id)
    if survey is None or survey.team_id != team_id:
        raise NotFound("survey.not_found")
    if not is_open(survey, now):
        raise UserError("survey.closed")
    member = session.scalar(
        select(Member).where(Member.project_id == survey.project_id, Member.user_id == user_id)
    )
    if member is None or member.role == "stakeholder":
        raise Denied("survey.members_only")
    for name, value in ratings.items():
        if not 1 <= value <= 5:
            raise UserError("survey.rate_1_to_5", field=name)
    response = session.scalar(
        select(SurveyResponse).where(
            SurveyResponse.survey_id == survey_id, SurveyResponse.user_id == user_id
        )
    )
    if response is None:
        response = SurveyResponse(
            team_id=team_id, survey_id=survey_id, user_id=user_id, submitted_at=now, **ratings
        )
        session.add(response)
    else:
        for name, value in ratings.items():
            setattr(response, name, value)
        response.submitted_at = now
    response.went_well = went_well
    response.to_improve = to_improve
    session.flush()
    return response


def of_project(session: Session, survey_id: int, project: Project | None) -> Survey:
    """The survey a modal names, if it is this project's; else NotFound."""
    found = session.get(Survey, survey_id)
    if found is None or project is None or found.project_id != project.id:
        raise NotFound("survey.not_found")
    return found


def seat(session: Session, *, team_id: str, survey_id: int, user_id: str) -> Seat | None:
    """The survey (of this workspace only), its project and the member's answer, or None."""
    row = session.execute(
        select(Survey, Project)
        .join(Project, Project.id == Survey.project_id)
        .where(Survey.id == survey_id, Survey.team_id == team_id)
    ).first()
    if row is None:
        return None
    response = session.scalar(
        select(SurveyResponse).where(
            SurveyResponse.survey_id == survey_id, SurveyResponse.user_id == user_id
        )
    )
    return Seat(row[0], row[1], given_of(response) if response else None)


def remember_message(
    session: Session, survey: Survey, user_id: str, channel_id: str, message_ts: str
) -> None:
    """Keep where a survey DM went, so the answer can replace it."""
    known = session.scalar(
        select(SurveyMessage.id).where(
            SurveyMessage.survey_id == survey.id,
            SurveyMessage.user_id == user_id,
            SurveyMessage.message_ts == message_ts,
        )
    )
    if known is None:
        session.add(
            SurveyMessage(
                team_id=survey.team_id,
                survey_id=survey.id,
                user_id=user_id,
                channel_id=channel_id,
                message_ts=message_ts,
            )
        )


def messages_of(session: Session, survey_id: int, user_id: str) -> list[tuple[str, str]]:
    """(channel, ts) of the survey DMs sent to this member."""
    return [
        (channel, ts)
        for channel, ts in session.execute(
            select(SurveyMessage.channel_id, SurveyMessage.message_ts)
            .where(SurveyMessage.survey_id == survey_id, SurveyMessage.user_id == user_id)
            .order_by(SurveyMessage.id)
        )
    ]


def invitation_view(project: Project, survey: Survey, *, reminder: bool = False) -> Invitation:
    anonymous = ProjectSettings.of(project.settings).survey == "anonymous"
    return Invitation(project.key, project.name, survey.id, anonymous, reminder)


def form_view(seat: Seat, message: tuple[str, str] | None = None) -> SurveyForm:
    return SurveyForm(
        seat.survey.id, seat.project.id, seat.project.key, seat.anonymous, seat.given, message
    )


def thank_you_view(seat: Seat) -> ThankYou:
    assert seat.given is not None, "thanked before answering"
    return ThankYou(
        seat.project.key, seat.survey.id, seat.given, seat.survey.closes_at, seat.anonymous
    )
