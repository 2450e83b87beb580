"""A project whose end date passes while it is still open: its channel is told once, the day its
survey opens, from the team's morning; and `/project close` then says the survey already went out."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from bot import cli
from bot.jobs import run_job
from bot.store.models import Change, JobRun, Project
from tests import test_oauth
from tests.test_evaluation import answer
from tests.test_zh_posts import chinese, cli_env
from tests.zh import texts, valid_blocks

oauth_app = test_oauth.oauth_app  # the fixtures: the app in OAuth mode, two workspaces on it
two = test_oauth.two

SHANGHAI, LOS_ANGELES = ZoneInfo("Asia/Shanghai"), ZoneInfo("America/Los_Angeles")
JOB = "end-date-passed"


def at(zone: ZoneInfo, day: int, hh: int, mm: int = 0) -> datetime:
    """A time on a December 2026 day, on a project's clock."""
    return datetime(2026, 12, day, hh, mm, tzinfo=zone)


def setup_mp(slack, *tz: str) -> None:
    """MP in C0001, ending Fri Dec 18: lead, alice and bob answer the survey, the stakeholder not;
    six tasks, of which four open (two overdue the day after the end date)."""
    zone = f" tz:{tz[0]}" if tz else ""
    slack.project(f"new Portal key:MP start:2026-11-02 end:2026-12-18{zone}")
    slack.command("/project", "members add <@U0002|alice> <@U0003|bob>")
    slack.command("/project", "members add <@U0004|s> role:stakeholder")
    for title, due in (
        ("Done one", "2026-12-01"),
        ("Dropped", "2026-12-01"),  # canceled: not open, not overdue
        ("Late one", "2026-12-10"),  # overdue
        ("Later one", "2026-12-21"),  # open, due after the day after: not overdue
        ("Waiting", None),  # blocked, no due date: open, not overdue
        ("Last day", "2026-12-18"),  # due on the end date: overdue the day after
    ):
        slack.command("/task", f'add "{title}"' + (f" due:{due}" if due else ""))
    slack.command("/task", "done T-1")
    slack.command("/task", "cancel T-2 not needed")
    slack.command("/task", "start T-4")
    slack.command("/task", "block T-5 vendor keys")


def notices(slack, channel: str = "C0001") -> list:
    """The end-date posts made in a channel, oldest first."""
    return [
        c
        for c in slack.fake.calls_to("chat.postMessage")
        if c.args.get("channel") == channel
        and c.args.get("metadata", {}).get("event_payload", {}).get("job") == JOB
    ]


def shown(call) -> str:
    blocks = call.args["blocks"]
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    return "\n".join([call.args["text"], *valid_blocks(blocks)])


def survey(slack, when: datetime, key: str | None = None) -> int:
    return run_job(slack.rt, "survey", when.astimezone(UTC), project_key=key)


# -- when it goes out ----------------------------------------------------------------------


def test_the_day_after_the_end_date_from_the_standup_time_once(slack):
    setup_mp(slack)  # Asia/Shanghai, the workspace's default
    # On the end date itself, to its last minute: nothing, not even the survey.
    assert survey(slack, at(SHANGHAI, 18, 9, 30)) == 0
    assert survey(slack, at(SHANGHAI, 18, 23, 59)) == 0
    # Just after midnight (16:00 UTC the day before) the survey opens; the channel waits.
    assert survey(slack, at(SHANGHAI, 19, 0, 1)) == 3  # the three invitations
    assert survey(slack, at(SHANGHAI, 19, 9, 29)) == 0
    assert not notices(slack)
    # At the standup time (09:30, 01:30 UTC) the channel is told, once.
    assert survey(slack, at(SHANGHAI, 19, 9, 30)) == 1
    assert survey(slack, at(SHANGHAI, 19, 9, 30)) == 0  # a second run at the same instant
    assert survey(slack, at(SHANGHAI, 19, 15, 0)) == 0
    assert survey(slack, at(SHANGHAI, 20, 9, 30)) == 0  # (the reminders come on Monday)
    [notice] = notices(slack)
    assert notice.args["metadata"]["event_payload"]["key"] == f"{JOB}/p1@2026-12-18"
    text = shown(notice)
    assert (
        "*MP* passed its end date (Fri Dec 18) with 4 open tasks (2 overdue). "
        "The evaluation survey went to 3 members.\n"
        "`/task list open` shows what is left; `/project settings end:<date>` moves the end "
        "date; `/project close` closes the project." in text
    )
    assert "For the project's owners: <@U0001>" in text
    with slack.rt.db.session() as s:
        runs = list(s.scalars(select(JobRun).where(JobRun.job == JOB)))
        assert [(r.scope, r.period, r.status) for r in runs] == [("p1", "2026-12-18", "posted")]


