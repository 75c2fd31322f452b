"""The undo steps of annotating (``reader.ui.annotation_controller``): each writes its change on the
library's lane and knows how to take it back, and an undo or redo is refused, with one line, when another
Reader changed or deleted the annotation since this window's step wrote it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from reader.core.alignment.verdicts import LinkVerdict, Verdict
from reader.core.text.display import printable
from reader.store import AnnotationInfo, NewTarget, Saved, StoreError, TargetInfo

if TYPE_CHECKING:
    from reader.ui.annotation_controller import AnnotationController


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


class Step(QUndoCommand):
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


class AddStep(Step):
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


class ReattachStep(Step):
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


class EditStep(Step):
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
            step = EditStep(self.controller, self.annotation_id, saved, after, True, self.text())
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


class DeleteStep(Step):
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


class JudgeStep(Step):
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
