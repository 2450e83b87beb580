"""/standup: answer (one line or the modal), away/back, the compiled report; the Answer button."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime

from slack_bolt import App
from sqlalchemy.exc import IntegrityError

from bot.blocks import standup as views
from bot.blocks.common import Reply
from bot.commands.base import Request, run_command, team_of
from bot.commands.standup_answered import settle_reminders
from bot.commands.standup_verbs import away, back, report
from bot.commands.submission import Accepted, Submission, run_submission
from bot.errors import Denied, UserError
from bot.grammar import unescape_slack
from bot.i18n import Mrkdwn, Tr
from bot.runtime import Runtime
from bot.services import projects
from bot.services import standup_reminders as reminders
from bot.services.project_settings import ProjectSettings, channel_tr
from bot.services.standup_blockers import to_risk
from bot.services.standup_replies import (
    MODAL,
    answer_view,
    from_fields,
    get_or_open_round,
    has_words,
    is_participant,
    modal_reply,
    read_text,
    store,
)
from bot.services.standups import rounds_for
from bot.store.models import Project
from bot.views.standup import AnswerModalView

log = logging.getLogger(__name__)

_IN_KEY = re.compile(r"(?:^|\s)in[:：]\s*([A-Za-z][A-Za-z0-9]{0,15})(?=\s|$)", re.IGNORECASE)
DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ANSWER_EXAMPLE = "/standup shipped the login page; today: reviews; blockers: waiting on T-12"
FIELDS = ("yesterday", "today", "blockers")


def _lang(project: Project | None) -> str | None:
    return ProjectSettings.lang_of(project) if project is not None else None


def _standup_day(project: Project, now: datetime) -> date:
    day = project.today(now)
    if day.weekday() not in ProjectSettings.of(project.settings).standup_days:
        raise UserError(f"standup.no_standup_on.{DAY_KEYS[day.weekday()]}", key=project.key)
    return day


def _require_participant(session, project: Project, user_id: str) -> None:
    if not is_participant(session, project.id, user_id):
        raise Denied("standup.members_only", key=project.key)


def _require_open(session, project: Project, day: date, now: datetime) -> None:
    """An earlier day's standup whose summary is posted takes no more answers (an old reminder's
    button, a form left open): the summary's count stands."""
    found = rounds_for(session, [(project.id, day)])
    if found and found[0].summary_ts and day < project.today(now):
        raise UserError("standup.round_closed", key=project.key, day=day)


def _post_in_thread(rt: Runtime, channel: str | None, thread_ts: str | None, text: str):
    def post() -> None:
        if channel and thread_ts:
            rt.client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text)

    return post


def _modal_view(session, project: Project, day: date, user_id: str) -> AnswerModalView:
    found = rounds_for(session, [(project.id, day)])
    existing = modal_reply(session, found[0].id, user_id) if found else None
    return AnswerModalView(
        project_id=project.id,
        key=project.key,
        name=project.name,
        day=day,
        channel_id=project.channel_id,
        initial=answer_view(existing) if existing else None,
    )


def answer_text(req: Request, raw: str) -> Reply:
    """`/standup <text>`: a one-line answer to today's standup."""
    key = _IN_KEY.search(raw)
    text = unescape_slack(_IN_KEY.sub(" ", raw)).strip()
    project = projects.resolve(req.session, req.team_id, req.channel_id, key[1] if key else None)
    _require_participant(req.session, project, req.user_id)
    day = _standup_day(project, req.now)
    if not has_words(text):
        raise UserError("standup.in_words", ANSWER_EXAMPLE)
    answer = read_text(text)
    round_ = get_or_open_round(req.session, project, day)
    store(req.session, round_, user_id=req.user_id, source_ts="command", answer=answer, now=req.now)
    note = views.answered_note(req.user_id, answer_view(answer), req.channel(project))
    reminded = reminders.answered(req.session, round_, req.user_id)
    return Reply(
        text=req.reader(project)("standup.answer_saved", key=project.key, day=day),
        after=[
            _post_in_thread(req.rt, round_.channel_id, round_.message_ts, note),
            settle_reminders(req.rt, req.team_id, req.user_id, reminded),
        ],
    )


