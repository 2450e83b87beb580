"""FakeSlack's HTTP side: the server, its request handler, and how a request's arguments are read."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import default as email_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, unquote, urlsplit

from bot.testing.web_api.checks import Args

log = logging.getLogger(__name__)

_JSON_ARGS = {"blocks", "attachments", "view", "files", "metadata"}
Handled = tuple[int, dict[str, str], bytes] | None  # None: drop the connection unanswered


@dataclass
class RawRequest:
    """A request to an extra route added with FakeSlack.add_route."""

    verb: str
    path: str
    query: str
    headers: Any
    body: bytes


def parse_args(req: RawRequest) -> Args:
    """Query string, then a JSON, form or multipart body; JSON-valued form fields decoded."""
    args: Args = {k: v[-1] for k, v in parse_qs(req.query, keep_blank_values=True).items()}
    ctype = req.headers.get("Content-Type") or ""
    if "json" in ctype or req.body.lstrip()[:1] == b"{":
        data = json.loads(req.body or b"{}")
        args.update(data if isinstance(data, dict) else {})
    elif "multipart/form-data" in ctype:
        args.update({name: value for name, value, _ in multipart(ctype, req.body)})
    elif req.body:
        args.update(
            {k: v[-1] for k, v in parse_qs(req.body.decode(), keep_blank_values=True).items()}
        )
    for key in _JSON_ARGS & args.keys():
        if isinstance(args[key], str) and args[key][:1] in ("[", "{"):
            args[key] = json.loads(args[key])
    return args


def multipart(ctype: str, body: bytes) -> list[tuple[str, Any, bool]]:
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


def json_reply(body: Args, status: int = 200, **headers: str) -> Handled:
    return (
        status,
        {"Content-Type": "application/json; charset=utf-8", **headers},
        json.dumps(body).encode(),
    )


class HttpServer:
    """Serving on a local port from a background thread, and the connections it holds.

    Mixed into FakeSlack, which sets host, port and the server's state up and routes each request.
    """

    host: str
    port: int
    root_url: str
    connections: int
    _server: ThreadingHTTPServer | None
    _thread: threading.Thread | None
    _open: set[socket.socket]
    _open_lock: threading.Lock

    def start(self) -> Self:
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

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def api_url(self) -> str:
        """The Web API base URL, for WebClient(base_url=...)."""
        return f"{self.root_url}/api/"
