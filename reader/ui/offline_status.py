"""The status bar's word on changes waiting while a shared library's server is away, and sending them.

"Offline — 3 changes waiting" for as long as the outbox (``reader.store.outbox``) holds any; "Sending 3
changes…" while they go; nothing once they are sent. Meanwhile the server is tried again with growing pauses
(1 s, 2 s, 4 s… up to 30 s), off the GUI thread, and the outbox is replayed as soon as it answers. When the
server no longer lets the user in, one line says so, and that the changes are kept.
"""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from reader.core.text.display import printable
from reader.running import Outcome
from reader.store import Change

if TYPE_CHECKING:
    from reader.store.offline import OfflineWrites, Replay
    from reader.ui.annotation_controller import AnnotationController

FIRST_PAUSE_MS = 1000
LONGEST_PAUSE_MS = 30_000


def changes(count: int) -> str:
    return f"{count} change{'' if count == 1 else 's'}"


class OfflineStatus(QObject):
    """Watches ``controller``'s outbox: a label in ``bar``, tries of the server, replays when it is back."""

    state_changed = Signal(str)  # the label's text ("" once nothing waits)

    def __init__(
        self, controller: AnnotationController, bar: QStatusBar, parent: QObject | None = None
    ) -> None:
        super().__init__(parent if parent is not None else controller)
        self.controller = controller
        self.bar = bar
        self.label = QLabel()
        self.label.setObjectName("offlineLabel")
        self.label.setAccessibleName("Changes waiting for the library's server")
        bar.addPermanentWidget(self.label)
        self.label.hide()
        self.pause_ms = FIRST_PAUSE_MS
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.try_server)
        self._trying = False
        self._told_revoked = False
        self._revoked_message = ""
        controller.settled.connect(self.refresh)
        self.refresh()

    @property
    def writes(self) -> OfflineWrites | None:
        return self.controller.writes

    @property
    def text(self) -> str:
        return self.label.text() if self.label.isVisible() else ""

    def refresh(self) -> None:
        """Show what waits now (after every write of the window); start trying the server if anything does."""
        writes = self.writes
        waiting = writes.waiting if writes is not None else 0
        if not waiting:
            self._show("")
            self.pause_ms = FIRST_PAUSE_MS
            if self._told_revoked and self.bar.currentMessage() == self._revoked_message:
                self.bar.clearMessage()
            self._told_revoked = False
            return
        if not self._trying:
            self._show(f"Offline — {changes(waiting)} waiting")
            self._say_revoked(waiting)
            if not self.timer.isActive():
                self.timer.start(self.pause_ms)

    def try_server(self) -> None:
        """Ask the server, off the GUI thread; if it answers, send what waits."""
        writes = self.writes
        if writes is None or self._trying:
            return
        self._trying = True
        waiting = writes.waiting

        def work() -> Replay | None:
            if not writes.probe():
                return None
            return writes.replay()

        self._show(f"Sending {changes(waiting)}…")
        self.controller.runner.beside(
            work, self._tried, lambda error: f"the changes could not be sent ({error})"
        )

    def _tried(self, outcome: Outcome[Replay | None]) -> None:
        self._trying = False
        writes = self.writes
        report = outcome.result
        if report is not None and writes is not None:
            for provisional in list(writes.sent_provisional()):
                # The annotation made offline is in the library now, under its own id: the row the window
                # showed for it goes, the library's change brings the row with the server's id.
                self.controller.changed.emit(Change("annotation_deleted", (provisional,)))
            if report.refused:
                self.bar.showMessage(
                    f"{changes(report.refused)} could not be sent to {printable(self.controller.library.shown)} "
                    f"and {'is' if report.refused == 1 else 'are'} kept aside: {printable(writes.refused()[-1].refused or '')}",
                    15000,
                )
        if report is not None and report.conflicts:
            self.bar.showMessage(
                f"{changes(report.conflicts)} sent to {printable(self.controller.library.shown)} met a "
                "colleague's change of the same note: both texts are kept, for you to choose in the panel.",
                15000,
            )
        if outcome.problem is not None:
            self.bar.showMessage(outcome.problem, 10000)
        if report is not None and not report.waiting:
            self.pause_ms = FIRST_PAUSE_MS
        else:
            self.pause_ms = min(self.pause_ms * 2, LONGEST_PAUSE_MS)
        self._show("")
        self.refresh()

    def _say_revoked(self, waiting: int) -> None:
        writes = self.writes
        gone = writes.away if writes is not None else None
        if gone is None or not gone.revoked or self._told_revoked:
            return
        self._told_revoked = True
        self._revoked_message = (
            f"The server no longer lets {printable(self._user())} in; your {changes(waiting)} "
            f"{'is' if waiting == 1 else 'are'} kept and will be sent when it does."
        )
        self.bar.showMessage(self._revoked_message, 0)

    def _user(self) -> str:
        url = self.controller.library.address.url or ""
        return urllib.parse.urlsplit(url).username or self.controller.library.author

    def _show(self, text: str) -> None:
        if text == self.text:
            return
        self.label.setText(text)
        self.label.setToolTip(
            f"{printable(self.controller.library.shown)} cannot be reached now: changes are kept on this "
            "machine and sent, in order, when it answers."
            if text
            else ""
        )
        self.label.setVisible(bool(text))
        self.state_changed.emit(text)
