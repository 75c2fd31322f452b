"""The library's one write path: every write is one transaction, committed at once (there is no Save),
retried while another program holds the lock, and announced to the subscribers with a typed ``Change``;
reads run in a session of their own and return plain frozen records. ``Library`` (``reader.store.library``)
builds on it."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from reader.core.text.display import printable
from reader.store import db
from reader.store.db import OpenReport, StoreError, describe
from reader.store.records import Change

T = TypeVar("T")


class Store:
    """A library's engine, its subscribers and its write path (``_write``); ``Library`` adds the records."""

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
