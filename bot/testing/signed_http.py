"""Signed like Slack: the X-Slack-* signature, and the HTTP POST that carries each payload."""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

# Local servers only: a proxy from the environment must never see these requests.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def sign(signing_secret: str, body: bytes, timestamp: int) -> dict[str, str]:
    """The X-Slack-* headers Slack sends; the same base string as SignatureVerifier."""
    base = f"v0:{timestamp}:{body.decode('utf-8')}".encode()
    digest = hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"}


@dataclass
class Reply:
    """What the app answered."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def json(self) -> dict[str, Any] | None:
        """The body as a JSON object, or None when it is empty or not JSON."""
        try:
            data = json.loads(self.body)
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    @property
    def text(self) -> str:
        """The ack's "text" when it is JSON with one, else the body as text."""
        data = self.json
        if data is not None and isinstance(data.get("text"), str):
            return data["text"]
        return self.body.decode("utf-8", "replace")


class SignedHttp:
    """A sender's payloads as Slack's signed HTTP requests to the app's endpoint.

    Mixed into SlackSender, which sets the endpoint, secret, clock and timeout up.
    """

    events_url: str
    signing_secret: str
    clock: Callable[[], float]
    timeout: float
    last_sent: tuple[bytes, dict[str, str]] | None

    def raw(self, body: bytes, headers: dict[str, str]) -> Reply:
        """POST body with exactly these headers (unsigned, badly signed, stale...)."""
        req = urllib.request.Request(self.events_url, data=body, headers=headers, method="POST")
        try:
            with _opener.open(req, timeout=self.timeout) as resp:
                return Reply(resp.status, resp.read(), dict(resp.headers.items()))
        except urllib.error.HTTPError as e:
            return Reply(e.code, e.read(), dict(e.headers.items()))

    def _signed(
        self, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> Reply:
        signature = sign(self.signing_secret, body, int(self.clock()))
        self.last_sent = (body, {"Content-Type": content_type, **signature, **(headers or {})})
        return self.raw(*self.last_sent)

    def replay(self, headers: dict[str, str] | None = None) -> Reply:
        """Send the last signed request again, byte for byte (plus `headers`), as an attacker could."""
        assert self.last_sent is not None, "nothing sent yet"
        body, sent = self.last_sent
        return self.raw(body, {**sent, **(headers or {})})

    # The three ways Slack delivers; SocketSender sends the same payloads over Socket Mode instead.

    def _payload(self, payload: dict[str, Any]) -> Reply:
        """An interaction (block_actions, view_submission, message_action...)."""
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self._signed(body, "application/x-www-form-urlencoded")

    def _command(self, fields: dict[str, str]) -> Reply:
        """A slash command's form fields."""
        return self._signed(urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def _event(
        self, envelope: dict[str, Any], retry_num: int | None, retry_reason: str | None
    ) -> Reply:
        """An Events API event_callback; retry_num adds Slack's redelivery headers."""
        headers = {}
        if retry_num is not None:
            headers = {
                "X-Slack-Retry-Num": str(retry_num),
                "X-Slack-Retry-Reason": retry_reason or "http_timeout",
            }
        return self._signed(json.dumps(envelope).encode(), "application/json", headers)
