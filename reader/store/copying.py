"""Copying a library into another, e.g. a personal SQLite library into a team's new shared one on a
server: every source with its earlier versions, snapshot, comparison, tag, annotation with its targets and
note, and verdict, with their ids, in one transaction (a failure leaves the target as it was)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from reader.store.db import StoreError, describe
from reader.store.library import Library
from reader.store.models import Base

# What a copy carries: everything of the user's; the target's own change log and groups are its own.
NOT_COPIED = frozenset({"change_log", "groups"})
BATCH = 500


@dataclass(frozen=True)
class CopyReport:
    counts: dict[str, int]  # rows copied per table

    def summary(self) -> str:
        shown = ("sources", "source_revisions", "snapshots", "comparisons", "annotations", "tags")
        words = {"source_revisions": "earlier versions"}
        return ", ".join(f"{self.counts.get(table, 0)} {words.get(table, table)}" for table in shown)


def copy_library(source: Library, target: Library) -> CopyReport:
    """Copy everything in ``source`` into ``target``, which must hold no sources or annotations yet (the
    built-in tags every new library has are replaced by the source's)."""
    if target.read_only:
        raise StoreError(
            f"{target.shown}: the library is read-only ({target.report.read_only}); nothing was copied"
        )
    tables = [table for table in Base.metadata.sorted_tables if table.name not in NOT_COPIED]
    counts: dict[str, int] = {}
    try:
        with Session(source.engine) as reading, Session(target.engine) as writing, writing.begin():
            for name in ("sources", "annotations", "comparisons", "snapshots"):
                if writing.scalar(select(func.count()).select_from(Base.metadata.tables[name])):
                    raise StoreError(
                        f"{target.shown}: the library already holds {name}; copy into a new, empty library"
                    )
            for table in reversed(tables):
                writing.execute(table.delete())  # the built-in tags of a fresh library
            for table in tables:
                rows = reading.execute(select(table)).mappings()
                counts[table.name] = 0
                while batch := [dict(row) for row in rows.fetchmany(BATCH)]:
                    writing.execute(insert(table), batch)
                    counts[table.name] += len(batch)
            if writing.get_bind().dialect.name == "postgresql":
                for table in tables:  # the next new row must not take an id a copied row has
                    key = [c for c in table.primary_key.columns if c.autoincrement is True or c.name == "id"]
                    if len(table.primary_key.columns) == 1 and key:
                        column = key[0].name
                        writing.execute(
                            text(
                                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column}'), "
                                f"coalesce((SELECT max({column}) FROM {table.name}), 0) + 1, false)"
                            )
                        )
    except StoreError:
        raise
    except Exception as error:
        raise StoreError(
            f"{target.shown}: the library could not be copied ({describe(error)}); nothing was copied"
        ) from None
    return CopyReport(counts)
