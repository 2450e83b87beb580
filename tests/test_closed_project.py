"""A closed project stays bound to its channel, read-only; `/project close` asks first.

Everything goes through the signed HTTP endpoint: commands, button clicks and modal submissions.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot.store.models import Change, Claim, Project, ProjectVersion, Risk, Task
from bot.testing.signed import date_value, text_value
from tests.test_home import home_text
from tests.test_task import shown, task_row, team

# Friday 2026-12-04, 10:00 in Shanghai, the projects' time zone.
FRIDAY = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)
REFUSED = "MP was closed on Dec 4; `/project new` starts another here."


def opened_view(slack) -> dict:
    view = slack.fake.calls_to("views.open")[-1].args["view"]
    return json.loads(view) if isinstance(view, str) else view


def written(slack) -> tuple[int, ...]:
    """What a refused change must leave as it was: rows, audit entries and the project's version."""
    with slack.rt.db.session() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(model))
            for model in (Task, Risk, Claim, Change)
        ) + (s.scalar(select(func.coalesce(func.sum(ProjectVersion.version), 0))),)


@pytest.fixture
def closed(slack):
    """MP with a task card, a risk, a claim and open modals; closed on Friday Dec 4 by its owner."""
    team(slack)
    slack.command("/project", 'milestone "Beta" due:2027-01-15')
    slack.command("/task", "add Schema <@U0002|alice> due:2026-12-20")
    slack.command("/task", "add Copy <@U0002|alice> due:2026-12-21")
    slack.command("/risk", "add Vendor slips likelihood:2 impact:2")
    slack.command("/resource", "add Projector kind:equipment capacity:20h")
    slack.command("/resource", "claim Projector from:2026-12-07 to:2026-12-08 hours:4")
    slack.command("/task", "")
    slack.modals = {"task": opened_view(slack)}
    slack.command("/risk", "")
    slack.modals["risk"] = opened_view(slack)
    slack.command("/resource", "")
    slack.modals["resource"] = opened_view(slack)
    slack.clock.set(FRIDAY)
    slack.close()
    return slack


READS = [
    ("/project", "info", "Closed on Fri Dec 4"),
    ("/project", "report", "Closed on Fri Dec 4"),
    ("/project", "members", "<@U0002>"),
    ("/project", "settings", "Standup"),
    ("/task", "list", "Schema"),
    ("/task", "list all", "Copy"),
    ("/task", "show T-1", "Schema"),
    ("/risk", "list", "Vendor slips"),
    ("/risk", "show R-1", "Vendor slips"),
    ("/risk", "matrix", "R-1"),
    ("/resource", "list", "C-1"),
    ("/resource", "load week:2026-12-07", "Projector"),
    ("/standup", "report", "MP"),
]


@pytest.mark.parametrize(("command", "text", "expected"), READS)
def test_a_closed_project_is_still_read_from_its_channel(closed, command, text, expected):
    reply = closed.command(command, text)
    assert ":warning:" not in reply.text and "no project" not in reply.text, reply.text
    assert expected in shown(reply)


CHANGES = [
    ("/task", "add Another"),
    ("/task", ""),
    ("/task", "start T-1"),
    ("/task", "progress T-1 50%"),
    ("/task", "done T-1"),
    ("/task", "assign T-1 <@U0003|bob>"),
    ("/task", "block T-1 waiting"),
    ("/task", "due T-1 2026-12-30"),
    ("/task", "log T-1 2h"),
    ("/task", "depend T-2 after:T-1"),
    ("/risk", "add Another risk"),
    ("/risk", ""),
    ("/risk", "update R-1 likelihood:5"),
    ("/risk", 'mitigate R-1 "second vendor"'),
    ("/risk", "close R-1 gone"),
    ("/risk", "occurred R-1"),
    ("/resource", "add Camera"),
    ("/resource", ""),
    ("/resource", "claim Projector from:2026-12-09 hours:2"),
    ("/resource", "release C-1"),
    ("/standup", "shipped the schema"),
    ("/standup", ""),
    ("/project", 'milestone "Late" due:2027-02-01'),
    ("/project", "milestone done M-1"),
    ("/project", "members add <@U0003|bob> role:owner"),
    ("/project", "members remove <@U0003|bob>"),
    ("/project", "settings alerts:off"),
    ("/project", "baseline"),
    ("/project", 'spend 100 "pizza"'),
    ("/project", "close"),
]


