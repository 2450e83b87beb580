"""Block Kit for /resource: claims, lists, the weekly load and the claim modal.

Builders take view models (`bot.views.resource`) and the reader's `Tr`; they read nothing else.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk.models.blocks import SectionBlock

from bot.blocks.common import Reply, context, dicts, header, modal, mrkdwn, section
from bot.blocks.inputs import date_field, text_field, user_field
from bot.i18n import Mrkdwn, Tr, escape_mrkdwn
from bot.views.resource import ClaimView, LoadView, ResourceView

CLAIM_MODAL = "resource_claim"
_EN = Tr("en")
VERBS = ("add", "claim", "release", "list", "load")
HELP_USAGE = {
    "add": "add projector kind:equipment capacity:40h",
    "claim": 'claim projector for:T-12 from:"next monday" to:"next friday" hours:16',
    "release": "release C-5",
    "list": "list",
    "load": 'load week:"next week"',
}


def claim_modal(tr: Tr, key: str, project_id: int, channel_id: str, today: date) -> dict[str, Any]:
    """The bare `/resource` modal: the fields of `/resource claim`, a thing or a person."""

    label = tr.plain
    blocks = [
        text_field(
            "resource", label("resource.modal_resource"), hint=label("resource.modal_resource_hint")
        ),
        user_field("person", label("resource.modal_person")),
        text_field("task", label("resource.modal_task"), hint="T-12"),
        date_field("from", label("resource.modal_from"), initial=today, optional=False),
        date_field("to", label("resource.modal_to")),
        text_field("hours", label("resource.modal_hours"), hint="16h"),
    ]
    meta = {"project_id": project_id, "channel_id": channel_id}
    return modal(
        CLAIM_MODAL,
        tr.plain("resource.modal_title", key=key),
        tr.plain("resource.modal_submit"),
        meta,
        blocks,
        close=tr.plain("resource.modal_cancel"),
    )


def _name(resource: ResourceView) -> Mrkdwn:
    """A person by mention, a thing by its name in bold."""
    if resource.user_id:
        return Mrkdwn(f"<@{resource.user_id}>")
    return Mrkdwn(f"*{escape_mrkdwn(resource.name)}*")


def _kind(tr: Tr, kind: str) -> str:
    key = f"resource.kind.{kind}"
    return tr.plain(key) if tr.has(key) else kind


def resource_added(tr: Tr, resource: ResourceView) -> Reply:
    text = tr(
        "resource.added",
        name=_name(resource),
        kind=_kind(tr, resource.kind),
        capacity=float(resource.capacity),
    )
    return Reply(text=text, in_channel=True)


def claimed(tr: Tr, claim: ClaimView) -> Reply:
    task = tr("resource.for_task", task=claim.task_number) if claim.task_number else ""
    text = tr(
        "resource.claimed",
        number=claim.number,
        user=claim.user_id,
        name=_name(claim.resource),
        task=Mrkdwn(task),
        start=claim.start,
        end=claim.end,
        hours=float(claim.hours),
    )
    if claim.over:
        sep = "，" if tr.lang == "zh" else ", "
        weeks = sep.join(
            tr(
                "resource.over_week",
                week=week,
                hours=float(hours),
                capacity=float(claim.resource.capacity),
            )
            for week, hours in sorted(claim.over.items())
        )
        text += tr("resource.over", weeks=Mrkdwn(weeks))
    return Reply(text=text, in_channel=True)


def released(tr: Tr, number: int) -> Reply:
    return Reply(text=tr("resource.released", number=number), in_channel=True)


def claim_list(tr: Tr, key: str, claims: list[ClaimView]) -> Reply:
    if not claims:
        return Reply(text=tr("resource.no_claims", key=key))
    lines = [
        tr(
            "resource.claim_line",
            number=c.number,
            name=_name(c.resource),
            start=c.start,
            end=c.end,
            hours=float(c.hours),
            user=c.user_id,
            over=Mrkdwn(tr("resource.over_flag") if c.over_allocated else ""),
        )
        for c in claims
    ]
    return Reply(text=tr("resource.claims_title", key=key) + "\n" + "\n".join(lines))


def load_report(tr: Tr, key: str, week: date, loads: list[LoadView]) -> Reply:
    fields = []
    for row in loads:
        flag = tr("resource.load_over") if row.over else ""
        detail = tr("resource.load_detail", total=float(row.total), capacity=float(row.capacity))
        if row.resource.kind == "person":
            detail += tr(
                "resource.load_person", claimed=float(row.claimed), assigned=float(row.assigned)
            )
        fields.append(mrkdwn(f"{_name(row.resource).text}{flag}\n{detail}"))
    blocks = [header(tr.plain("resource.load_title", key=key, week=week))]
    for i in range(0, len(fields), 10):
        blocks.append(SectionBlock(fields=fields[i : i + 10]))
    if not fields:
        blocks.append(section(tr("resource.load_none")))
    blocks.append(context(tr("resource.load_note")))
    over = sum(1 for row in loads if row.over)
    return Reply(text=tr("resource.load_text", key=key, week=week, n=over), blocks=dicts(blocks))


def help_entries(tr: Tr = _EN) -> list[tuple[str, str]]:
    """Each verb's usage and what it does."""
    return [(HELP_USAGE[v], tr(f"resource.help.{v}")) for v in VERBS]


def help_reply(tr: Tr = _EN) -> Reply:
    """`/resource help`: every verb with an example."""
    lines = [f"`/resource {usage}` — {what}" for usage, what in help_entries(tr)]
    title = tr.plain("resource.help_title")
    blocks = [header(title), section(tr("resource.help_intro")), section("\n".join(lines))]
    return Reply(text=title, blocks=dicts(blocks))
