"""Groups of a shared library, enforced by the PostgreSQL server itself (row-level security).

A newsroom's library can have groups (the politics desk, an investigation): the sources and annotations
of a group are read and changed by its members alone, also by a member who connects to the server with
psql or a script instead of Reader. So the server enforces it, not Reader:

- Everyone connects with a database role of their own (a LOGIN role; ``postgresql://ana@host/newsroom``).
- Each group is a PostgreSQL role of its own that cannot log in (NOLOGIN), named after the library and
  the group (``groups.role``, e.g. ``reader_newsroom_politics``). Being a member of a group is that role
  GRANTed to the member's own role; leaving it is the REVOKE. ``reader library group add/remove`` does it,
  run by an administrator (a role with CREATEROLE, or the library's owner). It takes effect with the
  member's next transaction: the policies ask the server's catalogue, nothing is cached.
- ``sources.group_id`` and ``annotations.group_id`` name a row's group (None: everyone in the library).
  Migration 0011 turns on row-level security (ENABLE and FORCE) on every table that holds something of a
  group, with one policy each, for reading (USING) and writing (WITH CHECK) alike: a row is visible when it
  is library-wide or its group's role is one the connected role is a member of (``pg_has_role``). The
  tables beneath follow their parent through a sub-query the parent's own policy filters: an earlier
  version of a source (source_revisions) and a verdict on a link (link_verdicts, both ends) follow their
  sources; a target follows its annotation and its source; an annotation's tags (annotation_tags) and a
  kept note conflict (note_conflicts) follow their annotation; a comparison's members follow their
  sources. So a member of another group gets no row back from SELECT, changes none with UPDATE or
  DELETE, and an INSERT or UPDATE that would put a row into a group the writer is not in is refused.
- The change log (``change_log.group_id``) is filtered the same way: a member does not even learn the ids
  of another group's rows from it. A change is filed under the group of the rows it names
  (``GroupStore._change_group``); moving a row to another group is filed under both.
- Full-text search runs over the same tables with the same session, so its results obey the same
  policies: nothing is written twice.
- Nobody is exempt but those PostgreSQL itself exempts: FORCE ROW LEVEL SECURITY puts the tables' owner
  under the policies too, so the role that created the library sees a group's rows only as a member
  (policies that admitted the owner cost every member's query a look-up of the owner, and made the
  owner's everyday window show every group at once). What must see every row (a ``pg_dump`` backup, a
  copy of the whole library, a schema upgrade that changes rows) runs as a superuser or a BYPASSRLS role;
  an upgrade run by any other role is made to fail rather than skip rows it cannot see
  (``row_security = off`` in ``reader.store.db.migrate``). A member's ``reader library copy`` copies
  what the member sees.
- Tags, comparisons and snapshots are library-wide: a tag name, a comparison's name and key (its files'
  paths) and a fetched page are seen by everyone (docs/shared-library.md says so).

On SQLite there is one user and no groups: ``groups()`` is empty and the commands say so in one line.
New sources and annotations go into the user's current group (``Library.use_group``; None, the default,
is library-wide).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from reader.core.text.display import printable
from reader.store.db import StoreError, describe
from reader.store.models import (
    AnnotationRow,
    NoteConflictRow,
    SourceRow,
    TargetRow,
    VerdictRow,
)
from reader.store.records import Change
from reader.store.transactions import Store

ROLE_MAX = 63  # PostgreSQL's longest identifier, in bytes
NO_GROUPS = (
    "a library file has one user and no groups; groups need a shared library on a PostgreSQL server "
    "(postgresql://…)"
)
_TOUCHED = "reader_groups_touched"  # session.info: the groups of the rows a write touched
_DELETED = "reader_groups_deleted"  # session.info: (table, id) -> group of the rows it deleted


@dataclass(frozen=True)
class GroupInfo:
    id: int
    name: str
    role: str  # the server role whose members are the group's members
    members: tuple[str, ...]  # their own roles
    mine: bool  # is the connected role a member


def quoted(name: str) -> str:
    """``name`` as a PostgreSQL identifier (roles are identifiers, never bound parameters)."""
    return '"' + name.replace('"', '""') + '"'


def role_name(database: str, group: str) -> str:
    """The server role of ``group`` in the library ``database``: roles are shared by every database of
    a server, so the library's name is part of it."""
    slug = re.sub(r"[^a-z0-9]+", "_", f"reader_{database}_{group}".lower()).strip("_")
    plain = re.sub(r"[^a-z0-9]+", "_", group.lower()).strip("_")
    if len(slug) <= ROLE_MAX and plain and plain.replace("_", " ") == " ".join(group.lower().split()):
        return slug
    # Letters beyond ASCII, punctuation or a long name: a short fingerprint keeps two such groups apart.
    fingerprint = hashlib.sha256(f"{database}\n{group}".encode()).hexdigest()[:8]
    return f"{slug[: ROLE_MAX - 9]}_{fingerprint}"


