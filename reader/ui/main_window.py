"""The main window: a composition of parts. The comparison view (or the welcome page), the docks, the
actions (declared as data in ``actions``), the runner of background work (``operations``) and, once the library is open,
the library work (``window_library``) and the annotation panel.

The library is attached after the window is up (``attach_library``): the comparison paints first, and the
database layer loads after, so opening Reader is not held up by it.
"""

from __future__ import annotations

import os
from dataclasses import replace
from functools import partial
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from reader.comparison import Comparison, fetch_from_network, is_version, snapshot_first, version_path
from reader.core.alignment.align import Alignment, AlignOptions
from reader.core.alignment.verdicts import Span, Verdict
from reader.core.reading.fetch import is_url
from reader.core.reading.sources import OPENED_SUFFIXES, Source, SourceError, source_from_text
from reader.ui import actions as action_table
from reader.ui import placement, side_panel
from reader.ui.adding import AddressDialog, clipboard_urls, dropped
from reader.ui.comparison import ComparisonView
from reader.ui.copying import CopyingPanel
from reader.ui.details import DetailsPanel
from reader.ui.legend import Legend
from reader.ui.library_search import LibrarySearch
from reader.ui.library_wait import LibraryWait
from reader.ui.link_verdicts import LinkVerdictBar
from reader.ui.operations import Job, Runner
from reader.ui.overview import OverviewDock, overview_ahead
from reader.ui.settings import Settings
from reader.ui.status import StatusArea
from reader.ui.theme import Theme, current_theme
from reader.ui.widgets import FindBar, MessageBar, OptionsPanel, WelcomePage, make_dock, stacked
from reader.workspace import AlignmentChanged, Change, OptionsChanged, SourcesChanged, Workspace

if TYPE_CHECKING:  # the store loads SQLAlchemy: imported when the library is attached, after first paint
    from reader.export.report import ExportOptions
    from reader.store import ComparisonInfo, Library, VersionInfo
    from reader.ui.annotation_controller import AnnotationController
    from reader.ui.annotations import AnnotationPanel
    from reader.ui.window_library import LibraryWork

FILE_FILTER = f"Articles ({' '.join('*' + end for end in OPENED_SUFFIXES)});;All files (*)"
REALIGN_DELAY_MS = 300  # options typed in quick succession re-align once


Loaded = tuple[Comparison | None, list[SourceError]]


