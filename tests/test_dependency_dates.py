"""Due dates in an order the dependencies can't keep are accepted, since plans change, and said:
a task due before one it waits on, or after one that waits on it; done work says nothing."""

from __future__ import annotations

import json
import re

from bot.testing.signed import date_value, text_value
from tests.test_task import task_row, team
from tests.test_task_changes import card_message
from tests.test_task_modal import opened_view


def test_a_task_added_after_one_due_later_is_warned(slack):
    team(slack)
    slack.command("/task", "add API due:2026-12-18")
    reply = slack.command("/task", "add Client due:2026-12-11 after:T-1")
    assert "Added *MP T-2*" in reply.text, reply.text
    assert (
        "T-2 is due 2026-12-11, before T-1, which it waits on, is due (2026-12-18)." in reply.text
    )


def test_depend_and_due_changes_say_when_the_order_breaks_and_not_when_it_holds(slack):
    team(slack)
    slack.command("/task", "add API due:2026-12-18")
    slack.command("/task", "add Client due:2026-12-11")
    depend = slack.command("/task", "depend T-2 after:T-1")
    assert "T-2 now waits on T-1." in depend.text
    assert "before T-1, which it waits on" in depend.text, depend.text
    fixed = slack.command("/task", "due T-2 2026-12-21")
    assert "waits on" not in fixed.text, fixed.text
    later = slack.command("/task", "due T-1 2026-12-23")  # the predecessor moves past it
    assert (
        "T-1 is due 2026-12-23, after T-2, which waits on it, is due (2026-12-21)." in later.text
    ), later.text


def test_done_work_is_out_of_it(slack):
    team(slack)
    slack.command("/task", "add API due:2026-12-18")
    slack.command("/task", "done T-1")
    reply = slack.command("/task", "add Client due:2026-12-11 after:T-1")
    assert "waits on" not in reply.text, reply.text


def test_in_chinese(slack):
    slack.fake.users["U0001"].locale = "zh-CN"
    slack.project("new Portal key:MP lang:zh start:2026-12-01 end:2027-03-31")
    slack.command("/task", "add API due:2026-12-18")
    reply = slack.command("/task", "add Client due:2026-12-11 after:T-1")
    assert "T-2 的截止日期 12月11日 早于它所等待的 T-1 的截止日期（12月18日）。" in reply.text


def test_the_task_modal_warns_its_creator_too(slack):
    team(slack)
    slack.command("/task", "add API due:2026-12-18")
    slack.command("/task", "")
    view = opened_view(slack)
    values = {"title": text_value("Client"), "due": date_value("2026-12-11"), "after": text_value("T-1")}  # fmt: skip
    slack.sender.view_submission(view, values)
    slack.rt.drain()
    note = slack.fake.calls_to("chat.postEphemeral")[-1].args
    assert note["user"] == "U0001", note
    assert (
        "T-2 is due 2026-12-11, before T-1, which it waits on, is due (2026-12-18)." in note["text"]
    )


def _waits(slack, number: int) -> str | None:
    """What the task's card says it waits on, as the channel shows it now; None if nothing."""
    blocks = json.dumps(card_message(slack, number).blocks, ensure_ascii=False)
    found = re.search(r"(?:Waits on|等待) ([^\"\\\\]*?)(?: 完成)?\"", blocks)
    return found[1] if found else None


def test_a_card_says_what_it_waits_on_and_is_redrawn_when_that_is_done_or_reopened(slack):
    team(slack)
    slack.command("/task", "add API")
    slack.command("/task", "add Schema")
    slack.command("/task", "add Client after:T-1")
    slack.rt.drain()
    assert _waits(slack, 3) == "T-1" and _waits(slack, 1) is None
    slack.command("/task", "depend T-3 after:T-2")
    slack.rt.drain()
    assert _waits(slack, 3) == "T-1, T-2"
    slack.command("/task", "done T-1")
    slack.rt.drain()
    assert _waits(slack, 3) == "T-2"
    slack.command("/task", "reopen T-1")
    slack.rt.drain()
    assert _waits(slack, 3) == "T-1, T-2"
    task = task_row(slack, 2)
    slack.sender.block_action("task_done", str(task.id), message=card_message(slack, 2))
    slack.rt.drain()
    assert _waits(slack, 3) == "T-1"
    slack.command("/task", "cancel T-1 not needed")
    slack.rt.drain()
    assert _waits(slack, 3) is None


def test_a_card_in_chinese_says_what_it_waits_on(slack):
    slack.fake.users["U0001"].locale = "zh-CN"
    slack.project("new Portal key:MP lang:zh start:2026-12-01 end:2027-03-31")
    slack.command("/task", "add API")
    slack.command("/task", "add Client after:T-1")
    slack.rt.drain()
    assert ":hourglass: 等待 T-1 完成" in json.dumps(
        card_message(slack, 2).blocks, ensure_ascii=False
    )


def test_a_dependency_added_by_mistake_is_removed(slack):
    team(slack)
    for title in ("API", "Schema", "Client"):
        slack.command("/task", f"add {title}")
    slack.command("/task", "depend T-3 after:T-1,T-2")
    removed = slack.command("/task", "depend T-3 remove:T-1")
    assert removed.text == "T-3 now waits on T-2.", removed.text
    slack.rt.drain()
    assert _waits(slack, 3) == "T-2"
    wrong = slack.command("/task", "depend T-3 remove:T-1")
    assert "T-3 doesn't wait on T-1; it waits on T-2." in wrong.text, wrong.text
    assert "`/task depend T-3 remove:T-2`" in wrong.text, wrong.text
    assert slack.command("/task", "depend T-3 移除:T-2").text == "T-3 no longer waits on anything."
    slack.rt.drain()
    assert _waits(slack, 3) is None
    nothing = slack.command("/task", "depend T-3 remove:T-2")
    assert "T-3 doesn't wait on T-2, nor on anything else." in nothing.text, nothing.text
    history = slack.command("/task", "show T-3").text + str(slack.command("/task", "show T-3").json)
    assert "T-1, T-2" in history and "T-2" in history
    assert (
        "only members" in slack.command("/task", "depend T-3 remove:T-2", user="U0005").text.lower()
    )
