"""The argument checks the fake's Web API methods share: required fields, flags, Block Kit limits."""

from __future__ import annotations

from typing import Any

from bot.testing.fake_records import SlackError

Args = dict[str, Any]


def truthy(value: Any) -> bool:
    return value in (True, 1, "1", "true", "True")


def required(a: Args, name: str, error: str = "invalid_arguments") -> Any:
    value = a.get(name)
    if value is None or value == "":
        raise SlackError(error)
    return value


def check_blocks(blocks: Any, limit: int) -> list[dict[str, Any]]:
    """The Block Kit limits Slack itself enforces that apps most often trip over."""
    if blocks is None or blocks == "":
        return []
    if not isinstance(blocks, list) or not all(
        isinstance(b, dict) and isinstance(b.get("type"), str) for b in blocks
    ):
        raise SlackError("invalid_blocks_format")
    errors = [f"must be less than {limit + 1} items"] if len(blocks) > limit else []
    ids = [b["block_id"] for b in blocks if "block_id" in b]
    if len(ids) != len(set(ids)):
        errors.append("block_id must be unique")
    for i, b in enumerate(blocks):
        text = b.get("text") if isinstance(b.get("text"), dict) else {}
        max_len = {"section": 3000, "header": 150}.get(b["type"], 0)
        if max_len and len(text.get("text", "")) > max_len:
            errors.append(
                f"must be less than {max_len + 1} characters [json-pointer:/blocks/{i}/text/text]"
            )
        if len(b.get("fields") or []) > 10:
            errors.append(f"must be less than 11 items [json-pointer:/blocks/{i}/fields]")
    if errors:
        raise SlackError("invalid_blocks", errors=errors, response_metadata={"messages": errors})
    return blocks
