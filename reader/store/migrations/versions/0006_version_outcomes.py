"""What each new version of a source did to its annotations: how many stayed, moved with their words, were
re-attached to edited words or orphaned, kept on the earlier version's row (None for versions replaced
before this migration, which did not count them).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

from reader.store.migrations.helpers import add_columns

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COLUMNS = ("stayed", "moved", "edited", "orphaned")


def upgrade() -> None:
    add_columns("source_revisions", *(sa.Column(name, sa.Integer, nullable=True) for name in COLUMNS))


def downgrade() -> None:
    with op.batch_alter_table("source_revisions") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
