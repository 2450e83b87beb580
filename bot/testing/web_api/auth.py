"""auth.test and oauth.v2.access: which installation a token speaks for, and how one is made."""

from __future__ import annotations

from bot.testing.fake_records import SlackError
from bot.testing.fake_state import Workspace
from bot.testing.web_api.checks import Args


def auth_test(ws: Workspace, a: Args) -> Args:
    install = ws.acting()
    return {
        "url": f"{ws.root_url}/",
        "team": "TeamTrack Sandbox",
        "user": ws.users[ws.bot_user_id].name,
        "team_id": install.team_id,
        "user_id": ws.bot_user_id,
        "bot_id": install.bot_id,
        "enterprise_id": install.enterprise_id,
        "is_enterprise_install": install.is_enterprise_install,
    }


def oauth_access(ws: Workspace, a: Args) -> Args:
    """Exchange an install's code (from FakeSlack.install_code) for that installation's bot token.

    Each installation has a bot of its own (its own bot_id), as on Slack; an id starting with "E"
    is an org-wide Enterprise Grid install (no team), else a workspace's, inside a Grid org or not.
    """
    install = ws.install_codes.pop(str(a.get("code") or ""), None)
    if install is None:
        raise SlackError("invalid_code")
    key = install.team_id or install.enterprise_id or ""
    token = f"xoxb-{key}-{len(ws.tokens) + 1}"
    ws.tokens[token] = key
    ws.installs[key] = install
    org = install.enterprise_id
    return {
        "access_token": token,
        "token_type": "bot",
        "scope": "commands,chat:write",
        "bot_user_id": ws.bot_user_id,
        "app_id": ws.app_id,
        "team": {"id": install.team_id, "name": f"Team {install.team_id}"}
        if install.team_id
        else None,
        "enterprise": {"id": org, "name": f"Org {org}"} if org else None,
        "is_enterprise_install": install.is_enterprise_install,
        "authed_user": {"id": "U0001"},
    }
