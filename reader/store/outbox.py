"""Changes that wait on this machine while a shared library's server is away, and sending them when it is back.

A server can go away under an open window: stopped, the network cut, the user's login revoked. What the user
typed is never lost then: each annotation write becomes an *op* (data, not a closure) in a small SQLite file
beside the library's other local files (``Address.local_stem()`` + ``.outbox.sqlite3``; WAL,
``synchronous=FULL``), committed before the window says "saved (waiting)". Once the server answers again the
ops are sent in the order they were made, each exactly once, and an op leaves the file only after the server
committed it:

- add: the annotation's client-made ``uid``; each target as the source's path, the sha256 of the text it was
  made on, the span and its exact quote (with some context), so it lands on the server's copy even if that
  text changed meanwhile (re-anchored like any annotation). Adding a uid the server has adds nothing.
- update: by uid, the tags and/or the note, and the version the edit was based on.
- delete: by uid; one the server no longer has is done.
- tag: by name; a tag the server has is done.

Exactly once: every op has its own id. Before an update is sent it is marked with this Reader's client id
and the server's newest change log number; if Reader stops between the server's commit and the op's
removal, the next replay finds the op's own row in the change log (same client, later number, same kind and
annotation) and only removes it, so it never writes over a colleague's later change a second time. No
server table is needed.
Adds, deletes and tags are idempotent by themselves; the log check matters for updates (see
``reader.store.offline``, which sends them and is what the window uses: the library's annotation writes,
which go to the outbox when the server is out of reach). No Qt here.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from reader.core.text.display import one_line, printable
from reader.store.db import StoreError

OpKind = Literal["add", "update", "delete", "tag"]
OUTBOX_SUFFIX = ".outbox.sqlite3"

# -- is the server away? ---------------------------------------------------------------------------------
_REVOKED = (
    "password authentication failed",
    "not permitted to log in",
    "no password supplied",
    "permission denied for database",
    "pg_hba.conf rejects",
)
_UNREACHABLE = (
    "connection refused",
    "no such file or directory",
    "could not connect",
    "server closed the connection",
    "terminating connection",
    "timeout expired",
    "the database system is",
    "consuming input failed",
    "connection is closed",
    "connection has been closed",
    "could not translate host name",
    "network is unreachable",
    "no route to host",
    "connection reset",
    "broken pipe",
    "could not receive data",
    "could not send data",
    "connection to server",
    "connection is lost",
    "connection was lost",
)


class ServerAway(StoreError):
    """The library's server cannot be reached now (``revoked``: it no longer lets this user in). What was
    being written was not saved on the server; ``OfflineWrites`` keeps it in the outbox instead."""

    def __init__(self, message: str, revoked: bool = False) -> None:
        super().__init__(message)
        self.revoked = revoked


def away(error: BaseException) -> Literal["unreachable", "revoked"] | None:
    """Whether a database error means the server is away (stopped, cut off, the connection killed) or no
    longer lets this user in; None for any other problem (a full disk, a constraint, a bug)."""
    original = getattr(error, "orig", None) or error
    words = str(original).lower()
    if any(sign in words for sign in _REVOKED):
        return "revoked"
    if getattr(error, "connection_invalidated", False) or any(sign in words for sign in _UNREACHABLE):
        return "unreachable"
    return None


def server_away(shown: str, error: BaseException) -> ServerAway | None:
    """The one-line ``ServerAway`` for ``error`` on the library ``shown``, or None if it is another problem."""
    why = away(error)
    if why is None:
        return None
    original = getattr(error, "orig", None) or error
    detail = one_line(str(original))[:200]
    if why == "revoked":
        return ServerAway(f"{shown}: the server no longer lets this user in ({detail})", revoked=True)
    return ServerAway(f"{shown}: the server cannot be reached ({detail})")


# -- the ops ---------------------------------------------------------------------------------------------
class Located(Protocol):
    """A library's address (``reader.address.Address``): where its local files go."""

    def local_stem(self) -> Path: ...


