"""`/project settings end:` brought forward: the reply says which open tasks and milestones are
now due after the new end (adding one warns the same way); done or canceled work and work due in
time are left out."""

from __future__ import annotations

from tests.zh import texts


def plan(slack) -> None:
    """MP (Dec 1 → Mar 31): tasks due in Feb and Mar, one done and one canceled, a milestone."""
    slack.project()
    for title, due in (
        ("Early", "2027-01-15"),
        ("Late one", "2027-03-10"),
        ("Late two", "2027-02-20"),
        ("Done late", "2027-03-01"),
        ("Canceled late", "2027-03-02"),
    ):
        slack.command("/task", f'add "{title}" due:{due}')
    slack.command("/task", "done T-4")
    slack.command("/task", "cancel T-5")
    slack.command("/project", 'milestone "Launch" due:2027-03-20')


def test_an_end_brought_forward_names_what_is_now_due_after_it(slack):
    plan(slack)
    moved = slack.command("/project", "settings end:2027-02-15")
    assert moved.json["response_type"] == "in_channel"
    assert "*Dates:* 2026-12-01 → 2027-02-15" in moved.text, moved.text
    assert (
        ":warning: 3 open tasks and milestones are due after *MP*'s new end (2027-02-15): "
        "`T-3`, `T-2`, `M-1`; move their dates or the end with `/project settings end:<date>`."
    ) in moved.text, moved.text
    # Moved to where only one is after it: said in the singular.
    one = slack.command("/project", "settings end:2027-03-15")
    assert (
        ":warning: 1 open task or milestone is due after *MP*'s new end (2027-03-15): `M-1`;"
    ) in one.text, one.text
    # Nothing after the end, or no end moved: no note.
    assert ":warning:" not in slack.command("/project", "settings end:2027-03-31").text
    assert ":warning:" not in slack.command("/project", "settings standup:09:30").text


def test_more_than_five_are_counted_not_named(slack):
    slack.project()
    for n in range(1, 8):
        slack.command("/task", f'add "Task {n}" due:2027-03-{10 + n}')
    moved = slack.command("/project", "settings end:2027-03-01")
    assert (
        ":warning: 7 open tasks and milestones are due after *MP*'s new end (2027-03-01): "
        "`T-1`, `T-2`, `T-3`, `T-4`, `T-5` and 2 more;"
    ) in moved.text, moved.text


def test_in_chinese(slack):
    slack.project("new Portal key:MP start:2026-12-01 end:2027-03-31 lang:zh")
    slack.command("/task", 'add "Late" due:2027-03-10')
    moved = slack.command("/project", "settings end:2027-02-15")
    assert (
        ":warning: 有 1 个未完成的任务或里程碑晚于 *MP* 新的结束日期（2027年2月15日）：`T-1`；"
        "请调整其日期，或用 `/project settings end:<日期>` 推迟结束日期。"
    ) in moved.text, moved.text


def every_text(reply) -> str:
    return "\n".join([reply.text, *texts(reply.json.get("blocks") or [])])


def test_a_project_made_without_a_start_shows_no_start_not_a_question_mark(slack):
    made = slack.project("new Portal key:MP end:2026-12-18")
    info = slack.command("/project", "info")
    settings = slack.command("/project", "settings")
    for reply in (made, info, settings):
        shown = every_text(reply)
        assert "— → 2026-12-18" in shown and "? →" not in shown, shown
    assert "*Dates:* — → 2026-12-18 (`start:`, `end:`)" in settings.text, settings.text


def test_no_start_in_chinese(slack):
    slack.fake.users["U0001"].locale = "zh-CN"
    made = slack.project("new Portal key:MP end:2026-12-18 lang:zh")
    settings = slack.command("/project", "settings")
    for reply in (made, slack.command("/project", "info"), settings):
        assert "? →" not in every_text(reply) and "— →" in every_text(reply), every_text(reply)
    assert settings.text.split("\n")[1].startswith("*日期：* — → "), settings.text
