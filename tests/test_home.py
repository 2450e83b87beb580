"""App Home: published when opened, refreshed when a person's tasks change, buttons act on tasks."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from bot.store.models import Claim, Project, Resource, Risk
from tests.test_task import task_row, team


def home_text(slack, user: str) -> str:
    view = slack.fake.home_view(user)
    assert view is not None, f"no App Home published for {user}"
    return json.dumps(view, ensure_ascii=False)


def test_home_opened_publishes_open_tasks_overdue_first_and_projects_with_health(slack):
    team(slack)
    slack.command("/task", "add Later <@U0002|alice> due:2026-12-20")
    slack.command("/task", "add Behind <@U0002|alice> due:2026-11-20")
    slack.command("/task", "add Undated <@U0002|alice>")
    slack.command("/task", "add Finished <@U0002|alice>")
    slack.command("/task", "done T-4")
    slack.command("/task", "add Bobs <@U0003|bob>")
    assert slack.sender.app_home_opened("U0002").status == 200
    slack.rt.drain()
    body = home_text(slack, "U0002")
    assert body.index("Behind") < body.index("Later") < body.index("Undated")
    assert "overdue" in body and "Finished" not in body and "Bobs" not in body
    assert "My projects" in body and "MP" in body and "AMBER" in body and "1 task overdue" in body
    assert "task_start" in body and "task_done" in body


def test_home_shows_my_claims_and_open_risks(slack):
    team(slack)
    now = slack.clock()
    with slack.rt.db.session() as s:
        project = s.scalar(select(Project))
        room = Resource(team_id="T0001", name="Lab <1>", kind="room", capacity_hours=40, created_at=now)  # fmt: skip
        s.add(room)
        s.flush()
        s.add(Claim(team_id="T0001", project_id=project.id, number=1, resource_id=room.id,
                    start_date=date(2026, 11, 30), end_date=date(2026, 12, 4), hours=16,
                    created_by="U0002", created_at=now))  # fmt: skip
        s.add(Risk(team_id="T0001", project_id=project.id, number=1, title="Vendor late",
                   likelihood=5, impact=4, owner_id="U0002", created_by="U0001", created_at=now))  # fmt: skip
        s.add(Risk(team_id="T0001", project_id=project.id, number=2, title="Closed one",
                   likelihood=1, impact=1, owner_id="U0002", status="closed", created_by="U0001",
                   created_at=now))  # fmt: skip
    slack.sender.app_home_opened("U0002")
    slack.rt.drain()
    body = home_text(slack, "U0002")
    assert "C-1" in body and "Lab &lt;1&gt;" in body and "16 h" in body
    assert "R-1" in body and "Vendor late" in body and "critical" in body
    assert "Closed one" not in body
    assert "RED" in body and "critical risk" in body


def test_a_claim_on_a_person_shows_them_as_a_mention(slack):
    team(slack)
    reply = slack.command(
        "/resource", "claim <@U0002|alice> from:2026-11-30 to:2026-12-04 hours:16"
    )
    assert reply.status == 200 and "C-1" in reply.text, reply.text
    for user in ("U0001", "U0002"):  # who claimed, and who is claimed
        slack.sender.app_home_opened(user)
        slack.rt.drain()
        view = slack.fake.home_view(user)
        texts = [
            b["text"]["text"] for b in view["blocks"] if b["type"] == "section" and "text" in b
        ]
        [line] = [t for t in texts if t.startswith("`C-1`")]
        assert line.startswith("`C-1` <@U0002> 2026-11-30 → 2026-12-04 · 16 h · MP"), line


def test_home_lists_my_open_risks_across_projects_highest_score_first(slack):
    team(slack)
    slack.command("/project", "new Yonder key:NY", channel="C0002")
    slack.command("/project", "members add <@U0002|alice>", channel="C0002")
    alice, bob = "owner:<@U0002|alice>", "owner:<@U0003|bob>"
    for text, channel in [
        (f"add Low likelihood:1 impact:1 {alice}", "C0001"),
        (f"add High likelihood:4 impact:4 {alice}", "C0002"),
        (f"add Gone likelihood:5 impact:5 {alice}", "C0001"),
        (f"add Bobs likelihood:5 impact:5 {bob}", "C0001"),
        ("close R-2", "C0001"),
    ]:
        reply = slack.command("/risk", text, channel=channel)
        assert reply.status == 200 and "R-" in reply.text, reply.text
    slack.sender.app_home_opened("U0002")
    slack.rt.drain()
    view = slack.fake.home_view("U0002")
    texts = [b["text"]["text"] for b in view["blocks"] if b["type"] == "section" and "text" in b]
    lines = [line for text in texts for line in text.splitlines() if line.startswith("`R-")]
    assert lines == ["`R-1` High · high (16) · NY", "`R-1` Low · low (1) · MP"], lines


def test_home_is_refreshed_when_my_tasks_change(slack):
    team(slack)
    slack.command("/task", "add Schema <@U0002|alice>")
    assert "Schema" in home_text(slack, "U0002")
    slack.command("/task", "assign T-1 <@U0003|bob>")
    assert "Schema" not in home_text(slack, "U0002")
    assert "Schema" in home_text(slack, "U0003")


def test_buttons_on_home_act_on_the_task_and_update_its_message(slack):
    team(slack)
    slack.command("/task", "add Schema <@U0002|alice>")
    task = task_row(slack, 1)
    home = next(v for v in slack.fake.views.values() if v.kind == "home" and v.user == "U0002")
    reply = slack.sender.block_action("task_progress", str(task.id), user="U0002", view=home)
    assert reply.status == 200
    slack.rt.drain()
    assert task_row(slack, 1).progress == 25
    updated = slack.fake.calls_to("chat.update")
    assert updated and updated[-1].args["ts"] == task.message_ts
    assert "25%" in home_text(slack, "U0002")
    slack.sender.block_action("task_done", str(task.id), user="U0004", view=home)
    slack.rt.drain()
    assert task_row(slack, 1).status == "in_progress"
    dm = slack.fake.channel_messages("U0004")
    assert dm and "as a stakeholder, so you can't finish tasks" in dm[-1].text


def test_home_for_someone_with_nothing(slack):
    slack.sender.app_home_opened("U0005")
    slack.rt.drain()
    body = home_text(slack, "U0005")
    assert "No open tasks" in body and "no project" in body.lower()
