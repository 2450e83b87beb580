"""Many workspaces: Bolt's OAuth flow against the fake's oauth.v2.access, tokens in our database."""

from __future__ import annotations

import re
import urllib.request

import pytest

from bot.app import create_app
from bot.clock import ManualClock
from bot.config import Settings
from bot.testing.wsgi import ThreadedServer
from bot.web import WebApp
from tests.conftest import SECRET, START

_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture
def oauth_app(fake, db):
    settings = Settings(
        _env_file=None,
        slack_client_id="111.222",
        slack_client_secret="client-secret",
        slack_signing_secret=SECRET,
        slack_api_url=fake.api_url,
        database_url=db.url,
    )
    app = create_app(settings, db=db, clock=ManualClock(START), home_refresh_seconds=0)
    server = ThreadedServer(WebApp(app)).start()
    yield app, server.url
    app.runtime.drain()
    server.stop()


def install(fake, url: str, team_id: str) -> int:
    """A browser's trip: the Add to Slack page (state cookie), then Slack's redirect back."""
    with _opener.open(f"{url}/slack/install") as page:
        html = page.read().decode()
        cookie = page.headers["Set-Cookie"].split(";")[0]
    state = re.search(r"state=([^&\"]+)", html).group(1)
    assert "client_id=111.222" in html and "scope=commands" in html
    back = urllib.request.Request(
        f"{url}/slack/oauth_redirect?code={fake.install_code(team_id)}&state={state}",
        headers={"Cookie": cookie},
    )
    with _opener.open(back) as done:
        return done.status


def test_two_workspaces_install_and_each_gets_its_own_token(fake, oauth_app):
    app, url = oauth_app
    rt = app.runtime
    assert rt.client_for("T0001") is None  # nothing installed yet
    assert install(fake, url, "T0001") == 200
    assert install(fake, url, "T0002") == 200
    first, second = rt.client_for("T0001"), rt.client_for("T0002")
    assert first.token != second.token
    assert fake.team_of_token(first.token) == "T0001"
    assert fake.team_of_token(second.token) == "T0002"
    assert first.base_url == fake.api_url and len(first.retry_handlers) == 3
