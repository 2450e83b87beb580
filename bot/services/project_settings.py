"""A project's settings, with defaults, kept as JSON on the project row."""

from __future__ import annotations

from datetime import time
from typing import Literal

from pydantic import BaseModel, Field


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
