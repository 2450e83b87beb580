"""The scheduler core: the tick through a compressed week, replicas racing, faults, catch-up, leases."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
from sqlalchemy import delete, select

from bot.app import create_app
from bot.clock import ManualClock
from bot.config import Settings
from bot.jobs import JOBS, job, run_job, tick
from bot.jobs.delivery import LEASE, RunKey
from bot.jobs.scheduler import start_scheduler
from bot.store.db import Database
from bot.store.models import Alert, JobRun, Member, Project, Risk, Task

MON = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai
FRI_1600 = MON + timedelta(days=4, hours=6)
PROJECTS = 4


def seed(slack, projects: int = PROJECTS) -> None:
    """Projects with an overdue task, a risk due for review and a stakeholder for the digest."""
    slack.project()
    with slack.rt.db.session() as s:
        first = s.scalar(select(Project))
        for i in range(projects):
            if i == 0:
                p = first
            else:
                p = Project(team_id="T0001", key=f"P{i}", name=f"Project {i}",
                            channel_id=f"C10{i:02d}", timezone="Asia/Shanghai",
                            created_by="U0001", created_at=MON, settings={})  # fmt: skip
                s.add(p)
                s.flush()
                s.add(Member(team_id="T0001", project_id=p.id, user_id="U0001", role="owner",
                             added_at=MON))  # fmt: skip
            s.add(Member(team_id="T0001", project_id=p.id, user_id="U0004", role="stakeholder",
                         added_at=MON))  # fmt: skip
            s.add(Task(team_id="T0001", project_id=p.id, number=1, title=f"Late {i}",
                       owner_id="U0001", status="open", due_date=date(2026, 11, 22),
                       estimate_hours=8, created_by="U0001", created_at=MON - timedelta(days=9)))  # fmt: skip
            s.add(Risk(team_id="T0001", project_id=p.id, number=1, title=f"Risk {i}",
                       likelihood=3, impact=3, owner_id="U0002", review_date=date(2026, 11, 25),
                       created_by="U0001", created_at=MON))  # fmt: skip


def delivered(fake) -> Counter:
    """Successful posts and uploads by (method, channel, text)."""
    out: Counter = Counter()
    for call in fake.calls:
        if call.ok and call.method == "chat.postMessage":
            out[(call.method, call.response["channel"], call.args.get("text"))] += 1
        if call.ok and call.method == "files.completeUploadExternal":
            out[(call.method, call.args.get("channel_id"), call.args.get("initial_comment"))] += 1
    return out


def mine(counts: Counter) -> Counter:
    """The posts of this engineer's jobs: deviations, the digest and its chart, risk reviews."""
    return Counter(
        {
            k: v
            for k, v in counts.items()
            if k[2] and ("Overdue" in k[2] or "digest" in k[2] or "review" in k[2]
                         or "burn-up" in k[2])
        }
    )  # fmt: skip


def expected_posts(projects: int = PROJECTS) -> int:
    # Per project: one deviations message, one digest DM and its chart; and one risk-review DM to
    # the owner of every project's risk, listing them all.
    return projects * 3 + 1


def replica_settings(slack) -> Settings:
    return Settings(
        _env_file=None,
        slack_bot_token="xoxb-test",
        slack_signing_secret="test-signing-secret",
        slack_api_url=slack.fake.api_url,
        database_url=slack.rt.db.url,
        teamtrack_timezone="Asia/Shanghai",
    )


def test_tick_through_a_compressed_week_posts_each_thing_once(slack):
    seed(slack)
    now = MON
    while now <= MON + timedelta(days=7):  # to the next Monday 10:00, the weekend's alerts' turn
        tick(slack.rt, now)
        now += timedelta(hours=2)  # 10:00, 12:00, … local: Friday 16:00 is one of them
    counts = mine(delivered(slack.fake))
    assert set(counts.values()) == {1}, [k for k, v in counts.items() if v > 1]
    texts = [k[2] for k in counts]
    # Overdue by 1 (Mon) then 3 (Wed) days, per project; then the digest, its chart, the review.
    assert (
        sum("Overdue" in t for t in texts) == PROJECTS * 3
    )  # 1, 3 and 7 days (Sunday's, on Monday)
    assert sum("weekly digest" in t for t in texts) == PROJECTS
    assert sum("burn-up" in t for t in texts) == PROJECTS
    [review] = [t for t in texts if "Time to review" in t]
    assert f"Time to review {PROJECTS} risks" in review
    assert all(v == 1 for v in delivered(slack.fake).values())  # every job's posts, not just mine


