"""A fake Slack Web API over real HTTP, for tests and the sandbox."""

from __future__ import annotations

import logging
import mimetypes
import random
import socket
import threading
import time
from collections.abc import Callable
from http.server import ThreadingHTTPServer

from bot.testing.fake_faults import Fault, Faults
from bot.testing.fake_http import (
    Handled,
    HttpServer,
    RawRequest,
    json_reply,
    multipart,
    parse_args,
)
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
from bot.testing.fake_responses import ResponseUrls
from bot.testing.web_api import API
from bot.testing.web_api.checks import Args

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

# A method added by a companion fake (e.g. Socket Mode's apps.connections.open): it sees the token.
TokenApi = Callable[[Args, str], Args]


class FakeSlack(HttpServer, Faults, ResponseUrls):
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
        self._faults: dict[str, list[Fault]] = {}
        self._share: tuple[float, Fault, random.Random, frozenset[str] | None] | None = None
        self._response_urls: dict[str, tuple[tuple[str, str] | None, str | None, str | None]] = {}
        self._routes: list[tuple[str, str, Callable[[RawRequest], Handled]]] = []
        self._methods: dict[str, TokenApi] = {}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.connections = 0  # TCP connections accepted since start
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

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
            args, parsed = parse_args(req), True
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
        return None if body is None else json_reply(body, status, **headers)

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
            files = [value for _, value, is_file in multipart(ctype, req.body) if is_file]
            content = files[0] if files else b""
        with self._mutate():
            f = self.files.get(file_id)
            if f is None:
                return 404, {"Content-Type": "text/plain"}, b"file not found"
            f.content, f.uploaded = content, True
            self._emit("file", f)
        return 200, {"Content-Type": "text/plain"}, f"OK - {len(content)}".encode()

    def _download(self, file_id: str) -> Handled:
        f = self.files.get(file_id)
        if f is None or not f.uploaded:
            return 404, {"Content-Type": "text/plain"}, b"file not found"
        ctype = mimetypes.guess_type(f.filename)[0] or "application/octet-stream"
        return 200, {"Content-Type": ctype}, f.content