def test_projects_far_from_utc_each_hear_on_their_own_day(slack):
    """Shanghai (UTC+8) and Los Angeles (UTC−8) projects ending the same Friday, ticked through
    midnight UTC: each is told on its own Saturday morning, never on its Friday."""
    setup_mp(slack)
    reply = slack.command(
        "/project", "new Web key:WB end:2026-12-18 tz:America/Los_Angeles", channel="C0002"
    )
    assert "started" in reply.text, reply.text
    ticks = [
        datetime(2026, 12, 18, 23, 59, tzinfo=UTC),  # Sat 07:59 Shanghai; Fri 15:59 LA
        datetime(2026, 12, 19, 0, 0, tzinfo=UTC),  # Sat 08:00 Shanghai; Fri 16:00 LA
        datetime(2026, 12, 19, 1, 30, tzinfo=UTC),  # Sat 09:30 Shanghai: MP is told
        datetime(2026, 12, 19, 7, 59, tzinfo=UTC),  # Fri 23:59 LA: still WB's end date
        datetime(2026, 12, 19, 8, 1, tzinfo=UTC),  # Sat 00:01 LA: WB's survey opens
        datetime(2026, 12, 19, 17, 29, tzinfo=UTC),  # Sat 09:29 LA
        datetime(2026, 12, 19, 17, 30, tzinfo=UTC),  # Sat 09:30 LA: WB is told
        datetime(2026, 12, 20, 0, 0, tzinfo=UTC),
    ]
    told = []
    for tick in ticks:
        run_job(slack.rt, "survey", tick)
        told.append((len(notices(slack, "C0001")), len(notices(slack, "C0002"))))
    assert told == [(0, 0), (0, 0), (1, 0), (1, 0), (1, 0), (1, 0), (1, 1), (1, 1)]
    wb = shown(notices(slack, "C0002")[0])
    assert "*WB* passed its end date (Fri Dec 18) with no open tasks." in wb
    assert "The evaluation survey went to 1 member.\nClose it with `/project close`." in wb


def test_the_standup_setting_moves_the_morning(slack):
    setup_mp(slack)
    slack.command("/project", "settings standup:07:00")
    assert survey(slack, at(SHANGHAI, 19, 6, 59)) == 3  # the invitations alone
    assert survey(slack, at(SHANGHAI, 19, 7, 0)) == 1


def test_a_tick_after_downtime_catches_up_but_not_long_after(slack):
    setup_mp(slack)
    assert survey(slack, at(SHANGHAI, 21, 8, 0)) == 4  # Monday: the invitations and the post
    assert len(notices(slack)) == 1
    slack.command(
        "/project", "new Old key:OLD start:2026-10-01 end:2026-11-30 tz:Asia/Shanghai",
        channel="C0002",
    )  # fmt: skip
    # OLD's end date passed three weeks ago: its survey opens, its channel is not told now.
    assert survey(slack, at(SHANGHAI, 21, 9, 0), "OLD") == 1
    assert not notices(slack, "C0002")


def test_all_tasks_done_says_so_and_only_suggests_closing(slack):
    setup_mp(slack)
    for ref in ("T-3", "T-4", "T-5", "T-6"):
        slack.command("/task", f"done {ref}")
    survey(slack, at(SHANGHAI, 19, 10, 0))
    text = shown(notices(slack)[0])
    assert "*MP* passed its end date (Fri Dec 18) with all tasks done." in text
    assert "Close it with `/project close`." in text and "/task list" not in text


# -- when it does not ----------------------------------------------------------------------


