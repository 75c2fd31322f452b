"""The title, outlet and publication date a user gives a source, kept apart from what the file says, so
reading the file again never overwrites them.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from reader.store.migrations.helpers import add_columns

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_columns(
        "sources",
        sa.Column("user_title", sa.Text, nullable=True),
        sa.Column("user_outlet", sa.Text, nullable=True),
        sa.Column("user_published", sa.Text, nullable=True),
    )


def downgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("user_published")
        batch.drop_column("user_outlet")
        batch.drop_column("user_title")
