"""After a standup answer, whichever way it came: the member's reminder DMs say they answered."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk.errors import SlackApiError

from bot.blocks import standup as views
from bot.runtime import Runtime
from bot.services import standup_reminders as reminders

log = logging.getLogger(__name__)


def settle_reminders(
    rt: Runtime, team_id: str, user_id: str, found: reminders.Answered | None
) -> Callable[[], None]:
    """After an answer: the member's reminder DMs say they answered, in place. A DM Slack will
    not update (deleted meanwhile) is logged; the answer is stored all the same."""

    def settle() -> None:
        if found is None:
            return
        text, blocks = views.reminder_answered(found.view, rt.reader(team_id, user_id, found.lang))
        done = []
        for row, channel, ts in found.dms:
            try:
                rt.client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
                done.append(row)
            except SlackApiError as exc:
                log.warning("standup reminder %s %s not marked answered: %s", channel, ts, exc)
        if done:
            with rt.db.session() as session:
                reminders.settled(session, done)

    return settle
