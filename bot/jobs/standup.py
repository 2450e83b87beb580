"""The standup jobs: the day's prompt, one reminder per member, the summary.

Each job hands its posts to delivery.deliver, which claims them all at once and sends them
FAN_OUT at a time, each outcome recorded as it lands. Blocker escalation is its own job
(blockers.py), run after the summary that counts the standups a blocker stayed open.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.blocks import standup as views
from bot.errors import UserError
from bot.jobs import delivery, job, served, speaker
from bot.jobs.delivery import FAN_OUT, Post, RunKey
from bot.runtime import Runtime
from bot.services import profiles
from bot.services import standup_reminders as reminders
from bot.services.project_settings import ProjectSettings, channel_tr
from bot.services.standup_blockers import update_after_standup
from bot.services.standup_summary import (
    compile_rounds,
    open_rounds,
    reminder_candidates,
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
from bot.store.models import StandupRound
from bot.task_cards import update_cards

log = logging.getLogger(__name__)


def post(
    rt: Runtime, team_id: str, message: tuple[str, Any], keys: list[RunKey], **kwargs: Any
) -> str:
    """chat.postMessage as the team's installation, naming its run in `metadata`; the ts."""
    text, blocks = message
    client = speaker(rt, team_id).client
    return client.chat_postMessage(
        text=text, blocks=blocks, metadata=delivery.metadata(keys), **kwargs
    )["ts"]


@job("standup")
def standup(rt: Runtime, now: datetime, *, project_key: str | None = None) -> int:
    """Post the day's prompt in every project whose standup time has come (and summary not yet)."""
    with rt.db.session() as session:
        due = {
            RunKey("standup", d.project.id, d.day.isoformat()): d
            for d in due_standups(session, now, project_key)
        }
        left = delivery.done(session, due)  # skipped for good: not drawn again each minute
        due = {k: d for k, d in due.items() if k not in left}
        messages = {
            pid: views.prompt_message(prompt_view(p), channel_tr(p.project, now))
            for pid, p in prompts(session, [*due.values()]).items()
        }

    def after(session: Session, keys: list[RunKey], ts: str) -> None:
        # With the outcome, so the round points at its message as soon as it is marked posted.
        d = due[keys[0]]
        record_posted(session, d.project, d.day, ts=ts, now=now)

    return delivery.deliver(
        rt,
        [
            Post([key], d.project.team_id, lambda keys, d=d: post(
                rt, d.project.team_id, messages[d.project.id], keys, channel=d.project.channel_id
            ), after)
            for key, d in due.items()
        ],
        now=now,
        width=FAN_OUT,
    )  # fmt: skip


def reminder_key(project_id: int, day: str, user_id: str) -> RunKey:
    return RunKey("standup-reminder", project_id, day, recipient=user_id)


@job("standup-reminder")
def standup_reminder(rt: Runtime, now: datetime, *, project_key: str | None = None) -> int:
    """DM each member who has not answered, once, at the reminder time in their own time zone."""
    with rt.db.session() as session:
        candidates = {
            reminder_key(c.pending.project.id, c.pending.round.day.isoformat(), c.user_id): c
            for c in reminder_candidates(session, now, project_key)
        }
        reminded = delivery.done(session, candidates)
    candidates = {k: c for k, c in candidates.items() if k not in reminded}
    if not candidates:
        return 0
    by_team: dict[str, set[str]] = defaultdict(set)
    for c in candidates.values():
        by_team[c.pending.project.team_id].add(c.user_id)
    live = served(rt, by_team)
    zones: dict[tuple[str, str], str | None] = {}
    for team_id, users in by_team.items():
        if team_id not in live:
            continue
        lookup = speaker(rt, team_id).user_lookup(team_id)
        with rt.db.session() as session:
            found = profiles.time_zones(session, team_id, users, lookup=lookup, now=now)
        zones.update({(team_id, u): tz for u, tz in found.items()})
    due = {}
    for key, c in candidates.items():
        project, day = c.pending.project, c.pending.round.day
        if project.team_id not in live:
            continue
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
            due[key] = c

    def send(keys: list[RunKey]) -> tuple[str, str]:
        c = due[keys[0]]
        project = c.pending.project
        message = views.reminder_message(
            reminder_view(project, c.pending.round.day),
            rt.reader(project.team_id, c.user_id, ProjectSettings.lang_of(project),
                      today=project.today(now)),
        )  # fmt: skip
        text, blocks = message
        sent = speaker(rt, project.team_id).client.chat_postMessage(
            text=text, blocks=blocks, metadata=delivery.metadata(keys), channel=c.user_id
        )
        return sent["channel"], sent["ts"]

    def after(session: Session, keys: list[RunKey], sent: tuple[str, str]) -> None:
        # Where the DM went, so the member's answer turns it into "you answered".
        c = due[keys[0]]
        reminders.remember(
            session, c.pending.round.id, team_id=c.pending.project.team_id, user_id=c.user_id,
            channel=sent[0], ts=sent[1],
        )  # fmt: skip

    return delivery.deliver(
        rt,
        [Post([key], c.pending.project.team_id, send, after) for key, c in due.items()],
        now=now,
        width=FAN_OUT,
    )


