"""Block Kit for the weekly digest, in the reader's language."""

from __future__ import annotations

from typing import Any

from bot.blocks import health
from bot.blocks.common import context, dicts, divider, header, section
from bot.i18n import Mrkdwn, Tr, escape_mrkdwn
from bot.views.digest import DigestView, TaskLine


def _tasks(tr: Tr, tasks: tuple[TaskLine, ...], list_max: int, *, empty: str) -> str:
    if not tasks:
        return tr(empty)
    lines = []
    for t in tasks[:list_max]:
        line = f"• `{t.ref}` {escape_mrkdwn(t.title)} · {health.person(tr, t.owner_id)}"
        if t.due:
            line += tr("digest.due", due=t.due)
        if t.open and t.progress:
            line += f" · {t.progress}%"
        if t.blocked:
            line += tr("digest.blocked")
        lines.append(line)
    if len(tasks) > list_max:
        lines.append(tr("digest.more", n=len(tasks) - list_max))
    return "\n".join(lines)[:2900]


def digest_message(d: DigestView, tr: Tr) -> tuple[str, list[dict[str, Any]]]:
    """The digest: status with its reason, SPI/CPI, done, in progress, overdue, milestones, risks."""
    since, at = d.since, tr.time(d.since)
    milestones = "\n".join(
        tr("digest.milestone", ref=m.ref, name=m.name, due=m.due)
        + (tr("milestone.missed", n=m.late_days) if m.late_days else "")
        + (tr("digest.milestone_late", end=m.tasks_end) if m.tasks_end else "")
        for m in d.milestones[: d.list_max]
    ) or tr("digest.no_milestones")
    risks = "\n".join(
        tr(
            "digest.risk_occurred" if r.occurred else "digest.risk",
            ref=r.ref,
            title=r.title,
            score=r.score,
            band=health.band(tr, r.band),
            owner=Mrkdwn(health.person(tr, r.owner_id)),
        )
        for r in d.risks
    ) or tr("digest.no_risks")
    blocks = [
        header(tr.plain("digest.header", key=d.key, week=d.week)),
        section(health.line(tr, d.health)),
        context(
            tr(
                "digest.measures",
                spi=health.number(d.spi),
                cpi=health.number(d.cpi),
                percent=d.percent_complete,
                name=d.name,
                today=d.today,
            )
        ),
        divider(),
        section(
            tr("digest.done_since", since=since, time=at, n=len(d.done))
            + "\n"
            + _tasks(tr, d.done, d.list_max, empty="digest.none_done")
        ),
        section(
            tr("digest.in_progress", n=len(d.in_progress))
            + "\n"
            + _tasks(tr, d.in_progress, d.list_max, empty="digest.none_in_progress")
        ),
        section(
            tr("digest.overdue", n=len(d.overdue))
            + "\n"
            + _tasks(tr, d.overdue, d.list_max, empty="digest.none_overdue")
        ),
        section(tr("digest.milestones") + "\n" + milestones),
        section(tr("digest.risks") + "\n" + risks),
    ]
    text = tr(
        "digest.text",
        key=d.key,
        week=d.week,
        status=health.status(tr, d.health),
        reason=health.reasons(tr, d.health),
        done=len(d.done),
        since=since,
        time=at,
        progress=len(d.in_progress),
        overdue=len(d.overdue),
    )
    return text, dicts(blocks)