def group_name(name: str) -> str:
    name = name.strip()
    if not name or not name.isprintable() or "\x00" in name:
        raise StoreError(f"“{printable(name)}” is not a group name: give one line of visible text")
    if len(name) > 64:
        raise StoreError("a group name has at most 64 characters")
    return name


class GroupStore(Store):
    """The groups of a shared library and the user's current one (``Library`` builds on it)."""

    group: str | None = None
    """The group new sources and annotations go into (None: library-wide)."""
    _group_id: int | None = None

    def groups(self) -> list[GroupInfo]:
        """The library's groups with their members (none on SQLite)."""
        if not self.is_server:
            return []

        def query(session: Session) -> list[GroupInfo]:
            rows = session.execute(
                text(
                    "SELECT g.id, g.name, g.role, "
                    "coalesce(array_agg(m.rolname ORDER BY m.rolname) FILTER (WHERE m.rolname IS NOT NULL), "
                    "'{}'), coalesce(bool_or(pg_has_role(current_user, r.oid, 'MEMBER')), false) "
                    "FROM groups g LEFT JOIN pg_roles r ON r.rolname = g.role "
                    "LEFT JOIN pg_auth_members a ON a.roleid = r.oid "
                    "LEFT JOIN pg_roles m ON m.oid = a.member "
                    "GROUP BY g.id, g.name, g.role ORDER BY g.name"
                )
            ).all()
            return [GroupInfo(row[0], row[1], row[2], tuple(row[3]), bool(row[4])) for row in rows]

        return self._read(query)

    def use_group(self, name: str | None) -> None:
        """Put new sources and annotations into the group ``name`` (None: library-wide); the user must
        be a member of it."""
        if name is None:
            self.group, self._group_id = None, None
            return
        if not self.is_server:
            raise StoreError(f"{self.shown}: {NO_GROUPS}")
        found = self._group(name)
        if not found.mine:
            raise StoreError(f"{self.shown}: you are not a member of the group “{printable(name)}”")
        self.group, self._group_id = found.name, found.id

    def _group(self, name: str) -> GroupInfo:
        for found in self.groups():
            if found.name == name:
                return found
        raise StoreError(f"{self.shown}: there is no group “{printable(name)}” in this library")

    def set_group(
        self, group: str | None, *, source_id: int | None = None, annotation_id: int | None = None
    ) -> None:
        """Move a source (with the annotations that lie in it alone) or an annotation into ``group``
        (None: library-wide). Its members alone see it from then on; the user must be one of them."""
        if (source_id is None) == (annotation_id is None):
            raise ValueError("give a source_id or an annotation_id")
        if group is not None and not self.is_server:
            raise StoreError(f"{self.shown}: {NO_GROUPS}")
        target_id: int | None = None
        if group is not None:
            found = self._group(group)
            if not found.mine:
                raise StoreError(f"{self.shown}: you are not a member of the group “{printable(group)}”")
            target_id = found.id

        def operation(session: Session) -> tuple[None, Change]:
            if source_id is not None:
                source = session.get(SourceRow, source_id)
                if source is None:
                    raise StoreError(f"there is no source {source_id} in the library")
                before = source.group_id
                source.group_id = target_id
                alone = select(AnnotationRow).where(
                    AnnotationRow.targets.any(TargetRow.source_id == source_id),
                    ~AnnotationRow.targets.any(TargetRow.source_id != source_id),
                )
                for row in session.scalars(alone):
                    row.group_id = target_id
                    _touch(row, self.author)
                change = Change("source_changed", (source_id,))
            else:
                assert annotation_id is not None
                annotation = session.get(AnnotationRow, annotation_id)
                if annotation is None:
                    raise StoreError(f"there is no annotation {annotation_id}")
                before = annotation.group_id
                annotation.group_id = target_id
                _touch(annotation, self.author)
                change = Change("annotation_changed", (annotation_id,))
            if before != target_id and self.is_server:
                # Those who saw it where it was learn that it changed (it is gone for them); the new
                # group's members learn it from the change itself, filed under the new group.
                self._log_row(session, change, before)
            session.flush()
            return None, change

        self._write(operation)

    # -- the change log's group ----------------------------------------------------------------------------
    def _change_group(self, session: Session, change: Change) -> int | None:
        """The group whose members alone may read ``change`` in the log: that of the rows it names (a
        deleted row's as it was). Several groups: the first (only members of all of them could make
        it); a library-wide row among grouped ones does not make the change library-wide, which would
        tell everyone the grouped rows' ids."""
        if not self.is_server:
            return None
        session.flush()  # pending deletes pass through ``_track`` and leave their groups behind
        deleted: dict[tuple[str, int], int | None] = session.info.get(_DELETED, {})
        table = change.kind.split("_")[0]
        groups: set[int | None] = set()
        with session.no_autoflush:
            if table in ("annotation", "source"):
                model = AnnotationRow if table == "annotation" else SourceRow
                for row_id in change.ids:
                    key = (model.__tablename__, row_id)
                    if key in deleted:
                        groups.add(deleted[key])
                    else:
                        groups.add(session.scalar(select(model.group_id).where(model.id == row_id)))
            elif table == "verdict":
                for row_id in change.ids:
                    key = (VerdictRow.__tablename__, row_id)
                    verdict = session.get(VerdictRow, row_id)
                    groups.add(deleted.get(key) if verdict is None else _verdict_group(session, verdict))
            else:
                groups.update(session.info.get(_TOUCHED, set()))
        named = sorted(group for group in groups if group is not None)
        return named[0] if named else None


