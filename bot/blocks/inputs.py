"""A modal's input fields, one builder per kind, so every modal writes them the same way.

Each field is an `InputBlock` whose element's action_id is `value`: a submission is read back by
block_id alone (`bot.commands.modal_state.view_values`). Labels, hints and placeholders are plain text,
already in the reader's language (`Tr.plain`). An empty hint or initial value is left out, as
Slack wants it absent rather than blank.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import (
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    StaticSelectElement,
    UserSelectElement,
)

ACTION = "value"


def _field(block_id: str, label: str, element: object, optional: bool) -> InputBlock:
    return InputBlock(
        block_id=block_id, label=PlainTextObject(text=label), element=element, optional=optional
    )


def text_field(
    block_id: str,
    label: str,
    *,
    hint: str | None = None,
    initial: str | None = None,
    optional: bool = True,
    multiline: bool = False,
    max_length: int | None = None,
) -> InputBlock:
    """A text box; `hint` is its placeholder, `initial` what it holds when it opens."""
    element = PlainTextInputElement(
        action_id=ACTION,
        multiline=multiline or None,
        placeholder=PlainTextObject(text=hint) if hint else None,
        initial_value=initial or None,
        max_length=max_length,
    )
    return _field(block_id, label, element, optional)


def date_field(
    block_id: str, label: str, *, initial: date | None = None, optional: bool = True
) -> InputBlock:
    """A date picker, open on `initial` if given."""
    element = DatePickerElement(
        action_id=ACTION, initial_date=initial.isoformat() if initial else None
    )
    return _field(block_id, label, element, optional)


def user_field(
    block_id: str, label: str, *, initial: str | None = None, optional: bool = True
) -> InputBlock:
    """A workspace member picker, open on the user id `initial` if given."""
    return _field(block_id, label, UserSelectElement(action_id=ACTION, initial_user=initial), optional)  # fmt: skip


def options(choices: Sequence[tuple[str, str]]) -> list[Option]:
    """Select options from (value, text) pairs."""
    return [Option(value=value, text=text) for value, text in choices]


def select_field(
    block_id: str,
    label: str,
    choices: Sequence[Option],
    *,
    initial: str | None = None,
    placeholder: str | None = None,
    optional: bool = True,
) -> InputBlock:
    """A single choice among `choices`; the one whose value is `initial` is chosen when it opens."""
    chosen = None
    if initial is not None:
        chosen = next((o for o in choices if o.value == initial), None)
        if chosen is None:
            raise ValueError(f"{block_id}: no option has the value {initial!r}")
    element = StaticSelectElement(
        action_id=ACTION,
        options=list(choices),
        initial_option=chosen,
        placeholder=placeholder or None,
    )
    return _field(block_id, label, element, optional)