class MainWindow(QMainWindow):
    alignment_ready = Signal()  # a new alignment is on screen (tests and benchmarks wait for it)
    library_attached = Signal()
    comparison_attached = Signal()  # the comparison on screen is matched with the library: marks shown

    # Declared for the type checker: build_actions sets one attribute per row of the action table.
    open_action: QAction
    add_action: QAction
    undo_action: QAction
    redo_action: QAction
    annotate_action: QAction
    export_action: QAction
    library_action: QAction
    check_updates_action: QAction
    open_url_action: QAction
    sync_action: QAction
    measure_action: QAction

    def __init__(
        self, settings: QSettings, theme: Theme | None = None, library: Library | None = None
    ) -> None:
        super().__init__()
        self.settings = Settings(settings)
        self.theme = theme or current_theme()
        self.setWindowTitle("Reader")
        self.setAcceptDrops(True)
        # What the user has open (sources, order, hidden, options, the comparison on screen): the views
        # follow its changes.
        self.workspace = Workspace(self.settings.options)
        self.library: Library | None = None
        self.library_path: Path | None = None  # where the library is, also when it could not be opened
        self.annotations: AnnotationController | None = None
        self.annotation_panel: AnnotationPanel | None = None
        self.library_work: LibraryWork | None = None

        self.comparison = ComparisonView(self.theme, self.workspace)
        self.comparison.point_size = self.settings.point_size
        self.comparison.sync_scrolling = self.settings.sync_scrolling
        self.comparison.comfortable_measure = self.settings.comfortable_measure
        self.welcome = WelcomePage()
        self.find_bar = FindBar()
        self.find_bar.hide()
        self.message_bar = MessageBar()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.comparison)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.message_bar)
        column.addWidget(self.find_bar)
        self.legend = Legend(self.theme)  # in the layout, above the panes: never hidden, never over text
        self.legend.hide()  # with a comparison only
        self.stack.currentChanged.connect(
            lambda _: self.legend.setVisible(self.stack.currentWidget() is self.comparison)
        )
        column.addWidget(self.legend)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.details = DetailsPanel(self.theme)
        self.link_verdicts = LinkVerdictBar()  # a verdict asked for before the library is open waits for it
        self.details_dock = make_dock(
            self, side_panel.DETAILS_TITLE, "detailsDock", stacked(self.details, self.link_verdicts)
        )
        self.options_panel = OptionsPanel(self.settings.options)
        self.options_dock = make_dock(self, side_panel.SETTINGS_TITLE, "optionsDock", self.options_panel)
        self.copying = CopyingPanel(self.theme)
        self.copying_dock = make_dock(self, side_panel.COPYING_TITLE, "copyingDock", self.copying)
        placeholder = side_panel.placeholder(self.theme.muted.name())  # the panel, once the library is open
        self.annotations_dock = make_dock(self, side_panel.ANNOTATIONS_TITLE, "annotationsDock", placeholder)
        docks = (self.copying_dock, self.annotations_dock, self.details_dock, self.options_dock)
        side_panel.arrange(self, *docks)
        self.overview_dock = OverviewDock(self, self.theme, self.comparison)

        self.runner = Runner(None, self)  # its library is set when the library is attached
        self.library_wait = LibraryWait(self)
        self.library_search = LibrarySearch(self)  # Edit > Search library, Where else
        self.status = StatusArea(self.statusBar())
        self.progress, self.cancel_button = self.status.progress, self.status.cancel_button
        self.read_only_label = self.status.read_only_label

        self._realign_timer = QTimer(self)
        self._realign_timer.setSingleShot(True)
        self._realign_timer.setInterval(REALIGN_DELAY_MS)
        self._realign_timer.timeout.connect(self.start_alignment)

        self._create_actions()
        self._connect()
        placement.restore(self, self.settings, self.copying_dock, self.details_dock)
        if library is not None:
            self.attach_library(library)

    @property
    def paths(self) -> list[str]:
        """The sources open (or being opened), as the workspace has them."""
        return self.workspace.paths

    @property
    def current(self) -> Comparison | None:
        """The comparison on screen."""
        return self.workspace.comparison

    @property
    def alignment(self) -> Alignment | None:
        return self.current.alignment if self.current is not None else None

    @property
    def source_ids(self) -> dict[int, int]:
        """Alignment source index -> library source id, for the comparison on screen."""
        return self.current.source_ids if self.current is not None else {}

    @property
    def job(self) -> object | None:
        """The running alignment job, if any."""
        return self.runner.job

    # -- construction --------------------------------------------------------------------------------------
    def _create_actions(self) -> None:
        actions, places, toolbar = action_table.build_actions(self)
        for name, action in actions.items():
            setattr(self, name, action)
        self.sync_action.setChecked(self.comparison.sync_scrolling)
        self.measure_action.setChecked(self.comparison.comfortable_measure)
        for action in (self.undo_action, self.redo_action):
            action.setEnabled(False)  # until there is something to undo
        self.recent_menu = places[action_table.RECENT]
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.sources_menu = places[action_table.SOURCES]
        self.sources_menu.aboutToShow.connect(self._fill_sources_menu)
        self.docks_menu = places[action_table.DOCKS]
        for dock in (self.copying_dock, self.annotations_dock, self.details_dock, self.options_dock):
            self.docks_menu.addAction(dock.toggleViewAction())
        self.docks_menu.addAction(self.overview_dock.toggleViewAction())
        self.addToolBar(toolbar)
        self.toolbar: QToolBar = toolbar

    def _connect(self) -> None:
        self.welcome.sample_requested.connect(self.open_sample)
        self.welcome.open_requested.connect(self.choose_files)
        self.comparison.group_selected.connect(self._show_details)
        self.comparison.remove_requested.connect(self.remove_source)
        self.comparison.status_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.overview_dock.panel.status_message.connect(
            lambda text: self.statusBar().showMessage(text, 10000)
        )
        self.comparison.annotate_requested.connect(self.annotate)
        self.comparison.details_requested.connect(self.edit_details)
        self.comparison.versions_requested.connect(self.show_versions)
        self.copying.copy_chosen.connect(self.comparison.mark_copied)
        self.comparison.copied_marked.connect(self.legend.show_chosen)
        self.copying.passage_chosen.connect(self.comparison.show_beside)
        self.link_verdicts.link_chosen.connect(
            lambda one, other: self.comparison.show_beside(one.source, one.start, other.source, other.start)
        )
        self.link_verdicts.judge_requested.connect(self.judge_link)
        self.find_bar.find_requested.connect(self.comparison.find_text)
        self.find_bar.closed.connect(self.comparison.clear_find)
        self.options_panel.options_changed.connect(self._options_changed)
        self.cancel_button.clicked.connect(self.cancel_alignment)
        self.runner.progressed.connect(self.progress.setValue)
        self.runner.failed.connect(lambda message: self.message_bar.show_message(escape(message)))
        self.runner.stopped.connect(self.status.aligned)
        self.workspace.subscribe(self._workspace_changed)

    # -- the library ---------------------------------------------------------------------------------------
    def attach_library(self, library: Library) -> None:
        """Turn annotations on with ``library``: the annotation panel, undo, saved comparisons."""
        from reader.ui.choose_library import library_attaching
        from reader.ui.library_connection import connect_library

        library_attaching(self, library)  # the user's display name; the library named in the status bar
        connect_library(self, library)
        self.library_attached.emit()

    def judge_link(self, first: Span, second: Span, verdict: Verdict | None) -> None:
        self.library_wait.run(
            lambda work: work.judge(first, second, verdict),
            "The library is opening: your word on this link is saved as soon as it is open.",
            "The library is not open, so links cannot be confirmed or rejected.",
            on=self.current,
        )

    def edit_details(self, source: int) -> None:
        """The title, outlet and date of ``source``, as the user sets them (stored in the library)."""
        self.library_wait.run(
            lambda work: work.edit_details(source),
            "The library is opening: the details open as soon as it is open.",
            "Without a library, a source's details cannot be saved.",
            on=self.current,
        )

    def show_versions(self, source: int) -> None:
        """The timeline of ``source``'s texts, what changed between two of them, and side by side."""
        from reader.ui.versions import VersionsDialog, read_versions

        current, library = self.current, self.library
        source_id = current.source_ids.get(source) if current is not None else None
        if current is None or library is None or source_id is None:
            self.statusBar().showMessage(
                "Versions are kept in the library, and this source is not in it.", 6000
            )
            return

        def show(found: tuple[list[VersionInfo], list[tuple[str, str, str]]]) -> None:
            dialog = VersionsDialog(current.sources[source].name, found[0], self, found[1])
            dialog.compare_requested.connect(
                partial(self.compare_versions, current.sources[source], source_id)
            )
            dialog.exec()

        self.runner.query(lambda: read_versions(library, source_id), show)

    def compare_versions(self, source: Source, source_id: int, old: VersionInfo, new: VersionInfo) -> None:
        """Read two versions of one source side by side, as the sources of a comparison of their own (in
        memory: it is not saved, and File > Open recent goes back)."""
        sources = {}
        for version in (old, new):
            path = version_path(source_id, version.number)
            label = f"version {version.number}" + (" (current)" if version.revision_id is None else "")
            sources[path] = replace(source_from_text(version.text, path), title=f"{source.title} — {label}")
        self.message_bar.hide()
        self.workspace.open_sources(sources)

    def check_for_updates(self) -> None:
        """Sources > Check for updates: read every file again and fetch every page again; a source that
        changed gets a new version (its annotations re-anchored) and the message bar says which."""
        if not self.paths or self.workspace.in_memory:
            return
        self.workspace.read_again()
        self.start_alignment()

    def undo(self) -> None:
        if self.annotations is not None:
            self.annotations.undo()

    def redo(self) -> None:
        if self.annotations is not None:
            self.annotations.redo()

    def annotate(self) -> None:
        """Annotate what is selected now; while the library is still opening, once it is open."""
        chosen = (self.comparison.selection(), self.comparison.selected)
        self.library_wait.run(
            lambda work: work.annotate(chosen),
            "The library is opening: the annotation is made as soon as it is open.",
            on=self.current,
        )

    def export_to(self, path: str, fmt: str | None = None, options: ExportOptions | None = None) -> bool:
        """Write the comparison on screen, with its annotations, to ``path``."""
        from reader.ui.exporting import export_comparison

        if self.library_work is not None:
            return self.library_work.export_to(path, fmt, options)
        return self.current is not None and export_comparison(
            self, self.current, path, fmt, options, self.message_bar
        )

    def choose_export(self) -> None:
        if self.library_work is not None:
            written = self.library_work.choose_export(self.proposed_export_path())
            if written:
                self.settings.export_folder = str(Path(written).parent)

    def proposed_export_path(self) -> str:
        """The story's title (its first shown source's) as a file name, where the user exported last."""
        from reader.ui.export_dialog import proposed_path

        current = self.current
        title = ""
        if current is not None and current.alignment.sources:
            shown = self.workspace.visible() or [0]
            title = current.alignment.sources[shown[0]].title
        return proposed_path(title, self.settings.export_folder)

    def open_comparison(self, info: ComparisonInfo) -> None:
        """Reopen a saved comparison: its files, order, hidden sources and options."""
        self.workspace.set_options(AlignOptions.from_dict(info.options))  # the Settings tab follows
        self.message_bar.hide()
        self.workspace.restore(info.paths, info.paths, info.hidden)

    def show_library(self) -> None:
        self.library_wait.run(
            lambda work: work.show_library(), "The library is opening: it shows as soon as it is open."
        )

    def show_backups(self) -> None:
        from reader.ui.backups_dialog import show_backups

        if self.library_path is None:
            self.statusBar().showMessage("The library is not open yet.", 6000)
            return
        if self.library_work is not None:
            self.library_work.wait()  # sources being matched with the library: their writes end first
        show_backups(self, self.library_path)

    def _fill_recent_menu(self) -> None:
        if self.library_work is None:
            self.recent_menu.clear()
            self.recent_menu.addAction("The library is not open").setEnabled(False)
            return
        self.library_work.fill_recent_menu(self.recent_menu)

    # -- opening -------------------------------------------------------------------------------------------
    def choose_files(self, add: bool = False) -> None:
        first = self._first_file()
        start = os.path.dirname(first) if first else str(Path.home())
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Add files" if add else "Open files", start, FILE_FILTER
        )
        if paths:
            self.open_files(paths, add=add)

    def open_sample(self) -> None:
        from reader.resources import sample_story

        self.open_files([str(p) for p in sample_story()])

    def _first_file(self) -> str | None:
        """The first source that is a file (not a page): where file dialogs start."""
        return next((p for p in self.paths if not is_url(p) and not is_version(p)), None)

    def choose_urls(self) -> None:
        """File > Open URL…: web addresses, one per line, fetched and added to this comparison."""
        dialog = AddressDialog(self)
        dialog.chosen.connect(self._open_urls)
        dialog.open()

    def _open_urls(self, urls: list[str], problem: str) -> None:
        if problem:
            self.message_bar.show_message(escape(problem))
        if urls:
            self.open_files(urls, add=bool(self.paths))

    def paste_links(self) -> bool:
        """Ctrl+V outside a text field: web addresses on the clipboard are fetched and added. False when the
        clipboard holds none."""
        urls = clipboard_urls()
        if urls:
            self.open_files(urls, add=bool(self.paths))
        return bool(urls)

    def open_files(self, paths: list[str], add: bool = False, offline: bool = False) -> None:
        """Open files and URLs (``add``: to this comparison). ``offline``: a URL is read from its newest
        snapshot in the library (reopening a comparison), not fetched again."""
        self.message_bar.hide()
        self.workspace.open(paths, add=add, offline=offline)

    def restore_last(self) -> bool:
        """Reopen the last comparison; False when there is none."""
        files = self.settings.files
        if not files:
            return False
        self.message_bar.hide()
        self.workspace.restore(files, self.settings.display_order, self.settings.hidden)
        return True

    def remove_source(self, source: int) -> None:
        if self.current is None:
            return
        if len(self.paths) <= 1:
            self.statusBar().showMessage("The last source cannot be removed; open other files instead.", 6000)
            return
        self.workspace.remove(self.current.paths[source])

    # -- alignment -----------------------------------------------------------------------------------------
    def _options_changed(self, options: AlignOptions) -> None:
        self.workspace.set_options(options)
        self.settings.options = options
        if self.paths:
            self._realign_timer.start()

    def start_alignment(self) -> None:
        if not self.paths:
            return
        workspace = self.workspace
        fetcher = snapshot_first(self.library) if workspace.offline and self.library else fetch_from_network
        paths, options, known, cache = (
            list(self.paths),
            workspace.options,
            dict(workspace.known),
            workspace.cache,
        )

        def load(job: Job[Loaded]) -> Loaded:
            comparison, errors = Comparison.load(paths, options, known, job.progress, fetcher, cache)
            if comparison is not None:
                overview_ahead(comparison.alignment)
            return comparison, errors

        self.runner.start(
            load,
            self._alignment_done,
            lambda error: f"Alignment failed: {error}",
        )
        self.status.aligning(fetching=any(is_url(p) and p not in workspace.known for p in self.paths))

    def cancel_alignment(self, quietly: bool = False) -> None:
        """Stop the running alignment; the comparison on screen stays. Never waits for the worker."""
        if self.runner.cancel() and not quietly:
            self.statusBar().showMessage("Alignment cancelled.", 4000)

    def _alignment_done(self, loaded: Loaded) -> None:
        comparison, errors = loaded
        if errors:
            self.message_bar.show_problems(errors)
        self.workspace.receive(comparison)
        self.save_work_cache()

    def save_work_cache(self) -> None:
        """Write the work cache beside the library, on a thread of its own (a failure is a line in the log:
        the cache is a convenience, never a problem for the user)."""
        cache = self.workspace.cache
        if cache.path is not None:
            self.runner.beside(
                cache.save, lambda _: None, lambda error: f"The work cache was not saved: {error}"
            )

    def _workspace_changed(self, change: Change) -> None:
        if isinstance(change, SourcesChanged):
            self.start_alignment()
        elif isinstance(change, OptionsChanged):
            self.options_panel.set_options(change.options)  # no signal back: set_options blocks them
        elif isinstance(change, AlignmentChanged) and not change.replaced:
            self._show_comparison(change)

    def _show_comparison(self, change: AlignmentChanged) -> None:
        """Another comparison is current: every part of the window shows it."""
        comparison = change.comparison
        if comparison is None:
            self.stack.setCurrentWidget(self.welcome)
            self.status.summarize(None)
            self.copying.set_alignment(None)
            self.overview_dock.set_alignment(None)
            return
        # Many sources shown two at a time only for a story opened anew: not one the user arranged and saved
        # (reopened), nor the one on screen with a source added or removed.
        if change.new_story:
            self.overview_dock.arrange(self.workspace)
        self.comparison.set_alignment(comparison.alignment)
        self.copying.set_alignment(comparison.alignment)
        self.overview_dock.set_alignment(comparison.alignment, comparison)
        self.stack.setCurrentWidget(self.comparison)
        self.details.clear_details()
        self.link_verdicts.show_links([])
        self.status.summarize(comparison)
        first = comparison.sources[comparison.order[0]].title if comparison.order else ""
        self.setWindowTitle(f"Reader — {first}" if first else "Reader")
        if self.workspace.in_memory:  # versions side by side: in memory, neither saved nor imported
            if self.library_work is not None:
                self.library_work.forget()  # nothing to annotate in the library: not the story before
            self.alignment_ready.emit()
            return
        self._save_comparison()
        if self.library_work is not None:
            self.library_work.attach(comparison)
        self.alignment_ready.emit()

    # -- view ----------------------------------------------------------------------------------------------
    def _show_details(self, group_id: int) -> None:
        if self.alignment is not None:
            self.details.show_group(self.alignment, group_id, self.comparison.order)
            self.link_verdicts.show_group(self.alignment, group_id, self.comparison.focus_source)

    def find_next(self) -> None:
        self.comparison.find_text(self.find_bar.field.text(), True)

    def find_previous(self) -> None:
        self.comparison.find_text(self.find_bar.field.text(), False)

    def zoom(self, steps: int) -> None:
        self.comparison.zoom(steps)
        self.settings.point_size = self.comparison.point_size

    def toggle_measure(self, on: bool) -> None:
        self.comparison.set_comfortable_measure(on)
        self.settings.comfortable_measure = on

    def toggle_sync(self, enabled: bool) -> None:
        self.comparison.set_sync_scrolling(enabled)
        self.settings.sync_scrolling = enabled

    def _fill_sources_menu(self) -> None:
        self.comparison.fill_sources_menu(self.sources_menu, self.remove_source, self.add_action)
        self.sources_menu.addAction(self.check_updates_action)

    def show_about(self) -> None:
        from reader.ui.about import about_text

        QMessageBox.about(self, "About Reader", about_text())

    # -- persistence ---------------------------------------------------------------------------------------
    def fit_to_screen(self) -> None:
        placement.fit_to_screen(self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_to_screen()  # the layout's minimum, known only now, may have widened it

    def _save_comparison(self) -> None:
        """The one place the workspace is saved in the settings (``restore_last`` reopens it)."""
        self.settings.files, self.settings.display_order, self.settings.hidden = self.workspace.saved()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.annotation_panel is not None:
            self.annotation_panel.save_note()  # a note typed a moment ago is not lost
        self.runner.shutdown()
        if self.annotations is not None:
            self.annotations.finish()  # the writes asked for are committed before the library closes
        if self.library_work is not None:
            self.library_work.wait()
        if self.alignment is not None:
            self._save_comparison()
        self.settings.set_window_state("geometry", self.saveGeometry())
        self.settings.set_window_state("state", self.saveState(side_panel.STATE_VERSION))
        self.settings.sync()
        super().closeEvent(event)

    # -- drag and drop -------------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped(event.mimeData())
        if paths:
            self.open_files(paths, add=bool(self.paths))
            event.acceptProposedAction()
