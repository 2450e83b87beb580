"""A due date after the project's end is accepted, since plans change, and said out loud: to the
person who set it for a task, to the channel for a milestone; a date within the span says nothing."""

from __future__ import annotations

from bot.testing.signed import date_value, text_value
from tests.test_task import task_row, team
from tests.test_task_modal import opened_view

AFTER = "T-1 is due 2027-04-02, after *MP* ends (2027-03-31)."  # the test project ends Mar 31


def test_a_task_added_due_after_the_end_is_added_with_a_warning(slack):
    team(slack)
    reply = slack.command("/task", "add Launch party due:2027-04-02")
    assert "Added *MP T-1*" in reply.text and AFTER in reply.text, reply.text
    assert str(task_row(slack, 1).due_date) == "2027-04-02"
    on_the_end = slack.command("/task", "add Retro due:2027-03-31")
    assert "Added *MP T-2*" in on_the_end.text and "ends" not in on_the_end.text, on_the_end.text


def test_moving_a_due_date_past_the_end_warns_and_moving_it_back_does_not(slack):
    team(slack)
    slack.command("/task", "add Launch party due:2027-03-01")
    moved = slack.command("/task", "due T-1 2027-04-02")
    assert AFTER in moved.text, moved.text
    back = slack.command("/task", "due T-1 2027-03-30")
    assert "ends" not in back.text, back.text


def test_the_task_modal_warns_the_creator_of_a_due_date_after_the_end(slack):
    team(slack)
    slack.command("/task", "")
    view = opened_view(slack)
    slack.sender.view_submission(view, {"title": text_value("Party"), "due": date_value("2027-04-02")})  # fmt: skip
    slack.rt.drain()
    assert str(task_row(slack, 1).due_date) == "2027-04-02"
    note = slack.fake.calls_to("chat.postEphemeral")[-1].args
    assert note["user"] == "U0001" and AFTER in note["text"], note


def test_a_milestone_after_the_end_is_announced_with_the_warning(slack):
    team(slack)
    late = slack.command("/project", 'milestone "Go live" due:2027-04-15')
    assert late.json["response_type"] == "in_channel", late.json
    assert "M-1 is due 2027-04-15, after *MP* ends (2027-03-31)." in late.text, late.text
    inside = slack.command("/project", 'milestone "Beta" due:2027-02-01')
    assert "ends" not in inside.text, inside.text


def test_a_project_without_an_end_date_has_nothing_to_warn_of(slack):
    slack.project("new Portal key:MP start:2026-12-01")
    reply = slack.command("/task", "add Launch party due:2030-04-02")
    assert "Added *MP T-1*" in reply.text and "ends" not in reply.text, reply.text


def test_the_warning_in_chinese(slack):
    slack.fake.users["U0001"].locale = "zh-CN"
    slack.project("new Portal key:MP lang:zh start:2026-12-01 end:2027-03-31")
    reply = slack.command("/task", "add 上线庆祝 due:2027-04-02")
    assert "T-1 的截止日期 2027年4月2日 晚于 *MP* 的结束日期（2027年3月31日）。" in reply.text, (
        reply.text
    )
