"""OAuth mode: Slack Connect partners and Enterprise Grid installs reach the installing workspace's data.

A partner's team has not installed the app, so Bolt finds no installation for the actor's team: a
click on a card our bot posted belongs to the installation whose bot posted it (`message.bot_id`), a
modal to the one that opened it (`view.app_installed_team_id`), an event to `authorizations[0]`.
Membership then decides, as in token mode (tests/test_tenancy.py); nothing crosses installations.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bot.jobs import run_job
from bot.store.models import Project, StandupReply, Task
from bot.testing.signed import Org, SlackSender, text_value
from tests import test_oauth
from tests.conftest import SECRET
from tests.test_oauth import at, install

oauth_app = test_oauth.oauth_app  # the fixture: the app in OAuth mode on HTTP

PARTNER = "T0P01"  # a Slack Connect partner's workspace, in a Grid org of its own; never installed
FROM_PARTNER = Org(enterprise_id="E0P01")


@pytest.fixture
def shared(fake, oauth_app):
    """T0001 (project MP in #portal, shared with a partner org: Pat a member, Oscar not) and
    T0002 (project OT in #other), both installed by OAuth, each with a task card posted."""
    rt, url = oauth_app
    fake.add_user("W0P01", "pat", tz="Europe/Berlin")
    fake.add_user("W0P02", "oscar", tz="Europe/Berlin")
    # The shared channel: Pat and Oscar joined it from the partner org (only Pat joins the project),
    # and T0002's U0005 from the other workspace.
    fake.add_channel(
        "C0001", "portal", members=("U0001", "U0002", "U0003", "U0004", "W0P01", "W0P02", "U0005")
    )
    senders = {}
    for team, channel, key in (("T0001", "C0001", "MP"), ("T0002", "C0002", "OT")):
        assert install(fake, url, team) == 200
        senders[team] = SlackSender(f"{url}/slack/events", SECRET, fake=fake, team_id=team)
        reply = senders[team].command("/project", f"new {key} key:{key}", channel=channel)
        assert "started" in reply.text, reply.text
    senders["T0001"].command("/project", "members add <@U0002|alice> <@W0P01|pat> role:member")
    senders["T0001"].command("/task", "add Schema", channel="C0001")
    senders["T0002"].command("/task", "add Rollout", channel="C0002")
    rt.drain()
    return rt, senders


def task(rt, key: str) -> Task:
    with rt.db.session() as s:
        return s.scalar(
            select(Task).join(Project).where(Project.key == key).order_by(Task.id.desc())
        )


def card(fake, rt, key: str):
    row = task(rt, key)
    return fake.find_message(row.message_channel, row.message_ts)


def opened_view(fake) -> dict:
    view = fake.calls_to("views.open")[-1].args["view"]
    return json.loads(view) if isinstance(view, str) else view


def notes_to(fake, user: str) -> list:
    return [c for c in fake.calls_to("chat.postEphemeral") if c.args.get("user") == user]


def test_a_partner_members_click_on_a_card_works_on_the_installing_workspaces_data(fake, shared):
    rt, senders = shared
    mp = card(fake, rt, "MP")
    assert mp.bot_id == "B0001" and card(fake, rt, "OT").bot_id == "B0002"  # a bot each
    reply = senders["T0001"].block_action(
        "task_done", str(task(rt, "MP").id), user="W0P01", team_id=PARTNER, org=FROM_PARTNER,
        message=mp,
    )  # fmt: skip
    assert reply.status == 200 and not reply.body, reply.body
    rt.drain()
    assert task(rt, "MP").status == "done"
    assert not notes_to(fake, "W0P01")
    # The card was redrawn with the installing workspace's token.
    updates = {c.token for c in fake.calls_to("chat.update") if c.args.get("channel") == "C0001"}
    assert updates == {rt.client_for("T0001").token}


def test_a_partner_outsiders_click_is_refused_as_any_non_members(fake, shared):
    rt, senders = shared
    senders["T0001"].block_action(
        "task_done", str(task(rt, "MP").id), user="W0P02", team_id=PARTNER, org=FROM_PARTNER,
        message=card(fake, rt, "MP"),
    )  # fmt: skip
    rt.drain()
    assert task(rt, "MP").status == "open"
    [note] = notes_to(fake, "W0P02")
    assert "Only members" in note.args["text"] and note.token == rt.client_for("T0001").token
    assert note.response["ok"], note.response  # delivered: Oscar is in the shared channel


def test_a_partner_members_modal_submission_works(fake, shared):
    rt, senders = shared
    senders["T0001"].command("/task", "", channel="C0001")
    rt.drain()
    reply = senders["T0001"].view_submission(
        opened_view(fake), {"title": text_value("Partner API keys")}, user="W0P01",
        team_id=PARTNER, installed_team_id="T0001", org=FROM_PARTNER,
    )  # fmt: skip
    assert reply.status == 200 and not (reply.json or {}).get("errors"), reply.body
    rt.drain()
    added = task(rt, "MP")
    assert (added.title, added.created_by) == ("Partner API keys", "W0P01")


def test_a_card_naming_another_installations_task_finds_no_task(fake, shared):
    """The payload's task id is another workspace's: "That task no longer exists", nothing changed."""
    rt, senders = shared
    ot = task(rt, "OT")
    senders["T0001"].block_action(
        "task_done", str(ot.id), user="W0P01", team_id=PARTNER, org=FROM_PARTNER,
        message=card(fake, rt, "MP"),
    )  # fmt: skip
    # And T0002's own user, on T0002's card, naming T0001's task.
    senders["T0002"].block_action(
        "task_done", str(task(rt, "MP").id), user="U0001", channel="C0002",
        message=card(fake, rt, "OT"),
    )  # fmt: skip
    rt.drain()
    assert task(rt, "OT").status == "open" and task(rt, "MP").status == "open"
    texts = [c.args["text"] for c in fake.calls_to("chat.postEphemeral")]
    assert len(texts) == 2 and all("That task no longer exists" in t for t in texts), texts
    assert all(c.response["ok"] for c in fake.calls_to("chat.postEphemeral")), texts  # delivered
    # Each click's note, as its own installation (the two may be posted in either order).
    tokens = sorted(c.token for c in fake.calls_to("chat.postEphemeral"))
    assert tokens == sorted([rt.client_for("T0001").token, rt.client_for("T0002").token])


def test_a_modal_of_another_installation_finds_no_project(fake, shared):
    """A modal T0002's installation opened can't carry T0001's project into T0001's data."""
    rt, senders = shared
    senders["T0001"].command("/task", "", channel="C0001")
    rt.drain()
    reply = senders["T0001"].view_submission(
        opened_view(fake), {"title": text_value("Elsewhere")}, user="W0P01", team_id=PARTNER,
        installed_team_id="T0002", org=FROM_PARTNER,
    )  # fmt: skip
    assert "That project no longer exists" in str(reply.json), reply.body
    assert task(rt, "MP").title == "Schema"


def test_a_card_of_a_workspace_in_both_orgs_belongs_to_the_bot_that_posted_it(fake, shared):
    """T0002 installed the app too; its user clicks T0001's card in a channel shared with T0001:
    T0001's installation answers, and T0002's user is no member of MP."""
    rt, senders = shared
    senders["T0002"].block_action(
        "task_done", str(task(rt, "MP").id), user="U0005", message=card(fake, rt, "MP")
    )
    rt.drain()
    assert task(rt, "MP").status == "open"
    [note] = notes_to(fake, "U0005")
    assert "Only members" in note.args["text"] and note.token == rt.client_for("T0001").token
    assert note.response["ok"], (
        note.args,
        note.response,
    )  # delivered: U0005 is in the shared channel


def test_a_message_shortcut_is_the_actors_installations_whoever_posted_the_message(fake, shared):
    """T0001's user runs "Create task from message" on T0002's card in a channel shared with T0002:
    T0001's installation answers, from T0001's data (no project there), never OT's."""
    rt, senders = shared
    senders["T0001"].message_shortcut("create_task_from_message", card(fake, rt, "OT"))
    rt.drain()
    [note] = fake.calls_to("chat.postEphemeral")
    assert note.token == rt.client_for("T0001").token
    assert "no project" in note.args["text"] and not fake.calls_to("views.open"), note.args["text"]


def test_a_partners_standup_reply_is_stored_for_a_member_and_dropped_silently_otherwise(
    fake, shared
):
    rt, senders = shared
    assert run_job(rt, "standup", at(23, 9, 30)) == 2
    prompt = [m for m in fake.channel_messages("C0001") if m.text.startswith("Standup")][-1]
    fake.reset()
    for user in ("W0P01", "W0P02"):
        _, sent = senders["T0001"].message(
            "C0001", f"{user} did the API", user=user, thread_ts=prompt.ts, team_id=PARTNER,
            installed_team_id="T0001", org=FROM_PARTNER,
        )  # fmt: skip
        assert sent.status == 200
    rt.drain()
    with rt.db.session() as s:
        assert [r.user_id for r in s.scalars(select(StandupReply))] == ["W0P01"]
    assert not [c for c in fake.calls if "W0P02" in str(c.args)]  # nothing said to Oscar


def test_a_partner_answers_the_standup_by_its_button_and_modal(fake, shared):
    rt, senders = shared
    assert run_job(rt, "standup", at(23, 9, 30)) == 2
    prompt = [m for m in fake.channel_messages("C0001") if m.text.startswith("Standup")][-1]
    button = prompt.blocks[-2]["elements"][0]
    senders["T0001"].block_action(
        button["action_id"], button["value"], user="W0P01", team_id=PARTNER, org=FROM_PARTNER,
        message=prompt,
    )  # fmt: skip
    [opened] = fake.calls_to("views.open")
    assert opened.token == rt.client_for("T0001").token
    done = senders["T0001"].view_submission(
        opened_view(fake), {"today": text_value("partner work")}, user="W0P01", team_id=PARTNER,
        installed_team_id="T0001", org=FROM_PARTNER,
    )  # fmt: skip
    assert done.status == 200 and not (done.json or {}).get("errors"), done.body
    with rt.db.session() as s:
        assert [(r.user_id, r.today) for r in s.scalars(select(StandupReply))] == [
            ("W0P01", "partner work")
        ]


def test_nothing_answers_for_a_partner_once_the_installing_workspace_uninstalls(fake, shared):
    rt, senders = shared
    mp = card(fake, rt, "MP")
    senders["T0001"].event({"type": "app_uninstalled"}, team_id="T0001")
    fake.revoke("T0001")
    senders["T0001"].block_action(
        "task_done", str(task(rt, "MP").id), user="W0P01", team_id=PARTNER, org=FROM_PARTNER,
        message=mp,
    )  # fmt: skip
    rt.drain()
    assert task(rt, "MP").status == "open"


# -- Enterprise Grid installs --------------------------------------------------------------


def test_a_workspace_install_inside_a_grid_org_serves_commands_and_jobs(fake, oauth_app):
    rt, url = oauth_app
    assert install(fake, url, "T0003", enterprise_id="E0003") == 200
    client = rt.client_for("T0003")
    assert client is not None and fake.team_of_token(client.token) == "T0003"
    assert rt.for_team("T0003") is not None
    sender = SlackSender(f"{url}/slack/events", SECRET, fake=fake, team_id="T0003")
    grid = Org(enterprise_id="E0003")
    reply = sender.command("/project", "new Grid key:GR", org=grid)
    assert "started" in reply.text, reply.text
    rt.drain()
    fake.reset()
    assert run_job(rt, "standup", at(23, 9, 30)) == 1
    posted = {c.token for c in fake.calls_to("chat.postMessage")}
    assert posted == {client.token}


def test_an_org_wide_install_is_found_by_its_org_and_serves_its_workspaces(fake, oauth_app):
    rt, url = oauth_app
    assert install(fake, url, "E0004") == 200
    client = rt.client_for("E0004")
    assert client is not None and fake.team_of_token(client.token) == "E0004"
    assert rt.client_for("T0009") is None  # a workspace id alone names no org-wide install
    org = Org(enterprise_id="E0004", is_enterprise_install=True)
    sender = SlackSender(f"{url}/slack/events", SECRET, fake=fake, team_id="T0009")
    assert "started" in sender.command("/project", "new Org key:OR", org=org).text
    rt.drain()
    with rt.db.session() as s:
        assert s.scalar(select(Project.team_id).where(Project.key == "OR")) == "E0004"
    fake.reset()
    assert run_job(rt, "standup", at(23, 9, 30)) == 1
    assert {c.token for c in fake.calls_to("chat.postMessage")} == {client.token}
