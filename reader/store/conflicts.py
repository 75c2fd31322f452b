"""Saves that race: an annotation edited by two people at once loses nothing.

Every change raises an annotation's version (``AnnotationInfo.version``). A save says which version the
user's edit started from (``based_on``, the record the editor loaded); if the annotation has moved on since,
the save lost a race and is merged with what won it:

- tags as sets: what each side added stays added, what each side removed stays removed (clean by
  construction);
- the note by a three-way merge (``reader.core.text.merging``; the base is the note of ``based_on``). A
  clean merge is saved (outcome "merged"); one that is not keeps the winner's note in the annotation and
  the loser's, with the base and the winner's, in ``note_conflicts`` for the user to choose (outcome
  "conflict"; ``resolve_conflict`` settles it);
- an annotation a colleague deleted meanwhile is put back with the user's note and tags (outcome
  "restored"), since only the user can say whether their note still matters.

The check is atomic on both engines: the save first claims the row with ``UPDATE annotations SET version =
version WHERE id = :id``, which on PostgreSQL takes the row's lock (a racing save waits for this one to
commit, then reads what it wrote) and on SQLite starts the write transaction (SQLite has one writer at a
time; a plain SELECT first would run outside the transaction and could read a version already replaced).
Only then is the row read and its version compared.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from reader.core.text.merging import merge_texts
from reader.store.db import StoreError
from reader.store.models import AnnotationRow, ChangeLogRow, NoteConflictRow, SourceRow, TagRow
from reader.store.placement import selector_of, target_row
from reader.store.records import AnnotationInfo, Change, check_note, tag_name
from reader.store.rows import find_tags, info_of, row_ids
from reader.store.transactions import Store

Outcome = Literal["saved", "merged", "conflict", "restored"]


@dataclass(frozen=True)
class NoteConflict:
    """A note two people changed at once, kept until someone chooses: ``mine`` is the text whose save lost
    the race (written by ``author``), ``theirs`` the one saved first, ``base`` the one both started from."""

    id: int
    annotation_id: int
    base: str
    mine: str
    theirs: str
    author: str
    at: datetime
    resolved_at: datetime | None = None


@dataclass(frozen=True)
class Saved:
    """What a versioned save did. ``outcome``: "saved" (nobody else had changed the annotation), "merged"
    (someone had, and both changes are in it), "conflict" (both changed the note in the same place: theirs
    is the note, mine is kept in ``conflict``), "restored" (it had been deleted; it is back with mine)."""

    annotation: AnnotationInfo  # as it is saved now
    outcome: Outcome
    conflict: NoteConflict | None = None
    by: str | None = None  # who changed (or deleted) it meanwhile, when known

    @property
    def raced(self) -> bool:
        """The save lost a race (the version had moved on): merged, kept as a conflict, or restored."""
        return self.outcome != "saved"

    def message(self) -> str | None:
        """One line for the user, or None when there is nothing to say."""
        who = self.by or "someone else"
        if self.outcome == "merged":
            return f"{who} changed this annotation while you edited it; both changes are kept"
        if self.outcome == "conflict":
            return (
                f"{who} changed this note while you edited it; both texts are kept: choose one, or "
                "combine them"
            )
        if self.outcome == "restored":
            return f"{who} deleted this annotation while you edited it; it is back, with your note"
        return None


class ConflictError(StoreError):
    """A save that lost a race and was not simply merged (``update_annotation`` raises it after the write
    committed): nothing was lost, and ``saved`` says where everything is."""

    def __init__(self, saved: Saved) -> None:
        super().__init__(saved.message() or "the annotation changed while you edited it")
        self.saved = saved


def conflict_of(row: NoteConflictRow) -> NoteConflict:
    return NoteConflict(
        row.id, row.annotation_id, row.base, row.mine, row.theirs, row.author, row.at, row.resolved_at
    )


def merge_tags(base: tuple[str, ...] | None, mine: list[str], theirs: list[str]) -> list[str]:
    """Theirs, with what ``mine`` added to ``base`` and without what it removed. Without a base (a save
    that gave only a version number) nothing can be said removed: the union, so that nothing is lost."""
    if base is None:
        return theirs + [t for t in mine if t not in theirs]
    added = [t for t in mine if t not in base]
    removed = {t for t in base if t not in mine}
    return [t for t in theirs if t not in removed] + [t for t in added if t not in theirs]


class ConflictStore(Store):
    """Versioned saves of annotations, and the note conflicts they keep (``AnnotationStore`` builds on it)."""

    def _touch(self, row: AnnotationRow) -> None:
        """A change to ``row``: when, by whom, and a new version."""
        row.modified_at = datetime.now()
        row.modified_by = self.author
        row.version = (row.version or 1) + 1

    def save_annotation(
        self,
        annotation_id: int,
        tags: list[str] | None,
        note: str | None,
        based_on: AnnotationInfo | int,
    ) -> Saved:
        """Set the tags and/or note of an annotation, as an edit that started from ``based_on`` (the record
        the editor loaded, or only its version: then there is no base to merge notes with, and any other
        change to the note is a conflict). See the module's docstring; nothing the user wrote is lost."""
        if note is not None:
            check_note(note)
        if tags is not None:
            tags = [tag_name(tag) for tag in tags]
        record = based_on if isinstance(based_on, AnnotationInfo) else None
        version = based_on.version if isinstance(based_on, AnnotationInfo) else based_on

        def operation(session: Session) -> tuple[Saved, Change]:
            if not _claim(session, annotation_id):
                return self._restore(session, annotation_id, record, tags, note)
            row = session.get(AnnotationRow, annotation_id)
            assert row is not None  # claimed: it is there, and stays until this commits
            by = row.modified_by
            outcome: Outcome = "saved" if row.version == version else "merged"
            conflict: NoteConflictRow | None = None
            created: list[TagRow] = []
            if tags is not None:
                theirs_tags = [t.name for t in row.tags]
                base_tags = record.tags if record is not None else None
                wanted = tags if outcome == "saved" else merge_tags(base_tags, tags, theirs_tags)
                if wanted != theirs_tags:
                    row.tags, created = find_tags(session, wanted)
            if note is not None:
                if outcome == "saved":
                    row.note = note
                else:
                    base = record.note if record is not None else None
                    merged = merge_texts(base, note, row.note) if base is not None else None
                    if merged is None and note == row.note:
                        merged = note
                    if merged is not None:
                        row.note = merged
                    else:
                        outcome = "conflict"
                        conflict = NoteConflictRow(
                            annotation_id=annotation_id,
                            base=base if base is not None else "",
                            mine=note,
                            theirs=row.note,
                            author=self.author,
                            at=datetime.now(),
                        )
                        session.add(conflict)
            self._touch(row)
            session.flush()
            saved = Saved(
                info_of(session, row),
                outcome,
                conflict_of(conflict) if conflict is not None else None,
                by if outcome != "saved" else None,
            )
            change = Change(
                "annotation_changed", (annotation_id,), tags_added=row_ids(created), note_only=tags is None
            )
            return saved, change

        return self._write(operation)

    def _restore(
        self,
        session: Session,
        annotation_id: int,
        record: AnnotationInfo | None,
        tags: list[str] | None,
        note: str | None,
    ) -> tuple[Saved, Change]:
        """The annotation was deleted while the user edited it: put it back as ``record`` with the user's
        tags and note, on the sources still in the library."""
        if record is None:
            raise StoreError(
                f"there is no annotation {annotation_id} (was it deleted?); your note was not saved"
            )
        targets = [t for t in record.targets if session.get(SourceRow, t.source_id) is not None]
        if not targets:
            raise StoreError(
                "the annotation was deleted with its sources while you edited it; your note was not saved"
            )
        taken = record.uid is not None and session.scalar(
            select(AnnotationRow.id).where(AnnotationRow.uid == record.uid)
        )
        tag_rows, created = find_tags(session, tags if tags is not None else record.tags)
        row = AnnotationRow(
            id=annotation_id,
            note=note if note is not None else record.note,
            created_at=record.created_at,
            modified_at=datetime.now(),
            tags=tag_rows,
            uid=record.uid if record.uid and not taken else str(uuid.uuid4()),
            version=_past_versions(session, annotation_id, record.version),  # _touch goes past them
            created_by=record.created_by,
            modified_by=self.author,
        )
        for t in targets:
            row.targets.append(
                target_row(t.source_id, selector_of(t), t.status, t.previous_exact, t.evidence)
            )
        self._touch(row)
        session.add(row)
        session.flush()
        saved = Saved(info_of(session, row), "restored", by=_deleted_by(session, annotation_id))
        return saved, Change("annotation_added", (annotation_id,), tags_added=row_ids(created))

    def update_versioned(
        self,
        annotation_id: int,
        tags: list[str] | None,
        note: str | None,
        based_on: AnnotationInfo | int,
    ) -> AnnotationInfo:
        """``save_annotation``, told as ``update_annotation`` tells: the annotation as saved (merged too),
        or ConflictError (after the write committed) for a kept conflict or a restored annotation."""
        saved = self.save_annotation(annotation_id, tags, note, based_on)
        if saved.outcome in ("conflict", "restored"):
            raise ConflictError(saved)
        return saved.annotation

    # -- the conflicts kept --------------------------------------------------------------------------------
    def note_conflicts(self, annotation_id: int | None = None, open_only: bool = True) -> list[NoteConflict]:
        """The note conflicts kept (of one annotation, or all), oldest first; those not yet resolved unless
        ``open_only`` is False."""
        statement = select(NoteConflictRow).order_by(NoteConflictRow.id)
        if annotation_id is not None:
            statement = statement.where(NoteConflictRow.annotation_id == annotation_id)
        if open_only:
            statement = statement.where(NoteConflictRow.resolved_at.is_(None))
        return self._read(lambda s: [conflict_of(row) for row in s.scalars(statement)])

    def conflicted(self) -> set[int]:
        """The annotations with a note conflict not yet resolved."""
        statement = select(NoteConflictRow.annotation_id).where(NoteConflictRow.resolved_at.is_(None))
        return self._read(lambda s: set(s.scalars(statement)))

    def resolve_conflict(self, conflict_id: int, chosen: str) -> Saved:
        """Settle a conflict with the note the user chose (one of the texts, or a combination). If the note
        changed again since the conflict was kept, the choice is merged with that change, or kept as a new
        conflict: a choice never silently replaces a colleague's later edit."""
        check_note(chosen)

        def operation(session: Session) -> tuple[Saved, Change]:
            kept = session.get(NoteConflictRow, conflict_id)
            if kept is None:
                raise StoreError(f"there is no note conflict {conflict_id} (was its annotation deleted?)")
            if kept.resolved_at is not None:
                raise StoreError("this conflict was resolved already; the note shows the choice made")
            _claim(session, kept.annotation_id)
            row = session.get(AnnotationRow, kept.annotation_id)
            assert row is not None  # the conflict's foreign key cascades
            now = datetime.now()
            kept.resolved_at = now
            outcome: Outcome = "saved"
            by: str | None = None
            fresh: NoteConflictRow | None = None
            if row.note == kept.theirs:
                row.note = chosen
            else:
                by = row.modified_by
                merged = merge_texts(kept.theirs, chosen, row.note)
                if merged is not None:
                    outcome, row.note = "merged", merged
                else:
                    outcome = "conflict"
                    fresh = NoteConflictRow(
                        annotation_id=row.id,
                        base=kept.theirs,
                        mine=chosen,
                        theirs=row.note,
                        author=self.author,
                        at=now,
                    )
                    session.add(fresh)
            self._touch(row)
            session.flush()
            saved = Saved(info_of(session, row), outcome, conflict_of(fresh) if fresh else None, by)
            return saved, Change("annotation_changed", (row.id,), note_only=True)

        return self._write(operation)


def _claim(session: Session, annotation_id: int) -> bool:
    """Take the annotation for this transaction (see the module's docstring); False when it is gone."""
    claimed = session.execute(
        update(AnnotationRow)
        .where(AnnotationRow.id == annotation_id)
        .values(version=AnnotationRow.version)
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult[object], claimed).rowcount == 1


def _past_versions(session: Session, annotation_id: int, known: int) -> int:
    """At least the last version the deleted annotation had: every version after the first was a change
    in the change log. A client still holding the deleted one's version then saves on an older one."""
    changes = session.scalar(
        select(func.count()).select_from(ChangeLogRow).where(ChangeLogRow.ids == json.dumps([annotation_id]))
    )
    return max(known, 1 + (changes or 0))


def _deleted_by(session: Session, annotation_id: int) -> str | None:
    """Who deleted the annotation last, from the change log."""
    return session.scalar(
        select(ChangeLogRow.author)
        .where(ChangeLogRow.kind == "annotation_deleted", ChangeLogRow.ids == json.dumps([annotation_id]))
        .order_by(ChangeLogRow.seq.desc())
        .limit(1)
    )
