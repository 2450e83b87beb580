"""Block Kit for /risk: the register, one risk with its history, and the words they all share.

Builders take view models (`bot.views.risk`) and the reader's `Tr`; they read nothing else.
The modal and the help are in `bot.blocks.risk_modal`, the 5×5 matrix in `bot.blocks.risk_matrix`,
what a change says (added, changed, closed, occurred, the escalation) in `bot.blocks.risk_replies`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.blocks.common import Reply, context, dicts, header
from bot.blocks.common import section as _section
from bot.i18n import Mrkdwn, Tr, escape_mrkdwn
from bot.views.risk import ChangeView, RiskDetail, RiskView

EMOJI = {
    "critical": ":red_circle:",
    "high": ":large_orange_circle:",
    "medium": ":large_yellow_circle:",
    "low": ":large_green_circle:",
}
BANDS = ("critical", "high", "medium", "low")
_LIST_MAX = 40


def section(text: str) -> Any:
    """A section clipped to Slack's 3000 characters (escaped user text can grow fivefold)."""
    return _section(text if len(text) <= 3000 else text[:2990] + " …")


def clip(text: str | None, limit: int = 100) -> str:
    """User text cut before escaping, for one-line places (history, legend)."""
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _pack(lines: list[str], limit: int = 2900) -> list[Any]:
    """Lines packed into as few sections as fit."""
    out: list[list[str]] = [[]]
    for line in lines:
        if out[-1] and len("\n".join([*out[-1], line])) > limit:
            out.append([])
        out[-1].append(line)
    return [section("\n".join(chunk)) for chunk in out if chunk]


def mention(tr: Tr, user_id: str | None) -> Mrkdwn:
    return Mrkdwn(f"<@{user_id}>" if user_id else tr("risk.nobody_owner"))


def band_name(tr: Tr, band: str) -> str:
    return tr.plain(f"risk.band.{band}")


def level_name(tr: Tr, key: str, level: int) -> str:
    return tr.plain(f"risk.{key}.{level}")


def scored(tr: Tr, score: int, band: str) -> Mrkdwn:
    return Mrkdwn(
        tr("risk.scored", emoji=Mrkdwn(EMOJI[band]), score=score, band=band_name(tr, band))
    )


def levels(tr: Tr, likelihood: int, impact: int) -> Mrkdwn:
    return Mrkdwn(
        tr(
            "risk.levels",
            likelihood=likelihood,
            lname=level_name(tr, "likelihood", likelihood),
            impact=impact,
            iname=level_name(tr, "impact", impact),
        )
    )


def risk_line(tr: Tr, risk: RiskView) -> str:
    state = "" if risk.status == "open" else tr("risk.line_state", status=_status(tr, risk.status))
    review = ""
    if risk.review_date and risk.status == "open":
        review = tr("risk.line_review", day=risk.review_date)
    return tr(
        "risk.line",
        scored=scored(tr, risk.score, risk.band),
        number=risk.number,
        title=risk.title,
        owner=mention(tr, risk.owner_id),
        review=Mrkdwn(review),
        state=Mrkdwn(state),
    )


def _status(tr: Tr, status: str) -> str:
    return tr.plain(f"risk.status.{status}") if tr.has(f"risk.status.{status}") else status


def _value(tr: Tr, name: str, value: Any) -> str:
    """A changed field's value as the reader says it (bands and states in their language)."""
    if value is None or value == "":
        return "—"
    if name == "band" and tr.has(f"risk.band.{value}"):
        return band_name(tr, str(value))
    if name == "status":
        return _status(tr, str(value))
    if name == "review":
        day = _day(value)
        return tr.plain("risk.review_on", day=day) if day else clip(str(value))
    return clip(str(value))


def _day(value: Any) -> date | None:
    """A review date as written or as the audit trail keeps it (`2026-12-18`)."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _field(tr: Tr, name: str) -> str:
    key = f"risk.field.{name}"
    return tr.plain(key) if tr.has(key) else name.replace("_", " ")


def describe_change(tr: Tr, name: str, old: Any, new: Any) -> str:
    if name == "owner":
        return tr("risk.change_owner", old=mention(tr, old), new=mention(tr, new))
    if name in ("title", "mitigation"):
        return tr("risk.change_text", field=_field(tr, name), new=clip(str(new) if new else ""))
    return tr(
        "risk.change_value",
        field=_field(tr, name),
        old=_value(tr, name, old),
        new=_value(tr, name, new),
    )


def risk_list(
    tr: Tr, key: str, risks: list[RiskView], which: str, *, closed: bool = False
) -> Reply:
    if not risks:  # a closed project takes no new risk: nothing to suggest
        empty = (
            f"risk.empty_closed.{which}" if closed and which != "mine" else f"risk.empty.{which}"
        )
        return Reply(text=tr(empty, key=key))
    title = tr.plain(f"risk.list_title.{which}", key=key)
    lines = [risk_line(tr, r) for r in risks[:_LIST_MAX]]
    blocks: list[Any] = [header(title)]
    blocks += _pack(lines)
    more = len(risks) - _LIST_MAX
    foot = tr("risk.more", n=more) if more > 0 else ""
    blocks.append(context(foot + tr("risk.bands")))
    return Reply(text=tr("risk.list_text", title=title, n=len(risks)), blocks=dicts(blocks))


def _history_line(tr: Tr, change: ChangeView) -> str:
    at = change.at.strftime("%Y-%m-%d %H:%M")
    actor = mention(tr, change.actor)
    if change.field == "created":
        return tr("risk.history_added", at=at, actor=actor)
    if change.old is None:
        if change.field == "owner":
            value: Any = mention(tr, change.new)
        elif change.field in ("title", "mitigation", "close_reason"):
            value = Mrkdwn(tr("risk.quoted", text=clip(change.new)))
        else:
            value = _value(tr, change.field, change.new)
        return tr(
            "risk.history_set", at=at, actor=actor, field=_field(tr, change.field), value=value
        )
    change_text = Mrkdwn(describe_change(tr, change.field, change.old, change.new))
    return tr("risk.history_change", at=at, actor=actor, change=change_text)


def risk_show(tr: Tr, detail: RiskDetail) -> Reply:
    risk = detail.risk
    why = f" — {escape_mrkdwn(risk.close_reason)}" if risk.close_reason else ""
    lines = [
        tr(
            "risk.show_score",
            scored=scored(tr, risk.score, risk.band),
            levels=levels(tr, risk.likelihood, risk.impact),
        ),
        tr(
            "risk.show_status",
            status=_status(tr, risk.status),
            why=Mrkdwn(why),
            owner=mention(tr, risk.owner_id),
            review=Mrkdwn(tr("risk.review_on", day=risk.review_date) if risk.review_date else "—"),
        ),
        tr("risk.mitigation_line", text=risk.mitigation)
        if risk.mitigation
        else tr("risk.show_mitigation_none"),
    ]
    if detail.task is not None:
        lines.append(tr("risk.show_task", task=detail.task))
    if risk.escalated_at:
        lines.append(tr("risk.show_escalated", at=f"{risk.escalated_at:%Y-%m-%d %H:%M}"))
    story = "\n".join(_history_line(tr, c) for c in detail.history[-30:])
    blocks = [
        header(tr.plain("risk.show_header", number=risk.number, title=risk.title)),
        section("\n".join(lines)),
        section(tr("risk.history") + "\n" + (story or tr("risk.history_none"))),
    ]
    return Reply(
        text=tr("risk.show_text", number=risk.number, title=risk.title), blocks=dicts(blocks)
    )
