"""Slack's text markup, both ways: user text made inert for mrkdwn, and mrkdwn read as plain text.

Pure string functions with no imports of ours, so the grammar, the view layer and the catalogue
share one definition of escaping.
"""

from __future__ import annotations

import re


def escape_mrkdwn(text: str) -> str:
    """Escape `&`, `<` and `>` so user text shows as typed and cannot ping or fake a mention."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape_slack(text: str) -> str:
    """Undo Slack's escaping of `&`, `<` and `>` in incoming command text."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


# A modal field's error is one short line under the field.
ERROR_MAX = 150

_CODE = re.compile(r"```(.*?)```|`([^`\n]*)`", re.S)
_LINK = re.compile(r"<([^<>\s][^<>]*)>")
_EMPHASIS = [
    re.compile(rf"(?<![\w{m}]){re.escape(m)}(?!\s)([^{m}\n]+?)(?<!\s){re.escape(m)}(?![\w{m}])")
    for m in "*_~"
]
_QUOTE = re.compile(r"^(?:>|&gt;)\s?", re.M)


def plain_text(message: str, limit: int | None = None) -> str:
    """The message as plain text reads it: no mrkdwn escapes, code ticks, emphasis or link syntax.

    Slack's link syntax becomes what it shows (`<@U1|ann>` → `@ann`, `<!channel>` → `@channel`,
    `<#C1|dev>` → `#dev`); text escaped as `&lt;!channel&gt;` shows as typed, `<!channel>`.
    Plain text never pings, so nothing here needs escaping again.
    """
    parts, at = [], 0
    for m in _CODE.finditer(message):
        parts.append(_prose(message[at : m.start()]))
        parts.append(m[1] if m[1] is not None else m[2])
        at = m.end()
    parts.append(_prose(message[at:]))
    text = " ".join(unescape_slack("".join(parts)).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def field_error(message: str) -> str:
    """A modal field's error (`response_action: errors`): plain text, one line, within Slack's room."""
    return plain_text(message, ERROR_MAX)


def _prose(text: str) -> str:
    text = _QUOTE.sub("", _LINK.sub(_link, text))
    for pattern in _EMPHASIS:
        text = pattern.sub(r"\1", text)
    return text


def _link(m: re.Match[str]) -> str:
    target, _, label = m[1].partition("|")
    if target.startswith("@"):
        return f"@{label or target[1:]}"
    if target.startswith("#"):
        return f"#{label or target[1:]}"
    if target.startswith("!date"):
        return label or target
    if target.startswith("!"):
        return "@" + (label or target[1:].split("^")[-1]).lstrip("@")
    return label or target
