"""manifest.yml declares what the app uses and is valid against Slack's published schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_DIR = ROOT.parent / "shared" / "slack-manifest-schema"
MANIFEST = yaml.safe_load((ROOT / "manifest.yml").read_text())


def test_manifest_is_valid_against_slacks_schema():
    if not (SCHEMA_DIR / "manifest.schema.json").exists():
        pytest.skip(
            f"Slack's manifest schema is not at {SCHEMA_DIR} (CI has it beside the checkout)"
        )
    from jsonschema import Draft7Validator
    from referencing import Registry, Resource

    def retrieve(uri: str) -> Resource:
        # The schema names its parts by public URL; every part is in the local copy, by file name.
        name = uri.rstrip("/").rsplit("/", 1)[-1]
        path = SCHEMA_DIR / "schemas" / name
        if not path.exists():
            path = SCHEMA_DIR / name
        return Resource.from_contents(json.loads(path.read_text()))

    registry = Registry(retrieve=retrieve)
    root = json.loads((SCHEMA_DIR / "manifest.schema.json").read_text())
    errors = sorted(Draft7Validator(root, registry=registry).iter_errors(MANIFEST), key=str)
    assert not errors, "\n".join(e.message for e in errors[:5])


def test_manifest_declares_every_command_with_escaping():
    commands = {c["command"]: c for c in MANIFEST["features"]["slash_commands"]}
    assert set(commands) == {"/project", "/task", "/risk", "/resource", "/standup"}
    assert all(c["should_escape"] for c in commands.values())


def test_manifest_declares_events_interactivity_and_socket_mode():
    settings = MANIFEST["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) >= {
        "app_home_opened",
        "message.channels",
        "message.groups",
        "message.im",
    }
    assert settings["interactivity"]["is_enabled"] and settings["socket_mode_enabled"]
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"]
    assert {"commands", "chat:write", "im:write", "users:read", "files:write"} <= set(
        MANIFEST["oauth_config"]["scopes"]["bot"]
    )
