"""Run keys in one form: `job_runs.scope` rewritten from each job's own f-string to RunKey's
`p<project>[/<item>][/to:<recipient>]` (bot/jobs/run_key.py), so runs already posted stay posted.

No schema change. Rows whose blocker, risk or survey is gone, and `blocker-risk` rows (a lock,
not a post), are left as they are.

Revision ID: 0007_run_keys
Revises: 0006_slack_oauth_stores
Create Date: 2026-12-07 04:00:00
"""

import re
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_run_keys"
down_revision: str | None = "0006_slack_oauth_stores"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

runs = sa.table(
    "job_runs",
    sa.column("id", sa.Integer),
    sa.column("job", sa.String),
    sa.column("scope", sa.String),
)

# job -> (old scope pattern, the table that owns the id it names, new scope from the match + project)
Rule = tuple[str, str | None, Callable[[re.Match[str], int], str]]
RULES: dict[str, list[Rule]] = {
    "standup": [(r"project:(\d+)", None, lambda m, p: f"p{p}")],
    "standup-summary": [(r"project:(\d+)", None, lambda m, p: f"p{p}")],
    "survey-report": [(r"project:(\d+)", None, lambda m, p: f"p{p}")],
    "standup-reminder": [(r"project:(\d+):user:(.+)", None, lambda m, p: f"p{p}/to:{m[2]}")],
    "survey-timeline": [(r"project:(\d+):(.+)", None, lambda m, p: f"p{p}/to:{m[2]}")],
    "digest": [(r"(\d+):(.+)", None, lambda m, p: f"p{p}/to:{m[2]}")],
    "digest-chart": [(r"(\d+):(.+)", None, lambda m, p: f"p{p}/to:{m[2]}")],
    "digest-timeline": [(r"(\d+):(.+)", None, lambda m, p: f"p{p}/to:{m[2]}")],
    "digest-week": [(r"(\d+)", None, lambda m, p: f"p{p}")],
    "deviations": [(r"(\d+):(.+)", None, lambda m, p: f"p{p}/{m[2]}")],
    "deviations-sweep": [
        (r"sweep:\*", "", lambda m, p: "*/sweep:all"),
        (r"sweep:(.+)", "", lambda m, p: f"*/sweep:{m[1]}"),
    ],
    "blocker-escalation": [
        (r"blocker:(\d+):user:(.+)", "blockers", lambda m, p: f"p{p}/blocker:{m[1]}/to:{m[2]}")
    ],
    "risk-escalation": [(r"risk:(\d+):(.+)", "risks", lambda m, p: f"p{p}/risk:{m[1]}/to:{m[2]}")],
    "risk-review": [
        (r"(\d+):(.+)", "risks", lambda m, p: f"p{p}/risk:{m[1]}/to:{m[2]}"),
        (r"(\d+)", "risks", lambda m, p: f"p{p}/risk:{m[1]}"),
    ],
    "survey": [
        (r"survey:(\d+):user:(.+)", "surveys", lambda m, p: f"p{p}/survey:{m[1]}/to:{m[2]}")
    ],
}


def upgrade() -> None:
    bind = op.get_bind()
    owners = {
        table: dict(bind.execute(sa.text(f"SELECT id, project_id FROM {table}")).all())
        for table in ("blockers", "risks", "surveys")
    }
    changes = []
    for run_id, job, scope in bind.execute(sa.select(runs.c.id, runs.c.job, runs.c.scope)):
        for pattern, table, new in RULES.get(job, []):
            m = re.fullmatch(pattern, scope)
            if m is None:
                continue
            if table is None:
                project = int(m[1])
            elif table == "":
                project = 0  # not one project's
            elif (project := owners[table].get(int(m[1]))) is None:
                break  # its blocker, risk or survey is gone: nothing will post it again
            changes.append({"run_id": run_id, "new_scope": new(m, project)})
            break
    if changes:
        bind.execute(
            runs.update()
            .where(runs.c.id == sa.bindparam("run_id"))
            .values(scope=sa.bindparam("new_scope")),
            changes,
        )


def downgrade() -> None:
    bind = op.get_bind()
    changes = []
    for run_id, job, scope in bind.execute(sa.select(runs.c.id, runs.c.job, runs.c.scope)):
        head, *parts = scope.split("/")
        if job not in RULES or not (head == "*" or re.fullmatch(r"p\d+", head)):
            continue
        project = head[1:]
        to = next((p[3:] for p in parts if p.startswith("to:")), None)
        item = next((p for p in parts if not p.startswith("to:")), None)
        if job == "deviations-sweep":
            old = f"sweep:{'*' if item == 'sweep:all' else item[len('sweep:') :]}"
        elif job in ("standup", "standup-summary", "survey-report"):
            old = f"project:{project}"
        elif job in ("standup-reminder",):
            old = f"project:{project}:user:{to}"
        elif job == "survey-timeline":
            old = f"project:{project}:{to}"
        elif job == "digest-week":
            old = project
        elif job in ("digest", "digest-chart", "digest-timeline", "deviations"):
            old = f"{project}:{to if to is not None else item}"
        elif job == "blocker-escalation" or job == "survey":
            old = f"{item}:user:{to}"
        elif job == "risk-escalation":
            old = f"{item}:{to}"
        else:  # risk-review
            rid = item.removeprefix("risk:")
            old = rid if to is None else f"{rid}:{to}"
        changes.append({"run_id": run_id, "new_scope": old})
    if changes:
        bind.execute(
            runs.update()
            .where(runs.c.id == sa.bindparam("run_id"))
            .values(scope=sa.bindparam("new_scope")),
            changes,
        )