def _touch(row: AnnotationRow, author: str) -> None:
    """As ``AnnotationStore._touch``: a moved annotation is a changed one (a new version)."""
    row.modified_at = datetime.now()
    row.modified_by = author
    row.version = (row.version or 1) + 1


def _source_group(session: Session, source_id: int | None) -> int | None:
    return _group_by_id(session, SourceRow, source_id)


def _annotation_group(session: Session, annotation_id: int | None) -> int | None:
    return _group_by_id(session, AnnotationRow, annotation_id)


def _group_by_id(session: Session, model: type[SourceRow | AnnotationRow], row_id: int | None) -> int | None:
    """The group of a source or annotation, asked once per write (a re-read source touches the targets
    of many annotations, several of the same)."""
    if row_id is None:
        return None
    known: dict[tuple[str, int], int | None] = session.info.setdefault("reader_group_of", {})
    key = (model.__tablename__, row_id)
    if key not in known:
        known[key] = session.scalar(select(model.group_id).where(model.id == row_id))
    return known[key]


def _verdict_group(session: Session, row: VerdictRow) -> int | None:
    ends = [_source_group(session, row.a_source_id), _source_group(session, row.b_source_id)]
    named = sorted(group for group in ends if group is not None)
    return named[0] if named else None


def _group_of(session: Session, row: object) -> int | None:
    if isinstance(row, AnnotationRow | SourceRow):
        return row.group_id
    if isinstance(row, TargetRow | NoteConflictRow):
        return _annotation_group(session, row.annotation_id)
    if isinstance(row, VerdictRow):
        return _verdict_group(session, row)
    return None


