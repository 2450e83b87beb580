"""Dates that fall outside a project's span: accepted, since plans change, but said out loud."""

from __future__ import annotations

from datetime import date

from bot.i18n import Phrase
from bot.store.models import Project


def after_end(project: Project, due: date | None, ref: str) -> list[Phrase]:
    """The note for a task or milestone (`ref`) due after the project's end date; none otherwise."""
    if due is None or project.end_date is None or due <= project.end_date:
        return []
    return [Phrase("plan.after_end", ref=ref, due=due, key=project.key, end=project.end_date)]
