"""The window's work with the library: annotating, changed sources, exports, saved comparisons.

A part the main window is composed of, not a mixin: everything it uses is handed to it when it is made,
and the comparison on screen is the Qt-free ``Comparison`` (which knows each source's library id).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QMenu

from reader.attaching import Attached, annotations_on, attach_sources, with_verdicts
from reader.comparison import Comparison
from reader.core.alignment.align import Alignment
from reader.core.alignment.verdicts import Span, Verdict
from reader.export.report import ExportOptions, Report, build_report
from reader.store import (
    DEFAULT_TAG_COLOR,
    AnnotationInfo,
    Change,
    ComparisonInfo,
    Library,
    NewTarget,
    SnapshotInfo,
    TagInfo,
)
from reader.store.outbox import ServerAway
from reader.ui.annotation_controller import AnnotationController
from reader.ui.annotations import AnnotationPanel
from reader.ui.comparison import ComparisonView
from reader.ui.exporting import export_comparison, write_export
from reader.ui.operations import Runner
from reader.ui.overview import overview_ahead
from reader.ui.source_details import SourceDetailsDialog
from reader.ui.widgets import MessageBar

if TYPE_CHECKING:
    pass

Chosen = tuple[tuple[int, int, int] | None, int | None]
"""What the user chose to annotate: the selected words (source, start, end) and the selected passage."""


def attached_ahead(attached: Attached) -> Attached:
    """``attached``, the overview of its alignment worked out on the library's lane (``overview_ahead``)."""
    overview_ahead(attached.alignment)
    return attached


NOT_IN_LIBRARY = (
    "Versions side by side are not in the library: open the source itself to annotate, judge or export it."
)


