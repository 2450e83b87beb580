"""Whose data a request acts on: the installation's workspace (or Grid org), whoever acts.

In a Slack Connect channel a partner's click, modal or thread reply carries the partner's own team;
on an org-wide Enterprise Grid install a request carries the workspace of the org it came from.
Either way the data belongs to the installation Bolt authorized the request for
(`context.authorize_result`: in token mode the one `auth.test` Bolt caches per process; with OAuth
the installation store's row), and what a person may do is decided by their project membership.

A request is served from the installation's data only when Slack's payload ties it to that
installation: Bolt's `context.team_id` already prefers `authorizations[0].team_id` (events) and
`view.app_installed_team_id` (modals), an org-wide install accepts every workspace of its org, and a
click on a message this installation's bot posted is a click in a channel shared with it. Any other
request names a workspace that is not this installation's; it is answered from that workspace's own
(empty) data, so nothing reaches another installation's rows.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext


def owning_team(context: BoltContext, body: dict[str, Any]) -> str:
    """The team (or, for an org-wide install, enterprise) id whose rows this request reads and writes."""
    installed = _installation(context)
    if installed is None:
        return context.team_id or ""
    if installed in (context.team_id, context.enterprise_id) or _our_message(context, body):
        return installed
    return context.team_id or context.enterprise_id or ""


def _installation(context: BoltContext) -> str | None:
    result = context.authorize_result
    if result is None:
        return None
    if context.is_enterprise_install or not result.team_id:
        return result.enterprise_id or result.team_id
    return result.team_id


def _our_message(context: BoltContext, body: dict[str, Any]) -> bool:
    """A click on a message this installation's bot posted (a card in a shared channel)."""
    bot_id = context.authorize_result.bot_id if context.authorize_result else None
    message = body.get("message")
    return bool(bot_id) and isinstance(message, dict) and message.get("bot_id") == bot_id
