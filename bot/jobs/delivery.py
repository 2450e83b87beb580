"""Delivery: every scheduled post goes claim → post → record here, once across ticks, replicas and `jobs run`.

A post is named by its RunKey. Its `job_runs` row is claimed in a committed transaction before
anything is sent, so another replica, a later tick or a `jobs run` skips it; the outcome is
recorded after: posted, failed (claimed again by the next tick) or skipped (can never succeed).
A claim holds a lease on the wall clock, never on the job's `now`: a `jobs run --at <past>` is
as protected as a tick, and a claim whose process died is taken over once its lease ran out.

What is guaranteed without reading channel history: nothing is lost (a send that fails or whose
answer is lost is marked failed and sent again on a later tick), and a post is doubled at most
once per lost answer: Slack has no idempotency key, so a post Slack performed but whose answer
never came back (slack_sdk's connection retry, or the next tick) goes out again.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from slack_sdk.errors import SlackApiError
from sqlalchemy import select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.clock import Clock, system_clock
from bot.jobs import served
from bot.jobs.run_key import RunKey
from bot.store.models import JobRun

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)
T = TypeVar("T")

DONE = ("posted", "skipped")
LEASE = timedelta(minutes=5)
# Errors no retry can fix (someone left, a channel was archived): logged and skipped, not retried.
PERMANENT = frozenset(
    {
        "user_not_found", "account_inactive", "user_disabled", "cannot_dm_bot",
        "channel_not_found", "is_archived", "not_in_channel", "invalid_blocks", "msg_too_long",
    }
)  # fmt: skip
# A failed post is retried on the following ticks for this long after it last failed.
RETRY_WINDOW = timedelta(hours=6)
OWNER = f"{socket.gethostname()}:{os.getpid()}"
CHUNK = 300  # keys per statement (three parameters each): under every backend's limit
FAN_OUT = 8  # posts in flight at once: a 429's back-off then stalls one post, not the whole tick
WAVE = 4  # posts claimed at once per post in flight: each is sent well inside its lease
# SQLite has one writer: this process's threads take turns rather than busy-wait on its file lock.
_sqlite_writer = threading.RLock()


@dataclass
class Post(Generic[T]):
    """One message (or upload) to send; `keys` are the runs it delivers (a deviations message
    carries several), `send` gets those this caller won, `after` stores what it returned
    (e.g. the message ts) in the transaction that records it posted."""

    keys: list[RunKey]
    team_id: str | None
    send: Callable[[list[RunKey]], T]
    after: Callable[[Session, list[RunKey], T], None] | None = None


def deliver(
    rt: Runtime, posts: Iterable[Post[Any]], *, now: datetime, width: int = 1,
    wall: Clock = system_clock,
) -> int:  # fmt: skip
    """Claim the posts' keys, send what this caller won (`width` at a time), record each outcome
    as it lands; returns how many were sent. Never raises for a post that failed.

    Claims are taken a wave of WAVE × `width` posts at a time, the next wave once the last one's
    backlog is down to the posts in flight: a long run never sends a post whose lease ran out
    while it waited its turn, and a slow post (a 429's back-off) never holds the others up."""
    posts = [p for p in posts if p.keys]
    live = served(rt, {p.team_id for p in posts})
    posts = [p for p in posts if p.team_id in live]  # uninstalled: nothing claimed or posted
    size = WAVE * max(width, 1)
    waves = (posts[i : i + size] for i in range(0, len(posts), size))
    if width <= 1:
        return sum(_one(rt, item, now) for wave in waves for item in _claimed(rt, wave, now, wall))
    sent = 0
    with ThreadPoolExecutor(width, "teamtrack-post") as pool:
        pending: set[Future[bool]] = set()
        for wave in waves:
            pending |= {pool.submit(_one, rt, item, now) for item in _claimed(rt, wave, now, wall)}
            while len(pending) > width:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                sent += sum(f.result() for f in finished)
        sent += sum(f.result() for f in wait(pending).done)
    return sent


def _claimed(
    rt: Runtime, posts: list[Post[Any]], now: datetime, wall: Clock
) -> list[tuple[Post[Any], list[RunKey]]]:
    """The posts of which this caller won some keys, with those keys, in the posts' order."""
    keys: dict[str | None, list[RunKey]] = defaultdict(list)
    for p in posts:
        keys[p.team_id].extend(p.keys)
    with writing(rt), rt.db.session() as session:
        won = set()
        # Teams in one order too, so racing replicas take every row in the same order.
        for team_id, some in sorted(keys.items(), key=lambda kv: kv[0] or ""):
            won |= claim(session, some, now=now, team_id=team_id, wall=wall)
    todo = [(p, [k for k in p.keys if k in won]) for p in posts]
    return [(p, mine) for p, mine in todo if mine]


def _one(rt: Runtime, item: tuple[Post[Any], list[RunKey]], now: datetime) -> bool:
    try:
        return _send(rt, *item, now=now)
    except Exception:  # the post went out but its record failed: loud, and the tick goes on
        log.exception("recording %s failed; its claim will be taken again", item[1][0])
        return False


def _send(rt: Runtime, post: Post[Any], keys: list[RunKey], *, now: datetime) -> bool:
    try:
        result = post.send(keys)
    except Exception as exc:
        code = exc.response.get("error") if isinstance(exc, SlackApiError) else None
        skipped = code in PERMANENT
        if skipped:
            log.info("%s skipped: Slack says %s", keys[0], code)
        else:
            log.warning("%s failed (%s); tried again on the next tick", keys[0], exc)
        with writing(rt), rt.db.session() as session:
            record(session, keys, now=now, error=repr(exc), skipped=skipped)
        return False
    with writing(rt), rt.db.session() as session:
        record(session, keys, now=now)
        if post.after is not None:
            post.after(session, keys, result)
    return True


def settle(rt: Runtime, keys: list[RunKey], *, now: datetime, team_id: str | None) -> None:
    """Record runs done that send nothing themselves (e.g. "every recipient has it")."""
    deliver(rt, [Post(keys, team_id, lambda _keys: None)], now=now)


def periodic(
    rt: Runtime, key: RunKey, *, now: datetime, work: Callable[[], int], retry: str
) -> int:
    """Do `work` once per `key` (e.g. a sweep once an hour) and in between only while a run of
    job `retry` failed recently, to retry it; returns what `work` returns, 0 when not its turn."""
    with writing(rt), rt.db.session() as session:
        held = bool(claim(session, [key], now=now))
        if not held and not retry_due(session, job=retry, now=now):
            return 0
    try:
        done = work()
    except Exception as exc:
        if held:
            with writing(rt), rt.db.session() as session:
                record(session, [key], now=now, error=repr(exc))
        raise
    if held:
        with writing(rt), rt.db.session() as session:
            record(session, [key], now=now)
    return done


def metadata(keys: list[RunKey]) -> dict[str, Any]:
    """chat.postMessage `metadata` naming the run a scheduled post belongs to, for traceability."""
    return {
        "event_type": "teamtrack_run",
        "event_payload": {"job": keys[0].job, "key": str(keys[0])},
    }


# -- the job_runs rows --------------------------------------------------------------------------


def writing(rt: Runtime) -> AbstractContextManager[object]:
    """Hold while writing from several threads: one at a time on SQLite, no-op on PostgreSQL."""
    return _sqlite_writer if rt.db.is_sqlite else nullcontext()


def claim(
    session: Session, keys: Iterable[RunKey], *, now: datetime, team_id: str | None = None,
    owner: str = OWNER, lease: timedelta = LEASE, wall: Clock = system_clock,
) -> set[RunKey]:  # fmt: skip
    """Take the runs: the keys this caller must now send. A new key is inserted (or nothing, if
    another process got there first); a failed run is taken again; a claim whose owner died is
    taken over once its lease ran out. The lease is `wall()` + `lease`, whatever `now` says."""
    # One order everywhere, so racing replicas never deadlock.
    ordered = sorted(set(keys), key=lambda k: k.row)
    at = wall()
    won: set[RunKey] = set()
    for i in range(0, len(ordered), CHUNK):
        won |= _claim_chunk(session, ordered[i : i + CHUNK], now, team_id, owner, at, at + lease)
    return won


def _claim_chunk(
    session: Session, keys: list[RunKey], now: datetime, team_id: str | None, owner: str,
    at: datetime, until: datetime,
) -> set[RunKey]:  # fmt: skip
    by_row = {k.row: k for k in keys}
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    rows = [
        dict(team_id=team_id, job=job, scope=scope, period=period, status="claimed", owner=owner,
             attempts=1, claimed_at=now, lease_until=until)
        for job, scope, period in by_row
    ]  # fmt: skip
    won = _rows(
        session.execute(
            dialect.insert(JobRun)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["job", "scope", "period"])
            .returning(JobRun.job, JobRun.scope, JobRun.period)
        )
    )
    rest = [row for row in by_row if row not in won]
    if rest:
        # Taken again: failed, or claimed by a process whose lease (on the wall clock) ran out.
        won |= _rows(
            session.execute(
                update(JobRun)
                .where(
                    tuple_(JobRun.job, JobRun.scope, JobRun.period).in_(rest),
                    (JobRun.status == "failed")
                    | ((JobRun.status == "claimed") & (JobRun.lease_until < at)),
                )
                .values(
                    status="claimed",
                    owner=owner,
                    attempts=JobRun.attempts + 1,
                    claimed_at=now,
                    lease_until=until,
                )  # fmt: skip
                .returning(JobRun.job, JobRun.scope, JobRun.period)
                .execution_options(synchronize_session=False)
            )
        )
    return {by_row[row] for row in won}


