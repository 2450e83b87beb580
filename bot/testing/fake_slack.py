"""A fake Slack Web API over real HTTP, for tests and the sandbox."""

from __future__ import annotations

import contextlib
import json
import logging
import mimetypes
import random
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import default as email_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from bot.testing.fake_records import (
    Call,
    Channel,
    File,
    Install,
    Message,
    ResponseUrlPost,
    SlackError,
    User,
    View,
)
from bot.testing.fake_state import Workspace

log = logging.getLogger(__name__)

__all__ = [
    "Call",
    "Channel",
    "FakeSlack",
    "File",
    "Message",
    "RawRequest",
    "ResponseUrlPost",
    "User",
    "View",
]

FAULTS = {"429", "500", "503", "not_ok", "disconnect", "lost"}
_JSON_ARGS = {"blocks", "attachments", "view", "files", "metadata"}

Args = dict[str, Any]
Api = Callable[[Workspace, Args], Args]
# A method added by a companion fake (e.g. Socket Mode's apps.connections.open): it sees the token.
TokenApi = Callable[[Args, str], Args]
Handled = tuple[int, dict[str, str], bytes] | None  # None: drop the connection unanswered


@dataclass
class RawRequest:
    """A request to an extra route added with FakeSlack.add_route."""

    verb: str
    path: str
    query: str
    headers: Any
    body: bytes


@dataclass
class _Fault:
    fault: str
    remaining: int
    retry_after: int
    error: str


# -- argument helpers -------------------------------------------------------------------------


def _truthy(value: Any) -> bool:
    return value in (True, 1, "1", "true", "True")


def _required(a: Args, name: str, error: str = "invalid_arguments") -> Any:
    value = a.get(name)
    if value is None or value == "":
        raise SlackError(error)
    return value


def _page(items: list[Any], a: Args, key: str, default_limit: int) -> Args:
    """Cursor pagination: the cursor is the offset as a string."""
    start = int(a.get("cursor") or 0)
    limit = int(a.get("limit") or 0) or default_limit or len(items) or 1
    end = start + limit
    return {
        key: items[start:end],
        "response_metadata": {"next_cursor": str(end) if end < len(items) else ""},
    }


def _check_blocks(blocks: Any, limit: int) -> list[dict[str, Any]]:
    """The Block Kit limits Slack itself enforces that apps most often trip over."""
    if blocks is None or blocks == "":
        return []
    if not isinstance(blocks, list) or not all(
        isinstance(b, dict) and isinstance(b.get("type"), str) for b in blocks
    ):
        raise SlackError("invalid_blocks_format")
    errors = [f"must be less than {limit + 1} items"] if len(blocks) > limit else []
    ids = [b["block_id"] for b in blocks if "block_id" in b]
    if len(ids) != len(set(ids)):
        errors.append("block_id must be unique")
    for i, b in enumerate(blocks):
        text = b.get("text") if isinstance(b.get("text"), dict) else {}
        max_len = {"section": 3000, "header": 150}.get(b["type"], 0)
        if max_len and len(text.get("text", "")) > max_len:
            errors.append(
                f"must be less than {max_len + 1} characters [json-pointer:/blocks/{i}/text/text]"
            )
        if len(b.get("fields") or []) > 10:
            errors.append(f"must be less than 11 items [json-pointer:/blocks/{i}/fields]")
    if errors:
        raise SlackError("invalid_blocks", errors=errors, response_metadata={"messages": errors})
    return blocks


def _content(a: Args) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
    text = str(a.get("text") or "")
    blocks = _check_blocks(a.get("blocks"), 50)
    attachments = a.get("attachments") or []
    if not (text or blocks or attachments):
        raise SlackError("no_text")
    if len(text) > 40_000:
        raise SlackError("msg_too_long")
    return text, blocks, attachments


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
    _check_blocks(view.get("blocks") or [], 100)
    return view


