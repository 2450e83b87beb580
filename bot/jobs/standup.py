"""The standup jobs: the day's prompt, one reminder per member, the summary and blocker escalation.

Each post is claimed first (bot.jobs.claims) in a committed transaction, then posted, then
finished in another, so it happens once across ticks, restarts and replicas; a failed post is
marked failed and taken again on the next tick.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from slack_sdk.errors import SlackApiError
from sqlalchemy import select, tuple_, update
from sqlalchemy.orm import Session

from bot.blocks import standup as views
from bot.jobs import claims, job
from bot.runtime import Runtime
from bot.services import profiles
from bot.services.standup_blockers import due_escalations, owners_of, update_after_standup
from bot.services.standup_summary import (
    compile_rounds,
    open_rounds,
    reminder_candidates,
    reminder_scope,
    replies_by_round,
)
from bot.services.standups import due_standups, prompts, record_posted
from bot.store.models import Blocker, JobRun, StandupRound

log = logging.getLogger(__name__)
T = TypeVar("T")


FAN_OUT = 8  # posts in flight at once: a 429's back-off then stalls one post, not the whole tick


# The posts run in parallel; on SQLite their bookkeeping takes turns (one writer at a time),
# PostgreSQL takes it in parallel.
_sqlite_writer = threading.Lock()


def _record(rt: Runtime) -> AbstractContextManager[object]:
    return _sqlite_writer if rt.db.is_sqlite else nullcontext()


def _each(fn: Callable[[T], bool], items: list[T]) -> int:
    """Run `fn` over items on a few threads; returns how many returned True. Never raises."""

    def safe(item: T) -> bool:
        try:
            return fn(item)
        except Exception:  # the post went out but its record failed: loud, and the tick goes on
            log.exception("recording a scheduled post failed; its claim will be retaken")
            return False

    if len(items) <= 1:
        return sum(1 for item in items if safe(item))
    with ThreadPoolExecutor(min(FAN_OUT, len(items)), "teamtrack-post") as pool:
        return sum(1 for ok in pool.map(safe, items) if ok)


def _post(rt: Runtime, **kwargs: Any) -> str:
    return rt.client.chat_postMessage(**kwargs)["ts"]


def _finish(rt: Runtime, now: datetime, exc: Exception | None = None, **key: str) -> None:
    with _record(rt), rt.db.session() as session:
        if exc is None:
            claims.finish(session, now=now, **key)
            return
        error, permanent = _error(exc)
        if permanent:  # retrying cannot help; the claim stops being retaken
            log.info("%s %s skipped for good: %s", key["job"], key["scope"], error)
            claims.finish(session, now=now, error=error, skipped=True, **key)
        else:
            claims.finish(session, now=now, error=error, **key)


def _claim_all(
    session: Session,
    job_name: str,
    items: list[T],
    key: Callable[[T], tuple[str, str, str]],
    now: datetime,
) -> list[T]:
    """Claim (scope, period, team) per item; returns the items this caller won.

    `claims.claim`'s answer is checked against the row: on PostgreSQL the driver reports
    INSERT … ON CONFLICT DO NOTHING's row count as -1, so the answer is True for rows another
    process holds, and a failed or expired run is never retaken there; `_retake` does that.
    """
    said = [
        item
        for item in items
        if claims.claim(
            session, job=job_name, scope=key(item)[0], period=key(item)[1], now=now,
            team_id=key(item)[2],
        )
    ]  # fmt: skip
    retaken = _retake(session, job_name, sorted({key(i)[:2] for i in items}), now)
    if not said and not retaken:
        return []
    rows = (
        session.execute(
            select(
                JobRun.scope, JobRun.period, JobRun.owner, JobRun.status, JobRun.claimed_at
            ).where(JobRun.job == job_name, JobRun.scope.in_({key(i)[0] for i in said}))
        )
        if said
        else []
    )
    held = {
        (scope, period)
        for scope, period, owner, status, claimed_at in rows
        if owner == claims.OWNER and status == "claimed" and claimed_at == now
    }
    said_ids = {id(i) for i in said}
    return [i for i in items if key(i)[:2] in retaken or (id(i) in said_ids and key(i)[:2] in held)]


def _retake(
    session: Session, job_name: str, keys: list[tuple[str, str]], now: datetime
) -> set[tuple[str, str]]:
    # The same rule as claims.claim (failed, or claimed with its lease run out); RETURNING says
    # exactly which rows this caller took.
    if not keys:
        return set()
    rows = session.execute(
        update(JobRun)
        .where(
            JobRun.job == job_name,
            tuple_(JobRun.scope, JobRun.period).in_(keys),
            (JobRun.status == "failed")
            | ((JobRun.status == "claimed") & (JobRun.lease_until < now)),
        )
        .values(
            status="claimed",
            owner=claims.OWNER,
            attempts=JobRun.attempts + 1,
            claimed_at=now,
            lease_until=now + claims.LEASE,
        )
        .returning(JobRun.scope, JobRun.period)
    )
    return {(scope, period) for scope, period in rows}


def _error(exc: Exception) -> tuple[str, bool]:
    """The error to record, and whether no retry can fix it (the user left, the channel is gone)."""
    code = exc.response.get("error") if isinstance(exc, SlackApiError) else None
    return str(exc) or type(exc).__name__, code in getattr(claims, "PERMANENT", ())


@job("standup")
def standup(rt: Runtime, now: datetime, *, project_key: str | None = None) -> int:
    """Post the day's prompt in every project whose standup time has come (and summary not yet)."""
    with rt.db.session() as session:
        due = due_standups(session, now, project_key)
        claimed = _claim_all(
            session,
            "standup",
            due,
            lambda d: (f"project:{d.project.id}", d.day.isoformat(), d.project.team_id),
            now,
        )
        messages = {pid: views.prompt_message(p) for pid, p in prompts(session, claimed).items()}

    def post(d) -> bool:
        key = {"job": "standup", "scope": f"project:{d.project.id}", "period": d.day.isoformat()}
        try:
            text, blocks = messages[d.project.id]
            ts = _post(rt, channel=d.project.channel_id, text=text, blocks=blocks)
        except Exception as exc:
            log.warning("standup of %s on %s not posted: %s", d.project.key, d.day, exc)
            _finish(rt, now, exc, **key)
            return False
        with _record(rt), rt.db.session() as session:
            record_posted(session, d.project, d.day, ts=ts, now=now)
            claims.finish(session, now=now, **key)
        return True

    return _each(post, claimed)


