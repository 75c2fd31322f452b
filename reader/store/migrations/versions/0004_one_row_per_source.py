"""One row per source: rows that are the same file under another spelling of its path are merged.

Reader 0.1 stored a source under the path as typed, so ``seeds/a.txt`` typed in the checkout, the same file
by its absolute path, and a path through a symbolic link were three sources, each with its own annotations,
and an export by one spelling missed the others' annotations. A source is now its absolute path with
symbolic links resolved (``reader.comparison.source_key``). This migration finds the rows that are one file:

- absolute paths that resolve to the same file (symbolic links, ``..``);
- a relative path (its working folder is not known any more) whose text is the same as that of one
  absolute path ending with it: ``seeds/a.txt`` and ``/home/me/reader/seeds/a.txt`` with the same hash.

and merges each set into the row read most recently, which takes the set's absolute path (also when that row
was a relative one). Nothing is lost: every annotation of a merged row is moved onto the kept row,
re-anchored onto its text if the texts differ (or kept as an orphan with its quote); the merged rows' texts are
kept as earlier versions; comparisons point at the kept row (two comparisons that become the same set of files
are merged into the most recently opened one); the user's own title, outlet and date are kept. A relative
path that matches nothing stays as it was.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import os
from collections import defaultdict
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from reader.core.anchoring.anchor import PositionMap, Selector, make_selector, reanchor

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _key(path: str) -> str:
    return os.path.realpath(path) if os.path.isabs(path) else path


def _sets(rows: list[Any]) -> list[list[Any]]:
    """The rows that are one file, in sets of two or more."""
    by_key: dict[str, list[Any]] = defaultdict(list)
    relative = []
    for row in rows:
        if os.path.isabs(row.path):
            by_key[_key(row.path)].append(row)
        else:
            relative.append(row)
    for row in relative:
        tail = os.sep + os.path.normpath(row.path)
        matches = [
            key
            for key, members in by_key.items()
            if key.endswith(tail) and any(member.sha256 == row.sha256 for member in members)
        ]
        by_key[matches[0] if len(matches) == 1 else row.path].append(row)
    return [members for members in by_key.values() if len(members) > 1]


def _moved_target(target: Any, old_text: str, new_text: str) -> dict[str, Any]:
    """A target of a merged row placed on the kept row's text (unchanged when the texts are the same)."""
    fields = {name: getattr(target, name) for name in ("start", "end", "exact", "prefix", "suffix", "status")}
    fields["previous_exact"] = target.previous_exact
    if old_text == new_text:
        return fields
    old = Selector(target.start, target.end, target.exact, target.prefix, target.suffix)
    orphan = target.status == "orphaned"
    anchor = reanchor(old, new_text, positions=None if orphan else PositionMap(old_text, new_text))
    if anchor.status != "orphaned":
        fresh = make_selector(new_text, anchor.start, anchor.end)
        fields.update(start=fresh.start, end=fresh.end, exact=fresh.exact)
        fields.update(prefix=fresh.prefix, suffix=fresh.suffix)
        if anchor.status == "edited":
            fields["previous_exact"] = target.exact
    fields["status"] = anchor.status
    return fields


