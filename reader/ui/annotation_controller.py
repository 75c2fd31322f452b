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
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from reader.core.alignment.verdicts import LinkVerdict, Verdict
from reader.core.text.display import printable
from reader.store import AnnotationInfo, Change, Library, NewTarget, Saved, StoreError, TagInfo, TargetInfo
from reader.store.offline import OfflineWrites
from reader.store.outbox import ServerAway
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
        step = _Add(self, list(targets), list(tags), note, then, text)
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
            if merge and isinstance(top, _Edit) and top.continues(annotation_id):
                top.extend(after, initiator, based_on)  # typing a note is one undo step per burst of edits
                return
            command = _Edit(
                self, annotation_id, (current.tags, current.note), after, merge, step_name(current)
            )
            command.initiator, command.based_on = initiator, based_on
            stack.push(command)

        writer = self.writer
        self.read(lambda: writer.annotation(annotation_id), update)

    def reattach(self, annotation: AnnotationInfo, target: TargetInfo, start: int, end: int) -> None:
        """Put ``target`` of ``annotation`` on the words [start, end) of its source (undoable)."""
        step = _Reattach(self, annotation.id, target, start, end, f"moving annotation on {about(annotation)}")
        self._schedule(lambda: self.undo_stack.push(step))

    def delete(self, annotation: AnnotationInfo) -> None:
        self.remember(annotation)
        step = _Delete(self, annotation.id, f"deleting annotation on {about(annotation)}")
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
        step = _Judge(self, first, second, verdict, said, f"{doing} the link of {quoted(quote)}")
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


@dataclass(frozen=True)
class Refused:
    """An undo or redo not made: another Reader changed (``by``) or deleted the annotation since."""

    by: str | None
    deleted: bool

    def message(self, doing: str, step: str) -> str:
        if self.deleted:
            return f"Not {doing} ({step}): another Reader deleted that annotation since."
        who = printable(self.by) if self.by else "another Reader"
        doing_it = {"undone": "undoing", "redone": "redoing"}[doing]
        return f"Not {doing} ({step}): {who} changed that annotation since, and {doing_it} it would overwrite their change."


class _Command(QUndoCommand):
    """An undo step whose write may fail. ``apply`` and ``revert`` give the write to make (run off the GUI
    thread); ``applied`` takes its result.

    A step whose ``apply`` failed changed nothing: it is undone at once without writing, and redoing it
    tries again. A step whose ``revert`` failed is still in effect: the stack is moved back onto it,
    without writing.

    A step on an annotation (``subject``) remembers the version its last write gave it (``version``);
    undoing it, or redoing it after an undo, is refused when a version came since that was not this
    window's (a colleague's change would be overwritten), and the step leaves the stack."""

    deletes = False  # its apply deletes the annotation (undone: it must still be deleted)
    creates = False  # its apply makes the annotation (redone after an undo: it must still be gone)

    def __init__(self, controller: AnnotationController, text: str) -> None:
        super().__init__(text)
        self.controller = controller
        self.failed = False
        self._skip_redo = False
        self._undone = False  # its revert was saved: a redo writes over what is there now
        self.version: int | None = None  # of its annotation, after this step's last write
        self.raced = False  # another Reader wrote the annotation between the check and the write
        self.initiator: object | None = None  # who made the first change (undo and redo are the stack's)

    def apply(self) -> Callable[[], object]:
        raise NotImplementedError

    def applied(self, result: object) -> None:
        """The write of ``apply`` was saved and gave ``result``."""

    def revert(self) -> Callable[[], object] | None:
        raise NotImplementedError

    def subject(self) -> int | None:
        """The annotation the step writes (None: not an annotation)."""
        return None

    def _is_top(self) -> bool:
        stack = self.controller.undo_stack
        return stack.index() > 0 and stack.command(stack.index() - 1) is self

    def tracked(self, operation: Callable[[], object], deletes: bool = False) -> Callable[[], object]:
        """``operation``, a write of the step's annotation, noted as this window's own (on the lane)."""
        controller = self.controller

        def write() -> object:
            result = operation()
            written = result.annotation if isinstance(result, Saved) else result
            if isinstance(written, AnnotationInfo) and not deletes:
                self.version = written.version
                controller.own_versions.setdefault(written.id, set()).add(written.version)
            return result

        return write

    def _guarded(self, operation: Callable[[], object], gone: bool, undoing: bool) -> Callable[[], object]:
        """``operation``, unless another Reader wrote the annotation since this step did (``gone``: the
        step expects the annotation deleted)."""
        subject = self.subject()
        if subject is None:
            return operation
        library, own = self.controller.writer, self.controller.own_versions

        def write() -> object:
            try:
                current: AnnotationInfo | None = library.annotation(subject)
            except StoreError:
                current = None
            if gone and current is not None:
                return Refused(current.modified_by, deleted=False)
            if not gone:
                if current is None:
                    return Refused(None, deleted=True)
                if not self.still_mine(current, own.get(subject, set()), undoing):
                    return Refused(current.modified_by, deleted=False)
            result = operation()
            if current is not None and isinstance(result, AnnotationInfo):
                # Checked, then written: a colleague's write between the two (milliseconds) is said.
                deleting = self.creates if undoing else self.deletes
                self.raced = result.version != current.version + (0 if deleting else 1)
            return result

        return write

    def still_mine(self, current: AnnotationInfo, mine: set[int], undoing: bool) -> bool:
        """Whether ``current`` (the annotation as saved now) has no change since this step wrote it but
        this window's own (``mine``: the versions its writes gave it)."""
        since = self.version
        return since is None or all(v in mine for v in range(since + 1, current.version + 1))

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        initiator, self.initiator = self.initiator, None
        self.failed = False
        operation = self.apply()
        if self._undone:
            operation = self._guarded(operation, gone=self.creates, undoing=False)
        self.controller.write(
            operation, self._redone, retry_hint=True, initiator=initiator, failed=self._redo_failed
        )

    def _said_race(self, doing: str) -> None:
        if self.raced:
            self.raced = False
            self.controller.error.emit(
                f"{doing} ({self.text()}), but another Reader changed that annotation at the same moment: "
                "check that it holds what you meant."
            )

    def _redone(self, result: object) -> None:
        if isinstance(result, Refused):
            self._refuse(result, "redone")
            return
        self._said_race("Redone")
        self._undone = False
        self.applied(result)

    def _redo_failed(self) -> None:
        self.failed = True
        if self._is_top():
            self.controller.undo_stack.undo()  # nothing happened, so nothing is undone: redoable

    def undo(self) -> None:
        operation = None if self.failed else self.revert()
        if operation is not None:
            guarded = self._guarded(operation, gone=self.deletes, undoing=True)
            self.controller.write(guarded, self._reverted, failed=self._undo_failed)

    def _reverted(self, result: object) -> None:
        if isinstance(result, Refused):
            self._refuse(result, "undone")
        else:
            self._undone = True
            self._said_race("Undone")

    def _refuse(self, refused: Refused, doing: str) -> None:
        """Say why, and take the step off the stack without writing (Qt drops an obsolete step)."""
        controller, stack = self.controller, self.controller.undo_stack
        controller.error.emit(refused.message(doing, self.text()))
        self.setObsolete(True)
        if doing == "undone":
            stack.redo()  # the stack stepped below it: it is the next to redo, and dropped
        else:
            stack.undo()  # the stack stepped above it: it is the next to undo, and dropped

    def _undo_failed(self) -> None:
        self._skip_redo = True
        self.controller.undo_stack.redo()  # it is still in effect: back onto it, without writing


