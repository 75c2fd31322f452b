"""The library's tags and annotations: adding, editing, deleting (and undoing it), re-attaching by hand,
and reading them back placed on the texts as given. Every write goes through ``Store._write``."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from reader.core.anchoring.anchor import PositionMap, make_selector
from reader.core.reading.sources import Source
from reader.core.text.display import printable
from reader.store.conflicts import ConflictStore
from reader.store.db import StoreError
from reader.store.models import AnnotationRow, AnnotationTagRow, NoteConflictRow, SourceRow, TagRow, TargetRow
from reader.store.placement import placed_in_memory, selector_of, target_row
from reader.store.records import (
    AnnotationInfo,
    Change,
    KeptAside,
    NewTarget,
    TagInfo,
    TargetInfo,
    check_note,
    tag_color,
    tag_name,
    valid_color,
)
from reader.store.rows import (
    annotation_info,
    annotation_infos,
    annotation_target,
    find_tags,
    info_of,
    row_ids,
    source_paths,
    source_row,
)


class AnnotationStore(ConflictStore):
    """Tags and annotations (``Library`` adds sources, snapshots and comparisons); versioned saves and the
    note conflicts they keep come from ``ConflictStore``."""

    def placed_annotations(self, sources: Sequence[Source]) -> tuple[dict[int, int], list[AnnotationInfo]]:
        """Read only: the library ids of ``sources`` (by position in the sequence; those the library knows),
        and their annotations placed on the texts as given. A text that changed since it was stored is
        re-anchored in memory, exactly as importing it would, but nothing is written: an export works on a
        read-only library or a full disk."""

        def query(session: Session) -> tuple[dict[int, int], list[AnnotationInfo]]:
            ids: dict[int, int] = {}
            changed: dict[int, tuple[str, PositionMap | None]] = {}  # source id -> (new text, map)
            for index, source in enumerate(sources):
                row = source_row(session, source, adopt=False)
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
            row = TagRow(name=name, color=color, builtin=False, created_by=self.author)
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
        author: str | None = None,
    ) -> list[AnnotationInfo]:
        """Annotations with a target in any of ``source_ids``, with ``tag``, whose note or quote has ``text``,
        made or last changed by ``author``."""

        def query(session: Session) -> list[AnnotationInfo]:
            statement = select(AnnotationRow.id)
            if source_ids is not None:
                ids = list(source_ids)
                # Through the targets' index on source_id, not a test of every annotation's targets.
                on_sources = select(TargetRow.annotation_id).where(TargetRow.source_id.in_(ids))
                statement = statement.where(AnnotationRow.id.in_(on_sources))
            if tag:
                tagged = (
                    select(AnnotationTagRow.annotation_id)
                    .join(TagRow, TagRow.id == AnnotationTagRow.tag_id)
                    .where(TagRow.name == tag)
                )
                statement = statement.where(AnnotationRow.id.in_(tagged))
            if author:
                statement = statement.where(
                    or_(AnnotationRow.created_by == author, AnnotationRow.modified_by == author)
                )
            if text:
                # The user's words are matched as they are: no %, _ or backslash in them is a wildcard.
                escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                pattern = f"%{escaped}%"
                statement = statement.where(
                    or_(
                        AnnotationRow.note.ilike(pattern, escape="\\"),
                        AnnotationRow.targets.any(TargetRow.exact.ilike(pattern, escape="\\")),
                    )
                )
            return annotation_infos(session, statement)

        return self._read(query)

    def annotation_authors(self, source_ids: Iterable[int]) -> list[str]:
        """Who made or last changed the annotations on ``source_ids``, sorted: the panel's author filter."""
        ids = list(source_ids)

        def query(session: Session) -> list[str]:
            on = AnnotationRow.targets.any(TargetRow.source_id.in_(ids))
            names: set[str] = set()
            for column in (AnnotationRow.created_by, AnnotationRow.modified_by):
                names.update(n for n in session.scalars(select(column).where(on).distinct()) if n)
            return sorted(names, key=str.casefold)

        return self._read(query)

    def annotation(self, annotation_id: int) -> AnnotationInfo:
        def query(session: Session) -> AnnotationInfo:
            row = session.get(AnnotationRow, annotation_id)
            if row is None:
                raise StoreError(f"there is no annotation {annotation_id}")
            return info_of(session, row)

        return self._read(query)

    def add_annotation(
        self,
        targets: Sequence[NewTarget],
        tags: Iterable[str] = (),
        note: str = "",
        uid: str | None = None,
    ) -> AnnotationInfo:
        """Annotate the given spans (one per source): quote selectors are made from the stored texts.
        ``uid`` is the client-made id (a new one when None): adding again with a ``uid`` the library already
        has adds nothing and returns the annotation it has, so a change sent twice lands once."""
        if not targets:
            raise StoreError("an annotation needs at least one passage")
        check_note(note)
        tags = [tag_name(tag) for tag in tags]

        def operation(session: Session) -> tuple[AnnotationInfo, Change | None]:
            if uid is not None:
                known = session.scalar(select(AnnotationRow).where(AnnotationRow.uid == uid))
                if known is not None:
                    return info_of(session, known), None
            now = datetime.now()
            tag_rows, created = find_tags(session, tags)
            row = AnnotationRow(
                note=note,
                created_at=now,
                modified_at=now,
                tags=tag_rows,
                uid=uid or str(uuid.uuid4()),
                version=1,
                created_by=self.author,
                modified_by=self.author,
            )
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
        self,
        annotation_id: int,
        tags: Iterable[str] | None = None,
        note: str | None = None,
        based_on: AnnotationInfo | int | None = None,
    ) -> AnnotationInfo:
        """Set the tags and/or note. ``based_on`` is the annotation (or its version) the user's edit started
        from: a save that lost a race is merged, or kept as a conflict and said with ConflictError
        (``reader.store.conflicts``). Without it the save replaces what is there (undo, redo)."""
        if based_on is not None:
            return self.update_versioned(
                annotation_id, list(tags) if tags is not None else None, note, based_on
            )
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
            self._touch(row)
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
            open_conflicts = session.scalars(
                select(NoteConflictRow)
                .where(NoteConflictRow.annotation_id == annotation_id, NoteConflictRow.resolved_at.is_(None))
                .order_by(NoteConflictRow.id)
            )
            kept = tuple(KeptAside(c.base, c.mine, c.theirs, c.author, c.at) for c in open_conflicts)
            info = replace(info_of(session, row), kept_aside=kept)
            session.delete(row)  # its conflicts go with it; undo puts them back from ``kept_aside``
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
                uid=info.uid or str(uuid.uuid4()),
                version=info.version + 1,  # a client holding the deleted one's version saves on an old one
                created_by=info.created_by,
                modified_by=self.author,
                group_id=info.group_id,  # undo puts it back in its group
            )
            for t in info.targets:
                row.targets.append(
                    target_row(t.source_id, selector_of(t), t.status, t.previous_exact, t.evidence)
                )
            session.add(row)
            session.flush()
            for kept in info.kept_aside:
                session.add(
                    NoteConflictRow(
                        annotation_id=row.id,
                        base=kept.base,
                        mine=kept.mine,
                        theirs=kept.theirs,
                        author=kept.author,
                        at=kept.at,
                    )
                )
            restored = info_of(session, row)
            return restored, Change("annotation_added", (info.id,), tags_added=row_ids(created))

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
            self._touch(row)
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
            self._touch(row)
            session.flush()
            info = info_of(session, row)
            return info, Change("annotation_changed", (annotation_id,))

        return self._write(operation)
