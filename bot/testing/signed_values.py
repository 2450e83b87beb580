"""The state.values of a submitted view or a click, as Slack sends each input's state."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.testing.fake_records import View


def text_value(value: str | None) -> dict[str, Any]:
    """A plain_text_input's state."""
    return {"type": "plain_text_input", "value": value}


def number_value(value: float | str | None) -> dict[str, Any]:
    """A number_input's state (Slack sends the number as a string)."""
    return {"type": "number_input", "value": None if value is None else str(value)}


def date_value(value: str | None) -> dict[str, Any]:
    """A datepicker's state, e.g. date_value("2026-12-04")."""
    return {"type": "datepicker", "selected_date": value}


def time_value(value: str | None) -> dict[str, Any]:
    """A timepicker's state, e.g. time_value("09:30")."""
    return {"type": "timepicker", "selected_time": value}


def user_value(user: str | None) -> dict[str, Any]:
    """A users_select's state."""
    return {"type": "users_select", "selected_user": user}


def users_value(users: Iterable[str]) -> dict[str, Any]:
    """A multi_users_select's state."""
    return {"type": "multi_users_select", "selected_users": list(users)}


def channel_value(channel: str | None) -> dict[str, Any]:
    """A conversations_select's state."""
    return {"type": "conversations_select", "selected_conversation": channel}


def option_object(value: str, text: str | None = None) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": text or value, "emoji": True}, "value": value}


def option_value(value: str | None, text: str | None = None) -> dict[str, Any]:
    """A static_select's state, e.g. option_value("high")."""
    return {
        "type": "static_select",
        "selected_option": None if value is None else option_object(value, text),
    }


def options_value(values: Iterable[str]) -> dict[str, Any]:
    """A multi_static_select's state."""
    return {"type": "multi_static_select", "selected_options": [option_object(v) for v in values]}


def radio_value(value: str | None) -> dict[str, Any]:
    """A radio_buttons' state."""
    return {
        "type": "radio_buttons",
        "selected_option": None if value is None else option_object(value),
    }


def checkbox_value(values: Iterable[str]) -> dict[str, Any]:
    """A checkboxes' state."""
    return {"type": "checkboxes", "selected_options": [option_object(v) for v in values]}


def initial_values(view: dict[str, Any] | View) -> dict[str, dict[str, Any]]:
    """{block_id: element state} for every input as the view filled it in: what Slack sends for
    fields the user leaves alone (a submission carries every input's state, not only the changed)."""
    blocks = (view.view if isinstance(view, View) else view).get("blocks") or []
    out: dict[str, dict[str, Any]] = {}
    for block in blocks:
        element = block.get("element") if block.get("type") == "input" else None
        if not element or not block.get("block_id"):
            continue
        kind, block_id = element.get("type"), block["block_id"]
        if kind == "plain_text_input":
            out[block_id] = text_value(element.get("initial_value"))
        elif kind == "datepicker":
            out[block_id] = date_value(element.get("initial_date"))
        elif kind == "users_select":
            out[block_id] = user_value(element.get("initial_user"))
        elif kind == "static_select":
            out[block_id] = {"type": kind, "selected_option": element.get("initial_option")}
    return out


def values_for(view: dict[str, Any] | View, by_id: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """state.values from {action_id or input block_id: element state}; the other id is looked up."""
    blocks = (view.view if isinstance(view, View) else view).get("blocks") or []
    where: dict[str, tuple[str, str]] = {}  # id -> (block_id, action_id)
    for block in blocks:
        elements = [block["element"]] if "element" in block else block.get("elements") or []
        for element in elements:
            if isinstance(element, dict) and "action_id" in element:
                pair = (block.get("block_id") or element["action_id"], element["action_id"])
                where[element["action_id"]] = pair
                if "element" in block and block.get("block_id"):
                    where.setdefault(block["block_id"], pair)  # an action_id wins a clash
    missing = sorted(set(by_id) - set(where))
    if missing:
        raise KeyError(f"no input {missing} in the view; it has {sorted(where)}")
    values: dict[str, Any] = {}
    for key, state in by_id.items():
        block_id, action_id = where[key]
        values.setdefault(block_id, {})[action_id] = state
    return values


def state_values(view: dict[str, Any], values: dict[str, Any] | None) -> dict[str, Any]:
    """Full state.values, accepting the values_for shorthand ({id: element state}) too."""
    values = values or {}
    short = {
        k: v for k, v in values.items() if isinstance(v, dict) and isinstance(v.get("type"), str)
    }
    if not short:
        return values
    out = {k: dict(v) for k, v in values.items() if k not in short}
    for block_id, actions in values_for(view, short).items():
        out.setdefault(block_id, {}).update(actions)
    return out