def redraw(rt: Runtime, team_id: str, task_ids: set[int], now: datetime) -> None:
    """The cards of tasks a standup blocker marked blocked, redrawn as a command's change redraws
    them; a card Slack will not update is logged."""
    if not task_ids or team_id not in served(rt, [team_id]):
        return
    team = speaker(rt, team_id)
    for task_id in sorted(task_ids):
        try:
            update_cards(team, team_id, [task_id], now=now)
        except (SlackApiError, UserError) as exc:
            log.warning("standup: card of task %s in %s not redrawn: %s", task_id, team_id, exc)


@job("standup-summary")
def standup_summary(rt: Runtime, now: datetime, *, project_key: str | None = None) -> int:
    """Reply in each thread whose summary time has come, with the blockers carried over."""
    with rt.db.session() as session:
        due = {
            RunKey("standup-summary", p.project.id, p.round.day.isoformat()): p
            for p in open_rounds(session, now, project_key)
            if p.summary_at <= now
        }

    # Per team, the tasks a blocker marked blocked (filled by the sending threads).
    blocked: dict[str, set[int]] = {p.project.team_id: set() for p in due.values()}

    def send(keys: list[RunKey]) -> str:
        p = due[keys[0]]
        # Blockers are carried over before the post, so the summary can show them.
        with delivery.writing(rt), rt.db.session() as session:
            replies = replies_by_round(session, [p.round.id])[p.round.id]
            blockers = update_after_standup(
                session, p.project, p.round.day, replies, now, blocked=blocked[p.project.team_id]
            )
            summary = compile_rounds(session, [(p.project, p.round)], {p.round.id: blockers})
        message = views.summary_message(summary_view(summary[0]), channel_tr(p.project, now))
        return post(
            rt, p.project.team_id, message, keys,
            channel=p.round.channel_id, thread_ts=p.round.message_ts,
        )  # fmt: skip

    def after(session: Session, keys: list[RunKey], ts: str) -> None:
        round_ = session.get(StandupRound, due[keys[0]].round.id)
        if round_ is not None:
            round_.summary_ts = ts

    sent = delivery.deliver(
        rt,
        [Post([key], p.project.team_id, send, after) for key, p in due.items()],
        now=now,
        width=FAN_OUT,
    )
    for team_id, task_ids in blocked.items():
        redraw(rt, team_id, task_ids, now)  # blocked whether or not the post went out
    close_reminders(rt, project_key)
    return sent


# A reminder DM Slack will never update: forgotten rather than tried again each run.
GONE = delivery.PERMANENT | {"message_not_found", "cant_update_message", "edit_window_closed"}


def close_reminders(rt: Runtime, project_key: str | None = None) -> None:
    """Unanswered reminder DMs of rounds whose summary is posted say, in place, that the standup
    closed, with no button left; each is then forgotten. A DM Slack could not update for now
    (rate limit, outage) is tried again on the next run."""
    with rt.db.session() as session:
        found = reminders.closed(session, project_key)
    live = served(rt, {c.team_id for c in found})
    done = []
    for c in found:
        if c.team_id not in live:
            continue
        text, blocks = views.reminder_closed(c.view, rt.reader(c.team_id, c.user_id, c.lang))
        try:
            speaker(rt, c.team_id).client.chat_update(
                channel=c.channel, ts=c.ts, text=text, blocks=blocks
            )
        except SlackApiError as exc:
            log.warning("standup reminder %s %s not marked closed: %s", c.channel, c.ts, exc)
            if exc.response.get("error") not in GONE:
                continue
        done.append(c.id)
    if done:
        with rt.db.session() as session:
            reminders.settled(session, done)
