"""/resource through the signed endpoint: claims spread over working days, refusals, people flagged, load."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from sqlalchemy import func, select

from bot.services.resources import spread, working_days
from bot.store.models import Claim, Task
from bot.testing.signed import date_value, text_value, user_value


def claims(slack) -> int:
    with slack.rt.db.session() as s:
        return s.scalar(select(func.count()).select_from(Claim).where(Claim.released_at.is_(None)))


def setup(slack) -> None:
    slack.project()
    slack.command("/project", "members add <@U0002|alice> capacity:32h")
    slack.command("/resource", "add Projector kind:equipment capacity:20h")


def test_spread_over_working_days():
    days = working_days(date(2026, 12, 3), date(2026, 12, 9))  # Thu..Wed: Thu Fri | Mon Tue Wed
    assert len(days) == 5
    weeks = spread(10, days)
    assert weeks == {date(2026, 11, 30): 4.0, date(2026, 12, 7): 6.0}


def test_claim_within_capacity_and_refusal_names_holders_and_next_window(slack):
    setup(slack)
    ok = slack.command("/resource", "claim Projector from:2026-12-07 to:2026-12-11 hours:16")
    assert ok.json["response_type"] == "in_channel" and "`C-1`" in ok.text and "16 h" in ok.text
    refused = slack.command(
        "/resource", "claim Projector from:2026-12-09 to:2026-12-09 hours:8", user="U0002"
    )
    assert refused.json["response_type"] == "ephemeral"
    assert (
        "can't take 8 h" in refused.text and "`C-1`" in refused.text and "<@U0001>" in refused.text
    )
    assert "Next window that fits: 2026-12-16" in refused.text
    assert claims(slack) == 1


def test_claim_without_hours_takes_the_windows_working_hours_up_to_capacity(slack):
    setup(slack)
    reply = slack.command("/resource", "claim Projector from:2026-12-07 to:2026-12-18")
    assert "20 h" not in reply.text and "40 h" in reply.text  # two weeks at 20 h/week


def test_people_are_flagged_not_refused(slack):
    setup(slack)
    first = slack.command(
        "/resource", "claim <@U0002|alice> from:2026-12-07 to:2026-12-11 hours:30"
    )
    assert "Over-allocated" not in first.text
    second = slack.command(
        "/resource", "claim <@U0002|alice> from:2026-12-07 to:2026-12-11 hours:10"
    )
    assert (
        "`C-2`" in second.text and "Over-allocated" in second.text and "40 h of 32" in second.text
    )
    assert claims(slack) == 2


def test_load_counts_claims_and_task_estimates_against_capacity(slack):
    setup(slack)
    slack.command("/resource", "claim <@U0002|alice> from:2026-12-07 to:2026-12-11 hours:20")
    slack.command("/resource", "claim Projector from:2026-12-07 to:2026-12-08 hours:8")
    with slack.rt.db.session() as s:
        project_id = s.scalar(select(func.min(Claim.project_id)))
        s.add(
            Task(
                team_id="T0001",
                project_id=project_id,
                number=1,
                title="Schema",
                owner_id="U0002",
                status="open",
                start_date=date(2026, 12, 7),
                due_date=date(2026, 12, 18),
                estimate_hours=20,
                created_by="U0001",
                created_at=slack.clock(),
            )
        )
    reply = slack.command("/resource", "load week:2026-12-09")
    body = str(reply.json["blocks"])
    assert "week of 2026-12-07" in reply.text
    assert "30 / 32 h (claimed 20, tasks 10)" in body
    assert "*Projector*" in body and "8 / 20 h" in body


def test_release_and_list(slack):
    setup(slack)
    slack.command("/resource", "claim Projector from:2026-12-07 to:2026-12-11 hours:16")
    assert "`C-1`" in slack.command("/resource", "list").text
    assert "released" in slack.command("/resource", "release C-1").text
    assert "already released" in slack.command("/resource", "release C-1").text
    assert "no claim C-7" in slack.command("/resource", "release C-7").text
    assert "holds no claims" in slack.command("/resource", "list").text


def test_bad_input(slack):
    setup(slack)
    cases = {
        "claim Nothing from:2026-12-07": "no resource named",
        "claim Projector from:2026-12-11 to:2026-12-07": "before it starts",
        "claim Projector from:2026-12-12 to:2026-12-13": "no working days",
        "claim Projector from:blorp": "blorp",
        "claim <@U0005|out> from:2026-12-07": "not a member",
        "add Projector": "exists already",
        "add Van kind:spaceship": "spaceship",
        "add Room capacity:-3h": "capacity",
        "claim Projector for:T-9 from:2026-12-07": "no task T-9",
    }
    for text, expected in cases.items():
        reply = slack.command("/resource", text)
        assert reply.json["response_type"] == "ephemeral", text
        assert expected in reply.text, (text, reply.text)
    assert claims(slack) == 0
    assert "Only members" in slack.command("/resource", "claim Projector", user="U0005").text


def test_days_away_reduce_a_persons_capacity_in_load(slack):
    setup(slack)
    reply = slack.command(
        "/standup", "away from:2026-12-07 until:2026-12-08 conference", user="U0002"
    )
    assert reply.status == 200 and reply.json["response_type"] == "ephemeral"
    body = str(slack.command("/resource", "load week:2026-12-07").json["blocks"])
    assert "0 / 19.2 h" in body  # 32 h a week, 2 of 5 working days away


def test_typed_names_come_back_escaped_and_other_workspaces_see_nothing(slack):
    setup(slack)
    unknown = slack.command("/resource", "claim Beamer <!channel> from:2026-12-07")
    assert "<!channel>" not in unknown.text and "&lt;!channel&gt;" in unknown.text
    added = slack.command("/resource", "add Room <!here> kind:room capacity:10h")
    assert "<!here>" not in added.text and "&lt;!here&gt;" in added.text
    slack.command("/resource", "claim Room <!here> from:2026-12-07 to:2026-12-07 hours:8")
    refused = slack.command("/resource", "claim Room <!here> from:2026-12-07 to:2026-12-07 hours:8")
    assert "can't take" in refused.text and "<!here>" not in refused.text
    assert "no project" in slack.command("/resource", "list", team_id="T0002").text
    assert "no project" in slack.command("/resource", "claim Projector", team_id="T0002").text
    assert claims(slack) == 1


def opened_modal(slack, user: str = "U0001") -> dict:
    slack.command("/resource", "", user=user)
    opened = slack.fake.calls_to("views.open")
    assert len(opened) == 1
    view = opened[0].args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["callback_id"] == "resource_claim"
    return view


def test_bare_command_opens_the_claim_modal_and_submission_validates(slack):
    setup(slack)
    view = opened_modal(slack)
    cases = [
        ({"from": date_value("2026-12-07")}, "resource", "Say what to claim"),
        (
            {"resource": text_value("Projector"), "person": user_value("U0002"), "from": date_value("2026-12-07")},
            "person",
            "not both",
        ),
        ({"person": user_value("U0005"), "from": date_value("2026-12-07")}, "person", "not a member"),
        ({"resource": text_value("Kettle"), "from": date_value("2026-12-07")}, "resource", "no resource named"),
        (
            {"resource": text_value("Projector"), "from": date_value("2026-12-07"), "to": date_value("2026-12-01")},
            "to",
            "before it starts",
        ),
        ({"resource": text_value("Projector"), "from": date_value("2026-12-12")}, "from", "no working days"),
        (
            {"resource": text_value("Projector"), "from": date_value("2026-12-07"), "hours": text_value("-3h")},
            "hours",
            "hours",
        ),
        (
            {"resource": text_value("Projector"), "from": date_value("2026-12-07"), "task": text_value("T-99")},
            "task",
            "T-99",
        ),
    ]  # fmt: skip
    for values, field, words in cases:
        bad = slack.sender.view_submission(view, values)
        assert bad.json["response_action"] == "errors", (values, bad.body)
        assert set(bad.json["errors"]) == {field} and words in bad.json["errors"][field], (
            field,
            bad.json,
        )
    assert claims(slack) == 0
    good = slack.sender.view_submission(
        view,
        {
            "resource": text_value("Projector"),
            "from": date_value("2026-12-07"),
            "to": date_value("2026-12-11"),
            "hours": text_value("16h"),
        },
    )
    assert good.status == 200 and not good.body.strip()
    slack.rt.drain()
    assert claims(slack) == 1
    posted = [m.text for m in slack.fake.channel_messages("C0001") if not m.ephemeral_to]
    assert any("`C-1`" in t and "16 h" in t for t in posted)


def test_a_refused_modal_claim_shows_what_fits_and_sends_the_holders(slack):
    setup(slack)
    slack.command("/resource", "claim Projector from:2026-12-07 to:2026-12-11 hours:16")
    view = opened_modal(slack, user="U0002")
    refused = slack.sender.view_submission(
        view,
        {"resource": text_value("Projector"), "from": date_value("2026-12-09"), "hours": text_value("8h")},
        user="U0002",
    )  # fmt: skip
    assert "Next window that fits" in refused.json["errors"]["resource"]
    slack.rt.drain()
    notes = [m.text for m in slack.fake.channel_messages("C0001") if m.ephemeral_to == "U0002"]
    assert any("can't take 8 h" in t and "`C-1`" in t for t in notes)
    assert claims(slack) == 1


def test_a_person_is_claimed_from_the_modal_and_outsiders_get_no_modal(slack):
    setup(slack)
    assert "Only members" in slack.command("/resource", "", user="U0005").text
    assert not slack.fake.calls_to("views.open")
    view = opened_modal(slack)
    good = slack.sender.view_submission(
        view, {"person": user_value("U0002"), "from": date_value("2026-12-07")}
    )
    assert good.status == 200 and not good.body.strip()
    assert claims(slack) == 1


def test_simultaneous_claims_never_overfill_a_resource(slack):
    """Each fits alone (16 h of 20); together only one may: the resource is locked while checked."""
    setup(slack)
    slack.command("/project", "members add <@U0003|bob>")

    def claim(user: str) -> str:
        text = "claim Projector from:2026-12-07 to:2026-12-11 hours:16"
        return slack.sender.command("/resource", text, user=user).text

    with ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(claim, ["U0001", "U0002", "U0003"]))
    assert sum("`C-" in a and "claimed" in a for a in answers) == 1, answers
    assert sum("can't take" in a for a in answers) == 2
    assert claims(slack) == 1


def test_a_modal_claim_from_a_stakeholder_another_workspace_or_a_broadcast_name_writes_nothing(
    slack,
):
    setup(slack)
    slack.command("/project", "members add <@U0004|s> role:stakeholder")
    view = opened_modal(slack)
    when = {"from": date_value("2026-12-07")}
    stakeholder = slack.sender.view_submission(
        view, {"resource": text_value("Projector"), **when}, user="U0004"
    )
    assert "as a stakeholder" in stakeholder.json["errors"]["resource"]
    elsewhere = slack.sender.view_submission(
        view, {"resource": text_value("Projector"), **when}, team_id="T0002"
    )
    assert "no longer exists" in elsewhere.json["errors"]["resource"]
    loud = slack.sender.view_submission(view, {"resource": text_value("<!channel>"), **when})
    error = loud.json["errors"]["resource"]
    # A field error is plain text, which pings no one: it shows the name as typed.
    assert "<!channel>" in error and "&lt;" not in error
    slack.rt.drain()
    assert claims(slack) == 0
    assert not [m for m in slack.fake.channel_messages("C0001") if "C-1" in m.text]


def _load(slack, week: str = "") -> str:
    return str(slack.command("/resource", f"load {week}".strip()).json["blocks"])


def test_load_spreads_what_is_left_from_today_and_counts_overdue_work_this_week(slack):
    setup(slack)  # the clock reads Mon 2026-11-23
    # No start: spread over the 20 working days from today to Dec 18, not whole on its due week.
    slack.command("/task", "add Schema <@U0002|alice> est:20h due:2026-12-18")
    assert "5 / 32 h (claimed 0, tasks 5)" in _load(slack)
    assert "5 / 32 h (claimed 0, tasks 5)" in _load(slack, "week:2026-12-14")
    # Overdue: what is left of it is this week's work, and no later week's.
    slack.command("/task", "add Backfill <@U0002|alice> est:8h due:2026-11-20")
    slack.command("/task", "progress T-2 50%")
    assert "9 / 32 h (claimed 0, tasks 9)" in _load(slack)
    assert "5 / 32 h (claimed 0, tasks 5)" in _load(slack, "week:2026-11-30")
    # Progress takes its share off what is left.
    slack.command("/task", "progress T-1 50%")
    assert "6.5 / 32 h (claimed 0, tasks 6.5)" in _load(slack)
    slack.command("/task", "done T-2")
    assert "2.5 / 32 h (claimed 0, tasks 2.5)" in _load(slack)
