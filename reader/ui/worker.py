"""Reading and aligning off the GUI thread. The worker never touches a widget: it only emits signals,
which Qt delivers on the GUI thread."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThread, Signal

from reader.comparison import Comparison, Fetcher, fetch_from_network
from reader.core.align import AlignmentCancelled, AlignOptions
from reader.core.sources import Source, SourceError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobResult:
    comparison: Comparison | None  # None when no file could be read
    errors: list[SourceError]


class AlignJob(QThread):
    """Reads the files not read yet and aligns them all. Cancel with ``cancel()``."""

    progressed = Signal(int)  # percent
    succeeded = Signal(object)  # JobResult
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self, paths: list[str], options: AlignOptions, known: dict[str, Source], fetcher: Fetcher
    ) -> None:
        super().__init__()
        self.paths = list(paths)
        self.options = options
        self.known = dict(known)
        self.fetcher = fetcher
        self._stop = False

    def cancel(self) -> None:
        self._stop = True

    def run(self) -> None:
        try:
            comparison, errors = Comparison.load(
                self.paths, self.options, self.known, self._progress, self.fetcher
            )
            self.succeeded.emit(JobResult(comparison, errors))
        except AlignmentCancelled:
            self.cancelled.emit()
        except Exception as error:  # a bug: tell the user in one line, keep the details in the log
            log.exception("alignment failed")
            self.failed.emit(f"Alignment failed: {error}")

    def _progress(self, done: float) -> bool:
        self.progressed.emit(int(100 * done))
        return not self._stop


class AlignmentRunner(QObject):
    """Runs one alignment at a time in the background and says when it is done. Starting a new one cancels
    the running one; nothing ever waits for a worker on the GUI thread except ``shutdown``, which the
    alignment's frequent Cancel checks keep short."""

    progressed = Signal(int)  # percent, of the current job only
    finished = Signal(object)  # JobResult of the current job
    failed = Signal(str)
    stopped = Signal()  # the current job ended without a result (cancelled or failed)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job: AlignJob | None = None
        self._jobs: set[AlignJob] = set()

    @property
    def running(self) -> bool:
        return self.job is not None

    def start(
        self,
        paths: list[str],
        options: AlignOptions,
        known: dict[str, Source],
        fetcher: Fetcher = fetch_from_network,
    ) -> None:
        self.cancel()
        job = AlignJob(paths, options, known, fetcher)
        # Bound methods, not lambdas: Qt drops these connections when the runner goes, so a job that outlives
        # its window never calls into a deleted object; sender() tells which job is speaking.
        job.progressed.connect(self._job_progressed)
        job.succeeded.connect(self._job_succeeded)
        job.failed.connect(self._job_failed)
        job.cancelled.connect(self._job_cancelled)
        self.job = job
        # A QThread must outlive its thread: keep every job until it has really finished, and drop them
        # only here, never from one of its own signals (the thread may still be winding down then).
        self._jobs = {old for old in self._jobs if not old.isFinished()}
        self._jobs.add(job)
        job.start()

    def cancel(self) -> bool:
        """Stop the running alignment, if any (without waiting for it); True if there was one."""
        job, self.job = self.job, None
        if job is None:
            return False
        job.cancel()
        self.stopped.emit()
        return True

    def shutdown(self, timeout_ms: int = 2000) -> None:
        """Cancel and wait (bounded) for every worker: called when the window closes."""
        self.cancel()
        for job in list(self._jobs):
            job.wait(timeout_ms)

    def _is_current(self) -> bool:
        return self.job is not None and self.sender() is self.job

    def _job_progressed(self, percent: int) -> None:
        if self._is_current():
            self.progressed.emit(percent)

    def _job_succeeded(self, result: JobResult) -> None:
        if self._is_current():
            self._finish()
            self.finished.emit(result)

    def _job_failed(self, message: str) -> None:
        if self._is_current():
            self._finish()
            self.failed.emit(message)

    def _job_cancelled(self) -> None:
        if self._is_current():
            self._finish()

    def _finish(self) -> None:
        self.job = None
        self.stopped.emit()
