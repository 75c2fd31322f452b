"""Groups enforced by the server: row-level security on a PostgreSQL library (nothing to do on SQLite,
which has one user and no groups, except the change log's new ``group_id`` column, kept on both engines
so that one schema serves both).

A row of a group is seen and changed by the group's members alone, whoever connects and however (Reader,
psql, a script with the member's own role): the server filters every SELECT, UPDATE and DELETE and refuses
an INSERT or UPDATE that would put a row where its writer may not see it. ``reader/store/groups.py``
explains the design; ``policy_statements`` below is the whole of it in SQL.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

from reader.store.migrations.helpers import add_columns, add_index

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# The groups the connected role belongs to, computed once per statement (an uncorrelated sub-query, so a
# hashed set, not a look-up per row). A group whose role was dropped outside Reader is nobody's: joining
# pg_roles keeps pg_has_role from failing on a name that no longer exists.
MY_GROUPS = (
    "SELECT g.id FROM groups g JOIN pg_roles r ON r.rolname = g.role "
    "WHERE pg_has_role(current_user, r.oid, 'MEMBER')"
)


# No exemption for the tables' owner (FORCE ROW LEVEL SECURITY): only superusers and BYPASSRLS roles
# see every row, as PostgreSQL has it; reader/store/groups.py says why.
GROUPED = f"(group_id IS NULL OR group_id IN ({MY_GROUPS}))"


def _parent(table: str, column: str) -> str:
    # Correlated: one index probe of the parent per row asked for. (An uncorrelated "IN (SELECT id FROM
    # parent)" hashes every visible parent row for every statement: 35 ms for 80 targets of 20,000.)
    return f"EXISTS (SELECT 1 FROM {table} p WHERE p.id = {column})"


# Each table and who may see a row of it. Child tables follow their parents through a sub-query on the
# parent, which the parent's own policy filters: they cannot drift apart.
VISIBLE = {
    "sources": GROUPED,
    "annotations": GROUPED,
    "change_log": GROUPED,
    "source_revisions": f"({_parent('sources', 'source_id')})",
    "targets": f"({_parent('annotations', 'annotation_id')} AND {_parent('sources', 'source_id')})",
    "annotation_tags": f"({_parent('annotations', 'annotation_id')})",
    "note_conflicts": f"({_parent('annotations', 'annotation_id')})",
    "link_verdicts": f"({_parent('sources', 'a_source_id')} AND {_parent('sources', 'b_source_id')})",
    "comparison_sources": f"({_parent('sources', 'source_id')})",
}
POLICY = "reader_group_rows"


def policy_statements() -> list[str]:
    statements = []
    for table, visible in VISIBLE.items():
        statements += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS {POLICY} ON {table}",
            f"CREATE POLICY {POLICY} ON {table} FOR ALL USING {visible} WITH CHECK {visible}",
        ]
    return statements


def upgrade() -> None:
    add_columns("change_log", sa.Column("group_id", sa.Integer, nullable=True))
    add_index("change_log", "group_id")
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in policy_statements():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in VISIBLE:
            op.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
            op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.drop_index("ix_change_log_group_id", "change_log")
    with op.batch_alter_table("change_log") as batch:
        batch.drop_column("group_id")
