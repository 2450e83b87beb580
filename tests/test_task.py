"""/task add, list, show through the signed HTTP endpoint, on every database backend."""

from __future__ import annotations

import json

from sqlalchemy import Connection, event, func, select
from sqlalchemy.orm import Session

from bot.store.models import Change, Task, TaskDependency


def shown(reply) -> str:
    return reply.text + json.dumps(reply.json.get("blocks", []), ensure_ascii=False)


def count(slack, model) -> int:
    with slack.rt.db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def team(slack) -> None:
    """Project MP in C0001: U0001 owns it, alice and bob are members, U0004 a stakeholder."""
    slack.project()
    slack.command("/project", "members add <@U0002|alice> <@U0003|bob>")
    slack.command("/project", "members add <@U0004|s> role:stakeholder")


def task_row(slack, number: int) -> Task:
    with slack.rt.db.session() as s:
        return s.scalar(select(Task).where(Task.number == number))


def test_add_answers_with_the_ref_and_posts_a_card_with_buttons(slack):
    team(slack)
    reply = slack.command(
        "/task",
        'add "Design member schema" <@U0002|alice> due:"next friday" est:8h prio:high',
    )
    assert reply.status == 200, reply.body
    assert "MP T-1" in reply.text and "Design member schema" in reply.text
    assert "<@U0002>" in reply.text and "2026-12-04" in reply.text and "8 h" in reply.text
    posted = slack.fake.calls_to("chat.postMessage")
    card = [c for c in posted if c.args.get("channel") == "C0001"][-1]
    blocks = json.dumps(card.args["blocks"])
    task = task_row(slack, 1)
    for action_id in ("task_start", "task_progress", "task_done"):
        assert action_id in blocks
    assert f'"value": "{task.id}"' in blocks
    assert task.message_channel == "C0001" and task.message_ts
    assert task.owner_id == "U0002" and task.priority == "high" and task.estimate_hours == 8
    assert str(task.due_date) == "2026-12-04"


def test_add_in_chinese(slack):
    team(slack)
    reply = slack.command("/task", "add 设计会员数据表 <@U0002|alice> due:下周五")
    assert "T-1" in reply.text and "设计会员数据表" in reply.text
    assert str(task_row(slack, 1).due_date) == "2026-12-04"


def test_refs_count_up_per_project(slack):
    team(slack)
    for i in range(3):
        slack.command("/task", f"add Task{i}")
    slack.command("/project", "new Other key:OT", channel="C0002")
    other = slack.command("/task", "add Elsewhere", channel="C0002")
    assert "OT T-1" in other.text
    with slack.rt.db.session() as s:
        assert sorted(s.scalars(select(Task.number))) == [1, 1, 2, 3]


def test_audit_records_creation_with_who_and_what(slack):
    team(slack)
    slack.command("/task", "add Schema <@U0002|alice> due:2026-12-04 est:8h")
    with slack.rt.db.session() as s:
        rows = {c.field: (c.old, c.new, c.actor) for c in s.scalars(select(Change).where(Change.entity == "task"))}  # fmt: skip
    assert rows["created"][1] == "T-1 Schema" and rows["created"][2] == "U0001"
    assert rows["owner"] == (None, "U0002", "U0001")
    assert rows["due"][1] == "2026-12-04" and rows["estimate"][1] == "8.0"


def test_list_sorts_by_due_marks_overdue_and_filters(slack):
    team(slack)
    slack.command("/task", "add Later <@U0002|alice> due:2026-12-20")
    slack.command("/task", "add Late <@U0003|bob> due:2026-11-20")
    slack.command("/task", "add Soon <@U0002|alice> due:2026-11-25")
    slack.command("/task", "add Undated")
    body = shown(slack.command("/task", "list"))
    assert body.index("Late") < body.index("Soon") < body.index("Later") < body.index("Undated")
    assert "overdue" in body
    mine = slack.command("/task", "list mine", user="U0002").text
    assert "Soon" in mine and "Later" in mine and "Late " not in mine
    assert "Late" in slack.command("/task", "list <@U0003|bob>").text
    overdue = slack.command("/task", "list overdue").text
    assert "Late" in overdue and "Soon" not in overdue
    slack.command("/task", "done T-3")
    done = slack.command("/task", "list done").text
    assert "Soon" in done and "Later" not in done
    slack.command("/task", "block T-1 waiting for keys")
    blocked = slack.command("/task", "list blocked").text
    assert "Later" in blocked and "Late " not in blocked