class LibraryWork(QObject):
    """Connects the comparison on screen with the library: imports, marks, annotating, exports."""

    open_requested = Signal(object)  # ComparisonInfo: the user chose a saved comparison
    attached = Signal()  # the comparison on screen has its library ids and marks
    versions_requested = Signal(int)  # source index: show its versions (from "Show what changed")
    details_changed = Signal()  # the user's title, outlet or date of a source on screen is saved and shown
    verdicts_applied = Signal()  # the user's verdicts on links changed and are applied to the comparison

    def __init__(
        self,
        window: QMainWindow,
        library: Library,
        annotations: AnnotationController,
        panel: AnnotationPanel,
        dock: QDockWidget,
        view: ComparisonView,
        message_bar: MessageBar,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.library = library
        self.annotations = annotations
        self.panel = panel
        self.dock = dock
        self.view = view
        self.message_bar = message_bar
        self.runner = annotations.runner  # the window's: one lane for the library's reads and writes
        self.comparison: Comparison | None = None
        self._attaching: object | None = None  # the token of the attach running for the comparison on screen
        self._recent: list[ComparisonInfo] = []  # File > Open recent, as read last
        self._creating: set[frozenset[tuple[int, int, int]]] = set()  # targets of annotations being saved
        annotations.settled.connect(self._creating.clear)  # saved, or failed and said so
        annotations.changed.connect(self._changed)
        panel.jump_requested.connect(self.jump_to_annotation)
        panel.reattach_requested.connect(self.reattach)
        message_bar.label.linkActivated.connect(self._message_link)

    @classmethod
    def create(
        cls,
        window: QMainWindow,
        runner: Runner,
        dock: QDockWidget,
        view: ComparisonView,
        message_bar: MessageBar,
    ) -> LibraryWork:
        """The library's parts of ``window``: the annotation controller, its panel in ``dock`` (made with
        the window, tabbed in the side panel already), and this. ``runner`` has the library."""
        library = runner.library
        assert library is not None
        annotations = AnnotationController(library, window, runner)
        panel = AnnotationPanel(annotations)
        old = dock.widget()
        dock.setWidget(panel)  # in the place the placeholder held: the tabs stay as they are
        if old is not None:
            old.deleteLater()
        # Store messages name files and tags: shown as text, never as markup.
        annotations.error.connect(lambda message: message_bar.show_message(escape(message)))
        if library.report.message:
            message_bar.show_message(escape(library.report.message))
        return cls(window, library, annotations, panel, dock, view, message_bar)

    def _status(self, text: str, milliseconds: int = 6000) -> None:
        self.window.statusBar().showMessage(text, milliseconds)

    # -- the comparison on screen --------------------------------------------------------------------------
    def attach(self, comparison: Comparison) -> None:
        """Import the sources on the library's lane (re-anchoring annotations of changed ones) and remember
        the comparison; the result is applied here, on the GUI thread, and its annotations shown.
        ``attached`` says when."""
        self.comparison = comparison
        token = self._attaching = object()
        library = self.library
        as_read, alignment, pages = comparison.as_read, comparison.alignment, dict(comparison.pages)
        display = comparison.display_paths()
        self.runner.change(
            lambda: attached_ahead(attach_sources(library, as_read, alignment, pages, display)),
            partial(self._attached, token, comparison),
            unexpected=lambda error: f"The sources could not be matched with the library: {error}",
        )

    def forget(self) -> None:
        """Nothing on screen is in the library (two versions of a source side by side, in memory): annotating,
        judging links and exporting say so instead of acting on the comparison that was open before."""
        self.comparison = None
        self._attaching = None

    @property
    def attaching(self) -> bool:
        return self._attaching is not None

    def wait(self, timeout_ms: int = 10_000) -> None:
        """Let the library work asked for finish (closing the window): writes, and quick to end."""
        self.runner.wait(timeout_ms / 1000)

    def _attached(
        self, token: object, comparison: Comparison, attached: Attached | None, problem: str | None
    ) -> None:
        if token is not self._attaching or comparison is not self.comparison:
            return  # the import of a comparison no longer on screen
        if attached is not None:
            comparison.take(self.library, attached)
        else:
            comparison.library = self.library
        if problem:
            self.message_bar.show_message(escape(problem))
        self.panel.set_sources({sid: comparison.sources[i].name for i, sid in comparison.source_ids.items()})
        if self.annotations.writes is not None:  # what an annotation made while the server is away keeps
            self.annotations.writes.know_sources(
                {s: comparison.sources[i] for i, s in comparison.source_ids.items()}
            )
        lost = _lost_verdicts(comparison)
        changed = attached.changed if attached is not None else []
        if changed:
            lines = "".join(
                f"<br>• {escape(r.message or '')} <a href='changes:{r.source_id}'>Show what changed</a>"
                for r in changed
            )
            self.message_bar.show_message(
                f"<b>Sources changed since they were last opened.</b>{lines}"
                + (f"<br>{lost}" if lost else "")
            )
        elif lost:
            self.message_bar.show_message(lost)
        self.refresh_marks(then=partial(self._marked, token))

    def _marked(self, token: object) -> None:
        """Attaching ends once the marks are shown: only then is the comparison ``attached``."""
        if token is self._attaching:
            self._attaching = None
            self.attached.emit()

    def _changed(self, change: Change) -> None:
        """The marks in the panes show where annotations are and their first tag's colour: a note edit,
        a tag or a saved comparison leaves them as they are. A verdict on a link is applied to the
        comparison on screen (without aligning again)."""
        if change.kind == "verdict_changed":
            self.apply_verdicts()
            return
        if change.kind in ("annotation_added", "annotation_deleted", "source_changed") or (
            change.kind == "annotation_changed" and not change.note_only
        ):
            self.refresh_marks()

    def refresh_marks(self, then: Callable[[], None] | None = None) -> None:
        """Read the annotations on the comparison on screen (on the library's lane) and mark them in the
        panes; then call ``then``."""
        comparison = self.comparison
        if comparison is None:
            if then is not None:
                then()
            return
        library, sources = self.library, comparison.sources
        ids = list(comparison.source_ids.values())

        def show(found: tuple[list[TagInfo], list[AnnotationInfo]]) -> None:
            if comparison is self.comparison:
                self._mark(comparison, *found)
            if then is not None:
                then()

        def failed(problem: str) -> None:
            self.annotations.error.emit(problem)
            if then is not None:
                then()

        self.runner.query(lambda: (library.tags(), annotations_on(library, sources, ids)), show, failed)

    def _mark(self, comparison: Comparison, tags: list[TagInfo], found: list[AnnotationInfo]) -> None:
        colors = {t.name: t.color for t in tags}
        marks: dict[int, list[tuple[int, int, QColor]]] = {}
        for info in found:
            color = QColor(colors.get(info.tags[0], DEFAULT_TAG_COLOR) if info.tags else DEFAULT_TAG_COLOR)
            for target in info.targets:
                index = comparison.index_of(target.source_id)
                if target.placed and index is not None:
                    marks.setdefault(index, []).append((target.start, target.end, color))
        self.view.set_annotation_marks(marks)

    # -- annotating ----------------------------------------------------------------------------------------
    def reattach(self, annotation_id: int) -> None:
        """Put an annotation on the words the user selected: an orphan in its source's pane, or a placed
        annotation (one a changed text put on the wrong words, say) in the pane of the selection."""
        comparison = self.comparison
        if comparison is not None:
            self._with_annotation(annotation_id, partial(self._reattach, comparison))

    def _with_annotation(self, annotation_id: int, act: Callable[[AnnotationInfo], None]) -> None:
        """``act`` on the annotation as the panel's list has it (kept up to date with every change), or
        else as the library has it, read off the GUI thread."""
        info = self.panel.info(annotation_id)
        if info is not None:
            act(info)
        else:
            self.annotations.fresh(annotation_id, act)

    def _reattach(self, comparison: Comparison, info: AnnotationInfo) -> None:
        if comparison is not self.comparison:
            return
        target = next((t for t in info.targets if not t.placed), None)
        selection = self.view.selection()
        if target is None:  # placed everywhere: the target in the source where words are selected
            chosen = comparison.source_ids.get(selection[0]) if selection is not None else None
            target = next((t for t in info.targets if t.source_id == chosen), info.targets[0])
        index = comparison.index_of(target.source_id) if target is not None else None
        if target is None or index is None:
            self._status("This annotation's source is not in the comparison on screen.")
            return
        name = comparison.sources[index].name
        if selection is None or selection[0] != index:
            self._status(
                f"Select the words in {name} that the annotation belongs on, then re-attach it.", 8000
            )
            return
        _source, start, end = selection
        self.annotations.reattach(info, target, start, end)
        self._status(f"Re-attached to the selected words of {name}; its tags and note came with it.")

    def annotate(self, chosen: Chosen | None = None) -> None:
        """Annotate the selected words, or else the selected passage in every source that carries it
        (``chosen``: the selection and passage when the user asked, else those on screen now)."""
        selection, selected = chosen if chosen is not None else (self.view.selection(), self.view.selected)
        comparison = self.comparison
        if comparison is None:
            self._status(NOT_IN_LIBRARY)
            return
        if self.attaching:
            self._status("Still matching this comparison's annotations; annotate again in a moment.")
            return
        if self.library.read_only:
            self._status(
                f"The library is read-only ({self.library.report.read_only}): annotations cannot be added.",
                8000,
            )
            return
        ids = comparison.source_ids
        if selection is not None:
            source, start, end = selection
            targets = [NewTarget(ids[source], start, end)] if source in ids else []
            quote = comparison.alignment.sources[source].text[start:end]
        elif selected is not None and selected in comparison.alignment.group_by_id:
            group = comparison.alignment.group_by_id[selected]
            targets = [NewTarget(ids[m.source], m.start, m.end) for m in group.members if m.source in ids]
            quote = comparison.alignment.member_text(group.members[0])
        else:
            self._status("Select words in a pane, or click a passage, then annotate.")
            return
        if not targets:  # its sources could not be kept in the library (the bar above the panes says why)
            self._status(
                "Not annotated: these sources are not in the library, so no note can be kept on them."
            )
            return
        wanted = frozenset((t.source_id, t.start, t.end) for t in targets)
        if wanted in self._creating:
            self._status("An annotation on these words is being saved.")
            return
        self._creating.add(wanted)
        library, sources, known = self.library, comparison.sources, list(comparison.source_ids.values())

        def create(found: list[AnnotationInfo]) -> None:  # the annotations there, read off the GUI thread
            for info in found:
                if {(t.source_id, t.start, t.end) for t in info.targets if t.placed} == wanted:
                    self._creating.discard(wanted)
                    self._status("These words already carry an annotation: it is selected in the panel.")
                    self._created(info)
                    return

            def created(info: AnnotationInfo) -> None:
                self._creating.discard(wanted)
                self._created(info)

            self.annotations.create(targets, then=created, quote=quote)

        def there() -> list[AnnotationInfo]:
            try:
                return annotations_on(library, sources, known)
            except ServerAway:  # the server is away: the new annotation waits in the outbox
                return []

        self.annotations.query(there, create)

    def _created(self, info: AnnotationInfo) -> None:
        self.dock.show()
        self.dock.raise_()
        self.panel.show_saved(info)
        self.panel.note.setFocus()

    def jump_to_annotation(self, annotation_id: int) -> None:
        self._with_annotation(annotation_id, self._jump)

    def _jump(self, info: AnnotationInfo) -> None:
        if self.comparison is None:
            return
        for target in info.targets:
            source = self.comparison.index_of(target.source_id)
            if target.placed and source in self.view.panes:
                self.view.reveal(source, target.start, target.end)
                return
        self._status("This annotation's words are not in the visible sources.")

    # -- verdicts on links ---------------------------------------------------------------------------------
    def judge(self, first: Span, second: Span, verdict: Verdict | None) -> None:
        """Confirm or reject the link between the passages at ``first`` and ``second`` (None: take back the
        word on it), as an undo step; the comparison is shown again with it once it is saved."""
        comparison = self.comparison
        if comparison is None:
            return
        if self.library.read_only:
            self._status(
                f"The library is read-only ({self.library.report.read_only}): links cannot be judged.", 8000
            )
            return
        ids = comparison.source_ids
        if self.attaching or first.source not in ids or second.source not in ids:
            self._status("Still matching this comparison with the library; try again in a moment.")
            return
        judged = comparison.alignment.judged
        said = judged.link(first, second) if judged is not None else None
        text = comparison.sources[first.source].text[first.start : first.end]
        self.annotations.judge(
            NewTarget(ids[first.source], first.start, first.end),
            NewTarget(ids[second.source], second.start, second.end),
            verdict,
            said.verdict.verdict if said is not None else None,
            text,
        )

    def apply_verdicts(self) -> None:
        """Read the verdicts on links (on the library's lane) and show the comparison with them."""
        comparison = self.comparison
        if comparison is None or self.attaching:
            return  # attaching applies them when it ends
        library, ids, alignment = self.library, dict(comparison.source_ids), comparison.alignment
        revision = comparison.revision

        def apply(judged: Alignment | None) -> None:
            # Shown only on the alignment it was worked out from: a newer one gets its own verdicts.
            if comparison is not self.comparison:
                return
            if comparison.revision != revision:
                self.apply_verdicts()  # it changed meanwhile (another verdict applied): read them again
                return
            if judged is not None:
                comparison.replace_alignment(judged)
            self.verdicts_applied.emit()

        self.runner.query(
            lambda: with_verdicts(library, ids, alignment),
            apply,
            lambda problem: self.message_bar.show_message(escape(problem)),
        )

    # -- a source's title, outlet and date -----------------------------------------------------------------
    def edit_details(self, source: int) -> None:
        """Let the user set the title, outlet and date of ``source``; saved off the GUI thread, then shown."""
        comparison = self.comparison
        if comparison is None or not 0 <= source < len(comparison.sources):
            return
        if self.library.read_only:
            self._status(
                f"The library is read-only ({self.library.report.read_only}): details cannot be saved."
            )
            return
        source_id = comparison.source_ids.get(source)
        if source_id is None:
            self._status("Still matching this comparison with the library; try again in a moment.")
            return
        dialog = SourceDetailsDialog(comparison.sources[source], comparison.as_read[source], self.window)
        if dialog.exec() != SourceDetailsDialog.DialogCode.Accepted or dialog.details is None:
            return
        details = dialog.details

        def saved(result: object, problem: str | None) -> None:
            if problem:
                self.message_bar.show_message(escape(problem))
            elif comparison is self.comparison:
                comparison.set_details(source, details)
                self.details_changed.emit()

        self.annotations.runner.change(
            lambda: self.library.set_source_details(source_id, details), saved, initiator=self
        )

    # -- exports -------------------------------------------------------------------------------------------
    def choose_export(self, default_path: str) -> str | None:
        """Ask what to export and where, then export; the path chosen (None when cancelled)."""
        if self.comparison is None:
            self._status("Open files to compare first.")
            return None
        from reader.export.formats import format_of_filter
        from reader.ui.export_dialog import FILTERS, ExportDialog

        dialog = ExportDialog(self.panel.tags, self.window)
        if not dialog.exec():
            return None
        path, chosen = QFileDialog.getSaveFileName(self.window, "Export comparison", default_path, FILTERS)
        if path:
            fmt = format_of_filter(chosen)
            self._export_in_background(path, fmt if not Path(path).suffix else None, dialog.options())
        return path or None

    def _export_in_background(self, path: str, fmt: str | None, options: ExportOptions) -> None:
        """The report's reads of the library on its lane; the file is written here, on the GUI thread,
        when they come back (the PDF writer paints with Qt)."""
        comparison = self.comparison
        if comparison is None:
            return
        alignment, library = comparison.alignment, comparison.library
        self.runner.query(
            lambda: build_report(alignment, library, options),
            partial(self._write_export, path, fmt),
            lambda problem: self.message_bar.show_message(escape(problem)),
        )

    def _write_export(self, path: str, fmt: str | None, report: Report) -> None:
        write_export(self.window, report, path, fmt, self.message_bar)

    def export_to(self, path: str, fmt: str | None = None, options: ExportOptions | None = None) -> bool:
        """Write the comparison on screen, with its annotations, to ``path``."""
        return self.comparison is not None and export_comparison(
            self.window, self.comparison, path, fmt, options, self.message_bar
        )

    # -- saved comparisons ---------------------------------------------------------------------------------
    def fill_recent_menu(self, menu: QMenu) -> None:
        """The comparisons read last, at once; then as the library has them now (read off the GUI thread)."""
        self._fill_recent(menu, self._recent)
        library = self.library
        self.annotations.query(lambda: library.comparisons(limit=10), partial(self._fill_recent, menu))

    def _fill_recent(self, menu: QMenu, recent: list[ComparisonInfo]) -> None:
        self._recent = recent
        menu.clear()
        for info in recent:
            menu.addAction(info.name, partial(self.open_requested.emit, info))
        if not recent:
            menu.addAction("No comparisons yet").setEnabled(False)

    def show_library(self) -> None:
        """The Library dialog, with the saved comparisons and fetched pages read off the GUI thread."""
        from reader.ui.library_dialog import LibraryDialog

        library = self.library

        def show(found: tuple[list[ComparisonInfo], list[SnapshotInfo]]) -> None:
            dialog = LibraryDialog(library, self.window, self.runner, found)
            if dialog.exec() and dialog.chosen is not None:
                self.open_requested.emit(dialog.chosen)

        self.annotations.query(lambda: (library.comparisons(), library.snapshots()), show)

    # -- changed sources -----------------------------------------------------------------------------------
    def _message_link(self, link: str) -> None:
        if link.startswith("changes:"):
            self.show_changes(int(link.split(":", 1)[1]))

    def show_changes(self, source_id: int) -> None:
        """The source's versions, the one before its last change against the current one."""
        comparison = self.comparison
        index = comparison.index_of(source_id) if comparison is not None else None
        if index is not None:
            self.versions_requested.emit(index)


def _lost_verdicts(comparison: Comparison) -> str:
    """The message that lists the user's verdicts on links whose words are no longer found in these sources
    (kept in the library, never deleted): empty when there are none."""
    judged = comparison.alignment.judged
    if judged is None or not judged.lost:
        return ""
    items = []
    for placed in judged.lost:
        verdict = placed.verdict
        words = " ".join(verdict.a.selector.exact.split())
        words = words[:60] + "…" if len(words) > 60 else words
        items.append(f"<br>• {escape(verdict.verdict)} on {verdict.decided_at:%Y-%m-%d}: “{escape(words)}”")
    return (
        f"<b>{len(judged.lost)} of your verdicts on links name words these sources no longer have.</b> "
        f"They are kept in the library and listed in exports.{''.join(items)}"
    )