def _lookup(rt: Runtime):
    def lookup(user_id: str) -> dict[str, Any] | None:
        try:
            return rt.client.users_info(user=user_id)["user"]
        except SlackApiError as exc:
            if exc.response.get("error") in ("user_not_found", "users_not_found"):
                return None
            raise

    return lookup


@job("standup-reminder")
def standup_reminder(rt: Runtime, now: datetime, *, project_key: str | None = None) -> int:
    """DM each member who has not answered, once, at the reminder time in their own time zone."""
    with rt.db.session() as session:
        candidates = reminder_candidates(session, now, project_key)
    if not candidates:
        return 0
    by_team: dict[str, set[str]] = defaultdict(set)
    for c in candidates:
        by_team[c.pending.project.team_id].add(c.user_id)
    zones: dict[tuple[str, str], str | None] = {}
    for team_id, users in by_team.items():
        with rt.db.session() as session:
            found = profiles.time_zones(session, team_id, users, lookup=_lookup(rt), now=now)
        zones.update({(team_id, u): tz for u, tz in found.items()})
    due = []
    for c in candidates:
        project, day = c.pending.project, c.pending.round.day
        if (project.team_id, c.user_id) not in zones:
            log.info(
                "no standup reminder for %s in %s on %s this time: users.info failed",
                c.user_id,
                project.key,
                day,
            )
            continue
        tz = zones[(project.team_id, c.user_id)]
        if tz is None:  # left the workspace: profiles logged it when it found out
            log.debug("no standup reminder for %s: not in the workspace", c.user_id)
            continue
        remind_at = datetime.combine(day, c.pending.settings.reminder_time, tzinfo=ZoneInfo(tz))
        if remind_at <= now:
            due.append(c)
    with rt.db.session() as session:
        claimed = _claim_all(
            session,
            "standup-reminder",
            due,
            lambda c: (
                reminder_scope(c.pending.project.id, c.user_id),
                c.pending.round.day.isoformat(),
                c.pending.project.team_id,
            ),
            now,
        )

    def post(c) -> bool:
        key = {
            "job": "standup-reminder",
            "scope": reminder_scope(c.pending.project.id, c.user_id),
            "period": c.pending.round.day.isoformat(),
        }
        try:
            text, blocks = views.reminder_message(c.pending.project, c.pending.round.day)
            _post(rt, channel=c.user_id, text=text, blocks=blocks)
        except Exception as exc:
            log.warning("standup reminder to %s not sent: %s", c.user_id, exc)
            _finish(rt, now, exc, **key)
            return False
        _finish(rt, now, **key)
        return True

    return _each(post, claimed)


