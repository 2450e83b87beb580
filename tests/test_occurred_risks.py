"""An occurred risk is an issue now: it stays in "Top risks" (`/project info`, the weekly digest,
App Home), first and marked occurred, until the task that tracks it is done; closed risks and
occurred ones whose task is done are left out."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.jobs import run_job
from bot.store.models import Member, Project, Task
from tests.zh import texts

MON = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai
FRI_1600 = MON + timedelta(days=4, hours=6)  # Friday 16:00 in Shanghai: the digest's time


def lines(slack, text: str = "info", user: str = "U0001") -> list[str]:
    """The `/project info` lines that name a risk, as the person reads them."""
    reply = slack.command("/project", text, user=user)
    assert reply.status == 200
    return [line for t in texts(reply.json["blocks"]) for line in t.split("\n") if "`R-" in line]


def register(slack) -> None:
    """MP's register: R-1 critical, R-2 medium, R-3 low but occurred, R-4 closed, R-5 occurred
    and tracked by a blocked task; alice (who reads Chinese) owns R-3 and R-5."""
    slack.project()
    slack.command("/project", "members add <@U0002|alice>")
    slack.command("/project", "members add <@U0003|bob> <@U0004|s> role:stakeholder")
    slack.fake.users["U0003"].locale = "zh-CN"
    for title, levels in (
        ("Vendor late", "likelihood:5 impact:4"),
        ("Minor <thing> & more", "likelihood:2 impact:3"),
        ("Office move", "likelihood:1 impact:2 owner:<@U0002|alice>"),
        ("Budget cut", "likelihood:4 impact:4"),
        ("Key person leaves", "likelihood:3 impact:3 owner:<@U0002|alice>"),
    ):
        assert "R-" in slack.command("/risk", f'add "{title}" {levels}').text
    slack.command("/risk", "close R-4 funding confirmed")
    slack.command("/risk", "occurred R-3 the lease ended early")
    occurred = slack.command("/risk", "occurred R-5 she resigned")
    [button] = [e for b in occurred.json["blocks"] if b["type"] == "actions" for e in b["elements"]]
    message = [m for m in slack.fake.channel_messages("C0001") if "R-5" in m.text][-1]
    slack.sender.block_action("risk_to_task", button["value"], user="U0001", message=message)
    slack.rt.drain()


def digests(slack, user: str) -> list:
    """The digests in a stakeholder's DM (the critical risk's alert comes there too)."""
    return [
        m
        for m in slack.fake.channel_messages(user)
        if m.user == slack.fake.bot_user_id and not m.files and "2026-W" in m.text
    ]


def task_of_r5(slack) -> int:
    with slack.rt.db.session() as s:
        return s.scalar(select(Task.number).where(Task.risk_id.is_not(None)))


def test_project_info_lists_occurred_risks_first_until_their_task_is_done(slack):
    slack.fake.users["U0002"].locale = "zh-CN"  # read once, when her home is first drawn
    register(slack)
    assert lines(slack) == [
        "`R-5` Key person leaves — :fire: occurred",
        "`R-3` Office move — :fire: occurred",
        "`R-1` Vendor late — 20 (critical)",
    ]
    assert lines(slack, user="U0002") == [
        "`R-5` Key person leaves — :fire: 已发生",
        "`R-3` Office move — :fire: 已发生",
        "`R-1` Vendor late — 20（严重）",
    ]
    # The task that tracks R-5 is done: R-5 is dealt with and leaves the list; R-4 stays out.
    number = task_of_r5(slack)
    assert slack.command("/task", f"done T-{number}").status == 200
    assert lines(slack) == [
        "`R-3` Office move — :fire: occurred",
        "`R-1` Vendor late — 20 (critical)",
        "`R-2` Minor &lt;thing&gt; &amp; more — 6 (medium)",
    ]
    # Canceled counts as dealt with too; closed risks never show.
    with slack.rt.db.session() as s:
        pid = s.scalar(select(Project.id))
        s.add(Task(team_id="T0001", project_id=pid, number=99, title="Find an office",
                   status="canceled", risk_id=s.scalar(select(Task.risk_id)),
                   created_by="U0001", created_at=MON))  # fmt: skip
    assert not [line for line in lines(slack) if "R-4" in line or "R-5" in line]


def test_the_digest_lists_occurred_risks_first_and_leaves_out_those_dealt_with(slack):
    slack.clock.set(MON)
    register(slack)
    assert run_job(slack.rt, "digest", FRI_1600 - timedelta(minutes=1)) == 0
    assert run_job(slack.rt, "digest", FRI_1600) == 2  # one DM per stakeholder
    slack.rt.drain()

    def risks(user: str) -> list[str]:
        [digest] = digests(slack, user)
        return [line for t in texts(digest.blocks) for line in t.split("\n") if "`R-" in line]

    assert risks("U0004") == [
        "• `R-5` Key person leaves · :fire: occurred · <@U0002>",
        "• `R-3` Office move · :fire: occurred · <@U0002>",
        "• `R-1` Vendor late · 20 critical · <@U0001>",
        "• `R-2` Minor &lt;thing&gt; &amp; more · 6 medium · <@U0001>",
    ]
    zh = risks("U0003")
    assert zh[:2] == [
        "• `R-5` Key person leaves · :fire: 已发生 · <@U0002>",
        "• `R-3` Office move · :fire: 已发生 · <@U0002>",
    ]
    assert len(zh) == 4 and not [line for line in zh if "R-4" in line]
    # The next week, R-5's task done: R-5 is left out, R-3 still heads the list.
    slack.clock.set(FRI_1600 + timedelta(days=1))
    slack.command("/task", f"done T-{task_of_r5(slack)}")
    assert run_job(slack.rt, "digest", FRI_1600 + timedelta(days=7)) == 2
    slack.rt.drain()
    [_, latest] = digests(slack, "U0004")
    shown = [line for t in texts(latest.blocks) for line in t.split("\n") if "`R-" in line]
    assert shown == [
        "• `R-3` Office move · :fire: occurred · <@U0002>",
        "• `R-1` Vendor late · 20 critical · <@U0001>",
        "• `R-2` Minor &lt;thing&gt; &amp; more · 6 medium · <@U0001>",
    ]


def test_app_home_keeps_an_occurred_risk_its_owner_must_deal_with(slack):
    register(slack)
    slack.sender.app_home_opened("U0002")
    slack.rt.drain()
    home = json.dumps(slack.fake.home_view("U0002"), ensure_ascii=False)
    assert "`R-5` Key person leaves · :fire: occurred · MP" in home
    assert "`R-3` Office move · :fire: occurred · MP" in home
    assert home.index("R-5") < home.index("R-3")
    slack.command("/task", f"done T-{task_of_r5(slack)}")
    slack.sender.app_home_opened("U0002")
    slack.rt.drain()
    home = json.dumps(slack.fake.home_view("U0002"), ensure_ascii=False)
    assert "R-5" not in home and "`R-3` Office move · :fire: occurred · MP" in home
    with slack.rt.db.session() as s:
        assert s.scalar(select(Member.role).where(Member.user_id == "U0004")) == "stakeholder"


def test_risk_list_holds_occurred_risks_first_and_an_occurred_risk_can_be_closed(slack):
    register(slack)
    reply = slack.command("/risk", "list")
    shown = "\n".join(texts(reply.json["blocks"]))
    listed = [n for n in ("R-1", "R-2", "R-3", "R-4", "R-5") if n in shown]
    assert listed == ["R-1", "R-2", "R-3", "R-5"], shown  # R-4 is closed
    order = [shown.index(n) for n in ("R-5", "R-3", "R-1", "R-2")]
    assert order == sorted(order), shown  # occurred first, then open, each by score
    assert "_(occurred)_" in shown, shown
    closed = slack.command("/risk", "close R-3 moved to the new office")
    assert "R-3" in closed.text and "can't" not in closed.text, closed.text
    after = "\n".join(texts(slack.command("/risk", "list").json["blocks"]))
    assert "R-3" not in after and "R-5" in after, after
    again = slack.command("/risk", "close R-3 twice")
    assert "already closed" in again.text, again.text
    assert "can't be marked occurred" in slack.command("/risk", "occurred R-5 again").text


def test_an_occurred_risk_whose_task_is_open_is_not_closed_until_the_task_is_done(slack):
    slack.fake.users["U0002"].locale = "zh-CN"  # alice owns R-5 and reads Chinese
    register(slack)
    number = task_of_r5(slack)
    refused = slack.command("/risk", "close R-5 handled")
    assert refused.text == (
        f":warning: R-5 occurred and T-{number}, which tracks it, is still blocked, so R-5 can't be closed"
        f" yet. Finish T-{number} first (`/task done T-{number}`, or `/task cancel T-{number}` if"
        " it is no longer needed); R-5 then leaves Top risks, or close it."
    ), refused.text
    assert "For example" not in refused.text
    zh = slack.command("/risk", "close R-5 已处理", user="U0002").text
    assert zh.startswith(
        f":warning: R-5 已发生，跟踪它的 T-{number} 仍受阻，所以暂不能关闭 R-5。"
    ), zh
    assert f"`/task done T-{number}`" in zh
    # Nothing was written: R-5 still heads the lists.
    assert lines(slack)[0] == "`R-5` Key person leaves — :fire: occurred"
    assert "R-5" in "\n".join(texts(slack.command("/risk", "list").json["blocks"]))
    # The task done, R-5 closes (it had already left Top risks) and is in no list but 'all'.
    assert slack.command("/task", f"done T-{number}").status == 200
    closed = slack.command("/risk", "close R-5 replaced her")
    assert "R-5" in closed.text and "can't" not in closed.text, closed.text
    assert "R-5" not in "\n".join(texts(slack.command("/risk", "list").json["blocks"]))
    assert "R-5" in "\n".join(texts(slack.command("/risk", "list all").json["blocks"]))


def card_of_r5(slack):
    with slack.rt.db.session() as s:
        task = s.scalar(select(Task).where(Task.risk_id.is_not(None)))
        assert task.message_channel == "C0001" and task.message_ts, "no card was posted"
        return slack.fake.find_message(task.message_channel, task.message_ts)


def test_the_task_an_occurred_risk_becomes_has_its_card_in_the_channel(slack):
    register(slack)
    number = task_of_r5(slack)
    shown = "\n".join(texts(card_of_r5(slack).blocks))
    assert f"*MP T-{number}* · Risk R-5 occurred: Key person leaves" in shown, shown
    assert ":no_entry: blocked · 0%" in shown and "<@U0002>" in shown, shown
    # One card, posted once; the risk's message says the task was made.
    posted = [m for m in slack.fake.channel_messages("C0001") if f"*MP T-{number}*" in m.text
              or f"*MP T-{number}*" in "\n".join(texts(m.blocks or []))]  # fmt: skip
    assert len(posted) == 1
    # /task done redraws it in place.
    assert slack.command("/task", f"done T-{number}").status == 200
    slack.rt.drain()
    assert ":white_check_mark: done" in "\n".join(texts(card_of_r5(slack).blocks))


def test_a_chinese_projects_risk_task_card_is_in_chinese(slack):
    slack.project("new Portal key:MP start:2026-12-01 end:2027-03-31 lang:zh")
    slack.command("/risk", 'add "Vendor late" likelihood:4 impact:4')
    occurred = slack.command("/risk", "occurred R-1 gone")
    [button] = [e for b in occurred.json["blocks"] if b["type"] == "actions" for e in b["elements"]]
    message = [m for m in slack.fake.channel_messages("C0001") if "R-1" in m.text][-1]
    slack.sender.block_action("risk_to_task", button["value"], user="U0001", message=message)
    slack.rt.drain()
    shown = "\n".join(texts(card_of_r5(slack).blocks))
    assert "*MP T-1* · 风险 R-1 已发生：Vendor late" in shown, shown
    assert "受阻" in shown and "blocked" not in shown, shown
