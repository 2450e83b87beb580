"""The guides stay true to the code: every verb, setting, variable and job is documented, and
README and docs/ send nobody outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.blocks import standup as standup_views
from bot.commands import project, project_settings, resource, risk, standup, task
from bot.config import Settings
from bot.jobs import ORDER, load

ROOT = Path(__file__).resolve().parent.parent
USER_GUIDE = ROOT / "docs" / "user-guide.md"
ADMIN_GUIDE = ROOT / "docs" / "admin-guide.md"
README = ROOT / "README.md"

# Each command's help list and the verbs its listener dispatches.
COMMANDS = {
    "/project": (project.HELP, project.VERBS),
    "/task": (task.HELP, task.VERBS),
    "/risk": (risk.HELP, risk.VERBS),
    "/resource": (resource.HELP, resource.VERBS),
    "/standup": (standup_views.HELP, standup.VERBS),
}


def _documented_verbs(command: str) -> set[str]:
    """The verbs a command's help lists (each entry's first word; `/standup`'s one-line answer
    example is free text, not a verb) and every verb its listener dispatches."""
    entries, verbs = COMMANDS[command]
    listed = {usage.split()[0] for usage, _ in entries if usage.split()}
    if command == "/standup":
        listed &= set(verbs)
    return listed | set(verbs)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_verb_of_every_command_is_in_the_user_guide(command):
    guide = USER_GUIDE.read_text(encoding="utf-8")
    missing = sorted(v for v in _documented_verbs(command) if f"`{command} {v}" not in guide)
    assert not missing, f"docs/user-guide.md lacks {command} {', '.join(missing)}"


def test_every_help_entry_names_a_verb_the_command_has():
    """So the check above sees the help lists: an entry whose first word is no verb is either a
    verb missing from VERBS or the free-text answer of /standup."""
    for command, (entries, verbs) in COMMANDS.items():
        for usage, _ in entries:
            first = usage.split()[0] if usage.split() else ""
            if command == "/standup" and first not in verbs:
                continue  # "" opens the form; anything else is the one-line answer
            assert first in verbs, f"{command} help lists `{first}`, which is not a verb"


def test_every_project_setting_is_in_the_user_guide():
    guide = USER_GUIDE.read_text(encoding="utf-8")
    missing = [k for k in project_settings.SETTING_KEYS if f"`{k}:`" not in guide]
    assert not missing, f"docs/user-guide.md lacks settings {missing}"


def test_every_setting_in_config_is_in_the_admin_guide():
    guide = ADMIN_GUIDE.read_text(encoding="utf-8")
    names = [name.upper() for name in Settings.model_fields]
    missing = [n for n in names if f"`{n}`" not in guide]
    assert not missing, f"docs/admin-guide.md lacks {missing}"


def test_every_job_is_in_the_admin_guide():
    guide = ADMIN_GUIDE.read_text(encoding="utf-8")
    jobs = set(load()) | set(ORDER)
    missing = sorted(j for j in jobs if f"`{j}`" not in guide)
    assert not missing, f"docs/admin-guide.md lacks jobs {missing}"


def test_readme_points_at_the_guides_not_outside():
    text = README.read_text(encoding="utf-8")
    assert "../shared" not in text and "SPEC.md" not in text
    assert "(docs/user-guide.md)" in text and "(docs/admin-guide.md)" in text


LINK = re.compile(r"\]\(([^)\s]+)\)")


def _documents() -> list[Path]:
    return [README, *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("doc", _documents(), ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_point_to_files_that_exist(doc):
    broken = []
    for target in LINK.findall(doc.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue  # a URL or an anchor in the same page
        path = (doc.parent / target.split("#")[0]).resolve()
        if not path.exists():
            broken.append(target)
        elif not path.is_relative_to(ROOT):
            broken.append(f"{target} (outside the repository)")
    assert not broken, f"{doc.name} links to missing files: {broken}"
