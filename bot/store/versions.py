"""Project versions: every commit that changes a project's rows bumps `projects.version`.

Answers kept per process (`bot.services.answers`) are stamped with the version they were built
from, so a change committed by any worker, replica or job makes them stale at once. The hook sits
on the session factory, so no write path has to remember it: a new, changed or deleted row that
carries a `project_id` (or is the project itself) marks its project, and the commit bumps each
marked project once, in id order so that two writers never wait on each other's projects in turn.

Bulk `update()`/`delete()` statements bypass the flush; the ones in `bot/services` either come
with an ORM change or an audit row in the same transaction, or touch columns no answer shows.
Rows without a `project_id` (dependencies, standup replies, absences) are not shown in cached
answers, or arrive together with a row that has one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, update
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker

from bot.store.models import Project

TOUCHED = "teamtrack.touched_projects"


def track(factory: sessionmaker[Session]) -> None:
    """Version the projects that sessions from `factory` change."""
    event.listen(factory, "after_flush", _collect)
    event.listen(factory, "before_commit", _bump)
    event.listen(factory, "after_rollback", _forget)


def _project_of(obj: Any) -> int | None:
    if isinstance(obj, Project):
        return obj.id
    return getattr(obj, "project_id", None)


def _collect(session: Session, _flush: UOWTransaction) -> None:
    # after_flush still sees the flush's new, dirty and deleted objects, with ids assigned.
    touched: set[int] = session.info.setdefault(TOUCHED, set())
    changed = [obj for obj in session.dirty if session.is_modified(obj, include_collections=False)]
    for obj in (*session.new, *changed, *session.deleted):
        project_id = _project_of(obj)
        if project_id is not None:
            touched.add(project_id)


def _bump(session: Session) -> None:
    session.flush()  # what the commit would flush next is collected too
    touched = session.info.pop(TOUCHED, None)
    if touched:
        session.execute(
            update(Project)
            .where(Project.id.in_(sorted(touched)))
            .values(version=Project.version + 1)
            .execution_options(synchronize_session=False)
        )


def _forget(session: Session) -> None:
    session.info.pop(TOUCHED, None)
