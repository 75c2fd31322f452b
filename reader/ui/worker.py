"""Reading and aligning off the GUI thread. The worker never touches a widget: it only emits signals,
which Qt delivers on the GUI thread."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QThread, Signal

from reader.comparison import Comparison
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

    def __init__(self, paths: list[str], options: AlignOptions, known: dict[str, Source]) -> None:
        super().__init__()
        self.paths = list(paths)
        self.options = options
        self.known = dict(known)
        self._stop = False

    def cancel(self) -> None:
        self._stop = True

    def run(self) -> None:
        try:
            comparison, errors = Comparison.load(self.paths, self.options, self.known, self._progress)
            self.succeeded.emit(JobResult(comparison, errors))
        except AlignmentCancelled:
            self.cancelled.emit()
        except Exception as error:  # a bug: tell the user in one line, keep the details in the log
            log.exception("alignment failed")
            self.failed.emit(f"Alignment failed: {error}")

    def _progress(self, done: float) -> bool:
        self.progressed.emit(int(100 * done))
        return not self._stop
