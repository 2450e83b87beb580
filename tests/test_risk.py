"""/risk through the signed HTTP endpoint and the fake Slack, on every database backend."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.store.models import Change, Risk, Task

CRITICAL = (
    '"Payment vendor API may slip" likelihood:4 impact:5 owner:<@U0003|bob> '
    'mitigation:"second vendor on standby" review:"next monday"'
)


def shown(reply) -> str:
    return reply.text + json.dumps(reply.json.get("blocks", []), ensure_ascii=False)


def count(slack, model) -> int:
    with slack.rt.db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def risk(slack, number: int) -> Risk:
    with slack.rt.db.session() as s:
        return s.scalar(select(Risk).where(Risk.number == number))


def dms(slack, user: str) -> list:
    return [m for m in slack.fake.channel_messages(user) if m.user == slack.fake.bot_user_id]


@pytest.fixture
def team(slack):
    """Project MP in C0001: lead owns it, alice and bob are members, U0004 is a stakeholder."""
    slack.project()
    slack.command("/project", "members add <@U0002|alice> <@U0003|bob>")
    slack.command("/project", "members add <@U0004|stakeholder> role:stakeholder")
    return slack


def test_add_critical_risk_answers_with_score_band_owner_and_tells_stakeholders(team):
    reply = team.command("/risk", "add " + CRITICAL, user="U0002")
    assert reply.status == 200 and reply.json["response_type"] == "in_channel"
    body = shown(reply)
    assert "R-1" in body and "20" in body and "critical" in body and "<@U0003>" in body
    assert "<@U0004>" in body  # the reply says who was told
    told = dms(team, "U0004")
    assert len(told) == 1 and "R-1" in told[0].text and "Critical" in told[0].text
    assert not dms(team, "U0002") and not dms(team, "U0001")
    r = risk(team, 1)
    assert (r.likelihood, r.impact, r.owner_id, r.status) == (4, 5, "U0003", "open")
    assert str(r.review_date) == "2026-11-30" and r.mitigation == "second vendor on standby"
    assert r.critical_since is not None and r.escalated_at is not None
    with team.rt.db.session() as s:
        fields = set(s.scalars(select(Change.field).where(Change.entity == "risk")))
    assert {"created", "likelihood", "impact", "owner", "mitigation", "review"} <= fields


def test_escalation_happens_once_per_entry_into_the_critical_band(team):
    team.command("/risk", "add " + CRITICAL)
    assert len(dms(team, "U0004")) == 1
    team.command("/risk", "update R-1 likelihood:5")  # 25: still critical, no second word
    assert len(dms(team, "U0004")) == 1
    left = team.command("/risk", "update R-1 likelihood:2")  # 10: high
    assert "critical → high" in shown(left) or "critical" in shown(left)
    assert risk(team, 1).critical_since is None
    assert len(dms(team, "U0004")) == 1
    team.clock.advance(timedelta(minutes=5))  # each entry into the band is its own announcement
    back = team.command("/risk", 'update R-1 likelihood:"almost certain"')  # 25 again
    assert back.json["response_type"] == "in_channel"
    assert len(dms(team, "U0004")) == 2
    assert team.fake.calls_to("chat.postMessage")[-1].args["channel"] == "U0004"


def test_a_risk_added_below_critical_then_raised_escalates_on_update(team):
    team.command("/risk", "add Tester leaves likelihood:low impact:medium", user="U0002")
    assert risk(team, 1).likelihood == 2 and risk(team, 1).impact == 3
    assert not dms(team, "U0004")
    team.command("/risk", "update R-1 likelihood:likely impact:severe", user="U0002")
    assert len(dms(team, "U0004")) == 1


def test_escalation_goes_to_the_digest_channel_when_one_is_set(team):
    team.command("/project", "settings digest-to:<#C0002|other>")
    team.command("/risk", "add " + CRITICAL)
    posted = [m for m in team.fake.channel_messages("C0002") if "R-1" in m.text]
    assert len(posted) == 1 and "Critical" in posted[0].text
    assert not dms(team, "U0004")


def test_levels_take_numbers_low_medium_high_and_the_5x5_names(team):
    cases = [
        ("likelihood:1 impact:1", (1, 1)),
        ("likelihood:low impact:high", (2, 4)),
        ("likelihood:medium impact:Medium", (3, 3)),
        ('likelihood:"almost certain" impact:severe', (5, 5)),
        ("likelihood:almost-certain impact:insignificant", (5, 1)),
        ("likelihood:unlikely impact:minor", (2, 2)),
        ("likelihood:possible impact:moderate", (3, 3)),
        ("likelihood:rare impact:major", (1, 4)),
        ("", (3, 3)),
    ]
    for n, (opts, expected) in enumerate(cases, 1):
        reply = team.command("/risk", f'add "Risk {n}" {opts}')
        assert f"R-{n}" in reply.text, (opts, reply.text)
        r = risk(team, n)
        assert (r.likelihood, r.impact) == expected, opts


def test_list_is_sorted_by_score_with_bands_and_filters(team):
    team.command("/risk", "add Low one likelihood:1 impact:2", user="U0002")
    team.command("/risk", "add " + CRITICAL)
    team.command("/risk", "add Medium one likelihood:3 impact:3 owner:<@U0002|alice>")
    team.command("/risk", "add High one likelihood:3 impact:4", user="U0002")
    team.command("/risk", "close R-1 no longer relevant", user="U0002")
    listing = shown(team.command("/risk", "list"))
    order = [listing.index(f"`R-{n}`") for n in (2, 4, 3)]
    assert order == sorted(order) and "`R-1`" not in listing
    for word in ("critical", "high", "medium"):
        assert word in listing
    mine = shown(team.command("/risk", "list mine", user="U0002"))
    assert "`R-3`" in mine and "`R-4`" in mine and "`R-2`" not in mine and "`R-1`" not in mine
    everything = shown(team.command("/risk", "list all"))
    assert "`R-1`" in everything and "closed" in everything and "low" in everything
    assert team.command("/risk", "list").json["response_type"] == "ephemeral"


def test_bad_input_is_ephemeral_names_the_problem_and_writes_nothing(team):
    team.command("/risk", "add Existing likelihood:2 impact:2")
    team.command("/risk", "close R-1 done")
    before = (count(team, Risk), count(team, Change))
    cases = {
        "add Vendor slips likelihood:7": "1–5",
        "add Vendor slips impact:huge": "huge",
        "add Vendor slips owner:<@U0005|outsider>": "not a member",
        "add Vendor slips owner:<@U0004|stakeholder>": "stakeholder",
        "add Vendor slips owner:bob": "not a mention",
        "add likelihood:3 impact:3": "missing",
        'add "" likelihood:3': "missing",
        "add Ping <!here> now likelihood:3": "&lt;!here&gt;",
        "add Vendor slips review:blorp": "blorp",
        "add Vendor slips review:2020-01-01": "past",
        "add Vendor slips prob:4": "not an option",
        "show R-999": "no risk R-999",
        "update R-999 likelihood:2": "no risk R-999",
        "close R-1": "already closed",
        "occurred R-1": "already closed",
        "update R-1 likelihood:3": "already closed",
        "show T-3": "not a risk ref",
        "show": "Say which risk",
        "update R-1": "Say what changes",
        "list sideways": "open, mine or all",
        "frobnicate": "Known verbs",
    }
    for text, expected in cases.items():
        reply = team.command("/risk", text)
        assert reply.status == 200, text
        assert reply.json["response_type"] == "ephemeral", text
        assert expected in reply.text, (text, reply.text)
        assert "<!here>" not in reply.text
    assert (count(team, Risk), count(team, Change)) == before
    scale = team.command("/risk", "add X likelihood:7").text
    assert "almost certain" in scale and "For example" in scale


def test_members_add_and_only_the_risk_owner_or_a_project_owner_changes_it(team):
    assert "R-1" in team.command("/risk", "add Bob's risk owner:<@U0003|bob>", user="U0002").text
    denied = team.command("/risk", "update R-1 likelihood:5", user="U0002")
    assert "Only the owner of R-1 (<@U0003>)" in denied.text and "<@U0001>" in denied.text
    assert "Only" in team.command("/risk", "close R-1", user="U0002").text
    assert "Only" in team.command("/risk", 'mitigate R-1 "x"', user="U0004").text
    assert "You follow *MP* as a stakeholder, so you can't add risks." in team.command("/risk", "add Outside view", user="U0004").text  # fmt: skip
    assert "Only members" in team.command("/risk", "add Outside view", user="U0005").text
    assert risk(team, 1).likelihood == 3 and count(team, Risk) == 1
    ok = team.command("/risk", 'mitigate R-1 "Pair with alice"', user="U0003")
    assert ok.json["response_type"] == "in_channel" and "Pair with alice" in shown(ok)
    closed = team.command("/risk", "close R-1 vendor confirmed", user="U0001")
    assert "closed `R-1`" in closed.text and "vendor confirmed" in closed.text
    r = risk(team, 1)
    assert (r.status, r.close_reason, r.mitigation) == (
        "closed",
        "vendor confirmed",
        "Pair with alice",
    )


def test_update_reassigns_and_moves_the_review_date_and_show_has_history(team):
    team.command("/risk", "add " + CRITICAL)
    reply = team.command("/risk", 'update R-1 owner:<@U0002|alice> review:"in 2 weeks" impact:2')
    assert "<@U0003> → <@U0002>" in shown(reply) and "score 20 → 8" in shown(reply)
    r = risk(team, 1)
    assert r.owner_id == "U0002" and str(r.review_date) == "2026-12-07"
    shown_risk = shown(team.command("/risk", "show R-1"))
    for piece in ("History", "added it", "impact 5 → 2", "band critical → medium", "U0002"):
        assert piece in shown_risk, piece
    assert "Only" in team.command("/risk", "update R-1 impact:3", user="U0003").text
    team.command("/risk", 'mitigate R-1 mitigation:"Backup vendor"')
    assert risk(team, 1).mitigation == "Backup vendor"


def test_occurred_offers_a_blocked_task_linked_to_the_risk_made_once(team):
    team.command("/risk", "add " + CRITICAL)
    reply = team.command("/risk", "occurred R-1", user="U0003")
    assert reply.json["response_type"] == "in_channel" and "occurred" in reply.text
    button = [
        e
        for b in reply.json["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "risk_to_task"
    ][0]
    r = risk(team, 1)
    assert button["value"] == str(r.id) and r.status == "occurred" and r.critical_since is None
    message = [m for m in team.fake.channel_messages("C0001") if "occurred" in m.text][-1]
    click = team.sender.block_action("risk_to_task", button["value"], user="U0002", message=message)
    assert click.status == 200
    team.rt.drain()
    with team.rt.db.session() as s:
        task = s.scalar(select(Task))
        assert (task.status, task.risk_id, task.owner_id, task.number) == (
            "blocked",
            r.id,
            "U0003",
            1,
        )
        assert task.blocked_reason == "Risk R-1 occurred: Payment vendor API may slip"
        assert task.blocked_at is not None and task.created_by == "U0002"
        assert s.scalar(select(func.count()).select_from(Change).where(Change.entity == "task"))
    assert "T-1" in team.fake.find_message("C0001", message.ts).text
    again = team.sender.block_action("risk_to_task", button["value"], user="U0002", message=message)
    assert again.status == 200
    team.rt.drain()
    assert count(team, Task) == 1
    assert "already tracks R-1" in team.fake.responses[-1].body["text"]
    assert "T-1" in shown(team.command("/risk", "show R-1"))


def test_a_risk_to_task_click_from_another_workspace_or_a_stakeholder_makes_nothing(team):
    team.command("/risk", "add Vendor slips")
    team.command("/risk", "occurred R-1")
    rid = str(risk(team, 1).id)
    team.sender.block_action("risk_to_task", rid, user="U0004")
    team.sender.block_action("risk_to_task", rid, user="U0001", team_id="T0002")
    team.rt.drain()
    assert count(team, Task) == 0


def test_bare_command_opens_the_modal_and_submission_validates(team):
    team.command("/risk", "")
    opened = team.fake.calls_to("views.open")
    assert len(opened) == 1
    view = opened[0].args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["callback_id"] == "risk_new"
    from bot.testing.signed import date_value, option_value, text_value, user_value

    bad = team.sender.view_submission(
        view, {"title": text_value("Vendor slips"), "owner": user_value("U0005")}
    )
    assert bad.json["response_action"] == "errors" and "owner" in bad.json["errors"]
    here = team.sender.view_submission(view, {"title": text_value("Tell <!channel>")})
    assert set(here.json["errors"]) == {"title"}
    past = team.sender.view_submission(
        view, {"title": text_value("Late"), "review": date_value("2026-11-01")}
    )
    assert set(past.json["errors"]) == {"review"}
    denied = team.sender.view_submission(view, {"title": text_value("Mine")}, user="U0004")
    assert (
        set(denied.json["errors"]) == {"title"}
        and "as a stakeholder" in denied.json["errors"]["title"]
    )
    assert count(team, Risk) == 0
    good = team.sender.view_submission(
        view,
        {
            "title": text_value("Vendor slips"),
            "likelihood": option_value("5"),
            "impact": option_value("4"),
            "owner": user_value("U0003"),
            "review": date_value("2026-12-01"),
        },
    )
    assert good.status == 200 and not good.body.strip()
    team.rt.drain()
    r = risk(team, 1)
    assert (r.likelihood, r.impact, r.owner_id, str(r.review_date)) == (5, 4, "U0003", "2026-12-01")
    assert any("R-1" in m.text for m in team.fake.channel_messages("C0001") if not m.ephemeral_to)
    assert len(dms(team, "U0004")) == 1


def test_bare_command_with_a_ref_shows_it_and_outsiders_get_no_modal(team):
    team.command("/risk", "add Vendor slips")
    assert "R-1" in team.command("/risk", "R-1").text
    assert "Only members" in team.command("/risk", "", user="U0005").text
    assert not team.fake.calls_to("views.open")


def test_help_lists_every_verb_and_the_scales(slack):
    body = json.dumps(slack.command("/risk", "help").json, ensure_ascii=False)
    for verb in ("add", "list", "show", "update", "mitigate", "close", "occurred", "matrix"):
        assert f"/risk {verb}" in body
    assert "almost certain" in body and "critical 20–25" in body


def test_in_key_from_another_channel_and_another_workspace_sees_nothing(team):
    team.command("/risk", "add Vendor slips")
    assert "R-1" in shown(team.command("/risk", "list in:MP", channel="C0002"))
    assert "no project" in team.command("/risk", "list", team_id="T0002").text
    assert "no project with key" in team.command("/risk", "show R-1 in:MP", team_id="T0002").text


def test_titles_are_escaped_in_every_reply(team):
    team.command("/risk", "add Fish & <chips> likelihood:4 impact:5")
    for text in ("list", "show R-1", "matrix"):
        reply = team.command("/risk", text)
        # Header blocks are plain_text, which Slack never reads as markup.
        body = reply.text + json.dumps(
            [b for b in reply.json["blocks"] if b["type"] != "header"], ensure_ascii=False
        )
        assert "Fish &amp; &lt;chips&gt;" in body and "<chips>" not in body, text
    assert all("<chips>" not in m.text for m in dms(team, "U0004"))


def test_long_titles_and_plans_full_of_markup_stay_within_slacks_block_limits(team):
    title = "&" * 200
    plan = "<" * 2000
    for n in range(1, 13):
        reply = team.command("/risk", f'add "{title}" likelihood:5 impact:4 mitigation:"{plan}"')
        assert f"R-{n}" in reply.text
    for n in range(3):
        team.command("/risk", f'mitigate R-1 "{plan[: -n - 1]}"')
    for text in ("list", "list all", "show R-1", "matrix"):
        reply = team.command("/risk", text)
        assert reply.status == 200 and reply.json.get("blocks"), text
        for block in reply.json["blocks"]:
            assert len(block.get("text", {}).get("text", "")) <= 3000, text
    assert len(dms(team, "U0004")) == 12  # the escalations fit too
    # Every ack was shown by the fake, which enforces Slack's block limits.
    assert len([m for m in team.fake.channel_messages("C0001") if "R-" in m.text]) >= 16
    too_long = team.command("/risk", f'add "{"x" * 201}"')
    assert "200" in too_long.text
    assert "2000" in team.command("/risk", f'add Plan mitigation:"{plan}<"').text
