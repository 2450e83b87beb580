"""The standup jobs: the day's prompt, one reminder per member, the summary and blocker escalation.

Each job claims all its posts at once (claims.claim_many) in a committed transaction, then sends
them FAN_OUT at a time, each outcome committed as it lands (claims.deliver), so every post
happens once across ticks, restarts and replicas: a failed one is retaken on the next tick, one
that can never succeed (claims.PERMANENT) is skipped.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.blocks import standup as views
from bot.i18n import Tr
from bot.jobs import claims, job
from bot.runtime import Runtime
from bot.services import alert_hours, profiles
from bot.services.project_settings import ProjectSettings
from bot.services.standup_blockers import (
    due_escalations,
    escalation_view,
    owners_of,
    update_after_standup,
)
from bot.services.standup_summary import (
    compile_rounds,
    open_rounds,
    reminder_candidates,
    reminder_scope,
    replies_by_round,
    summary_view,
)
from bot.services.standups import (
    due_standups,
    prompt_view,
    prompts,
    record_posted,
    reminder_view,
)
from bot.store.models import Blocker, StandupRound

log = logging.getLogger(__name__)
T = TypeVar("T")
Key = tuple[str, str]  # (scope, period) of a claims run

FAN_OUT = 8  # posts in flight at once: a 429's back-off then stalls one post, not the whole tick


def _claim(
    rt: Runtime,
    session: Session,
    name: str,
    now: datetime,
    items: dict[Key, T],
    team: Callable[[T], str],
) -> dict[Key, T]:
    """The items whose key this caller won, in their order; one claim_many per installed team."""
    keys: dict[str, list[Key]] = defaultdict(list)
    for key, item in items.items():
        keys[team(item)].append(key)
    live = claims.served(rt, keys)
    won = {
        k
        for team_id, some in keys.items()
        if team_id in live
        for k in claims.claim_many(session, job=name, keys=some, now=now, team_id=team_id)
    }
    return {k: item for k, item in items.items() if k in won}


def _send_all(
    rt: Runtime,
    name: str,
    now: datetime,
    won: dict[Key, T],
    send: Callable[[T], str],
    after: Callable[[Session, T, str], None] | None = None,
    width: int = FAN_OUT,
) -> int:
    """Send each claimed item, `width` at a time; returns how many were posted. Never raises."""

    def one(key: Key) -> bool:
        item = won[key]
        try:
            return bool(
                claims.deliver(
                    rt, job=name, keys=[key], now=now, send=lambda _keys: send(item),
                    after=None if after is None else lambda s, _keys, ts: after(s, item, ts),
                )
            )  # fmt: skip
        except Exception:  # the post went out but its record failed: loud, and the tick goes on
            log.exception("recording %s %s failed; its claim will be retaken", name, key)
            return False

    if width <= 1 or len(won) <= 1:
        return sum(map(one, won))
    with ThreadPoolExecutor(min(width, len(won)), "teamtrack-post") as pool:
        return sum(pool.map(one, won))


def _post(rt: Runtime, team_id: str, message: tuple[str, Any], **kwargs: Any) -> str:
    text, blocks = message
    client = claims.speaker(rt, team_id).client
    return client.chat_postMessage(text=text, blocks=blocks, **kwargs)["ts"]


@job("standup")
def standup(rt: Runtime, now: datetime, *, project_key: str | None = None) -> int:
    """Post the day's prompt in every project whose standup time has come (and summary not yet)."""
    with rt.db.session() as session:
        due = {
            (f"project:{d.project.id}", d.day.isoformat()): d
            for d in due_standups(session, now, project_key)
        }
        won = _claim(rt, session, "standup", now, due, lambda d: d.project.team_id)
        messages = {
            pid: views.prompt_message(prompt_view(p), Tr(ProjectSettings.lang_of(p.project)))
            for pid, p in prompts(session, [*won.values()]).items()
        }

    def after(session: Session, d, ts: str) -> None:
        # With the outcome, so the round points at its message as soon as it is marked posted.
        record_posted(session, d.project, d.day, ts=ts, now=now)

    return _send_all(
        rt, "standup", now, won,
        lambda d: _post(
            rt, d.project.team_id, messages[d.project.id], channel=d.project.channel_id,
            metadata=claims.run_metadata("standup", [(f"project:{d.project.id}", d.day.isoformat())]),
        ),
        after,
    )  # fmt: skip


