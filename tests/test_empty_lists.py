"""Empty lists say so in plain words, for every filter: never "No all tasks"."""

from __future__ import annotations

import pytest

from tests.test_task import team

TASKS = [
    ("all", "No tasks yet in *MP*. Add one with `/task add …`"),
    ("", "No open tasks in *MP*."),
    ("open", "No open tasks in *MP*."),
    ("mine", "You have no open tasks in *MP*."),
    ("<@U0001|lead>", "You have no open tasks in *MP*."),
    ("overdue", "No overdue tasks in *MP*."),
    ("blocked", "No blocked tasks in *MP*."),
    ("done", "No done tasks yet in *MP*."),
    ("<@U0003|bob>", "<@U0003> has no open tasks in *MP*."),
    ("all <@U0003|bob>", "<@U0003> has no tasks in *MP*."),
    ("overdue milestone:M-1", "No overdue tasks for M-1 in *MP*."),
    ("all milestone:M-1", "No tasks for M-1 yet in *MP*. Add one with `/task add …`"),
]


@pytest.mark.parametrize(("text", "expected"), TASKS)
def test_an_empty_task_list_says_so_for_its_filter(slack, text, expected):
    team(slack)
    slack.command("/project", 'milestone "Beta" due:2027-01-15')
    reply = slack.command("/task", f"list {text}")
    assert reply.text == expected


def test_a_filter_that_matches_nothing_says_which_filter(slack):
    team(slack)
    slack.command("/task", "add Shipped <@U0002|alice> due:2026-12-20")
    slack.command("/task", "done T-1")
    assert slack.command("/task", "list").text == "No open tasks in *MP*."
    assert (
        slack.command("/task", "list mine", user="U0002").text == "You have no open tasks in *MP*."
    )
    assert "Shipped" in slack.command("/task", "list done").text


RISKS = [
    ("list", "No open risks in *MP*. Add one with `/risk add …`"),
    ("list open", "No open risks in *MP*. Add one with `/risk add …`"),
    ("list mine", "You own no open risks in *MP*."),
    ("list all", "No risks yet in *MP*. Add one with `/risk add …`"),
]


@pytest.mark.parametrize(("text", "expected"), RISKS)
def test_an_empty_risk_list_says_so_for_its_filter(slack, text, expected):
    team(slack)
    assert slack.command("/risk", text).text == expected


def test_an_empty_claim_list_says_so(slack):
    team(slack)
    assert "*MP* holds no claims" in slack.command("/resource", "list").text
