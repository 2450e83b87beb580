"""`teamtrack sandbox`: the fake Slack with its page, the real bot on its own port, one clock."""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import signal
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app import create_app
from bot.clock import ManualClock
from bot.config import Settings
from bot.sandbox import clock as sandbox_clock
from bot.sandbox import routes
from bot.sandbox.bridge import Bridge
from bot.sandbox.store import PEOPLE, StateFile, dump, populate, restore, state_path
from bot.store.db import Database
from bot.testing.fake_slack import FakeSlack
from bot.testing.signed import SlackSender
from bot.testing.wsgi import ThreadedServer
from bot.web import WebApp

log = logging.getLogger(__name__)
STEPS = {"hour": timedelta(hours=1), "day": timedelta(days=1)}


def local_zone() -> str:
    """TEAMTRACK_TIMEZONE, else this machine's zone, else UTC."""
    if os.environ.get("TEAMTRACK_TIMEZONE"):
        return os.environ["TEAMTRACK_TIMEZONE"]
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            return target.split("zoneinfo/", 1)[1]
    except OSError:
        pass
    return "UTC"


class Sandbox:
    """One process: FakeSlack serving the page, the bot over signed HTTP, a ManualClock both read."""

    def __init__(
        self,
        db_path: str | Path,
        *,
        host: str = "127.0.0.1",
        port: int = 3000,
        demo: bool = False,
        timezone: str | None = None,
        start: datetime | None = None,
        scheduler: bool = True,
        answer_timeout: float = 3.0,
        socket: bool = False,
        lang: str = "en",
    ) -> None:
        self.db_path, self.host, self.port, self.demo = Path(db_path), host, port, demo
        self.timezone = timezone or local_zone()
        self.start_at, self.use_scheduler, self.answer_timeout = start, scheduler, answer_timeout
        self.socket = socket  # deliver over Socket Mode instead of signed HTTP
        self.lang = lang  # "zh": people's Slack in Chinese, the demo project lang:zh
        self.people = [uid for uid, *_ in PEOPLE]
        self.titles = {uid: title for uid, *_, title in PEOPLE}
        self.version = 0
        self.times: dict[str, str] = {}  # message ts -> sandbox time it was posted at
        self._changed = threading.Condition()
        self._advancing = threading.Lock()
        self._dirty = threading.Event()
        self._stopped = threading.Event()
        self._scheduler: Any = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> Sandbox:
        """Start serving; seeds the demo project on a fresh state when asked."""
        self.store = StateFile(state_path(self.db_path))
        saved = self.store.load()
        self.fake = FakeSlack(self.host, self.port).start()
        populate(self.fake, self.timezone, "zh-CN" if self.lang == "zh" else "en-US")
        restore(self.fake, saved.get("slack", {}))
        self.times = dict(saved.get("times", {}))
        now = datetime.fromisoformat(saved["clock"]) if "clock" in saved else None
        self.clock = ManualClock(
            now or self.start_at or datetime.now(UTC).replace(second=0, microsecond=0)
        )
        self.db = Database(f"sqlite:///{self.db_path}")
        self.db.upgrade()
        secret = secrets.token_hex(16)
        settings = Settings(
            _env_file=None,
            slack_bot_token="xoxb-sandbox",
            slack_signing_secret=secret,
            slack_api_url=self.fake.api_url,
            database_url=self.db.url,
            teamtrack_timezone=self.timezone,
            log_level=os.environ.get("LOG_LEVEL", "INFO"),
        )
        # The sandbox clock moves on demand, so App Home shows every change at once.
        built = create_app(settings, db=self.db, clock=self.clock, home_refresh_seconds=0)
        self.app, self.rt = built.app, built.runtime
        if self.socket:
            self._connect_socket()
        else:
            self.server = ThreadedServer(WebApp(self.app, self.db)).start()
            self.sender = SlackSender(
                f"{self.server.url}/slack/events",
                secret,
                fake=self.fake,
                team_id=self.fake.team_id,
                timeout=self.answer_timeout,
            )
        self.bridge = Bridge(self.fake, self.sender, timeout=self.answer_timeout)
        self.fake.subscribe(self._on_change)
        routes.install(self)
        self._saver = threading.Thread(target=self._save_loop, name="sandbox-save", daemon=True)
        self._saver.start()
        if self.demo and not saved:
            from bot.sandbox import demo

            demo.seed(self)
        elif self.demo:
            log.info("--demo: %s already has a workspace; keeping it", self.db_path)
        if self.use_scheduler:
            from bot.jobs.scheduler import start_scheduler

            self._scheduler = start_scheduler(self.rt)
        return self

    def _connect_socket(self) -> None:
        from bot.socket_mode import socket_handler
        from bot.testing.fake_socket import FakeSocketMode
        from bot.testing.socket_sender import SocketSender

        self.socket_mode = FakeSocketMode(self.fake).start()
        self.handler = socket_handler(self.app, self.socket_mode.app_token)
        self.handler.connect()
        self.socket_mode.wait_connected(1)
        self.sender = SocketSender(self.socket_mode, timeout=self.answer_timeout)

    def stop(self) -> None:
        """Stop serving and save the workspace."""
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
        self._stopped.set()
        with self._changed:
            self._changed.notify_all()
        self.rt.drain()
        self._saver.join()
        self.save()
        if self.socket:
            self.handler.close()
            self.socket_mode.stop()
        else:
            self.server.stop()
        self.fake.stop()
        self.db.dispose()

    @property
    def stopping(self) -> bool:
        """True once stop() began."""
        return self._stopped.is_set()

    @property
    def url(self) -> str:
        """The page's address."""
        return self.fake.root_url

    # -- change notification and persistence -----------------------------------------------

    def _on_change(self, kind: str, obj: object) -> None:
        if kind == "call":
            return
        if kind == "message":
            self.times.setdefault(obj.ts, self.clock().isoformat())  # type: ignore[attr-defined]
        self.touch()

    def touch(self) -> None:
        """Something changed: wake the page's long polls and schedule a save."""
        with self._changed:
            self.version += 1
            self._changed.notify_all()
        self._dirty.set()

    def wait_for_change(self, since: int, timeout: float) -> None:
        """Block until the version passes `since` (a long poll), or timeout."""
        with self._changed:
            self._changed.wait_for(
                lambda: self.version > since or self._stopped.is_set(), min(timeout, 30)
            )

    def save(self) -> None:
        """Write the clock, the fake's workspace and message times next to the bot's DB."""
        self._dirty.clear()
        times = dict(self.times)  # a copy: the bot may be posting while this is written
        self.store.save(
            {"clock": self.clock().isoformat(), "slack": dump(self.fake), "times": times}
        )

    def _save_loop(self) -> None:
        while not self._stopped.is_set():
            if self._dirty.wait(0.5) and not self._stopped.is_set():
                try:
                    self.save()
                except Exception:  # a failed save is retried shortly
                    log.exception("could not save the sandbox state")
                    self._dirty.set()
                    self._stopped.wait(2)

    # -- the clock ---------------------------------------------------------------------------

    def advance(self, step: str) -> dict[str, Any]:
        """+1 hour, +1 day or the next standup, running the jobs that come due on the way."""
        with self._advancing:
            now = self.clock()
            if step in STEPS:
                until = now + STEPS[step]
            elif step == "standup":
                until = sandbox_clock.next_standup(self.rt, now)
            else:
                return {"ok": False, "error": f"unknown step {step!r}"}
            posted = sandbox_clock.advance(self.rt, self.clock, until)
        self.touch()
        return {"ok": True, "now": until.isoformat(), "posted": posted}


def run_sandbox(args: argparse.Namespace) -> None:
    """Run until Ctrl-C; prints the page's address."""
    try:
        sb = Sandbox(
            args.db,
            host=args.host,
            port=args.port,
            demo=args.demo,
            socket=args.socket,
            lang=getattr(args, "lang", "en"),
        ).start()
    except OSError as exc:
        raise SystemExit(
            f"teamtrack: can't serve the sandbox on {args.host}:{args.port}: {exc}"
        ) from None
    mode = " (Socket Mode)" if args.socket else ""
    print(f"TeamTrack sandbox{mode}: {sb.url}", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    sb.stop()


def main(argv: list[str] | None = None) -> None:
    """`python -m bot.sandbox`: the same options as `teamtrack sandbox`, no environment needed."""
    parser = argparse.ArgumentParser(prog="python -m bot.sandbox")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3000)
    parser.add_argument("--db", default="sandbox.db")
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--socket", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    run_sandbox(args)