def _own_message(ws: Workspace, a: Args, ts_key: str = "ts") -> Message:
    msg = ws.find_message(ws.resolve_channel(a.get("channel")), a.get(ts_key))
    if msg is None:
        raise SlackError("message_not_found")
    return msg


# -- Web API methods ----------------------------------------------------------------------


def _auth_test(ws: Workspace, a: Args) -> Args:
    install = ws.acting()
    return {
        "url": f"{ws.root_url}/",
        "team": "TeamTrack Sandbox",
        "user": ws.users[ws.bot_user_id].name,
        "team_id": install.team_id,
        "user_id": ws.bot_user_id,
        "bot_id": install.bot_id,
        "enterprise_id": install.enterprise_id,
        "is_enterprise_install": install.is_enterprise_install,
    }


def _oauth_access(ws: Workspace, a: Args) -> Args:
    """Exchange an install's code (from FakeSlack.install_code) for that installation's bot token.

    Each installation has a bot of its own (its own bot_id), as on Slack; an id starting with "E"
    is an org-wide Enterprise Grid install (no team), else a workspace's, inside a Grid org or not.
    """
    install = ws.install_codes.pop(str(a.get("code") or ""), None)
    if install is None:
        raise SlackError("invalid_code")
    key = install.team_id or install.enterprise_id or ""
    token = f"xoxb-{key}-{len(ws.tokens) + 1}"
    ws.tokens[token] = key
    ws.installs[key] = install
    org = install.enterprise_id
    return {
        "access_token": token,
        "token_type": "bot",
        "scope": "commands,chat:write",
        "bot_user_id": ws.bot_user_id,
        "app_id": ws.app_id,
        "team": {"id": install.team_id, "name": f"Team {install.team_id}"}
        if install.team_id
        else None,
        "enterprise": {"id": org, "name": f"Org {org}"} if org else None,
        "is_enterprise_install": install.is_enterprise_install,
        "authed_user": {"id": "U0001"},
    }


def _post_message(ws: Workspace, a: Args) -> Args:
    channel = ws.resolve_channel(a.get("channel"))
    text, blocks, attachments = _content(a)
    msg = ws.add_message(
        channel,
        ws.bot_user_id,
        text,
        blocks=blocks,
        attachments=attachments,
        thread_ts=a.get("thread_ts") or None,
        reply_broadcast=_truthy(a.get("reply_broadcast")),
    )
    return {"channel": channel, "ts": msg.ts, "message": msg.to_dict()}


def _post_ephemeral(ws: Workspace, a: Args) -> Args:
    channel = ws.resolve_channel(a.get("channel"))
    user = _required(a, "user", "user_not_found")
    text, blocks, attachments = _content(a)
    ch = ws.channels.get(channel)
    # Membership is only known for channels declared with members (more than just the bot).
    if ch and not ch.im_user and len(ch.members) > 1 and user not in ch.members:
        raise SlackError("user_not_in_channel")
    msg = ws.add_message(
        channel,
        ws.bot_user_id,
        text,
        blocks=blocks,
        attachments=attachments,
        thread_ts=a.get("thread_ts") or None,
        ephemeral_to=user,
    )
    return {"message_ts": msg.ts}


def _update(ws: Workspace, a: Args) -> Args:
    msg = _own_message(ws, a)
    if msg.user != ws.bot_user_id:
        raise SlackError("cant_update_message")
    if all(a.get(k) is None for k in ("text", "blocks", "attachments")):
        raise SlackError("no_text")
    # Like Slack, fields left out keep their old value; an empty list clears blocks.
    blocks = _check_blocks(a["blocks"], 50) if a.get("blocks") is not None else msg.blocks
    text = str(a["text"]) if a.get("text") is not None else msg.text
    ws._changed_message(msg, text=text, blocks=blocks, updated_count=msg.updated_count + 1)
    return {"channel": msg.channel, "ts": msg.ts, "text": msg.text, "message": msg.to_dict()}


