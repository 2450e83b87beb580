"""The WSGI application: `POST /slack/events` for Slack, `GET /healthz` for load balancers."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

log = logging.getLogger(__name__)


class WebApp:
    """Routes health checks to the database and everything else to Bolt."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.slack = SlackRequestHandler(app, path="/slack/events")

    def __call__(self, environ: dict, start_response) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz" and environ.get("REQUEST_METHOD") in (
            "GET",
            "HEAD",
        ):
            return self._healthz(start_response)
        return self.slack(environ, start_response)

    def _healthz(self, start_response) -> list[bytes]:
        db = self.app.runtime.db  # type: ignore[attr-defined]
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
