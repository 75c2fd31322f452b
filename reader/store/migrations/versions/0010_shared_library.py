"""What a shared library needs: who made and last changed each annotation (and tag), a version number
per annotation for saves that race, a client-made id per annotation (retries of a queued change are safe),
the change log with an ever-increasing sequence that open windows follow, notes kept when two people
changed one at once, and groups whose members alone see their sources and annotations.

Revision ID: 0010
Revises: 0009
"""

import uuid

import sqlalchemy as sa
from alembic import op

from reader.store.migrations.helpers import add_columns, add_index, has_table

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # group_id is a plain column, no foreign key: SQLite adds a column with a constraint by copying the
    # table, and dropping the old annotations table would cascade into its targets (foreign_keys is on and
    # cannot be turned off inside the upgrade's one transaction). Deleting a group deletes its rows itself.
    if not has_table("groups"):
        op.create_table(
            "groups",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("name", sa.Text, nullable=False, unique=True),
            sa.Column("role", sa.Text, nullable=False, unique=True),  # the server role of its members
            sa.Column("created_at", sa.DateTime, nullable=False),
        )
    add_columns(
        "annotations",
        sa.Column("uid", sa.String(36), nullable=True),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("created_by", sa.Text, nullable=True),
        sa.Column("modified_by", sa.Text, nullable=True),
        sa.Column("group_id", sa.Integer, nullable=True),
    )
    add_columns("tags", sa.Column("created_by", sa.Text, nullable=True))
    add_columns(
        "sources",
        sa.Column("group_id", sa.Integer, nullable=True),
    )
    bind = op.get_bind()
    annotations = sa.table("annotations", sa.column("id", sa.Integer), sa.column("uid", sa.String))
    for (annotation_id,) in bind.execute(
        sa.select(annotations.c.id).where(annotations.c.uid.is_(None))
    ).all():
        bind.execute(
            annotations.update().where(annotations.c.id == annotation_id).values(uid=str(uuid.uuid4()))
        )
    indexes = {index["name"] for index in sa.inspect(bind).get_indexes("annotations")}
    if "ix_annotations_uid" not in indexes:
        op.create_index("ix_annotations_uid", "annotations", ["uid"], unique=True)
    add_index("annotations", "group_id")
    add_index("sources", "group_id")
    if not has_table("change_log"):
        op.create_table(
            "change_log",
            sa.Column(
                "seq",
                sa.BigInteger().with_variant(sa.Integer, "sqlite"),
                primary_key=True,
                autoincrement=True,
            ),
            sa.Column("at", sa.DateTime, nullable=False),
            sa.Column("author", sa.Text, nullable=False),
            sa.Column("client", sa.String(36), nullable=False),
            sa.Column("kind", sa.String(32), nullable=False),
            sa.Column("ids", sa.Text, nullable=False),  # JSON list of row ids
            sqlite_autoincrement=True,  # never reuse a number, also after the newest rows are deleted
        )
    if not has_table("note_conflicts"):
        op.create_table(
            "note_conflicts",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column(
                "annotation_id",
                sa.Integer,
                sa.ForeignKey("annotations.id", ondelete="CASCADE"),
                nullable=False,
                index=True,
            ),
            sa.Column("base", sa.Text, nullable=False),  # the note both people started from
            sa.Column("mine", sa.Text, nullable=False),  # the text whose save lost the race
            sa.Column("theirs", sa.Text, nullable=False),  # the text that was saved first
            sa.Column("author", sa.Text, nullable=False),  # who wrote "mine"
            sa.Column("at", sa.DateTime, nullable=False),
            sa.Column("resolved_at", sa.DateTime, nullable=True),
        )


def downgrade() -> None:
    op.drop_table("note_conflicts")
    op.drop_table("change_log")
    op.drop_index("ix_sources_group_id", "sources")
    op.drop_index("ix_annotations_group_id", "annotations")
    op.drop_index("ix_annotations_uid", "annotations")
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("group_id")
    with op.batch_alter_table("tags") as batch:
        batch.drop_column("created_by")
    with op.batch_alter_table("annotations") as batch:
        for column in ("group_id", "modified_by", "created_by", "version", "uid"):
            batch.drop_column(column)
    op.drop_table("groups")
