"""The one way Reader runs work off the GUI thread, in the manner of Anki's ``CollectionOp`` and ``QueryOp``.

- ``Runner.change(operation, done, initiator)``: a write to the library (Anki's CollectionOp). It goes
  through the store's write path (``Store._write``), which commits it and announces its typed ``Change``
  (with ``initiator``); views act on those.
- ``Runner.query(operation, success, failure)``: a read of the library (Anki's QueryOp).
- ``Runner.start(work, done)``: a long job of its own (reading, fetching and aligning sources), with progress
  and Cancel; starting one cancels the one running, and only the current job's result is handed back.
- ``Runner.beside(work, done)``: work on a thread of its own beside those (opening the library).

Library work runs on the library's lane: one thread per library, shared by every runner on it, so its reads
and writes run one at a time, in the order they were asked for (a read sees the writes asked before it).
Operations return results and change no object the GUI thread reads; the result, or the one line that says
why there is none (``reader.running.capture``), comes back on the GUI thread through a signal, and the
caller applies it there. Nothing here touches a widget from another thread.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from weakref import WeakKeyDictionary

from PySide6.QtCore import QObject, Signal

from reader.running import Outcome, capture

if TYPE_CHECKING:  # the store loads SQLAlchemy: the window's first paint does not wait for it
    from reader.store import Library

T = TypeVar("T")
Done = Callable[[Any, str | None], None]  # the result (None if it failed) and the problem (None if not)

_lanes: WeakKeyDictionary[Library, ThreadPoolExecutor] = WeakKeyDictionary()
_lanes_lock = threading.Lock()


def library_lane(library: Library) -> ThreadPoolExecutor:
    """The one thread that reads and writes ``library`` for every runner (made on first use)."""
    with _lanes_lock:
        lane = _lanes.get(library)
        if lane is None:
            lane = _lanes[library] = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reader-library")
        return lane


class Job(QObject, Generic[T]):
    """A job started by ``Runner.start``, on a thread of its own. The work calls ``progress`` with the
    share done (0..1), which says whether to go on (False once ``cancel`` was called)."""

    progressed = Signal(int)  # percent
    ended = Signal(object)  # its Outcome

    def __init__(self, work: Callable[[Job[T]], T], unexpected: Callable[[str], str]) -> None:
        super().__init__()
        self._work, self._unexpected = work, unexpected
        self._stop = threading.Event()
        self._finished = threading.Event()
        self.done: Callable[[T], None] | None = None

    def start(self) -> None:
        # A daemon thread: a job stuck on a socket that never answers cannot keep Reader from quitting.
        threading.Thread(target=self._run, name="reader-job", daemon=True).start()

    def _run(self) -> None:
        try:
            self.ended.emit(capture(lambda: self._work(self), self._unexpected))
        finally:
            self._finished.set()

    def progress(self, done: float) -> bool:
        self.progressed.emit(int(100 * done))
        return not self._stop.is_set()

    def cancel(self) -> None:
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def is_finished(self) -> bool:
        """Its thread has ended (its result may still be on its way to the GUI thread)."""
        return self._finished.is_set()

    def wait(self, timeout_s: float) -> bool:
        return self._finished.wait(timeout_s)


class Runner(QObject):
    """Runs the library work of ``library`` and the jobs of its owner; see the module's docstring."""

    settled = Signal()  # every library operation asked for is done and its result delivered
    failed = Signal(str)  # a problem no caller took: one line to show the user
    progressed = Signal(int)  # percent, of the current job only
    stopped = Signal()  # the current job ended (with a result or not) or was cancelled
    _delivered = Signal(object, object)  # a callback and its Outcome: crosses to the GUI thread
    _beside = Signal(object, object)  # the same, for work beside the library's lane and the jobs

    def __init__(self, library: Library | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.pending = 0
        self.job: Job[Any] | None = None
        self._jobs: set[Job[Any]] = set()
        self._futures: set[Future[None]] = set()
        self._lock = threading.Lock()
        self._delivered.connect(self._deliver)  # a bound method of a GUI-thread object: queued
        self._beside.connect(self._deliver_beside)

    # -- the library: changes and queries ------------------------------------------------------------------
    def change(
        self,
        operation: Callable[[], T],
        done: Done | None = None,
        initiator: object = None,
        unexpected: Callable[[str], str] | None = None,
    ) -> None:
        """Write with ``operation`` on the library's lane; then call ``done`` on the GUI thread with its
        result, or with None and one line saying why nothing was saved (a bug is said as
        ``unexpected(its first line)``)."""
        library = self._library()

        def write() -> T:
            with library.initiated_by(initiator):
                return operation()

        def deliver(outcome: Outcome[T]) -> None:
            if done is not None:
                done(outcome.result, outcome.problem)

        self._submit(
            write,
            deliver,
            unexpected or (lambda error: f"{library.path}: the change could not be saved ({error})"),
        )

    def query(
        self,
        operation: Callable[[], T],
        success: Callable[[T], None],
        failure: Callable[[str], None] | None = None,
    ) -> None:
        """Read with ``operation`` on the library's lane; ``success`` gets the result on the GUI thread, or
        ``failure`` (else the ``failed`` signal) one line saying why there is none."""
        library = self._library()

        def deliver(outcome: Outcome[T]) -> None:
            if outcome.problem is not None:
                (failure or self.failed.emit)(outcome.problem)
            else:
                success(outcome.result)  # type: ignore[arg-type]  # a result, since there is no problem

        self._submit(operation, deliver, lambda error: f"{library.path}: could not be read ({error})")

    def _library(self) -> Library:
        if self.library is None:
            raise RuntimeError("this runner has no library")
        return self.library

    def _submit(
        self, work: Callable[[], T], deliver: Callable[[Outcome[T]], None], unexpected: Callable[[str], str]
    ) -> None:
        self.pending += 1
        signal = self._delivered

        def run() -> None:
            outcome = capture(work, unexpected)
            with contextlib.suppress(RuntimeError):  # the runner is gone with its window: nobody to tell
                signal.emit(deliver, outcome)

        future = library_lane(self._library()).submit(run)
        with self._lock:
            self._futures.add(future)
        future.add_done_callback(self._forget)

    def _forget(self, future: Future[None]) -> None:
        with self._lock:
            self._futures.discard(future)

    def _deliver(self, deliver: Callable[[Outcome[Any]], None], outcome: Outcome[Any]) -> None:
        self.pending -= 1
        try:
            deliver(outcome)
        finally:
            if self.pending == 0:
                self.settled.emit()

    @property
    def idle(self) -> bool:
        return self.pending == 0

    def wait(self, timeout_s: float) -> bool:
        """Block until the library work asked for is done (closing the window); True if it all was. Its
        results are not delivered: the window they would update is going away."""
        with self._lock:
            futures = set(self._futures)
        return not wait_for(futures, timeout=timeout_s).not_done

    # -- work beside ---------------------------------------------------------------------------------------
    def beside(
        self, work: Callable[[], T], done: Callable[[Outcome[T]], None], unexpected: Callable[[str], str]
    ) -> None:
        """Run ``work`` on a thread of its own, neither on the library's lane nor as the current job (so
        never cancelled with it); ``done`` gets its Outcome on the GUI thread."""
        signal = self._beside

        def run() -> None:
            outcome = capture(work, unexpected)
            with contextlib.suppress(RuntimeError):  # the runner is gone with its window: nobody to tell
                signal.emit(done, outcome)

        threading.Thread(target=run, name="reader-beside", daemon=True).start()

    def _deliver_beside(self, done: Callable[[Outcome[Any]], None], outcome: Outcome[Any]) -> None:
        done(outcome)

    # -- jobs ----------------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.job is not None

    def start(
        self, work: Callable[[Job[T]], T], done: Callable[[T], None], unexpected: Callable[[str], str]
    ) -> Job[T]:
        """Run ``work`` on a thread of its own, cancelling the job running now; ``done`` gets its result on
        the GUI thread, and a failure goes to ``failed``, said as ``unexpected(its first line)`` unless it
        is a StoreError. Never waits for a thread."""
        self.cancel()
        job: Job[T] = Job(work, unexpected)
        job.done = done
        # Bound methods, not lambdas: Qt drops these connections when the runner goes, so a job that
        # outlives its window never calls into a deleted object; sender() tells which job is speaking.
        job.progressed.connect(self._job_progressed)
        job.ended.connect(self._job_ended)
        self.job = job
        self._jobs = {old for old in self._jobs if not old.is_finished()} | {job}
        job.start()
        return job

    def cancel(self) -> bool:
        """Stop the running job, if any (without waiting for it); True if there was one."""
        job, self.job = self.job, None
        if job is None:
            return False
        job.cancel()
        self.stopped.emit()
        return True

    def shutdown(self, timeout_ms: int = 2000) -> None:
        """Cancel and wait (bounded) for every job: called when the window closes. A job checks for
        Cancel often, so this is short."""
        self.cancel()
        for job in list(self._jobs):
            job.wait(timeout_ms / 1000)

    def _job_progressed(self, percent: int) -> None:
        if self.job is not None and self.sender() is self.job:
            self.progressed.emit(percent)

    def _job_ended(self, outcome: Outcome[Any]) -> None:
        job = self.job
        if job is None or self.sender() is not job:
            return  # a job cancelled or replaced: its result is not wanted
        self.job = None
        self.stopped.emit()
        if outcome.problem is not None:
            self.failed.emit(outcome.problem)
        elif not outcome.cancelled and job.done is not None:
            job.done(outcome.result)
