"""The user's verdicts on links: a link between two passages confirmed or rejected, with when and an
optional note, both ends kept as text anchors (position and quote selectors, and the sha256 of the text
they were made on), so a verdict applies to later alignments and edited versions of its sources.

Revision ID: 0008
Revises: 0007
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

from reader.store.migrations.helpers import add_index, has_table

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _end(side: str) -> list[sa.Column[Any]]:
    return [
        sa.Column(
            f"{side}_source_id",
            sa.Integer,
            sa.ForeignKey("sources.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(f"{side}_sha256", sa.String(64), nullable=False),
        sa.Column(f"{side}_start", sa.Integer, nullable=False),
        sa.Column(f"{side}_end", sa.Integer, nullable=False),
        sa.Column(f"{side}_exact", sa.Text, nullable=False),
        sa.Column(f"{side}_prefix", sa.Text, nullable=False),
        sa.Column(f"{side}_suffix", sa.Text, nullable=False),
    ]


def upgrade() -> None:
    if not has_table("link_verdicts"):  # else made by an upgrade an older Reader did not finish
        op.create_table(
            "link_verdicts",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("verdict", sa.String(16), nullable=False),
            sa.Column("decided_at", sa.DateTime, nullable=False),
            sa.Column("note", sa.Text, nullable=False),
            *_end("a"),
            *_end("b"),
        )
    add_index("link_verdicts", "a_source_id")
    add_index("link_verdicts", "b_source_id")


def downgrade() -> None:
    op.drop_table("link_verdicts")
