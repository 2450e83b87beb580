"""Block Kit for /resource: claims, lists and the weekly load."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    DatePickerElement,
    InputBlock,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    UserSelectElement,
)

from bot.blocks.common import Reply, context, dicts, header, modal, mrkdwn, safe, section
from bot.format import hours, hours_number
from bot.services.resources import ClaimResult, Load
from bot.store.models import Claim, Project, Resource

CLAIM_MODAL = "resource_claim"


def _input(block_id: str, label: str, element: Any, *, optional: bool = True) -> InputBlock:
    return InputBlock(
        block_id=block_id, label=PlainTextObject(text=label), element=element, optional=optional
    )


def claim_modal(project: Project, channel_id: str, today: date) -> dict[str, Any]:
    """The bare `/resource` modal: the fields of `/resource claim`, a thing or a person."""
    blocks = [
        _input(
            "resource",
            "Resource (equipment, room, licence)",
            PlainTextInputElement(action_id="value", placeholder=PlainTextObject(text="projector")),
        ),
        _input("person", "…or a person", UserSelectElement(action_id="value")),
        _input(
            "task",
            "For task",
            PlainTextInputElement(action_id="value", placeholder=PlainTextObject(text="T-12")),
        ),
        _input(
            "from",
            "From",
            DatePickerElement(action_id="value", initial_date=today.isoformat()),
            optional=False,
        ),
        _input("to", "To (the same day if empty)", DatePickerElement(action_id="value")),
        _input(
            "hours",
            "Hours (the window's working hours if empty)",
            PlainTextInputElement(action_id="value", placeholder=PlainTextObject(text="16h")),
        ),
    ]
    meta = {"project_id": project.id, "channel_id": channel_id}
    return modal(CLAIM_MODAL, f"Claim · {project.key}", "Claim", meta, blocks)


def _name(resource: Resource) -> str:
    return resource.name if resource.user_id else f"*{safe(resource.name)}*"


def resource_added(resource: Resource) -> Reply:
    return Reply(
        text=f":package: {_name(resource)} ({resource.kind}, {hours(resource.capacity_hours)}/week) can now be claimed.",
        in_channel=True,
    )


def claimed(project: Project, resource: Resource, result: ClaimResult) -> Reply:
    c = result.claim
    task = f" for `T-{result.task_number}`" if result.task_number else ""
    text = (
        f":calendar: `C-{c.number}` <@{c.created_by}> claimed {_name(resource)}{task}, "
        f"{c.start_date} – {c.end_date}, {hours(c.hours)}."
    )
    if result.over:
        weeks = ", ".join(
            f"week of {w} ({hours(h)} of {hours_number(resource.capacity_hours)})"
            for w, h in sorted(result.over.items())
        )
        text += f"\n:warning: Over-allocated: {weeks}."
    return Reply(text=text, in_channel=True)


def released(claim: Claim) -> Reply:
    return Reply(text=f"`C-{claim.number}` released.", in_channel=True)


def claim_list(project: Project, rows: list[tuple[Claim, Resource]]) -> Reply:
    if not rows:
        return Reply(
            text=f"*{project.key}* holds no claims. `/resource claim NAME from:DATE to:DATE` makes one."
        )
    lines = [
        f"`C-{c.number}` {_name(r)} {c.start_date} – {c.end_date}, {hours(c.hours)}, by <@{c.created_by}>"
        + (" :warning: over-allocated" if c.over_allocated else "")
        for c, r in rows
    ]
    return Reply(text=f"*Claims of {project.key}*\n" + "\n".join(lines))


def load_report(project: Project, week: date, loads: list[Load]) -> Reply:
    fields = []
    for row in loads:
        name = row.name if row.user_id else f"*{safe(row.name)}*"
        flag = " :warning: *over*" if row.over else ""
        detail = f"{hours_number(row.total)} / {hours(row.capacity)}"
        if row.kind == "person":
            detail += f" (claimed {hours_number(row.claimed)}, tasks {hours_number(row.assigned)})"
        fields.append(mrkdwn(f"{name}{flag}\n{detail}"))
    blocks = [header(f"Load of {project.key}, week of {week}")]
    for i in range(0, len(fields), 10):
        blocks.append(SectionBlock(fields=fields[i : i + 10]))
    if not fields:
        blocks.append(section("_No members or resources yet._"))
    blocks.append(
        context(
            "Hours claimed and assigned (task estimates spread over their start–due window) against capacity, less days away."
        )
    )
    over = sum(1 for row in loads if row.over)
    return Reply(
        text=f"Load of {project.key}, week of {week}: {over} over-allocated", blocks=dicts(blocks)
    )
