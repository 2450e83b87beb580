"""The load bench's control: a bare Bolt app that only acks, behind the same WSGI path as TeamTrack.

It verifies every signature, runs Bolt's built-in middleware and answers `/project` and `/task`
with an empty ack: the ceiling any Bolt app on this HTTP server can reach. Served by bench/servers.py.
"""

from __future__ import annotations

import importlib
import os
import sqlite3
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

from slack_bolt import App
from slack_sdk import WebClient

from bot.after_response import start_after_response
from bot.web import WebApp


def build_control(
    *,
    process_before_response: bool = True,
    read: bool = False,
    write: bool = False,
    add: bool = False,
) -> App:
    """The bare app; settings come from the same environment variables `teamtrack serve` reads.

    With `read`, each command reads one row by an indexed key from a SQLite file and acks with an
    answer the size and shape of a kept `/project info` (`ANSWER`): the least an app that answers
    from current data must do, with nothing else of TeamTrack.
    """
    client = WebClient(
        token=os.environ["SLACK_BOT_TOKEN"],
        base_url=os.environ.get("SLACK_API_URL", "https://slack.com/api/"),
    )
    app = App(
        client=client,
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        process_before_response=process_before_response,
        token_verification_enabled=False,
        ignoring_self_events_enabled=True,
    )

    def just_ack(ack) -> None:
        ack()

    listener = _read_and_answer(_stamps()) if read else just_ack
    if write:
        listener = _write_and_post(client)
    if add:
        from bench.add_floor import add_and_post

        listener = add_and_post(client)
    app.command("/project")(listener)
    app.command("/task")(listener)
    return app


# A kept `/project info` answer's shape and size (1.3 KB of JSON): header, sections, fields, context.
ANSWER = {
    "text": "MP: amber \u2014 32 tasks overdue",
    "response_type": "ephemeral",
    "blocks": [
        {"type": "header", "text": {"type": "plain_text", "text": "MP \u00b7 Bench project MP"}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "*Goal:* Measure how fast it answers"},
        },
        {"type": "section", "text": {"type": "mrkdwn", "text": ":large_orange_circle: *AMBER*"}},
        {
            "type": "section",
            "fields": [{"type": "mrkdwn", "text": f"*Field {i}*\n{'x' * 24}"} for i in range(6)],
        },
        {"type": "divider"},
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Next milestones*\n" + "m" * 150}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Top risks*\n" + "r" * 110}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "c" * 60}]},
    ],
}


def _stamps() -> sqlite3.Connection:
    """A worker's own SQLite file (WAL, as TeamTrack's) of 1,000 keyed rows to read stamps from."""
    fd, path = tempfile.mkstemp(prefix="control-stamps-", suffix=".db")
    os.close(fd)
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE stamps (team_id TEXT, channel_id TEXT, version INTEGER)")
    db.execute("CREATE UNIQUE INDEX ix_stamps ON stamps (team_id, channel_id)")
    db.executemany(
        "INSERT INTO stamps VALUES (?, ?, ?)", [("T0001", f"C{n:04d}", n) for n in range(1000)]
    )
    return db


def _read_and_answer(db: sqlite3.Connection):
    def answer(ack, command) -> None:
        row = db.execute(
            "SELECT version FROM stamps WHERE team_id = ? AND channel_id = ?",
            (command["team_id"], command["channel_id"]),
        ).fetchone()
        if row is None:
            raise LookupError(command["channel_id"])
        ack(ANSWER)

    return answer


# The write floor's table: a row the size of a new task, in the database the app uses.
FLOOR_TABLE = """CREATE TABLE IF NOT EXISTS bench_floor (
    id INTEGER PRIMARY KEY, team_id VARCHAR(32), channel_id VARCHAR(32), title VARCHAR(200),
    created_at VARCHAR(40))"""


def create_floor_table(url: str) -> None:
    """Made once before the floor's workers start (two racing CREATEs fail on PostgreSQL)."""
    from sqlalchemy import text

    from bot.store.engines import make_engine

    engine = make_engine(url)
    ddl = FLOOR_TABLE if engine.dialect.name == "sqlite" else FLOOR_TABLE.replace("INTEGER PRIMARY KEY", "SERIAL PRIMARY KEY")  # fmt: skip
    with engine.begin() as connection:
        connection.execute(text(ddl))
    engine.dispose()


