"""files.*: Slack's two-step external upload and files.info."""

from __future__ import annotations

from bot.testing.fake_records import File, SlackError
from bot.testing.fake_state import Workspace
from bot.testing.web_api.checks import Args, required


def get_upload_url(ws: Workspace, a: Args) -> Args:
    filename = required(a, "filename")
    length = int(required(a, "length"))
    f = File(ws._new_id("F"), filename, filename, length=length, user=ws.bot_user_id)
    ws.files[f.id] = f
    return {"upload_url": f"{ws.root_url}/upload/v1/{f.id}", "file_id": f.id}


def complete_upload(ws: Workspace, a: Args) -> Args:
    items = a.get("files")
    if not isinstance(items, list) or not items:
        raise SlackError("invalid_arguments")
    found = [ws.files.get(str(item.get("id"))) for item in items]
    if any(f is None or not f.uploaded for f in found):
        raise SlackError("file_not_found")
    channels = a.get("channels")
    channel = a.get("channel_id") or (channels.split(",")[0] if isinstance(channels, str) else None)
    channel = ws.resolve_channel(channel) if channel else None
    thread_ts, comment = a.get("thread_ts") or None, a.get("initial_comment") or None
    shared: list[File] = []
    for item, f in zip(items, found, strict=True):
        assert f is not None  # checked above; narrows the type
        f.title, f.channel, f.thread_ts, f.initial_comment = (
            item.get("title") or f.filename,
            channel,
            thread_ts,
            comment,
        )
        f.shared, f.url_private = channel is not None, f"{ws.root_url}/files/{f.id}/{f.filename}"
        shared.append(f)
        ws._emit("file", f)
    if channel:
        ws.add_message(channel, ws.bot_user_id, comment or "", files=shared, thread_ts=thread_ts)
    return {"files": [{"id": f.id, "title": f.title} for f in shared]}


def files_info(ws: Workspace, a: Args) -> Args:
    f = ws.files.get(str(a.get("file") or ""))
    if f is None or not f.uploaded:
        raise SlackError("file_not_found")
    return {"file": f.to_dict(), "comments": [], "response_metadata": {"next_cursor": ""}}
