"""A closed project is measured as of its close day (tasks that fall due after it do not turn
overdue), its read commands say it is closed, and its tasks load nobody after it; what the close
and the report say of the survey, the report's timeline caption, CSV figures and contributors."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from bot.jobs import run_job
from tests import test_evaluation as evaluation
from tests.test_task import shown, team


def at(day: int, hour: int = 10) -> datetime:
    """Dec `day` 2026 at `hour`:00 in Shanghai, the project's time zone."""
    return datetime(2026, 12, day, hour - 8, 0, tzinfo=UTC)


def close_mp(slack, lang: str = "en"):
    """MP with two tasks overdue on Tue Dec 15, when it closes, and two due on the 16th and 17th."""
    team(slack)
    slack.command("/project", f"settings lang:{lang}")
    for title, due in (("Early", 10), ("Mid", 14), ("Next", 16), ("Later", 17)):
        slack.command("/task", f"add {title} <@U0002|alice> due:2026-12-{due} est:8h")
    slack.clock.set(at(15))
    slack.close()
    return slack


@pytest.fixture
def closed(slack):
    return close_mp(slack)


def test_the_measures_of_a_closed_project_stop_on_its_close_day(closed):
    at_close = shown(closed.command("/project", "report"))
    assert "SPI 0.00; 2 tasks overdue" in at_close
    closed.clock.set(at(21))
    assert shown(closed.command("/project", "report")) == at_close
    info = shown(closed.command("/project", "info"))
    assert "2 tasks overdue" in info and "4 tasks overdue" not in info
    listed = shown(closed.command("/task", "list"))
    assert "since 2026-12-10 (5 d)" in listed and "since 2026-12-14 (1 d)" in listed
    assert "since 2026-12-16" not in listed and "since 2026-12-17" not in listed
    assert "overdue" not in shown(closed.command("/task", "show T-3")).split("T-3", 1)[1]


def test_the_final_report_posted_days_later_counts_as_of_the_close(closed):
    assert run_job(closed.rt, "survey", at(20, 11)) == 1  # the window ended: the report
    posted = [m for m in closed.fake.channel_messages("C0001") if m.ephemeral_to is None]
    report = next(m for m in posted if m.text.startswith("Final report: MP"))
    assert "SPI 0.00; 2 tasks overdue" in str(report.blocks)
    assert "4 tasks overdue" not in str(report.blocks)
    timeline = next(m for m in posted if "Timeline of *MP*" in m.text)
    assert "4 tasks, 2 overdue" in timeline.text


def test_a_closed_project_is_measured_as_of_its_close_in_chinese_too(slack):
    slack.fake.users["U0001"].locale = "zh-CN"
    closed = close_mp(slack, "zh")
    closed.clock.set(at(21))
    info = shown(closed.command("/project", "info"))
    assert "SPI 0.00；2 个任务逾期" in info and "4 个任务逾期" not in info
    assert "SPI 0.00；2 个任务逾期" in shown(closed.command("/project", "report"))


NOTE = ":lock: MP was closed on Dec 15; `/project new` starts another here."
READS = [
    ("/task", "list", "*MP* — open tasks"),
    ("/risk", "list", "No open risks in *MP*."),
    ("/resource", "load", "Load of MP"),
    ("/standup", "report", "Standup report · MP"),
]


@pytest.mark.parametrize(("command", "text", "expected"), READS)
def test_read_commands_on_a_closed_project_say_it_is_closed(closed, command, text, expected):
    closed.clock.set(at(21))
    reply = closed.command(command, text)
    assert expected in shown(reply) and NOTE in shown(reply), shown(reply)
    assert "/risk add" not in shown(reply)  # a change that would be refused is not suggested


def test_read_commands_on_an_open_project_carry_no_closed_note(slack):
    team(slack)
    for command, text, _ in READS:
        assert "closed" not in shown(slack.command(command, text))
    assert "Add one with `/risk add …`" in slack.command("/risk", "list").text


def test_the_closed_note_is_in_chinese_for_a_chinese_reader(slack):
    slack.fake.users["U0001"].locale = "zh-CN"
    closed = close_mp(slack, "zh")
    for command, text, _ in READS:
        reply = shown(closed.command(command, text))
        assert "MP 已于 12月15日 关闭；用 `/project new` 在此频道开始新项目。" in reply, reply
        assert "/risk add" not in reply
    assert closed.command("/risk", "list").text.startswith("*MP* 没有未关闭的风险。")


def load_of(slack, week: str, key: str = "MP", channel: str = "C0001") -> str:
    return shown(slack.command("/resource", f"load week:{week}", channel=channel))


def test_a_closed_projects_tasks_load_nobody_after_the_week_it_closed(closed):
    """Alice's four 8 h tasks of MP: in the week MP closed they weigh as of its close; later
    weeks, in MP's channel and in another project's, hold none of them."""
    closed.command("/project", "new Web key:WB start:2026-12-01 end:2027-03-31", channel="C0002")
    closed.command("/project", "members add <@U0002|alice>", channel="C0002")
    closed.command("/task", "add Page <@U0002|alice> due:2026-12-23 est:4h", channel="C0002")
    closed.clock.set(at(21))
    # The week of Dec 14, MP's close week: Early and Mid overdue (16 h), Next and Later left to
    # be done by their due dates, all within the week: 32 h.
    assert "<@U0002>\\n32 / 40 h (claimed 0, tasks 32)" in load_of(closed, "2026-12-14")
    # This week: only WB's Page (4 h), in either channel.
    assert "<@U0002>\\n4 / 40 h (claimed 0, tasks 4)" in load_of(closed, "2026-12-21")
    web = load_of(closed, "2026-12-21", channel="C0002")
    assert "<@U0002>\\n4 / 40 h (claimed 0, tasks 4)" in web and "closed" not in web
    assert "tasks 0)" in load_of(closed, "2026-12-28")


