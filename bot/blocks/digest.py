"""Block Kit for the weekly digest."""

from __future__ import annotations

from typing import Any

from bot.blocks.common import context, dicts, divider, header, safe, section, user
from bot.services.digest import LIST_MAX, Digest
from bot.services.scoring import band, score
from bot.store.models import Task


def _tasks(tasks: list[Task], *, empty: str, show_due: bool = True) -> str:
    if not tasks:
        return f"_{empty}_"
    lines = []
    for t in tasks[:LIST_MAX]:
        due = f" · due {t.due_date}" if show_due and t.due_date else ""
        extra = f" · {t.progress}%" if t.status != "done" and t.progress else ""
        flag = " :no_entry: blocked" if t.status == "blocked" else ""
        lines.append(f"• `T-{t.number}` {safe(t.title)} · {user(t.owner_id)}{due}{extra}{flag}")
    if len(tasks) > LIST_MAX:
        lines.append(f"_…and {len(tasks) - LIST_MAX} more_")
    return "\n".join(lines)[:2900]


def _num(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else "—"


def digest_message(d: Digest) -> tuple[str, list[dict[str, Any]]]:
    """The digest: status with its reason, SPI/CPI, done, in progress, overdue, milestones, risks."""
    p, h = d.project, d.health
    ev = h.ev
    since = f"{d.since:%a %b} {d.since.day}, {d.since:%H:%M}"
    milestones = (
        "\n".join(
            f"• `M-{m.number}` {safe(m.name)} · due {m.due_date}"
            + (f" · :warning: tasks end {end}" if end and end > m.due_date else "")
            for m, end in d.milestones[:LIST_MAX]
        )
        or "_no open milestones_"
    )
    risks = (
        "\n".join(
            f"• `R-{r.number}` {safe(r.title)} · {score(r.likelihood, r.impact)}"
            f" {band(score(r.likelihood, r.impact))} · {user(r.owner_id)}"
            for r in d.risks
        )
        or "_no open risks_"
    )
    blocks = [
        header(f"{p.key} weekly digest · {d.week}"),
        section(f"{h.emoji} *{h.status.upper()}* — {safe(h.reason)}"),
        context(
            f"SPI {_num(ev.spi)} · CPI {_num(ev.cpi)} · {ev.percent_complete}% complete"
            f" · {safe(p.name)} · as of {d.today}"
        ),
        divider(),
        section(
            f"*Done since {since} ({len(d.done)})*\n" + _tasks(d.done, empty="nothing finished")
        ),
        section(f"*In progress ({len(d.in_progress)})*\n" + _tasks(d.in_progress, empty="nothing")),
        section(f"*Overdue ({len(d.overdue)})*\n" + _tasks(d.overdue, empty="nothing overdue")),
        section(f"*Milestones*\n{milestones}"),
        section(f"*Top risks*\n{risks}"),
    ]
    text = (
        f"{p.key} weekly digest {d.week}: {h.status.upper()} ({safe(h.reason)}); "
        f"{len(d.done)} done since {since}, {len(d.in_progress)} in progress, {len(d.overdue)} overdue"
    )
    return text, dicts(blocks)
