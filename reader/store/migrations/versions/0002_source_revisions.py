"""Keep the earlier texts of a source that changed, to show the user what changed.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from reader.store.migrations.helpers import add_index, has_table

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if has_table("source_revisions"):  # made by an upgrade an older Reader did not finish
        add_index("source_revisions", "source_id")
        return
    op.create_table(
        "source_revisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "source_id",
            sa.Integer,
            sa.ForeignKey("sources.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("replaced_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("source_revisions")
