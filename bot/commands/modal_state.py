"""A modal's submitted state read as plain values, and mistakes sent back onto its fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.blocks.plain import field_error


def view_values(view: dict[str, Any]) -> dict[str, Any]:
    """A modal's state as {block_id: value}: text, date, user, option value or list of values."""
    out: dict[str, Any] = {}
    for block_id, actions in (view.get("state") or {}).get("values", {}).items():
        for action in actions.values():
            kind = action.get("type")
            if kind == "datepicker":
                out[block_id] = action.get("selected_date")
            elif kind in ("users_select",):
                out[block_id] = action.get("selected_user")
            elif kind in ("static_select", "external_select"):
                option = action.get("selected_option")
                out[block_id] = option.get("value") if option else None
            elif kind in ("multi_static_select",):
                out[block_id] = [o["value"] for o in action.get("selected_options") or []]
            elif kind in ("multi_users_select",):
                out[block_id] = action.get("selected_users") or []
            else:
                value = action.get("value")
                out[block_id] = value.strip() if isinstance(value, str) and value.strip() else None
    return out


def refuse_fields(ack: Callable[..., None], errors: dict[str, str]) -> None:
    """Refuse a modal submission with an error under each field, as plain text (Slack shows no mrkdwn there)."""
    ack(response_action="errors", errors={block: field_error(msg) for block, msg in errors.items()})
