"""Slack listeners: thin — parse, call a service, render, reply."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    """Register every listener package on `app`."""
    from bot.commands import project

    for module in (project,):
        module.register(app)