def _replicas(slack, n: int = 2):
    """n schedulers: each its own engine, client and clock, like separate processes."""
    apps = []
    for _ in range(n):
        db = Database(slack.rt.db.url)
        apps.append(
            create_app(
                replica_settings(slack), db=db, clock=ManualClock(MON), home_refresh_seconds=0
            ).runtime
        )
    return apps


def test_two_replicas_ticking_the_same_minutes_post_each_thing_once(slack):
    seed(slack)
    apps = _replicas(slack)
    errors: list[BaseException] = []
    try:
        for minute in (FRI_1600, FRI_1600 + timedelta(minutes=1), FRI_1600 + timedelta(hours=1)):
            start = threading.Barrier(len(apps))

            def run(app, minute=minute, start=start) -> None:
                try:
                    app.clock.set(minute)
                    start.wait()
                    tick(app, app.clock())
                except BaseException as exc:  # surfaced in the main thread
                    errors.append(exc)

            threads = [threading.Thread(target=run, args=(a,)) for a in apps]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
    finally:
        for app in apps:
            app.drain()
            app.db.dispose()
    assert not errors
    counts = mine(delivered(slack.fake))
    assert sum(counts.values()) == expected_posts() and set(counts.values()) == {1}
    assert all(v == 1 for v in delivered(slack.fake).values())


def _faulty_run(slack, fault: str, share: float) -> None:
    seed(slack)
    slack.fake.fail_share(share, fault, retry_after=0, seed=7)
    now = FRI_1600
    for _ in range(30):
        tick(slack.rt, now)
        if sum(mine(delivered(slack.fake)).values()) >= expected_posts():
            break
        now += timedelta(minutes=1)
    for _ in range(3):  # a few more ticks: nothing more may arrive
        now += timedelta(minutes=1)
        tick(slack.rt, now)
    slack.fake.fail_share(0)
    faulted = [c for c in slack.fake.calls if c.status in (429, 500)]
    assert faulted, "the fault injection never fired"
    # Each retry waited as slack_sdk's handlers wait (Retry-After 0 or a 0.5 s backoff, plus up
    # to a second), on the test's clock: noted, not slept.
    assert 0 < len(slack.clock.waits) <= len(faulted)
    assert all(0 <= w < 2 for w in slack.clock.waits), slack.clock.waits
    counts = mine(delivered(slack.fake))
    assert sum(counts.values()) == expected_posts() and set(counts.values()) == {1}


def test_posts_arrive_exactly_once_when_slack_answers_429_to_a_share(slack):
    _faulty_run(slack, "429", 0.3)


def test_posts_arrive_exactly_once_when_slack_answers_500_to_a_share(slack):
    _faulty_run(slack, "500", 0.3)


def test_a_scheduler_down_for_hours_catches_up_once(slack):
    seed(slack, projects=1)
    # Down from Friday morning; back on Saturday 11:00: the digest and the alerts go out once.
    back = FRI_1600 + timedelta(hours=19)
    tick(slack.rt, back)
    tick(slack.rt, back + timedelta(minutes=1))
    tick(slack.rt, back + timedelta(hours=1))
    # Alerts wait for the working week: Monday 09:30 (and a minute later).
    monday = MON + timedelta(days=7, minutes=-30)
    tick(slack.rt, monday)
    tick(slack.rt, monday + timedelta(minutes=1))
    counts = mine(delivered(slack.fake))
    texts = [k[2] for k in counts]
    assert set(counts.values()) == {1}
    assert sum("weekly digest" in t for t in texts) == 1
    assert sum("Time to review" in t for t in texts) == 1
    assert sum("Overdue" in t for t in texts) == 1


