"""An index on slack_bots by bot: a click on a card finds the installation whose bot posted it.

`bot.store.installations.bot_by_id` runs for every click and submission on a message a bot
posted (Slack Connect: the poster's installation owns the card); slack_sdk's own index leads
with enterprise_id and team_id, which such a lookup does not have, so without this one it read
every installation's row.

Revision ID: 0008_slack_bots_bot_id
Revises: 0007_run_keys
Create Date: 2026-12-07 21:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008_slack_bots_bot_id"
down_revision: str | None = "0007_run_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("slack_bots_bot_id_idx", "slack_bots", ["client_id", "bot_id", "installed_at"])


def downgrade() -> None:
    op.drop_index("slack_bots_bot_id_idx", table_name="slack_bots")
