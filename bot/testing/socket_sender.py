"""SlackSender's payloads, delivered as Socket Mode envelopes instead of signed HTTP requests."""

from __future__ import annotations

import json
from typing import Any

from bot.testing.fake_socket import Envelope, FakeSocketMode
from bot.testing.signed import Reply, SlackSender

# Slack takes a response payload in the ack of these interactions (a view_submission's
# response_action, a block_suggestion's options); a click's answer goes to its response_url.
_ANSWERED_IN_ACK = {"view_submission", "block_suggestion"}


class SocketSender(SlackSender):
    """What a person does, sent over the fake's WebSocket; each Reply is the app's ack."""

    def __init__(self, socket: FakeSocketMode, *, timeout: float = 3.0, **kwargs: Any) -> None:
        super().__init__(
            "", "", fake=socket.fake, team_id=socket.fake.team_id, timeout=timeout, **kwargs
        )
        self.socket = socket
        self.last: Envelope | None = None

    def _send(self, kind: str, payload: dict[str, Any], answered: bool) -> Reply:
        # A missing ack is a TimeoutError, an OSError like a refused or timed-out HTTP request.
        env = self.socket.send(
            kind, payload, accepts_response_payload=answered, timeout=self.timeout
        )
        self.last = env
        body = env.response
        return Reply(200, json.dumps(body).encode() if body else b"")

    def _payload(self, payload: dict[str, Any]) -> Reply:
        return self._send("interactive", payload, payload.get("type") in _ANSWERED_IN_ACK)

    def _command(self, fields: dict[str, str]) -> Reply:
        return self._send("slash_commands", dict(fields), True)

    def _event(
        self, envelope: dict[str, Any], retry_num: int | None, retry_reason: str | None
    ) -> Reply:
        return self._send("events_api", envelope, False)

    def raw(self, body: bytes, headers: dict[str, str]) -> Reply:
        raise NotImplementedError("Socket Mode has no HTTP requests to forge")
