"""While the database can't be reached, every command, click and modal answers "try again"."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import App, BoltResponse

from bot.blocks.plain import field_error
from bot.commands.base import tell
from bot.i18n import Tr
from bot.tenancy import owning_team


def _message(rt: Any, body: dict[str, Any], context: Any) -> str:
    """In the person's language when it is already known (no lookup: the answer can't wait)."""
    user = body.get("user_id") or (body.get("user") or {}).get("id") or ""
    lang = rt.locales.known(owning_team(context, body), user)
    return Tr(lang or "en")("common.db_unavailable")


def on_error(error: Exception, body: dict[str, Any], context: Any, logger: logging.Logger) -> BoltResponse | None:  # fmt: skip
    """Bolt's error handler for listeners and middleware: a database outage gets an answer the
    user reads (its transaction rolled back, nothing written); anything else is logged as Bolt does."""
    rt = context.get("rt")
    if rt is None or not rt.db.unavailable(error):
        logger.exception("Failed to run listener function (error: %s)", error)
        return None
    message = _message(rt, body, context)
    if body.get("command"):
        return _json({"response_type": "ephemeral", "text": f":hourglass: {message}"})
    kind = body.get("type")
    if kind == "view_submission":
        # Under the modal's first field: the modal stays open with what was typed, to send again.
        blocks = (body.get("view") or {}).get("blocks") or []
        field = next((b.get("block_id") for b in blocks if b.get("type") == "input"), None)
        if field:
            return _json({"response_action": "errors", "errors": {field: field_error(message)}})
    if kind in ("block_actions", "view_submission", "shortcut", "message_action"):
        rt.defer(lambda: tell(rt, body, f":hourglass: {message}"))
        return BoltResponse(status=200, body="")
    # Events: not 200, so Slack delivers them again later, when they can be stored.
    return BoltResponse(status=503, body="")


def _json(body: dict[str, Any]) -> BoltResponse:
    return BoltResponse(
        status=200, body=json.dumps(body), headers={"content-type": "application/json"}
    )


def register(app: App) -> None:
    app.error(on_error)
