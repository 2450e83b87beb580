"""`teamtrack socket`: the app over Socket Mode (Bolt's handler on slack_sdk's built-in client),
with the scheduler in the same process. docs/socket-mode.md says why this client."""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
import sys
import threading

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.builtin.connection import Connection, ConnectionState
from slack_sdk.socket_mode.request import SocketModeRequest

from bot.after_response import Start, holding, start_all
from bot.config import Settings

log = logging.getLogger(__name__)

# Seconds between the client's pings; a connection dropped without a close frame is noticed by
# the next ping and replaced at the check after it (docs/socket-mode.md has the measurements).
PING_INTERVAL = 5.0


class PromptClient(SocketModeClient):
    """slack_sdk's built-in client, reading a new connection at once when it replaces one.

    On `disconnect` (Slack's `refresh_requested` every few hours, `link_disabled`) the client opens
    a new connection and closes the old one under the old one's receive lock, which its reading
    thread holds through a blocking `recv` of up to 3 s; only then does it read the new one, so
    the first envelope after a refresh was acknowledged 3.1 s late, past Slack's 3 s. Shutting the
    old socket down first ends that `recv` at once. `connect` is the built-in client's own
    (slack_sdk 3.3x) with that one step added.
    """

    def connect(self) -> None:
        old_session = self.current_session
        old_state = self.current_session_state
        if self.wss_uri is None:
            self.wss_uri = self.issue_new_wss_url()
        current_session = Connection(
            url=self.wss_uri,
            logger=self.logger,
            ping_interval=self.ping_interval,
            trace_enabled=self.trace_enabled,
            all_message_trace_enabled=self.all_message_trace_enabled,
            ping_pong_trace_enabled=self.ping_pong_trace_enabled,
            receive_buffer_size=self.receive_buffer_size,
            proxy=self.proxy,
            proxy_headers=self.proxy_headers,
            on_message_listener=self._on_message,
            on_error_listener=self._on_error,
            on_close_listener=self._on_close,
            ssl_context=self.web_client.ssl,
        )
        current_session.connect()
        if old_state is not None:
            old_state.terminated = True
        if old_session is not None:
            if old_session.sock is not None:  # the one step added: end the old read now
                with contextlib.suppress(OSError):
                    old_session.sock.shutdown(socket.SHUT_RDWR)
            old_session.close()
        self.current_session = current_session
        self.current_session_state = ConnectionState()
        self.auto_reconnect_enabled = self.default_auto_reconnect_enabled
        if not self.current_app_monitor_started:
            self.current_app_monitor_started = True
            self.current_app_monitor.start()
        self.logger.info(f"A new session has been established (session id: {self.session_id()})")

    def disconnect(self) -> None:
        """The built-in client's, ending the reading thread's blocking `recv` first (as `connect`
        does for a replaced connection), so closing the client doesn't wait up to 3 s for it."""
        session = self.current_session
        if session is not None and session.sock is not None:
            with contextlib.suppress(OSError):
                session.sock.shutdown(socket.SHUT_RDWR)
        super().disconnect()

    def close(self) -> None:
        """The built-in client's, without waiting out the message processor's one-second read of
        its queue: the processor is told to stop, then woken by an empty message it skips."""
        self.message_processor.event.set()
        self.message_queue.put(None)
        super().close()


class PromptHandler(SocketModeHandler):
    """Bolt's Socket Mode handler on `PromptClient`."""

    def __init__(self, app: App, app_token: str, *, ping_interval: float) -> None:
        self.app, self.app_token = app, app_token
        self.client = PromptClient(
            app_token=app_token,
            logger=app.logger,
            web_client=app.client,
            proxy=app.client.proxy,
            ping_interval=ping_interval,
        )
        self.client.socket_mode_request_listeners.append(self.handle)  # type: ignore[arg-type]

    def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        """Bolt's, with the work the request defers started once its ack is sent (`bot.after_response`)."""
        held: list[Start] = []
        try:
            with holding() as held:
                super().handle(client, req)
        finally:
            start_all(held)


def socket_handler(app: App, app_token: str, *, ping_interval: float = PING_INTERVAL):
    """Bolt's Socket Mode handler for `app`: the built-in client, no extra dependency."""
    return PromptHandler(app, app_token, ping_interval=ping_interval)


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
