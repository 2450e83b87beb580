"""Block Kit for the bare `/project` modal: the fields of `/project new`, and the channel's language."""

from __future__ import annotations

from typing import Any

from bot.blocks.common import modal
from bot.blocks.inputs import date_field, options, select_field, text_field
from bot.i18n import Tr

PROJECT_MODAL = "project_new"
CURRENCIES = ("CNY", "USD", "EUR", "GBP", "JPY")


def project_modal(channel_id: str, timezone: str, tr: Tr) -> dict[str, Any]:
    """The bare `/project` modal: the same fields as `/project new`, and the channel's language."""
    label = tr.plain
    currencies = options([(c, c) for c in CURRENCIES])
    langs = options([("en", "English"), ("zh", "中文")])
    blocks = [
        text_field("name", label("project.modal.name"), optional=False, hint="Member Portal v2"),
        text_field("key", label("project.modal.key"), hint="MP"),
        text_field("goal", label("project.modal.goal"), multiline=True),
        text_field("scope", label("project.modal.scope"), multiline=True),
        date_field("start", label("project.modal.start")),
        date_field("end", label("project.modal.end")),
        text_field("budget", label("project.modal.budget"), hint="50000"),
        select_field("currency", label("project.modal.currency"), currencies, initial="CNY"),
        text_field("tz", label("project.modal.timezone"), hint=timezone),
        select_field("lang", label("project.modal.lang"), langs, initial=tr.lang),
    ]
    return modal(
        PROJECT_MODAL,
        tr.plain("project.modal.title"),
        tr.plain("project.modal.create"),
        {"channel_id": channel_id},
        blocks,
        close=tr.plain("project.cancel"),
    )
