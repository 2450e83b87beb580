"""The one path every slash command takes: parse, resolve, run a verb in a transaction, answer."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import BoltContext
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.blocks.common import Reply, error_reply, section, with_closed_note
from bot.errors import UserError
from bot.grammar import Command, parse_command, parse_user
from bot.i18n import Mrkdwn, Tr
from bot.i18n.aliases import alias_help
from bot.runtime import Runtime
from bot.services import access, projects, replays
from bot.services.project_settings import ProjectSettings, channel_tr, reader_day
from bot.store.driver import Unit
from bot.tenancy import owning_team

log = logging.getLogger(__name__)


@dataclass
class Request:
    """One slash command, parsed, in its transaction (`unit`), with a session when asked for."""

    rt: Runtime
    unit: Unit
    team_id: str
    user_id: str
    channel_id: str
    trigger_id: str | None
    now: datetime
    cmd: Command
    body: dict[str, Any]

    @property
    def session(self) -> Session:
        """The ORM Session in the command's transaction, opened at the first use."""
        return self.unit.session

    @property
    def client(self) -> WebClient:
        return self.rt.client

    @property
    def text(self) -> str:
        """The free text as the user typed it (the grammar undoes Slack's own escaping)."""
        return self.cmd.text.strip()

    def opt(self, key: str) -> str | None:
        value = self.cmd.options.get(key)
        return None if value is None else value.strip()

    def user_opt(self, key: str) -> str | None:
        """The `key:` option as a user id; typed `<@U1>` (which Slack escapes) is refused."""
        value = self.opt(key)
        if not value:
            return None
        return parse_user(value, key=key, slack_form=self.cmd.is_slack_form(value))

    def require_mentions(self, words: list[str]) -> None:
        """Refuse words meant as people that are not mentions Slack made, quoting them as typed."""
        for word in words:
            if not self.cmd.is_slack_form(word):
                parse_user(word, slack_form=False)

    def date_opt(self, key: str, tz: str) -> date | None:
        """The `key:` option read as a date in `tz` (English or Chinese), or None when absent."""
        text = self.opt(key)
        return (
            None if text is None else self.rt.dates.parse_date(text, now=self.now, tz=tz, key=key)
        )

    def today(self, tz: str) -> date:
        return self.now.astimezone(ZoneInfo(tz)).date()

    def reader(self, project: object | None = None) -> Tr:
        """How to write what only this person sees: their Slack language, else the project's."""
        lang = ProjectSettings.lang_of(project) if project is not None else None
        return self.rt.reader(self.team_id, self.user_id, lang, today=reader_day(project, self.now))

    def channel(self, project: object) -> Tr:
        """How to write what the project's channel sees: the project's language, its day."""
        return channel_tr(project, self.now)


Verb = Callable[[Request], Reply]


def run_command(
    ack: Callable[..., None],
    body: dict[str, Any],
    context: BoltContext,
    *,
    verbs: dict[str, Verb],
    usage: Callable[[Tr], Reply],
    bare: Verb | None = None,
    default: Verb | None = None,
    reads: Collection[str] = (),
) -> None:
    """Answer a slash command in its ack; user mistakes become an ephemeral error and roll back.

    Verbs named in `reads` only read their project: their answers are kept (`rt.answers`) and
    given again until the project changes or its day ends.
    """
    rt: Runtime = context["rt"]
    team_id = owning_team(context, body)
    # The request's key (`bot.app._HandleOnce`): recorded with the verb's change, or on its own.
    once: replays.Pending | None = context.get("once")
    try:
        cmd = parse_command(body.get("text") or "", command=body.get("command"))
        if cmd.verb == "help":
            if _first_time(rt, once):
                tr = reader_of(rt, team_id, body)
                ack(**_with_aliases(usage(tr), tr, body).to_ack())
            else:
                ack()
            return
        verb = _pick(cmd, verbs, bare, default, body.get("command", ""))
        if cmd.verb in reads:
            reply = _kept_answer(rt, team_id, body, cmd, verb) if _first_time(rt, once) else None
        else:
            reply = _in_transaction(rt, team_id, body, cmd, verb, rt.clock(), once)
    except replays.Replayed:
        reply = None
    except UserError as exc:
        # Rolled back with the verb's change: the key is recorded on its own, as is a refusal.
        reply = error_reply(reader_of(rt, team_id, body).error(exc)) if _first_time(rt, once) else None  # fmt: skip
    if reply is None:  # a replay: nothing done, nothing said
        ack()
        return
    ack(**reply.to_ack())
    if reply.after:
        # One hand-off to the pool for all of it: each costs a thread's wake-up and a future.
        rt.defer(functools.partial(_in_turn, reply.after))


def _in_turn(work: list[Callable[[], None]]) -> None:
    """Run a command's after-work one by one; one failing stops none of the others."""
    for fn in work:
        try:
            fn()
        except Exception:
            log.exception("deferred work failed")


def _with_aliases(reply: Reply, tr: Tr, body: dict[str, Any]) -> Reply:
    """Help read in Chinese ends with the command's Chinese verbs and keys (`bot.i18n.aliases`)."""
    line = alias_help(body.get("command") or "", tr)
    if line and reply.blocks is not None:
        reply.blocks = [*reply.blocks, section(line).to_dict()]
    elif line:
        reply.text = f"{reply.text}\n{line}"
    return reply


