"""Every modal's fields are built one way (`bot.blocks.inputs`): what Slack accepts and what
`view_values` reads back, in English and Chinese."""

from __future__ import annotations

from datetime import date

import pytest
from slack_sdk.models.blocks import InputBlock

from bot.blocks.inputs import date_field, options, select_field, text_field, user_field
from bot.blocks.project_modal import project_modal
from bot.blocks.resource import claim_modal
from bot.blocks.risk_modal import risk_modal
from bot.blocks.standup import answer_modal
from bot.blocks.survey import survey_modal
from bot.blocks.task_modal import task_modal
from bot.commands.modal_state import view_values
from bot.i18n import Tr
from bot.testing.signed import date_value, option_value, text_value, user_value
from bot.views.standup import AnswerModalView, AnswerView
from bot.views.survey import RATINGS, Given, SurveyForm
from bot.views.task import TaskForm

EDITED = TaskForm(
    1, "MP", "C1", title="Schema", task_id=5, number=7, owner="U0002", start=date(2026, 12, 1),
    due=date(2026, 12, 9), estimate=4.5, priority="high", milestone="M-2", after="T-1, T-3",
)  # fmt: skip


def modals(tr: Tr) -> dict[str, dict]:
    answered = AnswerView(yesterday="specs", today="schema")
    given = Given(dict.fromkeys(RATINGS, 4), "pairing", None)
    return {
        "project": project_modal("C1", "Asia/Shanghai", tr),
        "task new": task_modal(TaskForm(1, "MP", "C1", permalink="https://x.slack.com/p1"), tr),
        "task edit": task_modal(EDITED, tr),
        "risk": risk_modal(tr, "MP", 1, "C1"),
        "claim": claim_modal(tr, "MP", 1, "C1", date(2026, 12, 7)),
        "standup": answer_modal(AnswerModalView(1, "MP", "Portal", date(2026, 12, 7), "C1"), tr),
        "standup again": answer_modal(
            AnswerModalView(1, "MP", "Portal", date(2026, 12, 7), "C1", answered), tr
        ),
        "survey": survey_modal(SurveyForm(1, 2, "MP"), tr),
        "survey again": survey_modal(SurveyForm(1, 2, "MP", given=given), tr),
    }


ALL = [(lang, name) for lang in ("en", "zh") for name in modals(Tr(lang))]


def _inputs(view: dict) -> list[dict]:
    return [b for b in view["blocks"] if b["type"] == "input"]


def _state(block: dict) -> dict:
    """What Slack sends back for this field when the user leaves it as it opened."""
    element = block["element"]
    kind = element["type"]
    if kind == "plain_text_input":
        return text_value(element.get("initial_value"))
    if kind == "datepicker":
        return date_value(element.get("initial_date"))
    if kind == "users_select":
        return user_value(element.get("initial_user"))
    assert kind == "static_select", kind
    chosen = element.get("initial_option")
    return option_value(chosen["value"] if chosen else None)


@pytest.mark.parametrize(("lang", "name"), ALL)
def test_every_field_is_one_slack_accepts(lang, name):
    view = modals(Tr(lang))[name]
    fields = _inputs(view)
    assert fields, "a modal with no fields"
    ids = [b["block_id"] for b in fields]
    assert len(ids) == len(set(ids)), "block_ids repeat"
    for block in fields:
        label, element = block["label"], block["element"]
        assert label["type"] == "plain_text" and 0 < len(label["text"]) <= 2000
        assert "*" not in label["text"] and "`" not in label["text"], "mrkdwn in a plain label"
        assert element["action_id"] == "value"
        if "placeholder" in element:
            assert 0 < len(element["placeholder"]["text"]) <= 150
        for key in ("initial_value", "initial_date", "initial_user", "initial_option"):
            assert element.get(key, "absent") not in ("", None), f"{key} sent empty"
        if element["type"] == "static_select":
            values = [o["value"] for o in element["options"]]
            assert len(values) == len(set(values))
            if "initial_option" in element:
                assert element["initial_option"]["value"] in values


@pytest.mark.parametrize(("lang", "name"), ALL)
def test_a_modal_left_as_it_opened_reads_back_what_it_showed(lang, name):
    """Each field comes back under its block_id, holding what it opened with."""
    view = modals(Tr(lang))[name]
    fields = _inputs(view)
    state = {"values": {b["block_id"]: {"value": _state(b)} for b in fields}}
    assert set(view_values({"state": state})) == {b["block_id"] for b in fields}


def test_an_edited_task_opens_with_every_value_it_has():
    read = {}
    for block in _inputs(task_modal(EDITED, Tr("en"))):
        read[block["block_id"]] = _state(block)
    values = view_values({"state": {"values": {k: {"value": v} for k, v in read.items()}}})
    assert values == {
        "title": "Schema", "owner": "U0002", "start": "2026-12-01", "due": "2026-12-09",
        "est": "4.5h", "prio": "high", "milestone": "M-2", "after": "T-1, T-3",
    }  # fmt: skip


def test_required_fields_say_so_and_the_rest_are_optional():
    project = {b["block_id"]: b.get("optional") for b in _inputs(project_modal("C1", "UTC", Tr("en")))}  # fmt: skip
    assert project["name"] is False
    assert all(project[k] is True for k in project if k != "name")
    risk = {b["block_id"]: b.get("optional") for b in _inputs(risk_modal(Tr("zh"), "MP", 1, "C1"))}
    assert risk == {
        "title": False, "likelihood": False, "impact": False,
        "owner": True, "mitigation": True, "review": True,
    }  # fmt: skip


def _dict(block: InputBlock) -> dict:
    return block.to_dict()


def test_text_field_leaves_out_what_it_was_not_given():
    bare = _dict(text_field("goal", "Goal"))
    assert bare == {
        "type": "input", "block_id": "goal", "optional": True,
        "label": {"type": "plain_text", "text": "Goal"},
        "element": {"type": "plain_text_input", "action_id": "value"},
    }  # fmt: skip
    full = _dict(text_field("goal", "Goal", hint="Ship", initial="Now", multiline=True, max_length=50, optional=False))  # fmt: skip
    assert full["optional"] is False
    assert full["element"] == {
        "type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": 50,
        "placeholder": {"type": "plain_text", "text": "Ship"}, "initial_value": "Now",
    }  # fmt: skip
    assert "initial_value" not in _dict(text_field("goal", "Goal", initial=""))["element"]


def test_date_user_and_select_fields():
    assert _dict(date_field("due", "Due", initial=date(2027, 2, 28)))["element"] == {
        "type": "datepicker", "action_id": "value", "initial_date": "2027-02-28",
    }  # fmt: skip
    assert "initial_date" not in _dict(date_field("due", "Due"))["element"]
    assert _dict(user_field("owner", "Owner", initial="U0002"))["element"] == {
        "type": "users_select", "action_id": "value", "initial_user": "U0002",
    }  # fmt: skip
    langs = options([("en", "English"), ("zh", "中文")])
    chosen = _dict(select_field("lang", "Language", langs, initial="zh"))["element"]
    assert chosen["initial_option"]["value"] == "zh"
    assert [o["text"]["text"] for o in chosen["options"]] == ["English", "中文"]
    blank = _dict(select_field("lang", "Language", langs, placeholder="Pick one"))["element"]
    assert "initial_option" not in blank and blank["placeholder"]["text"] == "Pick one"
    with pytest.raises(ValueError, match="lang: no option has the value 'fr'"):
        select_field("lang", "Language", langs, initial="fr")
