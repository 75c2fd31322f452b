"""The note as it will be shared, rendered from its Markdown off the GUI thread once typing pauses.

Rendering a note takes time in proportion to its length (up to about a second for a megabyte of hostile
Markdown, see ``reader.export.notes``): done on every keystroke on the GUI thread, 500 links in one paragraph
made each key take 1.4 s. Here a render starts only after ``PREVIEW_DELAY_MS`` without typing, runs on a
thread of its own, and its HTML is handed back to the GUI thread; a render that a newer text has made stale
is dropped, and at most one waits while another runs.

What stays on the GUI thread is Qt laying the HTML out, which is slow for deep nesting (quotes 4,000 deep:
1 s) and big tables (10,000 cells: 1 s). So the preview shows the first ``PREVIEW_LIMIT`` characters, and
as plain text if they nest deeper than ``PREVIEW_DEPTH`` or make more than ``PREVIEW_CELLS`` table cells;
it says so. The note itself is saved and exported whole.
"""

from __future__ import annotations

import logging
import re
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from reader.export.notes import as_typed, formatted_part, note_html

log = logging.getLogger(__name__)

PREVIEW_DELAY_MS = 300  # the preview follows typing this long after the last key
PREVIEW_LIMIT = 20_000  # characters of a note previewed (500 links in a paragraph: 18,000)
PREVIEW_DEPTH = 32  # quotes and lists nested deeper are previewed as plain text
PREVIEW_CELLS = 2_000  # and so are tables with more cells than this
_NESTING = re.compile(r"<(/?)(?:blockquote|ul|ol|li|table)\b")
_CELL = re.compile(r"<t[dh][ >]")


def preview_html(note: str) -> str:
    """The HTML the preview shows for ``note``: bounded in what Qt has to lay out (see the module)."""
    shown = formatted_part(note, PREVIEW_LIMIT)
    rendered = note_html(shown)
    if _too_deep(rendered) or len(_CELL.findall(rendered)) > PREVIEW_CELLS:
        said = (
            f"Shown as plain text: quotes or lists nested more than {PREVIEW_DEPTH} deep, or tables of more "
            f"than {PREVIEW_CELLS:,} cells, are not previewed. The export formats them."
        )
        rendered = as_typed(said, shown)
    if len(shown) < len(note):
        rendered += (
            f"<p><em>The preview shows the first {len(shown):,} of the note's {len(note):,} characters; "
            "the note is saved and exported whole.</em></p>"
        )
    return rendered


def _too_deep(rendered: str) -> bool:
    depth = 0
    for match in _NESTING.finditer(rendered):
        depth += -1 if match.group(1) else 1
        if depth > PREVIEW_DEPTH:
            return True
    return False


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
                shown = preview_html(note)
            except Exception:  # a bug in rendering: said in the preview; the note itself is untouched
                log.exception("a note could not be rendered")
                shown = "<p><em>This note cannot be previewed; it is kept as typed.</em></p>"
            done.emit(request, shown)

        self._executor.submit(render)

    def _show(self, request: int, rendered: str) -> None:
        self._running = False
        self._apply(request, rendered)
        if request != self._request and not self._timer.isActive():
            self._start()  # the text changed while this one rendered, and typing has paused

    def _apply(self, request: int, rendered: str) -> None:
        if request == self._request:
            self.setHtml(rendered)
            self.rendered.emit(rendered)