@event.listens_for(Session, "before_flush")
def _track(session: Session, _context: Any, _instances: Iterable[object] | None) -> None:
    """In a write of a shared library: a new source or annotation goes into the writer's current group
    (a row put back with its id, by undo, keeps the group it had), and the groups of the rows the write
    touches are noted for its change log entry."""
    store = session.info.get("reader_store")
    if not isinstance(store, GroupStore) or not store.is_server:
        return
    touched: set[int | None] = session.info.setdefault(_TOUCHED, set())
    deleted: dict[tuple[str, int], int | None] = session.info.setdefault(_DELETED, {})
    with session.no_autoflush:
        for row in session.new:
            if not isinstance(row, AnnotationRow | SourceRow):
                continue
            given: int | None = row.__dict__.get("id")  # None until the flush gives it one
            if given is None and row.group_id is None:
                row.group_id = store._group_id
        for row in (*session.new, *session.dirty, *session.deleted):
            touched.add(_group_of(session, row))
        for row in session.deleted:
            if isinstance(row, AnnotationRow | SourceRow | VerdictRow) and row.id is not None:
                deleted[(type(row).__tablename__, row.id)] = _group_of(session, row)


# -- administration: groups and their members (an administrator's role) -----------------------------------
def _admin(store: Store, doing: str, statements: Iterable[tuple[str, dict[str, object]]]) -> None:
    """Run ``statements`` in one transaction as the connected role; a missing privilege is one line."""
    if not store.is_server:
        raise StoreError(f"{store.shown}: {NO_GROUPS}")

    def operation(session: Session) -> tuple[None, None]:
        for statement, values in statements:
            try:
                session.execute(text(statement), values)
            except DBAPIError as error:
                code = getattr(error.orig, "sqlstate", None)
                if code == "42501":  # insufficient_privilege
                    raise StoreError(
                        f"{store.shown}: {doing} needs an administrator (a role with CREATEROLE, or the "
                        f"library's owner); the server said: {describe(error)}"
                    ) from None
                raise StoreError(f"{store.shown}: {doing} failed ({describe(error)})") from None
        return None, None

    store._write(operation)


def _role_exists(store: Store, role: str) -> bool:
    found = store._read(lambda s: s.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}))
    return found is not None


def create_group(store: GroupStore, name: str) -> GroupInfo:
    """A new group and its (NOLOGIN) server role; nobody is a member yet."""
    if not store.is_server:
        raise StoreError(f"{store.shown}: {NO_GROUPS}")
    from reader.store.server import database_name

    name = group_name(name)
    if any(group.name == name for group in store.groups()):
        raise StoreError(f"{store.shown}: there is a group “{printable(name)}” already")
    role = role_name(database_name(store.address), name)
    if _role_exists(store, role):
        raise StoreError(f"{store.shown}: the server has a role “{role}” already; choose another group name")
    _admin(
        store,
        f"creating the group “{printable(name)}”",
        [
            (f"CREATE ROLE {quoted(role)} NOLOGIN", {}),
            (
                "INSERT INTO groups (name, role, created_at) VALUES (:name, :role, :at)",
                {"name": name, "role": role, "at": datetime.now()},
            ),
        ],
    )
    return store._group(name)


def add_member(store: GroupStore, name: str, member: str) -> GroupInfo:
    """Make the server role ``member`` a member of the group ``name``."""
    if not store.is_server:
        raise StoreError(f"{store.shown}: {NO_GROUPS}")
    group = store._group(name)
    if not _role_exists(store, member):
        raise StoreError(f"{store.shown}: the server has no role “{printable(member)}”")
    if member in group.members:
        raise StoreError(f"{store.shown}: {printable(member)} is a member of “{printable(name)}” already")
    _admin(
        store,
        f"adding a member to “{printable(name)}”",
        [(f"GRANT {quoted(group.role)} TO {quoted(member)}", {})],
    )
    return store._group(name)


def remove_member(store: GroupStore, name: str, member: str) -> GroupInfo:
    """``member`` leaves the group ``name``: from their next transaction on they see none of its rows."""
    if not store.is_server:
        raise StoreError(f"{store.shown}: {NO_GROUPS}")
    group = store._group(name)
    if member not in group.members:
        raise StoreError(f"{store.shown}: {printable(member)} is not a member of “{printable(name)}”")
    _admin(
        store,
        f"removing a member from “{printable(name)}”",
        [(f"REVOKE {quoted(group.role)} FROM {quoted(member)}", {})],
    )
    return store._group(name)
