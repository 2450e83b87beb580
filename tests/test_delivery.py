"""Delivery: run keys, claims on the wall clock, retries, and a `jobs run --at` racing a tick."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from bot.cli import main
from bot.jobs import tick
from bot.jobs.delivery import LEASE, WAVE, Post, RunKey, claim, deliver, done, record, retry_due
from bot.store.db import Database
from bot.store.models import JobRun
from bot.testing.fake_slack import FakeSlack, RawRequest

NOW = datetime(2026, 11, 23, 1, 30, tzinfo=UTC)
WALL = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)  # what a real clock says, injected apart from NOW
SHANGHAI = timedelta(hours=8)
KEY = RunKey("standup", 7, "2026-11-23")


def at(day: int, hh: int, mm: int = 0) -> datetime:
    """Shanghai wall time on 2026-11-<day> as UTC."""
    return datetime(2026, 11, day, hh, mm, tzinfo=UTC) - SHANGHAI


def take(db: Database, now: datetime = NOW, owner: str = "a", wall: datetime = WALL) -> bool:
    with db.session() as s:
        return bool(claim(s, [KEY], now=now, owner=owner, wall=lambda: wall))


# -- run keys and claims ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key, text",
    [
        (RunKey("standup", 12, "2026-11-23"), "standup/p12@2026-11-23"),
        (RunKey("standup-reminder", 12, "2026-11-23", recipient="U0002"),
         "standup-reminder/p12/to:U0002@2026-11-23"),
        (RunKey("blocker-escalation", 3, "open", recipient="U0001", item="blocker:4"),
         "blocker-escalation/p3/blocker:4/to:U0001@open"),
        (RunKey("deviations", 3, "7", item="overdue:T-12@2026-12-01"),
         "deviations/p3/overdue:T-12@2026-12-01@7"),
        (RunKey("deviations-sweep", None, "2026-11-23T01+30", item="sweep:all"),
         "deviations-sweep/*/sweep:all@2026-11-23T01+30"),
    ],
)  # fmt: skip
def test_a_run_key_has_one_text_form_and_reads_back(key, text):
    assert str(key) == text
    assert RunKey.parse(text) == key
    assert RunKey.from_row(*key.row) == key


@pytest.mark.parametrize("bad", ["standup", "standup/12@2026-11-23", "standup/p12", "x/p1/a/b@1"])
def test_what_is_not_a_run_key_is_refused(bad):
    with pytest.raises(ValueError):
        RunKey.parse(bad)


def test_a_period_is_claimed_once_and_posted_stays_posted(db):
    assert take(db)
    assert not take(db, owner="b")
    with db.session() as s:
        record(s, [KEY], now=NOW)
    assert not take(db, NOW + timedelta(days=1), owner="b", wall=WALL + timedelta(days=1))
    with db.session() as s:
        assert done(s, [KEY, RunKey("standup", 8, "2026-11-23")]) == {KEY}


def test_a_failed_run_is_taken_again_and_counts_attempts(db):
    assert take(db)
    with db.session() as s:
        record(s, [KEY], now=NOW, error="ratelimited")
        assert retry_due(s, job="standup", now=NOW + timedelta(minutes=1), wall=lambda: WALL)
    assert take(db, NOW + timedelta(minutes=1), owner="b")
    assert not take(db, NOW + timedelta(minutes=1), owner="c")
    with db.session() as s:
        run = s.scalar(select(JobRun))
        assert (run.status, run.owner, run.attempts) == ("claimed", "b", 2)
        record(s, [KEY], now=NOW, skipped=True)
        assert done(s, [KEY]) == {KEY}


def test_a_lease_runs_on_the_wall_clock_not_on_the_jobs_time(db):
    """Taken over once the wall clock passes the lease, however far the jobs' `now` moves."""
    assert take(db, owner="dead")
    with db.session() as s:
        run = s.scalar(select(JobRun))
        assert (run.claimed_at, run.lease_until) == (NOW, WALL + LEASE)
    # A day later in job time, a second before the lease ends on the wall: still held.
    assert not take(db, NOW + timedelta(days=1), "alive", WALL + LEASE - timedelta(seconds=1))
    with db.session() as s:
        assert not retry_due(s, job="standup", now=NOW, wall=lambda: WALL + LEASE)
        assert retry_due(
            s, job="standup", now=NOW, wall=lambda: WALL + LEASE + timedelta(seconds=1)
        )
    assert take(db, NOW, owner="alive", wall=WALL + LEASE + timedelta(seconds=1))
    with db.session() as s:
        run = s.scalar(select(JobRun))
        assert (run.owner, run.attempts, run.status) == ("alive", 2, "claimed")
    # …and the new owner holds a fresh lease.
    assert not take(db, NOW, owner="third", wall=WALL + LEASE + timedelta(minutes=2))


