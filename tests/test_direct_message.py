"""A project lives in a channel its team shares: none is started in a DM with the app, and a
command typed there is told to name a project, not to "start one here"."""

from __future__ import annotations

from bot.store.models import Project
from tests.test_task import count, team

DM = "D0001"


def test_project_new_in_a_dm_is_refused_and_nothing_is_made(slack):
    reply = slack.command("/project", "new Portal key:MP", channel=DM)
    assert reply.json["response_type"] == "ephemeral", reply.json
    assert "not in a direct message with TeamTrack" in reply.text, reply.text
    assert "`/invite @TeamTrack`" in reply.text, reply.text
    assert count(slack, Project) == 0


def test_bare_project_in_a_dm_says_so_instead_of_opening_a_form(slack):
    reply = slack.command("/project", "", channel=DM)
    assert "not in a direct message with TeamTrack" in reply.text, reply.text
    assert not slack.fake.calls_to("views.open")


def test_a_command_in_a_dm_is_told_to_name_a_project_and_works_with_in_key(slack):
    team(slack)
    slack.command("/task", "add Schema")
    lost = slack.command("/task", "list", channel=DM)
    assert "A direct message has no project: name one with `in:KEY`." in lost.text, lost.text
    assert "Start one here" not in lost.text, lost.text
    found = slack.command("/task", "list in:MP", channel=DM)
    assert "Schema" in str(found.json), found.json


def test_in_chinese(slack):
    slack.fake.users["U0001"].locale = "zh-CN"
    reply = slack.command("/project", "new Portal key:MP", channel=DM)
    assert "不能在与 TeamTrack 的私信中创建" in reply.text, reply.text
    assert (
        "私信中没有项目：请用 `in:KEY` 指定项目。"
        in slack.command("/task", "list", channel=DM).text
    )
