"""Project versions: every commit that changes a project's rows bumps its `project_versions` row.

Answers kept per process (`bot.services.answers`) are stamped with the version they were built
from, so a change committed by any worker, replica or job makes them stale at once. The hook sits
on the session factory, so no write path has to remember it: a new, changed or deleted row that
carries a `project_id` (or is the project itself) marks its project, and the commit bumps each
marked project's version once, as its last statement, in id order.

The version has its own row rather than a column of `projects`: /task add holds the project row
(its ref counter) while it works, and a bump waiting there could close a lock cycle on PostgreSQL.
The version row is only ever taken last, by a transaction about to commit, so it waits on no one.

Bulk `update()`/`delete()` statements bypass the flush; the ones in `bot/services` either come
with an ORM change or an audit row in the same transaction, or touch columns no answer shows.
Rows without a `project_id` (dependencies, standup replies, absences) are not shown in cached
answers, or arrive together with a row that has one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, event, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker

from bot.store import driver
from bot.store.models import Project, ProjectVersion

TOUCHED = "teamtrack.touched_projects"


def track(factory: sessionmaker[Session]) -> None:
    """Version the projects that sessions from `factory` change."""
    event.listen(factory, "after_flush", _collect)
    event.listen(factory, "before_commit", _bump)
    event.listen(factory, "after_rollback", _forget)


def touch(target: Session | driver.Unit, project_id: int, team_id: str) -> None:
    """Mark a project changed by a statement the flush does not see (a bulk insert or update)."""
    session = target.opened if isinstance(target, driver.Unit) else target
    touched = target.touched if session is None else session.info.setdefault(TOUCHED, {})  # type: ignore[union-attr]
    touched[project_id] = team_id


def bump(connection: Connection, touched: dict[int, str]) -> None:
    """Bump each touched project's version once, in id order: the transaction's last statement."""
    if touched:
        rows = [{"project_id": p, "team_id": touched[p], "version": 1} for p in sorted(touched)]
        driver.run_many(connection, _UPSERT[connection.dialect.name], rows)


def end_unit(unit: driver.Unit) -> None:
    """Before a unit's transaction commits: flush its session, if one was opened or an object
    made before one was changed, and bump the versions of the projects it touched."""
    if unit.opened is None and any(inspect(obj).modified for obj in unit.made.values()):
        unit.session  # noqa: B018 (opening it attaches them, changes and all)
    session = unit.opened
    if session is None:
        bump(unit.connection, unit.touched)
        return
    session.info.setdefault(TOUCHED, {}).update(unit.touched)
    session.commit()  # flushes, then bumps (below); the unit's transaction stays open


def _project_of(obj: Any) -> tuple[int, str] | None:
    if isinstance(obj, Project):
        return obj.id, obj.team_id
    project_id = getattr(obj, "project_id", None)
    return None if project_id is None else (project_id, obj.team_id)


def _collect(session: Session, _flush: UOWTransaction) -> None:
    # after_flush still sees the flush's new, dirty and deleted objects, with ids assigned.
    touched: dict[int, str] = session.info.setdefault(TOUCHED, {})
    changed = [obj for obj in session.dirty if session.is_modified(obj, include_collections=False)]
    for obj in (*session.new, *changed, *session.deleted):
        if isinstance(obj, ProjectVersion):
            continue
        found = _project_of(obj)
        if found is not None:
            touched[found[0]] = found[1]


def _upsert(dialect: Any) -> Any:
    table = ProjectVersion.__table__  # Core, not the ORM's bulk path: no object reads it back
    insert = dialect.insert(table)
    return insert.on_conflict_do_update(
        index_elements=[table.c.project_id], set_={"version": table.c.version + 1}
    )


# Built once and run with one parameter set per project: a statement with its rows inlined in
# VALUES is compiled afresh on every commit.
_UPSERT = {"postgresql": _upsert(postgresql), "sqlite": _upsert(sqlite)}


def _bump(session: Session) -> None:
    session.flush()  # what the commit would flush next is collected too
    touched: dict[int, str] | None = session.info.pop(TOUCHED, None)
    if touched:
        bump(session.connection(), touched)  # on the driver: the ORM's execute path adds nothing


def _forget(session: Session) -> None:
    session.info.pop(TOUCHED, None)
