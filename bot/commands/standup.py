"""/standup: answer (one line or the modal), away/back, the compiled report; the Answer button."""

from __future__ import annotations

import json
import logging
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from slack_bolt import App
from sqlalchemy.exc import IntegrityError

from bot.blocks import standup as views
from bot.blocks.common import Reply, safe
from bot.commands.base import Request, refuse_fields, run_command, team_of, view_values
from bot.errors import Denied, NotFound, UserError
from bot.grammar import unescape_slack
from bot.runtime import Runtime
from bot.services import absences, projects
from bot.services.project_settings import ProjectSettings
from bot.services.standup_blockers import to_risk
from bot.services.standup_replies import (
    MODAL,
    from_fields,
    get_or_open_round,
    has_words,
    is_participant,
    modal_reply,
    read_text,
    store,
)
from bot.services.standup_summary import report as compile_report
from bot.services.standups import rounds_for
from bot.store.models import Project

log = logging.getLogger(__name__)

_IN_KEY = re.compile(r"(?:^|\s)in[:：]\s*([A-Za-z][A-Za-z0-9]{0,15})(?=\s|$)", re.IGNORECASE)
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ANSWER_EXAMPLE = "/standup shipped the login page; today: reviews; blockers: waiting on T-12"


def _today(project: Project, now: datetime) -> date:
    return now.astimezone(ZoneInfo(project.timezone)).date()


def _standup_day(project: Project, now: datetime) -> date:
    day = _today(project, now)
    if day.weekday() not in ProjectSettings.of(project.settings).standup_days:
        raise UserError(
            f"*{project.key}* has no standup on {DAY_NAMES[day.weekday()]}s; answer on the next standup day."
        )
    return day


def _require_participant(session, project: Project, user_id: str) -> None:
    if not is_participant(session, project.id, user_id):
        raise Denied(
            f"Only members of *{project.key}* answer its standup. "
            "An owner can add you with `/project members add @you`."
        )


def _post_in_thread(rt: Runtime, channel: str | None, thread_ts: str | None, text: str):
    def post() -> None:
        if channel and thread_ts:
            rt.client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text)

    return post


def answer_text(req: Request, raw: str) -> Reply:
    """`/standup <text>`: a one-line answer to today's standup."""
    key = _IN_KEY.search(raw)
    text = unescape_slack(_IN_KEY.sub(" ", raw)).strip()
    project = projects.resolve(req.session, req.team_id, req.channel_id, key[1] if key else None)
    _require_participant(req.session, project, req.user_id)
    day = _standup_day(project, req.now)
    if not has_words(text):
        raise UserError("Say what you did and will do, in words.", ANSWER_EXAMPLE)
    answer = read_text(text)
    round_ = get_or_open_round(req.session, project, day)
    store(req.session, round_, user_id=req.user_id, source_ts="command", answer=answer, now=req.now)
    note = views.answered_note(req.user_id, answer)
    return Reply(
        text=f":white_check_mark: Your answer is in the *{project.key}* standup of {day.isoformat()}.",
        after=[_post_in_thread(req.rt, round_.channel_id, round_.message_ts, note)],
    )


def _tz_for(req: Request) -> str:
    try:
        channel, key = req.channel_id, req.opt("in")
        return projects.resolve(
            req.session, req.team_id, channel, key, include_closed=True
        ).timezone
    except NotFound:
        return req.rt.settings.teamtrack_timezone


def away(req: Request) -> Reply:
    tz = _tz_for(req)
    today = req.now.astimezone(ZoneInfo(tz)).date()
    until = req.opt("until")
    if until is None:
        raise UserError("Say until when you're away.", absences.AWAY_EXAMPLE)
    end = req.rt.dates.parse_date(until, now=req.now, tz=tz, key="until")
    start_text = req.opt("from")
    start = (
        req.rt.dates.parse_date(start_text, now=req.now, tz=tz, key="from") if start_text else today
    )
    absence = absences.add(
        req.session,
        team_id=req.team_id,
        user_id=req.user_id,
        start=start,
        end=end,
        note=req.text or None,
        today=today,
        now=req.now,
    )
    note = f" ({safe(absence.note)})" if absence.note else ""
    return Reply(
        text=f":palm_tree: You're away {absence.start_date.isoformat()} → {absence.end_date.isoformat()}{note}: "
        "no standup prompts or reminders, and your capacity is reduced for those days. "
        "`/standup back` ends it early."
    )


def back(req: Request) -> Reply:
    tz = _tz_for(req)
    today = req.now.astimezone(ZoneInfo(tz)).date()
    ended = absences.back(req.session, team_id=req.team_id, user_id=req.user_id, today=today)
    if not ended:
        return Reply(text="You weren't marked away today; nothing to change.")
    return Reply(text=":wave: Welcome back — standup prompts and reminders are on again.")


def report(req: Request) -> Reply:
    project = projects.resolve(
        req.session, req.team_id, req.channel_id, req.opt("in"), include_closed=True
    )
    today = _today(project, req.now)
    what = req.text.lower()
    if what in ("", "today"):
        start = end = today
        period = today.isoformat()
    elif what in ("week", "this week"):
        start, end = today - timedelta(days=today.weekday()), today
        period = f"week of {start.isoformat()}"
    elif what == "last week":
        end = today - timedelta(days=today.weekday() + 1)
        start = end - timedelta(days=6)
        period = f"week of {start.isoformat()}"
    else:
        start = req.rt.dates.parse_date(req.text, now=req.now, tz=project.timezone, key="report")
        if start > today:
            # Dates prefer the future ("monday" is the coming one); a report looks back.
            if (start - today).days > 7:
                raise UserError(
                    f"{start.isoformat()} hasn't happened yet.", "/standup report yesterday"
                )
            start -= timedelta(days=7)
        end = start
        period = start.isoformat()
    return views.report_reply(project, compile_report(req.session, project, start, end), period)


