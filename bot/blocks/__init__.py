"""Block Kit, built in one place, as pure functions returning Slack-ready dicts."""
