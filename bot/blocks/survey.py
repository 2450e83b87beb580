"""Block Kit for the evaluation survey: the invitation and its modal."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    StaticSelectElement,
)

from bot.blocks.common import dicts, modal, safe, section
from bot.services.report import RATINGS

OPEN_ACTION = "survey_open"
MODAL = "survey_answer"
SCALE = [
    Option(text=f"{n} — {label}", value=str(n))
    for n, label in ((1, "poor"), (2, "weak"), (3, "fair"), (4, "good"), (5, "excellent"))
]


def invitation(
    project_key: str, project_name: str, survey_id: int, *, reminder: bool = False
) -> dict[str, Any]:
    lead = ":bell: A reminder: " if reminder else ":clipboard: "
    text = f"{lead}*{project_key}* ({safe(project_name)}) has ended. How did it go? The survey takes a minute."
    blocks = [
        section(text),
        ActionsBlock(
            elements=[
                ButtonElement(
                    text="Answer the survey",
                    action_id=OPEN_ACTION,
                    value=str(survey_id),
                    style="primary",
                )
            ]
        ),
    ]
    return {"text": text, "blocks": dicts(blocks)}


def survey_modal(survey_id: int, project_key: str) -> dict[str, Any]:
    ratings = [
        InputBlock(
            block_id=name,
            label=PlainTextObject(text=f"{name.capitalize()} (1–5)"),
            element=StaticSelectElement(action_id="value", options=SCALE),
        )
        for name in RATINGS
    ]
    texts = [
        InputBlock(
            block_id=block_id,
            label=PlainTextObject(text=label),
            optional=True,
            element=PlainTextInputElement(action_id="value", multiline=True, max_length=1000),
        )
        for block_id, label in (
            ("went_well", "What went well?"),
            ("to_improve", "What should we do differently?"),
        )
    ]
    meta = {"survey_id": survey_id}
    return modal(MODAL, f"{project_key} survey", "Send", meta, [*ratings, *texts], close="Later")
