"""Slack Connect and Enterprise Grid: the installing workspace owns the data; membership decides.

Payloads follow bolt-python's own fixtures (tests/slack_bolt/request/test_internals.py,
tests/scenario_tests/test_view_submission.py `connect_channel_payload`, test_events_org_apps.py).
"""

from __future__ import annotations

from sqlalchemy import select

from bot.store.models import Project, StandupReply
from bot.testing.signed import Org, text_value
from tests.test_standup_commands import posted_prompt
from tests.test_task import task_row
from tests.test_task_changes import card_message
from tests.test_task_modal import opened_view

PARTNER, PARTNER_ORG = "T0P01", "E0P01"  # a Slack Connect partner, on a Grid org of its own
FROM_PARTNER = Org(enterprise_id=PARTNER_ORG)


def shared(slack) -> None:
    """#portal shared with a partner org; Pat (a partner) is a member, Oscar (a partner) is not."""
    slack.fake.add_user("W0P01", "pat", tz="Europe/Berlin")
    slack.fake.add_user("W0P02", "oscar", tz="Europe/Berlin")
    slack.project()
    slack.command("/project", "members add <@U0002|alice> <@W0P01|pat> role:member")
    slack.command("/task", "add Schema")


def replies(slack) -> list[StandupReply]:
    with slack.rt.db.session() as s:
        return list(s.scalars(select(StandupReply)))


def test_a_partner_members_click_on_a_task_card_works(slack):
    shared(slack)
    task = task_row(slack, 1)
    card = card_message(slack)
    slack.sender.block_action(
        "task_done", str(task.id), user="W0P01", team_id=PARTNER, org=FROM_PARTNER, message=card
    )
    slack.rt.drain()
    assert task_row(slack, 1).status == "done"
    assert not slack.fake.calls_to("chat.postEphemeral")


def test_a_partner_outsiders_click_is_refused_as_any_non_members(slack):
    shared(slack)
    task = task_row(slack, 1)
    slack.sender.block_action(
        "task_done", str(task.id), user="W0P02", team_id=PARTNER, org=FROM_PARTNER,
        message=card_message(slack),
    )  # fmt: skip
    slack.rt.drain()
    assert task_row(slack, 1).status == "open"
    note = slack.fake.calls_to("chat.postEphemeral")[-1].args
    assert "Only members" in note["text"] and note["user"] == "W0P02"


def test_a_partner_members_modal_submission_works(slack):
    shared(slack)
    slack.command("/task", "")
    view = opened_view(slack)
    reply = slack.sender.view_submission(
        view, {"title": text_value("Partner API keys")}, user="W0P01", team_id=PARTNER,
        installed_team_id="T0001", org=FROM_PARTNER,
    )  # fmt: skip
    assert reply.status == 200 and not (reply.json or {}).get("errors"), reply.body
    slack.rt.drain()
    assert task_row(slack, 2).title == "Partner API keys"
    assert task_row(slack, 2).created_by == "W0P01"


def test_a_modal_from_another_installation_is_refused(slack):
    shared(slack)
    slack.command("/task", "")
    view = opened_view(slack)
    reply = slack.sender.view_submission(
        view, {"title": text_value("Elsewhere")}, user="W0P01", team_id=PARTNER, org=FROM_PARTNER
    )
    assert "no longer exists" in str(reply.json)


def test_a_partner_members_standup_reply_is_stored_and_an_outsiders_is_not(slack):
    shared(slack)
    prompt = posted_prompt(slack)
    for user in ("W0P01", "W0P02"):
        _, sent = slack.sender.message(
            "C0001", f"{user} did the API", user=user, thread_ts=prompt.ts, team_id=PARTNER,
            installed_team_id="T0001", org=FROM_PARTNER,
        )  # fmt: skip
        assert sent.status == 200
    assert [r.user_id for r in replies(slack)] == ["W0P01"]


def test_a_reply_event_authorized_for_another_installation_is_not_ours(slack):
    shared(slack)
    prompt = posted_prompt(slack)
    slack.sender.message("C0001", "did it", user="W0P01", thread_ts=prompt.ts, team_id=PARTNER)
    assert replies(slack) == []


def test_an_org_wide_install_serves_every_workspace_of_its_org_and_no_other(slack):
    slack.fake.enterprise_id, slack.fake.is_enterprise_install = "E0001", True
    org = Org(enterprise_id="E0001", is_enterprise_install=True)
    slack.project(org=org)
    with slack.rt.db.session() as s:
        assert s.scalars(select(Project.team_id)).all() == ["E0001"]
    slack.command("/project", "members add <@U0002|alice>", org=org)
    # Alice's workspace is another of the org's: same project, by key.
    info = slack.command("/project", "info in:MP", user="U0002", team_id="T0009", org=org)
    assert "Portal" in str(info.json)
    slack.command("/task", "add Schema in:MP", user="U0002", team_id="T0009", org=org)
    assert task_row(slack, 1).title == "Schema"
    # An org-wide event: authorizations[0].team_id is null.
    prompt = posted_prompt(slack)
    slack.sender.message("C0001", "did the schema", user="U0002", thread_ts=prompt.ts, org=org)
    assert [r.user_id for r in replies(slack)] == ["U0002"]
    # Another org's workspace sees nothing of it.
    other = Org(enterprise_id="E0002")
    assert "no project" in slack.command("/project", "info in:MP", team_id="T0008", org=other).text
