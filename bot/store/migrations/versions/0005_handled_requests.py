"""handled requests: what identifies each Slack request handled in the last minutes

A replayed signed request (the same trigger_id, event_id or signature) is answered without a
second effect. It replaces processed_events, which kept event ids forever; Slack redelivers an
event within minutes, so the new table's rows are deleted after a quarter of an hour.

Revision ID: 0005_handled_requests
Revises: 0004_survey_messages
Create Date: 2026-12-04 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_handled_requests"
down_revision: str | None = "0004_survey_messages"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "handled_requests",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_handled_requests_created_at", "handled_requests", ["created_at"])
    op.drop_table("processed_events")


def downgrade() -> None:
    op.create_table(
        "processed_events",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.drop_index("ix_handled_requests_created_at", table_name="handled_requests")
    op.drop_table("handled_requests")
