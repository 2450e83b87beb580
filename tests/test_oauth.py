"""Many workspaces: Bolt's OAuth flow against the fake's oauth.v2.access, tokens in our database."""

from __future__ import annotations

import re
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import func, select

from bot.app import create_app
from bot.clock import ManualClock
from bot.config import Settings
from bot.jobs import run_job
from bot.store import purge
from bot.store.models import JobRun, Project, Task
from bot.testing.signed import SlackSender
from bot.testing.wsgi import ThreadedServer
from bot.web import WebApp
from tests.conftest import SECRET, START
from tests.test_cli import run_cli

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
        teamtrack_timezone="Asia/Shanghai",
    )
    built = create_app(settings, db=db, clock=ManualClock(START), home_refresh_seconds=0)
    server = ThreadedServer(WebApp(built.app, db)).start()
    yield built.runtime, server.url
    built.runtime.drain()
    server.stop()


def install(fake, url: str, team_id: str, enterprise_id: str | None = None) -> int:
    """A browser's trip: the Add to Slack page (state cookie), then Slack's redirect back."""
    with _opener.open(f"{url}/slack/install") as page:
        html = page.read().decode()
        cookie = page.headers["Set-Cookie"].split(";")[0]
    state = re.search(r"state=([^&\"]+)", html).group(1)
    assert "client_id=111.222" in html and "scope=commands" in html
    back = urllib.request.Request(
        f"{url}/slack/oauth_redirect?code={fake.install_code(team_id, enterprise_id)}&state={state}",
        headers={"Cookie": cookie},
    )
    with _opener.open(back) as done:
        return done.status


def test_two_workspaces_install_and_each_gets_its_own_token(fake, oauth_app):
    rt, url = oauth_app
    assert rt.client_for("T0001") is None  # nothing installed yet
    assert install(fake, url, "T0001") == 200
    assert install(fake, url, "T0002") == 200
    first, second = rt.client_for("T0001"), rt.client_for("T0002")
    assert first.token != second.token
    assert fake.team_of_token(first.token) == "T0001"
    assert fake.team_of_token(second.token) == "T0002"
    assert first.base_url == fake.api_url and len(first.retry_handlers) == 3


def at(day: int, hh: int, mm: int = 0) -> datetime:
    """A time on a November 2026 day, written in Shanghai time."""
    return datetime(2026, 11, day, hh, mm, tzinfo=UTC) - timedelta(hours=8)


@pytest.fixture
def two(fake, oauth_app):
    """T0001 (project MP in C0001) and T0002 (project OT in C0002), both installed by OAuth."""
    rt, url = oauth_app
    senders = {}
    for team, channel, key in (("T0001", "C0001", "MP"), ("T0002", "C0002", "OT")):
        assert install(fake, url, team) == 200
        senders[team] = SlackSender(f"{url}/slack/events", SECRET, fake=fake, team_id=team)
        reply = senders[team].command("/project", f"new {key} key:{key}", channel=channel)
        assert "started" in reply.text, reply.text
    rt.drain()
    fake.reset()
    return rt, senders


def tokens_in(fake, channel: str, method: str = "chat.postMessage") -> set[str | None]:
    return {c.token for c in fake.calls_to(method) if c.args.get("channel") == channel}


def test_commands_speak_with_their_workspaces_token_and_see_only_its_projects(fake, two):
    rt, senders = two
    for team, channel in (("T0001", "C0001"), ("T0002", "C0002")):
        reply = senders[team].command("/task", "add Write the plan", channel=channel)
        assert reply.status == 200, reply.text
    rt.drain()
    # The task cards went out with each installation's own token.
    assert tokens_in(fake, "C0001") == {rt.client_for("T0001").token}
    assert tokens_in(fake, "C0002") == {rt.client_for("T0002").token}
    assert {fake.team_of_token(c.token) for c in fake.calls} == {"T0001", "T0002"}
    # T0001 asking in T0002's channel finds no project there: nothing crosses workspaces.
    reply = senders["T0001"].command("/task", "list", channel="C0002")
    assert "OT" not in reply.text and "Write the plan" not in reply.text
    with rt.db.session() as s:
        teams = dict(s.execute(select(Project.key, Project.team_id)).all())
        assert teams == {"MP": "T0001", "OT": "T0002"}
        assert s.scalar(select(func.count(Task.id))) == 2


