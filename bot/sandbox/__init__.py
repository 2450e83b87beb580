"""`teamtrack sandbox`: a Slack-like workspace in the browser, wired to the real bot over signed HTTP."""
