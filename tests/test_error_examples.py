"""An error quotes what the person wrote, as they wrote it, and its example is one that works
where they wrote it: never the refused input again, never a `key:` they did not type."""

from __future__ import annotations

import pytest

from bot.store.models import Change, Task
from tests.test_task import count, team


def _said(slack, command: str, text: str) -> str:
    reply = slack.command(command, text)
    assert reply.status == 200 and reply.json["response_type"] == "ephemeral", reply.text
    return reply.text


@pytest.mark.parametrize(
    ("command", "text", "quoted", "example"),
    [
        ("/task", "log T-1 -3h", "`-3h` is negative", "`/task log T-7 3h`"),
        ("/task", "log T-1 3 bananas", "`3 bananas`", "`/task log T-7 3h`"),
        ("/task", "progress T-1 150%", "`150%` is out of range", "`/task progress T-7 60%`"),
        (
            "/project",
            'spend -5 "oops"',
            "`-5` is negative",
            '`/project spend 1200 "design agency" task:T-3`',
        ),  # fmt: skip
    ],
)
def test_a_value_given_in_its_place_is_quoted_as_typed_with_the_commands_usage(
    slack, command, text, quoted, example
):
    team(slack)
    slack.command("/task", "add Schema")
    said = _said(slack, command, text)
    assert quoted in said and f"For example: {example}" in said, said
    assert "log:" not in said and "progress:" not in said and "amount:" not in said


def test_inline_values_keep_their_key(slack):
    team(slack)
    said = _said(slack, "/task", "add Schema est:-3h")
    assert "`est:-3h` is negative" in said and "For example: `est:8h`" in said, said


def test_a_task_waiting_on_itself_is_shown_another_ref_and_a_cycle_no_example(slack):
    team(slack)
    for title in ("One", "Two", "Three"):
        slack.command("/task", f"add {title}")
    itself = _said(slack, "/task", "depend T-3 after:T-3")
    assert "T-3 can't wait on itself" in itself and "For example: `after:T-1`" in itself, itself
    first = _said(slack, "/task", "depend T-1 after:T-2")
    assert "For example: `after:T-2`" in _said(slack, "/task", "depend T-1 after:T-1"), first
    slack.command("/task", "depend T-3 after:T-1")
    cycle = _said(slack, "/task", "depend T-2 after:T-3")
    assert "That would make a cycle: T-2 → T-3 → T-1 → T-2." in cycle, cycle
    assert "For example" not in cycle, cycle


@pytest.mark.parametrize("text", ["log T-1 <!channel>", "progress T-1 <!channel>", "due T-1 <!channel>"])  # fmt: skip
def test_a_quoted_mention_stays_text_and_nothing_is_written(slack, text):
    team(slack)
    slack.command("/task", "add Schema")
    changes, posts = count(slack, Change), len(slack.fake.calls)
    said = _said(slack, "/task", text)
    assert "&lt;!channel&gt;" in said and "<!channel>" not in said, said
    assert count(slack, Change) == changes  # no audit row: nothing was changed
    assert not [
        c for c in slack.fake.calls[posts:] if c.method in ("chat.update", "chat.postMessage")
    ]


def test_dates_given_in_their_place_are_quoted_as_typed(slack):
    team(slack)
    slack.command("/task", "add Schema")
    due = _said(slack, "/task", "due T-1 blorp")
    assert "I couldn't read `blorp` as a date. Try `2026-11-30`, `friday`" in due, due
    report = _said(slack, "/standup", "report 2026-12-32")
    assert "`2026-12-32` is not a date" in report and "report:" not in report, report


def test_29_february_in_a_year_without_one_is_refused_and_nothing_is_added(slack):
    team(slack)  # the sandbox clock is in November 2026: the coming February has 28 days
    said = _said(slack, "/task", 'add Leap due:"Feb 29"')
    assert "`due:Feb 29` is not a date: February 2027 has 28 days" in said, said
    assert "write `2028-02-29` if you mean the next 29 February" in said, said
    assert count(slack, Task) == 0
    slack.command("/task", "add Leap due:2028-02-29")
    assert count(slack, Task) == 1
