"""/project through the signed HTTP endpoint, on every database backend."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

from sqlalchemy import func, select

from bot.store.models import Change, Member, Milestone, Project
from bot.testing.signed import date_value, sign, text_value


def shown(reply) -> str:
    """Everything a person would see: the text and the blocks."""
    return reply.text + json.dumps(reply.json.get("blocks", []), ensure_ascii=False)


def count(slack, model) -> int:
    with slack.rt.db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_new_binds_project_to_channel_and_makes_caller_owner(slack):
    reply = slack.command(
        "/project",
        'new "Member Portal v2" goal:"Relaunch the portal" scope:"web + app" start:2026-12-01 '
        'end:"march 31" budget:50000 currency:CNY tz:Asia/Shanghai',
    )
    assert reply.status == 200
    assert reply.json["response_type"] == "in_channel"
    assert "Member Portal v2" in shown(reply) and "`MPV`" in shown(reply)
    with slack.rt.db.session() as s:
        project = s.scalar(select(Project))
        assert (project.team_id, project.channel_id, project.key) == ("T0001", "C0001", "MPV")
        assert str(project.start_date) == "2026-12-01" and str(project.end_date) == "2027-03-31"
        assert project.budget == 50000 and project.timezone == "Asia/Shanghai"
        owner = s.scalar(select(Member))
        assert (owner.user_id, owner.role) == ("U0001", "owner")


def test_info_shows_health_dates_and_milestones(slack):
    slack.project()
    slack.command("/project", 'milestone "Beta launch" due:2027-01-15')
    reply = slack.command("/project", "info")
    assert reply.json["response_type"] == "ephemeral"
    body = shown(reply)
    assert (
        "MP · Portal" in body and "2026-12-01" in body and "M-1" in body and "Beta launch" in body
    )
    assert "GREEN" in body and "Cost (CPI, in hours)" in body  # money is the budget's field
    assert "missed" not in body


def test_info_says_a_milestone_past_its_due_date_was_missed_until_it_is_done(slack):
    slack.project()
    slack.command("/project", 'milestone "Beta launch" due:2026-12-10')
    slack.command("/project", 'milestone "GA" due:2027-01-15')
    on_the_day = shown(slack.command("/project", "info"))
    assert "`M-1` Beta launch — due 2026-12-10" in on_the_day and "missed" not in on_the_day
    slack.clock.set(datetime(2026, 12, 13, 2, 0, tzinfo=UTC))  # Sunday Dec 13, Shanghai
    late = shown(slack.command("/project", "info"))
    assert "`M-1` Beta launch — due 2026-12-10 · :red_circle: *missed*, 3 days late" in late, late
    assert "`M-2` GA — due 2027-01-15" in late and late.count("missed") == 1
    slack.command("/project", "milestone done M-1")
    assert "missed" not in shown(slack.command("/project", "info"))


def test_info_from_another_channel_with_in_key(slack):
    slack.project()
    reply = slack.command("/project", "info in:mp", channel="C0002")
    assert "MP · Portal" in shown(reply)


def test_one_active_project_per_channel_and_unique_keys(slack):
    slack.project()
    second = slack.command("/project", "new Another")
    assert "already runs *MP*" in second.text
    taken = slack.command("/project", "new Another key:MP", channel="C0002")
    assert "taken" in taken.text
    assert count(slack, Project) == 1


def test_bad_input_is_ephemeral_names_the_problem_and_writes_nothing(slack):
    cases = {
        "new Portal start:blorp": "blorp",
        "new Portal tz:Mars/Base": "Mars/Base",
        "new Portal budget:-5": "negative",
        "new " + "x" * 201: "200",
        "new": "missing",
        "new Portal start:2027-01-10 end:2026-12-01": "before it starts",
        "frobnicate": "Known verbs",
        "new Portal key:1X": "can't be a key",
        'new Portal key:"<!channel>"': "`&lt;!CHANNEL&gt;` can't be a key",
    }
    for text, expected in cases.items():
        reply = slack.command("/project", text)
        assert reply.status == 200
        assert reply.json["response_type"] == "ephemeral", text
        assert expected in reply.text, (text, reply.text)
    assert count(slack, Project) == 0
    assert count(slack, Change) == 0


def test_mentions_in_a_name_are_stored_as_typed_and_shown_escaped(slack):
    reply = slack.command("/project", "new Ship <!channel> now <@U0002|alice> key:SHIP")
    assert "<!channel>" not in shown(reply) and "<@U0002" not in shown(reply)
    assert "&lt;!channel&gt;" in shown(reply)
    with slack.rt.db.session() as s:
        assert "<!channel>" in s.scalar(select(Project.name))


def test_milestones_added_and_done(slack):
    slack.project()
    added = slack.command("/project", 'milestone "Beta launch" due:"2027-01-15"')
    assert "`M-1`" in added.text and added.json["response_type"] == "in_channel"
    assert "due date" in slack.command("/project", "milestone Nodate").text
    done = slack.command("/project", "milestone done M-1")
    assert "is done" in done.text
    assert "already done" in slack.command("/project", "milestone done M-1").text
    assert "no milestone M-9" in slack.command("/project", "milestone done M-9").text
    with slack.rt.db.session() as s:
        assert s.scalar(select(Milestone.done_at)) is not None


def test_members_add_list_remove_with_roles_and_capacity(slack):
    slack.project()
    added = slack.command("/project", "members add <@U0002|alice> <@U0003|bob> capacity:32h")
    assert ":busts_in_silhouette: <@U0002>, <@U0003> are now members of *MP*." in added.text
    sam = slack.command("/project", "members add <@U0004|s> role:stakeholder")
    assert ":busts_in_silhouette: <@U0004> is now a stakeholder of *MP*." in sam.text
    owner = slack.command("/project", "members add <@U0005|o> role:owner")
    assert "<@U0005> is now an owner of *MP*." in owner.text
    slack.command("/project", "members remove <@U0005|o>")
    listing = slack.command("/project", "members").text
    assert (
        "<@U0002> — member, 32 h/week" in listing and "<@U0004> — stakeholder\n" in listing + "\n"
    )
    assert "stakeholder," not in listing  # a stakeholder follows the project: no hours a week
    people = shown(slack.command("/project", "info"))
    assert "*People · open tasks*\\n3 · 0" in people, (
        people
    )  # lead, alice, bob: not the stakeholder
    slack.command("/project", "members remove <@U0003|bob>")
    assert "<@U0003>" not in slack.command("/project", "members").text
    assert "role" in slack.command("/project", "members add <@U0003> role:boss").text


def test_adding_people_already_members_says_so_and_what_changed_not_that_they_joined(slack):
    slack.project()
    slack.command("/project", "members add <@U0002|alice> <@U0003|bob> capacity:32h")
    again = slack.command("/project", "members add <@U0002|alice> <@U0003|bob> role:member capacity:32h")  # fmt: skip
    assert again.json["response_type"] == "ephemeral", again.json  # no news for the channel
    assert again.text == "<@U0002>, <@U0003> are already members of *MP*; nothing changed."
    one = slack.command("/project", "members add <@U0002|alice>")
    assert one.text == "<@U0002> is already a member of *MP*; nothing changed.", one.text
    # bob's hours change, carol is new: the channel hears both, each as it is.
    mixed = slack.command(
        "/project", "members add <@U0002|alice> <@U0003|bob> <@U0004|carol> capacity:20h"
    )
    assert mixed.json["response_type"] == "in_channel"
    assert mixed.text.split("\n") == [
        ":busts_in_silhouette: <@U0004> is now a member of *MP*.",
        ":busts_in_silhouette: <@U0002> was already in *MP*: capacity 32 h → 20 h a week.",
        ":busts_in_silhouette: <@U0003> was already in *MP*: capacity 32 h → 20 h a week.",
    ], mixed.text
    owner = slack.command("/project", "members add <@U0002|alice> role:owner capacity:30h")
    assert owner.text == (
        ":busts_in_silhouette: <@U0002> was already in *MP*: role member → owner; "
        "capacity 20 h → 30 h a week."
    ), owner.text
    with slack.rt.db.session() as s:
        fields = [c.field for c in s.scalars(select(Change).where(Change.entity == "member"))]
    assert fields.count("capacity") == 6 and fields.count("role") == 4, fields  # 3 joined, 1 role


def test_already_members_in_chinese(slack):
    slack.project("new Portal key:MP start:2026-12-01 end:2027-03-31 lang:zh")
    slack.fake.users["U0001"].locale = "zh-CN"
    slack.command("/project", "members add <@U0002|alice>")
    same = slack.command("/project", "members add <@U0002|alice>").text
    assert same == "<@U0002> 已是 *MP* 的成员，没有变化。", same
    changed = slack.command("/project", "members add <@U0002|alice> role:owner capacity:30h").text
    assert changed == (
        ":busts_in_silhouette: <@U0002> 已在 *MP* 中：角色 成员 → 负责人；每周工时 40 小时 → 30 小时。"
    ), changed


def test_removing_a_member_who_owns_open_tasks_says_which_to_reassign(slack):
    slack.project()
    slack.command("/project", "members add <@U0002|alice> <@U0003|bob>")
    for text in ("add One <@U0003|bob>", "add Two <@U0003|bob>", "add Three <@U0002|alice>", "add Four <@U0003|bob>"):  # fmt: skip
        slack.command("/task", text)
    slack.command("/task", "done T-2", user="U0003")
    bob = slack.command("/project", "members remove <@U0003|bob>")
    assert bob.json["response_type"] == "in_channel"
    assert bob.text == (
        "Removed <@U0003> from *MP*.\n:warning: <@U0003> still owns 2 open tasks: `T-1`, `T-4`; "
        "reassign them with `/task assign T-1 @name`."
    ), bob.text
    alice = slack.command("/project", "members remove <@U0002|alice>").text
    assert (
        "<@U0002> still owns 1 open task: `T-3`; reassign it with `/task assign T-3 @name`."
        in alice
    )
    slack.command("/project", "members add <@U0005|o>")
    assert (
        slack.command("/project", "members remove <@U0005|o>").text == "Removed <@U0005> from *MP*."
    )


def test_only_owners_change_members_and_settings(slack):
    slack.project()
    slack.command("/project", "members add <@U0002|alice>")
    denied = slack.command("/project", "members add <@U0003|bob>", user="U0002")
    assert "Only an owner" in denied.text and "<@U0001>" in denied.text
    assert "Only an owner" in slack.command("/project", "settings standup:10:00", user="U0002").text
    outsider = slack.command("/project", 'milestone "X" due:2027-01-01', user="U0005")
    assert "Only members" in outsider.text
    with slack.rt.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Member)) == 2


def test_last_owner_cannot_be_removed(slack):
    slack.project()
    reply = slack.command("/project", "members remove <@U0001|lead>")
    assert "without an owner" in reply.text
    assert count(slack, Member) == 1


def test_settings_change_and_show(slack):
    slack.project()
    reply = slack.command(
        "/project",
        'settings standup:10:15 days:mon-thu digest:"thu 15:00" digest-to:<#C0002|other> alerts:off tz:America/New_York',
    )
    assert reply.json["response_type"] == "in_channel"
    assert "10:15 on Mon, Tue, Wed, Thu" in reply.text and "<#C0002>" in reply.text
    assert "Alerts:* off" in reply.text and "America/New_York" in reply.text
    shown = slack.command("/project", "settings")
    assert shown.json["response_type"] == "ephemeral" and "10:15" in shown.text
    assert "not a setting" in slack.command("/project", "settings colour:blue").text
    assert "digest" in slack.command("/project", "settings digest:someday").text


def test_baseline_freezes_dates(slack):
    slack.project()
    slack.command("/project", 'milestone "Beta" due:2027-01-15')
    reply = slack.command("/project", "baseline")
    assert "Baseline" in reply.text
    with slack.rt.db.session() as s:
        assert str(s.scalar(select(Milestone.baseline_due))) == "2027-01-15"
        assert s.scalar(select(Project.baselined_at)) is not None


def test_help_lists_verbs(slack):
    reply = slack.command("/project", "help")
    body = json.dumps(reply.json)
    for verb in ("new", "info", "milestone", "members", "settings", "baseline"):
        assert f"/project {verb}" in body
    assert "currency:USD" in body and "in yuan unless" in body


def test_bare_command_in_a_channel_running_a_project_shows_it_instead_of_a_new_form(slack):
    slack.project()
    reply = slack.command("/project", "")
    assert reply.json["response_type"] == "ephemeral" and "MP · Portal" in shown(reply)
    assert not slack.fake.calls_to("views.open")
    # Another workspace's channel of the same id runs nothing of theirs: it gets the form, not MP.
    other = slack.command("/project", "", team_id="T0002")
    assert "MP" not in other.text and len(slack.fake.calls_to("views.open")) == 1
    slack.close()  # a closed project leaves the channel free for a new one
    slack.command("/project", "")
    assert len(slack.fake.calls_to("views.open")) == 2


def test_bare_command_opens_modal_and_submission_validates(slack):
    reply = slack.command("/project", "")
    assert reply.status == 200
    opened = slack.fake.calls_to("views.open")
    assert len(opened) == 1
    view = opened[0].args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["callback_id"] == "project_new"

    bad = slack.sender.view_submission(
        view,
        {
            "name": text_value("Portal"),
            "tz": text_value("Nowhere/City"),
            "budget": text_value("-3"),
            "start": date_value("2027-02-01"),
            "end": date_value("2027-01-01"),
        },
    )
    assert bad.json["response_action"] == "errors"
    assert set(bad.json["errors"]) == {"tz", "budget", "end"}
    assert count(slack, Project) == 0

    good = slack.sender.view_submission(
        view,
        {
            "name": text_value("Portal"),
            "key": text_value("PORT"),
            "start": date_value("2026-12-01"),
        },
    )
    assert good.status == 200 and not good.body.strip()
    slack.rt.drain()
    posted = slack.fake.calls_to("chat.postMessage")
    assert posted and posted[-1].args["channel"] == "C0001"
    with slack.rt.db.session() as s:
        assert s.scalar(select(Project.key)) == "PORT"


def test_another_workspace_sees_nothing(slack):
    slack.project()
    reply = slack.command("/project", "info", team_id="T0002")
    assert "no project" in reply.text
    reply = slack.command("/project", "info in:MP", team_id="T0002")
    assert "no project with key" in reply.text


def test_unsigned_badly_signed_and_stale_requests_get_401_and_change_nothing(slack):
    body = b"command=%2Fproject&text=new+Portal&team_id=T0001&user_id=U0001&channel_id=C0001"
    assert (
        slack.sender.raw(body, {"Content-Type": "application/x-www-form-urlencoded"}).status == 401
    )
    bad = sign("wrong-secret", body, int(time.time()))
    assert (
        slack.sender.raw(body, {**bad, "Content-Type": "application/x-www-form-urlencoded"}).status
        == 401
    )
    stale = sign("test-signing-secret", body, int(time.time()) - 301)
    assert (
        slack.sender.raw(
            body, {**stale, "Content-Type": "application/x-www-form-urlencoded"}
        ).status
        == 401
    )
    assert count(slack, Project) == 0


def test_healthz_checks_the_database(slack):
    import urllib.request

    with urllib.request.urlopen(f"{slack.url}/healthz") as resp:
        assert resp.status == 200 and json.loads(resp.read())["database"] == "ok"


def test_spend_records_cost_and_shows_budget_share(slack):
    slack.project("new Portal key:MP budget:50000")
    reply = slack.command("/project", 'spend 1200 "design agency <!here>"')
    assert reply.json["response_type"] == "in_channel"
    assert "¥1,200.00" in reply.text and "2% of the budget" in reply.text
    assert "<!here>" not in reply.text and "&lt;!here&gt;" in reply.text
    assert "positive" in slack.command("/project", "spend -5 taxi").text
    assert "what the money was for" in slack.command("/project", "spend 5").text
    assert "no task T-9" in slack.command("/project", "spend 5 taxi task:T-9").text
    assert "Only members" in slack.command("/project", "spend 5 taxi", user="U0005").text
    info = shown(slack.command("/project", "info"))
    assert "spent ¥1,200.00" in info
    with slack.rt.db.session() as s:
        from bot.store.models import CostEntry

        assert s.scalar(select(func.count()).select_from(CostEntry)) == 1


def test_words_echoed_in_errors_are_escaped(slack):
    slack.project()
    for text in ("<!channel>x", "members <!here>", 'settings digest:"<!channel> 16:00"'):
        reply = slack.command("/project", text)
        assert reply.json["response_type"] == "ephemeral"
        assert "<!channel>" not in reply.text and "<!here>" not in reply.text, reply.text
    risky = slack.command("/risk", "list <!here>")
    assert "<!here>" not in risky.text and risky.json["response_type"] == "ephemeral"
    task = slack.command("/task", 'add Thing prio:"<!channel>"')
    assert "<!channel>" not in task.text and task.json["response_type"] == "ephemeral"
