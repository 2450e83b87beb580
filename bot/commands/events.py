"""Message events: replies in a standup thread are stored; edits update them, deletions drop them.
`user_change` (a person changed their profile, their language among it) forgets their kept locale.

Slack's redeliveries never reach here twice: the app's middleware drops a repeated `event_id`.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App

from bot.commands.standup_answered import settle_reminders
from bot.services import standup_reminders as reminders
from bot.services.standup_replies import (
    forget,
    has_words,
    is_participant,
    read_text,
    round_for_thread,
    store,
)
from bot.store.models import Project
from bot.tenancy import owning_team

log = logging.getLogger(__name__)

NEW = (None, "thread_broadcast", "file_share")


def on_message(body: dict[str, Any], event: dict[str, Any], context) -> None:
    rt = context["rt"]
    subtype = event.get("subtype")
    team_id = owning_team(context, body)
    channel = event.get("channel") or ""
    if subtype in NEW:
        _upsert(rt, team_id, channel, event)
    elif subtype == "message_changed":
        _upsert(rt, team_id, channel, event.get("message") or {}, edited=True)
    elif subtype == "message_deleted":
        previous = event.get("previous_message") or {}
        _drop(rt, team_id, channel, previous)


def _thread_of(message: dict[str, Any]) -> str | None:
    thread_ts = message.get("thread_ts")
    return thread_ts if thread_ts and thread_ts != message.get("ts") else None


def _upsert(
    rt, team_id: str, channel: str, message: dict[str, Any], *, edited: bool = False
) -> None:
    thread_ts, user_id, ts = _thread_of(message), message.get("user"), message.get("ts")
    if not thread_ts or not user_id or not ts or message.get("bot_id"):
        return  # not a human's thread reply
    with rt.db.session() as session:
        round_ = round_for_thread(session, team_id, channel, thread_ts)
        if round_ is None:
            return  # a thread that is not a standup: none of our business
        text = message.get("text") or ""
        if not has_words(text):
            what = "a file" if message.get("files") else "only emoji"
            if edited and forget(session, round_, user_id=user_id, source_ts=ts):
                log.info("standup reply %s edited down to %s; dropped", ts, what)
            else:
                log.info("standup reply %s from %s is %s; not stored", ts, user_id, what)
            return
        if not is_participant(session, round_.project_id, user_id):
            key = session.get(Project, round_.project_id).key  # type: ignore[union-attr]
            log.info("thread reply from %s, who is not a member of %s; not stored", user_id, key)
            return
        try:
            answer = read_text(text)
        except Exception:
            answer = read_text(text[:3000])
        store(session, round_, user_id=user_id, source_ts=ts, answer=answer, now=rt.clock())
        reminded = reminders.answered(session, round_, user_id)
    if reminded is not None:  # once the answer is stored: their reminder DM says so
        rt.defer(settle_reminders(rt, team_id, user_id, reminded))


def _drop(rt, team_id: str, channel: str, message: dict[str, Any]) -> None:
    thread_ts, user_id, ts = _thread_of(message), message.get("user"), message.get("ts")
    if not thread_ts or not user_id or not ts:
        return
    with rt.db.session() as session:
        round_ = round_for_thread(session, team_id, channel, thread_ts)
        if round_ is not None:
            forget(session, round_, user_id=user_id, source_ts=ts)


def on_user_change(body: dict[str, Any], event: dict[str, Any], context) -> None:
    """Someone's profile changed, perhaps their language: read it again next time they are written to."""
    user = event.get("user") or {}
    if not isinstance(user, dict) or not user.get("id"):
        return
    # Kept per (owning team, person); a Slack Connect partner's person may be kept under their own.
    for team_id in {owning_team(context, body), user.get("team_id") or ""}:
        context["rt"].locales.forget(team_id, user["id"])
    log.info("user_change %s: their language is read again", user["id"])


def register(app: App) -> None:
    app.event("message")(on_message)
    app.event("user_change")(on_user_change)
