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
KNOWN: set[str] = {
    "bot.blocks.alerts -> bot.services.deviations.Deviation",
    "bot.blocks.alerts -> bot.services.scoring.band",
    "bot.blocks.alerts -> bot.services.scoring.score",
    "bot.blocks.alerts -> bot.store.models.Project",
    "bot.blocks.alerts -> bot.store.models.Risk",
    "bot.blocks.digest -> bot.services.digest.Digest",
    "bot.blocks.digest -> bot.services.digest.LIST_MAX",
    "bot.blocks.digest -> bot.services.scoring.band",
    "bot.blocks.digest -> bot.services.scoring.score",
    "bot.blocks.digest -> bot.store.models.Task",
    "bot.blocks.home -> bot.format.hours",
    "bot.blocks.home -> bot.runtime.Runtime",
    "bot.blocks.home -> bot.services.home.Home",
    "bot.blocks.home -> bot.services.home.home",
    "bot.blocks.home -> bot.services.scoring.band",
    "bot.blocks.home -> bot.services.scoring.score",
    "bot.blocks.project -> bot.format.hours",
    "bot.blocks.project -> bot.format.money",
    "bot.blocks.project -> bot.services.costs.Spent",
    "bot.blocks.project -> bot.services.project_settings.ProjectSettings",
    "bot.blocks.project -> bot.services.projects.NEW_EXAMPLE",
    "bot.blocks.project -> bot.services.projects.ProjectInfo",
    "bot.blocks.project -> bot.services.scoring.band",
    "bot.blocks.project -> bot.services.scoring.score",
    "bot.blocks.project -> bot.store.models.Member",
    "bot.blocks.project -> bot.store.models.Milestone",
    "bot.blocks.project -> bot.store.models.Project",
    "bot.blocks.report -> bot.format.hours",
    "bot.blocks.report -> bot.format.money",
    "bot.blocks.report -> bot.format.plain_hours",
    "bot.blocks.report -> bot.format.plain_money",
    "bot.blocks.report -> bot.services.access.closed_on",
    "bot.blocks.report -> bot.services.report.RATINGS",
    "bot.blocks.report -> bot.services.report.Report",
    "bot.blocks.report -> bot.services.report.TOP",
    "bot.blocks.standup -> bot.services.standup_replies.Answer",
    "bot.blocks.standup -> bot.services.standup_summary.Summary",
    "bot.blocks.standup -> bot.services.standups.Prompt",
    "bot.blocks.standup -> bot.store.models.Blocker",
    "bot.blocks.standup -> bot.store.models.Project",
    "bot.blocks.standup -> bot.store.models.StandupReply",
    "bot.blocks.survey -> bot.services.survey.Given",
    "bot.blocks.survey -> bot.services.survey.RATINGS",
    "bot.blocks.task -> bot.format.hours",
    "bot.blocks.task -> bot.services.tasks.COUNT_CAP",
    "bot.blocks.task -> bot.store.models.Change",
    "bot.blocks.task -> bot.store.models.Milestone",
    "bot.blocks.task -> bot.store.models.Project",
    "bot.blocks.task -> bot.store.models.TASK_CLOSED",
    "bot.blocks.task -> bot.store.models.Task",
    "bot.blocks.task_edit -> bot.services.task_edit.Deleted",
    "bot.blocks.task_edit -> bot.services.task_edit.Deletion",
    "bot.blocks.task_edit -> bot.store.models.Project",
    "bot.blocks.task_edit -> bot.store.models.Task",
    "bot.blocks.task_modal -> bot.store.models.PRIORITIES",
    "bot.blocks.task_modal -> bot.store.models.Project",
    "bot.blocks.task_modal -> bot.store.models.Task",
    "bot.blocks.timeline -> bot.services.timeline.Timeline",
}


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
