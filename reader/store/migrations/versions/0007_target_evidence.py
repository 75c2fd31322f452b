"""Why a target is where it is: the evidence of its last re-anchoring ("moved with its words, context agrees
92%", "re-attached to edited words, 83% alike", "orphaned: its sentence was deleted", "re-attached by hand"),
shown to the user beside the annotation. None for targets placed before this migration, and for targets
that never had to move.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

from reader.store.migrations.helpers import add_columns

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_columns("targets", sa.Column("evidence", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("targets") as batch:
        batch.drop_column("evidence")
