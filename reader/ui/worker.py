"""Reading and aligning off the GUI thread. The worker never touches a widget: it only emits signals,
which Qt delivers on the GUI thread."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QThread, Signal

from reader.core.align import Alignment, AlignmentCancelled, AlignOptions, align
from reader.core.sources import Source, SourceError, read_source

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobResult:
    paths: list[str]  # the paths that were read, in order; alignment.sources matches them
    errors: list[SourceError]
    alignment: Alignment | None


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
            sources: list[Source] = []
            paths: list[str] = []
            errors: list[SourceError] = []
            for number, path in enumerate(self.paths):
                if self._stop:
                    self.cancelled.emit()
                    return
                try:
                    sources.append(self.known.get(path) or read_source(path))
                    paths.append(path)
                except SourceError as error:
                    errors.append(error)
                self.progressed.emit(int(20 * (number + 1) / max(1, len(self.paths))))
            alignment = align(sources, self.options, self._progress) if sources else None
            self.succeeded.emit(JobResult(paths, errors, alignment))
        except AlignmentCancelled:
            self.cancelled.emit()
        except Exception as error:  # a bug: tell the user in one line, keep the details in the log
            log.exception("alignment failed")
            self.failed.emit(f"Alignment failed: {error}")

    def _progress(self, done: float) -> bool:
        self.progressed.emit(20 + int(80 * done))
        return not self._stop
