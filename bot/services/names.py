"""Names of what a project holds (itself, a milestone, a risk, a resource): present, not too long."""

from __future__ import annotations

from bot.errors import UserError
from bot.services.projects import NEW_EXAMPLE

NAME_MAX = 200

# The things a name is checked for, and the stem of their messages' ids (`name.<stem>_missing`).
_NAMES = {
    "project name": "project_name",
    "milestone name": "milestone_name",
    "risk title": "risk_title",
    "resource name": "resource_name",
}


def validate_name(
    name: str, what: str = "project name", example: str = NEW_EXAMPLE, *, field: str = "name"
) -> str:
    """The name stripped; refused when empty or over NAME_MAX characters.

    `what` is one of `_NAMES`: the thing named, whose messages the catalogue holds.
    """
    name, stem = name.strip(), _NAMES[what]
    if not name:
        raise UserError(f"name.{stem}_missing", example, field=field)
    if len(name) > NAME_MAX:
        raise UserError(f"name.{stem}_too_long", example, field=field, n=len(name), max=NAME_MAX)
    return name
