"""Processes the load bench starts: the fake Slack Web API, and gunicorn variants of the control/app.

    python bench/servers.py fake --port 0          # prints "port N" once it listens
    python bench/servers.py fake --port 0 --tls cert.pem key.pem   # the same over HTTPS
    python bench/servers.py gunicorn --target control --mode pbr --workers 2 --worker-class sync
    python bench/servers.py gunicorn --target control --mode pbr+stack --workers 2  # memory floor
    python bench/servers.py gunicorn --target control --mode pbr+read --workers 2   # answer floor
    python bench/servers.py gunicorn --target control --mode pbr+write --workers 2  # write floor
    python bench/servers.py gunicorn --target control --mode pbr+add --workers 2    # add floor
    python bench/servers.py gunicorn --target app --workers 2 --worker-class gthread --threads 4

`--worker-class sync` goes through `bot.server.serve` itself (what `teamtrack serve` runs); other
classes use `bot.server.Server` with serve()'s options and only the worker class/threads changed.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

USERS = (
    ("U0001", "lead", "Asia/Shanghai"),
    ("U0002", "alice", "Asia/Shanghai"),
    ("U0003", "bob", "America/New_York"),
)


def run_fake(port: int, tls: list[str] | None = None) -> None:
    from bot.testing.fake_slack import FakeSlack

    fake = FakeSlack(port=port).start()
    if tls:  # HTTPS, as Slack serves its Web API: each connection's handshake on accept
        import ssl

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*tls)
        server = fake._server  # noqa: SLF001 - the bench wraps the fake's listening socket
        server.socket = context.wrap_socket(server.socket, server_side=True)
    for uid, name, tz in USERS:
        fake.add_user(uid, name, tz=tz)
    fake.add_channel("C0001", "portal", members=[u for u, _, _ in USERS])
    fake.add_channel("C0002", "big", members=[u for u, _, _ in USERS])
    fake.trigger_ttl = None  # the bench reuses trigger ids; nothing should expire mid-run
    print(f"port {fake.port}", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    fake.stop()


def preload() -> None:
    """Import every listener module and warm the date parser in the master, before the fork.

    The workers still build their own app (engine, thread pool) after the fork; only module code
    and dateparser's language data are shared copy-on-write (gc.freeze keeps them shared).
    """
    import gc
    import importlib
    import pkgutil
    from datetime import UTC, datetime

    import bot.app  # noqa: F401 - imported for its side effect: modules loaded once, shared
    import bot.commands
    from bot.dates import default_parser

    for info in pkgutil.iter_modules(bot.commands.__path__):
        importlib.import_module(f"bot.commands.{info.name}")
    parser = default_parser()
    for text in ("friday", "in 3 days", "下周五", "2026-12-04"):
        parser.parse(text, now=datetime.now(UTC), tz="Asia/Shanghai")
    # Keep the collector from touching (and so un-sharing) everything imported so far.
    gc.freeze()


def _build(target: str, mode: str):
    """The worker's app factory. Nothing of the app is imported here, in the master: as in
    `teamtrack serve`, every page the master holds is counted again in each worker it forks."""
    if target == "control":
        base, _, extra = mode.partition("+")

        def control():
            from bench.control_app import build_control_web

            return build_control_web(
                process_before_response=base == "pbr",
                stack=extra == "stack",
                read=extra == "read",
                write=extra == "write",
                add=extra == "add",
            )

        return control
    # Migrations in a child of their own, as `teamtrack serve` applies them.
    subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"], check=True, stdout=subprocess.DEVNULL
    )

    def app():
        from bot.cli import _web_app

        return _web_app()

    return app


def run_gunicorn(args: argparse.Namespace) -> None:
    from bot.server import Server, serve

    build = _build(args.target, args.mode)
    if args.preload:
        preload()
    if args.worker_class == "sync":
        serve(build, host="127.0.0.1", port=args.port, workers=args.workers, log_level="warning")
        return
    # The same options as bot.server.serve; only the worker class and its threads differ.
    Server(
        build,
        {
            "bind": f"127.0.0.1:{args.port}",
            "workers": args.workers,
            "worker_class": args.worker_class,
            "threads": args.threads,
            "timeout": 30,
            "keepalive": 5,
            "loglevel": "warning",
            "accesslog": None,
        },
    ).run()


def main() -> None:
    parser = argparse.ArgumentParser(description="bench helper processes")
    sub = parser.add_subparsers(dest="what", required=True)
    fake = sub.add_parser("fake")
    fake.add_argument("--port", type=int, default=0)
    fake.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"), help="serve HTTPS")
    gun = sub.add_parser("gunicorn")
    gun.add_argument("--target", choices=("control", "app"), default="control")
    gun.add_argument(
        "--mode",
        choices=(
            "pbr",
            "default",
            "pbr+stack",
            "default+stack",
            "pbr+read",
            "pbr+write",
            "pbr+add",
        ),
        default="pbr",
        help="+stack: the worker also loads and uses the stack's libraries (memory floor); "
        "+read: each command reads one SQLite row and answers 1.3 KB (throughput floor); "
        "+write: one write transaction on DATABASE_URL, the ack, one chat.postMessage (write floor)",
    )
    gun.add_argument("--workers", type=int, default=2)
    gun.add_argument("--worker-class", choices=("sync", "gthread"), default="sync")
    gun.add_argument("--threads", type=int, default=4)
    gun.add_argument("--port", type=int, required=True)
    gun.add_argument(
        "--preload", action="store_true", help="import the app in the master (app only)"
    )
    args = parser.parse_args()
    if args.what == "fake":
        run_fake(args.port, args.tls)
    else:
        run_gunicorn(args)


if __name__ == "__main__":
    main()
