"""Block Kit for deviation alerts and risk-review reminders."""

from __future__ import annotations

from typing import Any

from bot.blocks.common import context, dicts, safe, section, user
from bot.services.deviations import Deviation
from bot.services.scoring import band, score
from bot.store.models import Project, Risk

ICONS = {
    "overdue": ":alarm_clock:",
    "behind": ":turtle:",
    "blocked": ":no_entry:",
    "milestone": ":triangular_flag_on_post:",
    "spi": ":chart_with_downwards_trend:",
}
LABELS = {
    "overdue": "Overdue",
    "behind": "Behind plan",
    "blocked": "Blocked too long",
    "milestone": "Milestone slipping",
    "spi": "Schedule performance",
}


def _line(d: Deviation) -> str:
    who = " ".join(user(u) for u in d.mention) or "_no owner_"
    return (
        f"{ICONS[d.kind]} *{LABELS[d.kind]}* · `{d.ref}` {safe(d.title)} — {safe(d.detail)} · {who}"
    )


def deviations_message(project: Project, devs: list[Deviation]) -> tuple[str, list[dict[str, Any]]]:
    """One message per project and sweep: a line per deviation, each mentioning its owner."""
    lines = [_line(d) for d in devs]
    head = f"*{safe(project.key)} · {safe(project.name)}*: {len(devs)} thing{'s' if len(devs) != 1 else ''} off plan"
    blocks = [section(head)]
    chunk: list[str] = []
    for line in lines:
        # Sections hold at most 3,000 characters.
        if chunk and len("\n".join([*chunk, line])) > 2900:
            blocks.append(section("\n".join(chunk)))
            chunk = []
        chunk.append(line[:2900])
    if chunk:
        blocks.append(section("\n".join(chunk)))
    blocks.append(
        context(
            "Posted again only if it gets worse. `/task` to update, `/project info` for health."
        )
    )
    text = f"{project.key}: " + "; ".join(
        f"{LABELS[d.kind]} {d.ref} {safe(d.title)} ({safe(d.detail)})" for d in devs
    )
    return text[:3000], dicts(blocks)


# Two blocks a risk, and Slack takes 50 blocks a message.
REVIEWS_SHOWN = 20


def risk_review_message(
    reviews: list[tuple[Project, Risk]],
) -> tuple[str, list[dict[str, Any]]]:
    """The DM a person gets when review dates of their risks have come: one, or several at once."""
    blocks = []
    shown, rest = reviews[:REVIEWS_SHOWN], reviews[REVIEWS_SHOWN:]
    for project, risk in shown:
        value = score(risk.likelihood, risk.impact)
        ref = f"{project.key} R-{risk.number}"
        lines = [
            f":mag: *Time to review `{ref}`* {safe(risk.title)}",
            f"Score {value} ({band(value)}) · likelihood {risk.likelihood} × impact {risk.impact}"
            f" · review date {risk.review_date}",
            f"Mitigation: {safe(risk.mitigation) or '_none yet_'}",
        ]
        blocks += [
            section("\n".join(lines)),
            context(
                f'Update it with `/risk update R-{risk.number} in:{project.key} review:"in 2 weeks"`'
                f" or close it with `/risk close R-{risk.number} in:{project.key}`."
            ),
        ]
    if rest:
        more = ", ".join(f"`{p.key} R-{r.number}`" for p, r in rest)
        blocks.append(context(f"Also due for review: {more}."))
    project, risk = reviews[0]
    if len(reviews) == 1:
        text = f"Time to review {project.key} R-{risk.number}: {safe(risk.title)}"
    else:
        refs = ", ".join(f"{p.key} R-{r.number}" for p, r in reviews)
        text = f"Time to review {len(reviews)} risks: {refs}"
    return text, dicts(blocks)