def bare(req: Request) -> Reply:
    """Bare `/standup`: the answer modal for today."""
    project = projects.resolve(req.session, req.team_id, req.channel_id, None)
    _require_participant(req.session, project, req.user_id)
    day = _standup_day(project, req.now)
    existing = _existing(req.session, project, day, req.user_id)
    req.client.views_open(
        trigger_id=req.trigger_id,
        view=views.answer_modal(project, day, project.channel_id, existing),
    )
    return Reply(text="")


def _existing(session, project: Project, day: date, user_id: str):
    found = rounds_for(session, [(project.id, day)])
    return modal_reply(session, found[0].id, user_id) if found else None


VERBS = {"away": away, "back": back, "report": report}


def on_command(ack, body, context) -> None:
    from bot.i18n.aliases import verb_first  # `/standup 请假 …` is `/standup away …`

    text = verb_first("/standup", (body.get("text") or "").strip())
    first = text.split()[0].lower() if text else None
    if first is None or first in VERBS or first == "help":
        run_command(ack, body, context, verbs=VERBS, usage=views.usage, bare=bare)
        return
    # Free text is the answer itself: it is read as typed, not as `key:value` options.
    run_command(
        ack,
        {**body, "text": ""},
        context,
        verbs={},
        usage=views.usage,
        bare=lambda req: answer_text(req, text),
    )


def on_answer_button(ack, body, context) -> None:
    """The "Answer" button, in the thread's parent or the reminder DM: opens the modal."""
    rt = context["rt"]
    user_id = body["user"]["id"]
    team_id = team_of(body, context)
    channel_id = (body.get("channel") or {}).get("id")
    try:
        project_id, day = views.parse_answer_value(body["actions"][0].get("value") or "")
    except (ValueError, KeyError):
        ack()
        log.warning("standup_answer button with a bad value: %s", body.get("actions"))
        return
    with rt.db.session() as session:
        try:
            project = projects.get(session, team_id, project_id)
        except UserError as exc:
            ack()
            if channel_id:
                rt.client.chat_postEphemeral(
                    channel=channel_id, user=user_id, text=f":warning: {exc.message}"
                )
            return
        if not is_participant(session, project.id, user_id):
            ack()
            if channel_id:
                rt.client.chat_postEphemeral(
                    channel=channel_id,
                    user=user_id,
                    text=f"Only members of *{project.key}* answer its standup.",
                )
            return
        existing = _existing(session, project, day, user_id)
        view = views.answer_modal(project, day, project.channel_id, existing)
    rt.client.views_open(trigger_id=body["trigger_id"], view=view)
    ack()


def on_modal(ack, body, view, context) -> None:
    """The answer modal: at least one field; stored once per user and day (a resend replaces it)."""
    rt = context["rt"]
    values = view_values(view)
    meta = json.loads(view.get("private_metadata") or "{}")
    user_id = body["user"]["id"]
    team_id = team_of(body, context)
    if not any(values.get(k) for k in ("yesterday", "today", "blockers")):
        refuse_fields(ack, {"today": "Say at least what you'll do today."})
        return
    try:
        answer = from_fields(values.get("yesterday"), values.get("today"), values.get("blockers"))
        with rt.db.session() as session:
            project = projects.get(session, team_id, int(meta.get("project_id", 0)))
            _require_participant(session, project, user_id)
            round_ = get_or_open_round(session, project, date.fromisoformat(meta["day"]))
            store(session, round_, user_id=user_id, source_ts=MODAL, answer=answer, now=rt.clock())
            channel, thread = round_.channel_id, round_.message_ts
    except UserError as exc:
        refuse_fields(ack, {"today": exc.message})
        return
    ack()
    rt.defer(_post_in_thread(rt, channel, thread, views.answered_note(user_id, answer)))


def on_blocker_to_risk(ack, body, context) -> None:
    """An owner turns an escalated blocker into a risk (likelihood 3 × impact 3), once."""
    ack()
    rt = context["rt"]
    user_id = body["user"]["id"]
    team_id = team_of(body, context)
    channel_id = (body.get("channel") or {}).get("id")
    message_ts = (body.get("container") or {}).get("message_ts")
    try:
        blocker_id = int(body["actions"][0].get("value") or "")
        with rt.db.session() as session:
            project, risk = to_risk(
                session, team_id=team_id, blocker_id=blocker_id, actor=user_id, now=rt.clock()
            )
            key, channel, number, title = project.key, project.channel_id, risk.number, risk.title
    except (UserError, IntegrityError, ValueError) as exc:
        message = exc.message if isinstance(exc, UserError) else "This blocker is already a risk."
        if channel_id:
            rt.client.chat_postEphemeral(
                channel=channel_id, user=user_id, text=f":warning: {message}"
            )
        return
    done = f":white_check_mark: <@{user_id}> made it risk `R-{number}` of *{key}*: {safe(title)}"
    if channel_id and message_ts:
        rt.client.chat_update(channel=channel_id, ts=message_ts, text=done, blocks=[])
    rt.client.chat_postMessage(
        channel=channel,
        text=f":warning: New risk `R-{number}` (likelihood 3 × impact 3) from a blocker open for "
        f"several standups: {safe(title)} — proposed by <@{user_id}>.",
    )


COMMANDS = {"/standup": on_command}


def register(app: App) -> None:
    app.action(views.ANSWER_ACTION)(on_answer_button)
    app.view(views.ANSWER_MODAL)(on_modal)
    app.action(views.RISK_ACTION)(on_blocker_to_risk)
