"""Block Kit for /risk's modal and its help, in the reader's language."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import InputBlock

from bot.blocks.common import Reply, dicts, header, modal
from bot.blocks.inputs import date_field, options, select_field, text_field, user_field
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
    levels = options(
        [
            (str(i), tr.plain("risk.option", i=i, name=level_name(tr, block_id, i)))
            for i in range(1, 6)
        ]
    )
    return select_field(
        block_id, tr.plain(f"risk.modal_{block_id}"), levels, initial="3", optional=False
    )


def risk_modal(tr: Tr, key: str, project_id: int, channel_id: str) -> dict[str, Any]:
    """The bare `/risk` modal: the same fields as `/risk add`."""
    label = tr.plain
    blocks = [
        text_field(
            "title", label("risk.modal_risk"), hint=label("risk.modal_placeholder"), optional=False
        ),
        _level_select(tr, "likelihood"),
        _level_select(tr, "impact"),
        user_field("owner", label("risk.modal_owner")),
        text_field("mitigation", label("risk.modal_mitigation"), multiline=True),
        date_field("review", label("risk.modal_review")),
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
