"""Each person's Slack language, read once in a while with `users.info(include_locale=True)`.

What only one person sees (ephemeral replies, DMs, modals, App Home) is written in their Slack
language when it is one of ours, else in their project's. Looking a person up costs a Web API
call, so answers are kept for `ttl` seconds; a `user_change` event forgets the person at once.
A failed lookup is remembered as unknown for the same time, so a Slack outage costs no more calls.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.i18n import Lang, lang_of_locale

log = logging.getLogger(__name__)

LOOKUP_TIMEOUT = 1.0  # seconds; Slack wants the ack within 3


class Locales:
    def __init__(self, ttl: float = 600.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self._clock = ttl, clock
        self._known: dict[tuple[str, str], tuple[Lang | None, float]] = {}
        self._lock = threading.Lock()

    def lang(
        self, client: Callable[[], WebClient | None], team_id: str, user_id: str
    ) -> Lang | None:
        """The person's language, or None when their locale is not one of ours or unknown.

        `client` gives the workspace's client, asked for only when the person must be looked up.
        """
        if not user_id:
            return None
        key, now = (team_id, user_id), self._clock()
        with self._lock:
            kept = self._known.get(key)
        if kept and now - kept[1] < self.ttl:
            return kept[0]
        web = client()
        if web is None:
            return None
        found = self._look_up(web, user_id)
        with self._lock:
            if len(self._known) > 10_000:  # a bound, not a policy: start over
                self._known.clear()
            self._known[key] = (found, now)
        return found

    def learn(self, team_id: str, user_id: str, locale: str | None) -> None:
        """Keep a locale read by another `users.info` call, so the person costs one lookup."""
        with self._lock:
            self._known[(team_id, user_id)] = (lang_of_locale(locale), self._clock())

    def known(self, team_id: str, user_id: str) -> Lang | None:
        """The person's language if already looked up (and not stale), without asking Slack."""
        with self._lock:
            kept = self._known.get((team_id, user_id))
        return kept[0] if kept and self._clock() - kept[1] < self.ttl else None

    def forget(self, team_id: str, user_id: str) -> None:
        with self._lock:
            self._known.pop((team_id, user_id), None)

    @staticmethod
    def _look_up(client: WebClient, user_id: str) -> Lang | None:
        # On the way to a slash command's ack: one short try, never the app client's retries
        # (a 429's Retry-After would be slept here). A miss falls back to the project's language.
        quick = WebClient(
            token=client.token, base_url=client.base_url, timeout=LOOKUP_TIMEOUT, retry_handlers=[]
        )
        try:
            user = quick.users_info(user=user_id, include_locale=True).get("user") or {}
        except SlackApiError as exc:
            log.info("users.info %s failed: %s", user_id, exc.response.get("error"))
            return None
        except Exception:  # noqa: BLE001 - a language is never worth failing a request
            log.warning("users.info %s failed", user_id, exc_info=True)
            return None
        return lang_of_locale(user.get("locale"))