def _delete(ws: Workspace, a: Args) -> Args:
    msg = _own_message(ws, a)
    if msg.user != ws.bot_user_id:
        raise SlackError("cant_delete_message")
    ws._changed_message(msg, deleted=True)
    return {"channel": msg.channel, "ts": msg.ts}


def _permalink(ws: Workspace, a: Args) -> Args:
    msg = _own_message(ws, a, "message_ts")
    link = f"{ws.root_url}/archives/{msg.channel}/p{msg.ts.replace('.', '')}"
    if msg.thread_ts:
        link += f"?thread_ts={msg.thread_ts}&cid={msg.channel}"
    return {"channel": msg.channel, "permalink": link}


def _conversations_open(ws: Workspace, a: Args) -> Args:
    users = a.get("users") or ""
    users = users.split(",") if isinstance(users, str) else list(users)
    users = [u.strip() for u in users if u.strip()]
    if len(users) != 1:
        # Group DMs are not modelled; TeamTrack only ever DMs one person.
        raise SlackError("not_enough_users" if not users else "too_many_users")
    channel = ws.dm_channel(users[0])
    body = ws.channels[channel].to_dict() if _truthy(a.get("return_im")) else {"id": channel}
    return {"no_op": True, "already_open": True, "channel": body}


def _channel(ws: Workspace, a: Args) -> Channel:
    ch = ws.channels.get(str(a.get("channel") or ""))
    if ch is None:
        raise SlackError("channel_not_found")
    return ch


def _conversations_info(ws: Workspace, a: Args) -> Args:
    return {"channel": _channel(ws, a).to_dict()}


def _conversations_members(ws: Workspace, a: Args) -> Args:
    return _page(list(_channel(ws, a).members), a, "members", 100)


def _history(ws: Workspace, a: Args) -> Args:
    ch = _channel(ws, a)
    top = [
        m
        for m in ws.channel_messages(ch.id)
        if m.ephemeral_to is None and (not m.thread_ts or m.thread_ts == m.ts or m.reply_broadcast)
    ]
    return {"has_more": False, **_page([m.to_dict() for m in reversed(top)], a, "messages", 100)}


def _replies(ws: Workspace, a: Args) -> Args:
    ch, ts = _channel(ws, a), _required(a, "ts", "thread_not_found")
    thread = [
        m
        for m in ws.channel_messages(ch.id)
        if m.ephemeral_to is None and (m.ts == ts or m.thread_ts == ts)
    ]
    if not thread:
        raise SlackError("thread_not_found")
    return {"has_more": False, **_page([m.to_dict() for m in thread], a, "messages", 100)}


def _users_info(ws: Workspace, a: Args) -> Args:
    user = ws.users.get(str(a.get("user") or ""))
    if user is None:
        raise SlackError("user_not_found")
    wants_locale = str(a.get("include_locale", "")).lower() in ("1", "true")
    return {"user": user.to_dict(ws.team_id, include_locale=wants_locale)}


def _users_list(ws: Workspace, a: Args) -> Args:
    return {
        "cache_ts": int(time.time()),
        **_page([u.to_dict(ws.team_id) for u in ws.users.values()], a, "members", 0),
    }


def _open_modal(ws: Workspace, a: Args, *, push: bool) -> Args:
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


def _views_update(ws: Workspace, a: Args) -> Args:
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


def _views_publish(ws: Workspace, a: Args) -> Args:
    view = _check_view(a.get("view"), ("home",))
    user = _required(a, "user_id", "user_not_found")
    home = next((v for v in ws.views.values() if v.kind == "home" and v.user == user), None)
    if home is None:
        return {"view": ws._new_view(user, view, "home").payload()}
    if a.get("hash") and a["hash"] != home.hash:
        raise SlackError("hash_conflict")
    home.view, home.hash = view, ws._new_hash()
    ws._emit("view", home)
    return {"view": home.payload()}


