"""Ack latency of `/project info` over Socket Mode against signed HTTP, on the same machine.

One process holds the fake Slack, its Socket Mode WebSocket and the app; the app is reached both
ways in turn: Bolt's Socket Mode handler on slack_sdk's built-in client (as `teamtrack socket`
runs it), and the WSGI app on a threaded server with requests signed as Slack signs them. Each
sample is one command, sent after the previous ack: from sending it to holding its answer.

Run: .venv/bin/python bench/bench_socket.py [--n 500]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import time
from pathlib import Path

from bot.app import create_app
from bot.config import Settings
from bot.socket_mode import socket_handler
from bot.store.db import Database
from bot.testing.fake_slack import FakeSlack
from bot.testing.fake_socket import FakeSocketMode
from bot.testing.signed import SlackSender
from bot.testing.socket_sender import SocketSender
from bot.testing.wsgi import ThreadedServer
from bot.web import WebApp

SECRET = "bench-signing-secret"


def measure(sender: SlackSender, n: int) -> list[float]:
    """Milliseconds from sending `/project info` to holding its answer, n times after a warm-up."""
    for _ in range(20):
        sender.command("/project", "info")
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        reply = sender.command("/project", "info")
        samples.append((time.perf_counter() - start) * 1000)
        assert reply.status == 200 and "MP" in reply.text, reply.text
    return samples


def summary(name: str, ms: list[float]) -> str:
    cuts = statistics.quantiles(ms, n=100)
    return f"{name:<12} n={len(ms)}  p50 {cuts[49]:6.2f} ms  p99 {cuts[98]:6.2f} ms  max {max(ms):6.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    tmp = Path(tempfile.mkdtemp(prefix="bench-socket-"))
    fake = FakeSlack().start()
    fake.add_user("U0001", "lead")
    fake.add_channel("C0001", "portal", members=("U0001",))
    socket_mode = FakeSocketMode(fake).start()
    db = Database(f"sqlite:///{tmp / 'bench.db'}")
    db.upgrade()
    settings = Settings(
        _env_file=None,
        slack_bot_token="xoxb-bench",
        slack_signing_secret=SECRET,
        slack_api_url=fake.api_url,
        database_url=db.url,
        slack_app_token=socket_mode.app_token,
        teamtrack_timezone="Asia/Shanghai",
    )
    app = create_app(settings, db=db).app
    server = ThreadedServer(WebApp(app, db)).start()
    handler = socket_handler(app, socket_mode.app_token)
    handler.connect()
    socket_mode.wait_connected(1)
    http = SlackSender(f"{server.url}/slack/events", SECRET, fake=fake)
    sock = SocketSender(socket_mode)
    assert "started" in http.command("/project", "new Portal key:MP").text
    try:
        # Alternate the two in rounds so that machine noise falls on both alike.
        results: dict[str, list[float]] = {"socket mode": [], "http": []}
        rounds = 5
        for _ in range(rounds):
            results["socket mode"] += measure(sock, args.n // rounds)
            results["http"] += measure(http, args.n // rounds)
        for name, ms in results.items():
            print(summary(name, ms))
    finally:
        handler.close()
        server.stop()
        socket_mode.stop()
        fake.stop()
        db.dispose()


if __name__ == "__main__":
    main()
