"""The App Home tab: a person's open tasks (with buttons), claims, risks and projects' health."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from slack_sdk.models.views import View

from bot.blocks.common import context, dicts, divider, header, safe, section
from bot.blocks.task import buttons, line
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
        blocks.append(section("_You are in no project yet._"))
    for p in data.projects:
        h = p.health
        blocks.append(
            section(
                f"{h.emoji} *{p.project.key}* · {safe(p.project.name)} — *{h.status.upper()}*: "
                f"{safe(h.reason)}\n<#{p.project.channel_id}> · {p.role}"
            )
        )
    blocks += [divider(), header("My claims")]
    claims = [
        f"`C-{c.number}` *{safe(r.name)}* {c.start_date} → {c.end_date} · {c.hours:g} h · {p.key}"
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


class _Coalescer:
    """One publish at a time per person; requests arriving meanwhile fold into one more run."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._dirty: set[tuple[int, str, str]] = set()
        self._busy: set[tuple[int, str, str]] = set()

    def run(self, key: tuple[int, str, str], publish: Callable[[], None]) -> None:
        with self._lock:
            self._dirty.add(key)
            if key in self._busy:
                return  # the running publisher sees the flag and publishes again
            self._busy.add(key)
        try:
            while True:
                with self._lock:
                    if key not in self._dirty:
                        self._busy.discard(key)
                        return
                    self._dirty.discard(key)
                publish()
        except BaseException:
            with self._lock:
                self._busy.discard(key)
            raise


_coalescer = _Coalescer()


def refresh_homes(rt: Runtime, team_id: str, user_ids: Iterable[str | None]) -> None:
    """Publish the App Home of each person named (bursts fold together; one failure stops no other)."""
    for user_id in dict.fromkeys(u for u in user_ids if u):
        try:
            _coalescer.run(
                (id(rt), team_id, user_id), lambda u=user_id: publish_home(rt, team_id, u)
            )
        except Exception:
            log.exception("App Home of %s not published", user_id)