def _get_upload_url(ws: Workspace, a: Args) -> Args:
    filename = _required(a, "filename")
    length = int(_required(a, "length"))
    f = File(ws._new_id("F"), filename, filename, length=length, user=ws.bot_user_id)
    ws.files[f.id] = f
    return {"upload_url": f"{ws.root_url}/upload/v1/{f.id}", "file_id": f.id}


def _complete_upload(ws: Workspace, a: Args) -> Args:
    items = a.get("files")
    if not isinstance(items, list) or not items:
        raise SlackError("invalid_arguments")
    found = [ws.files.get(str(item.get("id"))) for item in items]
    if any(f is None or not f.uploaded for f in found):
        raise SlackError("file_not_found")
    channels = a.get("channels")
    channel = a.get("channel_id") or (channels.split(",")[0] if isinstance(channels, str) else None)
    channel = ws.resolve_channel(channel) if channel else None
    thread_ts, comment = a.get("thread_ts") or None, a.get("initial_comment") or None
    shared: list[File] = []
    for item, f in zip(items, found, strict=True):
        assert f is not None  # checked above; narrows the type
        f.title, f.channel, f.thread_ts, f.initial_comment = (
            item.get("title") or f.filename,
            channel,
            thread_ts,
            comment,
        )
        f.shared, f.url_private = channel is not None, f"{ws.root_url}/files/{f.id}/{f.filename}"
        shared.append(f)
        ws._emit("file", f)
    if channel:
        ws.add_message(channel, ws.bot_user_id, comment or "", files=shared, thread_ts=thread_ts)
    return {"files": [{"id": f.id, "title": f.title} for f in shared]}


def _files_info(ws: Workspace, a: Args) -> Args:
    f = ws.files.get(str(a.get("file") or ""))
    if f is None or not f.uploaded:
        raise SlackError("file_not_found")
    return {"file": f.to_dict(), "comments": [], "response_metadata": {"next_cursor": ""}}


def _reactions_add(ws: Workspace, a: Args) -> Args:
    msg = _own_message(ws, a, "timestamp")
    name = str(_required(a, "name", "invalid_name")).strip(":")
    users = msg.reactions.get(name, [])
    if ws.bot_user_id in users:
        raise SlackError("already_reacted")
    ws._changed_message(msg, reactions={**msg.reactions, name: [*users, ws.bot_user_id]})
    return {}


API: dict[str, Api] = {
    "auth.test": _auth_test,
    "oauth.v2.access": _oauth_access,
    "chat.postMessage": _post_message,
    "chat.postEphemeral": _post_ephemeral,
    "chat.update": _update,
    "chat.delete": _delete,
    "chat.getPermalink": _permalink,
    "conversations.open": _conversations_open,
    "conversations.info": _conversations_info,
    "conversations.members": _conversations_members,
    "conversations.history": _history,
    "conversations.replies": _replies,
    "users.info": _users_info,
    "users.list": _users_list,
    "views.open": lambda ws, a: _open_modal(ws, a, push=False),
    "views.push": lambda ws, a: _open_modal(ws, a, push=True),
    "views.update": _views_update,
    "views.publish": _views_publish,
    "files.getUploadURLExternal": _get_upload_url,
    "files.completeUploadExternal": _complete_upload,
    "files.info": _files_info,
    "reactions.add": _reactions_add,
}


# -- transport -------------------------------------------------------------------------------


