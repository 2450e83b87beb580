"""What one `chat.postMessage` costs the app's CPU over HTTPS, as Slack serves its Web API.

Run: .venv/bin/python bench/bench_tls_post.py [--calls 500] [--rounds 3]

One call at a time, without the rest of a request around it: the TLS handshake that slack_sdk's
WebClient makes for every call (urllib opens a connection per call and closes it), alone
(`bench/load.py --tls` shows it under load).
Here a local HTTPS server (`bench.procs.certificate`: a throwaway P-256 certificate, TLS 1.3,
answering as `chat.postMessage` does) is called three ways, CPU of the calling thread per call:

- `stock`: slack_sdk's WebClient, a new connection and handshake each call.
- `app`: `bot.slack_client.Client`, the same WebClient on the thread's kept connection.
- `plain`: slack_sdk's WebClient over plain HTTP to the same kind of server: no TLS at all.

Rounds alternate the ways; the median is printed. The server runs in this process on other
threads; only the caller's CPU is counted. Against Slack the handshake also costs a round trip or
two before the request leaves (tens to hundreds of ms), which no local server shows.
"""

from __future__ import annotations

import argparse
import json
import ssl
import sys
import tempfile
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from slack_sdk import WebClient  # noqa: E402

from bench.procs import certificate, cpu_per_call  # noqa: E402
from bot.slack_client import Client  # noqa: E402

ANSWER = json.dumps({"ok": True, "channel": "C0001", "ts": "1733560000.000100"}).encode()


class _Slack(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(ANSWER)))
        self.end_headers()
        self.wfile.write(ANSWER)


def serve(context: ssl.SSLContext | None) -> int:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Slack)
    server.daemon_threads = True
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--calls", type=int, default=500)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()

    cert, key = certificate(Path(tempfile.mkdtemp(prefix="teamtrack-tls-")))
    server_side = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_side.load_cert_chain(cert, key)
    tls_port, plain_port = serve(server_side), serve(None)
    trust = ssl.create_default_context(cafile=str(cert))  # verifies, as against slack.com
    https = f"https://127.0.0.1:{tls_port}/api/"
    clients = {
        "stock": WebClient(token="xoxb-bench", base_url=https, ssl=trust),
        "app": Client(token="xoxb-bench", base_url=https, ssl=trust),
        "plain": WebClient(token="xoxb-bench", base_url=f"http://127.0.0.1:{plain_port}/api/"),
    }

    def post(client: WebClient) -> Callable[[], object]:
        return lambda: client.chat_postMessage(channel="C0001", text="T-1 · a task card")

    ways = {name: post(client) for name, client in clients.items()}
    cpu_per_call(ways, rounds=args.rounds, calls=args.calls, warm=20, unit="call")


if __name__ == "__main__":
    main()