def test_a_project_closed_today_loads_nobody_next_week(closed):
    assert "<@U0002>\\n0 / 40 h (claimed 0, tasks 0)" in load_of(closed, "2026-12-21")


def test_an_open_projects_overdue_work_still_counts_this_week(slack):
    team(slack)
    slack.command("/task", "add Early <@U0002|alice> due:2026-12-10 est:8h")
    slack.clock.set(at(21))
    assert "<@U0002>\\n8 / 40 h (claimed 0, tasks 8)" in load_of(slack, "2026-12-21")


def announced(slack) -> str:
    return next(
        m.text for m in slack.fake.channel_messages("C0001") if ":checkered_flag:" in m.text
    )


def test_the_close_announcement_names_both_ways_the_report_comes(closed):
    assert announced(closed).endswith(
        "(open until 2026-12-20 10:00); the report follows when all have answered or it closes."
    ), announced(closed)


def test_the_close_announcement_names_both_ways_the_report_comes_in_chinese(slack):
    closed = close_mp(slack, "zh")
    assert announced(closed).endswith("；全部作答或截止后发布报告。"), announced(closed)


def test_the_timeline_of_a_report_so_far_is_not_called_final(slack):
    """MP's end date passed unclosed: the survey closes and posts a report so far; the timeline
    that follows it says so, in the channel's language (zh) and the stakeholder's (en)."""
    slack.fake.users["U0001"].locale = "zh-CN"
    evaluation.team(slack)
    start = slack.clock()
    assert run_job(slack.rt, "survey", start + timedelta(days=5)) == 4  # the survey opens
    slack.command("/project", "settings lang:zh")
    run_job(slack.rt, "survey", start + timedelta(days=10, minutes=1))
    posted = [c.args["text"] for c in slack.fake.calls_to("chat.postMessage")]
    assert any(t.startswith("阶段报告：MP") for t in posted), posted
    assert not any("结项报告" in t for t in posted)
    timelines = [f for f in slack.fake.files.values() if f.shared and "timeline" in f.filename]
    lead = {f.channel: f.initial_comment for f in timelines}
    assert lead["C0001"].startswith("阶段报告的时间线。")  # the channel's, in the project's zh
    assert lead[slack.fake.dm_channel("U0004")].startswith("The timeline of the report so far.")


def test_the_timeline_of_a_final_report_is_called_final(closed):
    run_job(closed.rt, "survey", at(20, 11))
    timelines = [f for f in closed.fake.files.values() if f.shared and "timeline" in f.filename]
    assert timelines and all(
        f.initial_comment.startswith("The final report's timeline.") for f in timelines
    )


def test_report_csv_rounds_survey_averages_to_two_places(slack):
    evaluation.team(slack)
    slack.close()
    for user, cost in (("U0001", 3), ("U0002", 3), ("U0003", 4)):
        evaluation.answer(slack, user, ratings=(4, cost, 5, 4))
    slack.command("/project", "report csv")
    rows = list(csv.reader(io.StringIO(list(slack.fake.files.values())[-1].content.decode())))
    assert ["quality", "survey_cost", "3.33"] in rows, rows
    assert ["quality", "survey_schedule", "4"] in rows
    assert ["time", "on_time_pct", "50.0"] in rows


def contributors(slack) -> str:
    blocks = slack.command("/project", "report").json["blocks"]
    return next(
        b["text"]["text"] for b in blocks if ":trophy:" in b.get("text", {}).get("text", "")
    )


def test_a_contributor_with_no_estimates_is_named_for_tasks_not_hours(slack):
    team(slack)
    slack.command("/task", "add Schema <@U0002|alice> due:2026-12-20")
    slack.command("/task", "done T-1", user="U0002")
    said = contributors(slack)
    assert "• <@U0002> — 1 task finished on time" in said and " 0 h" not in said, said
    slack.command("/task", "add Copy <@U0002|alice> due:2026-12-20 est:4h")
    slack.command("/task", "done T-2", user="U0002")
    assert "• <@U0002> — 4 h finished on time (2 tasks)" in contributors(slack)


def test_a_contributor_with_no_estimates_in_chinese(slack):
    slack.fake.users["U0001"].locale = "zh-CN"
    team(slack)
    slack.command("/task", "add Schema <@U0002|alice> due:2026-12-20")
    slack.command("/task", "done T-1", user="U0002")
    said = contributors(slack)
    assert "• <@U0002> — 按时完成 1 个任务" in said and "0 小时" not in said, said


@pytest.mark.parametrize(
    ("locale", "empty", "note"),
    [
        ("en-US", "No tasks in *MP*.", "MP was closed on Nov 23"),
        ("zh-CN", "*MP* 中没有任务。", "MP 已于 11月23日 关闭"),
    ],
)
def test_an_empty_task_list_of_a_closed_project_suggests_no_task_add(slack, locale, empty, note):
    slack.fake.users["U0001"].locale = locale
    team(slack)
    slack.close()
    reply = shown(slack.command("/task", "list all"))
    assert reply.startswith(empty) and note in reply and "/task add" not in reply, reply
