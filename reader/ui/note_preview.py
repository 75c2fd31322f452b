"""The note as it will be shared, rendered from its Markdown off the GUI thread once typing pauses.

Rendering a note takes time in proportion to its length (up to about a second for a megabyte of hostile
Markdown, see ``reader.export.notes``): done on every keystroke on the GUI thread, 500 links in one paragraph
made each key take 1.4 s. Here a render starts only after ``PREVIEW_DELAY_MS`` without typing, runs on a
thread of its own, and its HTML is handed back to the GUI thread; a render that a newer text has made stale
is dropped, and at most one waits while another runs.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from reader.export.notes import note_html

log = logging.getLogger(__name__)

PREVIEW_DELAY_MS = 300  # the preview follows typing this long after the last key


class NotePreview(QTextBrowser):
    """Shows ``show_note``'s text rendered; ``renders`` counts the renders started (for tests)."""

    rendered = Signal(str)  # the HTML on screen changed
    _done = Signal(int, str)  # request number, HTML: crosses from the render thread to the GUI thread

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.renders = 0
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reader-note-preview")
        self._wanted = ""  # the latest text asked for
        self._request = 0  # its number: results of older requests are stale
        self._running = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self._start)
        self._done.connect(self._show)  # a bound method of a GUI-thread object: queued
        self.destroyed.connect(lambda *_: self._executor.shutdown(wait=False, cancel_futures=True))

    def show_note(self, note: str, at_once: bool = False) -> None:
        """Render ``note``: after the typing pause, or ``at_once`` (another annotation was selected)."""
        self._wanted = note
        self._request += 1
        if at_once:
            self._timer.stop()
            if not note:
                self._apply(self._request, "")
            else:
                self._start()
        else:
            self._timer.start()

    def _start(self) -> None:
        if self._running:
            return  # the running render's end starts the latest text
        self._running = True
        self.renders += 1
        request, note = self._request, self._wanted
        done = self._done

        def render() -> None:
            try:
                html = note_html(note)
            except Exception:  # a bug in rendering: said in the preview; the note itself is untouched
                log.exception("a note could not be rendered")
                html = "<p><em>This note cannot be previewed; it is kept as typed.</em></p>"
            done.emit(request, html)

        self._executor.submit(render)

    def _show(self, request: int, html: str) -> None:
        self._running = False
        self._apply(request, html)
        if request != self._request and not self._timer.isActive():
            self._start()  # the text changed while this one rendered, and typing has paused

    def _apply(self, request: int, html: str) -> None:
        if request == self._request:
            self.setHtml(html)
            self.rendered.emit(html)
