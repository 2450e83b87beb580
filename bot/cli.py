"""The `teamtrack` command line (also `python -m bot`)."""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.web import WebApp

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def load_settings() -> Settings:
    """Settings from the environment, or one line naming what is missing and exit status 2."""
    # Imported here, not at the top: `serve`'s gunicorn master imports this module and must not
    # carry pydantic (~13 MB, counted again in every worker it forks).
    from pydantic import ValidationError

    from bot.config import Settings

    try:
        return Settings()  # type: ignore[call-arg]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            if not err["loc"] and "error" in err.get("ctx", {}):
                problems.append(str(err["ctx"]["error"]))  # a rule over several settings
                continue
            name = str(err["loc"][0]).upper() if err["loc"] else "settings"
            what = (
                "is missing"
                if err["type"] == "missing"
                else "is empty"
                if "too_short" in err["type"]
                else err["msg"]
            )
            problems.append(f"{name} {what}")
        print(
            f"teamtrack: {'; '.join(problems)} (set it in the environment or .env)", file=sys.stderr
        )
        raise SystemExit(2) from None


def _parse_at(text: str | None) -> datetime:
    if text is None:
        return datetime.now(UTC)
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise SystemExit(
            f"teamtrack: --at {text!r} is not ISO-8601 (e.g. 2026-12-01T09:30:00+08:00)"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="teamtrack", description="Run a team's project from its Slack channel."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="HTTP mode: POST /slack/events and GET /healthz")
    serve.add_argument("--host", default="0.0.0.0")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", 3000)))
    serve.add_argument(
        "--workers", type=int, default=2, help="gunicorn worker processes (default 2)"
    )
    serve.add_argument(
        "--no-scheduler", action="store_true", help="don't run the scheduler in this process"
    )

    sub.add_parser("socket", help="Socket Mode (needs SLACK_APP_TOKEN), with the scheduler")
    sub.add_parser(
        "scheduler", help="the scheduler alone, for deployments with several HTTP replicas"
    )

    jobs = sub.add_parser("jobs", help="run scheduled work by hand")
    jobs_sub = jobs.add_subparsers(dest="jobs_command", required=True, metavar="ACTION")
    run = jobs_sub.add_parser("run", help="do what the scheduler's tick would do for JOB at --at")
    run.add_argument(
        "job",
        metavar="JOB",
        help="standup, standup-reminder, standup-summary, blocker-escalation, deviations, digest, risk-review, risk-escalation, survey",
    )
    run.add_argument("--at", help="ISO-8601 instant (default now); naive means UTC")
    run.add_argument("--project", metavar="KEY", help="only this project")

    sandbox = sub.add_parser(
        "sandbox", help="a local Slack-like workspace in the browser, wired to the real bot"
    )
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=3000)
    sandbox.add_argument(
        "--db", default="sandbox.db", help="SQLite file that keeps the sandbox's state"
    )
    sandbox.add_argument("--demo", action="store_true", help="start with a sample project")
    sandbox.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="zh: the demo project has lang:zh and everyone's Slack is in Chinese (zh-CN)",
    )
    sandbox.add_argument(
        "--socket",
        action="store_true",
        help="deliver commands, clicks and events to the bot over Socket Mode, not signed HTTP",
    )

    workspace = sub.add_parser("workspace", help="a workspace's data")
    ws_sub = workspace.add_subparsers(dest="workspace_command", required=True, metavar="ACTION")
    purge = ws_sub.add_parser(
        "purge", help="delete all of a workspace's data and its installation (after uninstall)"
    )
    purge.add_argument("team_id", metavar="TEAM_ID", help="the workspace (T…) or org (E…) id")
    purge.add_argument(
        "--yes", action="store_true", help="really delete; without it, only say what would go"
    )

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_sub.add_parser("upgrade", help="apply migrations")
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    if args.command == "sandbox":
        # The sandbox builds its own settings (fake Slack, generated secret): it needs no environment.
        from bot.sandbox.main import run_sandbox

        logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO").upper(), format=LOG_FORMAT)
        run_sandbox(args)
        return
    if args.command == "serve":
        _serve(args)  # reads its settings in children: see there
        return
    settings = load_settings()
    logging.basicConfig(level=settings.log_level.upper(), format=LOG_FORMAT)
    COMMANDS[args.command](settings, args)


