"""Sending what waits in the outbox (``reader.store.outbox``), and the window's annotation writes that go
there while a shared library's server is away.

``OfflineWrites`` writes straight to the library while its server answers and nothing waits; when the server
is out of reach (or earlier changes still wait, so the order holds) the write becomes an op in the outbox,
committed before the window is told it is kept, and the window goes on with a provisional record (an add
gets a negative id until it is sent). ``replay`` sends the ops in order, each exactly once, and removes each
only after the server committed it. No Qt here.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from reader.core.anchoring.anchor import Selector, make_selector, reanchor
from reader.core.text.display import printable
from reader.store.conflicts import Saved
from reader.store.db import StoreError
from reader.store.outbox import Op, Outbox, ServerAway, TargetData, server_away
from reader.store.records import AnnotationInfo, NewTarget, TagInfo, TargetInfo, check_note, tag_name

if TYPE_CHECKING:
    from reader.store.library import Library


@dataclass(frozen=True)
class Replay:
    """What one replay did: ops ``sent`` (committed by the server now), ``landed`` (found committed by an
    earlier replay that stopped before removing them), ``refused`` (kept aside with the server's reason),
    ``waiting`` (still in the outbox, the server having gone away again: ``away`` says why)."""

    sent: int = 0
    landed: int = 0
    refused: int = 0
    waiting: int = 0
    away: ServerAway | None = None
    seconds: float = 0.0
    conflicts: int = 0  # of those sent: kept as conflicts on the server (a colleague changed the note too)


class SourceText(Protocol):
    @property
    def path(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def sha256(self) -> str: ...


@dataclass(frozen=True)
class _Known:
    path: str
    sha256: str
    text: str | None


class OfflineWrites:
    """The window's annotation writes to ``library``: straight to it while its server answers and nothing
    is waiting; into the outbox when the server is away (or while earlier changes still wait, so the order
    holds). ``replay`` sends what waits. Thread-safe: the window writes on the library's lane and replays
    beside it, one at a time (a lock)."""

    def __init__(self, library: Library, outbox: Outbox | None = None) -> None:
        self.library = library
        self.outbox = outbox if outbox is not None else Outbox.of(library.address)
        self.away: ServerAway | None = None  # why the server was out of reach at the last try
        self._cache: dict[int, AnnotationInfo] = {}  # what the window last had, by id (and provisional ids)
        self._sources: dict[int, _Known] = {}
        self._provisional = 0
        self._alias: dict[int, int] = {}  # a provisional id -> the server's id, once its add was sent
        self._announced: set[int] = set()
        self._uids: dict[str, int | None] = {}  # during a replay: the server's id of a uid (None: none)
        self._texts: dict[str, tuple[int, str, str] | None] = {}  # during a replay: sources by path
        self._lock = threading.RLock()
        self.before_removal: Callable[[Op], None] | None = None  # a test's crash point (default: none)

    # -- what the window knows ---------------------------------------------------------------------------
    @property
    def waiting(self) -> int:
        return self.outbox.count()

    def refused(self) -> list[Op]:
        return self.outbox.ops(refused=True)

    def remember(self, *infos: AnnotationInfo) -> None:
        """Annotations as the window shows them: what an offline edit of one is based on. One the window
        holds from before a waiting edit of it (an older version) does not replace what that edit made."""
        with self._lock:
            for info in infos:
                known = self._cache.get(info.id)
                if known is None or info.version >= known.version:
                    self._cache[info.id] = info

    def know_sources(self, sources: Mapping[int, SourceText]) -> None:
        """The texts on screen by library id: an annotation made offline keeps their path, sha256 and words."""
        with self._lock:
            for source_id, source in sources.items():
                self._sources[source_id] = _Known(source.path, source.sha256, source.text)

    # -- writes ------------------------------------------------------------------------------------------
    def _direct(self) -> bool:
        return not self.library.is_server or self.outbox.count() == 0

    def _try(self, write: Callable[[], Any]) -> tuple[bool, Any]:
        """Write straight to the library when it can be: (True, result), or (False, None) to queue."""
        if not self._direct():
            return False, None
        try:
            result = write()
        except ServerAway as gone:
            self.away = gone
            return False, None
        self.away = None
        if isinstance(result, AnnotationInfo):
            self.remember(result)
        return True, result

    def add_annotation(
        self, targets: Sequence[NewTarget], tags: Iterable[str] = (), note: str = "", uid: str | None = None
    ) -> AnnotationInfo:
        uid = uid or str(uuid.uuid4())
        tags = [tag_name(tag) for tag in tags]
        check_note(note)
        with self._lock:
            if self._direct():
                self._learn_sources()
            done, result = self._try(lambda: self.library.add_annotation(targets, tags, note, uid=uid))
            if done:
                return result  # type: ignore[no-any-return]
            data = [self._target_data(target) for target in targets]
            self._queue(Op("add", {"targets": [vars(t) for t in data], "tags": tags, "note": note}, uid=uid))
            self._provisional -= 1
            now = datetime.now()
            info = AnnotationInfo(
                self._provisional,
                note,
                tuple(sorted(set(tags))),
                tuple(
                    TargetInfo(t.source_id, d.path, d.start, d.end, d.exact, d.prefix, d.suffix, "anchored")
                    for t, d in zip(targets, data, strict=True)
                ),
                now,
                now,
                self.library.author,
                self.library.author,
                1,
                uid,
            )
            self._cache[info.id] = info
            return info

    def restore_annotation(self, info: AnnotationInfo) -> AnnotationInfo:
        """Undoing a delete: offline it is an add with the annotation's own uid and words."""
        with self._lock:
            done, result = self._try(lambda: self.library.restore_annotation(info))
            if done:
                return result  # type: ignore[no-any-return]
            known = {t.source_id: self._sources.get(t.source_id) for t in info.targets}
            data = [
                TargetData(
                    t.source_path,
                    known[t.source_id].sha256 if known[t.source_id] else "",  # type: ignore[union-attr]
                    t.start,
                    t.end,
                    t.exact,
                    t.prefix,
                    t.suffix,
                )
                for t in info.targets
            ]
            uid = info.uid or str(uuid.uuid4())
            self._queue(
                Op(
                    "add",
                    {"targets": [vars(t) for t in data], "tags": list(info.tags), "note": info.note},
                    uid,
                )
            )
            restored = replace(info, uid=uid, version=info.version + 1)
            self._cache[info.id] = restored
            return restored

    def update_annotation(
        self, annotation_id: int, tags: Iterable[str] | None = None, note: str | None = None
    ) -> AnnotationInfo:
        tags = None if tags is None else [tag_name(tag) for tag in tags]
        if note is not None:
            check_note(note)
        with self._lock:
            annotation_id = self._alias.get(annotation_id, annotation_id)
            done, result = self._try(lambda: self.library.update_annotation(annotation_id, tags, note))
            if done:
                return result  # type: ignore[no-any-return]
            return self._queue_update(annotation_id, tags, note, self._known(annotation_id))

    def save_annotation(
        self,
        annotation_id: int,
        tags: Iterable[str] | None,
        note: str | None,
        based_on: AnnotationInfo,
    ) -> Saved:
        """``Library.save_annotation`` (a save that lost a race is merged or kept as a conflict), or, while
        the server is away, the edit queued with the version and the texts it started from, so that its
        replay goes through the same merge."""
        tags = None if tags is None else [tag_name(tag) for tag in tags]
        if note is not None:
            check_note(note)
        with self._lock:
            annotation_id = self._alias.get(annotation_id, annotation_id)
            done, result = self._try(
                lambda: self.library.save_annotation(annotation_id, tags, note, based_on)
            )
            if done:
                return result  # type: ignore[no-any-return]
            return Saved(self._queue_update(annotation_id, tags, note, based_on), "saved")

    def _queue_update(
        self, annotation_id: int, tags: list[str] | None, note: str | None, base: AnnotationInfo
    ) -> AnnotationInfo:
        """Queue the edit of ``annotation_id``, based on ``base`` (what the edit started from); the
        annotation as the window should now show it."""
        data: dict[str, Any] = {
            "based_on": base.version,
            "base": {"note": base.note, "tags": list(base.tags)},  # what the edit started from
            "id": annotation_id,
        }
        if tags is not None:
            data["tags"] = tags
        if note is not None:
            data["note"] = note
        info = self._known(annotation_id)
        self._queue(Op("update", data, uid=info.uid))
        changed = replace(
            info,
            tags=tuple(sorted(set(tags))) if tags is not None else info.tags,
            note=note if note is not None else info.note,
            version=info.version + 1,
            modified_at=datetime.now(),
            modified_by=self.library.author,
        )
        self._cache[annotation_id] = changed
        return changed

    def delete_annotation(self, annotation_id: int) -> AnnotationInfo:
        with self._lock:
            annotation_id = self._alias.get(annotation_id, annotation_id)
            done, result = self._try(lambda: self.library.delete_annotation(annotation_id))
            if done:
                self._cache.pop(annotation_id, None)
                return result  # type: ignore[no-any-return]
            info = self._known(annotation_id)
            self._queue(Op("delete", {"id": annotation_id}, uid=info.uid))
            self._cache.pop(annotation_id, None)
            return info

    def add_tag(self, name: str, color: str) -> TagInfo:
        name = tag_name(name)
        with self._lock:
            done, result = self._try(lambda: self.library.add_tag(name, color))
            if done:
                return result  # type: ignore[no-any-return]
            self._queue(Op("tag", {"name": name, "color": color}))
            return TagInfo(0, name, color, False)

    def annotation(self, annotation_id: int) -> AnnotationInfo:
        """The annotation as saved; while the server is away (or changes to it wait), as the window last
        had it with the waiting changes applied."""
        with self._lock:
            annotation_id = self._alias.get(annotation_id, annotation_id)
            if self._direct() or annotation_id not in self._cache:
                try:
                    info = self.library.annotation(annotation_id)
                except ServerAway as gone:
                    self.away = gone
                else:
                    if self._direct():
                        self._cache[annotation_id] = info
                        return info
            return self._known(annotation_id)

    def _known(self, annotation_id: int) -> AnnotationInfo:
        info = self._cache.get(annotation_id)
        if info is None:
            why = self.away or StoreError(
                f"{self.library.shown}: the annotation is not known on this machine"
            )
            raise StoreError(f"{why}; the change could not be kept") from None
        return info

    def _queue(self, op: Op) -> None:
        self.outbox.add(replace(op, author=self.library.author))

    def _learn_sources(self) -> None:
        """The library's sources (path and sha256), read while the server answers, for adds made later
        offline on sources the window gave no text for."""
        if self._sources:
            return
        with contextlib.suppress(StoreError):
            for source in self.library.sources():
                self._sources.setdefault(source.id, _Known(source.path, source.sha256, None))

    def _target_data(self, target: NewTarget) -> TargetData:
        known = self._sources.get(target.source_id)
        if known is None:
            raise StoreError(
                f"{self.library.shown}: source {target.source_id} is not known on this machine; "
                "the annotation could not be kept"
            )
        if known.text is None:
            return TargetData(known.path, known.sha256, target.start, target.end, "")
        try:
            selector = make_selector(known.text, target.start, target.end)
        except ValueError as error:
            raise StoreError(f"{printable(known.path)}: cannot annotate there ({error})") from None
        return TargetData(
            known.path,
            known.sha256,
            target.start,
            target.end,
            selector.exact,
            selector.prefix,
            selector.suffix,
        )

    # -- sending -----------------------------------------------------------------------------------------
    def probe(self) -> bool:
        """Whether the server answers now (a cheap read)."""
        try:
            self.library.last_seq()
        except ServerAway as gone:
            self.away = gone
            return False
        except Exception as error:  # a read that failed otherwise: the server is not usable either
            found = server_away(self.library.shown, error)
            if found is None:
                raise
            self.away = found
            return False
        self.away = None
        return True

    def replay(self) -> Replay:
        """Send the waiting ops in order, each exactly once; stop at the first sign the server is away."""
        began = time.perf_counter()
        sent = landed = refused = conflicts = 0
        with self._lock:
            self._uids, self._texts = {}, {}  # what this replay learnt from the server (not kept after)
            blocked: set[str] = set()  # uids whose earlier op was refused: their later ops wait with it
            for op in self.outbox.ops():
                if op.uid is not None and op.uid in blocked:
                    self.outbox.refuse(op, "an earlier change to the same annotation could not be sent")
                    refused += 1
                    continue
                try:
                    if op.sending is not None and self._landed(op):
                        landed += 1
                    else:
                        self.send(op)
                        sent += 1
                except ServerAway as gone:
                    self.away = gone
                    return Replay(
                        sent,
                        landed,
                        refused,
                        self.outbox.count(),
                        gone,
                        time.perf_counter() - began,
                        conflicts,
                    )
                except StoreError as error:
                    if getattr(error, "saved", None) is not None:
                        # ConflictError (reader/store/conflicts.py, the conflicts work): committed, with
                        # both notes kept on the server for the user to choose; it is sent.
                        conflicts += 1
                        sent += 1
                        self.outbox.remove(op)
                        continue
                    self.outbox.refuse(op, str(error))
                    refused += 1
                    if op.uid is not None:
                        blocked.add(op.uid)
                    continue
                if self.before_removal is not None:
                    self.before_removal(op)
                self.outbox.remove(op)
            self.away = None
            return Replay(sent, landed, refused, 0, None, time.perf_counter() - began, conflicts)

    def send(self, op: Op) -> None:
        """Apply ``op`` on the server (committed there when this returns); it stays in the outbox until
        ``replay`` removes it. An update is marked as being sent first, with the change log's newest
        number (what ``_landed`` looks after); the other kinds are idempotent by themselves."""
        library = self.library
        if op.kind == "update":
            self.outbox.sending(op, library.client, library.last_seq())
        if op.kind == "add":
            targets = [self._place(t) for t in op.targets]
            info = library.add_annotation(
                targets, op.data.get("tags", []), op.data.get("note", ""), uid=op.uid
            )
            self._settled(op, info)
        elif op.kind == "update":
            annotation_id = self._server_id(op)
            if annotation_id is None:
                raise StoreError(
                    f"{library.shown}: the annotation was deleted on the server; the change is kept"
                )
            info = _send_update(library, annotation_id, op)
            self._settled(op, info)
        elif op.kind == "delete":
            annotation_id = self._server_id(op)
            if annotation_id is not None:  # gone already: done
                library.delete_annotation(annotation_id)
                if op.uid is not None:
                    self._uids[op.uid] = None
        elif op.kind == "tag":
            library.add_tag(op.data["name"], op.data["color"])
        else:
            raise StoreError(f"{printable(str(self.outbox.path))}: an unknown change “{printable(op.kind)}”")

    def sent_provisional(self) -> list[int]:
        """The provisional ids whose adds were sent since the last call (the window drops their rows: the
        library's own change brings them back under the server's ids)."""
        with self._lock:
            fresh = [key for key in self._alias if key not in self._announced]
            self._announced.update(fresh)
            return fresh

    def resolve(self, annotation_id: int) -> int:
        """The server's id of an annotation the window knows by ``annotation_id`` (provisional ids are
        negative: those of adds made offline, until they are sent)."""
        return self._alias.get(annotation_id, annotation_id)

    def _settled(self, op: Op, info: AnnotationInfo) -> None:
        """The server's record replaces what the window had for the same annotation (a provisional id
        then names the server's)."""
        for key, cached in list(self._cache.items()):
            if cached.uid == op.uid and key != info.id:
                del self._cache[key]
                if key < 0:
                    self._alias[key] = info.id
        self._cache[info.id] = info
        if op.uid is not None:
            self._uids[op.uid] = info.id

    def _server_id(self, op: Op) -> int | None:
        if op.uid is not None:
            if op.uid not in self._uids:
                self._uids[op.uid] = _id_of_uid(self.library, op.uid)
            return self._uids[op.uid]
        annotation_id = int(op.data["id"])
        return annotation_id if annotation_id > 0 and _exists(self.library, annotation_id) else None

    def _landed(self, op: Op) -> bool:
        """Whether an op marked as sent was committed by the server (Reader stopped before removing it)."""
        if op.kind == "add":
            return op.uid is not None and _id_of_uid(self.library, op.uid) is not None
        if op.kind != "update":
            return False  # deletes and tags are idempotent: sending again is safe
        annotation_id = self._server_id(op)
        if annotation_id is None or op.sending is None:
            return False
        client, after = op.sending
        return _logged(self.library, client, after, "annotation_changed", annotation_id)

    def _place(self, target: TargetData) -> NewTarget:
        """The target on the server's copy of the source: the same span on the same text, else its words
        found again in the text the server has."""
        if target.path not in self._texts:
            self._texts[target.path] = _source_text(self.library, target.path)
        found = self._texts[target.path]
        if found is None:
            raise StoreError(
                f"{printable(target.path)} is not in the library on the server; the annotation is kept"
            )
        source_id, sha256, text = found
        if sha256 == target.sha256 or not target.exact:
            return NewTarget(source_id, target.start, target.end)
        anchor = reanchor(
            Selector(target.start, target.end, target.exact, target.prefix, target.suffix), text
        )
        if not anchor.placed:
            raise StoreError(
                f"{printable(target.path)}: the annotated words are no longer in the server's text "
                f"({anchor.reason or 'changed'}); the annotation is kept"
            )
        return NewTarget(source_id, anchor.start, anchor.end)


def _send_update(library: Library, annotation_id: int, op: Op) -> AnnotationInfo:
    """The update on the server, with the record the edit started from (its version, note and tags, the
    base of the three-way merge): a save on a version that moved on is merged, or kept as a conflict and
    said with ConflictError after the commit. A server that has exactly what it writes already (an earlier
    send committed) gets nothing written."""
    tags = op.data.get("tags")
    note = op.data.get("note")
    current = _note_and_tags(library, annotation_id)
    if current is None:
        raise StoreError(f"{library.shown}: the annotation was deleted on the server; the change is kept")
    if (tags is None or sorted(set(tags)) == current[1]) and (note is None or note == current[0]):
        return library.annotation(annotation_id)  # the server has it already (an earlier send committed)
    if "based_on" in op.data:
        base = op.data.get("base") or {}
        started = datetime.fromisoformat(op.made_at) if op.made_at else datetime.now()
        record = AnnotationInfo(
            annotation_id,
            str(base.get("note", "")),
            tuple(base.get("tags", ())),
            (),
            started,
            started,
            version=int(op.data["based_on"]),
            uid=op.uid,
        )
        based_on: AnnotationInfo | int = record if "base" in op.data else int(op.data["based_on"])
        return library.update_annotation(annotation_id, tags=tags, note=note, based_on=based_on)
    return library.update_annotation(annotation_id, tags=tags, note=note)


# Reads the library has no method for; each in one short session of its own.
def _id_of_uid(library: Library, uid: str) -> int | None:
    from sqlalchemy import select

    from reader.store.models import AnnotationRow

    return library._read(lambda s: s.scalar(select(AnnotationRow.id).where(AnnotationRow.uid == uid)))


def _note_and_tags(library: Library, annotation_id: int) -> tuple[str, list[str]] | None:
    from sqlalchemy import select

    from reader.store.models import AnnotationRow, AnnotationTagRow, TagRow

    def query(session: Any) -> tuple[str, list[str]] | None:
        note = session.scalar(select(AnnotationRow.note).where(AnnotationRow.id == annotation_id))
        if note is None:
            return None
        names = session.scalars(
            select(TagRow.name)
            .join(AnnotationTagRow, AnnotationTagRow.tag_id == TagRow.id)
            .where(AnnotationTagRow.annotation_id == annotation_id)
        ).all()
        return note, sorted(names)

    return library._read(query)


def _exists(library: Library, annotation_id: int) -> bool:
    from reader.store.models import AnnotationRow

    return library._read(lambda s: s.get(AnnotationRow, annotation_id) is not None)


def _source_text(library: Library, path: str) -> tuple[int, str, str] | None:
    from sqlalchemy import select

    from reader.store.models import SourceRow

    row = library._read(
        lambda s: s.execute(
            select(SourceRow.id, SourceRow.sha256, SourceRow.text).where(SourceRow.path == path)
        ).first()
    )
    return None if row is None else (row[0], row[1], row[2])


def _logged(library: Library, client: str, after: int, kind: str, annotation_id: int) -> bool:
    from sqlalchemy import select

    from reader.store.models import ChangeLogRow

    rows = library._read(
        lambda s: s.execute(
            select(ChangeLogRow.ids).where(
                ChangeLogRow.seq > after, ChangeLogRow.client == client, ChangeLogRow.kind == kind
            )
        ).all()
    )
    return any(annotation_id in json.loads(row[0]) for row in rows)
