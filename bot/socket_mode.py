"""`teamtrack socket`: the app over Socket Mode (Bolt's handler on slack_sdk's built-in client),
with the scheduler in the same process. docs/socket-mode.md says why this client."""

from __future__ import annotations

import logging
import signal
import sys
import threading

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.errors import SlackApiError

from bot.config import Settings

log = logging.getLogger(__name__)

# Seconds between the client's pings; a connection dropped without a close frame is noticed by
# the next ping and replaced at the check after it (docs/socket-mode.md has the measurements).
PING_INTERVAL = 5.0


def socket_handler(app: App, app_token: str, *, ping_interval: float = PING_INTERVAL):
    """Bolt's Socket Mode handler for `app`: the built-in client, no extra dependency."""
    return SocketModeHandler(app, app_token, ping_interval=ping_interval)


def run_socket(settings: Settings, *, ping_interval: float = PING_INTERVAL) -> None:
    """Connect, run the scheduler beside the connection, and stop cleanly on SIGTERM or SIGINT."""
    from bot.app import create_app
    from bot.jobs.scheduler import start_scheduler
    from bot.store.db import upgrade

    if settings.slack_app_token is None:
        print(
            "teamtrack: SLACK_APP_TOKEN is missing (Socket Mode needs an xapp- token)",
            file=sys.stderr,
        )
        raise SystemExit(2)
    upgrade(settings.database_url)
    built = create_app(settings)
    app, runtime = built.app, built.runtime
    handler = socket_handler(
        app, settings.slack_app_token.get_secret_value(), ping_interval=ping_interval
    )
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    try:
        handler.connect()
    except SlackApiError as exc:
        handler.close()
        print(
            f"teamtrack: Slack refused SLACK_APP_TOKEN for Socket Mode ({exc.response['error']})",
            file=sys.stderr,
        )
        raise SystemExit(2) from None
    scheduler = start_scheduler(runtime)
    log.info("Socket Mode: connected, scheduler running")
    stop.wait()
    log.info("Socket Mode: stopping")
    handler.close()  # waits for the envelopes being handled
    scheduler.shutdown()  # waits for a running tick
    runtime.drain()
    log.info("Socket Mode: stopped")