@job("standup-summary")
def standup_summary(rt: Runtime, now: datetime, *, project_key: str | None = None) -> int:
    """Reply in each thread whose summary time has come; fold in blockers; escalate old ones."""
    with rt.db.session() as session:
        due = [p for p in open_rounds(session, now, project_key) if p.summary_at <= now]
        claimed = _claim_all(
            session,
            "standup-summary",
            due,
            lambda p: (f"project:{p.project.id}", p.round.day.isoformat(), p.project.team_id),
            now,
        )

    def post(p) -> bool:
        key = {
            "job": "standup-summary",
            "scope": f"project:{p.project.id}",
            "period": p.round.day.isoformat(),
        }
        try:
            with _record(rt), rt.db.session() as session:
                replies = replies_by_round(session, [p.round.id])[p.round.id]
                blockers = update_after_standup(session, p.project, p.round.day, replies, now)
                summary = compile_rounds(session, [(p.project, p.round)], {p.round.id: blockers})
            text, blocks = views.summary_message(summary[0])
            ts = _post(
                rt,
                channel=p.round.channel_id,
                thread_ts=p.round.message_ts,
                text=text,
                blocks=blocks,
            )
        except Exception as exc:
            log.warning(
                "standup summary of %s on %s not posted: %s", p.project.key, p.round.day, exc
            )
            _finish(rt, now, exc, **key)
            return False
        with _record(rt), rt.db.session() as session:
            round_ = session.get(StandupRound, p.round.id)
            if round_ is not None:
                round_.summary_ts = ts
            claims.finish(session, now=now, **key)
        return True

    return _each(post, claimed) + escalate(rt, now, project_key=project_key)


def escalate(rt: Runtime, now: datetime, *, project_key: str | None = None) -> int:
    """DM the owners about blockers open `blocker_standups` standups in a row, once per owner."""
    with rt.db.session() as session:
        due = due_escalations(session, project_key)
        owners = owners_of(session, [p.id for _, p in due])
        work = _claim_all(
            session,
            "blocker-escalation",
            [
                (blocker, project, owner, f"blocker:{blocker.id}:user:{owner}")
                for blocker, project in due
                for owner in owners.get(project.id, [])
            ],
            lambda w: (w[3], "open", w[1].team_id),
            now,
        )
    posted = 0
    for blocker, project, owner, scope in work:
        key = {"job": "blocker-escalation", "scope": scope, "period": "open"}
        try:
            text, blocks = views.escalation_message(project, blocker, blocker.standups_open)
            _post(rt, channel=owner, text=text, blocks=blocks)
        except Exception as exc:
            log.warning("escalation of blocker %s to %s not sent: %s", blocker.id, owner, exc)
            _finish(rt, now, exc, **key)
            continue
        _finish(rt, now, **key)
        posted += 1
    if due:
        _mark_escalated(rt, now, {b.id: owners.get(p.id, []) for b, p in due})
    return posted


def _mark_escalated(rt: Runtime, now: datetime, owners_by_blocker: dict[int, list[str]]) -> None:
    """A blocker is escalated once every owner's DM went out (whichever process sent it)."""
    scopes = {f"blocker:{b}:user:{o}" for b, os in owners_by_blocker.items() for o in os}
    with rt.db.session() as session:
        sent = (
            set(
                session.scalars(
                    select(JobRun.scope).where(
                        JobRun.job == "blocker-escalation",
                        JobRun.scope.in_(scopes),
                        JobRun.status.in_(("posted", "skipped")),
                    )
                )
            )
            if scopes
            else set()
        )
        for blocker_id, owners in owners_by_blocker.items():
            if not owners:
                log.warning("blocker %s has no project owner to escalate to", blocker_id)
            if all(f"blocker:{blocker_id}:user:{o}" in sent for o in owners):
                blocker = session.get(Blocker, blocker_id)
                if blocker is not None:
                    blocker.escalated_at = now
