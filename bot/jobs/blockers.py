"""Blocker escalation: a DM to each project owner about a blocker open `blocker_standups` standups
in a row, once per blocker and owner. It runs after standup-summary in each tick, since the
summary is what counts the standups a blocker stayed open."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.blocks import standup as views
from bot.jobs import delivery, job
from bot.jobs.delivery import Post, RunKey
from bot.jobs.standup import post
from bot.runtime import Runtime
from bot.services import alert_hours
from bot.services.project_settings import ProjectSettings
from bot.services.standup_blockers import due_escalations, escalation_view, owners_of
from bot.store.models import Blocker, Project

log = logging.getLogger(__name__)

NAME = "blocker-escalation"


def _key(blocker: Blocker, project: Project, owner: str) -> RunKey:
    return RunKey(NAME, project.id, "open", recipient=owner, item=f"blocker:{blocker.id}")


@job(NAME)
def escalate(rt: Runtime, now: datetime, *, project_key: str | None = None) -> int:
    """DM the owners about blockers open `blocker_standups` standups in a row, once per owner.

    An escalation is an alert: it goes out only inside the project's alert window (alert_hours),
    so one due by a summary caught up at night waits for the next working morning.
    """
    with rt.db.session() as session:
        due = [
            (b, p) for b, p in due_escalations(session, project_key) if alert_hours.is_open(p, now)
        ]
        if not due:
            return 0
        owners = owners_of(session, [p.id for _, p in due])
        shown = {b.id: escalation_view(p, b) for b, p in due}
        langs = {p.id: ProjectSettings.lang_of(p) for _, p in due}
    posts = [
        # To each owner in their own language, else the project's.
        Post([_key(b, p, o)], p.team_id, lambda keys, b=b, p=p, o=o: post(
            rt, p.team_id,
            views.escalation_message(shown[b.id], rt.reader(p.team_id, o, langs[p.id], today=p.today(now))),
            keys, channel=o,
        ))
        for b, p in due
        for o in owners.get(p.id, [])
    ]  # fmt: skip
    # One at a time: few, and one owner's DMs arrive in blocker order.
    posted = delivery.deliver(rt, posts, now=now)
    with rt.db.session() as session:
        # A blocker is escalated once every owner's DM went out (whichever process sent it).
        sent = delivery.done(session, [k for p in posts for k in p.keys])
        for b, p in due:
            keys = [_key(b, p, o) for o in owners.get(p.id, [])]
            if not keys:
                log.warning("blocker %s has no project owner to escalate to", b.id)
            if all(k in sent for k in keys):
                blocker = session.get(Blocker, b.id)
                if blocker is not None:
                    blocker.escalated_at = now
    return posted
