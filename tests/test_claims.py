"""Claims: insert-or-nothing on (job, scope, period), retries of failures, leases, and racing engines."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.jobs.claims import (
    LEASE,
    claim,
    claim_many,
    finish,
    finish_many,
    retry_due,
    settled,
    status,
)
from bot.store.db import Database
from bot.store.models import JobRun

NOW = datetime(2026, 11, 23, 1, 30, tzinfo=UTC)
KEY = dict(job="standup", scope="7", period="2026-11-23")


def take(db: Database, now: datetime = NOW, owner: str = "a") -> bool:
    with db.session() as s:
        return claim(s, **KEY, now=now, owner=owner)


def test_a_period_is_claimed_once_and_posted_stays_posted(db):
    assert take(db)
    assert not take(db, owner="b")
    with db.session() as s:
        finish(s, **KEY, now=NOW)
    assert not take(db, NOW + timedelta(days=1), owner="b")  # even long after any lease
    with db.session() as s:
        assert status(s, **KEY) == "posted"
        assert settled(s, job="standup", scopes=["7", "8"]) == {("7", "2026-11-23")}


def test_a_failed_run_is_taken_again_and_counts_attempts(db):
    assert take(db)
    with db.session() as s:
        finish(s, **KEY, now=NOW, error="ratelimited")
        assert retry_due(s, job="standup", now=NOW + timedelta(minutes=1))
    assert take(db, NOW + timedelta(minutes=1), owner="b")
    assert not take(db, NOW + timedelta(minutes=1), owner="c")
    with db.session() as s:
        run = s.scalar(select(JobRun))
        assert (run.status, run.owner, run.attempts) == ("claimed", "b", 2)
        finish(s, **KEY, now=NOW, error=None, skipped=True)
        assert settled(s, job="standup", scopes=["7"]) == {("7", "2026-11-23")}


def test_a_claim_whose_owner_died_is_taken_over_after_its_lease(db):
    assert take(db, owner="dead")
    assert not take(db, NOW + LEASE - timedelta(seconds=1), owner="alive")
    with db.session() as s:
        assert not retry_due(s, job="standup", now=NOW + LEASE - timedelta(seconds=1))
        assert retry_due(s, job="standup", now=NOW + LEASE + timedelta(seconds=1))
    assert take(db, NOW + LEASE + timedelta(seconds=1), owner="alive")
    with db.session() as s:
        run = s.scalar(select(JobRun))
        assert (run.owner, run.attempts, run.status) == ("alive", 2, "claimed")
    # …and the new owner holds a fresh lease.
    assert not take(db, NOW + LEASE + timedelta(minutes=2), owner="third")


def test_old_failures_stop_asking_for_retries(db):
    take(db)
    with db.session() as s:
        finish(s, **KEY, now=NOW, error="boom")
        assert not retry_due(s, job="standup", now=NOW + timedelta(days=2))


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
                    won = claim(
                        s, job="digest", scope="1", period=f"W{round_}", now=NOW, owner=f"p{i}"
                    )
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
    keys = [("a", "1"), ("b", "1"), ("c", "1"), ("d", "1")]
    with db.session() as s:
        assert claim_many(s, job="deviations", keys=keys[:2], now=NOW, owner="x") == keys[:2]
        finish_many(s, job="deviations", keys=[("a", "1")], now=NOW)
        finish_many(s, job="deviations", keys=[("b", "1")], now=NOW, error="boom")
    with db.session() as s:
        # a is posted, b failed (taken again), c and d are new.
        won = claim_many(s, job="deviations", keys=list(reversed(keys)), now=NOW, owner="y")
    assert won == keys[1:]
    with db.session() as s:
        assert claim_many(s, job="deviations", keys=keys, now=NOW, owner="z") == []
        later = NOW + LEASE + timedelta(seconds=1)  # y died holding b, c and d
        assert claim_many(s, job="deviations", keys=keys, now=later, owner="z") == keys[1:]
