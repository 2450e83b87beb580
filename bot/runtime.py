"""What every listener and job needs, built once per process and passed in."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from bot.after_response import start_after_response
from bot.clock import Clock, sleeper, system_clock, utc_day
from bot.config import Settings
from bot.dates import DateParser, default_parser
from bot.home_publisher import HomePublisher
from bot.i18n import Lang, Tr, pick_lang
from bot.locales import Locales
from bot.services.answers import Answers
from bot.slack_client import make_client
from bot.store.db import Database
from bot.store.installations import installed_bot

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    db: Database
    client: WebClient
    clock: Clock = system_clock
    dates: DateParser = field(default_factory=default_parser)
    answers: Answers = field(default_factory=Answers)
    locales: Locales = field(default_factory=Locales)
    # App Home publishes per person at most this often (0: every change at once, for tests and the sandbox).
    home_refresh_seconds: float = 5.0
    # Publishes App Home, debounced per person (`bot.home_publisher`); one per process.
    homes: HomePublisher = field(default_factory=HomePublisher)
    # OAuth mode: the installations (None in token mode, where `client` serves the one workspace).
    installations: SQLAlchemyInstallationStore | None = None
    _pool: Executor = field(default_factory=lambda: ThreadPoolExecutor(4, "teamtrack-after"))
    _pending: set[Future[None]] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def client_for(self, team_id: str) -> WebClient | None:
        """The client for a workspace's (or org's) installation; None when it has none active.

        Token mode: the one client. OAuth mode: the installation's bot token on a client like it;
        a workspace installed inside an Enterprise Grid org is found by its team id alone.
        """
        if self.installations is None:
            return self.client
        bot = installed_bot(self.installations, team_id)
        if bot is None or not bot.bot_token:
            return None
        return make_client(self.settings, bot.bot_token, sleep=sleeper(self.clock))

    def for_team(self, team_id: str | None) -> Runtime | None:
        """This runtime speaking as a workspace's installation: its client is that installation's.

        What jobs use for each project's posts; None when the workspace has no active installation
        (never installed, uninstalled, tokens revoked), so nothing of it is claimed or posted.
        """
        if self.installations is None:
            return self
        client = self.client_for(team_id) if team_id else None
        return None if client is None else replace(self, client=client)

    def reader(
        self,
        team_id: str,
        user_id: str,
        project_lang: str | None = None,
        *,
        today: date | None = None,
    ) -> Tr:
        """How to write to one person: their Slack language, else their project's, else English.

        `today` is their day, which decides whether a date is written with its year: their
        project's local day where one is known. Left out it is the UTC date of this runtime's
        clock, which is the request's now; a job passes the day of its own `now`.
        """
        own: Lang | None = self.locales.lang(lambda: self.client_for(team_id), team_id, user_id)
        return Tr(pick_lang(own, project_lang), today or utc_day(self.clock()))

    def user_lookup(self, team_id: str) -> Callable[[str], dict[str, Any] | None]:
        """`users.info` for `bot.services.profiles` (None for a user not in the workspace); the
        locale it returns is learnt on the way, for what the person is sent next. On this
        runtime's client: a job's speaker for the workspace, or the request's."""
        client = self.client

        def lookup(user_id: str) -> dict[str, Any] | None:
            try:
                found = client.users_info(user=user_id, include_locale=True)["user"]
            except SlackApiError as exc:
                if exc.response.get("error") in ("user_not_found", "users_not_found"):
                    return None
                raise
            self.locales.learn(team_id, user_id, found.get("locale"))
            return found

        return lookup

    def defer(self, fn: Callable[[], None]) -> None:
        """Run `fn` after the request has been answered (notifications, App Home refreshes).

        Over HTTP it starts once the answer is written (`bot.after_response`); `drain` waits for
        it from the moment it is deferred, started or not.
        """
        future: Future[None] = Future()
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._forget)
        start_after_response(lambda: self._pool.submit(_run, future, fn))

    def drain(self, timeout: float = 10.0) -> None:
        """Wait for deferred work to finish (tests, shutdown)."""
        with self._lock:
            pending = set(self._pending)
        wait(pending, timeout=timeout)

    def _forget(self, future: Future[None]) -> None:
        with self._lock:
            self._pending.discard(future)


def _run(future: Future[None], fn: Callable[[], None]) -> None:
    try:
        _logged(fn)
    finally:
        future.set_result(None)


def _logged(fn: Callable[[], None]) -> None:
    try:
        fn()
    except Exception:
        log.exception("deferred work failed")
