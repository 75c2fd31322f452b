"""Snapshots of fetched pages: each fetch of a URL kept as a WARC record, so a comparison reopens offline
exactly as it was, and a page fetched again is a new version beside the old ones.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from reader.store.migrations.helpers import add_index, has_table

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if has_table("snapshots"):  # made by an upgrade an older Reader did not finish
        add_index("snapshots", "url")
        return
    op.create_table(
        "snapshots",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.Text, nullable=False, index=True),
        sa.Column("fetched_at", sa.DateTime, nullable=False),
        sa.Column("status", sa.Integer, nullable=False),
        sa.Column("content_type", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("warc", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("snapshots")