def test_old_failures_stop_asking_for_retries(db):
    take(db)
    with db.session() as s:
        record(s, [KEY], now=NOW, error="boom")
        assert not retry_due(s, job="standup", now=NOW + timedelta(days=2), wall=lambda: WALL)


def test_racing_engines_claim_once(db):
    """Eight processes' worth of engines race for the same key: exactly one wins, every round."""
    engines = [Database(db.url) for _ in range(8)]
    lock = threading.Lock()
    try:
        for round_ in range(5):
            start = threading.Barrier(len(engines))
            wins: list[bool] = []

            def race(
                engine: Database, i: int, round_: int = round_, start=start, wins=wins
            ) -> None:
                start.wait()
                with engine.session() as s:
                    key = RunKey("digest", 1, f"2026-W{round_}", recipient="U0004")
                    won = bool(claim(s, [key], now=NOW, owner=f"p{i}"))
                with lock:
                    wins.append(won)

            threads = [threading.Thread(target=race, args=(e, i)) for i, e in enumerate(engines)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert sorted(wins) == [False] * 7 + [True]
    finally:
        for e in engines:
            e.dispose()


def test_many_keys_are_claimed_in_one_go_winning_only_what_is_free(db):
    a, b, c, d = (RunKey("deviations", 1, "1", item=f"overdue:T-{n}") for n in range(4))

    def grab(keys, owner, wall=WALL):
        with db.session() as s:
            return claim(s, keys, now=NOW, owner=owner, wall=lambda: wall)

    assert grab([a, b], "x") == {a, b}
    with db.session() as s:
        record(s, [a], now=NOW)
        record(s, [b], now=NOW, error="boom")
    assert grab([d, c, b, a], "y") == {b, c, d}  # a is posted, b failed (taken again), c and d new
    assert grab([a, b, c, d], "z") == set()
    assert grab([a, b, c, d], "z", WALL + LEASE + timedelta(seconds=1)) == {b, c, d}  # y died


def test_posts_are_claimed_a_wave_at_a_time_just_before_they_are_sent(slack):
    """A long run claims WAVE posts per post in flight, so none waits out its lease unsent."""
    keys = [RunKey("test-wave", 1, "2026-11-23", recipient=f"U{n:04d}") for n in range(10)]
    claimed: list[int] = []

    def send(won: list[RunKey]) -> None:
        with slack.rt.db.session() as s:
            claimed.append(s.scalar(select(func.count()).select_from(JobRun)))

    assert deliver(slack.rt, [Post([k], None, send) for k in keys], now=NOW) == 10
    assert WAVE == 4 and claimed == [4] * 4 + [8] * 4 + [10] * 2
    with slack.rt.db.session() as s:
        assert done(s, keys) == set(keys)
    assert deliver(slack.rt, [Post([k], None, send) for k in keys], now=NOW) == 0


# -- through `teamtrack jobs run --at` and the tick -------------------------------------------------


class HeldPost:
    """Holds the first chat.postMessage at the fake Slack until released; later ones pass."""

    def __init__(self, fake: FakeSlack) -> None:
        self.fake = fake
        self.arrived, self.release = threading.Event(), threading.Event()
        self._first = True
        self._lock = threading.Lock()
        fake.add_route("POST", "/api/chat.postMessage", self)

    def __call__(self, req: RawRequest):
        with self._lock:
            hold, self._first = self._first, False
        if hold:
            self.arrived.set()
            self.release.wait(30)
        return self.fake._api("chat.postMessage", req)  # then Slack as usual


@pytest.fixture
def jobs_run(slack, monkeypatch, tmp_path):
    """`teamtrack jobs run …` as an operator types it: its own settings, runtime and engine."""
    monkeypatch.chdir(tmp_path)  # no .env
    for name, value in {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "test-signing-secret",
        "SLACK_API_URL": slack.fake.api_url,
        "DATABASE_URL": slack.rt.db.url,
        "TEAMTRACK_TIMEZONE": "Asia/Shanghai",
    }.items():
        monkeypatch.setenv(name, value)

    def run(*args: str) -> threading.Thread:
        thread = threading.Thread(target=main, args=(["jobs", "run", *args],))
        thread.start()
        return thread

    return run


def prompts(slack) -> list:
    return [
        m
        for m in slack.fake.channel_messages("C0001")
        if m.user == slack.fake.bot_user_id and not m.thread_ts and m.text.startswith("Standup")
    ]


def test_a_jobs_run_at_a_past_time_holds_a_lease_that_is_not_already_over(slack, jobs_run):
    slack.project()
    held = HeldPost(slack.fake)
    cli = jobs_run("standup", "--at", at(23, 9, 30).isoformat())
    assert held.arrived.wait(30)  # claimed and committed; its post in flight
    try:
        with slack.rt.db.session() as s:
            run = s.scalar(select(JobRun).where(JobRun.job == "standup"))
            assert run.status == "claimed" and run.claimed_at == at(23, 9, 30)
            assert datetime.now(UTC) < run.lease_until <= datetime.now(UTC) + LEASE
    finally:
        held.release.set()
        cli.join(30)
    with slack.rt.db.session() as s:
        assert s.scalar(select(JobRun.status).where(JobRun.job == "standup")) == "posted"
    assert len(prompts(slack)) == 1


def test_a_jobs_run_at_a_past_time_racing_a_tick_posts_once(slack, jobs_run):
    """The tick comes while `jobs run --at` is posting the same standup: one prompt, not two."""
    slack.project()
    held = HeldPost(slack.fake)
    cli = jobs_run("standup", "--at", at(23, 9, 30).isoformat())
    assert held.arrived.wait(30)
    try:
        slack.clock.set(at(23, 11, 0))  # the scheduler catching up on the same morning
        ticked = tick(slack.rt, at(23, 11, 0))
    finally:
        held.release.set()
        cli.join(30)
    slack.rt.drain()
    assert ticked["standup"] == 0
    assert len(prompts(slack)) == 1
    assert (
        len(
            [
                c
                for c in slack.fake.calls_to("chat.postMessage")
                if "Standup" in c.args.get("text", "")
            ]
        )
        == 1
    )


def test_a_jobs_run_process_at_a_past_time_racing_a_tick_posts_once(slack, tmp_path):
    """The same race with `teamtrack jobs run` as its own process, as an operator starts it."""
    slack.project()
    held = HeldPost(slack.fake)
    settings = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "test-signing-secret",
                "SLACK_API_URL": slack.fake.api_url, "DATABASE_URL": slack.rt.db.url,
                "TEAMTRACK_TIMEZONE": "Asia/Shanghai"}  # fmt: skip
    cli = subprocess.Popen(
        [sys.executable, "-m", "bot", "jobs", "run", "standup", "--at", at(23, 9, 30).isoformat()],
        env={**os.environ, **settings}, cwd=tmp_path, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert held.arrived.wait(60)
        slack.clock.set(at(23, 11, 0))
        assert tick(slack.rt, at(23, 11, 0))["standup"] == 0
    finally:
        held.release.set()
        out, _ = cli.communicate(timeout=60)
    assert out.strip() == "standup: 1 post"
    slack.rt.drain()
    assert len(prompts(slack)) == 1


def test_jobs_runs_and_ticks_started_together_post_each_standup_once(slack, jobs_run):
    """No holding: each morning a `jobs run --at` and a tick start at once, on their own engines."""
    slack.project()
    for day in (23, 24, 25, 26, 27):
        slack.clock.set(at(day, 9, 45))
        cli = jobs_run("standup", "--at", at(day, 9, 30).isoformat())
        tick(slack.rt, at(day, 9, 45))
        cli.join(30)
        slack.rt.drain()
        assert len(prompts(slack)) == day - 22, day


def test_a_failed_post_is_retried_on_the_next_tick_and_posted_once(slack):
    slack.project()
    # Every attempt the client makes (1 + 2 retries of a 500) fails on the first tick.
    slack.fake.inject("chat.postMessage", "500", times=3)
    slack.clock.set(at(23, 10, 0))
    assert tick(slack.rt, at(23, 10, 0))["standup"] == 0
    with slack.rt.db.session() as s:
        run = s.scalar(select(JobRun).where(JobRun.job == "standup"))
        assert (run.status, run.attempts) == ("failed", 1)
    assert tick(slack.rt, at(23, 10, 1))["standup"] == 1
    assert tick(slack.rt, at(23, 10, 2))["standup"] == 0
    slack.rt.drain()
    assert len(prompts(slack)) == 1
    with slack.rt.db.session() as s:
        run = s.scalar(select(JobRun).where(JobRun.job == "standup"))
        assert (run.status, run.attempts) == ("posted", 2)
    [call] = [c for c in slack.fake.calls_to("chat.postMessage") if c.ok]
    assert call.args["metadata"]["event_payload"] == {
        "job": "standup",
        "key": str(RunKey.from_row(run.job, run.scope, run.period)),
    }


# -- keys stored before run keys had one form ---------------------------------------------------

OLD_SCOPES = [  # (job, scope written by the old f-strings, the same run's RunKey scope)
    ("standup", "project:{p}", "p{p}"),
    ("standup-summary", "project:{p}", "p{p}"),
    ("standup-reminder", "project:{p}:user:U0002", "p{p}/to:U0002"),
    ("blocker-escalation", "blocker:{b}:user:U0001", "p{p}/blocker:{b}/to:U0001"),
    ("deviations", "{p}:overdue:T-1@2026-11-20", "p{p}/overdue:T-1@2026-11-20"),
    ("deviations-sweep", "sweep:*", "*/sweep:all"),
    ("deviations-sweep", "sweep:MP", "*/sweep:MP"),
    ("digest", "{p}:U0004", "p{p}/to:U0004"),
    ("digest-chart", "{p}:C0001", "p{p}/to:C0001"),
    ("digest-timeline", "{p}:U0004", "p{p}/to:U0004"),
    ("digest-week", "{p}", "p{p}"),
    ("risk-review", "{r}:U0002", "p{p}/risk:{r}/to:U0002"),
    ("risk-review", "{r}", "p{p}/risk:{r}"),
    ("risk-escalation", "risk:{r}:C0009", "p{p}/risk:{r}/to:C0009"),
    ("survey", "survey:{s}:user:U0002", "p{p}/survey:{s}/to:U0002"),
    ("survey-report", "project:{p}", "p{p}"),
    ("survey-timeline", "project:{p}:U0004", "p{p}/to:U0004"),
    ("blocker-risk", "blocker:{b}", "blocker:{b}"),  # a lock, not a post: left alone
    ("risk-review", "999:U0002", "999:U0002"),  # its risk is gone: left alone
]


def test_runs_stored_with_the_old_keys_are_migrated_to_run_keys_and_back(slack):
    from alembic import command

    from bot.store.db import alembic_config
    from bot.store.models import Project, Risk, Survey

    db = slack.rt.db
    slack.project()
    cfg = alembic_config(db.url)
    with db.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0006_slack_oauth_stores")
    with db.session() as s:
        project = s.scalar(select(Project))
        # As the schema was at 0006: the ORM's Blocker has columns added since.
        blocker_id = s.execute(
            text(
                "INSERT INTO blockers (team_id, project_id, user_id, text, opened_on, last_seen_on,"
                " standups_open) VALUES ('T0001', :p, 'U0002', 'keys', :d, :d, 1) RETURNING id"
            ),
            {"p": project.id, "d": NOW.date()},
        ).scalar_one()
        r = Risk(team_id="T0001", project_id=project.id, number=1, title="Vendor", likelihood=3,
                 impact=3, status="open", created_by="U0001", created_at=NOW)  # fmt: skip
        sv = Survey(team_id="T0001", project_id=project.id, opened_at=NOW, closes_at=NOW)
        s.add_all([r, sv])
        s.flush()
        ids = dict(p=project.id, b=blocker_id, r=r.id, s=sv.id)
        for job, old, _ in OLD_SCOPES:
            s.add(JobRun(job=job, scope=old.format(**ids), period="2026-11-23", status="posted",
                         owner="old:1", claimed_at=NOW, lease_until=NOW))  # fmt: skip

    def scopes() -> list[str]:
        with db.session() as s:
            return list(s.scalars(select(JobRun.scope).order_by(JobRun.id)))

    db.upgrade()
    assert scopes() == [new.format(**ids) for _, _, new in OLD_SCOPES]
    with db.session() as s:  # what was posted stays posted under its run key
        key = RunKey("standup-reminder", ids["p"], "2026-11-23", recipient="U0002")
        assert done(s, [key]) == {key}
    with db.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0006_slack_oauth_stores")
    assert scopes() == [old.format(**ids) for _, old, _ in OLD_SCOPES]
    db.upgrade()
