"""Block Kit for deviation alerts and risk-review reminders, in the reader's language."""

from __future__ import annotations

from typing import Any

from bot.blocks import health
from bot.blocks.common import context, dicts, section
from bot.i18n import Mrkdwn, Tr, escape_mrkdwn
from bot.views.alerts import AlertsView, DeviationLine, ReviewLine

ICONS = {
    "overdue": ":alarm_clock:",
    "behind": ":turtle:",
    "blocked": ":no_entry:",
    "milestone": ":triangular_flag_on_post:",
    "spi": ":chart_with_downwards_trend:",
}


def _label(tr: Tr, kind: str) -> str:
    return tr.plain(f"alerts.kind_{kind}")


def _line(tr: Tr, d: DeviationLine) -> str:
    who = " ".join(f"<@{u}>" for u in d.mention) or tr("alerts.no_owner")
    return tr(
        "alerts.line",
        icon=Mrkdwn(ICONS[d.kind]),
        label=_label(tr, d.kind),
        ref=d.ref,
        title=d.title,
        detail=Mrkdwn(tr(d.detail.key, **d.detail.kwargs)),
        who=Mrkdwn(who),
    )


def deviations_message(view: AlertsView, tr: Tr) -> tuple[str, list[dict[str, Any]]]:
    """One message per project and sweep: a line per deviation, each mentioning its owner."""
    lines = [_line(tr, d) for d in view.items]
    head = tr("alerts.head", key=view.key, name=view.name, n=len(view.items))
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
    blocks.append(context(tr("alerts.footer")))
    sep = "；" if tr.lang == "zh" else "; "
    text = f"{escape_mrkdwn(view.key)}: " + sep.join(
        tr(
            "alerts.text_item",
            label=_label(tr, d.kind),
            ref=d.ref,
            title=d.title,
            detail=Mrkdwn(tr(d.detail.key, **d.detail.kwargs)),
        )
        for d in view.items
    )
    return text[:3000], dicts(blocks)


# Two blocks a risk, and Slack takes 50 blocks a message.
REVIEWS_SHOWN = 20


def risk_review_message(reviews: list[ReviewLine], tr: Tr) -> tuple[str, list[dict[str, Any]]]:
    """The DM a person gets when review dates of their risks have come: one, or several at once."""
    blocks = []
    shown, rest = reviews[:REVIEWS_SHOWN], reviews[REVIEWS_SHOWN:]
    for r in shown:
        ref = f"{r.key} R-{r.number}"
        lines = [
            tr("alerts.review_head", ref=ref, title=r.title),
            tr(
                "alerts.review_score",
                score=r.score,
                band=health.band(tr, r.band),
                likelihood=r.likelihood,
                impact=r.impact,
                day=r.review_date,
            ),
            tr("alerts.review_mitigation", mitigation=r.mitigation)
            if r.mitigation
            else tr("alerts.review_no_mitigation"),
        ]
        blocks += [
            section("\n".join(lines)),
            context(tr("alerts.review_how", number=r.number, key=r.key)),
        ]
    if rest:
        more = ", ".join(f"`{r.key} R-{r.number}`" for r in rest)
        blocks.append(context(tr("alerts.review_more", refs=Mrkdwn(more))))
    first = reviews[0]
    if len(reviews) == 1:
        text = tr("alerts.review_text_one", ref=f"{first.key} R-{first.number}", title=first.title)
    else:
        refs = ", ".join(f"{r.key} R-{r.number}" for r in reviews)
        text = tr("alerts.review_text_many", n=len(reviews), refs=refs)
    return text, dicts(blocks)
