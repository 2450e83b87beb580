"""A project's settings, with defaults, kept as JSON on the project row."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, Literal

from pydantic import BaseModel, Field

from bot.clock import utc_day
from bot.i18n import Tr


class ProjectSettings(BaseModel):
    standup_time: time = time(9, 30)
    standup_days: list[int] = Field(default_factory=lambda: [0, 1, 2, 3, 4])
    reminder_time: time = time(11, 0)
    summary_time: time = time(17, 0)
    digest_day: int = 4
    digest_time: time = time(16, 0)
    digest_channel: str | None = None
    alerts: bool = True
    spi_green: float = 0.95
    cpi_green: float = 0.95
    red_below: float = 0.85
    behind_margin: float = 0.25
    blocked_days: int = 3
    blocker_standups: int = 3
    survey: Literal["named", "anonymous"] = "named"
    # What the channel reads: posts, cards, digests, reports (people's own replies follow their Slack language).
    lang: Literal["en", "zh"] = "en"

    @classmethod
    def of(cls, raw: dict | None) -> ProjectSettings:
        return cls.model_validate(raw or {})

    @classmethod
    def lang_of(cls, project: object) -> str:
        """A project's language, read without validating the rest of its settings."""
        return (getattr(project, "settings", None) or {}).get("lang") or "en"

    def dump(self) -> dict:
        return self.model_dump(mode="json")


def channel_tr(project: Any, now: datetime) -> Tr:
    """How a project's channel reads: in the project's language, on its local day at `now`."""
    return Tr(ProjectSettings.lang_of(project), project.today(now))  # type: ignore[arg-type]


def reader_day(project: Any | None, now: datetime) -> date:
    """A reader's day at `now`: their project's local day, else (no project known) the UTC date."""
    return project.today(now) if project is not None else utc_day(now)
