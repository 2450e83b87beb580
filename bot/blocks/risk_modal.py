"""Block Kit for /risk's modal and its help, in the reader's language."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    StaticSelectElement,
    UserSelectElement,
)

from bot.blocks.common import Reply, dicts, header, modal
from bot.blocks.risk import level_name, section
from bot.i18n import Tr

RISK_MODAL = "risk_new"
_EN = Tr("en")
VERBS = ("add", "list", "show", "update", "mitigate", "close", "occurred", "matrix")
HELP_USAGE = {
    "add": 'add "Payment vendor API may slip" likelihood:4 impact:5 owner:@bob '
    'mitigation:"second vendor on standby" review:"next monday"',
    "list": "list [open|mine|all]",
    "show": "show R-3",
    "update": 'update R-3 likelihood:2 impact:4 owner:@alice review:"in 2 weeks"',
    "mitigate": 'mitigate R-3 "second vendor signed"',
    "close": "close R-3 vendor confirmed the date",
    "occurred": "occurred R-3",
    "matrix": "matrix",
}


def _level_select(tr: Tr, block_id: str) -> InputBlock:
    options = [
        Option(text=tr.plain("risk.option", i=i, name=level_name(tr, block_id, i)), value=str(i))
        for i in range(1, 6)
    ]
    return InputBlock(
        block_id=block_id,
        label=PlainTextObject(text=tr.plain(f"risk.modal_{block_id}")),
        element=StaticSelectElement(action_id="value", options=options, initial_option=options[2]),
    )


def risk_modal(tr: Tr, key: str, project_id: int, channel_id: str) -> dict[str, Any]:
    """The bare `/risk` modal: the same fields as `/risk add`."""
    blocks = [
        InputBlock(
            block_id="title",
            label=PlainTextObject(text=tr.plain("risk.modal_risk")),
            element=PlainTextInputElement(
                action_id="value",
                placeholder=PlainTextObject(text=tr.plain("risk.modal_placeholder")),
            ),
        ),
        _level_select(tr, "likelihood"),
        _level_select(tr, "impact"),
        InputBlock(
            block_id="owner",
            label=PlainTextObject(text=tr.plain("risk.modal_owner")),
            optional=True,
            element=UserSelectElement(action_id="value"),
        ),
        InputBlock(
            block_id="mitigation",
            label=PlainTextObject(text=tr.plain("risk.modal_mitigation")),
            optional=True,
            element=PlainTextInputElement(action_id="value", multiline=True),
        ),
        InputBlock(
            block_id="review",
            label=PlainTextObject(text=tr.plain("risk.modal_review")),
            optional=True,
            element=DatePickerElement(action_id="value"),
        ),
    ]
    meta = {"project_id": project_id, "channel_id": channel_id}
    return modal(
        RISK_MODAL,
        tr.plain("risk.modal_title", key=key),
        tr.plain("risk.modal_submit"),
        meta,
        blocks,
        close=tr.plain("risk.modal_cancel"),
    )


def help_entries(tr: Tr = _EN) -> list[tuple[str, str]]:
    """Each verb's usage and what it does."""
    return [(HELP_USAGE[v], tr(f"risk.help.{v}")) for v in VERBS]


def help_reply(tr: Tr = _EN) -> Reply:
    """`/risk help`: every verb with an example, and the scales."""
    lines = [f"`/risk {usage}` — {what}" for usage, what in help_entries(tr)]
    title = tr.plain("risk.help_title")
    blocks = [header(title), section(tr("risk.help_intro")), section("\n".join(lines))]
    return Reply(text=title, blocks=dicts(blocks))
