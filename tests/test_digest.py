"""The weekly digest: due on the digest day in the project's zone, once a week per recipient, with a chart."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from matplotlib import image
from PIL import Image
from sqlalchemy import select

from bot.jobs import run_job
from bot.services import burnup
from bot.store.models import Change, Member, Milestone, Project, Risk, Task

MON = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai
FRI_1600 = MON + timedelta(days=4, hours=6)  # Friday 16:00 in Shanghai


def setup(slack, **settings) -> int:
    slack.project()
    with slack.rt.db.session() as s:
        p = s.scalar(select(Project).where(Project.key == "MP"))
        p.settings = {**(p.settings or {}), **settings}
        s.add(Member(team_id="T0001", project_id=p.id, user_id="U0004", role="stakeholder",
                     added_at=MON))  # fmt: skip
        s.add(Member(team_id="T0001", project_id=p.id, user_id="U0002", added_at=MON))
        ms = Milestone(team_id="T0001", project_id=p.id, number=1, name="Beta",
                       due_date=date(2026, 11, 26), created_at=MON)  # fmt: skip
        s.add(ms)
        s.flush()
        common = dict(team_id="T0001", project_id=p.id, created_by="U0001",
                      created_at=MON - timedelta(days=7), estimate_hours=8.0)  # fmt: skip
        s.add_all(
            [
                Task(number=1, title="Login page", status="done", progress=100,
                     done_at=MON + timedelta(days=1), due_date=date(2026, 11, 24),
                     owner_id="U0002", **common),
                Task(number=2, title="API <keys> & auth", status="in_progress", progress=40,
                     due_date=date(2026, 11, 30), owner_id="U0002", milestone_id=ms.id,
                     **common),
                Task(number=3, title="Old report", status="open", due_date=date(2026, 11, 20),
                     **common),
                Task(number=4, title="Done last week", status="done", progress=100,
                     done_at=MON - timedelta(days=3), **common),
            ]
        )  # fmt: skip
        s.add(Risk(team_id="T0001", project_id=p.id, number=1, title="Vendor late",
                   likelihood=5, impact=4, owner_id="U0002", created_by="U0001",
                   created_at=MON))  # fmt: skip
        s.add(Risk(team_id="T0001", project_id=p.id, number=2, title="Minor thing",
                   likelihood=1, impact=2, created_by="U0001", created_at=MON))  # fmt: skip
        return p.id


def bot_messages(fake, channel: str) -> list:
    return [m for m in fake.channel_messages(channel) if m.user == fake.bot_user_id and not m.files]


def shared(slack, kind: str) -> list:
    """The files shared so far whose name says what they are (`burnup`, `timeline`)."""
    return [f for f in slack.fake.files.values() if f.shared and kind in f.filename]


def shown(msg) -> str:
    return msg.text + json.dumps(msg.blocks)


def run(slack, when: datetime) -> int:
    return run_job(slack.rt, "digest", when)


def test_digest_goes_to_each_stakeholder_by_dm_on_the_digest_day_once(slack):
    setup(slack)
    assert run(slack, MON) == 0
    assert run(slack, FRI_1600 - timedelta(minutes=1)) == 0
    assert run(slack, FRI_1600) == 1
    assert run(slack, FRI_1600) == 0
    assert run(slack, FRI_1600 + timedelta(hours=3)) == 0
    dms = bot_messages(slack.fake, "U0004")
    assert len(dms) == 1
    body = shown(dms[0])
    assert "MP weekly digest" in body and "2026-W48" in body
    assert "RED" in body and "critical risk" in body  # the status with its reason
    assert "SPI" in body and "CPI" in body
    assert (
        "Done since Mon Nov 23, 10:00 (1)" in body
        and "Login page" in body
        and "Done last week" not in body
    )
    assert "In progress or blocked (1)" in body and "API &lt;keys&gt; &amp; auth" in body
    assert "Overdue (1)" in body and "Old report" in body
    assert "M-1" in body and "tasks end 2026-11-30" in body
    # Due Thursday, still open on Friday: missed, and said so.
    said = "\n".join(b["text"]["text"] for b in dms[0].blocks if b.get("text"))
    assert "`M-1` Beta · due 2026-11-26 · :red_circle: *missed*, 1 day late" in said, said
    assert body.index("Vendor late") < body.index("Minor thing") and "critical" in body
    # Nobody else got it, and the team channel stays quiet.
    assert not [m for m in bot_messages(slack.fake, "U0002") if "digest" in m.text]
    assert not [m for m in bot_messages(slack.fake, "C0001") if "digest" in m.text]


def test_a_task_in_progress_past_its_due_date_is_listed_once_as_overdue(slack):
    pid = setup(slack)
    with slack.rt.db.session() as s:
        s.add(Task(team_id="T0001", project_id=pid, number=5, title="Late and started",
                   status="in_progress", progress=50, due_date=date(2026, 11, 25),
                   created_by="U0001", created_at=MON, estimate_hours=8.0))  # fmt: skip
    assert run(slack, FRI_1600) == 1
    [dm] = bot_messages(slack.fake, "U0004")
    body = shown(dm)
    assert "In progress or blocked (1)" in body and "Overdue (2)" in body, body
    assert body.count("Late and started") == 1
    in_progress, overdue = body.index("In progress or blocked (1)"), body.index("Overdue (2)")
    assert in_progress < body.index("API &lt;keys&gt;") < overdue < body.index("Late and started")


def test_the_chart_is_a_png_of_the_right_project(slack):
    setup(slack)
    run(slack, FRI_1600)
    files = shared(slack, "burnup")
    assert len(files) == 1
    chart = files[0]
    assert chart.channel == slack.fake.dm_channel("U0004")
    assert "MP" in chart.title and chart.filename.endswith(".png")
    pixels = image.imread(io.BytesIO(chart.content), format="png")
    assert pixels.ndim == 3 and pixels.shape[0] > 100 and pixels.shape[1] > 100
    assert "MP" in (chart.initial_comment or "")


def test_digest_channel_gets_it_instead_of_dms(slack):
    setup(slack, digest_channel="C0002")
    assert run(slack, FRI_1600) == 1
    assert len(bot_messages(slack.fake, "C0002")) == 1
    assert not bot_messages(slack.fake, "U0004")
    assert [f.channel for f in slack.fake.files.values() if f.shared] == ["C0002", "C0002"]


def test_missed_digest_catches_up_once_and_next_week_comes_again(slack):
    setup(slack)
    # The scheduler was down on Friday afternoon; it comes back on Saturday morning.
    assert run(slack, FRI_1600 + timedelta(hours=17)) == 1
    assert run(slack, FRI_1600 + timedelta(days=2)) == 0
    assert run(slack, FRI_1600 + timedelta(days=7)) == 1
    weeks = [m.text for m in bot_messages(slack.fake, "U0004")]
    assert len(weeks) == 2 and "2026-W48" in weeks[0] and "2026-W49" in weeks[1]


def test_a_failed_chart_upload_is_retried_without_repeating_the_text(slack):
    setup(slack)
    slack.fake.inject("files.getUploadURLExternal", "not_ok", times=1)
    assert run(slack, FRI_1600) == 1
    assert not shared(slack, "burnup")
    assert run(slack, FRI_1600 + timedelta(minutes=1)) == 0
    assert len(bot_messages(slack.fake, "U0004")) == 1
    assert len(shared(slack, "burnup")) == 1
    run(slack, FRI_1600 + timedelta(minutes=2))
    assert len(shared(slack, "burnup")) == 1


def test_burnup_follows_the_audit_trail(slack):
    pid = setup(slack)
    with slack.rt.db.session() as s:
        project = s.get(Project, pid)
        project.start_date = date(2026, 11, 23)
        task = Task(team_id="T0001", project_id=pid, number=9, title="Tracked", status="done",
                    progress=100, estimate_hours=20.0, created_by="U0001", created_at=MON,
                    done_at=MON + timedelta(days=3))  # fmt: skip
        s.add(task)
        s.flush()
        for day, field, old, new in (
            (0, "estimate", None, "10.0"),
            (2, "estimate", "10.0", "20.0"),
            (3, "status", "open", "done"),
        ):
            s.add(Change(team_id="T0001", project_id=pid, entity="task", entity_id=task.id,
                         field=field, old=old, new=new, actor="U0001",
                         at=MON + timedelta(days=day)))  # fmt: skip
        # Only the tracked task: the others were created a week before and done on their own.
        series = burnup.series(s, project, date(2026, 11, 26))
    assert series.days[0] == date(2026, 11, 16)  # the earliest task's creation day
    base_scope = series.scope[7] - 10.0  # the four setup tasks (8 h each)
    assert base_scope == 32.0
    assert [x - base_scope for x in series.scope[7:]] == [10.0, 10.0, 20.0, 20.0]
    # T-4 was done before; T-1 (8 h) was done on Tuesday; the tracked task on Thursday.
    assert series.done[7:] == [8.0, 16.0, 16.0, 36.0]


def test_the_chart_follows_its_text_and_never_comes_first(slack):
    setup(slack)
    slack.fake.inject("chat.postMessage", "not_ok", times=1)
    assert run(slack, FRI_1600) == 0
    assert not shared(slack, "burnup")
    assert run(slack, FRI_1600 + timedelta(minutes=1)) == 1
    assert len(bot_messages(slack.fake, "U0004")) == 1
    assert len(shared(slack, "burnup")) == 1


def test_a_project_name_with_dollars_still_draws(slack):
    from bot.charts.burnup import render

    days = [date(2026, 11, 16) + timedelta(days=i) for i in range(3)]
    png = render(burnup.BurnUp(days, [1.0, 2.0, 2.0], [0.0, 1.0, 2.0]), title="MP · $x^{ cost")
    assert image.imread(io.BytesIO(png), format="png").shape[0] > 100


def test_the_timeline_goes_to_each_recipient_once_with_its_own_claim(slack):
    pid = setup(slack)
    with slack.rt.db.session() as s:
        s.add(Member(team_id="T0001", project_id=pid, user_id="U0003", role="stakeholder",
                     added_at=MON))  # fmt: skip
    assert run(slack, FRI_1600) == 2
    timelines = shared(slack, "timeline")
    assert sorted(f.channel for f in timelines) == sorted(
        [slack.fake.dm_channel("U0004"), slack.fake.dm_channel("U0003")]
    )
    first = timelines[0]
    assert first.filename == "mp-timeline-2026-11-27.png"
    # The next four weeks: from this week's Monday; the task without a due date is left out.
    assert "Nov 23 – Dec 25" in first.initial_comment
    assert "1 task without dates is not shown" in first.initial_comment
    assert Image.open(io.BytesIO(first.content)).format == "PNG"
    assert run(slack, FRI_1600 + timedelta(hours=1)) == 0
    assert len(shared(slack, "timeline")) == 2 and len(shared(slack, "burnup")) == 2


def test_the_timeline_has_its_own_claim_apart_from_the_burnup(slack):
    setup(slack)
    # The burn-up's upload (the first) fails once; the timeline's goes through.
    slack.fake.inject("files.getUploadURLExternal", "not_ok", times=1)
    assert run(slack, FRI_1600) == 1
    assert not shared(slack, "burnup") and len(shared(slack, "timeline")) == 1
    # The next tick retries the burn-up alone: no second timeline, no second text.
    assert run(slack, FRI_1600 + timedelta(minutes=1)) == 0
    assert len(shared(slack, "burnup")) == 1 and len(shared(slack, "timeline")) == 1
    assert len(bot_messages(slack.fake, "U0004")) == 1


def test_a_failed_timeline_upload_is_retried(slack):
    setup(slack)
    slack.fake.inject("files.getUploadURLExternal", "not_ok", times=2)
    assert run(slack, FRI_1600) == 1
    assert not shared(slack, "timeline")
    run(slack, FRI_1600 + timedelta(minutes=1))
    assert len(shared(slack, "timeline")) == 1 and len(shared(slack, "burnup")) == 1


def add_done(slack, number: int, title: str, done_at: datetime) -> None:
    with slack.rt.db.session() as s:
        pid = s.scalar(select(Project.id).where(Project.key == "MP"))
        s.add(Task(team_id="T0001", project_id=pid, number=number, title=title, status="done",
                   progress=100, done_at=done_at, created_by="U0001",
                   created_at=MON - timedelta(days=7)))  # fmt: skip


def digests(slack) -> list[str]:
    return [shown(m) for m in bot_messages(slack.fake, "U0004")]


def test_work_done_after_a_digest_is_in_the_next_one_once(slack):
    setup(slack)
    assert run(slack, FRI_1600) == 1
    add_done(slack, 5, "Friday evening fix", FRI_1600 + timedelta(hours=1))
    add_done(slack, 6, "Monday fix", FRI_1600 + timedelta(days=3, hours=-5))  # Mon 11:00
    assert run(slack, FRI_1600 + timedelta(days=7)) == 1
    assert run(slack, FRI_1600 + timedelta(days=14)) == 1
    first, second, third = digests(slack)
    assert "Friday evening fix" not in first and "Monday fix" not in first
    assert "Done since Fri Nov 27, 16:00 (2)" in second and "done since Fri Nov 27, 16:00" in second
    assert "Friday evening fix" in second and "Monday fix" in second
    assert "Login page" not in second  # it was in the first
    assert "Done since Fri Dec 4, 16:00 (0)" in third
    assert "Monday fix" not in third and "Friday evening fix" not in third


def test_a_late_digest_counts_from_when_it_went_out_not_when_it_was_due(slack):
    setup(slack)
    add_done(slack, 5, "Done at five", FRI_1600 + timedelta(hours=1))
    # The scheduler was down at 16:00; the digest goes out at 18:00 with the 17:00 task.
    assert run(slack, FRI_1600 + timedelta(hours=2)) == 1
    assert run(slack, FRI_1600 + timedelta(days=7)) == 1
    late, next_week = digests(slack)
    assert "Done at five" in late
    assert "Done since Fri Nov 27, 18:00 (0)" in next_week and "Done at five" not in next_week


def test_a_recipient_retried_later_gets_the_same_done_list(slack):
    setup(slack)
    with slack.rt.db.session() as s:
        pid = s.scalar(select(Project.id).where(Project.key == "MP"))
        s.add(Member(team_id="T0001", project_id=pid, user_id="U0003", role="stakeholder",
                     added_at=MON))  # fmt: skip
    slack.fake.inject("chat.postMessage", "not_ok", times=1)  # the first DM (U0004) fails
    assert run(slack, FRI_1600) == 1
    add_done(slack, 5, "Just after", FRI_1600 + timedelta(minutes=1))
    assert run(slack, FRI_1600 + timedelta(minutes=5)) == 1
    assert run(slack, FRI_1600 + timedelta(days=7)) == 2
    [bob_first, bob_next] = [shown(m) for m in bot_messages(slack.fake, "U0003")]
    [lead_first, lead_next] = digests(slack)
    assert "Just after" not in lead_first and "Just after" not in bob_first
    assert "Just after" in lead_next and "Just after" in bob_next


@pytest.mark.parametrize(
    ("created_days_ago", "start", "since", "shown_titles", "hidden_titles"),
    [
        # Created long ago: the last 7 days.
        (30, None, "Fri Nov 20, 16:00", ("Friday evening", "Sunday", "Login page"),
         ("Done last week",)),
        # Created on Monday, starting in December: from its creation.
        (0, date(2026, 12, 1), "Mon Nov 23, 10:00", ("Login page",), ("Friday evening", "Sunday")),
        # Created on Monday, started on Sunday: from the start date.
        (0, date(2026, 11, 22), "Sun Nov 22, 00:00", ("Sunday", "Login page"), ("Friday evening",)),
    ],
)  # fmt: skip
def test_the_first_digest_counts_from_the_project_start_or_seven_days(
    slack, created_days_ago, start, since, shown_titles, hidden_titles
):
    pid = setup(slack)
    with slack.rt.db.session() as s:
        project = s.get(Project, pid)
        project.created_at = MON - timedelta(days=created_days_ago)
        project.start_date = start
    add_done(slack, 5, "Friday evening", MON - timedelta(days=2, hours=17))  # Fri Nov 20 17:00
    add_done(slack, 6, "Sunday", MON - timedelta(hours=22))  # Sun Nov 22 12:00
    assert run(slack, FRI_1600) == 1
    [body] = digests(slack)
    assert f"Done since {since}" in body
    assert all(t in body for t in shown_titles), body
    assert not any(t in body for t in hidden_titles), body


def test_a_project_started_after_the_weeks_digest_time_waits_for_next_week(slack):
    # Started on Friday at 17:00, after that week's 16:00 digest: nothing on Friday evening or
    # over the weekend; its first digest is the next Friday's.
    slack.clock.set(FRI_1600 + timedelta(hours=1))
    setup(slack)
    for later in (timedelta(hours=1, minutes=30), timedelta(days=1), timedelta(days=2, hours=4)):
        assert run(slack, FRI_1600 + later) == 0, later
    assert run(slack, FRI_1600 + timedelta(days=7)) == 1
