"""The parts every payload Slack sends shares: team, user, channel, trigger, response_url, view."""

from __future__ import annotations

import itertools
import secrets
import time
from dataclasses import dataclass
from typing import Any

from bot.testing.fake_records import View
from bot.testing.fake_slack import FakeSlack
from bot.testing.signed_http import SignedHttp
from bot.testing.signed_values import state_values


@dataclass(frozen=True)
class Org:
    """Enterprise Grid and Slack Connect fields of a payload, as Slack sends them.

    `enterprise_id`: the actor's org; `is_enterprise_install`: the app is installed org-wide;
    `installed_enterprise_id`: the installation's org when it is not the actor's (Slack Connect);
    `user_team_id`: the actor's own workspace when the payload's team is another.
    """

    enterprise_id: str | None = None
    is_enterprise_install: bool = False
    installed_enterprise_id: str | None = None
    user_team_id: str | None = None


class PayloadParts(SignedHttp):
    """The fields a sender's payloads share, taken from the fake when it has one.

    Mixed into SlackSender, which sets the fake, the team and the app up.
    """

    fake: FakeSlack | None
    team_id: str
    api_app_id: str
    _seq: itertools.count[int]

    def _ts(self) -> str:
        return self.fake.new_ts() if self.fake else f"{time.time():.6f}"

    def _trigger(self, user: str) -> str:
        if self.fake:
            return self.fake.issue_trigger(user)
        return f"{next(self._seq)}.{int(self.clock())}.{secrets.token_hex(8)}"

    def _response_url(self, channel: str, user: str, ts: str | None = None) -> str:
        if self.fake:
            return self.fake.new_response_url(
                (channel, ts) if ts else None, channel=channel, user=user
            )
        return f"http://127.0.0.1:9/respond/{next(self._seq)}"  # the discard port: fails fast

    def _user(self, user: str, team_id: str | None) -> dict[str, Any]:
        known = self.fake.users.get(user) if self.fake else None
        name = known.name if known else user.lower()
        return {"id": user, "username": name, "name": name, "team_id": team_id or self.team_id}

    def _team(self, team_id: str | None) -> dict[str, Any]:
        return {"id": team_id or self.team_id, "domain": "teamtrack"}

    def _channel(self, channel: str) -> dict[str, str]:
        known = self.fake.channels.get(channel) if self.fake else None
        if channel.startswith("D"):
            return {"id": channel, "name": "directmessage"}
        return {"id": channel, "name": known.name if known else channel.lower()}

    def _common(self, kind: str, user: str, team_id: str | None, org: Org) -> dict[str, Any]:
        """Fields every interaction shares; `org` adds Enterprise Grid's as Slack sends them."""
        team: dict[str, Any] | None = self._team(team_id)
        enterprise = {"id": org.enterprise_id, "name": "Org"} if org.enterprise_id else None
        if org.enterprise_id and team is not None:
            team["enterprise_id"] = org.enterprise_id
        if org.is_enterprise_install and team_id is None:
            team = (
                None  # an org-wide install's interaction may carry no team; user.team_id names it
            )
        return {
            "type": kind,
            "token": "verification-token",
            "team": team,
            "user": self._user(user, org.user_team_id or team_id),
            "api_app_id": self.api_app_id,
            "trigger_id": self._trigger(user),
            "is_enterprise_install": org.is_enterprise_install,
            "enterprise": enterprise,
        }

    def _view(
        self,
        view: dict[str, Any] | View,
        values: dict[str, Any] | None,
        team_id: str | None = None,
        installed_team_id: str | None = None,
    ) -> dict[str, Any]:
        """The view as Slack would send it back (found in the fake when it opened it), with state.

        From another workspace (`team_id`) the view is that workspace's own installation's, unless
        `installed_team_id` says it was opened by the installation in a shared channel (Slack Connect).
        """
        found = view if isinstance(view, View) else None
        if found is None and self.fake:
            found = self.fake.views.get(view.get("id") or "")  # type: ignore[union-attr]
            if found is None:
                same = [v for v in self.fake.views.values() if v.view == view]
                found = next((v for v in reversed(same) if v.is_open), same[-1] if same else None)
        if found is None:
            assert isinstance(view, dict)
            vid = view.get("id") or f"V{next(self._seq):08d}"
            kind = view.get("type", "modal")
            found = View(vid, None, view, view.get("hash", ""), kind, team_id=self.team_id)
        shown = found.payload()
        shown["state"]["values"] = state_values(shown, values)
        if team_id and team_id != self.team_id:
            shown["team_id"] = team_id
            shown["app_installed_team_id"] = installed_team_id or team_id
        return shown
