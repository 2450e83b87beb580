"""The bare /task modal and the "Create task from message" shortcut, through real payloads."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.store.models import Task, TaskDependency
from bot.testing.signed import date_value, option_value, text_value, user_value
from tests.test_task import count, task_row, team


def opened_view(slack) -> dict:
    view = slack.fake.calls_to("views.open")[-1].args["view"]
    return json.loads(view) if isinstance(view, str) else view


def test_bare_task_opens_the_modal_with_every_field(slack):
    team(slack)
    reply = slack.command("/task", "")
    assert reply.status == 200
    view = opened_view(slack)
    assert view["callback_id"] == "task_new"
    ids = {b.get("block_id") for b in view["blocks"]}
    assert {"title", "owner", "start", "due", "est", "prio", "milestone", "after"} <= ids
    kinds = {b["block_id"]: b["element"]["type"] for b in view["blocks"] if "element" in b}
    assert kinds["owner"] == "users_select" and kinds["due"] == "datepicker"
    assert kinds["start"] == "datepicker" and kinds["prio"] == "static_select"


def test_modal_submission_validates_onto_fields_then_adds_and_posts(slack):
    team(slack)
    slack.command("/project", 'milestone "Beta" due:2027-01-15')
    slack.command("/task", "add First")
    slack.command("/task", "")
    view = opened_view(slack)
    bad = slack.sender.view_submission(
        view,
        {
            "title": text_value("Schema"),
            "est": text_value("-3h"),
            "milestone": text_value("X-1"),
            "start": date_value("2026-12-10"),
            "due": date_value("2026-12-01"),
        },
    )
    assert bad.json["response_action"] == "errors"
    assert set(bad.json["errors"]) == {"est", "milestone", "due"}
    outsider = slack.sender.view_submission(view, {"title": text_value("Schema"), "owner": user_value("U0005")})  # fmt: skip
    assert set(outsider.json["errors"]) == {"owner"}
    assert count(slack, Task) == 1

    good = slack.sender.view_submission(
        view,
        {
            "title": text_value("Design member schema"),
            "owner": user_value("U0002"),
            "start": date_value("2026-11-30"),
            "due": date_value("2026-12-04"),
            "est": text_value("8h"),
            "prio": option_value("high"),
            "milestone": text_value("M-1"),
            "after": text_value("T-1"),
        },
    )
    assert good.status == 200 and not good.body.strip()
    slack.rt.drain()
    task = task_row(slack, 2)
    assert (task.title, task.owner_id, task.priority, task.estimate_hours) == ("Design member schema", "U0002", "high", 8)  # fmt: skip
    assert str(task.start_date) == "2026-11-30" and str(task.due_date) == "2026-12-04"
    assert task.milestone_id is not None and task.message_ts
    assert count(slack, TaskDependency) == 1


def test_shortcut_opens_the_modal_prefilled_and_links_back(slack):
    team(slack)
    msg, _ = slack.sender.message("C0001", "Login fails on Safari & iOS <3\nmore detail here", user="U0002")  # fmt: skip
    reply = slack.sender.message_shortcut("create_task_from_message", msg, user="U0002")
    assert reply.status == 200
    view = opened_view(slack)
    assert view["callback_id"] == "task_new"
    title = next(b for b in view["blocks"] if b.get("block_id") == "title")
    assert title["element"]["initial_value"] == "Login fails on Safari & iOS <3"
    assert "/archives/C0001/p" in json.dumps(view["blocks"])
    slack.sender.view_submission(view, {"title": text_value("Login fails on Safari")}, user="U0002")
    slack.rt.drain()
    task = task_row(slack, 1)
    assert task.source_permalink and "/archives/C0001/" in task.source_permalink
    card = slack.fake.find_message(task.message_channel, task.message_ts)
    assert task.source_permalink in json.dumps(card.blocks)


def test_shortcut_outside_a_project_channel_says_so(slack):
    team(slack)
    msg, _ = slack.sender.message("C0002", "hello")
    slack.sender.message_shortcut("create_task_from_message", msg)
    assert not slack.fake.calls_to("views.open")
    note = slack.fake.calls_to("chat.postEphemeral")[-1].args
    assert "no project" in note["text"]
    with slack.rt.db.session() as s:
        assert s.scalar(select(Task)) is None


def test_modal_with_a_past_due_date_adds_and_warns_the_creator(slack):
    team(slack)
    slack.command("/task", "")
    view = opened_view(slack)
    slack.sender.view_submission(view, {"title": text_value("Backfill"), "due": date_value("2026-11-02")})  # fmt: skip
    slack.rt.drain()
    assert str(task_row(slack, 1).due_date) == "2026-11-02"
    note = slack.fake.calls_to("chat.postEphemeral")[-1].args
    assert note["user"] == "U0001" and "overdue at once" in note["text"]


def test_shortcut_prefill_drops_channel_pings(slack):
    team(slack)
    msg, _ = slack.sender.message("C0001", "<!here> deploy is broken", user="U0002")
    slack.sender.message_shortcut("create_task_from_message", msg, user="U0002")
    title = next(b for b in opened_view(slack)["blocks"] if b.get("block_id") == "title")
    assert title["element"]["initial_value"] == "deploy is broken"