def _write_and_post(client: WebClient):
    """The write floor: one write transaction on the app's database (DATABASE_URL, TeamTrack's
    engine and pragmas, the driver's cursor on a pooled connection: no ORM), then the ack, then
    one `chat.postMessage` through slack_sdk on a thread once the ack is written, as `rt.defer`
    runs it (`bot.after_response`: the post does not take turns on the GIL with the ack)."""
    from bot.store.engines import make_engine

    engine = make_engine(os.environ["DATABASE_URL"])
    pool = ThreadPoolExecutor(4, "control-after")
    placeholder = "?" if engine.dialect.name == "sqlite" else "%s"
    values = ", ".join([placeholder] * 4)
    sql = f"INSERT INTO bench_floor (team_id, channel_id, title, created_at) VALUES ({values})"
    card = [{"type": "section", "text": {"type": "mrkdwn", "text": "*T-1* · a task card"}}]

    def post(channel: str, title: str) -> None:
        client.chat_postMessage(channel=channel, text=title, blocks=card)

    def answer(ack, command) -> None:
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(
                sql,
                (command["team_id"], command["channel_id"], command["text"], str(time.time())),
            )
            cursor.close()
            connection.commit()
        finally:
            connection.close()
        ack(text=":white_check_mark: Added")
        start_after_response(lambda: pool.submit(post, command["channel_id"], command["text"]))

    return answer


# The stack's libraries (README, pyproject.toml) that a `teamtrack serve` worker loads; APScheduler
# runs in the scheduler's own process, and the PostgreSQL dialect is left out on SQLite.
STACK = (
    "sqlalchemy.orm",
    "sqlalchemy.dialects.sqlite",
    "pydantic_settings",
    "dateparser",
    "slack_sdk.models.blocks",
)


def use_stack() -> None:
    """Load the stack's libraries and use each once, as any app on it must before it can answer:
    settings read through pydantic-settings, one ORM model queried on a SQLite engine, a date
    parser built for English and Chinese, a Block Kit block built. Nothing of TeamTrack is loaded:
    this is the resident memory an app on this stack starts from."""
    for name in STACK:
        importlib.import_module(name)
    from dateparser.date import DateDataParser
    from pydantic_settings import BaseSettings
    from slack_sdk.models.blocks import SectionBlock
    from sqlalchemy import Integer, String, create_engine, select
    from sqlalchemy.orm import DeclarativeBase, Session, mapped_column

    class StackSettings(BaseSettings):
        slack_bot_token: str
        slack_signing_secret: str

    class Base(DeclarativeBase):
        pass

    class Row(Base):
        __tablename__ = "rows"
        # Typed without annotations: this module's annotations are strings (`__future__`).
        id = mapped_column(Integer, primary_key=True)
        name = mapped_column(String(50))

    StackSettings()  # type: ignore[call-arg]  # read from the environment
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.add(Row(name="stack"))
        session.commit()
        session.scalars(select(Row).where(Row.name == "stack")).one()
    DateDataParser(languages=["en", "zh"]).get_date_data("next friday")
    SectionBlock(text="stack").to_dict()


def build_control_web(
    *,
    process_before_response: bool = True,
    stack: bool = False,
    read: bool = False,
    write: bool = False,
    add: bool = False,
) -> WebApp:
    """The control inside bot.web.WebApp, so the WSGI dispatch is byte-for-byte TeamTrack's.

    With `stack`, the worker also loads and uses the stack's libraries before it serves
    (`use_stack`): the same acks, but the resident memory an app on this stack starts from.
    """
    if stack:
        use_stack()
    app = build_control(
        process_before_response=process_before_response, read=read, write=write, add=add
    )
    # /healthz pings the database; the control has none, so its ping does nothing.
    return WebApp(app, SimpleNamespace(ping=lambda: None, unavailable=lambda exc: False))
