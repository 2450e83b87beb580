"""Block Kit for /risk: the register, one risk with its history, escalation.

Builders take view models (`bot.views.risk`) and the reader's `Tr`; they read nothing else.
The modal and the help are in `bot.blocks.risk_modal`, the 5×5 matrix in `bot.blocks.risk_matrix`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.blocks.common import Reply, context, dicts, header
from bot.blocks.common import section as _section
from bot.i18n import Mrkdwn, Tr, escape_mrkdwn
from bot.views.risk import ChangeView, Escalation, RiskDetail, RiskSaved, RiskView, TaskMade

TO_TASK = "risk_to_task"
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


def _user(tr: Tr, user_id: str | None) -> Mrkdwn:
    return Mrkdwn(f"<@{user_id}>" if user_id else tr("risk.nobody_owner"))


def band_name(tr: Tr, band: str) -> str:
    return tr.plain(f"risk.band.{band}")


def level_name(tr: Tr, key: str, level: int) -> str:
    return tr.plain(f"risk.{key}.{level}")


def scored(tr: Tr, score: int, band: str) -> Mrkdwn:
    return Mrkdwn(
        tr("risk.scored", emoji=Mrkdwn(EMOJI[band]), score=score, band=band_name(tr, band))
    )


def _levels(tr: Tr, likelihood: int, impact: int) -> Mrkdwn:
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
        owner=_user(tr, risk.owner_id),
        review=Mrkdwn(review),
        state=Mrkdwn(state),
    )


def _status(tr: Tr, status: str) -> str:
    return tr.plain(f"risk.status.{status}") if tr.has(f"risk.status.{status}") else status


def _told(tr: Tr, esc: Escalation | None) -> str | None:
    if esc is None:
        return None
    if esc.digest_channel:
        return tr("risk.told_channel", channel=esc.digest_channel)
    if esc.user_ids:
        users = Mrkdwn(", ".join(f"<@{u}>" for u in esc.user_ids))
        return tr("risk.told_users", users=users)
    return tr("risk.told_nobody")


def risk_added(tr: Tr, key: str, saved: RiskSaved) -> Reply:
    r = saved.risk
    lines = [
        tr("risk.added", actor=_user(tr, r.created_by), number=r.number, title=r.title, key=key),
        tr(
            "risk.added_score",
            scored=scored(tr, r.score, r.band),
            levels=_levels(tr, r.likelihood, r.impact),
            owner=_user(tr, r.owner_id),
        ),
    ]
    if r.mitigation:
        lines.append(tr("risk.mitigation_line", text=r.mitigation))
    if r.review_date:
        lines.append(tr("risk.review_line", day=r.review_date))
    else:
        lines.append(tr("risk.review_none"))
    blocks = [section("\n".join(lines))]
    if note := _told(tr, saved.escalation):
        blocks.append(context(note))
    text = tr(
        "risk.added_text",
        number=r.number,
        title=r.title,
        score=r.score,
        band=band_name(tr, r.band),
        owner=_user(tr, r.owner_id),
    )
    return Reply(text=text, blocks=dicts(blocks), in_channel=True)


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


def _change(tr: Tr, name: str, old: Any, new: Any) -> str:
    if name == "owner":
        return tr("risk.change_owner", old=_user(tr, old), new=_user(tr, new))
    if name in ("title", "mitigation"):
        return tr("risk.change_text", field=_field(tr, name), new=clip(str(new) if new else ""))
    return tr(
        "risk.change_value",
        field=_field(tr, name),
        old=_value(tr, name, old),
        new=_value(tr, name, new),
    )


def risk_changed(tr: Tr, saved: RiskSaved, actor: str) -> Reply:
    r = saved.risk
    sep = "；" if tr.lang == "zh" else "; "
    what = sep.join(_change(tr, k, old, new) for k, old, new in saved.changes)
    text = tr(
        "risk.changed", actor=_user(tr, actor), number=r.number, title=r.title, what=Mrkdwn(what)
    )
    now = tr(
        "risk.now", scored=scored(tr, r.score, r.band), levels=_levels(tr, r.likelihood, r.impact)
    )
    blocks = [section(text), context(now)]
    if note := _told(tr, saved.escalation):
        blocks.append(context(note))
    return Reply(text=text, blocks=dicts(blocks), in_channel=True)


def risk_closed(tr: Tr, saved: RiskSaved, actor: str) -> Reply:
    r = saved.risk
    params = {"actor": _user(tr, actor), "number": r.number, "title": r.title}
    if r.close_reason:
        return Reply(text=tr("risk.closed_why", why=r.close_reason, **params), in_channel=True)
    return Reply(text=tr("risk.closed", **params), in_channel=True)


def risk_occurred(tr: Tr, saved: RiskSaved, actor: str) -> Reply:
    r = saved.risk
    text = tr("risk.occurred", number=r.number, title=r.title, actor=_user(tr, actor))
    button = ButtonElement(
        text=tr.plain("risk.make_task"), action_id=TO_TASK, value=str(r.risk_id), style="primary"
    )
    blocks = [
        section(text),
        ActionsBlock(block_id="risk_occurred", elements=[button]),
        context(tr("risk.task_would_be", owner=_user(tr, r.owner_id), number=r.number)),
    ]
    return Reply(text=text, blocks=dicts(blocks), in_channel=True)


def task_made(tr: Tr, made: TaskMade, actor: str) -> Reply:
    text = tr(
        "risk.task_made",
        number=made.risk.number,
        title=made.risk.title,
        actor=_user(tr, actor),
        task=made.task_number,
        owner=_user(tr, made.task_owner),
        reason=made.reason,
    )
    return Reply(text=text, in_channel=True)


def risk_list(tr: Tr, key: str, risks: list[RiskView], which: str) -> Reply:
    if not risks:
        return Reply(text=tr(f"risk.empty.{which}", key=key))
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
    actor = _user(tr, change.actor)
    if change.field == "created":
        return tr("risk.history_added", at=at, actor=actor)
    if change.old is None:
        if change.field == "owner":
            value: Any = _user(tr, change.new)
        elif change.field in ("title", "mitigation", "close_reason"):
            value = Mrkdwn(tr("risk.quoted", text=clip(change.new)))
        else:
            value = _value(tr, change.field, change.new)
        return tr(
            "risk.history_set", at=at, actor=actor, field=_field(tr, change.field), value=value
        )
    change_text = Mrkdwn(_change(tr, change.field, change.old, change.new))
    return tr("risk.history_change", at=at, actor=actor, change=change_text)


def risk_show(tr: Tr, detail: RiskDetail) -> Reply:
    risk = detail.risk
    why = f" — {escape_mrkdwn(risk.close_reason)}" if risk.close_reason else ""
    lines = [
        tr(
            "risk.show_score",
            scored=scored(tr, risk.score, risk.band),
            levels=_levels(tr, risk.likelihood, risk.impact),
        ),
        tr(
            "risk.show_status",
            status=_status(tr, risk.status),
            why=Mrkdwn(why),
            owner=_user(tr, risk.owner_id),
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


def escalation(esc: Escalation, tr: Tr | None = None) -> tuple[str, list[dict[str, Any]]]:
    """The message stakeholders get when a risk enters the critical band (the project's language)."""
    tr = tr or Tr(esc.lang if esc.lang in ("en", "zh") else "en")  # type: ignore[arg-type]
    text = tr("risk.escalation", key=esc.project_key, ref=esc.ref, title=esc.title, score=esc.score)
    lines = [
        text,
        tr(
            "risk.escalation_levels",
            likelihood=esc.likelihood,
            lname=level_name(tr, "likelihood", esc.likelihood),
            impact=esc.impact,
            iname=level_name(tr, "impact", esc.impact),
            owner=_user(tr, esc.owner_id),
            actor=_user(tr, esc.actor),
        ),
        tr("risk.mitigation_line", text=esc.mitigation)
        if esc.mitigation
        else tr("risk.show_mitigation_none"),
    ]
    blocks = [section("\n".join(lines)), context(f"`/risk show {esc.ref} in:{esc.project_key}`")]
    return text, dicts(blocks)
