"""The one path every modal submission takes: find the project, run the handler, answer.

`run_submission` is to `view_submission` what `run_command` is to a slash command. The modal's
`private_metadata` names its project by id; the project is looked up in the workspace that owns
the data (never the actor's own team in a shared channel), the handler runs in one transaction,
and a typed `UserError` goes back onto its modal field (`error.field`, else the handler's default)
as plain text in the reader's language. Nothing is written when anything is refused.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.commands.base import team_of
from bot.commands.modal_state import refuse_fields, view_values
from bot.errors import FieldErrors, UserError
from bot.i18n import Tr
from bot.runtime import Runtime
from bot.services import projects
from bot.services.project_settings import ProjectSettings, reader_day
from bot.store.models import Project


@dataclass
class Submission:
    """One modal submission, with its values read and a session open for it."""

    rt: Runtime
    session: Session
    team_id: str
    user_id: str
    project: Project | None
    meta: dict[str, Any]
    values: dict[str, Any]
    body: dict[str, Any]
    now: datetime

    @property
    def client(self) -> WebClient:
        return self.rt.client

    @property
    def channel_id(self) -> str | None:
        """Where the modal was opened from, else the project's channel."""
        return self.meta.get("channel_id") or (self.project.channel_id if self.project else None)

    def reader(self) -> Tr:
        """How to write to the person who submitted: their language, else their project's."""
        lang = ProjectSettings.lang_of(self.project) if self.project else None
        return self.rt.reader(
            self.team_id, self.user_id, lang, today=reader_day(self.project, self.now)
        )


@dataclass
class Accepted:
    """What a handler gives back: work to run once committed, and the ack's body if not empty."""

    after: list[Callable[[], None]] = field(default_factory=list)
    response: dict[str, Any] | None = None


Handler = Callable[[Submission], Accepted | None]


def run_submission(
    ack: Callable[..., None],
    body: dict[str, Any],
    view: dict[str, Any],
    context: BoltContext,
    *,
    handle: Handler,
    field: str,
    project: bool = True,
    include_closed: bool = False,
) -> None:
    """Handle one modal: `field` is the block a mistake with no field of its own is shown under."""
    rt: Runtime = context["rt"]
    team_id, user_id = team_of(body, context), body["user"]["id"]
    meta = json.loads(view.get("private_metadata") or "{}")
    values = view_values(view)
    seen: dict[str, str | None] = {}  # the project's language, read while its row is live

    def work(session: Session) -> Accepted | None:
        found = None
        if project:
            project_id = int(meta.get("project_id") or 0)
            found = projects.get(session, team_id, project_id, include_closed=include_closed)
        seen["lang"] = ProjectSettings.lang_of(found) if found else None
        submission = Submission(
            rt=rt,
            session=session,
            team_id=team_id,
            user_id=user_id,
            project=found,
            meta=meta,
            values=values,
            body=body,
            now=rt.clock(),
        )
        return handle(submission)

    try:
        accepted = rt.db.transact(work) or Accepted()
    except UserError as exc:
        # After a rollback the project's row is expired: its language was kept when it was read.
        tr = rt.reader(team_id, user_id, seen.get("lang"))
        errors = exc.errors if isinstance(exc, FieldErrors) else {exc.field or field: exc}
        refuse_fields(ack, {block: tr.error_text(err) for block, err in errors.items()})
        return
    ack(**(accepted.response or {}))
    for fn in accepted.after:
        rt.defer(fn)