def test_not_for_a_project_closed_before_or_on_the_morning(slack):
    setup_mp(slack)
    survey(slack, at(SHANGHAI, 19, 0, 1))  # the survey went out at midnight
    slack.clock.set(at(SHANGHAI, 19, 8, 0))
    slack.close()  # before the morning's post
    assert survey(slack, at(SHANGHAI, 19, 9, 30)) == 0
    assert survey(slack, at(SHANGHAI, 20, 9, 30)) == 0
    assert not notices(slack)


def test_not_for_a_project_with_no_end_date(slack):
    slack.project("new Open key:OP start:2026-11-02")
    assert survey(slack, at(SHANGHAI, 19, 10, 0)) == 0
    assert not notices(slack)
    with slack.rt.db.session() as s:
        assert s.scalar(select(JobRun.id).where(JobRun.job == JOB)) is None


def test_a_later_end_date_that_passes_again_is_told_again(slack):
    setup_mp(slack)
    survey(slack, at(SHANGHAI, 19, 10, 0))
    with slack.rt.db.session() as s:  # no command moves the end date; the row can
        s.execute(update(Project).values(end_date=datetime(2026, 12, 22).date()))
    survey(slack, at(SHANGHAI, 22, 12, 0))  # the new end date itself (and the reminders)
    assert len(notices(slack)) == 1
    assert survey(slack, at(SHANGHAI, 23, 9, 30)) == 1
    keys = [n.args["metadata"]["event_payload"]["key"] for n in notices(slack)]
    assert keys == [f"{JOB}/p1@2026-12-18", f"{JOB}/p1@2026-12-22"]
    assert "(Tue Dec 22)" in shown(notices(slack)[1])


def test_a_failed_post_is_tried_again_on_the_next_tick_and_posted_once(slack):
    setup_mp(slack)
    survey(slack, at(SHANGHAI, 19, 0, 1))
    slack.fake.inject("chat.postMessage", "not_ok", error="internal_error")
    assert survey(slack, at(SHANGHAI, 19, 9, 30)) == 0
    assert survey(slack, at(SHANGHAI, 19, 9, 31)) == 1
    assert survey(slack, at(SHANGHAI, 19, 9, 32)) == 0
    assert len(notices(slack)) == 2  # the failed try was recorded by the fake, then the post
    with slack.rt.db.session() as s:
        assert s.scalar(select(JobRun.attempts).where(JobRun.job == JOB)) == 2


def test_not_for_an_uninstalled_workspace(fake, two):
    rt, senders = two
    with rt.db.session() as s:
        s.execute(update(Project).values(end_date=datetime(2026, 11, 27).date()))
    senders["T0002"].event({"type": "app_uninstalled"}, team_id="T0002")
    fake.revoke("T0002")
    run_job(rt, "survey", test_oauth.at(28, 9, 30))
    told = [
        c.args["channel"]
        for c in fake.calls_to("chat.postMessage")
        if c.args.get("metadata", {}).get("event_payload", {}).get("job") == JOB
    ]
    assert told == ["C0001"]
    with rt.db.session() as s:
        assert set(s.scalars(select(JobRun.team_id).where(JobRun.job == JOB))) == {"T0001"}


# -- in Chinese, and through `jobs run` ----------------------------------------------------


def test_in_chinese_through_jobs_run_at(slack, monkeypatch, capsys):
    setup_mp(slack)
    slack.command("/project", "settings lang:zh")
    cli_env(slack, monkeypatch)
    for _ in range(2):
        cli.main(["jobs", "run", "survey", "--at", "2026-12-19T09:30:00+08:00", "--project", "mp"])
    assert "survey: 4 posts" in capsys.readouterr().out  # then 0 on the second run
    [notice] = notices(slack)
    text = shown(notice)
    assert (
        ":hourglass: *MP* 已过结束日期（12月18日 周五），仍有 4 个未完成任务（2 个逾期）。"
        "评估问卷已发给 3 位成员。\n用 `/task list open` 查看未完成的任务；"
        "用 `/project settings end:<日期>` 推迟结束日期；用 `/project close` 关闭项目。" in text
    )
    assert "项目负责人：<@U0001>" in text
    for line in texts(
        json.loads(notice.args["blocks"])
        if isinstance(notice.args["blocks"], str)
        else notice.args["blocks"]
    ):
        chinese(line)


# -- /project close once the survey went out -----------------------------------------------


def close_prompt(slack):
    reply = slack.command("/project", "close")
    prompt, button = slack.asked()
    body = "\n".join(texts(prompt.blocks))
    return reply, prompt, button, body


