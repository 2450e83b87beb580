"""Every change verb, its permissions and its audit row; buttons update the task's message in place."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.store.models import Change, EffortEntry
from tests.test_task import task_row, team


def changes(slack, field: str) -> list[tuple[str | None, str | None, str]]:
    with slack.rt.db.session() as s:
        rows = s.scalars(select(Change).where(Change.entity == "task", Change.field == field).order_by(Change.id))  # fmt: skip
        return [(c.old, c.new, c.actor) for c in rows]


def card_message(slack, number: int = 1):
    task = task_row(slack, number)
    return slack.fake.find_message(task.message_channel, task.message_ts)


def test_lifecycle_verbs_change_the_task_and_write_the_audit(slack):
    team(slack)
    slack.command("/task", "add Schema <@U0002|alice> due:2026-12-04 est:8h")
    assert "started" in slack.command("/task", "start T-1", user="U0002").text
    assert "60%" in slack.command("/task", "progress T-1 60%", user="U0003").text
    assert "blocked" in slack.command("/task", 'block T-1 "waiting for API keys"').text
    assert task_row(slack, 1).blocked_reason == "waiting for API keys"
    assert "unblocked" in slack.command("/task", "unblock T-1").text
    assert "3 h" in slack.command("/task", "log T-1 3h", user="U0002").text
    assert "done" in slack.command("/task", "done T-1", user="U0002").text
    assert "reopened" in slack.command("/task", "reopen T-1").text
    task = task_row(slack, 1)
    assert task.status == "in_progress" and task.reopened_count == 1 and task.spent_hours == 3
    statuses = [(o, n) for o, n, _ in changes(slack, "status")]
    assert statuses == [
        ("open", "in_progress"),
        ("in_progress", "blocked"),
        ("blocked", "in_progress"),
        ("in_progress", "done"),
        ("done", "in_progress"),
    ]
    assert changes(slack, "progress")[0] == ("0", "60", "U0003")
    assert changes(slack, "spent") == [("0.0", "3.0", "U0002")]
    with slack.rt.db.session() as s:
        assert s.scalar(select(EffortEntry.hours)) == 3


def test_progress_100_finishes_and_state_errors_are_explained(slack):
    team(slack)
    slack.command("/task", "add Schema")
    slack.command("/task", "progress T-1 100%")
    assert task_row(slack, 1).status == "done"
    assert "already done" in slack.command("/task", "done T-1").text
    assert "reopen it first" in slack.command("/task", "start T-1").text
    assert "isn't blocked" in slack.command("/task", "unblock T-1").text
    assert "what blocks it" in slack.command("/task", "block T-1").text


def test_only_task_owner_or_project_owner_reassigns_or_moves_due(slack):
    team(slack)
    slack.command("/task", "add Schema <@U0002|alice> due:2026-12-04")
    denied = slack.command("/task", "assign T-1 <@U0003|bob>", user="U0003")
    assert "Only the owner of T-1 (<@U0002>) or a project owner (<@U0001>)" in denied.text
    denied = slack.command("/task", "due T-1 2026-12-10", user="U0003")
    assert "Only the owner" in denied.text
    assert task_row(slack, 1).owner_id == "U0002"
    assert "<@U0003>" in slack.command("/task", "assign T-1 <@U0003|bob>", user="U0002").text
    assert "2026-12-10" in slack.command("/task", "due T-1 2026-12-10", user="U0003").text
    assert "2026-12-11" in slack.command("/task", "due T-1 2026-12-11").text  # project owner
    assert changes(slack, "owner")[-1] == ("U0002", "U0003", "U0002")
    assert "not a member" in slack.command("/task", "assign T-1 <@U0005|x>").text


def test_stakeholders_and_outsiders_read_but_do_not_change(slack):
    team(slack)
    slack.command("/task", "add Schema")
    for user, refused in (("U0004", "as a stakeholder, so you can't"), ("U0005", "Only members")):
        assert refused in slack.command("/task", "start T-1", user=user).text
        assert refused in slack.command("/task", "add More", user=user).text
        assert "Schema" in slack.command("/task", "list", user=user).text
        assert "Schema" in slack.command("/task", "show T-1", user=user).text
    assert task_row(slack, 1).status == "open"


def test_due_change_after_baseline_records_the_slip(slack):
    team(slack)
    slack.command("/task", "add Schema due:2026-12-04")
    slack.command("/project", "baseline")
    reply = slack.command("/task", "due T-1 2026-12-09")
    assert "Slipped 5 days" in reply.text
    assert changes(slack, "slip_days") == [("0", "5", "U0001")]
    assert changes(slack, "due")[-1][:2] == ("2026-12-04", "2026-12-09")
    assert "+5 d" in json.dumps(slack.command("/task", "show T-1").json)


def test_due_without_baseline_records_no_slip_and_warns_when_past(slack):
    team(slack)
    slack.command("/task", "add Schema due:2026-12-04")
    reply = slack.command("/task", "due T-1 2026-11-20")
    assert "overdue at once" in reply.text
    assert changes(slack, "slip_days") == []


def test_buttons_change_the_task_and_update_its_own_message(slack):
    team(slack)
    slack.command("/task", "add Schema <@U0002|alice>")
    task = task_row(slack, 1)
    posts = len(slack.fake.calls_to("chat.postMessage"))
    msg = card_message(slack)
    assert slack.sender.block_action("task_start", str(task.id), user="U0002", message=msg).status == 200  # fmt: skip
    slack.rt.drain()
    assert task_row(slack, 1).status == "in_progress"
    assert "in progress" in card_message(slack).text
    slack.sender.block_action("task_progress", str(task.id), user="U0002", message=msg)
    slack.rt.drain()
    slack.sender.block_action("task_progress", str(task.id), user="U0002", message=msg)
    slack.rt.drain()
    assert task_row(slack, 1).progress == 50
    assert "50%" in json.dumps(card_message(slack).blocks)
    slack.sender.block_action("task_done", str(task.id), user="U0002", message=msg)
    slack.rt.drain()
    assert task_row(slack, 1).status == "done"
    updated = slack.fake.calls_to("chat.update")
    assert len(updated) == 4 and all(c.args["ts"] == task.message_ts for c in updated)
    assert "task_done" not in json.dumps(card_message(slack).blocks)
    channel_posts = [c for c in slack.fake.calls_to("chat.postMessage")[posts:] if c.args.get("channel") == "C0001"]  # fmt: skip
    assert channel_posts == []  # updated in place, never re-posted
    assert card_message(slack).updated_count == 4


def test_slash_changes_also_update_the_card(slack):
    team(slack)
    slack.command("/task", "add Schema")
    slack.command("/task", 'block T-1 "no keys"')
    assert "Blocked: no keys" in json.dumps(card_message(slack).blocks)


def test_a_button_click_by_a_stakeholder_changes_nothing_and_says_why(slack):
    team(slack)
    slack.command("/task", "add Schema")
    task = task_row(slack, 1)
    slack.sender.block_action("task_done", str(task.id), user="U0004", message=card_message(slack))
    slack.rt.drain()
    assert task_row(slack, 1).status == "open"
    notes = slack.fake.calls_to("chat.postEphemeral")
    assert (
        notes and "as a stakeholder" in notes[-1].args["text"] and notes[-1].args["user"] == "U0004"
    )


def test_a_button_from_another_workspace_finds_nothing(slack):
    """Another installation's card (its own bot posted it) naming our task's id reaches nothing."""
    team(slack)
    slack.command("/task", "add Schema")
    task = task_row(slack, 1)
    theirs = {**card_message(slack).to_dict(), "bot_id": "B0002"}
    slack.sender.block_action("task_done", str(task.id), team_id="T0002", message=theirs)
    slack.sender.block_action("task_done", str(task.id), team_id="T0002")
    slack.rt.drain()
    assert task_row(slack, 1).status == "open"
    notes = slack.fake.calls_to("chat.postEphemeral")
    assert len(notes) == 2 and all("no longer exists" in n.args["text"] for n in notes)
