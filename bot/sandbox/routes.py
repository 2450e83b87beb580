"""The page's HTTP API, served by FakeSlack next to the Web API: a snapshot long-poll and actions."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

from babel.dates import format_date

from bot.testing.fake_slack import Message, RawRequest

if TYPE_CHECKING:
    from bot.sandbox.main import Sandbox

log = logging.getLogger(__name__)

STATIC = {
    "index.html": "text/html; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}
IMAGES = ("png", "jpg", "jpeg", "gif", "svg", "webp")
Handled = tuple[int, dict[str, str], bytes]


def _json(body: Any, status: int = 200) -> Handled:
    headers = {"Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store"}
    return status, headers, json.dumps(body).encode()


def _static(name: str) -> Handled:
    if name not in STATIC:
        return 404, {"Content-Type": "text/plain"}, b"not found"
    body = resources.files("bot.sandbox").joinpath("static", name).read_bytes()
    return 200, {"Content-Type": STATIC[name], "Cache-Control": "no-store"}, body


def _day(local: datetime, lang: str) -> str:
    """A day separator as Slack writes it in the person's language."""
    if lang == "zh":
        return format_date(local.date(), "M月d日 EEEE", locale="zh_CN")
    return local.strftime("%A, %d %B")


def _message(
    m: Message, times: dict[str, str], tz: ZoneInfo, me: str, lang: str = "en"
) -> dict[str, Any]:
    at = times.get(m.ts) or datetime.fromtimestamp(float(m.ts), UTC).isoformat()
    local = datetime.fromisoformat(at).astimezone(tz)
    files = [
        {
            "id": f.id,
            "title": f.title or f.filename,
            "url": f"/files/{f.id}/{f.filename}",
            "image": f.filename.rsplit(".", 1)[-1].lower() in IMAGES,
        }
        for f in m.files
    ]
    return {
        "ts": m.ts,
        "user": m.user,
        "text": m.text,
        "blocks": m.blocks,
        "attachments": m.attachments,
        "thread_ts": m.thread_ts,
        "reply_count": m.reply_count,
        "broadcast": m.reply_broadcast,
        "ephemeral": m.ephemeral_to == me,
        "edited": m.updated_count > 0,
        "files": files,
        "reactions": {k: len(v) for k, v in m.reactions.items()},
        "time": local.strftime("%H:%M"),
        "day": _day(local, lang),
    }


def _lang(locale: str) -> str:
    """The page's language switch value for a Slack locale: `zh` for any Chinese one."""
    return "zh" if locale.lower().startswith("zh") else "en"


def snapshot(sb: Sandbox, me: str) -> dict[str, Any]:
    """Everything the page shows for one person."""
    fake, tz = sb.fake, ZoneInfo(sb.timezone)
    now = sb.clock().astimezone(tz)
    with fake._lock:
        lang = _lang(fake.users[me].locale) if me in fake.users else "en"
        users = {
            u.id: {"name": u.name, "real_name": u.real_name, "bot": u.is_bot}
            for u in fake.users.values()
        }
        channels = [
            {"id": c.id, "name": c.name, "dm": False}
            for c in fake.channels.values()
            if not c.im_user and me in c.members
        ]
        dm = "D" + me[1:]
        channels.append({"id": dm, "name": "TeamTrack", "dm": True})
        ids = {c["id"] for c in channels}
        messages: dict[str, list[dict[str, Any]]] = {cid: [] for cid in ids}
        for m in fake.messages:
            if m.channel in ids and not m.deleted and m.ephemeral_to in (None, me):
                messages[m.channel].append(_message(m, sb.times, tz, me, lang))
        stack = fake.modal_stack(me)
        modal = None
        if stack:
            top = stack[-1]
            modal = {"id": top.id, "hash": top.hash, "view": top.view, "depth": len(stack)}
        home = next((v for v in fake.views.values() if v.kind == "home" and v.user == me), None)
    return {
        "version": sb.version,
        "me": me,
        "bot": fake.bot_user_id,
        "people": [
            {"id": u, "title": sb.titles[u], "lang": _lang(fake.users[u].locale)} for u in sb.people
        ],
        "users": users,
        "shortcuts": sb.bridge.shortcuts,
        "channels": channels,
        "messages": messages,
        "modal": modal,
        "home": {"id": home.id, "hash": home.hash, "view": home.view} if home else None,
        "clock": {
            "iso": now.isoformat(),
            "label": (
                format_date(now.date(), "y年M月d日 EEE", locale="zh_CN") + now.strftime(" %H:%M")
                if lang == "zh"
                else now.strftime("%a %d %b %Y, %H:%M")
            ),
            "tz": sb.timezone,
        },
    }


def _body(req: RawRequest) -> dict[str, Any]:
    try:
        data = json.loads(req.body or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def install(sb: Sandbox) -> None:
    """Serve the page and its API from the fake's HTTP server."""
    fake = sb.fake

    def state(req: RawRequest) -> Handled | None:
        query = {k: v[-1] for k, v in parse_qs(req.query).items()}
        me = query.get("user") or sb.people[0]
        if me not in sb.people:
            return _json({"error": f"unknown person {me}"}, 400)
        since = int(query.get("since") or -1)
        sb.wait_for_change(since, timeout=float(query.get("wait") or 20))
        if sb.stopping:
            return None  # shutting down: drop the long poll rather than write to a closed page
        return _json(snapshot(sb, me))

    def post(req: RawRequest) -> Handled:
        what = req.path.removeprefix("/sandbox/")
        body = _body(req)
        user = str(body.get("user") or "")
        if user not in sb.people:
            return _json({"ok": False, "error": "say who you are"}, 400)
        if what == "send":
            result = sb.bridge.send(
                user,
                str(body.get("channel") or ""),
                str(body.get("text") or ""),
                body.get("thread_ts"),
            )
        elif what == "action":
            result = sb.bridge.click(user, body)
        elif what == "shortcut":
            result = sb.bridge.shortcut(
                user,
                str(body.get("channel") or ""),
                str(body.get("ts") or ""),
                str(body.get("callback_id") or ""),
            )
        elif what == "submit":
            result = sb.bridge.submit(
                user, str(body.get("view_id") or ""), body.get("values") or {}
            )
        elif what == "close":
            result = sb.bridge.close(str(body.get("view_id") or ""))
        elif what == "home":
            result = sb.bridge.open_home(user)
        elif what == "language":
            result = sb.bridge.set_language(user, str(body.get("lang") or ""))
        elif what == "clock":
            result = sb.advance(str(body.get("step") or ""))
        else:
            return _json({"ok": False, "error": "not found"}, 404)
        sb.touch()
        return _json(result)

    def root(req: RawRequest) -> Handled:
        # A "/" route catches every GET, so the fake's own GET paths are handed back to it.
        if req.path in ("/", "/index.html"):
            return _static("index.html")
        if req.path.startswith("/static/"):
            return _static(req.path.removeprefix("/static/"))
        parts = req.path.strip("/").split("/")
        if parts[0] == "files" and len(parts) >= 2:
            return fake._download(parts[1])  # type: ignore[return-value]
        if parts[0] == "api" and len(parts) == 2:
            return fake._api(parts[1], req)  # type: ignore[return-value]
        return 404, {"Content-Type": "text/plain"}, b"not found"

    fake.add_route("GET", "/sandbox/state", state)
    fake.add_route("POST", "/sandbox/", post)
    fake.add_route("GET", "/", root)