def _lookup(rt: Runtime, team_id: str):
    def lookup(user_id: str) -> dict[str, Any] | None:
        try:
            found = rt.client.users_info(user=user_id, include_locale=True)["user"]
            rt.locales.learn(team_id, user_id, found.get("locale"))  # the reminder's language
            return found
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
    live = claims.served(rt, by_team)
    candidates = [c for c in candidates if c.pending.project.team_id in live]
    zones: dict[tuple[str, str], str | None] = {}
    for team_id, users in by_team.items():
        if team_id not in live:
            continue
        lookup = _lookup(claims.speaker(rt, team_id), team_id)
        with rt.db.session() as session:
            found = profiles.time_zones(session, team_id, users, lookup=lookup, now=now)
        zones.update({(team_id, u): tz for u, tz in found.items()})
    due = {}
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
            due[(reminder_scope(project.id, c.user_id), day.isoformat())] = c
    with rt.db.session() as session:
        won = _claim(rt, session, "standup-reminder", now, due, lambda c: c.pending.project.team_id)
    return _send_all(
        rt, "standup-reminder", now, won,
        lambda c: _post(
            rt,
            c.pending.project.team_id,
            views.reminder_message(
                reminder_view(c.pending.project, c.pending.round.day),
                rt.reader(c.pending.project.team_id, c.user_id,
                          ProjectSettings.lang_of(c.pending.project)),
            ),
            channel=c.user_id,
        ),
    )  # fmt: skip


@job("standup-summary")
def standup_summary(rt: Runtime, now: datetime, *, project_key: str | None = None) -> int:
    """Reply in each thread whose summary time has come; fold in blockers; escalate old ones."""
    with rt.db.session() as session:
        due = {
            (f"project:{p.project.id}", p.round.day.isoformat()): p
            for p in open_rounds(session, now, project_key)
            if p.summary_at <= now
        }
        won = _claim(rt, session, "standup-summary", now, due, lambda p: p.project.team_id)

    def send(p) -> str:
        # Blockers are carried over before the post, so the summary can show them.
        with claims.writing(rt), rt.db.session() as session:
            replies = replies_by_round(session, [p.round.id])[p.round.id]
            blockers = update_after_standup(session, p.project, p.round.day, replies, now)
            summary = compile_rounds(session, [(p.project, p.round)], {p.round.id: blockers})
        return _post(
            rt,
            p.project.team_id,
            views.summary_message(summary_view(summary[0]), Tr(ProjectSettings.lang_of(p.project))),
            channel=p.round.channel_id,
            thread_ts=p.round.message_ts,
        )

    def after(session: Session, p, ts: str) -> None:
        round_ = session.get(StandupRound, p.round.id)
        if round_ is not None:
            round_.summary_ts = ts

    posted = _send_all(rt, "standup-summary", now, won, send, after)
    return posted + escalate(rt, now, project_key=project_key)


def escalate(rt: Runtime, now: datetime, *, project_key: str | None = None) -> int:
    """DM the owners about blockers open `blocker_standups` standups in a row, once per owner.

    An escalation is an alert: it goes out only inside the project's alert window (alert_hours),
    so one due by a summary caught up at night waits for the next working morning.
    """
    with rt.db.session() as session:
        due = [
            (b, p) for b, p in due_escalations(session, project_key) if alert_hours.is_open(p, now)
        ]
        owners = owners_of(session, [p.id for _, p in due])
        work = {
            (f"blocker:{b.id}:user:{o}", "open"): (b, p, o)
            for b, p in due
            for o in owners.get(p.id, [])
        }
        won = _claim(rt, session, "blocker-escalation", now, work, lambda w: w[1].team_id)
    posted = _send_all(
        rt, "blocker-escalation", now, won,
        lambda w: _post(
            rt, w[1].team_id,
            views.escalation_message(
                escalation_view(w[1], w[0]),
                rt.reader(w[1].team_id, w[2], ProjectSettings.lang_of(w[1])),
            ),
            channel=w[2],
        ),
        width=1,  # few, and one owner's DMs arrive in blocker order
    )  # fmt: skip
    if due:
        _mark_escalated(rt, now, {b.id: owners.get(p.id, []) for b, p in due})
    return posted


def _mark_escalated(rt: Runtime, now: datetime, owners_by_blocker: dict[int, list[str]]) -> None:
    """A blocker is escalated once every owner's DM went out (whichever process sent it)."""
    scopes = [f"blocker:{b}:user:{o}" for b, os in owners_by_blocker.items() for o in os]
    with rt.db.session() as session:
        sent = {s for s, _ in claims.settled(session, job="blocker-escalation", scopes=scopes)}
        for blocker_id, owners in owners_by_blocker.items():
            if not owners:
                log.warning("blocker %s has no project owner to escalate to", blocker_id)
            if all(f"blocker:{blocker_id}:user:{o}" in sent for o in owners):
                blocker = session.get(Blocker, blocker_id)
                if blocker is not None:
                    blocker.escalated_at = now
