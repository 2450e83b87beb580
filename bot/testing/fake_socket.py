"""Slack's Socket Mode, faked over a real WebSocket beside FakeSlack's Web API.

`apps.connections.open` (called with the app-level token) hands out a one-use `ws://` URL; a client
that connects gets `hello`, then envelopes (`slash_commands`, `interactive`, `events_api`), each of
which it must acknowledge with its `envelope_id` (and, where Slack accepts one, a response payload).
The fake can ask the client to reconnect (`disconnect` with `refresh_requested` / `link_disabled`)
or drop the connection without a closing handshake. As Slack does, an Events API envelope left
unacknowledged by a dropped connection is delivered again on the next one (`retry_attempt` + 1);
a slash command or an interaction is not (the person sees the app fail to answer).
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import struct
import threading
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from bot.testing.fake_records import SlackError

if TYPE_CHECKING:
    from bot.testing.fake_slack import FakeSlack

log = logging.getLogger(__name__)

Args = dict[str, Any]


@dataclass
class Envelope:
    """One delivery to the app and what became of it."""

    envelope_id: str
    type: str  # slash_commands | interactive | events_api
    payload: Args
    accepts_response_payload: bool
    retry_attempt: int = 0
    retry_reason: str = ""
    sent_on: list[int] = field(default_factory=list)  # link numbers it went out on
    ack: Args | None = None  # the acknowledgement as the app sent it
    acked: threading.Event = field(default_factory=threading.Event)

    def frame(self) -> str:
        """The envelope as Slack writes it on the socket."""
        body: Args = {
            "envelope_id": self.envelope_id,
            "payload": self.payload,
            "type": self.type,
            "accepts_response_payload": self.accepts_response_payload,
        }
        if self.type == "events_api":
            body.update(retry_attempt=self.retry_attempt, retry_reason=self.retry_reason)
        return json.dumps(body)

    @property
    def response(self) -> Args | None:
        """The ack's response payload (a command's answer, a view_submission's response_action)."""
        return (self.ack or {}).get("payload") if self.acked.is_set() else None


@dataclass
class _Link:
    number: int
    conn: ServerConnection
    closing: bool = False  # told to disconnect: nothing new goes out on it


