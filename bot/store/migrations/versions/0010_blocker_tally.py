"""blocker tally: of the standups a blocker stayed open, those that named it and those unanswered

The escalation said "blocked for 3 standups in a row" of someone who reported a blocker once and
did not answer the next two. Rows already there are counted from the rounds they spanned: a
round the person did not answer is unanswered, one they answered is taken as naming it.

Revision ID: 0010_blocker_tally
Revises: 0009_standup_reminders
Create Date: 2026-12-11 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_blocker_tally"
down_revision: str | None = "0009_standup_reminders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Rounds after the day a blocker was reported, up to the last one that counted it, unanswered.
_UNANSWERED = """
    (SELECT count(*) FROM standup_rounds r
     WHERE r.project_id = blockers.project_id
       AND r.day > blockers.opened_on AND r.day <= blockers.last_seen_on
       AND NOT EXISTS (SELECT 1 FROM standup_replies p
                       WHERE p.round_id = r.id AND p.user_id = blockers.user_id))
"""


def upgrade() -> None:
    with op.batch_alter_table("blockers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("standups_reported", sa.Integer(), nullable=False, server_default="1")
        )
        batch_op.add_column(
            sa.Column("standups_unanswered", sa.Integer(), nullable=False, server_default="0")
        )
    op.execute(
        f"UPDATE blockers SET standups_unanswered = "
        f"CASE WHEN {_UNANSWERED} < standups_open THEN {_UNANSWERED} ELSE standups_open - 1 END"
    )
    op.execute(
        "UPDATE blockers SET standups_reported = "
        "CASE WHEN standups_open - standups_unanswered > 1 "
        "THEN standups_open - standups_unanswered ELSE 1 END"
    )


def downgrade() -> None:
    with op.batch_alter_table("blockers", schema=None) as batch_op:
        batch_op.drop_column("standups_unanswered")
        batch_op.drop_column("standups_reported")
