"""App Home publishing: render one person's Home in their language and publish it, debounced.

`create_app` builds one `HomePublisher` per process and puts it on the Runtime (`rt.homes`);
listeners call `refresh_homes(rt, team_id, people)` after a change, from deferred work.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from bot.blocks.home import home_view
from bot.services.home import home, home_lang, to_view

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)


# At most one publish of a person's App Home per this many seconds (per process): under steady load
# every task change would otherwise republish it back-to-back, each a read of ~7 statements and a
# views.publish call.
REFRESH_SECONDS = 5.0

Key = tuple[int, str, str]


def _timer(delay: float, fn: Callable[[], None]) -> None:
    timer = threading.Timer(delay, fn)
    timer.daemon = True  # a trailing publish must not hold the process open at shutdown
    timer.start()


class Debouncer:
    """At most one publish per key per window; changes meanwhile fold into one trailing publish.

    `monotonic` and `later(delay, fn)` are injectable so tests drive time by hand.
    """

    def __init__(
        self,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        later: Callable[[float, Callable[[], None]], None] = _timer,
    ) -> None:
        self._monotonic = monotonic
        self._later = later
        self._lock = threading.Lock()
        self._dirty: set[Key] = set()
        self._busy: set[Key] = set()  # publishing now, or a trailing publish is scheduled
        self._last: dict[Key, float] = {}  # when each key's last publish started

    def run(self, key: Key, publish: Callable[[], None], window: float) -> None:
        """Publish now if the window since the last publish has passed, else once when it does."""
        with self._lock:
            self._dirty.add(key)
            if key in self._busy:
                return  # the running publisher (or the scheduled one) sees the flag
            self._busy.add(key)
        self._drive(key, publish, window)

    def _drive(self, key: Key, publish: Callable[[], None], window: float) -> None:
        try:
            while True:
                with self._lock:
                    if key not in self._dirty:
                        self._busy.discard(key)
                        return
                    now = self._monotonic()
                    wait = self._last.get(key, -math.inf) + window - now
                    if wait > 0:
                        self._later(wait, lambda: self._trailing(key, publish, window))
                        return
                    self._dirty.discard(key)
                    if window > 0:
                        self._remember(key, now, window)
                publish()
        except BaseException:
            with self._lock:
                self._busy.discard(key)
            raise

    def _trailing(self, key: Key, publish: Callable[[], None], window: float) -> None:
        try:
            self._drive(key, publish, window)
        except Exception:
            log.exception("App Home %s not published", key[2])

    def _remember(self, key: Key, now: float, window: float) -> None:
        # Called under the lock. Forget people idle for a whole window so the map stays small.
        if len(self._last) > 1000:
            for k in [
                k for k, at in self._last.items() if at + window <= now and k not in self._busy
            ]:
                del self._last[k]
        self._last[key] = now


class HomePublisher:
    """Publishes people's App Home, at most once per window each; the last change always shown."""

    def __init__(self, debouncer: Debouncer | None = None) -> None:
        self.debouncer = debouncer or Debouncer()

    def publish(self, rt: Runtime, team_id: str, user_id: str) -> None:
        """Render and publish one person's App Home, in their language, at once."""
        with rt.db.session() as session:
            data = home(session, team_id, user_id, rt.clock())
        tr = rt.reader(team_id, user_id, home_lang(data))
        rt.client.views_publish(user_id=user_id, view=home_view(to_view(data), tr))

    def refresh(
        self,
        rt: Runtime,
        team_id: str,
        user_ids: Iterable[str | None],
        *,
        window: float | None = None,
    ) -> None:
        """Publish each person's App Home, debounced; one person's failure stops no other."""
        seconds = refresh_window(rt) if window is None else window
        for user_id in dict.fromkeys(u for u in user_ids if u):
            try:
                self.debouncer.run(
                    (id(rt.db), team_id, user_id),  # rt is per request; the database per process
                    lambda u=user_id: self.publish(rt, team_id, u),
                    seconds,
                )
            except Exception:
                log.exception("App Home of %s not published", user_id)


def refresh_window(rt: Runtime) -> float:
    """Seconds between two publishes of one person's App Home in this runtime."""
    return rt.home_refresh_seconds


def refresh_homes(
    rt: Runtime, team_id: str, user_ids: Iterable[str | None], *, window: float | None = None
) -> None:
    """Publish each person's App Home, at most once per `window` s, the last change always shown."""
    rt.homes.refresh(rt, team_id, user_ids, window=window)


def publish_home(rt: Runtime, team_id: str, user_id: str) -> None:
    """Render and publish one person's App Home now (after changing their tasks, claims or risks)."""
    rt.homes.publish(rt, team_id, user_id)
