"""Block Kit for the evaluation survey: the invitation, its modal, the thank-you, and the channel's
post when a project's end date passed while it was still open."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    Option,
)

from bot.blocks.common import context, dicts, modal, section
from bot.blocks.inputs import select_field, text_field
from bot.i18n import Mrkdwn, Tr
from bot.views.survey import RATINGS, EndPassed, Invitation, SurveyForm, ThankYou

OPEN_ACTION = "survey_open"
CHANGE_ACTION = "survey_change"
MODAL = "survey_answer"
TEXTS = ("went_well", "to_improve")


def _scale(tr: Tr) -> list[Option]:
    return [
        Option(
            text=tr.plain("survey.scale_option", n=n, label=tr.plain(f"survey.scale_{n}")),
            value=str(n),
        )
        for n in range(1, 6)
    ]


def _privacy(tr: Tr, anonymous: bool) -> str:
    return tr("survey.anonymous" if anonymous else "survey.named")


def invitation(view: Invitation, tr: Tr) -> dict[str, Any]:
    """The survey DM (or its one reminder), in the member's language."""
    text = tr(
        "survey.reminder" if view.reminder else "survey.invitation", key=view.key, name=view.name
    )
    blocks = [
        section(text),
        context(_privacy(tr, view.anonymous)),
        ActionsBlock(
            elements=[
                ButtonElement(
                    text=tr.plain("survey.answer_button"),
                    action_id=OPEN_ACTION,
                    value=str(view.survey_id),
                    style="primary",
                )
            ]
        ),
    ]
    return {"text": text, "blocks": dicts(blocks)}


def survey_modal(view: SurveyForm, tr: Tr) -> dict[str, Any]:
    """The survey; filled in with `view.given` when changing an answer."""
    scale, given = _scale(tr), view.given
    ratings = [
        select_field(
            name,
            tr.plain("survey.rating_label", rating=tr.plain(f"survey.rating_{name}")),
            scale,
            initial=str(given.ratings[name]) if given else None,
            placeholder=tr.plain("survey.rating_placeholder"),
            optional=False,
        )
        for name in RATINGS
    ]
    texts = [
        text_field(
            block_id,
            tr.plain(f"survey.ask_{block_id}"),
            initial=getattr(given, block_id) if given else None,
            multiline=True,
            max_length=1000,
        )
        for block_id in TEXTS
    ]
    meta: dict[str, Any] = {"survey_id": view.survey_id, "project_id": view.project_id}
    if view.message:
        meta["message"] = list(view.message)
    blocks = [context(_privacy(tr, view.anonymous)), *ratings, *texts]
    return modal(
        MODAL,
        tr.plain("survey.modal_title", key=view.key),
        tr.plain("survey.send"),
        meta,
        blocks,
        close=tr.plain("survey.later"),
    )


def thank_you(view: ThankYou, tr: Tr) -> dict[str, Any]:
    """What replaces the survey DM once answered: the answers given and a way to change them."""
    given = view.given
    text = tr("survey.thanks", key=view.key)
    ratings = " · ".join(
        tr.plain(
            "survey.rating_given",
            rating=tr.plain(f"survey.rating_{name}"),
            n=given.ratings[name],
            label=tr.plain(f"survey.scale_{given.ratings[name]}"),
        )
        for name in RATINGS
    )
    lines = [text, ratings]
    for block_id in TEXTS:
        answer = getattr(given, block_id)
        if answer:
            lines.append(tr(f"survey.gave_{block_id}", answer=answer))
    until = int(view.closes_at.timestamp())
    fallback = f"{view.closes_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    when = Mrkdwn(f"<!date^{until}^{{date_short_pretty}} {{time}}|{fallback}>")
    blocks = [
        section("\n".join(lines)[:3000]),
        context(_privacy(tr, view.anonymous), tr("survey.change_until", when=when)),
        ActionsBlock(
            elements=[
                ButtonElement(
                    text=tr.plain("survey.change_button"),
                    action_id=CHANGE_ACTION,
                    value=str(view.survey_id),
                )
            ]
        ),
    ]
    return {"text": text, "blocks": dicts(blocks)}


def end_passed(view: EndPassed, tr: Tr) -> dict[str, Any]:
    """The channel's post the day after the end date: what is still open, who got the survey,
    and what the owners can do, mentioning them."""
    if view.open_tasks:
        overdue = tr("survey.end_passed_overdue", n=view.overdue) if view.overdue else ""
        head = tr(
            "survey.end_passed_open", key=view.key, end=view.end, n=view.open_tasks,
            overdue=Mrkdwn(overdue),
        )  # fmt: skip
    else:
        done = "survey.end_passed_done" if view.done else "survey.end_passed_no_tasks"
        head = tr(done, key=view.key, end=view.end)
    space = "" if tr.lang == "zh" else " "
    went = (
        tr("survey.end_passed_surveyed_before", n=view.surveyed, day=view.surveyed_on)
        if view.surveyed_on
        else tr("survey.end_passed_surveyed", n=view.surveyed)
    )
    said = head + space + went
    step = tr("survey.end_passed_next_open" if view.open_tasks else "survey.end_passed_next_done")
    blocks = [section(f"{said}\n{step}")]
    if view.owners:
        who = Mrkdwn(" ".join(f"<@{u}>" for u in view.owners))
        blocks.append(context(tr("survey.end_passed_owners", who=who)))
    return {"text": said + space + step, "blocks": dicts(blocks)}
