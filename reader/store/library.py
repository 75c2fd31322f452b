"""The library: sources, comparisons, tags and annotations, usable from scripts and from the window.

Every write goes through ``Library._write``: one transaction, committed at once (there is no Save), then
every subscriber is told what changed with a typed ``Change``. Reads return plain frozen records, never
ORM objects, so callers cannot change the database by accident or touch a closed session.

    from reader.store import Library
    library = Library.open("my-library.sqlite3")
    for annotation in library.annotations(tag="disputed"):
        print(annotation.tags, annotation.targets[0].exact, annotation.note)
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, or_, select
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, defer, selectinload

from reader.core.anchoring import PositionMap, make_selector
from reader.core.display import printable
from reader.core.fetch import Fetched
from reader.core.sources import Source
from reader.store import db
from reader.store.db import OpenReport, StoreError, default_path, describe, open_engine
from reader.store.models import (
    AnnotationRow,
    ComparisonRow,
    ComparisonSourceRow,
    SnapshotRow,
    SourceRevisionRow,
    SourceRow,
    TagRow,
    TargetRow,
)
from reader.store.placement import placed_in_memory, placement, selector_of, target_row
from reader.store.records import (
    AnnotationInfo,
    Change,
    ComparisonInfo,
    ImportReport,
    NewTarget,
    SnapshotInfo,
    SourceDetails,
    SourceInfo,
    TagInfo,
    TargetInfo,
    VersionInfo,
    VersionOutcome,
    check_note,
    tag_color,
    tag_name,
    valid_color,
)
from reader.store.rows import (
    annotation_info,
    annotation_target,
    find_tags,
    info_of,
    row_ids,
    snapshot_info,
    source_fields,
    source_paths,
)

T = TypeVar("T")


class Library:
    def __init__(self, engine: Engine, report: OpenReport) -> None:
        self.engine = engine
        self.report = report
        self.path = report.path
        self._listeners: list[Callable[[Change], None]] = []
        self._local = threading.local()  # who initiates writes, per thread (the window writes from two)

    @contextlib.contextmanager
    def initiated_by(self, initiator: object) -> Iterator[None]:
        """Writes in this block are reported with ``initiator`` in their Change."""
        previous = getattr(self._local, "initiator", None)
        self._local.initiator = initiator
        try:
            yield
        finally:
            self._local.initiator = previous

    @classmethod
    def open(cls, path: str | Path | None = None, read_only: bool = False) -> Library:
        """Open the library at ``path`` (default: READER_DB, else the user's data directory). A library that
        cannot be written is opened read-only (``report.read_only`` says why); ``read_only`` forces it."""
        engine, report = open_engine(Path(path) if path is not None else default_path(), read_only)
        return cls(engine, report)

    @property
    def read_only(self) -> bool:
        return self.report.read_only is not None

    def close(self) -> None:
        self.engine.dispose()

    def subscribe(self, listener: Callable[[Change], None]) -> None:
        self._listeners.append(listener)

    # -- the one write path --------------------------------------------------------------------------------
    def _write(self, operation: Callable[[Session], tuple[T, Change | None]]) -> T:
        """Run ``operation`` in one transaction and commit it. A library locked by another program is retried
        with growing pauses for ``db.LOCK_PATIENCE_S`` seconds before the user is told; a failed write
        changes nothing (the transaction is rolled back) and raises StoreError with one line."""
        shown = printable(str(self.path))
        if self.report.read_only is not None:
            raise StoreError(
                f"{shown}: the library is read-only ({self.report.read_only}); the change was not saved"
            )
        deadline = time.monotonic() + db.LOCK_PATIENCE_S
        pause = 0.05
        while True:
            try:
                with Session(self.engine, expire_on_commit=False) as session, session.begin():
                    result, change = operation(session)
            except OperationalError as error:
                problem = describe(error)
                busy = db.is_busy(problem)
                if busy and time.monotonic() + pause < deadline:
                    time.sleep(pause)
                    pause = min(pause * 2, 1.0)
                    continue
                raise StoreError(_write_problem(shown, problem, busy)) from None
            except SQLAlchemyError as error:
                raise StoreError(f"{shown}: the change could not be saved ({describe(error)})") from None
            else:
                if change is not None:
                    announced = replace(change, initiator=getattr(self._local, "initiator", None))
                    for listener in list(self._listeners):
                        listener(announced)
                return result

    def _read(self, query: Callable[[Session], T]) -> T:
        with Session(self.engine) as session:
            return query(session)

    # -- sources -------------------------------------------------------------------------------------------
    def import_source(self, source: Source) -> ImportReport:
        """Store ``source`` (by path); if its text changed, keep the old text and re-anchor annotations."""

        def operation(session: Session) -> tuple[ImportReport, Change | None]:
            now = datetime.now()
            row = session.scalar(select(SourceRow).where(SourceRow.path == source.path))
            if row is None:
                row = SourceRow(path=source.path, imported_at=now, **source_fields(source), updated_at=now)
                session.add(row)
                session.flush()
                return ImportReport(row.id, source.path, "new"), None
            if row.sha256 == source.sha256:
                if (row.title, row.outlet, row.author, row.date) != (
                    source.title,
                    source.outlet,
                    source.author,
                    source.date,
                ):
                    for name, value in source_fields(source).items():
                        setattr(row, name, value)
                return ImportReport(row.id, source.path, "unchanged"), None
            previous = row.text
            revision = SourceRevisionRow(source_id=row.id, text=previous, sha256=row.sha256, replaced_at=now)
            session.add(revision)
            for name, value in source_fields(source).items():
                setattr(row, name, value)
            row.updated_at = now
            counts = {"moved": 0, "edited": 0, "orphaned": 0}
            targets = session.scalars(select(TargetRow).where(TargetRow.source_id == row.id)).all()
            positions = PositionMap(previous, source.text) if targets else None
            stayed = 0
            for target in targets:
                placed = placement(target, source.text, positions)
                if placed["status"] == "anchored":
                    stayed += 1
                else:
                    counts[str(placed["status"])] += 1
                for name, value in placed.items():
                    setattr(target, name, value)
            revision.stayed, revision.moved = stayed, counts["moved"]
            revision.edited, revision.orphaned = counts["edited"], counts["orphaned"]
            report = ImportReport(row.id, source.path, "changed", previous, **counts)
            return report, Change("source_changed", (row.id,))

        return self._write(operation)

    def placed_annotations(self, sources: Sequence[Source]) -> tuple[dict[int, int], list[AnnotationInfo]]:
        """Read only: the library ids of ``sources`` (by position in the sequence; those the library knows),
        and their annotations placed on the texts as given. A text that changed since it was stored is
        re-anchored in memory, exactly as importing it would, but nothing is written: an export works on a
        read-only library or a full disk."""

        def query(session: Session) -> tuple[dict[int, int], list[AnnotationInfo]]:
            ids: dict[int, int] = {}
            changed: dict[int, tuple[str, PositionMap | None]] = {}  # source id -> (new text, map)
            for index, source in enumerate(sources):
                row = session.scalar(select(SourceRow).where(SourceRow.path == source.path))
                if row is None:
                    continue
                ids[index] = row.id
                if row.sha256 != source.sha256:
                    changed[row.id] = (source.text, PositionMap(row.text, source.text))
            statement = (
                select(AnnotationRow)
                .options(selectinload(AnnotationRow.targets), selectinload(AnnotationRow.tags))
                .where(AnnotationRow.targets.any(TargetRow.source_id.in_(list(ids.values()))))
                .order_by(AnnotationRow.id)
            )
            paths = source_paths(session)
            infos = [annotation_info(row, paths) for row in session.scalars(statement)]
            return ids, [placed_in_memory(info, changed) for info in infos]

        return self._read(query)

    def source_id(self, path: str) -> int | None:
        return self._read(lambda s: s.scalar(select(SourceRow.id).where(SourceRow.path == path)))

    def sources(self) -> list[SourceInfo]:
        rows = self._read(
            lambda s: s.execute(select(SourceRow.id, SourceRow.path, SourceRow.title, SourceRow.sha256)).all()
        )
        return [SourceInfo(*row) for row in rows]

    def source_details(self, source_ids: Iterable[int]) -> dict[int, SourceDetails]:
        """The title, outlet and date the user set for these sources (those with any set)."""
        wanted = list(source_ids)
        statement = select(
            SourceRow.id, SourceRow.user_title, SourceRow.user_outlet, SourceRow.user_published
        ).where(SourceRow.id.in_(wanted))
        rows = self._read(lambda s: s.execute(statement).all())
        return {
            row[0]: SourceDetails(row[1], row[2], row[3])
            for row in rows
            if (row[1], row[2], row[3]) != (None, None, None)
        }

    def set_source_details(self, source_id: int, details: SourceDetails) -> SourceDetails:
        """Store what the user set for a source (see ``records.source_details`` for the checks). A value
        of None goes back to what the file says."""

        def operation(session: Session) -> tuple[SourceDetails, Change]:
            row = session.get(SourceRow, source_id)
            if row is None:
                raise StoreError("that source is no longer in the library")
            row.user_title, row.user_outlet, row.user_published = (
                details.title,
                details.outlet,
                details.published,
            )
            return details, Change("source_details_changed", (source_id,))

        return self._write(operation)

    def previous_text(self, source_id: int) -> str | None:
        """The text the source had before its last change, if it ever changed."""
        query = (
            select(SourceRevisionRow.text)
            .where(SourceRevisionRow.source_id == source_id)
            .order_by(SourceRevisionRow.id.desc())
            .limit(1)
        )
        return self._read(lambda s: s.scalar(query))

    def versions(self, source_id: int) -> list[VersionInfo]:
        """Every text the source has had, oldest first, the current one last; each earlier one says what
        the next version did to the annotations (when that was counted)."""

        def query(session: Session) -> list[VersionInfo]:
            row = session.get(SourceRow, source_id)
            if row is None:
                return []
            versions = []
            since: datetime | None = row.imported_at
            for number, old in enumerate(row.revisions, 1):
                outcome = None
                if old.stayed is not None:
                    outcome = VersionOutcome(old.stayed, old.moved or 0, old.edited or 0, old.orphaned or 0)
                versions.append(
                    VersionInfo(number, old.id, old.text, old.sha256, since, old.replaced_at, outcome)
                )
                since = old.replaced_at
            versions.append(VersionInfo(len(versions) + 1, None, row.text, row.sha256, since, None, None))
            return versions

        return self._read(query)

    # -- snapshots of fetched pages -----------------------------------------------------------------------
    def add_snapshot(self, page: Fetched) -> SnapshotInfo:
        """Keep a fetched page as a WARC record. A page the same as the newest snapshot of its URL is not kept
        twice: that snapshot is returned."""

        def operation(session: Session) -> tuple[SnapshotInfo, Change | None]:
            newest = session.scalar(
                select(SnapshotRow)
                .where(SnapshotRow.url == page.url)
                .order_by(SnapshotRow.id.desc())
                .limit(1)
            )
            if newest is not None and newest.sha256 == page.sha256:
                return snapshot_info(newest), None
            row = SnapshotRow(
                url=page.url,
                fetched_at=page.fetched_at.astimezone(UTC).replace(tzinfo=None),
                status=page.status,
                content_type=page.content_type,
                sha256=page.sha256,
                size=len(page.body),
                warc=page.to_warc(),
            )
            session.add(row)
            session.flush()
            return snapshot_info(row), Change("snapshot_added", (row.id,))

        return self._write(operation)

    def snapshots(self, url: str | None = None) -> list[SnapshotInfo]:
        """Stored fetches, newest first (of one URL, or of all)."""

        def query(session: Session) -> list[SnapshotInfo]:
            statement = select(SnapshotRow).order_by(SnapshotRow.fetched_at.desc(), SnapshotRow.id.desc())
            if url is not None:
                statement = statement.where(SnapshotRow.url == url)
            return [snapshot_info(row) for row in session.scalars(statement.options(defer(SnapshotRow.warc)))]

        return self._read(query)

    def snapshot(self, url: str, snapshot_id: int | None = None) -> Fetched | None:
        """The newest stored fetch of ``url`` (or the one with ``snapshot_id``), as it was fetched."""

        def query(session: Session) -> bytes | None:
            statement = select(SnapshotRow.warc).where(SnapshotRow.url == url)
            if snapshot_id is not None:
                statement = statement.where(SnapshotRow.id == snapshot_id)
            return session.scalar(statement.order_by(SnapshotRow.id.desc()).limit(1))

        data = self._read(query)
        return None if data is None else Fetched.from_warc(data)

    # -- comparisons ---------------------------------------------------------------------------------------
    def save_comparison(
        self,
        paths: Sequence[str],
        options: dict[str, object],
        hidden: Iterable[str] = (),
        name: str | None = None,
    ) -> int:
        """Remember a comparison (one per set of files; saving it again updates it and its date)."""
        hidden_set = set(hidden)

        def operation(session: Session) -> tuple[int, Change]:
            now = datetime.now()
            key = "\n".join(sorted(paths))
            row = session.scalar(select(ComparisonRow).where(ComparisonRow.key == key))
            ids = {p: session.scalar(select(SourceRow.id).where(SourceRow.path == p)) for p in paths}
            missing = [p for p, i in ids.items() if i is None]
            if missing:
                raise StoreError(f"{missing[0]}: import the source before saving a comparison with it")
            if row is None:
                titles = [
                    session.scalar(select(SourceRow.title).where(SourceRow.id == ids[p])) for p in paths[:1]
                ]
                default = f"{titles[0]} ({len(paths)} sources)" if titles else f"{len(paths)} sources"
                row = ComparisonRow(
                    name=name or default, key=key, options="{}", created_at=now, opened_at=now
                )
                session.add(row)
            elif name:
                row.name = name
            row.options = json.dumps(options, sort_keys=True)
            row.opened_at = now
            row.members = [
                ComparisonSourceRow(source_id=ids[p], position=i, hidden=p in hidden_set)
                for i, p in enumerate(paths)
            ]
            session.flush()
            return row.id, Change("comparison_saved", (row.id,))

        return self._write(operation)

    def comparisons(self, limit: int | None = None) -> list[ComparisonInfo]:
        """Saved comparisons, most recently opened first."""

        def query(session: Session) -> list[ComparisonInfo]:
            statement = (
                select(ComparisonRow)
                .options(selectinload(ComparisonRow.members).selectinload(ComparisonSourceRow.source))
                .order_by(ComparisonRow.opened_at.desc(), ComparisonRow.id.desc())
            )
            if limit:
                statement = statement.limit(limit)
            return [
                ComparisonInfo(
                    row.id,
                    row.name,
                    tuple(m.source.path for m in row.members),
                    tuple(m.source.path for m in row.members if m.hidden),
                    json.loads(row.options),
                    row.opened_at,
                )
                for row in session.scalars(statement)
            ]

        return self._read(query)

    def rename_comparison(self, comparison_id: int, name: str) -> None:
        def operation(session: Session) -> tuple[None, Change]:
            session.get_one(ComparisonRow, comparison_id).name = name
            return None, Change("comparison_saved", (comparison_id,))

        self._write(operation)

    def delete_comparison(self, comparison_id: int) -> None:
        def operation(session: Session) -> tuple[None, Change]:
            session.delete(session.get_one(ComparisonRow, comparison_id))
            return None, Change("comparison_deleted", (comparison_id,))

        self._write(operation)

    # -- tags ----------------------------------------------------------------------------------------------
    def tags(self) -> list[TagInfo]:
        rows = self._read(
            lambda s: s.scalars(select(TagRow).order_by(TagRow.builtin.desc(), TagRow.name)).all()
        )
        return [TagInfo(r.id, r.name, tag_color(r.color), r.builtin) for r in rows]

    def add_tag(self, name: str, color: str) -> TagInfo:
        name = tag_name(name)
        checked = valid_color(color)
        if checked is None:
            raise StoreError(f"“{printable(str(color))}” is not a colour; give it as #rrggbb")
        color = checked

        def operation(session: Session) -> tuple[TagInfo, Change | None]:
            row = session.scalar(select(TagRow).where(TagRow.name == name))
            if row is not None:
                return TagInfo(row.id, row.name, tag_color(row.color), row.builtin), None
            row = TagRow(name=name, color=color, builtin=False)
            session.add(row)
            session.flush()
            return TagInfo(row.id, row.name, row.color, False), Change("tag_added", (row.id,))

        return self._write(operation)

    # -- annotations ---------------------------------------------------------------------------------------
    def annotations(
        self,
        source_ids: Iterable[int] | None = None,
        tag: str | None = None,
        text: str | None = None,
    ) -> list[AnnotationInfo]:
        """Annotations with a target in any of ``source_ids``, with ``tag``, whose note or quote has ``text``."""

        def query(session: Session) -> list[AnnotationInfo]:
            statement = select(AnnotationRow).options(
                selectinload(AnnotationRow.targets), selectinload(AnnotationRow.tags)
            )
            if source_ids is not None:
                ids = list(source_ids)
                statement = statement.where(AnnotationRow.targets.any(TargetRow.source_id.in_(ids)))
            if tag:
                statement = statement.where(AnnotationRow.tags.any(TagRow.name == tag))
            if text:
                pattern = f"%{text}%"
                statement = statement.where(
                    or_(
                        AnnotationRow.note.ilike(pattern),
                        AnnotationRow.targets.any(TargetRow.exact.ilike(pattern)),
                    )
                )
            rows = session.scalars(statement.order_by(AnnotationRow.id)).all()
            paths = source_paths(session)
            return [annotation_info(row, paths) for row in rows]

        return self._read(query)

    def annotation(self, annotation_id: int) -> AnnotationInfo:
        def query(session: Session) -> AnnotationInfo:
            row = session.get(AnnotationRow, annotation_id)
            if row is None:
                raise StoreError(f"there is no annotation {annotation_id}")
            return info_of(session, row)

        return self._read(query)

    def add_annotation(
        self, targets: Sequence[NewTarget], tags: Iterable[str] = (), note: str = ""
    ) -> AnnotationInfo:
        """Annotate the given spans (one per source): quote selectors are made from the stored texts."""
        if not targets:
            raise StoreError("an annotation needs at least one passage")
        check_note(note)
        tags = [tag_name(tag) for tag in tags]

        def operation(session: Session) -> tuple[AnnotationInfo, Change]:
            now = datetime.now()
            tag_rows, created = find_tags(session, tags)
            row = AnnotationRow(note=note, created_at=now, modified_at=now, tags=tag_rows)
            for target in targets:
                source = session.get(SourceRow, target.source_id)
                if source is None:
                    raise StoreError(f"there is no source {target.source_id} in the library")
                if not 0 <= target.start < target.end <= len(source.text):
                    raise StoreError(
                        f"{printable(source.path)}: cannot annotate characters {target.start}-{target.end}: "
                        "select at least one character of the text"
                    )
                selector = make_selector(source.text, target.start, target.end)
                row.targets.append(target_row(target.source_id, selector, "anchored"))
            session.add(row)
            session.flush()
            info = info_of(session, row)
            return info, Change("annotation_added", (row.id,), tags_added=row_ids(created))

        return self._write(operation)

    def update_annotation(
        self, annotation_id: int, tags: Iterable[str] | None = None, note: str | None = None
    ) -> AnnotationInfo:
        if note is not None:
            check_note(note)
        if tags is not None:
            tags = [tag_name(tag) for tag in tags]

        def operation(session: Session) -> tuple[AnnotationInfo, Change]:
            row = session.get(AnnotationRow, annotation_id)
            if row is None:
                raise StoreError(f"there is no annotation {annotation_id} (was it deleted?)")
            created: list[TagRow] = []
            if tags is not None:
                row.tags, created = find_tags(session, tags)
            if note is not None:
                row.note = note
            row.modified_at = datetime.now()
            session.flush()
            info = info_of(session, row)
            change = Change(
                "annotation_changed", (annotation_id,), tags_added=row_ids(created), note_only=tags is None
            )
            return info, change

        return self._write(operation)

    def delete_annotation(self, annotation_id: int) -> AnnotationInfo:
        """Delete, returning everything needed to ``restore_annotation`` it (undo)."""

        def operation(session: Session) -> tuple[AnnotationInfo, Change]:
            row = session.get(AnnotationRow, annotation_id)
            if row is None:
                raise StoreError(f"there is no annotation {annotation_id}")
            info = info_of(session, row)
            session.delete(row)
            return info, Change("annotation_deleted", (annotation_id,))

        return self._write(operation)

    def restore_annotation(self, info: AnnotationInfo) -> AnnotationInfo:
        """Put a deleted annotation back exactly as it was, with its id."""

        def operation(session: Session) -> tuple[AnnotationInfo, Change]:
            tag_rows, created = find_tags(session, info.tags)
            row = AnnotationRow(
                id=info.id,
                note=info.note,
                created_at=info.created_at,
                modified_at=info.modified_at,
                tags=tag_rows,
            )
            for t in info.targets:
                row.targets.append(
                    target_row(t.source_id, selector_of(t), t.status, t.previous_exact, t.evidence)
                )
            session.add(row)
            session.flush()
            return info, Change("annotation_added", (info.id,), tags_added=row_ids(created))

        return self._write(operation)

    def reattach(self, annotation_id: int, source_id: int, start: int, end: int) -> AnnotationInfo:
        """Put the annotation's target in ``source_id`` on the words [start, end) of the source's text as
        stored (the user chose them: an orphan found a home, or a placement corrected); its tags and note
        stay. The words it had are kept as its previous quote."""

        def operation(session: Session) -> tuple[AnnotationInfo, Change]:
            row, target = annotation_target(session, annotation_id, source_id)
            source = session.get(SourceRow, source_id)
            assert source is not None  # the target's foreign key
            try:
                fresh = make_selector(source.text, start, end)
            except ValueError as error:
                raise StoreError(f"{printable(source.path)}: cannot re-attach there ({error})") from None
            if not fresh.exact.strip():
                raise StoreError(
                    f"{printable(source.path)}: choose some words to re-attach the annotation to"
                )
            previous = target.exact
            for name in ("start", "end", "exact", "prefix", "suffix"):
                setattr(target, name, getattr(fresh, name))
            target.status, target.previous_exact = "anchored", previous
            target.evidence = f"re-attached by hand on {datetime.now():%Y-%m-%d}"
            row.modified_at = datetime.now()
            session.flush()
            info = info_of(session, row)
            return info, Change("annotation_changed", (annotation_id,))

        return self._write(operation)

    def replace_target(self, annotation_id: int, target: TargetInfo) -> AnnotationInfo:
        """Put back a target exactly as it was (undoing ``reattach``)."""

        def operation(session: Session) -> tuple[AnnotationInfo, Change]:
            row, stored = annotation_target(session, annotation_id, target.source_id)
            for name in ("start", "end", "exact", "prefix", "suffix", "status", "previous_exact", "evidence"):
                setattr(stored, name, getattr(target, name))
            session.flush()
            info = info_of(session, row)
            return info, Change("annotation_changed", (annotation_id,))

        return self._write(operation)


def _write_problem(shown: str, problem: str, busy: bool) -> str:
    if busy:
        return (
            f"{shown}: the library is busy (another program is writing to it); the change was not saved. "
            "Try again in a moment"
        )
    if "readonly" in problem or "read-only" in problem:
        return f"{shown}: the library cannot be written ({problem}); the change was not saved"
    if "full" in problem:
        return f"{shown}: the disk is full; the change was not saved. Free some space and try again"
    return f"{shown}: the change could not be saved ({problem})"
