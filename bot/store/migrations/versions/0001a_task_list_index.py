"""task list index: keyset paging of /task list by due date and ref

Revision ID: 0001a_task_list
Revises: 0001
Create Date: 2026-11-24 00:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0001a_task_list"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_tasks_project_due_number", "tasks", ["project_id", "due_date", "number"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_tasks_project_due_number", table_name="tasks")
