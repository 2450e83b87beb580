"""Slack listeners: thin — parse, call a service, render, reply.

Each module may expose `COMMANDS` ({"/task": on_command}, every handler taking ack, body and
context) and `register(app)` for its buttons, modals and events.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import App

Handler = Callable[[Any, dict[str, Any], Any], None]


def register(app: App) -> None:
    """Register every listener module of this package on `app`, slash commands first."""
    modules = [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)
    ]
    handlers: dict[str, Handler] = {}
    for module in modules:
        handlers.update(getattr(module, "COMMANDS", {}))
    # One listener for every command, tried first: Bolt tries listeners in order, and each try
    # costs ~0.03 ms, so /task used to pay for fourteen button, modal and event listeners.
    names = "|".join(re.escape(name) for name in sorted(handlers))
    app.command(re.compile(f"^(?:{names})$"))(_router(handlers))
    for module in modules:
        if hasattr(module, "register"):
            module.register(app)
    # Last, so it only sees events no module listens for: Slack gets its 200, not Bolt's 404
    # (which Slack counts as a failed delivery and retries).
    app.event(re.compile(".*"))(_ignore)


def _ignore() -> None:
    """An event the app does not act on; Bolt acknowledges it."""


def _router(handlers: dict[str, Handler]) -> Handler:
    def on_command(ack, body, context) -> None:
        handlers[body["command"]](ack, body, context)

    return on_command