def test_an_installations_calls_share_kept_connections_to_slack(fake, two):
    """In OAuth mode each request's client is made from the installation's token; its calls still
    go out on kept connections (`bot.slack_client`), not one connection per call."""
    rt, senders = two
    before = fake.connections
    for n in range(8):
        reply = senders["T0001"].command("/task", f"add Card {n}", channel="C0001")
        assert reply.status == 200, reply.text
        rt.drain()
    posted = [c for c in fake.calls if c.token == rt.client_for("T0001").token]
    assert len([c for c in posted if c.method == "chat.postMessage"]) == 8
    assert fake.connections - before < len(posted) / 2, (fake.connections - before, len(posted))


def test_a_tokens_auth_test_is_asked_once_not_before_every_ack(fake, two):
    """Bolt's authorize keeps what `auth.test` said for each token: a request no longer waits on
    a call to Slack before its ack, and a revoked token is still refused (its row is gone)."""
    rt, senders = two
    for n in range(3):
        for team, channel in (("T0001", "C0001"), ("T0002", "C0002")):
            reply = senders[team].command("/task", f"add Card {n}", channel=channel)
            assert reply.status == 200 and "Card" in reply.text, reply.text
    rt.drain()
    assert fake.calls_to("auth.test") == []  # both tokens were asked about while installing


@pytest.mark.parametrize("event", ["app_uninstalled", "tokens_revoked"])
def test_uninstalling_stops_that_workspaces_jobs_at_once_and_keeps_its_data(fake, two, event):
    rt, senders = two
    assert run_job(rt, "standup", at(23, 9, 30)) == 2
    assert tokens_in(fake, "C0001") == {rt.client_for("T0001").token}
    assert tokens_in(fake, "C0002") == {rt.client_for("T0002").token}
    gone = rt.client_for("T0002").token
    body = {"type": event}
    if event == "tokens_revoked":
        body["tokens"] = {"oauth": [], "bot": [fake.bot_user_id]}
    assert senders["T0002"].event(body, team_id="T0002").status == 200
    fake.revoke("T0002")
    assert rt.client_for("T0002") is None
    fake.reset()
    # Next day: T0001's prompt goes out; T0002 gets nothing, not even a claim.
    assert run_job(rt, "standup", at(24, 9, 30)) == 1
    assert tokens_in(fake, "C0001") and not tokens_in(fake, "C0002")
    assert all(c.token != gone for c in fake.calls)
    with rt.db.session() as s:
        claimed = set(s.scalars(select(JobRun.team_id).where(JobRun.period == "2026-11-24")))
        assert claimed == {"T0001"}
        assert s.scalar(select(Project.key).where(Project.team_id == "T0002")) == "OT"


def test_a_revoked_or_unknown_token_fails_invalid_auth_like_slack(fake, two):
    rt, _ = two
    token = rt.client_for("T0002").token
    assert WebClient(token=token, base_url=fake.api_url).auth_test()["team_id"] == "T0002"
    fake.revoke("T0002")
    for bad in (token, "xoxb-never-issued"):
        with pytest.raises(SlackApiError) as err:
            WebClient(token=bad, base_url=fake.api_url).auth_test()
        assert err.value.response["error"] == "invalid_auth"


def test_workspace_purge_deletes_only_that_workspaces_rows_and_only_with_yes(
    fake, two, db, tmp_path
):
    rt, senders = two
    senders["T0002"].command("/task", "add Ship it", channel="C0002")
    senders["T0002"].command("/risk", "add Vendor late likelihood:4 impact:5", channel="C0002")
    assert run_job(rt, "standup", at(23, 9, 30)) == 2
    rt.drain()
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "DATABASE_URL": db.url}

    def rows(team: str) -> dict[str, int]:
        return {k: v for k, v in purge.counts(db.engine, team).items() if v}

    before = rows("T0001")
    owned = rows("T0002")
    assert {"projects", "tasks", "risks", "members", "job_runs", "slack_bots"} <= set(owned)
    dry = run_cli(["workspace", "purge", "T0002"], env, tmp_path)
    assert dry.returncode == 1, dry.stderr
    assert "tasks: 1" in dry.stdout and "--yes" in dry.stdout
    assert rows("T0002") == owned  # nothing deleted without --yes
    done = run_cli(["workspace", "purge", "T0002", "--yes"], env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"deleted {sum(owned.values())} rows of T0002" in done.stdout
    assert rows("T0002") == {} and rows("T0001") == before
    assert rt.client_for("T0002") is None and rt.client_for("T0001") is not None
    bad = run_cli(["workspace", "purge", "all", "--yes"], env, tmp_path)
    assert bad.returncode == 2 and "not a workspace id" in bad.stderr
