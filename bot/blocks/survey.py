"""Block Kit for the evaluation survey: the invitation, its modal and the thank-you."""

from __future__ import annotations

from datetime import UTC, datetime
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

from bot.blocks.common import context, dicts, modal, safe, section
from bot.services.survey import RATINGS, Given

OPEN_ACTION = "survey_open"
CHANGE_ACTION = "survey_change"
MODAL = "survey_answer"
LABELS = {1: "poor", 2: "weak", 3: "fair", 4: "good", 5: "excellent"}
SCALE = [Option(text=f"{n} — {label}", value=str(n)) for n, label in LABELS.items()]
ANONYMOUS = "Your answers are anonymous: the report shows what was said, never who said it."
NAMED = "The report quotes your written answers with your name."


def _privacy(anonymous: bool) -> str:
    return ANONYMOUS if anonymous else NAMED


def invitation(
    project_key: str,
    project_name: str,
    survey_id: int,
    *,
    reminder: bool = False,
    anonymous: bool = False,
) -> dict[str, Any]:
    lead = ":bell: A reminder: " if reminder else ":clipboard: "
    text = f"{lead}*{project_key}* ({safe(project_name)}) has ended. How did it go? The survey takes a minute."
    blocks = [
        section(text),
        context(_privacy(anonymous)),
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


def survey_modal(
    survey_id: int,
    project_key: str,
    *,
    anonymous: bool = False,
    given: Given | None = None,
    message: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """The survey; filled in with `given` when changing an answer; `message` is the DM clicked."""
    ratings = [
        InputBlock(
            block_id=name,
            label=PlainTextObject(text=f"{name.capitalize()} (1–5)"),
            element=StaticSelectElement(
                action_id="value",
                options=SCALE,
                initial_option=SCALE[given.ratings[name] - 1] if given else None,
            ),
        )
        for name in RATINGS
    ]
    texts = [
        InputBlock(
            block_id=block_id,
            label=PlainTextObject(text=label),
            optional=True,
            element=PlainTextInputElement(
                action_id="value",
                multiline=True,
                max_length=1000,
                initial_value=(getattr(given, block_id) or None) if given else None,
            ),
        )
        for block_id, label in (
            ("went_well", "What went well?"),
            ("to_improve", "What should we do differently?"),
        )
    ]
    meta: dict[str, Any] = {"survey_id": survey_id}
    if message:
        meta["message"] = list(message)
    blocks = [context(_privacy(anonymous)), *ratings, *texts]
    return modal(MODAL, f"{project_key} survey", "Send", meta, blocks, close="Later")


def thank_you(
    project_key: str, survey_id: int, given: Given, closes_at: datetime, *, anonymous: bool
) -> dict[str, Any]:
    """What replaces the survey DM once answered: the answers given and a way to change them."""
    text = f":white_check_mark: Thank you! Your answers to the *{project_key}* survey are in."
    ratings = " · ".join(
        f"{name.capitalize()} {given.ratings[name]} — {LABELS[given.ratings[name]]}"
        for name in RATINGS
    )
    lines = [text, ratings]
    for label, answer in (
        ("What went well", given.went_well),
        ("What to do differently", given.to_improve),
    ):
        if answer:
            lines.append(f"*{label}:* {safe(answer)}")
    until = int(closes_at.timestamp())
    fallback = f"{closes_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    blocks = [
        section("\n".join(lines)[:3000]),
        context(
            _privacy(anonymous),
            f"You can change them until <!date^{until}^{{date_short_pretty}} {{time}}|{fallback}>.",
        ),
        ActionsBlock(
            elements=[
                ButtonElement(
                    text="Change my answers", action_id=CHANGE_ACTION, value=str(survey_id)
                )
            ]
        ),
    ]
    return {"text": text, "blocks": dicts(blocks)}
