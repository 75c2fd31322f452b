"""The main window's work with the library: annotating, changed sources, exports, saved comparisons.

A mixin of ``MainWindow`` (kept apart so each module has one responsibility); it uses the window's
``library``, ``annotations``, ``annotation_panel``, ``comparison``, ``alignment`` and ``source_ids``.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog

from reader.core.align import Alignment, AlignOptions
from reader.export.report import ExportOptions
from reader.store import DEFAULT_TAG_COLOR, ComparisonInfo, NewTarget, StoreError


class LibraryFeatures:
    def _sync_library(self, alignment: Alignment) -> None:
        """Import the sources (re-anchoring annotations of changed ones) and remember the comparison."""
        if self.annotations is None:
            return
        changed = []
        self.source_ids = {}
        if self.library.read_only:
            # Nothing can be stored: annotations are shown where they fall on these texts, in memory.
            found = self.annotations.run(lambda: self.library.placed_annotations(alignment.sources))
            self.source_ids = found[0] if found else {}
            self.annotation_panel.set_sources(
                {sid: alignment.sources[i].name for i, sid in self.source_ids.items()}
            )
            self._refresh_annotation_marks()
            return
        for index, source in enumerate(alignment.sources):
            report = self.annotations.run(lambda s=source: self.library.import_source(s))
            if report is not None:
                self.source_ids[index] = report.source_id
                if report.status == "changed":
                    changed.append(report)
        order, hidden = self._display_paths()
        self.annotations.run(lambda: self.library.save_comparison(order, alignment.options.to_dict(), hidden))
        self.annotation_panel.set_sources(
            {sid: alignment.sources[i].name for i, sid in self.source_ids.items()}
        )
        self._refresh_annotation_marks()
        if changed:
            lines = "".join(
                f"<br>• {escape(r.message)} <a href='changes:{r.source_id}'>Show what changed</a>"
                for r in changed
            )
            self.message_bar.show_message(f"<b>Sources changed since they were last opened.</b>{lines}")

    def _refresh_annotation_marks(self) -> None:
        if self.annotations is None or self.alignment is None:
            return
        index_of = {sid: i for i, sid in self.source_ids.items()}
        colors = {t.name: t.color for t in self.annotations.tags()}
        if self.library.read_only:
            placed = self.annotations.run(lambda: self.library.placed_annotations(self.alignment.sources))
            found = placed[1] if placed else []
        else:
            found = self.annotations.run(lambda: self.library.annotations(list(index_of))) or []
        marks: dict[int, list[tuple[int, int, QColor]]] = {}
        for info in found:
            color = QColor(colors.get(info.tags[0], DEFAULT_TAG_COLOR) if info.tags else DEFAULT_TAG_COLOR)
            for target in info.targets:
                if target.placed and target.source_id in index_of:
                    marks.setdefault(index_of[target.source_id], []).append((target.start, target.end, color))
        self.comparison.set_annotation_marks(marks)

    def annotate(self) -> None:
        """Annotate the selected words, or else the selected passage in every source that carries it."""
        if self.annotations is None or self.alignment is None:
            return
        if self.library.read_only:
            self.statusBar().showMessage(
                f"The library is read-only ({self.library.report.read_only}): annotations cannot be added.",
                8000,
            )
            return
        selection = self.comparison.selection()
        if selection is not None:
            source, start, end = selection
            targets = [NewTarget(self.source_ids[source], start, end)] if source in self.source_ids else []
        elif self.comparison.selected is not None:
            group = self.alignment.group_by_id[self.comparison.selected]
            targets = [
                NewTarget(self.source_ids[m.source], m.start, m.end)
                for m in group.members
                if m.source in self.source_ids
            ]
        else:
            self.statusBar().showMessage("Select words in a pane, or click a passage, then annotate.", 6000)
            return
        if not targets:
            return
        info = self.annotations.create(targets)
        if info is not None:
            self.annotations_dock.show()
            self.annotations_dock.raise_()
            self.annotation_panel.select(info.id)
            self.annotation_panel.note.setFocus()

    def jump_to_annotation(self, annotation_id: int) -> None:
        info = self.annotations.fresh(annotation_id) if self.annotations else None
        if info is None:
            return
        index_of = {sid: i for i, sid in self.source_ids.items()}
        for target in info.targets:
            source = index_of.get(target.source_id)
            if target.placed and source in self.comparison.panes:
                self.comparison.reveal(source, target.start, target.end)
                return
        self.statusBar().showMessage("This annotation's words are not in the visible sources.", 6000)

    def choose_export(self) -> None:
        if self.alignment is None:
            self.statusBar().showMessage("Open files to compare first.", 6000)
            return
        from reader.ui.export_dialog import FILTERS, ExportDialog

        dialog = ExportDialog(self.annotations.tags() if self.annotations else [], self)
        if not dialog.exec():
            return
        start = str(Path(self.paths[0]).with_suffix(".html")) if self.paths else "comparison.html"
        path, chosen = QFileDialog.getSaveFileName(self, "Export comparison", start, FILTERS)
        if path:
            fmt = {"HTML": "html", "Markd": "md", "PDF r": "pdf", "Web A": "json", "CSV f": "csv"}.get(
                chosen[:5]
            )
            self.export_to(path, fmt if not Path(path).suffix else None, dialog.options())

    def export_to(self, path: str, fmt: str | None = None, options: ExportOptions | None = None) -> bool:
        """Write the comparison on screen, with its annotations, to ``path``."""
        from reader.export.formats import ExportError, export
        from reader.export.report import build_report

        try:
            report = build_report(self.alignment, self.library, options)
            used = export(report, path, fmt)
        except (ExportError, StoreError) as error:
            self.message_bar.show_message(escape(str(error)))
            return False
        self.statusBar().showMessage(f"Exported {used.upper()} to {path}.", 8000)
        return True

    def open_comparison(self, info: ComparisonInfo) -> None:
        """Reopen a saved comparison: its files, order, hidden sources and options."""
        self.options_panel.set_options(AlignOptions.from_dict(info.options))
        self._pending_order, self._pending_hidden = list(info.paths), list(info.hidden)
        self.open_files(list(info.paths))

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.annotations.run(lambda: self.library.comparisons(limit=10)) or []
        for info in recent:
            self.recent_menu.addAction(info.name, lambda i=info: self.open_comparison(i))
        if not recent:
            self.recent_menu.addAction("No comparisons yet").setEnabled(False)

    def show_library(self) -> None:
        from reader.ui.library_dialog import LibraryDialog

        dialog = LibraryDialog(self.library, self)
        if dialog.exec() and dialog.chosen is not None:
            self.open_comparison(dialog.chosen)

    def _message_link(self, link: str) -> None:
        if link.startswith("changes:") and self.library is not None:
            self.show_changes(int(link.split(":", 1)[1]))

    def show_changes(self, source_id: int) -> None:
        from reader.ui.changes import ChangesDialog

        index = next((i for i, sid in self.source_ids.items() if sid == source_id), None)
        previous = self.library.previous_text(source_id)
        if index is None or previous is None:
            return
        ChangesDialog(self.alignment.sources[index], previous, self).exec()
