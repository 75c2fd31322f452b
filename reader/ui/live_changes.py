"""Colleagues' changes in the open window, live: what another Reader commits to the library (a colleague on
the shared server, or another window on the same file) shows here within a second or two, without reloading.

The follower (``reader.store.live``) reads the change log on a thread of its own; its changes cross to the
GUI thread through a signal and are handed to the views exactly as the window's own changes are (the
annotation controller's ``changed``): the annotation panel, the marks in the panes, verdicts on links and
a source's details refresh as they do after a local edit. A line in the status bar says who changed what;
a server that went away is said once, and its return too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import partial
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from reader.core.text.display import printable
from reader.store import Change, SourceDetails, TagInfo
from reader.store.live import Follower

if TYPE_CHECKING:
    from reader.ui.window_library import LibraryWork

NOTE_MS = 8000  # how long "Ana changed an annotation" stays in the status bar

_DONE = {
    "annotation_added": ("added", "annotation"),
    "annotation_changed": ("changed", "annotation"),
    "annotation_deleted": ("deleted", "annotation"),
    "tag_added": ("added", "tag"),
    "verdict_changed": ("judged", "link"),
    "source_details_changed": ("changed the details of", "source"),
    "source_changed": ("brought in a new version of", "source"),
}


def follow_library(window: QMainWindow, work: LibraryWork) -> LiveChanges:
    """Show the changes other Readers make to ``work``'s library in ``window`` (a follower started
    before stops: the window follows one library)."""
    for old in window.findChildren(LiveChanges):
        old.stop()
        old.deleteLater()
    live = LiveChanges(window, work)
    live.start()
    return live


class LiveChanges(QObject):
    """Follows the library of ``work`` while ``window`` is open; see the module's docstring."""

    arrived = Signal(object)  # list[Change], from the follower's thread: delivered on the GUI thread
    reachable = Signal(bool, str)  # the library can be read (False: why not), from the follower's thread

    def __init__(self, window: QMainWindow, work: LibraryWork) -> None:
        super().__init__(window)
        self.window, self.work = window, work
        self.controller = work.annotations
        self.away_label = QLabel()
        self.away_label.setAccessibleName("The library's connection")
        self.away_label.hide()
        window.statusBar().addPermanentWidget(self.away_label)
        self._was_away = False
        self.arrived.connect(self._arrived)  # bound methods of a GUI-thread object: queued
        self.reachable.connect(self._reachable)
        self.follower = self._follower(None)
        self._stopped = False
        window.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    def _follower(self, since: int | None) -> Follower:
        follower = Follower(self.work.library, self.arrived.emit, self.reachable.emit, since=since)
        self.destroyed.connect(lambda *_: follower.close(timeout_s=1.0))  # never emitting to a deleted object
        return follower

    def start(self) -> None:
        self.follower.start()

    def stop(self) -> None:
        """Stop following (the window closes, or follows another library); waits for its thread."""
        self._stopped = True
        self.follower.close(timeout_s=1.0)  # a connect to a server away may take 5 s: not waited for

    def _resume(self) -> None:
        """Follow again from where the follower stopped, when the library was closed under the window and
        opened again (a restore of a backup that was refused): not after ``stop``, nor on a retired
        (read-only) library."""
        library = self.work.library
        if self._stopped or self.follower.running or library.read_only or self.follower.seq is None:
            return
        self.follower = self._follower(self.follower.seq)
        self.follower.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            if event.type() == QEvent.Type.Close:
                self.stop()  # before the window's close ends and the library is closed
            elif event.type() == QEvent.Type.WindowActivate:
                self._resume()
                self.follower.wake()  # back in the window: what changed meanwhile, now
        return super().eventFilter(watched, event)

    # -- on the GUI thread ---------------------------------------------------------------------------------
    def _arrived(self, changes: list[Change]) -> None:
        if self.work.library is not self.follower.store:
            return  # changes of a library no longer shown
        for change in coalesced(changes):
            self.controller.changed.emit(change)  # as the window's own changes: every view refreshes
            if change.kind == "source_details_changed":
                self._details_changed(change)
        if any(c.kind in ("annotation_added", "annotation_changed") for c in changes):
            self._new_tags()
        note = summary(changes)
        if note:
            self.window.statusBar().showMessage(note, NOTE_MS)

    def _new_tags(self) -> None:
        """The log says which annotations changed, not which tags their change made on the way: tags the
        panel does not know yet are told to it as added."""
        library, panel = self.work.library, self.work.panel

        def compare(tags: list[TagInfo]) -> None:
            known = {t.name for t in panel.tags}
            new = tuple(t.id for t in tags if t.name not in known)
            if new:
                self.controller.changed.emit(Change("tag_added", new, remote=True))

        self.controller.query(library.tags, compare)

    def _details_changed(self, change: Change) -> None:
        """A colleague set the title, outlet or date of a source: shown if it is on screen."""
        comparison, library = self.work.comparison, self.work.library
        if comparison is None:
            return
        on_screen = {sid: index for sid in change.ids if (index := comparison.index_of(sid)) is not None}
        if not on_screen:
            return

        def show(found: dict[int, SourceDetails]) -> None:
            if comparison is not self.work.comparison:
                return
            for source_id, index in on_screen.items():
                comparison.set_details(index, found.get(source_id, SourceDetails()))
            self.work.details_changed.emit()

        self.controller.query(partial(library.source_details, list(on_screen)), show)

    def _reachable(self, connected: bool, problem: str) -> None:
        if connected:
            self.away_label.hide()
            if self._was_away:
                self.window.statusBar().showMessage(
                    "The library is reachable again: colleagues' changes made meanwhile are shown.", NOTE_MS
                )
            self._was_away = False
            return
        self._was_away = True
        self.away_label.setText("Library away: colleagues' changes show when it is back")
        self.away_label.setToolTip(escape(problem))
        self.away_label.show()


def coalesced(changes: list[Change]) -> list[Change]:
    """``changes`` with each run of one kind made one change of all their ids (in order): a colleague's
    burst of 500 edits refreshes the views once, not 500 times."""
    runs: list[Change] = []
    for change in changes:
        last = runs[-1] if runs else None
        if last is not None and last.kind == change.kind:
            ids = last.ids + tuple(i for i in change.ids if i not in last.ids)
            runs[-1] = replace(
                last,
                ids=ids,
                seq=change.seq,
                note_only=last.note_only and change.note_only,
                author=last.author if last.author == change.author else None,
            )
        else:
            runs.append(change)
    return runs


def summary(changes: list[Change]) -> str:
    """One line for the status bar: "Ana changed an annotation", "Ana and Ben changed 3 annotations"."""
    counted: Counter[tuple[str, str]] = Counter()
    authors: dict[tuple[str, str], list[str]] = {}
    for change in changes:
        done = _DONE.get(change.kind)
        if done is None:
            continue
        counted[done] += len(change.ids) or 1
        who = authors.setdefault(done, [])
        name = printable(" ".join((change.author or "").split())) or "A colleague"
        if name not in who:
            who.append(name)
    if not counted:
        return ""
    (verb, noun), count = counted.most_common(1)[0]
    who = authors[(verb, noun)]
    names = who[0] if len(who) == 1 else ", ".join(who[:-1]) + f" and {who[-1]}"
    what = f"a{'n' if noun[0] in 'aeiou' else ''} {noun}" if count == 1 else f"{count} {noun}s"
    more = len(counted) - 1
    tail = f" (and {more} other kind{'s' if more > 1 else ''} of change)" if more else ""
    return f"{names} {verb} {what}{tail}"
