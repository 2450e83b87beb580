"""What the evaluation survey shows, decided: the invitation, the modal and the thank-you."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

RATINGS = ("schedule", "cost", "quality", "collaboration")


@dataclass(frozen=True)
class Given:
    """One member's answer: a 1–5 rating per name in RATINGS, and their two written answers."""

    ratings: dict[str, int]
    went_well: str | None
    to_improve: str | None


@dataclass(frozen=True)
class Invitation:
    """The survey DM: a project has ended, please answer (or a reminder to)."""

    key: str
    name: str
    survey_id: int
    anonymous: bool = False
    reminder: bool = False


@dataclass(frozen=True)
class SurveyForm:
    """The survey modal; filled in with `given` when changing an answer."""

    survey_id: int
    project_id: int
    key: str
    anonymous: bool = False
    given: Given | None = None
    message: tuple[str, str] | None = None  # the DM clicked: replaced by the thank-you


@dataclass(frozen=True)
class ThankYou:
    """What replaces the survey DM once answered."""

    key: str
    survey_id: int
    given: Given
    closes_at: datetime
    anonymous: bool


@dataclass(frozen=True)
class EndPassed:
    """The channel's post the day after a project's end date, when it was not closed by then."""

    key: str
    end: date
    open_tasks: int
    overdue: int  # of the open tasks, those past their due date
    done: int
    surveyed: int  # how many the evaluation survey went to
    owners: tuple[str, ...]  # mentioned: only they can close it
    surveyed_on: date | None = None  # when it went out, if an earlier end date sent it


@dataclass(frozen=True)
class SentSurvey:
    """A survey that went out before its project was closed (its end date passed first)."""

    opened: datetime  # on the project's clock, as are `closes`
    closes: datetime
    answered: int
    asked: int
    over: bool  # its window ended or its report is out
