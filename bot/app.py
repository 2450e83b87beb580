"""The app factory: a Bolt App wired to one Runtime."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.middleware import Middleware
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient

from bot import commands
from bot.clock import Clock, sleeper, system_clock
from bot.config import Settings
from bot.home_publisher import HomePublisher
from bot.oauth_authorize import InstallingTeamAuthorize, MessageBot
from bot.runtime import Runtime
from bot.services import replays
from bot.services.answers import Answers
from bot.slack_client import make_client
from bot.store.db import Database
from bot.store.installations import installation_store, state_store

log = logging.getLogger(__name__)


class _SameTokenNotice(logging.Filter):
    """Drop Bolt's "`token` will be unused" warning: Bolt reads SLACK_BOT_TOKEN from the environment
    itself, and the client we hand it was built from that same token, so nothing is unused."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


logging.getLogger("slack_bolt.App").addFilter(_SameTokenNotice())


@dataclass(frozen=True)
class Built:
    """What `create_app` builds: Bolt's App, and the Runtime its listeners (and jobs) are given."""

    app: App
    runtime: Runtime


def create_app(
    settings: Settings,
    client: WebClient | None = None,
    *,
    db: Database | None = None,
    clock: Clock = system_clock,
    home_refresh_seconds: float = 5.0,
    after_work: Executor | None = None,
) -> Built:
    """Build the Bolt app; `client`, `db` and `clock` are injectable for tests and the sandbox.

    `after_work` runs what listeners defer (default: a pool of four threads).
    """
    client = client or make_client(settings, sleep=sleeper(clock))
    db = db or Database(settings.database_url)
    oauth = oauth_settings(settings, db) if settings.oauth else None
    runtime = Runtime(
        settings=settings,
        db=db,
        client=client,
        clock=clock,
        home_refresh_seconds=home_refresh_seconds,
        homes=HomePublisher(),
        answers=Answers(settings.teamtrack_answer_cache),
        installations=oauth.installation_store if oauth else None,  # type: ignore[arg-type]
        **({"_pool": after_work} if after_work is not None else {}),
    )
    app = App(
        client=client,
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        # Answer inside the ack: no thread hand-off and 10 ms ack polling per request.
        process_before_response=True,
        token_verification_enabled=False,
        ignoring_self_events_enabled=True,
        oauth_settings=oauth,
        # OAuth: a Slack Connect partner's click is authorized for the installation that posted
        # the card, not refused for the partner's own workspace (bot/oauth_authorize.py).
        before_authorize=MessageBot() if oauth else None,
        authorize=InstallingTeamAuthorize.from_settings(oauth, client) if oauth else None,
    )
    if oauth is not None:
        # tokens_revoked / app_uninstalled delete the installation's rows: its jobs stop at once.
        app.enable_token_revocation_listeners()
    app.use(_InjectRuntime(runtime))
    app.use(_HandleOnce(runtime))
    commands.register(app)
    return Built(app, runtime)


# What "Add to Slack" asks for: manifest.yml's oauth_config.scopes.bot (tests/test_manifest.py checks).
BOT_SCOPES = (
    "commands",
    "chat:write",
    "chat:write.public",
    "im:write",
    "channels:history",
    "groups:history",
    "users:read",
    "files:write",
)


def oauth_settings(settings: Settings, db: Database) -> OAuthSettings:
    """Bolt's OAuth flow (`GET /slack/install`, `GET /slack/oauth_redirect`) on our database's stores."""
    client_id = settings.slack_client_id or ""
    return OAuthSettings(
        client_id=client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),  # type: ignore[union-attr]
        scopes=list(BOT_SCOPES),
        installation_store=installation_store(client_id, db.engine),
        state_store=state_store(db.engine),
        install_path="/slack/install",
        redirect_uri_path="/slack/oauth_redirect",
    )


class _InjectRuntime(Middleware):
    """Put the Runtime in every listener's context as `rt`.

    Middleware subclasses are called as they are; plain functions would have their arguments
    rebuilt by Bolt on every request (~0.1 ms each on this path).
    """

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]):  # noqa: A002
        rt = self.runtime
        if rt.installations is not None and req.context.client is not None:
            # OAuth: Bolt's client for this request carries the installation's bot token; the
            # listener's replies, deferred work and uploads all go through it, never `rt.client`
            # (a `bot.slack_client.Client` since authorize: `InstallingTeamAuthorize`).
            rt = replace(rt, client=req.context.client)
        req.context["rt"] = rt
        return next()


class _HandleOnce(Middleware):
    """Answer a request already handled without acting again: a replayed signed request (the same
    trigger_id, event_id or signature) or an event Slack redelivers (X-Slack-Retry-Num).

    Runs after Bolt has checked the signature, so only requests Slack signed are recorded. The
    record is in the database, so every replica sees it; one insert per request. A slash
    command's key is left to the command (`context["once"]`, `bot.commands.base.run_command`): it
    is looked for before the verb runs and recorded in the verb's own transaction, so a change
    and its record commit together, with no transaction of their own.
    """

    PRUNE_EVERY = 60.0  # seconds between this process's deletions of old keys

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._next_prune = 0.0
        self._prune_lock = threading.Lock()

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]):  # noqa: A002
        db, now = self.runtime.db, datetime.now(UTC)  # the signature's window is real time
        signature = (req.headers.get("x-slack-signature") or [None])[0]
        key = replays.request_key(req.body, signature)
        if key is not None and req.body.get("command"):
            req.context["once"] = replays.Pending(key, now)
        elif key is not None and not replays.first_time(db, key, now):
            log.info("request %s already handled; answered without acting again", key)
            return BoltResponse(status=200, body="")
        self._maybe_prune(now)
        return next()

    def _maybe_prune(self, now: datetime) -> None:
        tick = time.monotonic()
        if tick < self._next_prune or not self._prune_lock.acquire(blocking=False):
            return
        try:
            self._next_prune = tick + self.PRUNE_EVERY
            replays.prune(self.runtime.db, now)
        finally:
            self._prune_lock.release()
