"""What the Chinese tests share: the texts a person reads in blocks or a view, and Slack's own
models and limits (counted in characters) for the blocks and modals they check."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

# Keys whose strings nobody reads: ids, values and metadata.
_NOT_READ = ("private_metadata", "value", "action_id", "block_id", "callback_id")


def texts(node: Any) -> list[str]:
    """Every text a person reads in blocks or a view (not ids, values or metadata)."""
    if isinstance(node, list):
        return [t for n in node for t in texts(n)]
    if not isinstance(node, dict):
        return []
    out = [node["text"]] if isinstance(node.get("text"), str) else []
    for key, value in node.items():
        if key not in _NOT_READ and not (key == "text" and isinstance(value, str)):
            out += texts(value)
    return out


def valid_blocks(blocks: list[dict[str, Any]]) -> list[str]:
    """Slack's Block Kit models accept every block, within Slack's limits; the texts they show."""
    assert 0 < len(blocks) <= 50
    for raw in blocks:
        block = Block.parse(raw)
        assert block is not None, raw
        block.validate_json()
        if raw["type"] == "header":
            assert len(raw["text"]["text"]) <= 150
        if raw["type"] == "section":
            assert len((raw.get("text") or {}).get("text", "")) <= 3000
            assert all(len(f["text"]) <= 2000 for f in raw.get("fields", []))
        for element in raw.get("elements", []):
            if element.get("type") == "button":
                assert len(element["text"]["text"]) <= 75
    return texts(blocks)


def valid_view(view: dict[str, Any]) -> None:
    """A modal Slack accepts: its model, its title and button lengths, its blocks and inputs."""
    View(**view).validate_json()
    assert len(view["title"]["text"]) <= 24 and len(view["submit"]["text"]) <= 24
    shown = [b for b in view["blocks"] if b["type"] != "input"]
    if shown:
        valid_blocks(shown)
    for block in view["blocks"]:
        if block["type"] == "input":
            assert len(block["label"]["text"]) <= 2000
            hint = block["element"].get("placeholder")
            assert hint is None or len(hint["text"]) <= 150