def _db(settings: Settings, args: argparse.Namespace) -> None:
    from bot.store.db import upgrade

    upgrade(settings.database_url)
    print("database is up to date")


def _workspace(settings: Settings, args: argparse.Namespace) -> None:
    from bot.store import purge
    from bot.store.db import Database

    team_id = args.team_id.strip().upper()
    if not purge.TEAM_ID.match(team_id):
        print(
            f"teamtrack: {args.team_id!r} is not a workspace id (T…) or org id (E…)",
            file=sys.stderr,
        )
        raise SystemExit(2)
    engine = Database(settings.database_url).engine
    found = purge.purge(engine, team_id) if args.yes else purge.counts(engine, team_id)
    for table, rows in found.items():
        if rows:
            print(f"{table}: {rows}")
    total = sum(found.values())
    if not args.yes:
        print(f"{total} rows of {team_id} would be deleted; run again with --yes to delete them")
        raise SystemExit(1)
    print(f"deleted {total} rows of {team_id}")


def _serve(args: argparse.Namespace) -> None:
    from bot.jobs.process import spawn_scheduler, stop_spawned
    from bot.server import serve

    # The master only forks and watches, so it imports gunicorn and nothing else: not the app
    # (~35 MB), not even pydantic (~13 MB), since every page it holds is counted again in each
    # worker it forks. A short child checks the settings (printing the one-line error itself),
    # applies migrations and hands back the log level; each worker reads its own settings and
    # builds the app after the fork.
    prepared = subprocess.run(
        [sys.executable, "-c", "from bot.cli import _prepare_serve; _prepare_serve()"],
        stdout=subprocess.PIPE,
        text=True,
    )
    if prepared.returncode:
        raise SystemExit(prepared.returncode)  # the child has said why, on stderr
    log_level = prepared.stdout.splitlines()[-1]
    logging.basicConfig(level=log_level.upper(), format=LOG_FORMAT)
    scheduler = None if args.no_scheduler else spawn_scheduler()
    try:
        serve(_web_app, host=args.host, port=args.port, workers=args.workers, log_level=log_level)
    finally:
        if scheduler is not None:
            stop_spawned(scheduler)


def _prepare_serve() -> None:
    """`serve`'s child: settings checked, migrations applied, the log level printed last for the master."""
    from bot.store.db import upgrade

    settings = load_settings()
    logging.basicConfig(level=settings.log_level.upper(), format=LOG_FORMAT)
    upgrade(settings.database_url)
    print(settings.log_level)


def _web_app() -> WebApp:
    """One gunicorn worker's app, built after the fork from settings read there."""
    from bot.app import create_app
    from bot.web import WebApp

    built = create_app(load_settings())
    return WebApp(built.app, built.runtime.db)


def _runtime(settings: Settings):
    from bot.app import create_app

    return create_app(settings).runtime


def _scheduler(settings: Settings, args: argparse.Namespace) -> None:
    import signal
    import threading

    from bot.jobs.scheduler import start_scheduler
    from bot.store.db import upgrade

    upgrade(settings.database_url)
    scheduler = start_scheduler(_runtime(settings))
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    scheduler.shutdown()


def _jobs(settings: Settings, args: argparse.Namespace) -> None:
    from bot.jobs import load, run_job

    if args.job not in load():
        known = ", ".join(sorted(load())) or "none"
        print(f"teamtrack: unknown job {args.job!r}; jobs: {known}", file=sys.stderr)
        raise SystemExit(2)
    rt = _runtime(settings)
    try:
        # `--at` is the instant the job acts for; its claims' leases still run on the real clock.
        posted = run_job(rt, args.job, _parse_at(args.at), project_key=args.project)
        rt.drain()
    finally:
        rt.db.dispose()
    print(f"{args.job}: {posted} post{'s' if posted != 1 else ''}")


def _socket(settings: Settings, args: argparse.Namespace) -> None:
    from bot.socket_mode import run_socket

    run_socket(settings)


COMMANDS = {
    "socket": _socket,
    "db": _db,
    "scheduler": _scheduler,
    "jobs": _jobs,
    "workspace": _workspace,
}
