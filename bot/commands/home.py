"""App Home: published when a person opens the tab (and after their tasks change)."""

from __future__ import annotations

from slack_bolt import App

from bot.home_publisher import refresh_homes
from bot.tenancy import owning_team


def on_home_opened(event, body, context) -> None:
    """Publish after the event is answered: Slack wants events acknowledged at once."""
    if event.get("tab", "home") != "home":
        return
    rt = context["rt"]
    team_id = owning_team(context, body)
    user_id = event["user"]
    rt.defer(lambda: refresh_homes(rt, team_id, [user_id]))


def register(app: App) -> None:
    app.event("app_home_opened")(on_home_opened)
