"""The timeline: the plain data from the store, and `/project timeline` uploading its picture."""

from __future__ import annotations

import io
import json
from datetime import date

from PIL import Image
from sqlalchemy import select

from bot.services import timeline
from bot.store.models import Project

TODAY = date(2026, 11, 23)  # the fixture clock's day in Shanghai


def plan(slack) -> None:
    """Two milestones, a loose task, a dependency chain, a baseline and a slip after it."""
    slack.project()
    slack.command("/project", 'milestone "Beta" due:2026-12-11')
    slack.command("/project", 'milestone "Launch" due:2027-01-08')
    slack.command("/task", "add Schema start:2026-11-16 due:2026-11-20 milestone:M-1")  # overdue
    slack.command("/task", "add API due:2026-12-04 milestone:M-1 after:T-1")
    slack.command("/task", "add Docs start:2026-12-14 due:2026-12-18 milestone:M-2")
    slack.command("/task", "add Hallway chat due:2026-11-27")
    slack.command("/task", "add Someday maybe")  # no due date
    slack.command("/task", "add Cleanup start:2026-11-02 due:2026-11-06")
    slack.command("/task", "done T-6")
    slack.command("/task", "progress T-2 40%")
    slack.command("/project", "baseline")
    slack.command("/task", "due T-3 2026-12-23")


def build(slack, **kwargs) -> timeline.Timeline:
    with slack.rt.db.session() as s:
        project = s.scalar(select(Project).where(Project.key == "MP"))
        return timeline.build(s, project, TODAY, **kwargs)


def test_rows_are_grouped_by_milestone_with_loose_tasks_last(slack):
    plan(slack)
    tl = build(slack)
    assert [(g.ref, [b.ref for b in g.bars]) for g in tl.groups] == [
        ("M-1", ["T-1", "T-2"]),
        ("M-2", ["T-3"]),
        (None, ["T-6", "T-4"]),
    ]
    assert tl.groups[0].name == "Beta" and tl.groups[0].due == date(2026, 12, 11)
    assert tl.undated == 1 and tl.outside == 0
    # The whole span: from the Monday of the first bar to the week after the last date.
    assert tl.start == date(2026, 11, 2) and tl.end == date(2027, 1, 11)


def test_bars_start_from_start_date_else_the_dependency_else_creation(slack):
    plan(slack)
    bars = {b.ref: b for b in build(slack).bars}
    assert (bars["T-1"].start, bars["T-1"].end) == (date(2026, 11, 16), date(2026, 11, 20))
    assert bars["T-2"].start == date(2026, 11, 20)  # when T-1, which it waits on, is due
    assert bars["T-4"].start == TODAY  # created today, no start, no dependency
    assert bars["T-2"].progress == 40 and bars["T-6"].progress == 100


def test_overdue_done_and_baseline_slips(slack):
    plan(slack)
    bars = {b.ref: b for b in build(slack).bars}
    assert bars["T-1"].overdue and not bars["T-2"].overdue and not bars["T-6"].overdue
    assert bars["T-6"].done and not bars["T-1"].done
    assert bars["T-3"].slipped
    assert (bars["T-3"].baseline_start, bars["T-3"].baseline_end) == (
        date(2026, 12, 14),
        date(2026, 12, 18),
    )
    assert bars["T-3"].end == date(2026, 12, 23)
    assert not bars["T-1"].slipped and not bars["T-2"].slipped


def test_dependency_edges_join_drawn_tasks(slack):
    plan(slack)
    assert [(e.before, e.after) for e in build(slack).edges] == [("T-1", "T-2")]
    # With the predecessor filtered out, the edge goes too.
    assert build(slack, milestone=2).edges == ()


