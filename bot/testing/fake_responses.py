"""response_urls: handed out with commands and clicks, and what the app's posts to them do."""

from __future__ import annotations

import json
import time

from bot.testing.fake_http import Handled, RawRequest, json_reply
from bot.testing.fake_records import Message, ResponseUrlPost, SlackError
from bot.testing.fake_state import Workspace
from bot.testing.web_api.checks import Args, check_blocks, truthy


class ResponseUrls(Workspace):
    """A workspace's response_urls and the messages posts to them show, replace or delete.

    Mixed into FakeSlack, which sets _response_urls up and routes POST /respond/<key> here.
    """

    _response_urls: dict[str, tuple[tuple[str, str] | None, str | None, str | None]]

    def new_response_url(
        self,
        for_message: tuple[str, str] | None = None,
        *,
        channel: str | None = None,
        user: str | None = None,
    ) -> str:
        """A response_url on this server; replace/delete_original act on `for_message` (channel, ts)."""
        with self._lock:
            key = str(next(self._ids))
            target = tuple(for_message) if for_message and for_message[1] else None
            self._response_urls[key] = (
                target,
                channel or (for_message[0] if for_message else None),
                user,
            )  # type: ignore[assignment]
        return f"{self.root_url}/respond/{key}"

    def show_command_ack(
        self, channel: str, user: str, ack: Args | None, *, ts: str | None = None
    ) -> Message | None:
        """Show a slash command's ack body the way Slack does: ephemeral unless in_channel.

        `ts` is one reserved with new_ts() when the command was sent: Slack shows the ack as it
        receives the answer, before anything the app posts afterwards, even when whoever sent the
        command reads that answer later than the app's next post arrives here.
        """
        if not ack or not (ack.get("text") or ack.get("blocks")):
            return None
        with self._mutate():
            body = {**ack, "replace_original": False}
            return self._apply_response(body, None, channel, user, ts=ts)

    def _apply_response(
        self,
        body: Args,
        for_message: tuple[str, str] | None,
        channel: str | None,
        user: str | None,
        *,
        ts: str | None = None,
    ) -> Message | None:
        blocks = check_blocks(body.get("blocks"), 50)
        orig = self.find_message(*for_message, include_ephemeral=True) if for_message else None
        if truthy(body.get("delete_original")):
            if orig is not None:
                self._changed_message(orig, deleted=True)
            return orig
        if truthy(body.get("replace_original")) and orig is not None:
            text = str(body.get("text") or "")
            self._changed_message(
                orig, text=text, blocks=blocks, updated_count=orig.updated_count + 1
            )
            return orig
        if not channel:
            return None
        ephemeral_to = None if body.get("response_type") == "in_channel" else (user or "")
        return self.add_message(
            self.resolve_channel(channel),
            self.bot_user_id,
            str(body.get("text") or ""),
            blocks=blocks,
            attachments=body.get("attachments"),
            thread_ts=body.get("thread_ts"),
            ephemeral_to=ephemeral_to,
            ts=ts,
        )

    def _respond(self, key: str, req: RawRequest) -> Handled:
        target = self._response_urls.get(key)
        if target is None:
            return 404, {"Content-Type": "text/plain"}, b"invalid_url"
        try:
            body = json.loads(req.body)
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return 400, {"Content-Type": "text/plain"}, b"invalid_payload"
        for_message, channel, user = target
        with self._mutate():
            try:
                msg = self._apply_response(body, for_message, channel, user)
            except SlackError as e:
                return 400, {"Content-Type": "text/plain"}, e.code.encode()
            post = ResponseUrlPost(
                f"{self.root_url}/respond/{key}", body, for_message, channel, user, time.time(), msg
            )
            self.responses.append(post)
            self._emit("response", post)
        return json_reply({"ok": True})
