"""Fixtures: a real database file (and PostgreSQL when asked), a fake Slack over HTTP, the app on HTTP."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from bot.app import create_app
from bot.clock import ManualClock
from bot.config import Settings
from bot.runtime import Runtime
from bot.store.db import Database, upgrade
from bot.store.installations import STORE_TABLES
from bot.store.models import Base
from bot.testing.fake_slack import FakeSlack
from bot.testing.fake_state import Message
from bot.testing.signed import Reply, SlackSender
from bot.testing.wsgi import ThreadedServer
from bot.web import WebApp

PG_URL = os.environ.get("TEAMTRACK_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
SECRET = "test-signing-secret"
TEAM = "T0001"
# Monday 2026-11-23, 10:00 in Shanghai.
START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return str(path)


@pytest.fixture(scope="session")
def pg_ready() -> str | None:
    if not PG_URL:
        return None
    db = Database(PG_URL)
    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    db.upgrade()
    db.dispose()
    return PG_URL


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path, sqlite_template: str) -> Iterator[Database]:
    """A migrated, empty database: a fresh SQLite file, or PostgreSQL with every table emptied."""
    if request.param == "sqlite":
        path = tmp_path / "teamtrack.db"
        shutil.copy(sqlite_template, path)
        database = Database(f"sqlite:///{path}")
    else:
        url = request.getfixturevalue("pg_ready")
        database = Database(url)
        tables = ", ".join([*(t.name for t in Base.metadata.sorted_tables), *sorted(STORE_TABLES)])
        with database.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield database
    database.dispose()


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    slack = FakeSlack().start()
    for uid, name, tz in (
        ("U0001", "lead", "Asia/Shanghai"),
        ("U0002", "alice", "Asia/Shanghai"),
        ("U0003", "bob", "America/New_York"),
        ("U0004", "stakeholder", "Europe/London"),
        ("U0005", "outsider", "Asia/Shanghai"),
    ):
        slack.add_user(uid, name, tz=tz)
    slack.add_channel("C0001", "portal", members=("U0001", "U0002", "U0003", "U0004"))
    slack.add_channel("C0002", "other", members=("U0001",))
    yield slack
    slack.stop()


def make_settings(fake: FakeSlack, db: Database) -> Settings:
    return Settings(
        _env_file=None,
        slack_bot_token="xoxb-test",
        slack_signing_secret=SECRET,
        slack_api_url=fake.api_url,
        database_url=db.url,
        teamtrack_timezone="Asia/Shanghai",
    )


@dataclass
class Slack:
    """The app on a real HTTP endpoint, a fake Slack it talks to, and a sender that signs like Slack."""

    fake: FakeSlack
    sender: SlackSender
    rt: Runtime
    clock: ManualClock
    url: str

    def command(self, command: str, text: str = "", **kwargs) -> Reply:
        reply = self.sender.command(command, text, **kwargs)
        self.rt.drain()
        return reply

    def project(
        self, text: str = "new Portal key:MP start:2026-12-01 end:2027-03-31", **kwargs
    ) -> Reply:
        reply = self.command("/project", text, **kwargs)
        assert reply.status == 200 and ("started" in reply.text or "已创建" in reply.text), (
            reply.text
        )
        return reply

    def asked(self, user: str = "U0001", channel: str = "C0001") -> tuple[Message, dict]:
        """The last ephemeral message `user` sees in `channel`, and its first button."""
        shown = [m for m in self.fake.channel_messages(channel) if m.ephemeral_to == user]
        assert shown, f"no ephemeral message for {user} in {channel}"
        buttons = [e for b in shown[-1].blocks if b.get("type") == "actions" for e in b["elements"]]
        return shown[-1], (buttons[0] if buttons else {})

    def close(self, text: str = "close", user: str = "U0001", channel: str = "C0001") -> Reply:
        """`/project close` and a click on its "Close project" button, as an owner closes."""
        self.command("/project", text, user=user, channel=channel)
        prompt, button = self.asked(user, channel)
        assert button.get("action_id") == "project_close", prompt.text
        reply = self.sender.block_action(
            "project_close", button["value"], user=user, message=prompt
        )
        self.rt.drain()
        return reply


@pytest.fixture
def slack(fake: FakeSlack, db: Database) -> Iterator[Slack]:
    clock = ManualClock(START)
    # Time moves only when a test says so: App Home shows every change at once.
    built = create_app(make_settings(fake, db), db=db, clock=clock, home_refresh_seconds=0)
    server = ThreadedServer(WebApp(built.app, db)).start()
    sender = SlackSender(f"{server.url}/slack/events", SECRET, fake=fake, team_id=TEAM)
    yield Slack(fake=fake, sender=sender, rt=built.runtime, clock=clock, url=server.url)
    built.runtime.drain()
    server.stop()