def test_close_before_the_end_date_names_who_the_survey_goes_to(slack):
    setup_mp(slack)
    reply, _, button, body = close_prompt(slack)
    assert "Close MP? Surveys go to 3 members" in reply.text
    assert "already" not in body and "went out" not in body
    assert (
        button["confirm"]["text"]["text"]
        == "MP becomes read-only and the evaluation survey goes out."
    )


def test_close_after_the_end_date_says_the_survey_went_out_and_who_answered(slack):
    setup_mp(slack)
    survey(slack, at(SHANGHAI, 19, 0, 1))
    answer(slack, "U0002")
    slack.clock.set(at(SHANGHAI, 19, 10, 0))
    reply, prompt, button, body = close_prompt(slack)
    assert "Close MP? The survey went out on Sat Dec 19; 1 of 3 has answered" in reply.text
    assert "Surveys go to" not in body
    assert (
        "Closing sends no new survey: this one stays open until Thu Dec 24 00:01, and the report "
        "is posted when everyone has answered or it closes." in body
    )
    assert (
        button["confirm"]["text"]["text"]
        == "MP becomes read-only; its evaluation survey already went out."
    )
    invited = len(slack.fake.calls_to("chat.postMessage"))
    slack.sender.block_action("project_close", button["value"], message=prompt)
    slack.rt.drain()
    assert "Closed *MP*. Its survey went out on Sat Dec 19; 1 of 3 has answered." in prompt.text
    announced = [m for m in slack.fake.channel_messages("C0001") if "closed *MP*" in m.text]
    assert [m.text for m in announced] == [
        ":checkered_flag: <@U0001> closed *MP*. Its evaluation survey went out on Sat Dec 19 and "
        "is open until Thu Dec 24 00:01; the report follows when all have answered or it closes."
    ]
    # True to its word: closing sent no survey, and the one open keeps its window.
    assert survey(slack, at(SHANGHAI, 19, 10, 1)) == 0
    assert len(slack.fake.calls_to("chat.postMessage")) == invited + 1  # the announcement
    answer(slack, "U0001")
    answer(slack, "U0003")
    assert survey(slack, at(SHANGHAI, 19, 11, 0)) == 1  # all answered: the report


def test_close_after_the_survey_closed_says_when_it_ran(slack):
    setup_mp(slack)
    survey(slack, at(SHANGHAI, 19, 0, 1))
    answer(slack, "U0002")
    survey(slack, at(SHANGHAI, 24, 1, 0))  # the window ended: the report went out
    slack.clock.set(at(SHANGHAI, 28, 10, 0))
    reply, prompt, button, body = close_prompt(slack)
    assert (
        "Close MP? The survey went out on Sat Dec 19 and closed on Thu Dec 24; 1 of 3 answered"
        in reply.text
    )
    assert "Closing sends no new survey." in body and "stays open" not in body
    slack.sender.block_action("project_close", button["value"], message=prompt)
    slack.rt.drain()
    announced = [m for m in slack.fake.channel_messages("C0001") if "closed *MP*" in m.text]
    assert announced[-1].text == (
        ":checkered_flag: <@U0001> closed *MP*. Its evaluation survey went out on Sat Dec 19 "
        "and closed on Thu Dec 24."
    )


def test_a_survey_everyone_answered_closed_when_its_report_went_out(slack):
    setup_mp(slack)
    survey(slack, at(SHANGHAI, 19, 0, 1))
    for user in ("U0001", "U0002", "U0003"):
        answer(slack, user)
    assert survey(slack, at(SHANGHAI, 20, 8, 0)) == 2  # the report, early; the end-date post
    slack.clock.set(at(SHANGHAI, 21, 10, 0))
    reply, *_ = close_prompt(slack)
    assert (
        "Close MP? The survey went out on Sat Dec 19 and closed on Sun Dec 20; 3 of 3 answered"
        in reply.text
    )


