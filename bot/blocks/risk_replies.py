"""Block Kit for what a change to the register says: the channel's replies and the escalation."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.blocks.common import Reply, context, dicts
from bot.blocks.risk import band_name, describe_change, level_name, levels, mention, scored, section
from bot.i18n import Mrkdwn, Tr
from bot.views.risk import Escalation, RiskSaved, TaskMade

TO_TASK = "risk_to_task"


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
        tr("risk.added", actor=mention(tr, r.created_by), number=r.number, title=r.title, key=key),
        tr(
            "risk.added_score",
            scored=scored(tr, r.score, r.band),
            levels=levels(tr, r.likelihood, r.impact),
            owner=mention(tr, r.owner_id),
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
        owner=mention(tr, r.owner_id),
    )
    return Reply(text=text, blocks=dicts(blocks), in_channel=True)


def risk_changed(tr: Tr, saved: RiskSaved, actor: str) -> Reply:
    r = saved.risk
    sep = "；" if tr.lang == "zh" else "; "
    what = sep.join(describe_change(tr, k, old, new) for k, old, new in saved.changes)
    text = tr(
        "risk.changed", actor=mention(tr, actor), number=r.number, title=r.title, what=Mrkdwn(what)
    )
    now = tr(
        "risk.now", scored=scored(tr, r.score, r.band), levels=levels(tr, r.likelihood, r.impact)
    )
    blocks = [section(text), context(now)]
    if note := _told(tr, saved.escalation):
        blocks.append(context(note))
    return Reply(text=text, blocks=dicts(blocks), in_channel=True)


def risk_closed(tr: Tr, saved: RiskSaved, actor: str) -> Reply:
    r = saved.risk
    params = {"actor": mention(tr, actor), "number": r.number, "title": r.title}
    if r.close_reason:
        return Reply(text=tr("risk.closed_why", why=r.close_reason, **params), in_channel=True)
    return Reply(text=tr("risk.closed", **params), in_channel=True)


def risk_occurred(tr: Tr, saved: RiskSaved, actor: str) -> Reply:
    r = saved.risk
    text = tr("risk.occurred", number=r.number, title=r.title, actor=mention(tr, actor))
    button = ButtonElement(
        text=tr.plain("risk.make_task"), action_id=TO_TASK, value=str(r.risk_id), style="primary"
    )
    blocks = [
        section(text),
        ActionsBlock(block_id="risk_occurred", elements=[button]),
        context(tr("risk.task_would_be", owner=mention(tr, r.owner_id), number=r.number)),
    ]
    return Reply(text=text, blocks=dicts(blocks), in_channel=True)


def task_made(tr: Tr, made: TaskMade, actor: str) -> Reply:
    text = tr(
        "risk.task_made",
        number=made.risk.number,
        title=made.risk.title,
        actor=mention(tr, actor),
        task=made.task_number,
        owner=mention(tr, made.task_owner),
        reason=made.reason,
    )
    return Reply(text=text, in_channel=True)


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
            owner=mention(tr, esc.owner_id),
            actor=mention(tr, esc.actor),
        ),
        tr("risk.mitigation_line", text=esc.mitigation)
        if esc.mitigation
        else tr("risk.show_mitigation_none"),
    ]
    blocks = [section("\n".join(lines)), context(f"`/risk show {esc.ref} in:{esc.project_key}`")]
    return text, dicts(blocks)
