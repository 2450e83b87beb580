"""The WSGI application: `POST /slack/events` for Slack, `GET /healthz` for load balancers."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from typing import Protocol

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.after_response import Answer, holding, start_all

log = logging.getLogger(__name__)

# What Slack sends: a Unix time in seconds and `v0=` with a hex SHA-256. Anything else would reach
# slack_sdk's verifier, which calls int() on the timestamp and turns "abc" into a 500.
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
_REFUSED = json.dumps({"error": "invalid request"}).encode()


class Pingable(Protocol):
    """What `/healthz` asks of the database (`bot.store.db.Database`)."""

    def ping(self) -> None: ...

    def unavailable(self, exc: BaseException) -> bool: ...


class WebApp:
    """Routes health checks to the database and everything else to Bolt."""

    def __init__(self, app: App, db: Pingable) -> None:
        self.app, self.db = app, db
        self.slack = SlackRequestHandler(app, path="/slack/events")

    def __call__(self, environ: dict, start_response) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz" and environ.get("REQUEST_METHOD") in (
            "GET",
            "HEAD",
        ):
            return self._healthz(start_response)
        if environ.get("REQUEST_METHOD") == "POST" and (why := _malformed(environ)):
            log.info("refused a request with malformed signature headers: %s", why)
            start_response(
                "401 Unauthorized",
                [("Content-Type", "application/json"), ("Content-Length", str(len(_REFUSED)))],
            )
            return [_REFUSED]
        with holding() as held:
            try:
                body = self.slack(environ, start_response)
            except BaseException:
                start_all(held)
                raise
        return Answer(body, held)

    def _healthz(self, start_response) -> list[bytes]:
        db = self.db
        try:
            db.ping()
            status, body = "200 OK", {"ok": True, "database": "ok"}
        except Exception as exc:  # any database failure makes the replica unhealthy
            if db.unavailable(exc):  # logged once an outage, not at every probe
                reason = "unreachable"
            else:
                log.warning("health check failed: %s", exc)
                reason = str(exc)[:200]
            status, body = "503 Service Unavailable", {"ok": False, "database": reason}
        payload = json.dumps(body).encode()
        start_response(
            status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))]
        )
        return [payload]


def _malformed(environ: dict) -> str | None:
    """Why the signature headers cannot be checked at all, or None when they have Slack's shape."""
    timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
    signature = environ.get("HTTP_X_SLACK_SIGNATURE")
    if timestamp is None or signature is None:
        return "no X-Slack-Request-Timestamp or X-Slack-Signature header"
    if not _TIMESTAMP.fullmatch(timestamp):
        return f"X-Slack-Request-Timestamp {timestamp[:20]!r} is not a Unix time"
    if not _SIGNATURE.fullmatch(signature):
        return f"X-Slack-Signature {signature[:20]!r} is not v0= and a hex digest"
    return None