def test_close_after_the_end_date_in_chinese(slack):
    slack.fake.users["U0001"].locale = "zh-CN"
    setup_mp(slack)
    slack.command("/project", "settings lang:zh")
    survey(slack, at(SHANGHAI, 19, 0, 1))
    answer(slack, "U0002")
    slack.clock.set(at(SHANGHAI, 19, 10, 0))
    reply, prompt, button, body = close_prompt(slack)
    assert "关闭 MP？问卷已于 12月19日 周六 发出，已回答 1/3 人" in reply.text
    assert (
        "关闭不会再发问卷：本次问卷开放至 12月24日 周四 00:01，全部作答或截止后发布报告。" in body
    )
    assert button["confirm"]["text"]["text"] == "MP 将变为只读；评估问卷此前已发出。"
    for line in texts(prompt.blocks):
        chinese(line.replace("*Portal*", ""))  # what the owner named it
    slack.sender.block_action("project_close", button["value"], message=prompt)
    slack.rt.drain()
    assert "已关闭 *MP*。问卷已于 12月19日 周六 发出，已回答 1/3 人。" in prompt.text
    announced = [m for m in slack.fake.channel_messages("C0001") if "关闭了" in m.text]
    assert [m.text for m in announced] == [
        ":checkered_flag: <@U0001> 关闭了 *MP*。评估问卷已于 12月19日 周六 发出，"
        "开放至 12月24日 周四 00:01；全部作答或截止后发布报告。"
    ]


# -- moving the end date ---------------------------------------------------------------------


def test_an_owner_moves_the_end_date_and_it_is_told_again_when_the_new_one_passes(slack):
    setup_mp(slack)
    assert survey(slack, at(SHANGHAI, 19, 9, 30)) == 4  # the invitations, then the channel
    moved = slack.command("/project", "settings end:2027-01-15")
    assert moved.json["response_type"] == "in_channel", moved.json
    assert "*Dates:* 2026-11-02 → 2027-01-15" in moved.text, moved.text
    assert "The evaluation survey already went out on 2026-12-19" in moved.text, moved.text
    assert "2027-01-15" in str(slack.command("/project", "info").json["blocks"])
    assert survey(slack, at(SHANGHAI, 22, 10, 0)) == 3  # its one reminder each
    # The survey that went out runs its course (its report when its window closes, Dec 24)...
    assert survey(slack, at(SHANGHAI, 24, 9, 30)) == 1
    assert survey(slack, datetime(2027, 1, 15, 23, 59, tzinfo=SHANGHAI)) == 0
    # ...no second one opens; the new end date passing is told once more, the morning after.
    assert survey(slack, datetime(2027, 1, 16, 9, 30, tzinfo=SHANGHAI)) == 1
    assert len(notices(slack)) == 2
    reminders = [c.args["text"] for c in slack.fake.calls_to("chat.postMessage") if ":bell:" in c.args.get("text", "")]  # fmt: skip
    assert reminders and all("is waiting for your answer" in t for t in reminders), reminders
    assert not any("has ended" in t for t in reminders)  # its end date moved: it has not
    again = shown(notices(slack)[-1])
    assert "passed its end date (Fri Jan 15)" in again, again
    assert "went to 3 members on 2026-12-19, when the earlier end date passed." in again, again


def test_dates_are_checked_owned_and_audited(slack):
    setup_mp(slack)
    backwards = slack.command("/project", "settings end:2026-10-01")
    assert backwards.json["response_type"] == "ephemeral"
    assert "ends (2026-10-01) before it starts (2026-11-02)" in backwards.text, backwards.text
    assert (
        "Only an owner" in slack.command("/project", "settings end:2027-01-15", user="U0002").text
    )
    bad = slack.command("/project", "settings end:blorp")
    assert "I couldn't read `end:blorp` as a date" in bad.text, bad.text
    with slack.rt.db.session() as s:
        project = s.scalar(select(Project))
        assert (project.start_date, project.end_date) == (date(2026, 11, 2), date(2026, 12, 18))
    slack.command("/project", 'settings start:2026-11-09 end:"jan 29"')
    with slack.rt.db.session() as s:
        project = s.scalar(select(Project))
        assert (project.start_date, project.end_date) == (date(2026, 11, 9), date(2027, 1, 29))
        fields = {c.field for c in s.scalars(select(Change).where(Change.entity == "project"))}
        assert {"start_date", "end_date"} <= fields
    read = slack.command("/project", "settings", user="U0003")  # a member reads them as set
    assert "*Dates:* 2026-11-09 → 2027-01-29" in read.text