@pytest.mark.parametrize(("command", "text"), CHANGES)
def test_every_change_to_a_closed_project_is_refused_and_writes_nothing(closed, command, text):
    before, opened = written(closed), len(closed.fake.calls_to("views.open"))
    reply = closed.command(command, text)
    assert reply.json["response_type"] == "ephemeral"
    assert REFUSED in reply.text
    assert written(closed) == before
    assert len(closed.fake.calls_to("views.open")) == opened  # no modal to fill in either


def test_a_change_by_key_from_elsewhere_is_refused_too(closed):
    before = written(closed)
    assert REFUSED in closed.command("/task", "add Elsewhere in:MP", channel="C0002").text
    assert "Schema" in closed.command("/task", "list in:MP", channel="C0002").text
    assert written(closed) == before


def test_task_card_buttons_and_modal_submissions_are_refused(closed):
    before = written(closed)
    card = next(m for m in closed.fake.channel_messages("C0001") if "Schema" in m.text)
    closed.sender.block_action("task_done", str(task_row(closed, 1).id), user="U0002", message=card)
    closed.rt.drain()
    assert task_row(closed, 1).status == "open"
    note = closed.fake.calls_to("chat.postEphemeral")[-1].args
    assert note["user"] == "U0002" and REFUSED in note["text"]
    submissions = {
        "task": {"title": text_value("Late task")},
        "risk": {"title": text_value("Late risk")},
        "resource": {"resource": text_value("Projector"), "from": date_value("2026-12-09")},
    }
    for name, values in submissions.items():
        reply = closed.sender.view_submission(closed.modals[name], values)
        assert reply.json["response_action"] == "errors", name
        assert any("MP was closed on Dec 4" in e for e in reply.json["errors"].values()), name
    assert written(closed) == before


def test_project_list_shows_open_projects_first_then_closed_ones_with_their_date(closed):
    closed.project("new Other key:OT", channel="C0002")
    listed = closed.command("/project", "list").text
    assert "`OT` Other · <#C0002>" in listed and "`MP` Portal · <#C0001>" in listed
    assert listed.index("Open projects") < listed.index("OT") < listed.index("Closed projects")
    assert listed.index("Closed projects") < listed.index("MP") and "closed on Fri Dec 4" in listed
    assert "OT" not in closed.command("/project", "list", team_id="T0002").text


def test_app_home_shows_it_under_closed_projects_not_as_open_work(closed):
    body = home_text(closed, "U0002")  # republished by the close itself
    assert "Closed projects" in body and "Schema" not in body
    closed.sender.app_home_opened("U0002")
    closed.rt.drain()
    body = home_text(closed, "U0002")
    assert "Closed projects" in body and "closed on Fri Dec 4" in body
    assert "Schema" not in body and "task_done" not in body
    assert "You are in no project yet" not in body and "No open projects" in body


def test_project_new_starts_another_in_the_channel_and_the_closed_one_stays_readable(closed):
    closed.project("new Next key:NX")
    assert "NX T-1" in closed.command("/task", "add Fresh").text
    assert "Fresh" in closed.command("/task", "list").text
    assert "Schema" in closed.command("/task", "list in:MP").text
    assert "Closed on Fri Dec 4" in shown(closed.command("/project", "info in:MP"))
    assert REFUSED in closed.command("/task", "add Old in:MP").text
    with closed.rt.db.session() as s:
        assert s.scalar(select(Task.title).where(Task.number == 1, Task.project_id != 1)) == "Fresh"


