"""The add floor: the work a `/task add` can't skip, from bare parts (`servers.py --mode pbr+add`).

The write floor (`control_app._write_and_post`: an ack, one write, one post) does less than any add
can: an add also looks for its replay key, reads the channel's project, takes the next ref with its
membership check, writes the task, three audit rows, the key and the project's version in one
transaction, posts a card of the app's size and then writes where the card went, in a second
transaction (the message's ts is only known once Slack answers, after the ack). This listener does
exactly that on the driver's cursor, TeamTrack's own tables and statements compiled once
(`bot.store.driver`), the command's text split by hand, the due date read by the app's date
reader (`bot.dates`: people write "friday", "下周五") and the card a template: no routing, no ORM
objects, no catalogue. What `/task add` costs above this is the app's
own structure; what this costs above the write floor is the add's work.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import bindparam, select

from bot.after_response import start_after_response
from bot.dates import DateParser
from bot.services import replays, tasks
from bot.store import driver, versions
from bot.store.engines import make_engine
from bot.store.models import Change, Project

_PROJECTS = Project.__table__
_RESOLVE = (
    select(*_PROJECTS.columns)
    .where(
        _PROJECTS.c.team_id == bindparam("team"), _PROJECTS.c.channel_id == bindparam("channel")
    )  # fmt: skip
    .order_by(_PROJECTS.c.status, _PROJECTS.c.id.desc())
    .limit(1)
)
_AUDIT = Change.__table__.insert()


def _card(key: str, number: int, title: str, due: date) -> dict[str, Any]:
    """A card with the app's blocks (title, five fields, three buttons), its text filled in."""
    ref, value = f"T-{number}", str(number)

    def field(label: str, text: str) -> dict[str, str]:
        return {"type": "mrkdwn", "text": f"*{label}*\n{text}"}

    def button(text: str, action: str, style: str | None = None) -> dict[str, Any]:
        out = {"type": "button", "text": {"type": "plain_text", "text": text, "emoji": True}, "action_id": action, "value": value}  # fmt: skip
        return {**out, "style": style} if style else out

    return {
        "text": f"{key} {ref}: {title} (open)",
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": f"*{key} {ref}* · {title}"}},
            {
                "type": "section",
                "fields": [
                    field("Owner", "_nobody_"),
                    field("Status", "Open · 0%"),
                    field("Dates", f"— → {due:%a %Y-%m-%d}"),
                    field("Effort", "4 h est · 0 h spent"),
                    field("Priority", "Normal"),
                ],
            },  # fmt: skip
            {
                "type": "actions",
                "block_id": f"task-{number}",
                "elements": [
                    button("Start", "task_start"),
                    button("+25 %", "task_progress"),
                    button("Done", "task_done", "primary"),
                ],
            },  # fmt: skip
        ],
    }


def add_and_post(client: WebClient):
    """The listener (module doc)."""
    engine = make_engine(os.environ["DATABASE_URL"])
    dialect = engine.dialect
    pool = ThreadPoolExecutor(4, "control-after")
    record = replays._RECORD[dialect.name]
    upsert = versions._UPSERT[dialect.name]
    columns = tuple(c.key for c in _PROJECTS.columns)
    dates = DateParser()

    def run(cursor: Any, statement: Any, keys: tuple[str, ...] = (), **params: Any) -> Any:
        done = driver.compiled(dialect, statement, keys)
        return cursor.execute(done.sql, done.args(params))

    def post(team: str, channel: str, task_id: int, card: dict[str, Any]) -> None:
        resp = client.chat_postMessage(channel=channel, **card)
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            run(cursor, tasks._REMEMBER, task=task_id, team=team, channel=resp["channel"], ts=resp["ts"])  # fmt: skip
            cursor.close()
            connection.commit()
        finally:
            connection.close()

    def answer(ack, command) -> None:
        now = datetime.now(UTC)
        team, channel, actor = command["team_id"], command["channel_id"], command["user_id"]
        text = command["text"].removeprefix("add ")
        title, _, rest = text.partition(" est:")
        key = replays.request_key(command, None)
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            if run(cursor, replays._SEEN, key=key).fetchone() is not None:
                ack()
                return
            project = dict(zip(columns, run(cursor, _RESOLVE, team=team, channel=channel).fetchone(), strict=True))  # fmt: skip
            due = dates.parse_date(rest.partition("due:")[2].strip('" '), now=now, tz=project["timezone"])  # fmt: skip
            [number] = run(
                cursor, tasks._TAKE_NUMBER, project=project["id"], actor=actor
            ).fetchone()
            row = dict.fromkeys(tasks._COLUMNS)
            row.update(team_id=team, project_id=project["id"], number=number, title=title,
                       status="open", priority="normal", due_date=due, estimate_hours=4.0,
                       spent_hours=0.0, progress=0, reopened_count=0, created_by=actor,
                       created_at=now)  # fmt: skip
            [task_id] = run(cursor, tasks._INSERT, tuple(row), **row).fetchone()
            base = {"team_id": team, "project_id": project["id"], "entity": "task", "entity_id": task_id, "old": None, "actor": actor, "at": now}  # fmt: skip
            audit = [{**base, "field": f, "new": v} for f, v in (("created", f"T-{number} {title}"), ("due", str(due)), ("estimate", "4.0"))]  # fmt: skip
            done = driver.compiled(dialect, _AUDIT, tuple(audit[0]))
            cursor.executemany(done.sql, [done.args(a) for a in audit])
            run(cursor, record, key=key, at=now).fetchone()
            run(cursor, upsert, ("project_id", "team_id", "version"), project_id=project["id"], team_id=team, version=1)  # fmt: skip
            cursor.close()
            connection.commit()
        finally:
            connection.close()
        ack(text=f":white_check_mark: Added *{project['key']} T-{number}* · {title} · due {due}")
        card = _card(project["key"], number, title, due)
        start_after_response(lambda: pool.submit(post, team, channel, task_id, card))

    return answer
