"""The load bench's control: a bare Bolt app that only acks, behind the same WSGI path as TeamTrack.

It verifies every signature, runs Bolt's built-in middleware and answers `/project` and `/task`
with an empty ack: the ceiling any Bolt app on this HTTP server can reach. Served by bench/servers.py.
"""

from __future__ import annotations

import importlib
import os
from types import SimpleNamespace

from slack_bolt import App
from slack_sdk import WebClient

from bot.web import WebApp


def build_control(*, process_before_response: bool = True) -> App:
    """The bare app; settings come from the same environment variables `teamtrack serve` reads."""
    client = WebClient(
        token=os.environ["SLACK_BOT_TOKEN"],
        base_url=os.environ.get("SLACK_API_URL", "https://slack.com/api/"),
    )
    app = App(
        client=client,
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        process_before_response=process_before_response,
        token_verification_enabled=False,
        ignoring_self_events_enabled=True,
    )

    def just_ack(ack) -> None:
        ack()

    app.command("/project")(just_ack)
    app.command("/task")(just_ack)
    return app


# The stack's libraries (README, pyproject.toml) that a `teamtrack serve` worker loads; APScheduler
# runs in the scheduler's own process, and the PostgreSQL dialect is left out on SQLite.
STACK = (
    "sqlalchemy.orm",
    "sqlalchemy.dialects.sqlite",
    "pydantic_settings",
    "dateparser",
    "slack_sdk.models.blocks",
)


def import_stack() -> None:
    """Load the stack's libraries and nothing of TeamTrack: the memory floor of any app on it."""
    for name in STACK:
        importlib.import_module(name)


def build_control_web(*, process_before_response: bool = True, stack: bool = False) -> WebApp:
    """The control inside bot.web.WebApp, so the WSGI dispatch is byte-for-byte TeamTrack's.

    With `stack`, the worker also imports the stack's libraries before it serves: the same acks,
    but the resident memory an app on this stack starts from.
    """
    if stack:
        import_stack()
    app = build_control(process_before_response=process_before_response)
    # /healthz pings the database; the control has none, so its ping does nothing.
    app.runtime = SimpleNamespace(db=SimpleNamespace(ping=lambda: None))  # type: ignore[attr-defined]
    return WebApp(app)
