"""The `teamtrack` command line (also `python -m bot`)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from datetime import UTC, datetime

from pydantic import ValidationError

from bot.config import Settings


def load_settings() -> Settings:
    """Settings from the environment, or one line naming what is missing and exit status 2."""
    try:
        return Settings()  # type: ignore[call-arg]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
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

    sub.add_parser("socket", help="Socket Mode (needs SLACK_APP_TOKEN)")

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_sub.add_parser("upgrade", help="apply migrations")
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    settings = load_settings()
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    handler = COMMANDS[args.command]
    handler(settings, args)


def _db(settings: Settings, args: argparse.Namespace) -> None:
    from bot.store.db import upgrade

    upgrade(settings.database_url)
    print("database is up to date")


def _serve(settings: Settings, args: argparse.Namespace) -> None:
    from bot.app import create_app
    from bot.server import serve
    from bot.store.db import upgrade
    from bot.web import WebApp

    upgrade(settings.database_url)
    serve(
        lambda: WebApp(create_app(settings)),
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=settings.log_level,
    )


def _socket(settings: Settings, args: argparse.Namespace) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.app import create_app
    from bot.store.db import upgrade

    if settings.slack_app_token is None:
        print(
            "teamtrack: SLACK_APP_TOKEN is missing (Socket Mode needs an xapp- token)",
            file=sys.stderr,
        )
        raise SystemExit(2)
    upgrade(settings.database_url)
    app = create_app(settings)
    SocketModeHandler(app, settings.slack_app_token.get_secret_value()).start()


COMMANDS = {"serve": _serve, "socket": _socket, "db": _db}
