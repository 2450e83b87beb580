"""standup reminders: the reminder DMs sent, so a late answer turns them into "you answered"

Revision ID: 0009_standup_reminders
Revises: 0008_slack_bots_bot_id
Create Date: 2026-12-11 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_standup_reminders"
down_revision: str | None = "0008_slack_bots_bot_id"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "standup_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("message_ts", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["standup_rounds.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("round_id", "user_id", "message_ts"),
    )


def downgrade() -> None:
    op.drop_table("standup_reminders")