def test_kept_answers_show_the_close_at_once(slack):
    team(slack)
    slack.command("/task", "add Schema")
    assert "Closed on" not in shown(slack.command("/project", "info"))  # kept from here on
    listed = shown(slack.command("/task", "list"))
    slack.close()
    assert "Closed on" in shown(slack.command("/project", "info"))
    after = shown(slack.command("/task", "list"))  # the same tasks, saying the project closed
    assert "MP was closed on Nov 23" in after and "MP was closed" not in listed
    assert "`T-1` Schema" in after and "`T-1` Schema" in listed


# -- /project close asks first ------------------------------------------------------------


def status(slack) -> str:
    with slack.rt.db.session() as s:
        return s.scalar(select(Project.status).where(Project.key == "MP"))


def test_close_alone_only_asks_the_owner_naming_who_gets_the_survey(slack):
    team(slack)
    reply = slack.command("/project", "close")
    assert reply.json["response_type"] == "ephemeral"
    assert (
        "Close MP? Surveys go to 3 members" in reply.text
    )  # lead, alice, bob: not the stakeholder
    assert status(slack) == "active"
    _, button = slack.asked()
    assert button["action_id"] == "project_close" and button["style"] == "danger"
    assert "confirm" in button
    assert "Only an owner" in slack.command("/project", "close", user="U0002").text


def test_the_close_button_closes_replaces_the_question_and_announces(slack):
    team(slack)
    slack.command("/project", "close")
    prompt, button = slack.asked()
    slack.sender.block_action("project_close", button["value"], message=prompt)
    slack.rt.drain()
    assert status(slack) == "closed"
    assert "Closed *MP*" in prompt.text and not prompt.blocks  # the ephemeral, replaced
    announced = [m for m in slack.fake.channel_messages("C0001") if m.ephemeral_to is None][-1]
    assert "<@U0001> closed *MP*" in announced.text and "survey" in announced.text


def test_cancel_closes_nothing(slack):
    team(slack)
    slack.command("/project", "close")
    prompt, _ = slack.asked()
    cancel = next(e for b in prompt.blocks if b["type"] == "actions" for e in b["elements"][1:])
    slack.sender.block_action(cancel["action_id"], cancel["value"], message=prompt)
    slack.rt.drain()
    assert status(slack) == "active" and prompt.text == "Not closed." and not prompt.blocks


def test_a_click_by_a_non_owner_is_refused(slack):
    team(slack)
    slack.command("/project", "close")
    prompt, button = slack.asked()
    slack.sender.block_action("project_close", button["value"], user="U0002", message=prompt)
    slack.rt.drain()
    assert status(slack) == "active"
    assert "Only an owner" in slack.fake.responses[-1].body["text"]
    assert slack.fake.responses[-1].message.ephemeral_to == "U0002"


def test_a_double_click_closes_once(slack):
    team(slack)
    slack.command("/project", "close")
    prompt, button = slack.asked()
    for _ in range(2):
        slack.sender.block_action("project_close", button["value"], message=prompt)
    slack.rt.drain()
    assert status(slack) == "closed"
    with slack.rt.db.session() as s:
        closes = s.scalars(select(Change).where(Change.field == "status", Change.new == "closed"))
        assert len(list(closes)) == 1
    announced = [m for m in slack.fake.channel_messages("C0001") if "closed *MP*" in m.text]
    assert len(announced) == 1
    assert "MP was closed on" in slack.fake.responses[-1].body["text"]


def test_a_click_from_another_workspace_closes_nothing(slack):
    team(slack)
    slack.command("/project", "close")
    prompt, button = slack.asked()
    slack.sender.block_action("project_close", button["value"], message=prompt, team_id="T0002")
    slack.rt.drain()
    assert status(slack) == "active"
