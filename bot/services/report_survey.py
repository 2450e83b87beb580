"""The report's survey part: the ratings' averages, who answered, and the lessons as given."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.services.project_settings import ProjectSettings
from bot.services.survey import RATINGS
from bot.store.models import Member, Project, Survey, SurveyResponse

if TYPE_CHECKING:
    from bot.services.report import Report


@dataclass(frozen=True)
class Lesson:
    """One text answer as given (first spelling), how many gave it, and who (none when anonymous)."""

    text: str
    count: int
    user_ids: tuple[str, ...] = ()


def add_survey(session: Session, project: Project, report: Report) -> None:
    survey = session.scalar(select(Survey).where(Survey.project_id == project.id))
    if survey is None:
        return
    answers = list(
        session.scalars(
            select(SurveyResponse)
            .where(SurveyResponse.survey_id == survey.id)
            .order_by(SurveyResponse.submitted_at, SurveyResponse.id)
        )
    )
    report.responses = len(answers)
    report.invited = (
        session.scalar(
            select(func.count())
            .select_from(Member)
            .where(Member.project_id == project.id, Member.role != "stakeholder")
        )
        or 0
    )
    if answers:
        report.survey_averages = {r: mean(getattr(a, r) for a in answers) for r in RATINGS}
    report.anonymous = ProjectSettings.of(project.settings).survey == "anonymous"
    report.went_well = lessons([(a.user_id, a.went_well) for a in answers], report.anonymous)
    report.to_improve = lessons([(a.user_id, a.to_improve) for a in answers], report.anonymous)


def lessons(answers: list[tuple[str, str | None]], anonymous: bool) -> list[Lesson]:
    """Identical answers (trimmed, case-folded) once, with a count; most given first."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for user_id, text in answers:
        shown = " ".join((text or "").split())
        if shown:
            groups.setdefault(shown.casefold(), []).append((user_id, shown))
    ordered = sorted(groups.values(), key=len, reverse=True)  # stable: first given first
    return [
        Lesson(
            text=given[0][1],
            count=len(given),
            user_ids=() if anonymous else tuple(dict.fromkeys(u for u, _ in given)),
        )
        for given in ordered
    ]