class _Add(_Command):
    def __init__(
        self,
        controller: AnnotationController,
        targets: list[NewTarget],
        tags: list[str],
        note: str,
        then: Callable[[AnnotationInfo], None] | None,
        text: str,
    ) -> None:
        super().__init__(controller, text)
        self.targets, self.tags, self.note = targets, tags, note
        self.info: AnnotationInfo | None = None
        self.then = then

    creates = True

    def subject(self) -> int | None:
        return self.info.id if self.info is not None else None

    def apply(self) -> Callable[[], object]:
        library = self.controller.writer
        info = self.info
        if info is None:
            return self.tracked(lambda: library.add_annotation(self.targets, self.tags, self.note))
        return self.tracked(lambda: library.restore_annotation(info))

    def applied(self, result: object) -> None:
        assert isinstance(result, AnnotationInfo)
        self.info = result
        then, self.then = self.then, None
        if then is not None:
            then(result)

    def revert(self) -> Callable[[], object] | None:
        info, library = self.info, self.controller.writer
        return None if info is None else self.tracked(lambda: library.delete_annotation(info.id), True)


class _Reattach(_Command):
    def __init__(
        self,
        controller: AnnotationController,
        annotation_id: int,
        before: TargetInfo,
        start: int,
        end: int,
        text: str,
    ) -> None:
        super().__init__(controller, text)
        self.annotation_id, self.before, self.start, self.end = annotation_id, before, start, end

    def subject(self) -> int | None:
        return self.annotation_id

    def apply(self) -> Callable[[], object]:
        library = self.controller.library
        return self.tracked(
            lambda: library.reattach(self.annotation_id, self.before.source_id, self.start, self.end)
        )

    def revert(self) -> Callable[[], object] | None:
        library = self.controller.library
        return self.tracked(lambda: library.replace_target(self.annotation_id, self.before))


