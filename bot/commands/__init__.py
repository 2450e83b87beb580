"""Slack listeners: thin — parse, call a service, render, reply. Each module exposes `register(app)`."""

from __future__ import annotations

import importlib
import pkgutil

from slack_bolt import App


def register(app: App) -> None:
    """Register every listener module of this package on `app`."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "register"):
            module.register(app)