def _parse_args(req: RawRequest) -> Args:
    """Query string, then a JSON, form or multipart body; JSON-valued form fields decoded."""
    args: Args = {k: v[-1] for k, v in parse_qs(req.query, keep_blank_values=True).items()}
    ctype = req.headers.get("Content-Type") or ""
    if "json" in ctype or req.body.lstrip()[:1] == b"{":
        data = json.loads(req.body or b"{}")
        args.update(data if isinstance(data, dict) else {})
    elif "multipart/form-data" in ctype:
        args.update({name: value for name, value, _ in _multipart(ctype, req.body)})
    elif req.body:
        args.update(
            {k: v[-1] for k, v in parse_qs(req.body.decode(), keep_blank_values=True).items()}
        )
    for key in _JSON_ARGS & args.keys():
        if isinstance(args[key], str) and args[key][:1] in ("[", "{"):
            args[key] = json.loads(args[key])
    return args


def _multipart(ctype: str, body: bytes) -> list[tuple[str, Any, bool]]:
    """(name, value, is_file) for each part; file parts keep their bytes."""
    head = f"Content-Type: {ctype}\r\n\r\n".encode()
    msg = BytesParser(policy=email_policy).parsebytes(head + body)
    parts = []
    for part in msg.iter_parts():
        payload = part.get_payload(decode=True) or b""
        is_file = part.get_filename() is not None
        name = part.get_param("name", header="content-disposition") or ""
        parts.append((str(name), payload if is_file else payload.decode(), is_file))
    return parts