def test_a_claim_whose_process_died_is_taken_over_after_the_lease(slack):
    seed(slack, projects=1)
    # Another process claimed this week's digest, then died before posting or finishing. Its
    # lease runs on the wall clock (whatever time the jobs are told it is).
    with slack.rt.db.session() as s:
        pid = s.scalar(select(Project.id))
        key = RunKey("digest", pid, "2026-W48", recipient="U0004")
        s.add(JobRun(job=key.job, scope=key.scope, period=key.period, status="claimed",
                     owner="dead:1", claimed_at=FRI_1600, lease_until=datetime.now(UTC) + LEASE))  # fmt: skip
    tick(slack.rt, FRI_1600 + timedelta(minutes=1))
    assert not [k for k in mine(delivered(slack.fake)) if "weekly digest" in k[2]]
    with slack.rt.db.session() as s:  # the lease runs out
        s.scalar(select(JobRun).where(JobRun.job == "digest")).lease_until = datetime.now(UTC)
    tick(slack.rt, FRI_1600 + timedelta(minutes=2))
    digests = [k for k in mine(delivered(slack.fake)) if "weekly digest" in k[2]]
    assert len(digests) == 1
    with slack.rt.db.session() as s:
        run = s.scalar(select(JobRun).where(JobRun.job == "digest"))
        assert run.status == "posted" and run.attempts == 2 and run.owner != "dead:1"


def test_a_post_whose_answer_was_lost_is_doubled_at_most_once(slack):
    def alerts() -> int:  # what the channel shows, whether or not its answer came back
        return sum(
            "Overdue" in m.text and m.user == slack.fake.bot_user_id for m in slack.fake.messages
        )

    seed(slack, projects=1)
    slack.fake.inject("chat.postMessage", "lost", times=1)
    run_job(slack.rt, "deviations", MON)
    # Slack performed the post and lost its answer; the client's retry posted it again.
    assert alerts() == 2
    tick(slack.rt, MON + timedelta(hours=1))
    assert alerts() == 2
    assert not slack.fake.calls_to("conversations.history")
    with slack.rt.db.session() as s:
        assert s.scalar(select(Alert.message_ts))  # the copy whose answer came back


def test_one_job_failing_never_stops_the_tick(slack):
    seed(slack, projects=1)

    @job("test-broken")
    def broken(rt, now, *, project_key=None) -> int:
        raise RuntimeError("boom")

    try:
        done = tick(slack.rt, MON)
    finally:
        JOBS.pop("test-broken")
    assert done["test-broken"] == 0 and done["deviations"] == 1


def test_the_scheduler_ticks_on_the_runtime_clock_and_stops(slack):
    seed(slack, projects=1)
    scheduler = start_scheduler(slack.rt)
    ran = threading.Event()
    scheduler.add_listener(lambda _event: ran.set(), EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    try:
        jobs = scheduler.get_jobs()
        assert [j.id for j in jobs] == ["tick"]
        assert jobs[0].max_instances == 1 and jobs[0].coalesce
        # Fire it now instead of waiting for second 0 of the next minute.
        jobs[0].modify(next_run_time=datetime.now(UTC))
        assert ran.wait(10)
    finally:
        scheduler.shutdown()
    assert not scheduler.running
    # The tick ran at the runtime's (manual) clock: Monday's overdue alert went out.
    assert sum("Overdue" in k[2] for k in mine(delivered(slack.fake))) == 1


def test_a_missing_owner_or_empty_project_is_not_a_crash(slack):
    slack.project()
    with slack.rt.db.session() as s:
        s.execute(delete(Member))
        pid = s.scalar(select(Project.id))
        s.add(Task(team_id="T0001", project_id=pid, number=1, title="Nobody's", status="open",
                   due_date=date(2026, 11, 20), created_by="U0001", created_at=MON))  # fmt: skip
    done = tick(slack.rt, FRI_1600)
    assert done["deviations"] == 1 and done["digest"] == 1  # to the channel: no stakeholders