def test_milestone_filter_and_weeks_window(slack):
    plan(slack)
    only = build(slack, milestone=1)
    assert [g.ref for g in only.groups] == ["M-1"] and [b.ref for b in only.bars] == ["T-1", "T-2"]
    assert "M-1 Beta" in only.title
    # weeks:2 starts at the later of the first start and two weeks ago, on a Monday.
    two = build(slack, weeks=2)
    assert (two.start, two.end) == (date(2026, 11, 9), date(2026, 11, 23))
    assert [b.ref for b in two.bars] == ["T-1", "T-2"]
    assert two.outside == 3  # T-3 and T-4 start later, T-6 ended before
    # An overdue task runs on to today, so a window past its due date still shows it.
    assert [b.ref for b in build(slack, window=(date(2026, 11, 23), date(2026, 12, 7))).bars][
        :2
    ] == ["T-1", "T-2"]


def test_timeline_command_uploads_a_png_to_the_channel(slack):
    plan(slack)
    reply = slack.command("/project", "timeline")
    assert reply.status == 200 and reply.json["response_type"] == "ephemeral"
    assert "Drawing the timeline of *MP*" in reply.text
    slack.fake.wait_for("files.completeUploadExternal")
    (shared,) = slack.fake.files.values()
    assert shared.shared and shared.channel == "C0001"
    assert shared.filename == "mp-timeline-2026-11-23.png"
    assert "1 task without dates is not shown" in shared.initial_comment
    assert "<@U0001>" in shared.initial_comment and "1 overdue" in shared.initial_comment
    image = Image.open(io.BytesIO(shared.content))
    assert image.format == "PNG" and image.size[0] == 1300 and image.size[1] > 400


def test_timeline_of_one_milestone_for_some_weeks(slack):
    plan(slack)
    slack.command("/project", "timeline milestone:M-2 weeks:6")
    slack.fake.wait_for("files.completeUploadExternal")
    (shared,) = slack.fake.files.values()
    assert (
        "Timeline of *MP*, Nov 23, 2026 – Jan 4, 2027: 1 task, 0 overdue." in shared.initial_comment
    )


def test_an_empty_project_gets_an_ephemeral_and_no_upload(slack):
    slack.project()
    slack.command("/task", "add Someday maybe")
    reply = slack.command("/project", "timeline")
    assert reply.json["response_type"] == "ephemeral"
    assert "No tasks with dates yet" in reply.text
    assert not slack.fake.calls_to("files.getUploadURLExternal")


def test_bad_timeline_input_is_explained(slack):
    plan(slack)
    for text, expected in {
        "timeline milestone:M-99": "no milestone M-99",
        "timeline milestone:T-1": "not a milestone ref",
        "timeline weeks:0": "number of weeks from 1 to 52",
        "timeline weeks:abc": "number of weeks from 1 to 52",
        "timeline weeks:53": "number of weeks from 1 to 52",
        "timeline month:3": "not an option of `timeline`",
    }.items():
        reply = slack.command("/project", text)
        assert reply.json["response_type"] == "ephemeral", text
        assert reply.text.startswith(":warning:") and expected in reply.text, (text, reply.text)
    assert not slack.fake.calls_to("files.getUploadURLExternal")


def test_help_lists_timeline(slack):
    reply = slack.command("/project", "help")
    assert "timeline milestone:M-1 weeks:8" in json.dumps(reply.json["blocks"])


def test_report_is_the_askers_alone_and_leaves_the_timeline_to_project_timeline(slack):
    """Slack has no ephemeral files: the report's picture is not put in the channel unasked;
    the report says how to post it."""
    plan(slack)
    reply = slack.command("/project", "report")
    assert "Report so far: MP" in reply.text and reply.json["response_type"] == "ephemeral"
    hint = "`/project timeline` posts its timeline to the channel."
    assert hint in json.dumps(reply.json["blocks"])
    assert not slack.fake.files and not slack.fake.calls_to("files.getUploadURLExternal")
    slack.command("/project", "timeline")
    slack.fake.wait_for("files.completeUploadExternal")
    (shared,) = slack.fake.files.values()
    assert shared.channel == "C0001" and "timeline" in shared.filename
