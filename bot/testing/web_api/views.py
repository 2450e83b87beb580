"""views.*: modals opened, pushed and updated, and App Home published."""

from __future__ import annotations

from typing import Any

from bot.testing.fake_records import SlackError
from bot.testing.fake_state import Workspace
from bot.testing.web_api.checks import Args, check_blocks, required


def _check_view(view: Any, kinds: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(view, dict) or view.get("type") not in kinds:
        raise SlackError(
            "invalid_arguments", response_metadata={"messages": ["[ERROR] invalid `type`"]}
        )
    problems = []
    title = view["title"].get("text", "") if isinstance(view.get("title"), dict) else ""
    if view["type"] == "modal" and not 0 < len(title) <= 24:
        problems.append("title must be 1 to 24 characters [json-pointer:/view/title/text]")
    if len(view.get("private_metadata") or "") > 3000:
        problems.append("must be less than 3001 characters [json-pointer:/view/private_metadata]")
    if len(view.get("callback_id") or "") > 255:
        problems.append("must be less than 256 characters [json-pointer:/view/callback_id]")
    if problems:
        raise SlackError("invalid_arguments", response_metadata={"messages": problems})
    check_blocks(view.get("blocks") or [], 100)
    return view


def open_modal(ws: Workspace, a: Args, *, push: bool) -> Args:
    view = _check_view(a.get("view"), ("modal",))
    trigger = a.get("trigger_id") or a.get("interactivity_pointer")
    if not trigger:
        raise SlackError(
            "invalid_arguments", response_metadata={"messages": ["[ERROR] missing trigger_id"]}
        )
    user = ws._use_trigger(trigger)
    stack = ws.modal_stack(user)
    if push and len(stack) >= 3:
        raise SlackError("push_limit_reached")
    if push and stack:
        return {
            "view": ws._new_view(user, view, "modal", root=stack[0].id, prev=stack[-1].id).payload()
        }
    opened = ws._new_view(user, view, "modal")
    for old in stack:  # a new views.open starts a new stack
        old.is_open = False
        ws._emit("view", old)
    return {"view": opened.payload()}


def views_update(ws: Workspace, a: Args) -> Args:
    view = _check_view(a.get("view"), ("modal", "home"))
    vid, ext = a.get("view_id"), a.get("external_id")
    found = [
        v for v in ws.views.values() if (vid and v.id == vid) or (ext and v.external_id == ext)
    ]
    if not found:
        raise SlackError("not_found")
    v = found[0]
    if a.get("hash") and a["hash"] != v.hash:
        raise SlackError("hash_conflict")
    v.view, v.hash = view, ws._new_hash()
    ws._emit("view", v)
    return {"view": v.payload()}


def views_publish(ws: Workspace, a: Args) -> Args:
    view = _check_view(a.get("view"), ("home",))
    user = required(a, "user_id", "user_not_found")
    home = next((v for v in ws.views.values() if v.kind == "home" and v.user == user), None)
    if home is None:
        return {"view": ws._new_view(user, view, "home").payload()}
    if a.get("hash") and a["hash"] != home.hash:
        raise SlackError("hash_conflict")
    home.view, home.hash = view, ws._new_hash()
    ws._emit("view", home)
    return {"view": home.payload()}
