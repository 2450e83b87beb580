"""Block Kit for the bare `/project` modal: the fields of `/project new`, and the channel's language."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    StaticSelectElement,
)

from bot.blocks.common import modal
from bot.i18n import Tr

PROJECT_MODAL = "project_new"
CURRENCIES = ("CNY", "USD", "EUR", "GBP", "JPY")


def project_modal(channel_id: str, timezone: str, tr: Tr) -> dict[str, Any]:
    """The bare `/project` modal: the same fields as `/project new`, and the channel's language."""

    def text_input(
        block_id: str, label: str, *, optional: bool = True, multiline: bool = False, hint: str = ""
    ) -> InputBlock:
        return InputBlock(
            block_id=block_id,
            label=PlainTextObject(text=tr.plain(label)),
            optional=optional,
            element=PlainTextInputElement(
                action_id="value",
                multiline=multiline,
                placeholder=PlainTextObject(text=hint) if hint else None,
            ),
        )

    def date_input(block_id: str, label: str) -> InputBlock:
        return InputBlock(
            block_id=block_id,
            label=PlainTextObject(text=tr.plain(label)),
            optional=True,
            element=DatePickerElement(action_id="value"),
        )

    def select(block_id: str, label: str, options: list[tuple[str, str]], initial: str):
        choices = [Option(text=text, value=value) for value, text in options]
        return InputBlock(
            block_id=block_id,
            label=PlainTextObject(text=tr.plain(label)),
            optional=True,
            element=StaticSelectElement(
                action_id="value",
                options=choices,
                initial_option=next(o for o in choices if o.value == initial),
            ),
        )

    blocks = [
        text_input("name", "project.modal.name", optional=False, hint="Member Portal v2"),
        text_input("key", "project.modal.key", hint="MP"),
        text_input("goal", "project.modal.goal", multiline=True),
        text_input("scope", "project.modal.scope", multiline=True),
        date_input("start", "project.modal.start"),
        date_input("end", "project.modal.end"),
        text_input("budget", "project.modal.budget", hint="50000"),
        select("currency", "project.modal.currency", [(c, c) for c in CURRENCIES], "CNY"),
        text_input("tz", "project.modal.timezone", hint=timezone),
        select("lang", "project.modal.lang", [("en", "English"), ("zh", "中文")], tr.lang),
    ]
    return modal(
        PROJECT_MODAL,
        tr.plain("project.modal.title"),
        tr.plain("project.modal.create"),
        {"channel_id": channel_id},
        blocks,
        close=tr.plain("project.cancel"),
    )
