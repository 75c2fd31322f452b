"""The library: sources, comparisons, tags and annotations, usable from scripts and from the window.

Every write goes through ``Library._write`` (``reader/store/transactions.py``): one transaction, committed
at once (there is no Save), then every subscriber is told what changed with a typed ``Change``. Tags and
annotations are in ``reader/store/annotating.py``. Reads return plain frozen records, never
ORM objects, so callers cannot change the database by accident or touch a closed session.

    from reader.store import Library
    library = Library.open("my-library.sqlite3")
    for annotation in library.annotations(tag="disputed"):
        print(annotation.tags, annotation.targets[0].exact, annotation.note)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, defer, selectinload

from reader.address import AddressError, configured
from reader.core.anchoring.anchor import PositionMap
from reader.core.reading.fetch import Fetched
from reader.core.reading.sources import Source
from reader.store.db import StoreError, open_engine
from reader.store.groups import GroupStore
from reader.store.models import (
    ComparisonRow,
    ComparisonSourceRow,
    SnapshotRow,
    SourceRevisionRow,
    SourceRow,
    TargetRow,
)
from reader.store.placement import placement
from reader.store.records import (
    Change,
    ComparisonInfo,
    ImportReport,
    SnapshotInfo,
    SourceDetails,
    SourceInfo,
    VersionInfo,
    VersionOutcome,
    check_source,
)
from reader.store.rows import snapshot_info, source_fields, source_row
from reader.store.search import SearchStore
from reader.store.verdicts import VerdictStore


class Library(SearchStore, VerdictStore, GroupStore):
    """Sources, their versions and snapshots, and saved comparisons; search from ``SearchStore``, verdicts
    on links from ``VerdictStore``, tags and annotations from ``AnnotationStore``, groups from ``GroupStore``
    (``reader.store.groups``), the write path from ``Store`` (``reader.store.transactions``)."""

    @classmethod
    def open(cls, path: str | Path | None = None, read_only: bool = False) -> Library:
        """Open the library at ``path``: a file, or a ``postgresql://`` address of a shared library
        (default: READER_DB, else the user's data directory). A library that cannot be written is opened
        read-only (``report.read_only`` says why); ``read_only`` forces it."""
        try:
            where = configured(path)
        except AddressError as error:
            raise StoreError(str(error)) from None
        if where.is_server:
            from reader.store.server import open_server

            engine, report = open_server(where, read_only)
        else:
            assert where.path is not None
            engine, report = open_engine(where.path, read_only)
        return cls(engine, report, where)

    @classmethod
    def open_to_read(cls, path: str | Path | None = None) -> Library | None:
        """The library at ``path`` for a command that only reads it (an export, a search): read-only, which
        also spares it the start-up backup; a library of an older Reader is brought up to date first; None
        when there is no library there yet. Raises StoreError (one line) otherwise."""
        from reader.store.db import NeedsUpgrade, NoLibrary

        try:
            return cls.open(path, read_only=True)
        except NoLibrary:
            return None
        except NeedsUpgrade:  # opening it normally brings it up to date first
            return cls.open(path)

    # -- sources -------------------------------------------------------------------------------------------
    def import_source(self, source: Source) -> ImportReport:
        """Store ``source`` (by path); if its text changed, keep the old text and re-anchor annotations."""
        check_source(source)

        def operation(session: Session) -> tuple[ImportReport, Change | None]:
            now = datetime.now()
            row = source_row(session, source, adopt=True)
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
        """Remember a comparison (one per set of files; saving it again updates it and its date).

        Saving again what is saved writes nothing when the comparison is already the most recently opened
        one: a window that reopens its last comparison at every start then leaves the library unchanged,
        and an unchanged library gets no new start-up backup (``backups.changed_since_backup``). The date
        orders File > Open recent, whose order that write would not change anyway."""
        hidden_set = set(hidden)
        options_text = json.dumps(options, sort_keys=True)

        def operation(session: Session) -> tuple[int, Change | None]:
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
            elif _unchanged(session, row, [(ids[p], p in hidden_set) for p in paths], options_text, name):
                return row.id, None
            elif name:
                row.name = name
            row.options = options_text
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


def _unchanged(
    session: Session,
    row: ComparisonRow,
    members: Sequence[tuple[int | None, bool]],
    options: str,
    name: str | None,
) -> bool:
    """Whether saving ``row`` again (``members``: source id and hidden, in order) would change nothing but its date, and it is the most recently opened
    comparison already (so the date would not reorder the list of recent comparisons either)."""
    saved = [(m.source_id, bool(m.hidden)) for m in sorted(row.members, key=lambda m: m.position)]
    if (name and name != row.name) or row.options != options or saved != list(members):
        return False
    newest = session.scalar(
        select(ComparisonRow.id).order_by(ComparisonRow.opened_at.desc(), ComparisonRow.id.desc()).limit(1)
    )
    return newest == row.id
