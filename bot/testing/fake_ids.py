"""The ids FakeSlack hands out: message ts, object ids, view hashes and one-use trigger_ids."""

from __future__ import annotations

import itertools
import secrets
import time

from bot.testing.fake_changes import Changes
from bot.testing.fake_records import SlackError


class Ids(Changes):
    """Fresh ids under the state's lock; a trigger_id is checked when it is used."""

    def __init__(self) -> None:
        super().__init__()
        self._ids = itertools.count(1)
        self._last_ts = 0
        self._triggers: dict[str, tuple[str | None, float, bool]] = {}
        self.trigger_ttl: float | None = 3.0  # Slack expires trigger_ids after 3 s

    def new_ts(self) -> str:
        """A message ts from the wall clock, strictly increasing."""
        with self._lock:
            self._last_ts = max(int(time.time() * 1_000_000), self._last_ts + 1)
            return f"{self._last_ts // 1_000_000}.{self._last_ts % 1_000_000:06d}"

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):08d}"

    def _new_hash(self) -> str:
        return f"{int(time.time())}.{next(self._ids):08x}"

    def issue_trigger(self, user: str | None = None) -> str:
        """A fresh trigger_id, remembered with its user and time so views.open can check it."""
        with self._lock:
            n = next(self._ids)
            # Unique across restarts too, as Slack's are: a counter alone repeats after one.
            trigger = f"{n}.{int(time.time())}.{secrets.token_hex(8)}"
            self._triggers[trigger] = (user, time.monotonic(), False)
            return trigger

    def _use_trigger(self, trigger: str) -> str | None:
        user, issued, used = self._triggers.get(trigger, (None, time.monotonic(), False))
        if used:
            raise SlackError("exchanged_trigger_id")
        if self.trigger_ttl is not None and time.monotonic() - issued > self.trigger_ttl:
            raise SlackError("expired_trigger_id")
        self._triggers[trigger] = (user, issued, True)
        return user
