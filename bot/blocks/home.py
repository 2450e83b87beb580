"""The App Home tab: a person's open tasks (with buttons), claims, risks and projects' health."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from slack_sdk.models.views import View

from bot.blocks.common import context, day_label, dicts, divider, header, safe, section
from bot.blocks.task import buttons, line
from bot.format import hours
from bot.runtime import Runtime
from bot.services.home import Home, home
from bot.services.scoring import band, score

log = logging.getLogger(__name__)


def home_view(data: Home) -> dict[str, Any]:
    """The Home tab view for one person."""
    blocks: list[Any] = [header("My open tasks")]
    if not data.tasks:
        blocks.append(section("_No open tasks. `/task add` in a project channel adds one._"))
    for item in data.tasks:
        text = f"*{item.project.key}* {line(item.task, item.today)}"
        blocks += [section(text), buttons(item.task)]
    if data.more_tasks:
        blocks.append(context(f"…and {data.more_tasks} more: `/task list mine` in each project."))
    blocks += [divider(), header("My projects")]
    if not data.projects:
        none = "_No open projects._" if data.closed else "_You are in no project yet._"
        blocks.append(section(none))
    for p in data.projects:
        h = p.health
        blocks.append(
            section(
                f"{h.emoji} *{p.project.key}* · {safe(p.project.name)} — *{h.status.upper()}*: "
                f"{safe(h.reason)}\n<#{p.project.channel_id}> · {p.role}"
            )
        )
    if data.closed:
        blocks += [divider(), header("Closed projects")]
        lines = [
            f"*{p.key}* · {safe(p.name)} · <#{p.channel_id}>"
            + (f" · closed on {day_label(day)}" if day else "")
            for p, day in data.closed
        ]
        blocks.append(section("\n".join(lines)))
    blocks += [divider(), header("My claims")]
    claims = [
        f"`C-{c.number}` *{safe(r.name)}* {c.start_date} → {c.end_date} · {hours(c.hours)} · {p.key}"
        + (" · :warning: over-allocated" if c.over_allocated else "")
        for p, c, r in data.claims
    ]
    blocks.append(section("\n".join(claims) or "_No current claims._"))
    blocks += [divider(), header("My open risks")]
    risks = [
        f"`R-{r.number}` {safe(r.title)} · {band(score(r.likelihood, r.impact))} "
        f"({score(r.likelihood, r.impact)}) · {p.key}"
        for p, r in data.risks
    ]
    blocks.append(section("\n".join(risks) or "_No open risks._"))
    return View(type="home", blocks=dicts(blocks[:100])).to_dict()


def publish_home(rt: Runtime, team_id: str, user_id: str) -> None:
    """Render and publish one person's App Home (call after changing their tasks, claims or risks)."""
    with rt.db.session() as session:
        view = home_view(home(session, team_id, user_id, rt.clock()))
    rt.client.views_publish(user_id=user_id, view=view)


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


_debouncer = Debouncer()


def refresh_window(rt: Runtime) -> float:
    """Seconds between two publishes of one person's App Home in this runtime."""
    return rt.home_refresh_seconds


def refresh_homes(
    rt: Runtime, team_id: str, user_ids: Iterable[str | None], *, window: float | None = None
) -> None:
    """Publish each person's App Home, at most once per `window` s, the last change always shown."""
    # `window` defaults to refresh_window(rt); one person's failure stops no other.
    seconds = refresh_window(rt) if window is None else window
    for user_id in dict.fromkeys(u for u in user_ids if u):
        try:
            _debouncer.run(
                (id(rt.db), team_id, user_id),  # per process, not per request (rt is per request)
                lambda u=user_id: publish_home(rt, team_id, u),
                seconds,
            )
        except Exception:
            log.exception("App Home of %s not published", user_id)
