"""The window's one way to write to the library: off the GUI thread, one write at a time, in order.

A write can take a while: another program may hold the library (it is retried for up to
``db.LOCK_PATIENCE_S`` seconds), or the disk may be slow. Meanwhile the window keeps painting and taking
input. Each write runs on one background thread, commits there, and its result, or the one sentence of
its ``StoreError``, is handed back on the GUI thread. The store publishes the typed ``Change`` of every
write it commits, with its initiator; the views act on those.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from reader.store import Library, StoreError

log = logging.getLogger(__name__)

T = TypeVar("T")
Done = Callable[[Any, str | None], None]  # the result (None if it failed) and the problem (None if not)


class LibraryWriter(QObject):
    """Runs writes to ``library`` on one background thread, in the order they are submitted."""

    settled = Signal()  # every submitted write is done and its ``done`` called
    _finished = Signal(object, object, object)  # done, result, problem: crosses to the GUI thread

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reader-library-writes")
        self._futures: set[Future[None]] = set()
        self._lock = threading.Lock()
        self.pending = 0
        self._finished.connect(self._deliver)  # a bound method of a GUI-thread object: queued

    def submit(self, operation: Callable[[], T], done: Done | None = None, initiator: object = None) -> None:
        """Run ``operation`` (which writes with ``library``) in the background; then call ``done`` on the
        GUI thread with its result, or with None and one sentence saying why nothing was saved."""
        self.pending += 1

        def work() -> None:
            result: object = None
            problem: str | None = None
            try:
                with self.library.initiated_by(initiator):
                    result = operation()
            except StoreError as error:
                problem = str(error)
            except Exception as error:  # a bug: one sentence for the user, the details in the log
                log.exception("a write to the library failed")
                problem = f"{self.library.path}: the change could not be saved ({error})"
            self._finished.emit(done, result, problem)

        future = self._executor.submit(work)
        with self._lock:
            self._futures.add(future)
        future.add_done_callback(self._forget)

    def _forget(self, future: Future[None]) -> None:
        with self._lock:
            self._futures.discard(future)

    def _deliver(self, done: Done | None, result: object, problem: str | None) -> None:
        self.pending -= 1
        try:
            if done is not None:
                done(result, problem)
        finally:
            if self.pending == 0:
                self.settled.emit()

    @property
    def idle(self) -> bool:
        return self.pending == 0

    def wait(self, timeout_s: float) -> bool:
        """Block until the submitted writes are committed (closing the window); True if they all were.
        Their ``done`` calls are not made: the window they would update is going away."""
        with self._lock:
            futures = set(self._futures)
        return not wait_for(futures, timeout=timeout_s).not_done

    def close(self, timeout_s: float = 15.0) -> bool:
        finished = self.wait(timeout_s)
        self._executor.shutdown(wait=False, cancel_futures=False)
        return finished
