"""Slack event ids already handled, so a redelivered event changes nothing twice."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from bot.runtime import Runtime
from bot.store.models import ProcessedEvent


def first_delivery(rt: Runtime, event_id: str, team_id: str) -> bool:
    """Record `event_id`; False when it was recorded before."""
    try:
        with rt.db.session() as session:
            session.add(ProcessedEvent(event_id=event_id, team_id=team_id, received_at=rt.clock()))
    except IntegrityError:
        return False
    return True
