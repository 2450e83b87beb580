"""Performance evaluation: /project close, the survey job, the modal, and /project report."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

from sqlalchemy import func, select

from bot.blocks.survey import survey_modal
from bot.i18n import Tr
from bot.jobs import run_job
from bot.store.models import Project, Survey, SurveyResponse, Task
from bot.testing.signed import option_value, text_value
from bot.views.survey import SurveyForm


def team(slack) -> None:
    slack.project("new Portal key:MP start:2026-11-02 end:2026-11-27 budget:1000")
    slack.command("/project", "members add <@U0002|alice> <@U0003|bob>")
    slack.command("/project", "members add <@U0004|s> role:stakeholder")
    now = slack.clock()
    with slack.rt.db.session() as s:
        pid = s.scalar(select(Project.id))
        for n, owner, due, done_day in (
            (1, "U0002", 10, 9),
            (2, "U0002", 12, 14),
            (3, "U0003", 20, None),
        ):
            s.add(
                Task(
                    team_id="T0001",
                    project_id=pid,
                    number=n,
                    title=f"Task {n}",
                    owner_id=owner,
                    status="done" if done_day else "open",
                    progress=100 if done_day else 40,
                    start_date=date(2026, 11, 2),
                    due_date=date(2026, 11, due),
                    estimate_hours=8,
                    spent_hours=6,
                    created_by="U0001",
                    created_at=now,
                    done_at=now.replace(day=done_day) if done_day else None,
                )
            )


def dms_to(slack, user: str) -> list:
    return [c for c in slack.fake.calls_to("chat.postMessage") if c.args.get("channel") == user]


def answer(
    slack, user: str, ratings=(4, 3, 5, 4), went="Clear ownership", improve="Estimate better"
):
    slack.sender.block_action("survey_open", "1", user=user, channel="D" + user)
    view = slack.fake.calls_to("views.open")[-1].args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    values = {
        name: option_value(str(r))
        for name, r in zip(("schedule", "cost", "quality", "collaboration"), ratings, strict=True)
    }
    values |= {"went_well": text_value(went), "to_improve": text_value(improve)}
    return slack.sender.view_submission(view, values, user=user)


def test_close_is_for_owners_and_makes_the_project_read_only(slack):
    team(slack)
    assert "Only an owner" in slack.command("/project", "close", user="U0002").text
    slack.close()
    announced = slack.fake.channel_messages("C0001")[-1]
    assert announced.ephemeral_to is None and "closed *MP*" in announced.text
    assert "MP was closed on" in slack.command("/project", "close").text
    assert "MP was closed on" in slack.command("/project", 'milestone "Late" due:2027-01-01').text
    assert "Final report: MP" in slack.command("/project", "report").text
    with slack.rt.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Survey)) == 1


def test_survey_invites_members_once_reminds_once_and_posts_the_report(slack):
    team(slack)
    slack.close()
    now = slack.clock()
    assert run_job(slack.rt, "survey", now) == 3  # lead, alice, bob; not the stakeholder
    assert run_job(slack.rt, "survey", now) == 0
    assert not dms_to(slack, "U0004")

    bad = slack.sender.view_submission(
        survey_modal(SurveyForm(1, 1, "MP"), Tr("en")),
        {"schedule": option_value("4")},
        user="U0002",
    )
    assert bad.json["response_action"] == "errors" and "cost" in bad.json["errors"]
    assert answer(slack, "U0002").status == 200
    assert answer(slack, "U0005").json["response_action"] == "errors"  # not a member

    later = now + timedelta(days=2, hours=1)
    assert run_job(slack.rt, "survey", later) == 2  # reminders to lead and bob, not alice
    assert run_job(slack.rt, "survey", later + timedelta(hours=1)) == 0

    answer(slack, "U0001", went="Clear ownership and fast reviews")
    answer(slack, "U0003", ratings=(2, 3, 4, 5), improve="Estimate the integration work better")
    assert run_job(slack.rt, "survey", later + timedelta(hours=2)) == 1
    report_posts = [
        c
        for c in slack.fake.calls_to("chat.postMessage")
        if "Final report" in c.args.get("text", "")
    ]
    assert {c.args["channel"] for c in report_posts} == {"C0001", "U0004"}
    blocks = report_posts[0].args["blocks"]
    body = json.dumps(json.loads(blocks) if isinstance(blocks, str) else blocks, ensure_ascii=False)
    assert "3/3 answered" in body and "schedule 3.3" in body
    assert "• <@U0002> — 8 h finished on time (1 task), 1 finished late\\n" in body  # no zeros
    assert "• <@U0003>" not in body and "• <@U0001>" not in body  # nothing finished or cleared
    assert "estimate" in body.lower() and "ownership" in body
    assert run_job(slack.rt, "survey", later + timedelta(days=9)) == 0
    with slack.rt.db.session() as s:
        assert s.scalar(select(func.count()).select_from(SurveyResponse)) == 3


def test_report_posts_when_the_window_ends_without_all_answers(slack):
    team(slack)
    slack.close()
    now = slack.clock()
    run_job(slack.rt, "survey", now)
    answer(slack, "U0002")
    assert run_job(slack.rt, "survey", now + timedelta(days=5, minutes=1)) == 1
    assert any(
        "1/3 answered" in json.dumps(c.args.get("blocks"))
        for c in slack.fake.calls_to("chat.postMessage")
    )


def test_survey_opens_by_itself_when_the_end_date_passes(slack):
    team(slack)
    assert run_job(slack.rt, "survey", slack.clock()) == 0  # ends 2026-11-27; today is 11-23
    # Three invitations, and (10:00, past the standup time) the channel told the end date passed.
    assert run_job(slack.rt, "survey", slack.clock() + timedelta(days=5)) == 4


def test_report_measures_time_cost_and_people(slack):
    team(slack)
    slack.command("/project", 'spend 500 "licences"')
    reply = slack.command("/project", "report")
    body = json.dumps(reply.json["blocks"], ensure_ascii=False)
    assert "Report so far: MP" in body
    assert "50% of 2/3 done" in body  # T-1 on time, T-2 late
    assert (
        "¥500.00" in body and "*CPI*\\n1.07" in body
    )  # EV 19.2 h (8 + 8 + 40 % of 8) for 18 h logged
    assert "<@U0002>: 2 done (1 on time)" in body


def test_a_report_before_any_task_is_done_says_so(slack):
    slack.project()
    slack.command("/task", "add Schema")
    body = json.dumps(slack.command("/project", "report").json["blocks"], ensure_ascii=False)
    assert "*Tasks done on time*\\nnone done yet, of 1" in body, body
    assert " of 0/" not in body


def test_report_csv_is_uploaded(slack):
    team(slack)
    reply = slack.command("/project", "report csv")
    assert "Exporting" in reply.text
    files = list(slack.fake.files.values())
    assert len(files) == 1 and files[0].filename == "MP-report.csv"
    rows = list(csv.reader(io.StringIO(files[0].content.decode())))
    assert ["project", "key", "MP"] in rows and ["time", "tasks_done", "2"] in rows
    ratios = {r[1]: r[2] for r in rows if len(r) == 3 and r[1] in ("spi", "cpi")}
    assert ratios and all(v == "" or len(v.split(".")[-1]) <= 2 for v in ratios.values()), ratios
    people = rows[rows.index(["person", "name", "done", "on_time", "hours_on_time", "blockers_cleared", "standups", "hours_claimed", "hours_assigned", "capacity"]) + 1 :]  # fmt: skip
    assert [r[:3] for r in people] == [["U0001", "lead", "0"], ["U0002", "alice", "2"], ["U0003", "bob", "0"]]  # fmt: skip
    assert ["lesson", "text", "answers"] not in rows  # no survey answered: no lessons table


def test_report_csv_has_the_surveys_lessons_and_a_name_slack_does_not_know_is_left_blank(slack):
    team(slack)
    slack.fake.users["U0003"].deleted = True
    slack.close()
    answer(slack, "U0002", went="Clear ownership", improve="Estimate better")
    answer(slack, "U0001", went="Clear ownership", improve="Fewer meetings")
    slack.command("/project", "report csv")
    slack.rt.drain()
    rows = list(csv.reader(io.StringIO(list(slack.fake.files.values())[-1].content.decode())))
    lessons = rows[rows.index(["lesson", "text", "answers"]) + 1 :]
    assert ["went_well", "Clear ownership", "2"] in lessons, lessons
    assert {tuple(r) for r in lessons if r[0] == "to_improve"} == {
        ("to_improve", "Estimate better", "1"),
        ("to_improve", "Fewer meetings", "1"),
    }
    people = {r[0]: r[1] for r in rows if r and r[0].startswith("U000")}
    assert people["U0002"] == "alice" and people["U0003"] == "bob"  # a deleted user keeps a name


def test_another_workspace_can_neither_open_nor_answer_a_survey(slack):
    team(slack)
    slack.close()
    opened = len(slack.fake.calls_to("views.open"))
    slack.sender.block_action("survey_open", "1", user="U0002", channel="DU0002", team_id="T0002")
    assert len(slack.fake.calls_to("views.open")) == opened
    values = {name: option_value("5") for name in ("schedule", "cost", "quality", "collaboration")}
    reply = slack.sender.view_submission(
        survey_modal(SurveyForm(1, 1, "MP"), Tr("en")), values, user="U0002", team_id="T0002"
    )
    assert reply.json["response_action"] == "errors"
    assert "report" not in slack.command("/project", "report", team_id="T0002").text.lower()
    with slack.rt.db.session() as s:
        assert s.scalar(select(func.count()).select_from(SurveyResponse)) == 0


def test_the_final_report_carries_the_timeline_once_to_each_recipient(slack):
    team(slack)
    slack.close()
    now = slack.clock()
    run_job(slack.rt, "survey", now)
    # The first upload (of two: the channel, the stakeholder) fails once.
    slack.fake.inject("files.getUploadURLExternal", "not_ok", times=1)
    assert run_job(slack.rt, "survey", now + timedelta(days=5, minutes=1)) == 1
    timelines = [f for f in slack.fake.files.values() if f.shared and "timeline" in f.filename]
    assert len(timelines) == 1 and "final report" in timelines[0].initial_comment
    # The next tick retries the one that failed; later ticks send nothing more.
    run_job(slack.rt, "survey", now + timedelta(days=5, minutes=2))
    run_job(slack.rt, "survey", now + timedelta(days=5, minutes=3))
    timelines = [f for f in slack.fake.files.values() if f.shared and "timeline" in f.filename]
    assert sorted(f.channel for f in timelines) == sorted(["C0001", slack.fake.dm_channel("U0004")])
    reports = [
        c for c in slack.fake.calls_to("chat.postMessage") if "Final report" in c.args["text"]
    ]
    assert len(reports) == 2  # the report itself was not sent again


def test_a_report_copy_that_fails_is_retried_alone(slack):
    """The channel's report and each stakeholder's are runs of their own: one failing is sent
    again on the next tick without doubling the others."""
    team(slack)
    slack.close()
    now = slack.clock()
    run_job(slack.rt, "survey", now)
    slack.fake.inject("chat.postMessage", "not_ok", times=1)  # the channel's copy, sent first
    assert run_job(slack.rt, "survey", now + timedelta(days=5, minutes=1)) == 1

    def reports() -> list[str]:
        return sorted(
            c.args["channel"]
            for c in slack.fake.calls_to("chat.postMessage")
            if c.ok and "Final report" in c.args["text"]
        )

    assert reports() == ["U0004"]
    with slack.rt.db.session() as s:
        assert s.scalar(select(Survey.report_posted_at)) is None  # not every copy is out yet
    assert run_job(slack.rt, "survey", now + timedelta(days=5, minutes=2)) == 1
    assert run_job(slack.rt, "survey", now + timedelta(days=5, minutes=3)) == 0
    assert reports() == ["C0001", "U0004"]
    with slack.rt.db.session() as s:
        assert s.scalar(select(Survey.report_posted_at)) == now + timedelta(days=5, minutes=2)
