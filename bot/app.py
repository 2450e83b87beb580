"""The app factory: a Bolt App wired to one Runtime."""

from __future__ import annotations

import logging

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from bot import commands
from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.runtime import Runtime
from bot.services import events
from bot.slack_client import make_client
from bot.store.db import Database

log = logging.getLogger(__name__)


def create_app(
    settings: Settings,
    client: WebClient | None = None,
    *,
    db: Database | None = None,
    clock: Clock = system_clock,
    home_refresh_seconds: float = 5.0,
) -> App:
    """Build the Bolt app; `client`, `db` and `clock` are injectable for tests and the sandbox."""
    client = client or make_client(settings)
    runtime = Runtime(
        settings=settings,
        db=db or Database(settings.database_url),
        client=client,
        clock=clock,
        home_refresh_seconds=home_refresh_seconds,
    )
    app = App(
        client=client,
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        # Answer inside the ack: no thread hand-off and 10 ms ack polling per request.
        process_before_response=True,
        token_verification_enabled=False,
        ignoring_self_events_enabled=True,
    )
    app.use(_inject_runtime(runtime))
    app.use(_drop_redelivered_events(runtime))
    commands.register(app)
    app.runtime = runtime  # type: ignore[attr-defined]
    return app


def _inject_runtime(runtime: Runtime):
    def inject(context, next):  # noqa: A002 - Bolt passes `next` by name
        context["rt"] = runtime
        next()

    return inject


def _drop_redelivered_events(runtime: Runtime):
    def dedupe(body, next):  # noqa: A002
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not events.first_delivery(runtime, event_id, body.get("team_id") or ""):
            log.info("event %s already handled; Slack retried it", event_id)
            return BoltResponse(status=200, body="")
        next()

    return dedupe
