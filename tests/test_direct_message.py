"""A project lives in a channel its team shares: none is started in a DM with the app, and a
command typed there is told to name a project, not to "start one here"."""

from __future__ import annotations

from sqlalchemy import select

from bot.store.models import Project, Task
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


def channel_posts(slack, channel: str = "C0001") -> list[str]:
    return [m.text for m in slack.fake.channel_messages(channel) if not m.ephemeral_to]


def test_a_risk_closed_or_occurred_in_a_dm_is_announced_in_the_projects_channel(slack):
    team(slack)
    slack.command("/risk", 'add "Vendor late" likelihood:4 impact:3')
    slack.command("/risk", 'add "Office <move>" likelihood:2 impact:2')
    before = len(channel_posts(slack))
    closed = slack.command("/risk", "close R-1 in:MP vendor confirmed", channel=DM)
    slack.rt.drain()
    assert closed.json["response_type"] == "ephemeral", closed.json
    said = ":white_check_mark: <@U0001> closed `R-1` *Vendor late*: vendor confirmed"
    assert closed.text == f"{said}\nPosted in <#C0001> for the team.", closed.text
    assert channel_posts(slack)[before:] == [said]
    assert not channel_posts(slack, DM)
    # Marked occurred in the DM: the channel gets the post and its "make a task" button works.
    occurred = slack.command("/risk", "occurred R-2 in:MP lease ended", channel=DM)
    slack.rt.drain()
    assert "Posted in <#C0001>" in occurred.text and not occurred.json.get("blocks")
    [post] = [m for m in slack.fake.channel_messages("C0001") if "R-2" in m.text and "occurred" in m.text]  # fmt: skip
    [button] = [e for b in post.blocks if b["type"] == "actions" for e in b["elements"]]
    slack.sender.block_action("risk_to_task", button["value"], message=post)
    slack.rt.drain()
    with slack.rt.db.session() as s:
        task = s.scalar(select(Task))
        assert task.risk_id is not None and task.message_channel == "C0001"
    # Typed in the channel itself, it is said there once, as before.
    slack.command("/risk", 'add "Third"')
    here = slack.command("/risk", "close R-3 gone")
    assert here.json["response_type"] == "in_channel" and "Posted in" not in here.text


def test_a_risk_closed_in_a_dm_in_chinese(slack):
    slack.project("new Portal key:MP start:2026-12-01 end:2027-03-31 lang:zh")
    slack.fake.users["U0001"].locale = "zh-CN"
    slack.command("/risk", 'add "Vendor late"')
    closed = slack.command("/risk", "close R-1 in:MP 已确认", channel=DM)
    slack.rt.drain()
    said = ":white_check_mark: <@U0001> 关闭了 `R-1` *Vendor late*：已确认"
    assert closed.text == f"{said}\n已发到 <#C0001>，告知团队。", closed.text
    assert said in channel_posts(slack)