def test_list_by_milestone(slack):
    team(slack)
    slack.command("/project", 'milestone "Beta" due:2027-01-15')
    slack.command("/task", "add InBeta milestone:M-1")
    slack.command("/task", "add Outside")
    listing = slack.command("/task", "list milestone:M-1").text
    assert "InBeta" in listing and "Outside" not in listing
    # The card is drawn after the commit, off the request: it still names the milestone.
    cards = [json.dumps(c.args["blocks"]) for c in slack.fake.calls_to("chat.postMessage")]
    in_beta = next(c for c in cards if "InBeta" in c)
    assert "M-1 Beta" in in_beta and "M-1" not in next(c for c in cards if "Outside" in c)
    assert "no milestone M-4" in slack.command("/task", "list milestone:M-4").text


def test_list_pages_with_a_more_button(slack):
    team(slack)
    for i in range(1, 21):
        slack.command("/task", f"add Item{i:02d} due:2026-12-{i:02d}")
    first = slack.command("/task", "list")
    assert "1–15 of 20" in first.text and "Item15" in first.text and "Item16" not in first.text
    more = [b for b in first.json["blocks"] if b["type"] == "actions"][0]["elements"][0]
    assert more["action_id"] == "task_list_more"
    clicked = slack.sender.block_action("task_list_more", more["value"], message_ts="1.1")
    assert clicked.status == 200
    pages = [m for m in slack.fake.messages if "16–20 of 20" in m.text]
    assert pages and "Item20" in pages[0].text and "Item15" not in pages[0].text


def test_show_has_everything_including_history_and_what_blocks_it(slack):
    team(slack)
    slack.command("/task", "add Schema <@U0002|alice> due:2026-12-04 est:8h")
    slack.command("/task", "add Api after:T-1")
    slack.command("/task", "start T-1", user="U0002")
    reply = slack.command("/task", "show T-2")
    body = shown(reply)
    assert "Blocked by" in body and "T-1" in body and "Schema" in body
    body1 = shown(slack.command("/task", "show T-1"))
    assert "History" in body1 and "created" in body1 and "open → in progress" in body1
    assert "Holds up" in body1 and "T-2" in body1


def test_history_writes_hours_percentages_and_statuses_as_people_read_them(slack):
    team(slack)
    slack.command("/task", "add Schema <@U0002|alice> due:2026-12-04 est:8h")
    slack.command("/task", "edit T-1 est:12h")
    slack.command("/task", "progress T-1 40%", user="U0002")
    said = "\n".join(
        b["text"]["text"]
        for b in slack.command("/task", "show T-1").json["blocks"]
        if b.get("text")
    )
    history = said[said.index("History") :]
    # Monday 10:00 in Shanghai, the project's zone (02:00 UTC).
    assert "2026-11-23 10:00 <@U0001> estimate: 8 h → 12 h" in history, history
    assert "2026-11-23 10:00 <@U0002> progress: 0% → 40%" in history, history
    assert "2026-11-23 10:00 <@U0002> status: open → in progress" in history, history


def test_bad_input_is_ephemeral_names_the_problem_and_writes_nothing(slack):
    team(slack)
    slack.command("/project", "new Other key:OT", channel="C0002")
    slack.command("/task", "add Theirs", channel="C0002")
    before_tasks, before_changes = count(slack, Task), count(slack, Change)
    cases = {
        "show T-999": "no task T-999",
        "show T-2": "no task T-2",
        "add Thing est:-3h": "negative",
        "add Thing due:blorp": "blorp",
        "add": "needs a title",
        "add " + "x" * 301: "300",
        "add Ping <!channel> now": "notify everyone",
        "add Thing <@U0005|outsider>": "not a member",
        "add Thing <@U0004|s>": "stakeholder",
        "add Thing milestone:M-3": "no milestone M-3",
        "add Thing after:T-9": "no task T-9",
        "add Thing colour:blue": "not an option",
        "add Thing prio:whenever": "prio",
        "add Thing start:2026-12-10 due:2026-12-01": "before the start",
        "frobnicate": "Known verbs",
    }
    for text, expected in cases.items():
        reply = slack.command("/task", text)
        assert reply.status == 200
        assert reply.json["response_type"] == "ephemeral", text
        assert expected in reply.text, (text, reply.text)
        assert "For example" in reply.text or "Try `" in reply.text or text == "frobnicate", (
            text,
            reply.text,
        )
    assert (count(slack, Task), count(slack, Change)) == (before_tasks, before_changes)
    slack.command("/task", "add Mine")
    before_changes = count(slack, Change)
    for text, expected in {
        "progress T-1 140%": "out of range",
        "progress T-1 lots": "percentage",
        "log T-1 -3h": "negative",
        "show R-1": "not a task",
    }.items():
        reply = slack.command("/task", text)
        assert reply.json["response_type"] == "ephemeral" and expected in reply.text, reply.text
    assert count(slack, Task) == before_tasks + 1 and count(slack, Change) == before_changes
    assert "no project" in slack.command("/task", "show T-1", team_id="T0002").text