class _Handler(BaseHTTPRequestHandler):
    server: Any
    # Keep-alive, as Slack's Web API: a client may send its next call on the same connection.
    # An answer leaves in one write (buffered, flushed after each request) with Nagle off: its
    # headers and body written apart would wait on the client's delayed ACK, 40 ms a call.
    protocol_version = "HTTP/1.1"
    wbufsize = -1
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        self.server.fake._opened(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.fake._closed(self.connection)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # tests and the sandbox stay quiet; FakeSlack.calls is the log

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def _serve(self, verb: str) -> None:
        url = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        req = RawRequest(verb, unquote(url.path), url.query, self.headers, body)
        try:
            result = self.server.fake._route(req)
        except Exception:
            log.exception("FakeSlack failed on %s %s", verb, self.path)
            result = (
                500,
                {"Content-Type": "application/json"},
                b'{"ok": false, "error": "fatal_error"}',
            )
        if result is None:
            self.close_connection = True  # the "disconnect" fault: no status line at all
            return
        status, headers, payload = result
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


def _json_reply(body: Args, status: int = 200, **headers: str) -> Handled:
    return (
        status,
        {"Content-Type": "application/json; charset=utf-8", **headers},
        json.dumps(body).encode(),
    )


class FakeSlack(Workspace):
    """A Slack workspace serving the Web API, upload URLs and response_urls on a local port."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        team_id: str = "T0001",
        bot_user_id: str = "UBOT",
        bot_id: str = "B0001",
        app_id: str = "A0001",
    ) -> None:
        super().__init__(team_id=team_id, bot_user_id=bot_user_id, bot_id=bot_id, app_id=app_id)
        self.host, self.port = host, port
        self.calls: list[Call] = []
        self._faults: dict[str, list[_Fault]] = {}
        self._share: tuple[float, _Fault, random.Random, frozenset[str] | None] | None = None
        self._response_urls: dict[str, tuple[tuple[str, str] | None, str | None, str | None]] = {}
        self._routes: list[tuple[str, str, Callable[[RawRequest], Handled]]] = []
        self._methods: dict[str, TokenApi] = {}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.connections = 0  # TCP connections accepted since start
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        """Serve on a background thread; with port 0 a free port is picked."""
        server = ThreadingHTTPServer((self.host, self.port), _Handler)
        server.daemon_threads = True
        server.fake = self  # type: ignore[attr-defined]
        self.port = server.server_address[1]
        self.root_url = f"http://{self.host}:{self.port}"
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.05,), name="FakeSlack", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close every open connection and free the port."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
            self.drop_connections()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def drop_connections(self) -> None:
        """Close every open client connection from this side, as Slack's edge does to idle ones."""
        with self._open_lock:
            open_now = list(self._open)
        for sock in open_now:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _opened(self, sock: socket.socket) -> None:
        with self._open_lock:
            self.connections += 1
            self._open.add(sock)

    def _closed(self, sock: socket.socket) -> None:
        with self._open_lock:
            self._open.discard(sock)

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def api_url(self) -> str:
        """The Web API base URL, for WebClient(base_url=...)."""
        return f"{self.root_url}/api/"

    def add_route(self, verb: str, prefix: str, handler: Callable[[RawRequest], Handled]) -> None:
        """Serve extra paths (e.g. the sandbox page); handler returns (status, headers, body)."""
        self._routes.append((verb.upper(), prefix, handler))

    def add_method(self, method: str, fn: TokenApi) -> None:
        """Serve one more Web API method; fn(args, token) returns the answer or raises SlackError."""
        self._methods[method] = fn

    def install_code(self, team_id: str, enterprise_id: str | None = None) -> str:
        """The code Slack hands an installer's browser for oauth.v2.access to exchange.

        `team_id` "T…": a workspace's install (in the Grid org `enterprise_id`, if given);
        "E…": that org's org-wide install. Its bot's id follows the id: T0002 → B0002, E0001 → BE0001.
        """
        org_wide = team_id.startswith("E")
        install = Install(
            None if org_wide else team_id,
            team_id if org_wide else enterprise_id,
            org_wide,
            f"BE{team_id[1:]}" if org_wide else f"B{team_id[1:]}",
        )
        with self._mutate():
            code = f"code-{team_id}-{next(self._ids)}"
            self.install_codes[code] = install
        return code

    def revoke(self, team_id: str) -> None:
        """Revoke every bot token of a team (an uninstall): calls with them fail invalid_auth."""
        with self._mutate():
            self.revoked.update(t for t, team in self.tokens.items() if team == team_id)

    def team_of_token(self, token: str | None) -> str | None:
        """The team whose installation a token is (this workspace's for any token not issued by OAuth)."""
        return self.tokens.get(token or "", self.team_id)

    # -- recording ---------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        """Recorded calls to one Web API method, oldest first."""
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until `count` calls to method were recorded; returns all calls to it."""
        try:
            self.wait_until(lambda: len(self.calls_to(method)) >= count, timeout)
        except AssertionError:
            seen = [c.method for c in self.calls]
            raise AssertionError(
                f"expected {count} call(s) to {method} within {timeout}s; saw {seen}"
            ) from None
        return self.calls_to(method)

    def reset(self) -> None:
        """Forget recorded calls and pending faults; workspace state stays."""
        with self._mutate():
            self.calls.clear()
            self._faults.clear()
            self._share = None

    # -- faults ----------------------------------------------------------------------------

    def inject(
        self,
        method: str,
        fault: str,
        *,
        times: int = 1,
        retry_after: int = 1,
        error: str = "internal_error",
    ) -> None:
        """Answer the next `times` calls to method ("*" for any) with a 429, 500/503, not_ok, disconnect, or lost (done, then the answer dropped)."""
        if fault not in FAULTS or times < 1:
            raise ValueError(f"fault must be one of {sorted(FAULTS)} and times at least 1")
        with self._lock:
            self._faults.setdefault(method, []).append(_Fault(fault, times, retry_after, error))

    def fail_share(
        self,
        share: float,
        fault: str = "429",
        *,
        seed: int = 0,
        retry_after: int = 0,
        methods: Iterable[str] | None = None,
    ) -> None:
        """Answer a seeded pseudo-random share of calls (optionally only to `methods`) with a fault; 0 stops."""
        if fault not in FAULTS or not 0 <= share <= 1:
            raise ValueError(
                "share must be in [0, 1] and fault one of " + ", ".join(sorted(FAULTS))
            )
        with self._lock:
            template = _Fault(fault, 0, retry_after, "internal_error")
            only = frozenset(methods) if methods is not None else None
            self._share = (share, template, random.Random(seed), only) if share else None

    def _take_fault(self, method: str) -> _Fault | None:
        for key in (method, "*"):
            queue = self._faults.get(key)
            if queue:
                fault = queue[0]
                fault.remaining -= 1
                if fault.remaining <= 0:
                    queue.pop(0)
                return fault
        if self._share is not None:
            share, template, rng, only = self._share
            if (only is None or method in only) and rng.random() < share:
                return template
        return None

    # -- response_url ----------------------------------------------------------------------

    def new_response_url(
        self,
        for_message: tuple[str, str] | None = None,
        *,
        channel: str | None = None,
        user: str | None = None,
    ) -> str:
        """A response_url on this server; replace/delete_original act on `for_message` (channel, ts)."""
        with self._lock:
            key = str(next(self._ids))
            target = tuple(for_message) if for_message and for_message[1] else None
            self._response_urls[key] = (
                target,
                channel or (for_message[0] if for_message else None),
                user,
            )  # type: ignore[assignment]
        return f"{self.root_url}/respond/{key}"

    def show_command_ack(
        self, channel: str, user: str, ack: Args | None, *, ts: str | None = None
    ) -> Message | None:
        """Show a slash command's ack body the way Slack does: ephemeral unless in_channel.

        `ts` is one reserved with new_ts() when the command was sent: Slack shows the ack as it
        receives the answer, before anything the app posts afterwards, even when whoever sent the
        command reads that answer later than the app's next post arrives here.
        """
        if not ack or not (ack.get("text") or ack.get("blocks")):
            return None
        with self._mutate():
            body = {**ack, "replace_original": False}
            return self._apply_response(body, None, channel, user, ts=ts)

    def _apply_response(
        self,
        body: Args,
        for_message: tuple[str, str] | None,
        channel: str | None,
        user: str | None,
        *,
        ts: str | None = None,
    ) -> Message | None:
        blocks = _check_blocks(body.get("blocks"), 50)
        orig = self.find_message(*for_message, include_ephemeral=True) if for_message else None
        if _truthy(body.get("delete_original")):
            if orig is not None:
                self._changed_message(orig, deleted=True)
            return orig
        if _truthy(body.get("replace_original")) and orig is not None:
            text = str(body.get("text") or "")
            self._changed_message(
                orig, text=text, blocks=blocks, updated_count=orig.updated_count + 1
            )
            return orig
        if not channel:
            return None
        ephemeral_to = None if body.get("response_type") == "in_channel" else (user or "")
        return self.add_message(
            self.resolve_channel(channel),
            self.bot_user_id,
            str(body.get("text") or ""),
            blocks=blocks,
            attachments=body.get("attachments"),
            thread_ts=body.get("thread_ts"),
            ephemeral_to=ephemeral_to,
            ts=ts,
        )

    # -- routing -----------------------------------------------------------------------------

    def _route(self, req: RawRequest) -> Handled:
        for verb, prefix, handler in self._routes:
            if req.verb == verb and req.path.startswith(prefix):
                return handler(req)
        parts = req.path.strip("/").split("/")
        if parts[0] == "api" and len(parts) == 2:
            return self._api(parts[1], req)
        if req.verb == "POST" and parts[:2] == ["upload", "v1"] and len(parts) == 3:
            return self._upload(parts[2], req)
        if req.verb == "POST" and parts[0] == "respond" and len(parts) == 2:
            return self._respond(parts[1], req)
        if req.verb == "GET" and parts[0] == "files" and len(parts) >= 2:
            return self._download(parts[1])
        return 404, {"Content-Type": "text/plain"}, b"not found"

    def _api(self, method: str, req: RawRequest) -> Handled:
        at = time.time()
        try:
            args, parsed = _parse_args(req), True
        except (ValueError, UnicodeDecodeError):
            args, parsed = {}, False
        auth = req.headers.get("Authorization") or ""
        token = args.pop("token", None)
        token = auth[len("Bearer ") :].strip() if auth.startswith("Bearer ") else token
        status, headers, body, performed = 200, {}, None, None
        with self._mutate():
            fault = self._take_fault(method)
            lost = fault is not None and fault.fault == "lost"
            if lost:  # performed, then the connection drops before the answer leaves
                performed = self._answer(method, args, token, parsed)
            elif fault is not None and fault.fault != "disconnect":
                status = {"429": 429, "500": 500, "503": 503}.get(fault.fault, 200)
                error = "ratelimited" if status == 429 else fault.error
                headers = {"Retry-After": str(fault.retry_after)} if status == 429 else {}
                body = {"ok": False, "error": error}
            elif fault is None:
                body = self._answer(method, args, token, parsed)
            call = Call(method, args, token, status if body else 0, at, performed if lost else body)
            self.calls.append(call)
            self._emit("call", call)
        return None if body is None else _json_reply(body, status, **headers)

    def _answer(self, method: str, args: Args, token: str | None, parsed: bool) -> Args:
        if not parsed:
            return {"ok": False, "error": "invalid_form_data"}
        if not token and method != "oauth.v2.access":  # that one authenticates the client id
            return {"ok": False, "error": "not_authed"}
        if method not in API and method not in self._methods:
            return {"ok": False, "error": "unknown_method"}
        if self.tokens and method != "oauth.v2.access" and method not in self._methods:
            # Once teams install by OAuth, only a token of a live installation is honoured.
            if token not in self.tokens or token in self.revoked:
                return {"ok": False, "error": "invalid_auth"}
            self._acting = self.installs[self.tokens[token]]
        try:
            if method in self._methods:
                return {"ok": True, **self._methods[method](args, token)}
            return {"ok": True, **API[method](self, args)}
        except SlackError as e:
            return {"ok": False, "error": e.code, **e.extra}
        except Exception:  # a malformed argument the fake did not foresee; Slack says fatal_error
            log.exception("FakeSlack failed on %s(%s)", method, args)
            return {"ok": False, "error": "fatal_error"}
        finally:
            self._acting = None

    def _upload(self, file_id: str, req: RawRequest) -> Handled:
        ctype = req.headers.get("Content-Type") or ""
        content = req.body
        if "multipart/form-data" in ctype:
            files = [value for _, value, is_file in _multipart(ctype, req.body) if is_file]
            content = files[0] if files else b""
        with self._mutate():
            f = self.files.get(file_id)
            if f is None:
                return 404, {"Content-Type": "text/plain"}, b"file not found"
            f.content, f.uploaded = content, True
            self._emit("file", f)
        return 200, {"Content-Type": "text/plain"}, f"OK - {len(content)}".encode()

    def _respond(self, key: str, req: RawRequest) -> Handled:
        target = self._response_urls.get(key)
        if target is None:
            return 404, {"Content-Type": "text/plain"}, b"invalid_url"
        try:
            body = json.loads(req.body)
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return 400, {"Content-Type": "text/plain"}, b"invalid_payload"
        for_message, channel, user = target
        with self._mutate():
            try:
                msg = self._apply_response(body, for_message, channel, user)
            except SlackError as e:
                return 400, {"Content-Type": "text/plain"}, e.code.encode()
            post = ResponseUrlPost(
                f"{self.root_url}/respond/{key}", body, for_message, channel, user, time.time(), msg
            )
            self.responses.append(post)
            self._emit("response", post)
        return _json_reply({"ok": True})

    def _download(self, file_id: str) -> Handled:
        f = self.files.get(file_id)
        if f is None or not f.uploaded:
            return 404, {"Content-Type": "text/plain"}, b"file not found"
        ctype = mimetypes.guess_type(f.filename)[0] or "application/octet-stream"
        return 200, {"Content-Type": ctype}, f.content
