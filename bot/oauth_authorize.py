"""OAuth mode: authorize a request for the installation that owns what it acts on, not the actor's.

Bolt's `InstallationStoreAuthorize` looks the installation up by the ids Bolt extracted from the
payload (`context.enterprise_id`, `context.team_id`). Those are the installation's for events
(`authorizations[0]`) and for modals (`view.app_installed_team_id`), but for a click on a message
they are the clicker's own: a Slack Connect partner's team, which has not installed the app, so
Bolt finds nothing and refuses. A modal's `enterprise` is the actor's org too, so a partner from a
Grid org misses the installing workspace's row by its enterprise id.

`InstallingTeamAuthorize` asks, in order:
1. a click on a message our app's bot posted: the installation of that bot (`message.bot_id`; each
   installation has a bot of its own), whoever clicks; the card and its data are that installation's;
2. Bolt's own lookup (the actor's workspace or org, the modal's or the event's installation);
3. the workspace by its team id alone, whatever org the payload names (the partner's org on a
   modal, or a workspace installed inside a Grid org).
A request none of these finds is refused by Bolt as before. The data a listener then reads is
`bot.tenancy.owning_team`'s, and what the person may do is decided by project membership.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext, BoltRequest, BoltResponse
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.middleware import Middleware
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from bot.slack_client import kept_alive
from bot.store.installations import bot_by_id, installed_bot

log = logging.getLogger(__name__)

MESSAGE_BOT = "teamtrack_message_bot_id"  # context key: the bot that posted the clicked message


class MessageBot(Middleware):
    """Runs before authorize (Bolt's `before_authorize`): note which bot posted the message a click
    is on; authorize sees only the context, not the body. Not for message shortcuts: one is run
    from the actor's own installation of the app, and the message is only its subject."""

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]):  # noqa: A002
        message = req.body.get("message") if req.body.get("type") == "block_actions" else None
        if isinstance(message, dict) and isinstance(message.get("bot_id"), str):
            req.context[MESSAGE_BOT] = message["bot_id"]
        return next()


class InstallingTeamAuthorize(InstallationStoreAuthorize):
    """Bolt's installation-store authorize, finding the installing workspace as the module says."""

    installation_store: SQLAlchemyInstallationStore

    @classmethod
    def from_settings(cls, oauth: OAuthSettings, client: WebClient) -> InstallingTeamAuthorize:
        """With Bolt's cache of what `auth.test` said for each token (per process): without it
        every request waits for an `auth.test` call to Slack before its ack. A token revoked or
        uninstalled leaves the installation store (`tokens_revoked`, `app_uninstalled`), so it
        is never found, and never looked up in the cache."""
        return cls(
            cache_enabled=True,
            logger=log,
            installation_store=oauth.installation_store,
            client_id=oauth.client_id,
            client_secret=oauth.client_secret,
            token_rotation_expiration_minutes=oauth.token_rotation_expiration_minutes,
            client=client,
        )

    def __call__(
        self,
        *,
        context: BoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        **actor: Any,
    ) -> AuthorizeResult | None:
        # Bolt gives each request a plain WebClient; `auth.test` here and the listener's calls go
        # out on this thread's kept connection to Slack instead (`bot.slack_client`).
        context["client"] = kept_alive(context.client)
        store = self.installation_store
        posted_by = context.get(MESSAGE_BOT)
        poster = bot_by_id(store, posted_by) if posted_by else None
        if poster is not None:
            found = self._as_bot(context, poster, user_id, actor)
            if found is not None:
                return found
        found = super().__call__(
            context=context, enterprise_id=enterprise_id, team_id=team_id, user_id=user_id, **actor
        )
        if found is not None or not team_id:
            return found
        workspace = installed_bot(store, team_id)
        if workspace is None or (workspace.enterprise_id, workspace.team_id) == (
            enterprise_id,
            team_id,
        ):
            return None
        return self._as_bot(context, workspace, user_id, actor)

    def _as_bot(
        self, context: BoltContext, bot: Bot, user_id: str | None, actor: dict[str, Any]
    ) -> AuthorizeResult | None:
        """Bolt's lookup for exactly this bot's installation (workspace or org-wide, as its row
        says, whatever the payload's `is_enterprise_install`)."""
        payload_says = context.get("is_enterprise_install")
        context["is_enterprise_install"] = bool(bot.is_enterprise_install)
        try:
            return super().__call__(
                context=context,
                enterprise_id=bot.enterprise_id,
                team_id=bot.team_id,
                user_id=user_id,
                **actor,
            )
        finally:
            context["is_enterprise_install"] = payload_says
