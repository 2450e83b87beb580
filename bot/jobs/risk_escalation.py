"""Critical-risk announcements: each target told once per entry into the band; failures retried by the tick."""

from __future__ import annotations

from datetime import datetime

from bot.blocks import risk_replies as views
from bot.jobs import delivery, job, served, speaker
from bot.jobs.delivery import Post, RunKey
from bot.runtime import Runtime
from bot.services import critical_risks
from bot.views.risk import Escalation

JOB = "risk-escalation"


def deliver(rt: Runtime, esc: Escalation, now: datetime) -> int:
    """Send what has not yet reached its target; mark the risk escalated once every target is settled."""
    text, blocks = views.escalation(esc)
    targets = [esc.digest_channel] if esc.digest_channel else esc.user_ids
    keys = {
        t: RunKey(
            JOB, esc.project_id, esc.since.isoformat(), recipient=t, item=f"risk:{esc.risk_id}"
        )
        for t in targets
    }
    if not served(rt, [esc.team_id]):
        return 0  # uninstalled: announced if it comes back, never through another's token
    rt = speaker(rt, esc.team_id)
    posted = delivery.deliver(
        rt,
        [
            Post([key], esc.team_id, lambda won, t=t: rt.client.chat_postMessage(
                channel=t, text=text, blocks=blocks, metadata=delivery.metadata(won)
            ))
            for t, key in keys.items()
        ],
        now=now,
    )  # fmt: skip
    with rt.db.session() as session:
        if targets and len(delivery.done(session, keys.values())) == len(keys):
            critical_risks.mark_escalated(session, esc.risk_id, esc.since, now)
    return posted


@job(JOB)
def retry_pending(rt: Runtime, now: datetime, *, project_key: str | None = None) -> int:
    """Announce open critical risks whose announcement has not got through yet."""
    with rt.db.session() as session:
        pending = [
            critical_risks.escalation(session, project, risk, risk.created_by)
            for project, risk in critical_risks.unescalated(session)
            if project_key is None or project.key == project_key.upper()
        ]
    return sum(deliver(rt, esc, now) for esc in pending)