def _rows(result: Any) -> set[tuple[str, str, str]]:
    return {(job, scope, period) for job, scope, period in result}


def record(
    session: Session, keys: list[RunKey], *, now: datetime, error: str | None = None,
    skipped: bool = False,
) -> None:  # fmt: skip
    """Mark the runs posted, failed (taken again on the next tick) or skipped (can never succeed)."""
    rows = [k.row for k in keys]
    for i in range(0, len(rows), CHUNK):
        session.execute(
            update(JobRun)
            .where(tuple_(JobRun.job, JobRun.scope, JobRun.period).in_(rows[i : i + CHUNK]))
            .values(
                status="skipped" if skipped else "failed" if error else "posted",
                finished_at=now,
                error=error[:2000] if error else None,
            )
            .execution_options(synchronize_session=False)
        )


def done(session: Session, keys: Iterable[RunKey]) -> set[RunKey]:
    """The keys already posted (or skipped), in one query per few hundred."""
    by_row = {k.row: k for k in keys}
    rows = list(by_row)
    found: set[RunKey] = set()
    for i in range(0, len(rows), CHUNK):
        found.update(
            by_row[row]
            for row in _rows(
                session.execute(
                    select(JobRun.job, JobRun.scope, JobRun.period).where(
                        tuple_(JobRun.job, JobRun.scope, JobRun.period).in_(rows[i : i + CHUNK]),
                        JobRun.status.in_(DONE),
                    )
                )
            )
        )
    return found


def retry_due(
    session: Session, *, job: str, now: datetime, window: timedelta = RETRY_WINDOW,
    wall: Clock = system_clock,
) -> bool:  # fmt: skip
    """Whether a run of `job` failed recently, or was left claimed by a process that died."""
    failed = (JobRun.status == "failed") & (JobRun.finished_at >= now - window)
    orphaned = (
        (JobRun.status == "claimed")
        & (JobRun.lease_until < wall())
        & (JobRun.claimed_at >= now - window - LEASE)
    )
    return (
        session.scalar(select(JobRun.id).where(JobRun.job == job, failed | orphaned).limit(1))
        is not None
    )
