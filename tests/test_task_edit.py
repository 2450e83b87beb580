"""/task edit, cancel and delete through the signed endpoint: modal and inline, the confirmation, the card."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.services import burnup, deviations, digest, report
from bot.services.earned_value import earned_value
from bot.services.health import project_health, task_values
from bot.services.project_settings import ProjectSettings
from bot.services.resources import load
from bot.services.standups import Due, prompts
from bot.store.models import Change, Claim, Project, Task
from bot.testing.signed import date_value, initial_values, option_value, text_value, user_value
from tests.test_task import count, shown, task_row, team
from tests.test_task_changes import card_message, changes
from tests.test_task_modal import opened_view


def block(view: dict, block_id: str) -> dict | None:
    return next((b for b in view["blocks"] if b.get("block_id") == block_id), None)


def updates_of_card(slack, task: Task) -> list:
    return [c for c in slack.fake.calls_to("chat.update") if c.args["ts"] == task.message_ts]


# -- edit ---------------------------------------------------------------------------------


def test_edit_opens_the_task_modal_filled_in_and_saving_updates_the_task(slack):
    team(slack)
    slack.command("/project", 'milestone "Beta" due:2027-01-15')
    slack.command("/task", "add Schema <@U0002|alice> start:2026-11-30 due:2026-12-04 est:8h milestone:M-1")  # fmt: skip
    task = task_row(slack, 1)
    reply = slack.command("/task", "edit T-1")
    assert reply.status == 200
    view = opened_view(slack)
    assert view["callback_id"] == "task_edit" and view["title"]["text"] == "Edit T-1"
    assert json.loads(view["private_metadata"])["task_id"] == task.id
    assert block(view, "title")["element"]["initial_value"] == "Schema"
    assert block(view, "owner")["element"]["initial_user"] == "U0002"
    assert block(view, "due")["element"]["initial_date"] == "2026-12-04"
    assert block(view, "est")["element"]["initial_value"] == "8h"
    assert block(view, "milestone")["element"]["initial_value"] == "M-1"
    assert "initial_value" not in block(view, "after")["element"]  # it waits on nothing

    changed = {**initial_values(view), "title": text_value("Schema v2"), "est": text_value("6h"),
               "prio": option_value("high"), "milestone": text_value(None)}  # fmt: skip
    ok = slack.sender.view_submission(view, changed)
    assert ok.status == 200 and not ok.body.strip()
    slack.rt.drain()
    task = task_row(slack, 1)
    assert (task.title, task.estimate_hours, task.priority) == ("Schema v2", 6, "high")
    assert task.milestone_id is None and str(task.due_date) == "2026-12-04" and task.owner_id == "U0002"  # fmt: skip
    assert count(slack, Task) == 1
    assert changes(slack, "title") == [("Schema", "Schema v2", "U0001")]
    assert changes(slack, "estimate")[-1] == ("8.0", "6.0", "U0001")
    assert changes(slack, "priority")[-1] == ("normal", "high", "U0001")
    assert changes(slack, "milestone")[-1] == ("M-1", None, "U0001")
    assert [c.args["channel"] for c in updates_of_card(slack, task)] == ["C0001"]
    assert "Schema v2" in card_message(slack).text and card_message(slack).updated_count == 1


def test_edit_modal_refuses_bad_values_on_their_fields_and_writes_nothing(slack):
    team(slack)
    slack.command("/task", "add Schema <@U0002|alice> est:8h start:2026-11-30")
    slack.command("/task", "edit T-1")
    view = opened_view(slack)
    base = initial_values(view)
    for values, field in [
        ({"est": text_value("-3h")}, "est"),
        ({"milestone": text_value("M-9")}, "milestone"),
        ({"due": date_value("2026-11-20")}, "due"),
        ({"title": text_value("<!channel> now")}, "title"),
    ]:
        bad = slack.sender.view_submission(view, {**base, "title": text_value("Renamed"), **values})
        assert bad.json["response_action"] == "errors", values
        assert set(bad.json["errors"]) == {field}, bad.json
    # bob is a member, not its owner: the due date and the owner are not his to change
    for values, field in [({"due": date_value("2026-12-09")}, "due"), ({"owner": user_value("U0003")}, "owner")]:  # fmt: skip
        bad = slack.sender.view_submission(view, {**base, **values}, user="U0003")
        assert set(bad.json["errors"]) == {field} and "Only the owner of T-1" in bad.json["errors"][field]  # fmt: skip
    task = task_row(slack, 1)
    assert (task.title, task.estimate_hours, task.due_date) == ("Schema", 8, None)
    assert task.owner_id == "U0002"
    assert changes(slack, "title") == [] and not slack.fake.calls_to("chat.update")


def test_inline_edit_changes_them_at_once_and_updates_the_card_in_place(slack):
    team(slack)
    slack.command("/project", 'milestone "Beta" due:2027-01-15')
    slack.command("/task", "add Schema est:8h")
    reply = slack.command("/task", 'edit T-1 title:"Design <member> schema" est:6h prio:high milestone:M-1')  # fmt: skip
    assert "T-1 updated" in reply.text and "Design &lt;member&gt; schema" in reply.text
    assert "6 h" in reply.text and "high" in reply.text and "M-1" in reply.text
    task = task_row(slack, 1)
    assert (task.title, task.estimate_hours, task.priority) == ("Design <member> schema", 6, "high")
    assert task.milestone_id is not None
    assert len(updates_of_card(slack, task)) == 1
    assert "Design &lt;member&gt; schema" in card_message(slack).text
    assert changes(slack, "title") == [("Schema", "Design <member> schema", "U0001")]
    # `none` clears; the same values again change nothing and say so
    slack.command("/task", "edit T-1 milestone:none est:none")
    assert task_row(slack, 1).milestone_id is None and task_row(slack, 1).estimate_hours is None
    again = slack.command("/task", "edit T-1 prio:high")
    assert "unchanged" in again.text
    assert len(changes(slack, "priority")) == 1


def test_inline_edit_owner_and_due_follow_assign_and_due_rules_with_the_slip(slack):
    team(slack)
    slack.command("/task", "add Schema <@U0002|alice> due:2026-12-04")
    slack.command("/project", "baseline")
    denied = slack.command("/task", "edit T-1 due:2026-12-09", user="U0003")
    assert "Only the owner of T-1 (<@U0002>)" in denied.text
    reply = slack.command("/task", "edit T-1 due:2026-12-09 <@U0003|bob>", user="U0002")
    assert "Slipped 5 days" in reply.text and "<@U0003>" in reply.text
    task = task_row(slack, 1)
    assert str(task.due_date) == "2026-12-09" and task.owner_id == "U0003"
    assert changes(slack, "slip_days") == [("0", "5", "U0002")]
    assert changes(slack, "owner")[-1] == ("U0002", "U0003", "U0002")


def test_inline_edit_with_a_bad_value_says_how_and_writes_nothing(slack):
    team(slack)
    slack.command("/task", "add Schema est:8h")
    for text, says in [
        ("edit T-1 est:lots", "couldn't read `est:lots`"),
        ('edit T-1 title:"Good" milestone:M-9', "has no milestone M-9"),
        ("edit T-1 prio:extreme", "is not one of"),
        ("edit T-1 color:red", "not an option of edit"),
        ("edit T-1 New title", 'title:"New title"'),
        ("edit T-1 due:2026-02-30", "2026-02-30"),
        ('edit T-1 title:"<!here> look"', "can't notify everyone"),
        ("edit title:x", "Say which task"),
    ]:
        reply = slack.command("/task", text)
        assert reply.text.startswith(":warning:") and says in reply.text, (text, reply.text)
    task = task_row(slack, 1)
    assert (task.title, task.estimate_hours, task.priority) == ("Schema", 8, "normal")
    assert changes(slack, "title") == [] and not slack.fake.calls_to("chat.update")
    assert "as a stakeholder, so you can't edit tasks" in slack.command("/task", "edit T-1 est:2h", user="U0004").text  # fmt: skip
    assert "as a stakeholder, so you can't edit tasks" in slack.command("/task", "edit T-1", user="U0004").text  # fmt: skip
    assert not slack.fake.calls_to("views.open")


# -- cancel and reopen --------------------------------------------------------------------


def test_cancel_keeps_history_and_takes_the_task_out_of_lists_and_earned_value(slack):
    team(slack)
    slack.command("/task", "add Keep <@U0002|alice> est:8h start:2026-11-16 due:2026-11-20")
    slack.command("/task", "add Drop <@U0002|alice> est:4h start:2026-11-16 due:2026-11-20")
    slack.command("/task", "progress T-2 50%", user="U0002")
    reply = slack.command("/task", "cancel T-2 duplicate of T-1", user="U0002")
    assert "T-2 canceled (duplicate of T-1)" in reply.text
    task = task_row(slack, 2)
    assert task.status == "canceled" and task.progress == 50
    assert changes(slack, "status")[-1] == ("in_progress", "canceled", "U0002")
    assert changes(slack, "cancel_reason") == [(None, "duplicate of T-1", "U0002")]
    card = json.dumps(card_message(slack, 2).blocks)
    assert "canceled" in card and "task_start" not in card and "task_done" not in card

    for filt in ("", "open", "overdue", "mine"):
        assert "Drop" not in shown(slack.command("/task", f"list {filt}", user="U0002")), filt
    listed = shown(slack.command("/task", "list all"))
    assert "Drop" in listed and "canceled" in listed
    assert "is canceled; reopen it first" in slack.command("/task", "done T-2").text
    assert "is canceled" in slack.command("/task", "log T-2 1h").text
    assert "already canceled" in slack.command("/task", "cancel T-2").text

    now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    with slack.rt.db.session() as s:
        project = s.scalar(select(Project).where(Project.key == "MP"))
        day = now.date()
        in_sql = project_health(s, project, day).ev
        in_python = earned_value(task_values(s, [project.id])[project.id], day)
        assert in_sql.bac == in_python.bac == 8 and in_sql.pv == in_python.pv == 8
        assert in_sql.ev == in_python.ev == 0
        devs = deviations.find(s, [project], now)
        assert {d.ref for d in devs if d.ref.startswith("T-")} == {"T-1"}
        built = digest.build(s, project, now, since=now - timedelta(days=7), until=now)
        assert [t.number for t in built.overdue] == [1] and built.in_progress == []
        due = Due(project, ProjectSettings.of(project.settings), day)
        assert [t.number for t in prompts(s, [due])[project.id].overdue.get("U0002", [])] == [1]
        week = load(s, project, datetime(2026, 11, 16).date(), day)
        assert sum(r.assigned for r in week) == 8
        made = report.build(s, project, day)
        assert (made.tasks_total, made.tasks_done) == (1, 0)
        assert burnup.series(s, project, day).scope[-1] == 8  # out of scope from the day canceled


def test_reopen_brings_a_canceled_task_back_into_the_plan(slack):
    team(slack)
    slack.command("/task", "add Drop est:4h due:2026-12-04")
    slack.command("/task", "cancel T-1")
    assert changes(slack, "cancel_reason") == []  # no reason given, none recorded
    assert "reopened" in slack.command("/task", "reopen T-1").text
    task = task_row(slack, 1)
    assert task.status == "open" and task.reopened_count == 0
    assert [(o, n) for o, n, _ in changes(slack, "status")] == [("open", "canceled"), ("canceled", "open")]  # fmt: skip
    assert "Drop" in shown(slack.command("/task", "list open"))
    assert "task_start" in json.dumps(card_message(slack).blocks)
    with slack.rt.db.session() as s:
        project = s.scalar(select(Project).where(Project.key == "MP"))
        assert project_health(s, project, datetime(2026, 11, 23).date()).ev.bac == 4


def test_only_the_task_owner_or_a_project_owner_cancels(slack):
    team(slack)
    slack.command("/task", "add Schema <@U0002|alice>")
    denied = slack.command("/task", "cancel T-1", user="U0003")
    assert "Only the owner of T-1 (<@U0002>) or a project owner (<@U0001>)" in denied.text
    assert task_row(slack, 1).status == "open"
    slack.command("/task", "done T-1", user="U0002")
    assert "done, so there is nothing to cancel" in slack.command("/task", "cancel T-1").text


# -- delete -------------------------------------------------------------------------------


def ephemeral_to(slack, user: str = "U0001"):
    return [m for m in slack.fake.channel_messages("C0001") if m.ephemeral_to == user][-1]


def test_delete_asks_then_cancel_keeps_and_confirm_removes_and_replaces_the_card(slack):
    team(slack)
    slack.command("/resource", "add Projector kind:equipment capacity:20h")
    slack.command("/task", "add Mistake <@U0002|alice> est:3h", user="U0002")
    slack.command("/resource", "claim Projector for:T-1 from:2026-12-07 to:2026-12-11 hours:8")
    task = task_row(slack, 1)
    ask = slack.command("/task", "delete T-1")
    assert "Delete *MP T-1*" in ask.text and "C-1 stays booked, for no task" in ask.text
    buttons = [e for b in ask.json["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [(b["text"]["text"], b.get("style")) for b in buttons] == [("Delete T-1", "danger"), ("Cancel", None)]  # fmt: skip
    assert count(slack, Task) == 1

    question = ephemeral_to(slack)
    slack.sender.block_action("task_delete_keep", "T-1", message=question)
    slack.rt.drain()
    assert "Kept T-1" in ephemeral_to(slack).text and count(slack, Task) == 1

    slack.command("/task", "delete T-1")
    slack.sender.block_action("task_delete", str(task.id), message=ephemeral_to(slack))
    slack.rt.drain()
    assert count(slack, Task) == 0
    assert "Deleted T-1" in ephemeral_to(slack).text
    gone = slack.fake.find_message(task.message_channel, task.message_ts)
    assert gone.text == "MP T-1 was deleted by <@U0001>."
    assert "actions" not in json.dumps(gone.blocks) and "task_start" not in json.dumps(gone.blocks)
    with slack.rt.db.session() as s:
        claim = s.scalar(select(Claim))
        assert claim.number == 1 and claim.task_id is None  # detached, still booked
        row = s.scalar(select(Change).where(Change.field == "deleted"))
        assert (row.entity_id, row.old, row.actor) == (task.id, "T-1 Mistake", "U0001")
    # a second click on the old question finds nothing to delete
    slack.sender.block_action("task_delete", str(task.id), message=ephemeral_to(slack))
    slack.rt.drain()
    assert "no longer exists" in ephemeral_to(slack).text


def test_delete_is_refused_with_hours_logged_or_dependants_or_for_others(slack):
    team(slack)
    slack.command("/task", "add Logged", user="U0002")
    slack.command("/task", "add First", user="U0002")
    slack.command("/task", "add Second after:T-2", user="U0002")
    slack.command("/task", "log T-1 3h", user="U0002")
    logged = slack.command("/task", "delete T-1").text
    assert logged == ":warning: T-1 has 3h logged; cancel it instead: `/task cancel T-1`.", logged
    # T-2 is the one asked to be deleted: it is the one to cancel, said once, no example after.
    waited_on = slack.command("/task", "delete T-2").text
    assert waited_on == (
        ":warning: T-2 can't be deleted: T-3 depends on it. Cancel T-2 instead: `/task cancel T-2`."
    ), waited_on
    denied = slack.command("/task", "delete T-3", user="U0003")
    assert "Only the creator of T-3 (<@U0002>) or a project owner (<@U0001>)" in denied.text
    assert "as a stakeholder, so you can't delete T-3" in slack.command("/task", "delete T-3", user="U0004").text  # fmt: skip
    assert "Delete T-3" in json.dumps(slack.command("/task", "delete T-3", user="U0002").json)
    assert count(slack, Task) == 3


def test_delete_confirmed_after_hours_were_logged_is_refused_then(slack):
    team(slack)
    slack.command("/task", "add Mistake")
    task = task_row(slack, 1)
    slack.command("/task", "delete T-1")
    question = ephemeral_to(slack)
    slack.command("/task", "log T-1 1h")
    slack.sender.block_action("task_delete", str(task.id), message=question)
    slack.rt.drain()
    assert count(slack, Task) == 1
    assert "T-1 has 1h logged" in slack.fake.find_message("C0001", question.ts, include_ephemeral=True).text  # fmt: skip
    # and a click from another workspace finds nothing
    slack.sender.block_action("task_delete", str(task.id), team_id="T0002", message=question)
    slack.rt.drain()
    assert count(slack, Task) == 1


def test_help_lists_edit_cancel_and_delete(slack):
    helped = shown(slack.command("/task", "help"))
    for verb in ("edit T-7", 'title:\\"', "cancel T-7", "delete T-7"):
        assert verb in helped, verb


def test_the_edit_modal_shows_and_changes_what_the_task_waits_on(slack):
    team(slack)
    for title in ("API", "Schema", "Client"):
        slack.command("/task", f"add {title} due:2026-12-18")
    slack.command("/task", "depend T-3 after:T-1")
    slack.command("/task", "edit T-3")
    view = opened_view(slack)
    assert block(view, "after")["element"]["initial_value"] == "T-1"
    base = initial_values(view)
    cycle = slack.command("/task", "depend T-2 after:T-3")  # T-2 waits on T-3 now
    assert "now waits on T-3" in cycle.text
    bad = slack.sender.view_submission(view, {**base, "after": text_value("T-2")})
    assert set(bad.json["errors"]) == {"after"} and "cycle" in bad.json["errors"]["after"], bad.json
    ok = slack.sender.view_submission(view, {**base, "after": text_value("T-1")})  # unchanged
    assert ok.status == 200 and not ok.body.strip()
    assert changes(slack, "after")[-1] == (None, "T-3", "U0001")  # T-2's: nothing new for T-3
    slack.command("/task", "depend T-2 remove:T-3")
    ok = slack.sender.view_submission(view, {**base, "after": text_value("T-2")})
    assert ok.status == 200 and not ok.body.strip(), ok.body
    slack.rt.drain()
    assert changes(slack, "after")[-1] == ("T-1", "T-2", "U0001")
    assert ":hourglass: Waits on T-2" in json.dumps(card_message(slack, 3).blocks)
    cleared = slack.sender.view_submission(view, {**base, "after": text_value(None)})
    assert cleared.status == 200
    assert changes(slack, "after")[-1] == ("T-2", None, "U0001")