class _Edit(_Command):
    def __init__(
        self,
        controller: AnnotationController,
        annotation_id: int,
        before: tuple[tuple[str, ...], str],
        after: tuple[tuple[str, ...], str],
        merge: bool,
        text: str,
    ) -> None:
        super().__init__(controller, text)
        self.annotation_id, self.before, self.after, self.merge = annotation_id, before, after, merge
        self._born_failed = False
        self.based_on: AnnotationInfo | None = None  # the first save's: what the user's edit started from
        # Only what the step changed is written back: undoing a tag keeps a note written since, elsewhere.
        self.tags_changed, self.note_changed = before[0] != after[0], before[1] != after[1]

    def continues(self, annotation_id: int) -> bool:
        """A note edit of ``annotation_id`` that was saved: further edits of it join this step."""
        return self.merge and self.annotation_id == annotation_id and not self.failed

    def extend(
        self, after: tuple[tuple[str, ...], str], initiator: object, based_on: AnnotationInfo | None = None
    ) -> None:
        """Save ``after`` as part of this step. If it cannot be saved, it becomes a step of its own, to
        redo, so that redoing applies exactly what was not saved."""
        saved = self.after

        def extended(result: object) -> None:
            self.after = after
            self.applied(result)

        def failed() -> None:
            step = _Edit(self.controller, self.annotation_id, saved, after, True, self.text())
            step._born_failed = True
            self.controller.undo_stack.push(step)  # its redo writes nothing: it was just tried
            self.controller.undo_stack.undo()  # and, failed, its undo neither: it is the step to redo

        self.controller.write(
            self._saving(after, based_on),
            extended,
            retry_hint=True,
            initiator=initiator,
            failed=failed,
        )

    def redo(self) -> None:
        if self._born_failed:  # its write was tried already, and failed
            self._born_failed = False
            self.failed = True
            return
        super().redo()

    def _saving(
        self, state: tuple[tuple[str, ...], str], based_on: AnnotationInfo | None = None
    ) -> Callable[[], object]:
        """The write that gives the annotation the tags, or the note, of ``state`` (what the step changes);
        with ``based_on``, a versioned save (``Library.save_annotation``) whose ``Saved`` is told."""
        tags = state[0] if self.tags_changed else None
        note = state[1] if self.note_changed or self.merge else None
        library = self.controller.writer
        if based_on is not None:
            listed = list(tags) if tags is not None else None
            return self.tracked(lambda: library.save_annotation(self.annotation_id, listed, note, based_on))
        return self.tracked(lambda: library.update_annotation(self.annotation_id, tags, note))

    def subject(self) -> int | None:
        return self.annotation_id

    def still_mine(self, current: AnnotationInfo, mine: set[int], undoing: bool) -> bool:
        """The tags, or the note, this step writes back are still those it left: a colleague's change to
        the other (a note written elsewhere while the step is a tag) is kept by undoing it."""
        left = self.after if undoing else self.before
        if self.tags_changed and sorted(current.tags) != sorted(left[0]):
            return False
        return not ((self.note_changed or self.merge) and current.note != left[1])

    def apply(self) -> Callable[[], object]:
        based_on, self.based_on = self.based_on, None  # undone and redone, it is the user's own again
        return self._saving(self.after, based_on)

    def applied(self, result: object) -> None:
        if isinstance(result, Saved):
            self.controller.note_saved.emit(self.after[1], result)

    def revert(self) -> Callable[[], object] | None:
        return self._saving(self.before)


class _Delete(_Command):
    def __init__(self, controller: AnnotationController, annotation_id: int, text: str) -> None:
        super().__init__(controller, text)
        self.annotation_id = annotation_id
        self.info: AnnotationInfo | None = None

    deletes = True

    def subject(self) -> int | None:
        return self.annotation_id

    def apply(self) -> Callable[[], object]:
        library = self.controller.writer
        return self.tracked(lambda: library.delete_annotation(self.annotation_id), deletes=True)

    def applied(self, result: object) -> None:
        assert isinstance(result, AnnotationInfo)
        self.info = result

    def revert(self) -> Callable[[], object] | None:
        info, library = self.info, self.controller.writer
        return None if info is None else self.tracked(lambda: library.restore_annotation(info))


class _Judge(_Command):
    """A verdict on a link: given (or changed), or taken back; undone by putting back what was there."""

    def __init__(
        self,
        controller: AnnotationController,
        first: NewTarget,
        second: NewTarget,
        verdict: Verdict | None,
        said: LinkVerdict | None,
        text: str,
    ) -> None:
        super().__init__(controller, text)
        self.first, self.second, self.verdict = first, second, verdict
        self.before = said  # the word on the link before this step (None: none)
        self.after: LinkVerdict | None = None

    def apply(self) -> Callable[[], object]:
        library, verdict, before = self.controller.library, self.verdict, self.before
        if verdict is None:
            assert before is not None  # the bar offers Clear only for a link with a verdict
            return lambda: (before, library.forget_verdict(before.id))
        return lambda: library.judge_link(self.first, self.second, verdict)

    def applied(self, result: object) -> None:
        assert isinstance(result, tuple)
        previous, made = result
        if self.verdict is None:
            self.after = None
        else:
            self.before, self.after = previous, made

    def revert(self) -> Callable[[], object] | None:
        library, before, after = self.controller.library, self.before, self.after
        if before is not None:
            return lambda: library.restore_verdict(before)
        if after is not None:
            return lambda: library.forget_verdict(after.id)
        return None
