"""Dates name their year when it is not the reader's: by the reader's day on the request's or the
job's clock (never the wall clock), in English and Chinese, and both ends of a range across years.

The clock starts at Mon 2026-11-23 02:00 UTC (10:00 in Shanghai).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.i18n import Tr
from bot.jobs import run_job
from bot.store.models import Member, Project, Task

TODAY = date(2026, 11, 23)
EN, ZH = Tr("en", TODAY), Tr("zh", TODAY)
SHANGHAI = timedelta(hours=8)


# Tr with a reference day.


@pytest.mark.parametrize(
    ("day", "en", "zh"),
    [
        (date(2026, 12, 4), "Dec 4", "12月4日"),  # this year
        (date(2026, 1, 1), "Jan 1", "1月1日"),  # this year, already past
        (date(2027, 1, 4), "Jan 4, 2027", "2027年1月4日"),  # next year
        (date(2025, 12, 29), "Dec 29, 2025", "2025年12月29日"),  # last year
        (date(2031, 1, 1), "Jan 1, 2031", "2031年1月1日"),  # years away
    ],
)
def test_month_and_day_name_the_year_only_outside_the_readers_year(day, en, zh):
    assert EN.month_day(day) == en and ZH.month_day(day) == zh
    assert EN("task.line.due", due=day) == f"due {day.isoformat()}"  # ISO: always its year
    assert ZH("task.line.due", due=day) == f"{zh} 截止"
    assert ZH("home.due", due=day) == f" · {zh} 截止"


def test_the_weekday_form_names_the_year_as_the_catalogue_writes_weekdays():
    assert EN.day(date(2026, 12, 11)) == "Fri Dec 11"
    assert ZH.day(date(2026, 12, 11)) == "12月11日 周五"
    assert EN.day(date(2031, 1, 3)) == "Fri Jan 3, 2031"
    assert ZH.day(date(2031, 1, 3)) == "2031年1月3日 周五"
    assert EN("digest.done_since", since=date(2025, 12, 26), time="16:00", n=2) == (
        "*Done since Fri Dec 26, 2025, 16:00 (2)*"
    )
    assert ZH("standup.task_due", number=1, title="接口", due=date(2027, 1, 1)) == (
        "`T-1` 接口（2027年1月1日 周五 到期）"
    )


def test_the_readers_day_decides_not_the_date_alone():
    jan = date(2027, 1, 4)
    assert Tr("en", date(2026, 12, 31)).month_day(jan) == "Jan 4, 2027"
    assert Tr("en", date(2027, 1, 1)).month_day(jan) == "Jan 4"
    assert Tr("zh", date(2027, 1, 1)).month_day(date(2026, 12, 31)) == "2026年12月31日"
    # With no day of the reader's known, nothing can be left out: the year is written.
    assert Tr("en").month_day(date(2026, 12, 4)) == "Dec 4, 2026"
    assert Tr("zh").day(date(2026, 12, 11)) == "2026年12月11日 周五"
    # A label whose year is written beside it (a chart's axis) asks for none.
    assert EN.month_day(jan, year=False) == "Jan 4" and ZH.day(jan, year=False) == "1月4日 周一"
    # `:date` always has the year, `:iso` is as it was.
    assert EN.date(date(2026, 12, 4)) == "Dec 4, 2026" and ZH.date(jan) == "2027年1月4日"


@pytest.mark.parametrize(
    ("start", "end", "en", "zh"),
    [
        (date(2026, 12, 1), date(2026, 12, 20), "Dec 1 – Dec 20", "12月1日 – 12月20日"),
        (
            date(2026, 12, 20),
            date(2027, 1, 10),
            "Dec 20, 2026 – Jan 10, 2027",
            "2026年12月20日 – 2027年1月10日",
        ),
        (
            date(2025, 12, 29),
            date(2026, 1, 5),
            "Dec 29, 2025 – Jan 5, 2026",
            "2025年12月29日 – 2026年1月5日",
        ),
        (
            date(2031, 1, 1),
            date(2031, 3, 1),
            "Jan 1, 2031 – Mar 1, 2031",
            "2031年1月1日 – 2031年3月1日",
        ),
    ],
)
def test_a_range_across_years_writes_both_years(start, end, en, zh):
    params = dict(lead="", key="MP", start=start, end=end, n=2, overdue=0)
    assert EN.plain("project.timeline.comment", **params) == (
        f"Timeline of MP, {en}: 2 tasks, 0 overdue."
    )
    assert (
        ZH.plain("project.timeline.comment", **params) == f"MP 的时间线，{zh}：2 个任务，0 个逾期。"
    )


def test_a_range_across_years_in_a_chinese_claim_line():
    line = ZH(
        "resource.claim_line", number=1, name="会议室", start=date(2026, 12, 28),
        end=date(2027, 1, 8), hours=8, user="U1", over="",
    )  # fmt: skip
    assert "2026年12月28日 至 2027年1月8日" in line
    same = ZH(
        "resource.claim_line", number=1, name="会议室", start=date(2026, 12, 1),
        end=date(2026, 12, 8), hours=8, user="U1", over="",
    )  # fmt: skip
    assert "12月1日 至 12月8日" in same and "2026年" not in same


# Through the signed endpoint: the request's clock.


def zh_project(slack) -> None:
    slack.fake.users["U0001"].locale = "zh-CN"
    slack.project("new Portal key:MP start:2026-12-01 end:2027-03-31 lang:zh")


def test_a_task_list_in_chinese_names_the_year_of_a_date_in_another_year(slack):
    zh_project(slack)
    for text in ("add 远期 due:2031-01-01", "add 近期 due:2026-12-04", "add 新年 due:2027-01-04"):
        assert "已添加" in slack.command("/task", text).text
    listed = slack.command("/task", "list").text
    assert "远期" in listed and "2031年1月1日 截止" in listed
    assert "2027年1月4日 截止" in listed
    assert "12月4日 截止" in listed and "2026年12月4日" not in listed

    # The sandbox's clock moves into 2027: this year's task is now last year's, overdue.
    slack.clock.set(datetime(2027, 1, 10, 2, 0, tzinfo=UTC))
    listed = slack.command("/task", "list").text
    assert "（2026年12月4日 截止）" in listed, listed
    assert "1月4日 截止" in listed and "2027年1月4日" not in listed
    assert "2031年1月1日 截止" in listed


def test_a_task_list_in_english_shows_the_year(slack):
    slack.project()
    slack.command("/task", "add Far due:2031-01-01")
    slack.command("/task", "add Near due:2026-12-04")
    listed = slack.command("/task", "list").text
    assert "due 2031-01-01" in listed and "due 2026-12-04" in listed  # English lists are ISO


def test_a_timeline_across_new_year_names_both_years_and_one_within_a_year_none(slack):
    slack.project()
    slack.command("/task", "add Schema start:2026-11-23 due:2026-12-04")
    slack.command("/task", "add Launch start:2026-12-14 due:2027-01-08")
    slack.command("/project", "timeline weeks:3")
    slack.fake.wait_for("files.completeUploadExternal")
    (first,) = slack.fake.files.values()
    assert "Timeline of *MP*, Nov 23 – Dec 14: 1 task" in first.initial_comment
    slack.fake.files.clear()
    slack.command("/project", "timeline")
    slack.fake.wait_for("files.completeUploadExternal")
    (whole,) = slack.fake.files.values()
    assert "Timeline of *MP*, Nov 23, 2026 – Jan 11, 2027: 2 tasks" in whole.initial_comment


def test_the_closed_note_names_the_year_once_the_request_is_in_the_next(slack):
    slack.project()
    slack.close()
    refused = slack.command("/task", "add Late")
    assert "MP was closed on Nov 23;" in refused.text
    slack.clock.set(datetime(2027, 2, 1, 2, 0, tzinfo=UTC))
    refused = slack.command("/task", "add Later")
    assert "MP was closed on Nov 23, 2026;" in refused.text


# A job at its own `now`, not the runtime's clock.


def test_a_standup_on_new_years_eve_names_the_year_of_a_task_due_in_january(slack):
    zh_project(slack)
    slack.command("/project", "members add <@U0002|alice>")
    with slack.rt.db.session() as s:
        pid = s.scalar(select(Project.id))
        for n, (title, due) in enumerate(
            (("年终总结", date(2026, 12, 31)), ("新年上线", date(2027, 1, 1))), start=1
        ):
            s.add(Task(team_id="T0001", project_id=pid, number=n, title=title, owner_id="U0002",
                       due_date=due, created_by="U0001", created_at=datetime(2026, 11, 23, tzinfo=UTC)))  # fmt: skip
        assert s.scalar(select(Member.user_id).where(Member.user_id == "U0002"))
    # The runtime's clock is far on (as `jobs run --at` is given a past time): the job's `now` counts.
    slack.clock.set(datetime(2028, 3, 1, 2, 0, tzinfo=UTC))
    eve = datetime(2026, 12, 31, 9, 30, tzinfo=UTC) - SHANGHAI  # Thursday 09:30 in Shanghai
    assert run_job(slack.rt, "standup", eve) == 1
    slack.rt.drain()
    [prompt] = [m for m in slack.fake.channel_messages("C0001") if m.user == slack.fake.bot_user_id
                and "站会" in m.text]  # fmt: skip
    body = prompt.text + "\n" + str(prompt.blocks)
    assert "站会 · MP · 12月31日 周四" in prompt.text
    assert "新年上线（2027年1月1日 周五 到期）" in body, body
    assert "年终总结（12月31日 周四 到期）" in body and "2026年" not in body


def test_a_chinese_burnup_axis_names_a_year_where_it_starts_and_no_more():
    from bot.charts.burnup import day_labels

    ticks = [date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1), date(2027, 2, 1)]
    assert day_labels(Tr("zh", date(2027, 2, 10)), ticks) == [
        "2026年11月1日", "12月1日", "2027年1月1日", "2月1日"
    ]  # fmt: skip
    assert day_labels(Tr("zh", date(2026, 12, 10)), ticks[:2]) == ["11月1日", "12月1日"]
