"""The rules of what is off plan in one project: overdue, behind, blocked too long, milestones, SPI."""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from bot.services.earned_value import EarnedValue, planned_share
from bot.services.project_settings import ProjectSettings
from bot.store.models import Milestone, Project
from bot.views.health import Phrase

# Days overdue (or a milestone late) at which an alert is posted again.
LADDER = (1, 3, 7, 14, 30, 60, 90, 180, 365)


@dataclass(frozen=True)
class Deviation:
    """One thing off plan, at a severity level; `scope` + `level` is its claim key."""

    project_id: int
    team_id: str
    kind: str
    subject: str  # the thing and its epoch (e.g. `T-12@2026-12-01`), so a new due date starts over
    ref: str  # what people see: `T-12`, `M-2`, the project key
    title: str
    level: float
    phrase: Phrase  # what is off, written in the reader's language by the view
    mention: tuple[str, ...]

    @property
    def detail(self) -> str:
        """What is off, in English plain text (logs and callers not given a reader)."""
        from bot.i18n import Tr

        return Tr("en").plain(self.phrase.key, **self.phrase.kwargs)

    @property
    def scope(self) -> str:
        return f"{self.project_id}:{self.kind}:{self.subject}"

    @property
    def period(self) -> str:
        return f"{self.level:g}"


def ladder_level(days: int) -> int:
    """The highest rung of LADDER reached by `days` (0 below the first)."""
    i = bisect_right(LADDER, days)
    return LADDER[i - 1] if i else 0


def of_project(
    project: Project,
    tasks: list,
    milestones: list[Milestone],
    ends: dict[int, date],
    ev: EarnedValue,
    owners: tuple[str, ...],
    today: date,
) -> list[Deviation]:
    """The project's deviations on its local `today`; `tasks` are rows of `deviations.TASK_COLUMNS`."""
    settings = ProjectSettings.of(project.settings)
    tz = project.zone
    out: list[Deviation] = []
    pid, team = project.id, project.team_id

    def add(
        kind: str, subject: str, ref: str, title: str, level: float, detail: Phrase, who
    ) -> None:
        out.append(
            Deviation(
                pid, team, kind, subject, ref, title, level, detail, (who,) if who else owners
            )
        )

    step = max(settings.behind_margin, 0.05)
    margin, blocked_days = settings.behind_margin, settings.blocked_days
    for (_pid, number, title, owner, status, start, due, _bs, _bd, _est, progress,
         _milestone, blocked_at, blocked_reason) in tasks:  # fmt: skip
        ref = f"T-{number}"
        if due is not None and due < today:
            days = (today - due).days
            add(
                "overdue", f"{ref}@{due}", ref, title, ladder_level(days),
                Phrase.of("alerts.detail_overdue", n=days, due=due), owner,
            )  # fmt: skip
        elif start and due and status != "blocked" and start < today:
            share = planned_share(start, due, today)
            gap = share - progress / 100
            if gap > margin:
                add(
                    "behind", f"{ref}@{due}", ref, title, math.floor(gap / step) * step,
                    Phrase.of(
                        "alerts.detail_behind", progress=progress, share=f"{share:.0%}", due=due
                    ),
                    owner,
                )  # fmt: skip
        if status == "blocked" and blocked_at is not None:
            since = blocked_at.astimezone(tz).date()
            days = (today - since).days
            if days > blocked_days:
                # Posted again each time the wait doubles: 3 → 6 → 12 days with the default.
                level = 2 ** int(math.log2(days / max(blocked_days, 1)))
                add(
                    "blocked", f"{ref}@{since}", ref, title, level,
                    Phrase.of("alerts.detail_blocked_reason", n=days, reason=blocked_reason)
                    if blocked_reason
                    else Phrase.of("alerts.detail_blocked", n=days),
                    owner,
                )  # fmt: skip
    for ms in milestones:
        end = ends.get(ms.id)
        if end and end > ms.due_date:
            days = (end - ms.due_date).days
            add(
                "milestone", f"M-{ms.number}@{ms.due_date}", f"M-{ms.number}", ms.name,
                ladder_level(days),
                Phrase.of("alerts.detail_milestone", end=end, n=days, due=ms.due_date), None,
            )  # fmt: skip
    spi_dev = _spi(ev, settings)
    if spi_dev:
        level, detail = spi_dev
        add("spi", "project", project.key, project.name, level, detail, None)
    return out


def _spi(ev: EarnedValue, settings: ProjectSettings) -> tuple[float, Phrase] | None:
    # Too little planned work yet makes SPI noise (one slow first day reads as 0.0).
    if ev.spi is None or ev.pv < 0.05 * ev.bac:
        return None
    spi = ev.spi
    if spi < settings.red_below:
        return 2, Phrase.of(
            "alerts.detail_spi_red", spi=f"{spi:.2f}", line=f"{settings.red_below:.2f}"
        )
    if spi < settings.spi_green:
        return 1, Phrase.of("alerts.detail_spi", spi=f"{spi:.2f}", line=f"{settings.spi_green:.2f}")
    return None
