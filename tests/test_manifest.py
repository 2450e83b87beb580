"""manifest.yml declares what the app uses and is valid against Slack's published schema."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# Slack's published schema, vendored as data with its licence (tests/fixtures/slack-manifest-schema).
SCHEMA_DIR = ROOT / "tests" / "fixtures" / "slack-manifest-schema"
MANIFEST = yaml.safe_load((ROOT / "manifest.yml").read_text())


def test_manifest_is_valid_against_slacks_schema():
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
    }
    assert settings["interactivity"]["is_enabled"] and settings["socket_mode_enabled"]
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"]
    assert {"commands", "chat:write", "im:write", "users:read", "files:write"} <= set(
        MANIFEST["oauth_config"]["scopes"]["bot"]
    )


# What each Web API method the code calls needs, from Slack's method reference.
METHOD_SCOPES: dict[str, set[str]] = {
    "chat.postMessage": {"chat:write"},
    "chat.postEphemeral": {"chat:write"},
    "chat.update": {"chat:write"},
    "chat.getPermalink": set(),
    # No conversations.history: reading channel history is never required (SPEC, Installations).
    "conversations.open": {"im:write"},
    "files.upload_v2": {"files:write"},
    "users.info": {"users:read"},
    "views.open": set(),
    "views.update": set(),
    "views.publish": set(),
    "apps.connections.open": set(),  # the app-level token's connections:write, not a bot scope
    "oauth.v2.access": set(),
}
# What each event the app subscribes to needs.
EVENT_SCOPES: dict[str, set[str]] = {
    "app_home_opened": set(),
    "app_uninstalled": set(),
    "tokens_revoked": set(),
    "message.channels": {"channels:history"},
    "message.groups": {"groups:history"},
    "message.im": {"im:history"},
    "user_change": {"users:read"},
}
# Scopes no single call names.
FEATURE_SCOPES = {
    "commands": "the slash commands and the message shortcut",
    "chat:write.public": "a digest-to channel the bot was never invited to still gets the digest",
}


def _calls_in(package: Path) -> set[str]:
    """Web API methods called as `<something>.client.<method>(` or `client.<method>(` in the package."""
    methods: set[str] = set()
    for path in package.rglob("*.py"):
        if "testing" in path.parts or "sandbox" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            owner = node.func.value
            owner_name = (
                owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            )
            if owner_name == "client" and "_" in node.func.attr:
                family, _, rest = node.func.attr.partition("_")
                methods.add(f"{family}.{rest}")
    return methods


def _handled_events(package: Path) -> set[str]:
    """Event types the app registers a listener for with `app.event("…")`, and those Bolt's token
    revocation listeners handle when the app turns them on (OAuth: an uninstall stops its jobs)."""
    pattern = re.compile(r"app\.event\(\s*\"([a-z_]+)\"")
    sources = [path.read_text() for path in package.rglob("*.py")]
    handled = {m for source in sources for m in pattern.findall(source)}
    if any("enable_token_revocation_listeners()" in source for source in sources):
        handled |= {"app_uninstalled", "tokens_revoked"}
    return handled


def test_manifest_declares_exactly_the_scopes_the_code_uses():
    methods = _calls_in(ROOT / "bot")
    unknown = methods - set(METHOD_SCOPES)
    assert not unknown, f"add these Web API methods' scopes to METHOD_SCOPES: {unknown}"
    events = set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
    needed = set(FEATURE_SCOPES).union(*(METHOD_SCOPES[m] for m in methods))
    needed |= set().union(*(EVENT_SCOPES[e] for e in events))
    assert set(MANIFEST["oauth_config"]["scopes"]["bot"]) == needed


def test_manifest_subscribes_to_exactly_the_events_the_app_handles():
    handled = _handled_events(ROOT / "bot")
    subscribed = set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
    assert {e.partition(".")[0] for e in subscribed} == handled


def test_no_modal_asks_to_be_told_when_closed_without_a_view_closed_listener():
    source = "\n".join(
        p.read_text() for p in (ROOT / "bot").rglob("*.py") if "testing" not in p.parts
    )
    if re.search(r"notify_on_close\s*=\s*True|\"notify_on_close\":\s*True", source):
        assert "app.view_closed(" in source


def test_add_to_slack_asks_for_the_manifests_bot_scopes():
    from bot.app import BOT_SCOPES

    assert list(BOT_SCOPES) == MANIFEST["oauth_config"]["scopes"]["bot"]