def bare(req: Request) -> Reply:
    """Bare `/standup`: the answer modal for today, in the person's language."""
    project = projects.resolve(req.session, req.team_id, req.channel_id, None)
    _require_participant(req.session, project, req.user_id)
    day = _standup_day(project, req.now)
    view = _modal_view(req.session, project, day, req.user_id)
    req.client.views_open(
        trigger_id=req.trigger_id, view=views.answer_modal(view, req.reader(project))
    )
    return Reply(text="")


VERBS = {"away": away, "back": back, "report": report}  # bot.commands.standup_verbs


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
    project = None
    with rt.db.session() as session:
        try:
            project = projects.get(session, team_id, project_id)
            _require_participant(session, project, user_id)
            _require_open(session, project, day, rt.clock())
            view = _modal_view(session, project, day, user_id)
        except UserError as exc:
            ack()
            if channel_id:
                tr = rt.reader(team_id, user_id, _lang(project))
                rt.client.chat_postEphemeral(
                    channel=channel_id, user=user_id, text=f":warning: {tr.error(exc)}"
                )
            return
        lang = _lang(project)
    rt.client.views_open(
        trigger_id=body["trigger_id"],
        view=views.answer_modal(view, rt.reader(team_id, user_id, lang)),
    )
    ack()


def _submit(sub: Submission) -> Accepted:
    """The answer modal: at least one field; stored once per user and day (a resend replaces it)."""
    if not any(sub.values.get(k) for k in FIELDS):
        raise UserError("standup.modal_empty", field="today")
    answer = from_fields(*(sub.values.get(k) for k in FIELDS))
    project = sub.project
    assert project is not None  # run_submission found it or refused
    _require_participant(sub.session, project, sub.user_id)
    day = date.fromisoformat(sub.meta["day"])
    _require_open(sub.session, project, day, sub.now)
    round_ = get_or_open_round(sub.session, project, day)
    store(sub.session, round_, user_id=sub.user_id, source_ts=MODAL, answer=answer, now=sub.now)
    note = views.answered_note(sub.user_id, answer_view(answer), channel_tr(project, sub.now))  # fmt: skip
    reminded = reminders.answered(sub.session, round_, sub.user_id)
    return Accepted(
        after=[
            _post_in_thread(sub.rt, round_.channel_id, round_.message_ts, note),
            settle_reminders(sub.rt, sub.team_id, sub.user_id, reminded),
        ]
    )


def on_modal(ack, body, view, context) -> None:
    run_submission(ack, body, view, context, handle=_submit, field="today")


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
        now = rt.clock()
        with rt.db.session() as session:
            project, risk = to_risk(
                session, team_id=team_id, blocker_id=blocker_id, actor=user_id, now=now
            )
            key, channel, number, title = project.key, project.channel_id, risk.number, risk.title
            lang, today = ProjectSettings.lang_of(project), project.today(now)
    except (UserError, IntegrityError, ValueError) as exc:
        if channel_id:
            tr = rt.reader(team_id, user_id)
            said = tr.error(exc) if isinstance(exc, UserError) else tr("standup.already_a_risk")
            rt.client.chat_postEphemeral(channel=channel_id, user=user_id, text=f":warning: {said}")
        return
    done = rt.reader(team_id, user_id, lang, today=today)(
        "standup.made_risk", user=Mrkdwn(f"<@{user_id}>"), number=number, key=key, title=title
    )
    if channel_id and message_ts:
        rt.client.chat_update(channel=channel_id, ts=message_ts, text=done, blocks=[])
    rt.client.chat_postMessage(
        channel=channel,
        text=Tr(lang, today)(  # type: ignore[arg-type]
            "standup.new_risk", number=number, title=title, user=Mrkdwn(f"<@{user_id}>")
        ),
    )


COMMANDS = {"/standup": on_command}


def register(app: App) -> None:
    app.action(views.ANSWER_ACTION)(on_answer_button)
    app.view(views.ANSWER_MODAL)(on_modal)
    app.action(views.RISK_ACTION)(on_blocker_to_risk)
