"""The layers hold: an import against commands → services → store, jobs → services → store, or
into `bot/blocks` from anything but view models and the catalogue, fails here (read with ast)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# What each layer may not import (by prefix). `bot.blocks` may import only what BLOCKS_MAY names.
FORBIDDEN = {
    "bot.store": ("bot.services", "bot.commands", "bot.jobs", "bot.blocks", "bot.runtime", "bot.app"),
    "bot.services": ("bot.commands", "bot.jobs", "bot.blocks", "bot.runtime", "bot.app", "slack_sdk", "slack_bolt"),
    "bot.jobs": ("bot.commands",),
    "bot.views": ("bot.store", "bot.services", "bot.runtime", "bot.commands", "bot.jobs", "bot.blocks", "slack_sdk", "slack_bolt"),
    "bot.i18n": ("bot.store", "bot.services", "bot.runtime", "bot.commands", "bot.jobs", "bot.blocks", "slack_sdk", "slack_bolt"),
}  # fmt: skip
BLOCKS_MAY = ("bot.blocks", "bot.views", "bot.i18n")

# Edges that break the rules today, each to be removed as its module is made plain (issue 14).
# A test below fails when an edge listed here is gone, so the list only ever shrinks.
KNOWN: set[str] = set()


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def edges_against_the_layers() -> set[str]:
    bad: set[str] = set()
    for path in sorted((ROOT / "bot").rglob("*.py")):
        module = _module(path)
        for target in _imports(path):
            if _under(module, "bot.blocks"):
                if _under(target, "bot") and not any(_under(target, p) for p in BLOCKS_MAY):
                    bad.add(f"{module} -> {target}")
                continue
            for layer, banned in FORBIDDEN.items():
                if _under(module, layer) and any(_under(target, b) for b in banned):
                    bad.add(f"{module} -> {target}")
    # `from bot.services import x` is listed as `bot.services` and `bot.services.x`: keep the longer.
    return {e for e in bad if not any(o != e and o.startswith(e + ".") for o in bad)}


def test_no_import_goes_against_the_layers() -> None:
    new = sorted(edges_against_the_layers() - KNOWN)
    assert not new, "imports against the layers:\n" + "\n".join(new)


def test_the_known_exceptions_only_shrink() -> None:
    gone = sorted(KNOWN - edges_against_the_layers())
    assert not gone, "fixed, so remove from KNOWN:\n" + "\n".join(gone)
