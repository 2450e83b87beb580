"""A channel's projects by (team_id, channel_id), closed ones included.

The stamp every kept answer reads finds the channel's project among active and closed ones; the
partial unique index covers only active projects, so without this the read scanned every project
of the workspace.

Revision ID: 0003_projects_channel
Revises: 0002_project_version
Create Date: 2026-11-24 07:35:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003_projects_channel"
down_revision: str | None = "0002_project_version"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_projects_channel", "projects", ["team_id", "channel_id"])


def downgrade() -> None:
    op.drop_index("ix_projects_channel", table_name="projects")
