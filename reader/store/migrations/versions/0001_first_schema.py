"""The first schema: sources, comparisons, tags, annotations and their targets.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("path", sa.Text, nullable=False, unique=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("outlet", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("date", sa.Text),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("encoding", sa.String(32), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "comparisons",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("key", sa.Text, nullable=False, unique=True),
        sa.Column("options", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("opened_at", sa.DateTime, nullable=False, index=True),
    )
    op.create_table(
        "comparison_sources",
        sa.Column(
            "comparison_id", sa.Integer, sa.ForeignKey("comparisons.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("hidden", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("color", sa.String(16), nullable=False),
        sa.Column("builtin", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "annotations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("modified_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "annotation_tags",
        sa.Column(
            "annotation_id", sa.Integer, sa.ForeignKey("annotations.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("tag_id", sa.Integer, sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_table(
        "targets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "annotation_id",
            sa.Integer,
            sa.ForeignKey("annotations.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column(
            "source_id",
            sa.Integer,
            sa.ForeignKey("sources.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("exact", sa.Text, nullable=False),
        sa.Column("prefix", sa.Text, nullable=False),
        sa.Column("suffix", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="anchored"),
        sa.Column("previous_exact", sa.Text),
        sa.UniqueConstraint("annotation_id", "source_id"),
    )
    builtin = [
        ("disputed", "#d55e00"),
        ("verified", "#009e73"),
        ("unsourced", "#e69f00"),
        ("quote", "#0072b2"),
        ("correction", "#cc79a7"),
    ]
    tags = sa.table("tags", sa.column("name"), sa.column("color"), sa.column("builtin"))
    op.bulk_insert(tags, [{"name": n, "color": c, "builtin": True} for n, c in builtin])


def downgrade() -> None:
    for table in (
        "targets",
        "annotation_tags",
        "annotations",
        "tags",
        "comparison_sources",
        "comparisons",
        "sources",
    ):
        op.drop_table(table)