def reader_of(rt: Runtime, team_id: str, body: dict[str, Any]) -> Tr:
    """The language to refuse a command in: the person's, else their channel's project's; the
    day the channel's project is on (else the UTC date) by the runtime's clock."""
    now = rt.clock()

    def channel_lang(session: Session) -> tuple[str | None, date | None]:
        try:
            found = projects.resolve(
                session, team_id, body.get("channel_id") or "", None, include_closed=True
            )
        except UserError:
            return None, None
        return ProjectSettings.lang_of(found), found.today(now)

    try:
        lang, today = rt.db.transact(channel_lang)
    except Exception:  # noqa: BLE001 - the refusal still goes out, in English
        lang, today = None, None
    return rt.reader(team_id, body.get("user_id") or "", lang, today=today)


def _kept_answer(
    rt: Runtime, team_id: str, body: dict[str, Any], cmd: Command, verb: Verb
) -> Reply:
    """A read-only verb's answer, from `rt.answers` when its project is as it was then.

    Only answers with no work after them are kept; the rest are built every time.
    """
    now = rt.clock()
    channel_id = body.get("channel_id") or ""
    key = (cmd.options.get("in") or "").strip() or None
    # Read before the answer is built, so an answer is never older than its stamp.
    stamp = projects.stamp(rt.db, team_id, channel_id, key, now)
    user_id = body.get("user_id") or ""

    def question() -> tuple[Any, ...]:
        # With the person's language as known now: once a `user_change` forgets it, an answer
        # kept in the language they have just left is not found; one is kept in the new one.
        lang = rt.locales.known(team_id, user_id)
        return (team_id, channel_id, user_id, lang, body.get("command"), body.get("text"))

    kept = rt.answers.get(question(), stamp) if stamp else None
    if kept is not None:
        return kept
    reply = _in_transaction(rt, team_id, body, cmd, verb, now)
    if stamp and not reply.after:
        rt.answers.put(question(), stamp, reply)  # the language the answer was written in
    return reply


def _pick(
    cmd: Command, verbs: dict[str, Verb], bare: Verb | None, default: Verb | None, name: str
) -> Verb:
    if cmd.verb is None and bare is not None:
        return bare
    if cmd.verb in verbs:
        return verbs[cmd.verb]
    if default is not None:
        return default
    known = ", ".join(f"`{v}`" for v in verbs)
    raise UserError("command.unknown_verb", command=name, verb=cmd.verb or "", known=Mrkdwn(known))


def _first_time(rt: Runtime, once: replays.Pending | None) -> bool:
    """Record the request's key in a transaction of its own; False for a replay (answer nothing)."""
    if once is None or once.record_apart(rt.db):
        return True
    log.info("request %s already handled; answered without acting again", once.key)
    return False


def _in_transaction(
    rt: Runtime,
    team_id: str,
    body: dict[str, Any],
    cmd: Command,
    verb: Verb,
    now: datetime,
    once: replays.Pending | None = None,
) -> Reply:
    """Run the verb in one transaction; with `once`, the request's key is looked for first (a
    replay changes nothing: `replays.Replayed`) and recorded last, before the commit.

    Recorded last, so on SQLite a verb that only reads takes the write lock only for that
    statement, not while it reads; a copy running at the same moment finds the key there and
    rolls back, so neither its change nor its after-work happens twice.
    """
    if once is not None and replays.seen(rt.db, once.key):
        log.info("request %s already handled; answered without acting again", once.key)
        raise replays.Replayed(once.key)

    def work(unit: Unit) -> Reply:
        request = Request(
            rt=rt,
            unit=unit,
            team_id=team_id,
            user_id=body.get("user_id") or "",
            channel_id=body.get("channel_id") or "",
            trigger_id=body.get("trigger_id"),
            now=now,
            cmd=cmd,
            body=body,
        )
        reply = verb(request)
        if once is not None and not replays.record(unit.connection, once.key, once.at):
            log.info("request %s handled meanwhile; rolled back", once.key)
            raise replays.Replayed(once.key)
        return reply

    reply = rt.db.run_unit(work)
    if once is not None:
        once.recorded = True
    return reply


def team_of(body: dict[str, Any], context: BoltContext) -> str:
    """The workspace whose data a button click, modal submission or shortcut acts on."""
    return owning_team(context, body)


def tell(rt: Runtime, body: dict[str, Any], text: str) -> None:
    """An ephemeral note where a click or shortcut happened; from App Home, a DM."""
    user = body["user"]["id"]
    channel = (body.get("container") or {}).get("channel_id") or (body.get("channel") or {}).get("id")  # fmt: skip
    if channel:
        rt.client.chat_postEphemeral(channel=channel, user=user, text=text)
    else:
        rt.client.chat_postMessage(channel=user, text=text)


def closed_noted(reply: Reply, project: Any, tr: Tr) -> Reply:
    """A read command's reply, with a closed project's close day (the project unchanged if open)."""
    day = access.closed_on(project)
    if day is None:
        return reply
    return with_closed_note(reply, tr("project.closed_on", key=project.key, day=day))
