"""The library's one write path: every write is one transaction, committed at once (there is no Save),
retried while another program holds the lock, and announced to the subscribers with a typed ``Change``;
reads run in a session of their own and return plain frozen records. ``Library`` (``reader.store.library``)
builds on it."""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from typing import TypeVar, cast

from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from reader.address import Address
from reader.store import db
from reader.store.db import OpenReport, StoreError, describe
from reader.store.models import ChangeLogRow
from reader.store.outbox import server_away
from reader.store.records import Change, ChangeKind

T = TypeVar("T")

CHANNEL = "reader_changes"
"""The PostgreSQL notification channel that wakes open windows (the payload is a change log number)."""
CHANGE_LOG_LOCK = 3501
"""The advisory lock that keeps the change log's numbers in commit order on a server."""


def default_author() -> str:
    """Who is writing, until the user sets a display name: ``READER_AUTHOR``, else the system user."""
    named = os.environ.get("READER_AUTHOR", "").strip()
    if named:
        return named
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment (a container without passwd entry)
        return "unknown"


class Store:
    """A library's engine, its subscribers and its write path (``_write``); ``Library`` adds the records."""

    def __init__(self, engine: Engine, report: OpenReport, address: Address | None = None) -> None:
        self.engine = engine
        self.report = report
        self.path = report.path  # the file, or for a server a local stem for caches (``Address.local_stem``)
        self.address = address if address is not None else Address(path=report.path)
        self.author = default_author()  # the window sets the display name the user chose
        self.client = str(uuid.uuid4())  # this Reader, in the change log (it skips its own changes)
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

    @property
    def shown(self) -> str:
        """The library for messages: its file, or its server address without the password."""
        return self.report.shown

    @property
    def is_server(self) -> bool:
        return self.address.is_server

    @property
    def read_only(self) -> bool:
        return self.report.read_only is not None

    def close(self) -> None:
        self.engine.dispose()

    def retire(self, why: str) -> None:
        """The file was replaced under this library (a backup restored): its connections close, and every
        later write is refused with ``why`` (ids held by views would name other rows now)."""
        self.report = replace(self.report, read_only=why)
        self.engine.dispose()

    def subscribe(self, listener: Callable[[Change], None]) -> None:
        self._listeners.append(listener)

    # -- the one write path --------------------------------------------------------------------------------
    def _write(self, operation: Callable[[Session], tuple[T, Change | None]]) -> T:
        """Run ``operation`` in one transaction and commit it. A library locked by another program is retried
        with growing pauses for ``db.LOCK_PATIENCE_S`` seconds before the user is told; a failed write
        changes nothing (the transaction is rolled back) and raises StoreError with one line."""
        shown = self.report.shown
        if self.report.read_only is not None:
            raise StoreError(
                f"{shown}: the library is read-only ({self.report.read_only}); the change was not saved"
            )
        deadline = time.monotonic() + db.LOCK_PATIENCE_S
        pause = 0.05
        while True:
            try:
                info = {"reader_store": self}  # for the groups' flush hook (reader/store/groups.py)
                with Session(self.engine, expire_on_commit=False, info=info) as session, session.begin():
                    result, change = operation(session)
                    if change is not None:
                        change = self._log(session, change)
            except OperationalError as error:
                if self.is_server and (gone := server_away(shown, error)) is not None:
                    raise gone from None  # the outbox keeps it (reader/store/offline.py)
                problem = describe(error)
                busy = db.is_busy(problem)
                if busy and time.monotonic() + pause < deadline:
                    time.sleep(pause)
                    pause = min(pause * 2, 1.0)
                    continue
                raise StoreError(_write_problem(shown, problem, busy)) from None
            except SQLAlchemyError as error:
                if self.is_server and (gone := server_away(shown, error)) is not None:
                    raise gone from None  # a connection closed under the write (InterfaceError)
                raise StoreError(f"{shown}: the change could not be saved ({describe(error)})") from None
            else:
                if change is not None:
                    announced = replace(change, initiator=getattr(self._local, "initiator", None))
                    for listener in list(self._listeners):
                        listener(announced)
                return result

    def _log(self, session: Session, change: Change) -> Change:
        """Add ``change`` to the change log in the write's own transaction. On a server the log's numbers
        must follow the commit order (a sequence alone does not: a transaction that took number 7 may
        commit after the one that took 8, and a client that read 8 would never see 7), so the insert waits
        for the other writers' commits under a transaction-level advisory lock; NOTIFY, sent at commit,
        only wakes the other clients and carries the number alone (its payload is visible to every user)."""
        row = self._log_row(session, change, self._change_group(session, change))
        if session.get_bind().dialect.name == "postgresql":
            session.execute(
                text("SELECT pg_notify(:channel, :seq)"), {"channel": CHANNEL, "seq": str(row.seq)}
            )
        return replace(change, author=self.author, seq=row.seq)

    def _change_group(self, session: Session, change: Change) -> int | None:
        """The group whose members alone may read ``change`` in the log (None: everyone); see
        ``reader.store.groups.GroupStore``."""
        return None

    def _log_row(self, session: Session, change: Change, group_id: int | None) -> ChangeLogRow:
        """A row of the change log for ``change``, filed under ``group_id``, numbered (flushed) in commit
        order: on a server after the other writers' commits, under the change log's advisory lock."""
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text(f"SELECT pg_advisory_xact_lock({CHANGE_LOG_LOCK})"))
        row = ChangeLogRow(
            at=datetime.now(),
            author=self.author,
            client=self.client,
            kind=change.kind,
            ids=json.dumps(list(change.ids)),
            group_id=group_id,
        )
        session.add(row)
        session.flush()
        return row

    def last_seq(self) -> int:
        """The newest number in the change log (0 for none)."""
        return self._read(lambda s: s.scalar(select(func.max(ChangeLogRow.seq)))) or 0

    def changes_since(self, seq: int, limit: int = 10_000) -> list[Change]:
        """The changes committed after ``seq``, oldest first; those another Reader made are ``remote``."""
        statement = select(ChangeLogRow).where(ChangeLogRow.seq > seq).order_by(ChangeLogRow.seq).limit(limit)
        rows = self._read(lambda s: s.scalars(statement).all())
        return [
            Change(
                cast(ChangeKind, row.kind),
                tuple(json.loads(row.ids)),
                author=row.author,
                seq=row.seq,
                remote=row.client != self.client,
            )
            for row in rows
        ]

    def _read(self, query: Callable[[Session], T]) -> T:
        try:
            with Session(self.engine) as session:
                return query(session)
        except DBAPIError as error:
            if self.is_server and (gone := server_away(self.report.shown, error)) is not None:
                raise gone from None
            raise


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
