"""Annotating as undoable commands over the library, written off the GUI thread.

Every change is written to the library at once (there is no Save), through ``reader.ui.operations.Runner``; every change is
also an undo step (Ctrl+Z / Ctrl+Shift+Z). A write that fails (a library that stays busy) is reported and
the change stays on the undo stack as a step to redo, so the user can apply it again with Ctrl+Shift+Z once
the library is free; the panel's editor keeps what was typed.

Undo undoes only this window's own changes, never a colleague's (their changes arrive live and are no
undo step here), and never over a colleague's change: when another Reader changed or deleted the annotation
since this window's step wrote it, undoing (or redoing) the step is refused with one line, and the step
leaves the stack (the check is made on the library's lane just before the write).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from reader.core.alignment.verdicts import LinkVerdict, Verdict
from reader.core.text.display import printable
from reader.store import AnnotationInfo, Change, Library, NewTarget, TagInfo, TargetInfo
from reader.store.offline import OfflineWrites
from reader.store.outbox import ServerAway
from reader.ui.annotation_steps import AddStep, DeleteStep, EditStep, JudgeStep, ReattachStep
from reader.ui.operations import Runner

T = TypeVar("T")

NEW_TAG_COLORS = ("#56b4e9", "#f0e442", "#999999", "#882255", "#44aa99", "#117733")
QUOTE_IN_STEP = 24  # characters of an annotation's quote in the name of an undo step


def about(info: AnnotationInfo) -> str:
    """An annotation as the name of an undo step calls it: the start of its first quote, “Musk said…”."""
    return quoted(info.targets[0].exact if info.targets else "")


def quoted(quote: str) -> str:
    """The start of ``quote`` on one line, in quotation marks, as undo steps name annotations."""
    quote = printable(" ".join(quote.split()))
    return f"“{quote[:QUOTE_IN_STEP].rstrip()}…”" if len(quote) > QUOTE_IN_STEP else f"“{quote}”"


class AnnotationController(QObject):
    """Creates, edits and deletes annotations as undoable commands; tells views when to refresh.

    Every write goes through ``runner``, off the GUI thread. The steps of the undo stack (a new command,
    an undo, a redo) are taken one at a time: a step waits until the write of the one before it is done,
    so that a write that fails can still be turned into a step to redo, and undo always reverts what was
    saved. A step takes a few milliseconds; only a library another program keeps busy makes them wait."""

    changed = Signal(object)  # the store's typed Change: views decide what to refresh
    error = Signal(str)
    settled = Signal()  # no step is waiting and no write is running
    stepping = Signal()  # an undo or redo is asked for: editors save what is typed first, to be part of it
    note_saved = Signal(str, object)  # a note sent with the version it started from, and its ``Saved``

    def __init__(self, library: Library, parent: QObject | None = None, runner: Runner | None = None) -> None:
        super().__init__(parent)
        self.library = library
        # A shared library's annotation writes wait on this machine while its server is away
        # (reader/store/offline.py; the status bar's part is reader/ui/offline_status.py).
        self.writes = OfflineWrites(library) if library.is_server and not library.read_only else None
        self.undo_stack = QUndoStack(self)
        self.runner = runner if runner is not None else Runner(library, self)  # the window's, in the window
        self.runner.settled.connect(self._runner_settled)
        self._steps: deque[Callable[[], None]] = deque()
        self._in_flight = False  # a step's write is running
        # Per annotation, the versions this window's own writes gave it (read and written on the lane).
        self.own_versions: dict[int, set[int]] = {}
        library.subscribe(self._publish)

    def _publish(self, change: Change) -> None:
        self.changed.emit(change)  # from the library's lane: delivered on the GUI thread

    def _runner_settled(self) -> None:
        if self.idle:
            self.settled.emit()  # the runner's last work was not a step (a query, matching with the library)

    @property
    def writer(self) -> Library | OfflineWrites:
        """Where annotation writes go: the library, or for a server the outbox while it is away."""
        return self.writes if self.writes is not None else self.library

    def remember(self, annotation: AnnotationInfo) -> None:
        """The annotation as the window shows it: an edit made while the server is away is based on it."""
        if self.writes is not None:
            self.writes.remember(annotation)

    @property
    def read_only(self) -> bool:
        return self.library.read_only

    @property
    def idle(self) -> bool:
        return not self._in_flight and not self._steps and self.runner.idle

    # -- the steps -----------------------------------------------------------------------------------------
    def create(
        self,
        targets: Sequence[NewTarget],
        tags: Sequence[str] = (),
        note: str = "",
        then: Callable[[AnnotationInfo], None] | None = None,
        quote: str = "",
    ) -> None:
        """Annotate ``targets``; ``then`` gets the new annotation once it is saved. ``quote`` (the words
        annotated) names the undo step."""
        text = f"new annotation on {quoted(quote)}" if quote.strip() else "new annotation"
        step = AddStep(self, list(targets), list(tags), note, then, text)
        self._schedule(lambda: self.undo_stack.push(step))

    def update(
        self,
        annotation: AnnotationInfo,
        tags: Sequence[str] | None = None,
        note: str | None = None,
        initiator: object | None = None,
        based_on: Callable[[], AnnotationInfo | None] | None = None,
    ) -> None:
        """Set the tags, or the note, of ``annotation``. ``based_on`` gives, when the step is taken, the
        annotation as the edit started from: a save that lost a race to a colleague's is then merged or kept
        as a conflict (``note_saved`` tells)."""
        self.remember(annotation)
        self._schedule(
            lambda: self._update(
                annotation.id,
                lambda current: (
                    tuple(tags) if tags is not None else current.tags,
                    note if note is not None else current.note,
                ),
                merge=tags is None,
                initiator=initiator,
                step_name=lambda current: f"{'note on' if tags is None else 'tags of'} {about(current)}",
                based_on=based_on() if based_on is not None else None,
            )
        )

    def set_tag(self, annotation: AnnotationInfo, name: str, on: bool) -> None:
        """Add or remove one tag of ``annotation``: of its tags when the step is taken, so that toggling
        two tags quickly keeps both."""
        self.remember(annotation)
        self._schedule(
            lambda: self._update(
                annotation.id,
                lambda current: (
                    tuple(t for t in current.tags if t != name) + ((name,) if on else ()),
                    current.note,
                ),
                merge=False,
                initiator=None,
                step_name=lambda current: f"{'tag' if on else 'removing tag'} “{name}” on {about(current)}",
            )
        )

    def _update(
        self,
        annotation_id: int,
        changed: Callable[[AnnotationInfo], tuple[tuple[str, ...], str]],
        merge: bool,
        initiator: object,
        step_name: Callable[[AnnotationInfo], str],
        based_on: AnnotationInfo | None = None,
    ) -> None:
        """The step: what is saved now (the steps before this one are done) is read on the library's lane,
        and the next step waits for it."""

        def update(current: AnnotationInfo) -> None:
            after = changed(current)
            if after == (current.tags, current.note):
                return
            stack = self.undo_stack
            top = stack.command(stack.index() - 1) if stack.index() == stack.count() else None
            if merge and isinstance(top, EditStep) and top.continues(annotation_id):
                top.extend(after, initiator, based_on)  # typing a note is one undo step per burst of edits
                return
            command = EditStep(
                self, annotation_id, (current.tags, current.note), after, merge, step_name(current)
            )
            command.initiator, command.based_on = initiator, based_on
            stack.push(command)

        writer = self.writer
        self.read(lambda: writer.annotation(annotation_id), update)

    def reattach(self, annotation: AnnotationInfo, target: TargetInfo, start: int, end: int) -> None:
        """Put ``target`` of ``annotation`` on the words [start, end) of its source (undoable)."""
        step = ReattachStep(
            self, annotation.id, target, start, end, f"moving annotation on {about(annotation)}"
        )
        self._schedule(lambda: self.undo_stack.push(step))

    def delete(self, annotation: AnnotationInfo) -> None:
        self.remember(annotation)
        step = DeleteStep(self, annotation.id, f"deleting annotation on {about(annotation)}")
        self._schedule(lambda: self.undo_stack.push(step))

    def judge(
        self,
        first: NewTarget,
        second: NewTarget,
        verdict: Verdict | None,
        said: LinkVerdict | None,
        quote: str,
    ) -> None:
        """Confirm or reject the link between two passages (None: take back ``said``, the word on it)."""
        doing = {"confirmed": "confirming", "rejected": "rejecting", None: "clearing the verdict on"}[verdict]
        step = JudgeStep(self, first, second, verdict, said, f"{doing} the link of {quoted(quote)}")
        self._schedule(lambda: self.undo_stack.push(step))

    def undo(self) -> None:
        self.stepping.emit()
        self._schedule(self.undo_stack.undo)

    def redo(self) -> None:
        self.stepping.emit()
        self._schedule(self.undo_stack.redo)

    def add_tag(self, name: str, then: Callable[[TagInfo], None] | None = None) -> None:
        """Make a tag (not an undo step); ``then`` gets it once it is saved."""

        library, writer = self.library, self.writer

        def add() -> TagInfo:  # on the library's lane: the colour follows the tags saved before it
            try:
                count = len([t for t in library.tags() if not t.builtin])
            except ServerAway:
                count = 0  # the tag waits in the outbox; any colour will do
            return writer.add_tag(name, NEW_TAG_COLORS[count % len(NEW_TAG_COLORS)])

        self._schedule(lambda: self.write(add, then))

    def _schedule(self, step: Callable[[], None]) -> None:
        self._steps.append(step)
        self._next()

    def _next(self) -> None:
        while not self._in_flight and self._steps:
            self._steps.popleft()()
        if self.idle:
            self.settled.emit()

    def write(
        self,
        operation: Callable[[], T],
        then: Callable[[T], None] | None = None,
        retry_hint: bool = False,
        initiator: object | None = None,
        failed: Callable[[], None] | None = None,
    ) -> None:
        """Run the write ``operation`` off the GUI thread; the next step waits for it. ``then`` gets its
        result; a failure is said once (the ``error`` signal), and ``failed`` is called."""
        self._in_flight = True

        def done(result: T, problem: str | None) -> None:
            self._in_flight = False
            try:
                if problem is not None:
                    self._say(problem, retry_hint)
                    if failed is not None:
                        failed()
                elif then is not None:
                    then(result)
            finally:
                self._next()

        self.runner.change(operation, done, initiator)

    def _say(self, problem: str, retry_hint: bool) -> None:
        hint = " Press Ctrl+Shift+Z (Redo) to try again." if retry_hint else ""
        self.error.emit(f"{problem}.{hint}" if not problem.endswith(".") else f"{problem}{hint}")

    def finish(self, timeout_s: float = 15.0) -> bool:
        """Take the waiting steps and let their writes commit (the window is closing). True if all did."""
        deadline = time.monotonic() + timeout_s
        loop = QEventLoop()
        self.settled.connect(loop.quit)
        while not self.idle and time.monotonic() < deadline:
            QTimer.singleShot(max(1, int((deadline - time.monotonic()) * 1000)), loop.quit)
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        self.settled.disconnect(loop.quit)
        return self.idle

    # -- reads ---------------------------------------------------------------------------------------------
    def query(self, operation: Callable[[], T], then: Callable[[T], None]) -> None:
        """Read from the library on its lane, never on the GUI thread; ``then`` gets the result here. A
        failure is said once (the ``error`` signal). Reads are quick even while another program writes (the
        library keeps a write-ahead log), and they see every write asked for before them."""
        self.runner.query(operation, then, lambda problem: self._say(problem, False))

    def read(self, operation: Callable[[], T], then: Callable[[T], None]) -> None:
        """A read that is part of a step: the next step waits for it (as for a write)."""
        self._in_flight = True

        def done(result: T) -> None:
            self._in_flight = False
            try:
                then(result)
            finally:
                self._next()

        def failed(problem: str) -> None:
            self._in_flight = False
            self._say(problem, False)
            self._next()

        self.runner.query(operation, done, failed)

    def fresh(self, annotation_id: int, then: Callable[[AnnotationInfo], None]) -> None:
        """Read the annotation as saved now; ``then`` gets it (not called when it is gone: said once)."""
        library = self.library
        self.query(lambda: library.annotation(annotation_id), then)