@dataclass(frozen=True)
class TargetData:
    """Where an annotation made offline goes: the source by path, the text it was made on (its sha256), the
    span in it and the words with some context (to find them again if the server's text is another)."""

    path: str
    sha256: str
    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Op:
    """One write waiting to be sent. ``number`` orders them; ``op_id`` names this one write for good."""

    kind: OpKind
    data: dict[str, Any]
    uid: str | None = None
    op_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    number: int = 0
    made_at: str = ""
    author: str | None = None
    sending: tuple[str, int] | None = None  # (client, change log number) when it was last sent
    refused: str | None = None  # why the server refused it (kept, not sent again)

    @property
    def targets(self) -> list[TargetData]:
        return [TargetData(**t) for t in self.data.get("targets", [])]


class Outbox:
    """The durable queue of ops of one library on this machine (see the module's docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS ops (number INTEGER PRIMARY KEY AUTOINCREMENT, "
                "op_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, uid TEXT, data TEXT NOT NULL, "
                "made_at TEXT NOT NULL, author TEXT, sending_client TEXT, sending_after INTEGER, "
                "refused TEXT)"
            )

    @classmethod
    def of(cls, address: Located) -> Outbox:
        return cls(outbox_path(address))

    @contextlib.contextmanager
    def _connect(self, synchronous: str = "FULL") -> Iterator[sqlite3.Connection]:
        """One transaction on the outbox's connection (kept open: closing the last connection of a WAL
        file checkpoints it, a sync each time), committed on leaving with ``synchronous`` (FULL: synced)."""
        with self._lock:
            try:
                if self._connection is None:
                    self._connection = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
                connection = self._connection
                connection.execute(f"PRAGMA synchronous={synchronous}")
                with connection:
                    yield connection
            except sqlite3.Error as error:
                raise StoreError(f"{printable(str(self.path))}: cannot keep changes here ({error})") from None

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def add(self, op: Op) -> Op:
        """Keep ``op``, durably (committed with a full sync) before this returns."""
        made = op.made_at or datetime.now().isoformat(timespec="seconds")
        with self._connect() as connection:
            cursor = connection.execute(
                "INSERT INTO ops (op_id, kind, uid, data, made_at, author) VALUES (?, ?, ?, ?, ?, ?)",
                (op.op_id, op.kind, op.uid, json.dumps(op.data, ensure_ascii=False), made, op.author),
            )
            number = cursor.lastrowid or 0
        return replace(op, number=number, made_at=made)

    def ops(self, refused: bool = False) -> list[Op]:
        """The waiting ops in the order they were made (with ``refused``: those the server refused)."""
        where = "refused IS NOT NULL" if refused else "refused IS NULL"
        with self._connect() as connection:
            rows = connection.execute(
                "SELECT number, op_id, kind, uid, data, made_at, author, sending_client, sending_after, "
                f"refused FROM ops WHERE {where} ORDER BY number"
            ).fetchall()
        return [
            Op(
                kind=row[2],
                data=json.loads(row[4]),
                uid=row[3],
                op_id=row[1],
                number=row[0],
                made_at=row[5],
                author=row[6],
                sending=(row[7], row[8]) if row[7] is not None else None,
                refused=row[9],
            )
            for row in rows
        ]

    def count(self) -> int:
        with self._connect() as connection:
            return int(connection.execute("SELECT count(*) FROM ops WHERE refused IS NULL").fetchone()[0])

    def sending(self, op: Op, client: str, after: int) -> None:
        with self._connect() as connection:
            connection.execute(
                "UPDATE ops SET sending_client = ?, sending_after = ? WHERE op_id = ?",
                (client, after, op.op_id),
            )

    def remove(self, op: Op) -> None:
        """Forget an op the server committed. Not synced at once: a removal lost to a power cut only sends
        the op again, which adds nothing (adds by uid, deletes of what is gone, updates the log knows)."""
        with self._connect(synchronous="NORMAL") as connection:
            connection.execute("DELETE FROM ops WHERE op_id = ?", (op.op_id,))

    def refuse(self, op: Op, why: str) -> None:
        with self._connect() as connection:
            connection.execute("UPDATE ops SET refused = ? WHERE op_id = ?", (why, op.op_id))


def outbox_path(address: Located) -> Path:
    stem = address.local_stem()
    return stem.with_name(stem.name + OUTBOX_SUFFIX)
