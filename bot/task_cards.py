"""A task's own message in its channel: posted when it is added, redrawn in place when it changes.

Outside `bot/commands` so the scheduled jobs (a standup blocker marking a task blocked) redraw
a card the same way a command does.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.blocks import task as views
from bot.runtime import Runtime
from bot.services import task_deps, task_views, tasks
from bot.services.project_settings import channel_tr
from bot.store.models import Project, Task


def card_message(session: Session, project: Project, task: Task, now: datetime) -> dict[str, Any]:
    view = task_views.card_of(session, project, task, project.today(now))
    return views.card(view, channel_tr(project, now))


def post_card(rt: Runtime, team_id: str, task_id: int, channel: str, card: dict[str, Any]) -> None:
    """Post the task's own message (the bot owns it, so it can update it) and remember where."""
    resp = rt.client.chat_postMessage(channel=channel, **card)
    tasks.remember_message(rt.db, team_id, task_id, resp["channel"], resp["ts"])


def update_card(
    rt: Runtime, team_id: str, task_id: int, *, dependants: bool = False,
    now: datetime | None = None,
) -> None:  # fmt: skip
    """Redraw the task's message in place (chat.update), if it has one; with `dependants`, the
    cards of the tasks that wait on it too (it was done, canceled or reopened: their "waits on"
    changed). `now` is the job's; a command's is the runtime clock's."""
    update_cards(rt, team_id, [task_id], dependants=dependants, now=now)


def update_cards(
    rt: Runtime, team_id: str, task_ids: Iterable[int], *, dependants: bool = False,
    now: datetime | None = None,
) -> None:  # fmt: skip
    """`update_card` for several tasks of a team, read in one session."""
    now = now or rt.clock()
    with rt.db.session() as session:
        cards = []
        for task_id in dict.fromkeys(task_ids):
            project, task = tasks.get_by_id(session, team_id, task_id, include_closed=True)
            shown = [task, *(task_deps.successors(session, task) if dependants else ())]
            cards += [
                ({"channel": t.message_channel, "ts": t.message_ts},
                 card_message(session, project, t, now))
                for t in shown
                if t.message_ts
            ]  # fmt: skip
    for where, card in cards:
        rt.client.chat_update(**where, **card)