def test_titles_are_escaped_wherever_shown(slack):
    team(slack)
    reply = slack.command("/task", "add Fix a < b && c > d")
    assert "&lt; b &amp;&amp; c &gt;" in reply.text
    card = slack.fake.calls_to("chat.postMessage")[-1].args
    assert "a < b" not in json.dumps(card["blocks"]) and "a < b" not in card["text"]


def test_help_lists_verbs(slack):
    body = json.dumps(slack.command("/task", "help").json)
    for verb in ("add", "list", "show", "assign", "start", "progress", "done", "reopen", "block",
                 "unblock", "due", "log"):  # fmt: skip
        assert f"/task {verb}" in body


def test_dependencies_refuse_cycles_and_name_them(slack):
    team(slack)
    slack.command("/task", "add A")
    slack.command("/task", "add B after:T-1")
    slack.command("/task", "add C after:T-2")
    reply = slack.command("/task", "depend T-1 after:T-3")
    assert "cycle" in reply.text and "T-1 → T-3 → T-2 → T-1" in reply.text
    assert "itself" in slack.command("/task", "depend T-1 after:T-1").text
    assert count(slack, TaskDependency) == 2
    ok = slack.command("/task", "depend T-3 after:T-1")
    assert "waits on T-1" in ok.text and count(slack, TaskDependency) == 3


def test_starting_with_an_open_predecessor_warns_and_names_it(slack):
    team(slack)
    slack.command("/task", "add A")
    slack.command("/task", "add B after:T-1")
    reply = slack.command("/task", "start T-2")
    assert "started" in reply.text and "waits on T-1" in reply.text
    slack.command("/task", "done T-1")
    slack.command("/task", "add C after:T-1")
    assert "waits on" not in slack.command("/task", "start T-3").text


def test_the_usual_add_opens_no_orm_session_and_one_with_an_owner_or_milestone_does(slack):
    """`/task add` runs in its command's unit: its statements need no Session (a third of the
    add's database cost), so it opens one only to look up an owner, a milestone or `after:`
    tasks; the task, its audit rows and the project's version are written either way."""
    team(slack)
    slack.command("/project", 'milestone add "Beta" due:2026-12-20')
    opened: list[Session] = []

    def began(session, _transaction, _connection) -> None:
        if isinstance(session.bind, Connection):  # a command's (a unit's), not App Home's
            opened.append(session)

    event.listen(Session, "after_begin", began)
    try:
        plain = slack.command("/task", 'add "Schema" due:2026-12-04 est:4h prio:high')
        assert "T-1" in plain.text and opened == []
        owned = slack.command("/task", 'add "Wireframes" <@U0002|alice>')
        assert "T-2" in owned.text and len(opened) == 1
        slack.command("/task", 'add "Review" milestone:M-1 after:T-1')
        assert len(opened) == 2
    finally:
        event.remove(Session, "after_begin", began)
    assert [(t.number, t.owner_id, t.priority) for t in (task_row(slack, n) for n in (1, 2))] == [
        (1, None, "high"),
        (2, "U0002", "normal"),
    ]
    review = task_row(slack, 3)
    assert review.milestone_id is not None and count(slack, TaskDependency) == 1
    with slack.rt.db.session() as s:
        fields = set(s.scalars(select(Change.field).where(Change.entity_id == task_row(slack, 1).id)))  # fmt: skip
    assert fields == {"created", "due", "estimate", "priority"}
    cards = [c.args["text"] for c in slack.fake.calls_to("chat.postMessage") if "T-" in c.args.get("text", "")]  # fmt: skip
    assert len(cards) == 3 and "Review" in cards[-1]