class FakeSocketMode:
    """The Socket Mode side of a FakeSlack: a WebSocket server and what it delivered."""

    def __init__(
        self, fake: FakeSlack, app_token: str = "xapp-1-A0001-1-socket", host: str = "127.0.0.1"
    ) -> None:
        self.fake, self.app_token, self.host = fake, app_token, host
        self.envelopes: list[Envelope] = []
        self.links: list[_Link] = []  # open connections, oldest first
        self.opened = 0  # connections that got their hello
        self.stray: list[str] = []  # frames from the app that were not a known ack
        self.ignore_acks = False  # acks lost on the way, as when a connection dies under them
        self._tickets: set[str] = set()
        self._lock = threading.Condition()
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> FakeSocketMode:
        """Serve WebSockets on a free port and answer apps.connections.open on the fake."""
        self._server = serve(self._serve, self.host, 0, process_request=self._check_ticket)
        self.port = self._server.socket.getsockname()[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="FakeSocketMode", daemon=True
        )
        self._thread.start()
        self.fake.add_method("apps.connections.open", self._connections_open)
        return self

    def stop(self) -> None:
        """Close every connection and stop serving."""
        if self._server is not None:
            self._server.shutdown()
            self._server = None
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def __enter__(self) -> FakeSocketMode:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- apps.connections.open and the handshake ----------------------------------------------

    def _connections_open(self, args: Args, token: str) -> Args:
        if not token.startswith("xapp-"):
            raise SlackError("not_allowed_token_type")
        if token != self.app_token:
            raise SlackError("invalid_auth")
        ticket = str(uuid.uuid4())
        with self._lock:
            self._tickets.add(ticket)
        url = f"ws://{self.host}:{self.port}/link/?ticket={ticket}&app_id={self.fake.app_id}"
        return {"url": url}

    def _check_ticket(self, conn: ServerConnection, request: Any) -> Any:
        url = urlsplit(request.path)
        ticket = (parse_qs(url.query).get("ticket") or [""])[0]
        with self._lock:
            known = url.path.rstrip("/") == "/link" and ticket in self._tickets
            self._tickets.discard(ticket)  # a URL is good for one connection
        return None if known else conn.respond(401, "invalid or used ticket\n")

    # -- one connection ------------------------------------------------------------------------

    def _serve(self, conn: ServerConnection) -> None:
        with self._lock:
            self.opened += 1
            link = _Link(self.opened, conn)
            hello = {
                "type": "hello",
                "num_connections": len(self.links) + 1,
                "debug_info": {
                    "host": "applink-fake",
                    "build_number": 1,
                    "approximate_connection_time": 18060,
                },
                "connection_info": {"app_id": self.fake.app_id},
            }
            conn.send(json.dumps(hello))
            self.links.append(link)
            # What waited for a connection (never sent, or re-sent after a drop) goes out now.
            for env in self.envelopes:
                if not env.acked.is_set() and not env.sent_on:
                    self._send(link, env)
            self._lock.notify_all()
        try:
            for frame in conn:
                self._received(frame)
        except ConnectionClosed:
            pass
        finally:
            self._closed(link)

    def _received(self, frame: str | bytes) -> None:
        try:
            ack = json.loads(frame)
        except ValueError:
            ack = None
        with self._lock:
            env = next(
                (
                    e
                    for e in self.envelopes
                    if isinstance(ack, dict) and e.envelope_id == ack.get("envelope_id")
                ),
                None,
            )
            if env is None or env.acked.is_set() or self.ignore_acks:
                self.stray.append(frame if isinstance(frame, str) else frame.decode())
                self._lock.notify_all()
                return
            env.ack = ack
            env.acked.set()
            self._lock.notify_all()

    def _closed(self, link: _Link) -> None:
        with self._lock:
            if link in self.links:
                self.links.remove(link)
            # Slack redelivers an event the app never acknowledged; commands and clicks it does not.
            for env in self.envelopes:
                if env.acked.is_set() or not env.sent_on or env.sent_on[-1] != link.number:
                    continue
                if env.type == "events_api" and env.retry_attempt < 3:
                    env.retry_attempt += 1
                    env.retry_reason = "timeout"
                    env.sent_on.clear()
                    if self._live():
                        self._send(self._live()[-1], env)
            self._lock.notify_all()

    def _live(self) -> list[_Link]:
        return [link for link in self.links if not link.closing]

    def _send(self, link: _Link, env: Envelope) -> None:
        env.sent_on.append(link.number)
        with contextlib.suppress(ConnectionClosed):  # _closed() redelivers it if Slack would
            link.conn.send(env.frame())

    # -- what a test (or the sandbox) does -----------------------------------------------------

    def deliver(self, kind: str, payload: Args, *, accepts_response_payload: bool) -> Envelope:
        """Send an envelope on the newest connection, or on the next one when none is open."""
        env = Envelope(str(uuid.uuid4()), kind, payload, accepts_response_payload)
        with self._lock:
            self.envelopes.append(env)
            live = self._live()
            if live:
                self._send(live[-1], env)
        return env

    def send(
        self, kind: str, payload: Args, *, accepts_response_payload: bool, timeout: float = 3.0
    ) -> Envelope:
        """deliver() and wait for the ack; TimeoutError when none came within `timeout`."""
        env = self.deliver(kind, payload, accepts_response_payload=accepts_response_payload)
        if not env.acked.wait(timeout):
            raise TimeoutError(f"no ack for {kind} envelope {env.envelope_id} in {timeout:g} s")
        return env

    def wait_for_stray(self, envelope_id: str, timeout: float = 5.0) -> None:
        """Block until a frame naming `envelope_id` arrived and was not taken as its ack (a lost
        ack, with `ignore_acks`): the app answers an envelope once it has handled it."""
        with self._lock:
            if not self._lock.wait_for(
                lambda: any(envelope_id in frame for frame in self.stray), timeout
            ):
                raise AssertionError(f"no frame for envelope {envelope_id} within {timeout}s")

    def wait_connected(self, opened: int = 1, timeout: float = 10.0) -> None:
        """Block until `opened` connections in all have said hello and one is open."""
        with self._lock:
            if not self._lock.wait_for(
                lambda: self.opened >= opened and bool(self._live()), timeout
            ):
                raise AssertionError(
                    f"expected connection #{opened} within {timeout}s; {self.opened} opened so far"
                )

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the app to reconnect, as Slack does before it retires a connection."""
        message = {
            "type": "disconnect",
            "reason": reason,
            "debug_info": {"host": "applink-fake"},
        }
        with self._lock:
            for link in self._live():
                link.closing = True
                with contextlib.suppress(ConnectionClosed):
                    link.conn.send(json.dumps(message))

    def drop(self, *, reset: bool = True) -> None:
        """Cut every connection with no closing handshake: a TCP reset, or with reset=False a bare FIN."""
        with self._lock:
            links = list(self.links)
        for link in links:
            link.closing = True
            sock = link.conn.socket
            try:
                if reset:  # linger 0: close() sends RST, as a crashed or restarted edge does
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    sock.close()
                else:
                    sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._closed(link)  # what it left unacknowledged waits for the next connection