def _merge(bind: sa.Connection, members: list[Any]) -> None:
    members = sorted(members, key=lambda row: (row.updated_at or "", row.id))
    kept, merged = members[-1], members[:-1]
    now = datetime.now()
    for row in merged:
        if row.sha256 != kept.sha256:
            bind.execute(
                sa.text(
                    "INSERT INTO source_revisions (source_id, text, sha256, replaced_at) "
                    "VALUES (:source, :text, :sha, :at)"
                ),
                {"source": kept.id, "text": row.text, "sha": row.sha256, "at": row.updated_at or now},
            )
        bind.execute(
            sa.text("UPDATE source_revisions SET source_id = :kept WHERE source_id = :row"),
            {"kept": kept.id, "row": row.id},
        )
        for target in bind.execute(sa.text("SELECT * FROM targets WHERE source_id = :row"), {"row": row.id}):
            has_one = bind.scalar(
                sa.text("SELECT COUNT(*) FROM targets WHERE annotation_id = :a AND source_id = :kept"),
                {"a": target.annotation_id, "kept": kept.id},
            )
            if has_one:  # the annotation already marks words of the kept row: that target stands for both
                bind.execute(sa.text("DELETE FROM targets WHERE id = :id"), {"id": target.id})
                continue
            fields = _moved_target(target, row.text, kept.text)
            bind.execute(
                sa.text(
                    'UPDATE targets SET source_id = :kept, start = :start, "end" = :end, exact = :exact, '
                    "prefix = :prefix, suffix = :suffix, status = :status, previous_exact = :previous_exact "
                    "WHERE id = :id"
                ),
                {"kept": kept.id, "id": target.id, **fields},
            )
        for name in ("user_title", "user_outlet", "user_published"):
            if getattr(kept, name) is None and getattr(row, name) is not None:
                bind.execute(
                    sa.text(f"UPDATE sources SET {name} = :value WHERE id = :kept"),
                    {"value": getattr(row, name), "kept": kept.id},
                )
        for member in bind.execute(
            sa.text("SELECT comparison_id FROM comparison_sources WHERE source_id = :row"), {"row": row.id}
        ).all():
            already = bind.scalar(
                sa.text(
                    "SELECT COUNT(*) FROM comparison_sources WHERE comparison_id = :c AND source_id = :kept"
                ),
                {"c": member.comparison_id, "kept": kept.id},
            )
            if already:
                bind.execute(
                    sa.text("DELETE FROM comparison_sources WHERE comparison_id = :c AND source_id = :row"),
                    {"c": member.comparison_id, "row": row.id},
                )
            else:
                bind.execute(
                    sa.text(
                        "UPDATE comparison_sources SET source_id = :kept WHERE comparison_id = :c AND source_id = :row"
                    ),
                    {"c": member.comparison_id, "kept": kept.id, "row": row.id},
                )
        bind.execute(sa.text("DELETE FROM sources WHERE id = :row"), {"row": row.id})
    # The kept row takes the set's one spelling, its absolute resolved path, even when a relative row was
    # read last: a relative path is reached by no lookup (the source_key of any spelling is absolute).
    spellings = [_key(member.path) for member in members if os.path.isabs(member.path)]
    path = spellings[0] if spellings else kept.path
    if path != kept.path:
        bind.execute(
            sa.text("UPDATE sources SET path = :path WHERE id = :kept"), {"path": path, "kept": kept.id}
        )


def _rekey_comparisons(bind: sa.Connection) -> None:
    """Each comparison's key is the sorted paths of its sources; two with the same key become one."""
    keys: dict[str, list[Any]] = defaultdict(list)
    for comparison in bind.execute(sa.text("SELECT id, key, opened_at FROM comparisons")).all():
        paths = bind.scalars(
            sa.text(
                "SELECT s.path FROM comparison_sources m JOIN sources s ON s.id = m.source_id "
                "WHERE m.comparison_id = :c"
            ),
            {"c": comparison.id},
        ).all()
        keys["\n".join(sorted(paths))].append(comparison)
    bind.execute(sa.text("UPDATE comparisons SET key = '#' || id"))  # no clash while the keys change
    for key, comparisons in keys.items():
        comparisons.sort(key=lambda row: (row.opened_at or "", row.id))
        for duplicate in comparisons[:-1]:
            bind.execute(
                sa.text("DELETE FROM comparison_sources WHERE comparison_id = :c"), {"c": duplicate.id}
            )
            bind.execute(sa.text("DELETE FROM comparisons WHERE id = :c"), {"c": duplicate.id})
        bind.execute(
            sa.text("UPDATE comparisons SET key = :key WHERE id = :c"), {"key": key, "c": comparisons[-1].id}
        )


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT * FROM sources ORDER BY id")).all()
    sets = _sets(list(rows))
    for members in sets:
        _merge(bind, members)
    for row in rows:  # a single absolute row reached through a symbolic link gets its resolved path
        if os.path.isabs(row.path) and _key(row.path) != row.path and not any(row in s for s in sets):
            taken = bind.scalar(
                sa.text("SELECT COUNT(*) FROM sources WHERE path = :p"), {"p": _key(row.path)}
            )
            if not taken:
                bind.execute(
                    sa.text("UPDATE sources SET path = :p WHERE id = :id"),
                    {"p": _key(row.path), "id": row.id},
                )
    _rekey_comparisons(bind)


def downgrade() -> None:
    """Merged rows stay merged: splitting them again would make up which annotation belonged to which."""
