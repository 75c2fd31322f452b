"""Rows read into the records the library hands out, and the row lookups its queries and writes share."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import UTC
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from reader.core.reading.sources import Source
from reader.store.db import StoreError
from reader.store.models import (
    AnnotationRow,
    AnnotationTagRow,
    ComparisonRow,
    ComparisonSourceRow,
    SnapshotRow,
    SourceRow,
    TagRow,
    TargetRow,
)
from reader.store.records import DEFAULT_TAG_COLOR, AnnotationInfo, SnapshotInfo, TargetInfo


def source_paths(session: Session) -> dict[int, str]:
    """Each source's path, by id (what annotation records name their sources by)."""
    return dict(session.execute(select(SourceRow.id, SourceRow.path)).all())


def info_of(session: Session, row: AnnotationRow) -> AnnotationInfo:
    return annotation_info(row, source_paths(session))


def annotation_target(
    session: Session, annotation_id: int, source_id: int
) -> tuple[AnnotationRow, TargetRow]:
    """An annotation and its target in one source; StoreError when either is gone."""
    row = session.get(AnnotationRow, annotation_id)
    target = next((t for t in row.targets if t.source_id == source_id), None) if row is not None else None
    if row is None or target is None:
        raise StoreError(f"there is no annotation {annotation_id} on that source (was it deleted?)")
    return row, target


def snapshot_info(row: SnapshotRow) -> SnapshotInfo:
    fetched = row.fetched_at.replace(tzinfo=UTC)
    return SnapshotInfo(row.id, row.url, fetched, row.status, row.content_type, row.size, row.sha256)


def source_fields(source: Source) -> dict[str, str | None]:
    return {
        "title": source.title,
        "outlet": source.outlet,
        "author": source.author,
        "date": source.date,
        "format": source.format,
        "encoding": source.encoding,
        "text": source.text,
        "sha256": source.sha256,
    }


def find_tags(session: Session, names: Iterable[str]) -> tuple[list[TagRow], list[TagRow]]:
    """The tag rows for ``names``, and those of them that had to be created."""
    rows, created = [], []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        row = session.scalar(select(TagRow).where(TagRow.name == name))
        if row is None:
            row = TagRow(name=name, color=DEFAULT_TAG_COLOR, builtin=False)
            session.add(row)
            created.append(row)
        rows.append(row)
    return rows, created


def row_ids(rows: Sequence[TagRow]) -> tuple[int, ...]:
    return tuple(row.id for row in rows)


def annotation_info(row: AnnotationRow, paths: dict[int, str]) -> AnnotationInfo:
    return AnnotationInfo(
        id=row.id,
        note=row.note,
        tags=tuple(tag.name for tag in row.tags),
        targets=tuple(
            TargetInfo(
                t.source_id,
                paths.get(t.source_id, ""),
                t.start,
                t.end,
                t.exact,
                t.prefix,
                t.suffix,
                t.status,
                t.previous_exact,
                t.evidence,
            )
            for t in row.targets
        ),
        created_at=row.created_at,
        modified_at=row.modified_at,
        created_by=row.created_by,
        modified_by=row.modified_by,
        version=row.version or 1,
        uid=row.uid,
        group_id=row.group_id,
    )


CHUNK = 5000
"""Ids per statement when reading many annotations (SQLite allows 32,766 parameters in one)."""


def annotation_infos(session: Session, chosen: Select[Any]) -> list[AnnotationInfo]:
    """The annotations whose ids ``chosen`` selects, by id, read as plain rows: the ids once, then the
    annotations, their targets (with their sources' paths) and their tags by id. The same records as
    ``annotation_info`` without building ORM objects, which took seconds for the tens of thousands of
    annotations a tag can have in a newsroom's library."""
    ids = sorted(set(session.scalars(chosen)))
    infos: list[AnnotationInfo] = []
    a, t = AnnotationRow, TargetRow
    for first in range(0, len(ids), CHUNK):
        chunk = ids[first : first + CHUNK]
        targets: dict[int, list[TargetInfo]] = {}
        for row in session.execute(
            select(
                t.annotation_id,
                t.source_id,
                SourceRow.path,
                t.start,
                t.end,
                t.exact,
                t.prefix,
                t.suffix,
                t.status,
                t.previous_exact,
                t.evidence,
            )
            .outerjoin(SourceRow, SourceRow.id == t.source_id)
            .where(t.annotation_id.in_(chunk))
            .order_by(t.id)
        ):
            targets.setdefault(row[0], []).append(
                TargetInfo(
                    row[1], row[2] or "", row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10]
                )
            )
        tags: dict[int, list[str]] = {}
        for annotation_id, name in session.execute(
            select(AnnotationTagRow.annotation_id, TagRow.name)
            .join(TagRow, TagRow.id == AnnotationTagRow.tag_id)
            .where(AnnotationTagRow.annotation_id.in_(chunk))
            .order_by(TagRow.name)
        ):
            tags.setdefault(annotation_id, []).append(name)
        infos += [
            AnnotationInfo(
                id=row[0],
                note=row[1],
                tags=tuple(tags.get(row[0], ())),
                targets=tuple(targets.get(row[0], ())),
                created_at=row[2],
                modified_at=row[3],
                created_by=row[4],
                modified_by=row[5],
                version=row[6] or 1,
                uid=row[7],
                group_id=row[8],
            )
            for row in session.execute(
                select(
                    a.id,
                    a.note,
                    a.created_at,
                    a.modified_at,
                    a.created_by,
                    a.modified_by,
                    a.version,
                    a.uid,
                    a.group_id,
                )
                .where(a.id.in_(chunk))
                .order_by(a.id)
            )
        ]
    return infos


def source_row(session: Session, source: Source, adopt: bool) -> SourceRow | None:
    """The row of ``source`` (by its path), or else the one an earlier Reader's migration 0004 stranded.

    That migration kept a relative-path row when it was read last and never made its path absolute, so no
    lookup by the source's key (always absolute) reached its annotations. A relative row qualifies when its
    path is a tail of ``source.path`` (whole folder names) and its text, now or in an earlier version, is
    the file's text; of several, the one read last. With ``adopt`` its path becomes ``source.path`` (and
    comparisons' keys follow); a read-only lookup only finds it."""
    row = session.scalar(select(SourceRow).where(SourceRow.path == source.path))
    if row is not None or not os.path.isabs(source.path):
        return row
    candidates = []
    for other in session.scalars(select(SourceRow).where(~SourceRow.path.startswith("/"))):
        if os.path.isabs(other.path) or "://" in other.path or other.path.startswith("reader-version:"):
            continue
        if not source.path.endswith(os.sep + os.path.normpath(other.path)):
            continue
        if source.sha256 in {other.sha256, *(old.sha256 for old in other.revisions)}:
            candidates.append(other)
    if not candidates:
        return None
    row = max(candidates, key=lambda r: (r.updated_at, r.id))
    if adopt:
        row.path = source.path
        session.flush()
        _rekey_comparisons(session, row.id)
    return row


def _rekey_comparisons(session: Session, source_id: int) -> None:
    """A comparison's key is its sources' sorted paths: those with an adopted row take the new spelling
    (unless a comparison of that very set exists, which then stays the one found by it)."""
    members = session.scalars(
        select(ComparisonSourceRow.comparison_id).where(ComparisonSourceRow.source_id == source_id)
    ).all()
    for comparison in session.scalars(select(ComparisonRow).where(ComparisonRow.id.in_(members))):
        key = "\n".join(sorted(m.source.path for m in comparison.members))
        if session.scalar(select(ComparisonRow.id).where(ComparisonRow.key == key)) is None:
            comparison.key = key
