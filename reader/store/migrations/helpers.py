"""What the migrations share: schema changes that may already have been made.

Readers before 0.x ran an upgrade as several transactions (Python's sqlite3 committed each ALTER TABLE and
CREATE TABLE on its own), so an interrupted upgrade could leave a column or table added while the library
still says the older revision. Every later open then failed with "duplicate column name". Upgrades are now
one transaction (``reader.store.db.migrate``); these helpers let the next upgrade of such a library skip
what is already there instead of failing, so users stranded by an older Reader get their library back.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op


def columns(table: str) -> set[str]:
    return {column["name"] for column in sa.inspect(op.get_bind()).get_columns(table)}


def has_table(table: str) -> bool:
    return bool(sa.inspect(op.get_bind()).has_table(table))


def add_columns(table: str, *new: sa.Column[Any]) -> None:
    """Add the columns of ``new`` that ``table`` lacks (one interrupted older upgrade may have added some)."""
    present = columns(table)
    missing = [column for column in new if column.name not in present]
    if not missing:
        return
    with op.batch_alter_table(table) as batch:
        for column in missing:
            batch.add_column(column)


def add_index(table: str, column: str) -> None:
    """The index SQLAlchemy names ``ix_<table>_<column>``, unless it is there already."""
    name = f"ix_{table}_{column}"
    if name not in {index["name"] for index in sa.inspect(op.get_bind()).get_indexes(table)}:
        op.create_index(name, table, [column])
