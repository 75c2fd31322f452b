"""The main window: menus and toolbar, the comparison (or the welcome page), details and options docks."""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from reader.comparison import Comparison
from reader.core.align import Alignment, AlignOptions
from reader.core.sources import Source
from reader.export.report import ExportOptions
from reader.store import ComparisonInfo, Library
from reader.ui.annotations import AnnotationController, AnnotationPanel
from reader.ui.comparison import ComparisonView
from reader.ui.details import DetailsPanel
from reader.ui.settings import Settings
from reader.ui.theme import Theme, current_theme
from reader.ui.widgets import FindBar, Legend, MessageBar, OptionsPanel, WelcomePage
from reader.ui.window_library import LibraryWork
from reader.ui.worker import AlignJob, JobResult

FILE_FILTER = "Articles (*.txt *.md *.markdown *.html *.htm);;All files (*)"
REALIGN_DELAY_MS = 300  # options typed in quick succession re-align once


def sample_files() -> list[Path]:
    """The sample story that ships with Reader."""
    from reader.resources import sample_story

    return sample_story()


class MainWindow(QMainWindow):
    alignment_ready = Signal()  # a new alignment is on screen (tests and benchmarks wait for it)

    def __init__(
        self, settings: QSettings, theme: Theme | None = None, library: Library | None = None
    ) -> None:
        super().__init__()
        self.library = library
        self.settings = Settings(settings)
        self.theme = theme or current_theme()
        self.setWindowTitle("Reader")
        self.setAcceptDrops(True)
        self.paths: list[str] = []
        self.known: dict[str, Source] = {}
        self.current: Comparison | None = None  # the comparison on screen
        self.job: AlignJob | None = None
        self._jobs: set[AlignJob] = set()
        self._pending_order: list[str] | None = None
        self._pending_hidden: list[str] | None = None

        self.comparison = ComparisonView(self.theme)
        self.comparison.point_size = self.settings.point_size
        self.comparison.sync_scrolling = self.settings.sync_scrolling
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
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.details = DetailsPanel(self.theme)
        self.details_dock = self._dock("Passage details", "detailsDock", self.details)
        self.options_panel = OptionsPanel(self.settings.options)
        self.options_dock = self._dock("Alignment options", "optionsDock", self.options_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.options_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.details_dock)
        self.annotations: AnnotationController | None = None
        self.annotation_panel: AnnotationPanel | None = None
        self.library_work: LibraryWork | None = None
        if library is not None:
            self.annotations = AnnotationController(library, self)
            self.annotation_panel = AnnotationPanel(self.annotations)
            self.annotations_dock = self._dock("Annotations", "annotationsDock", self.annotation_panel)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.annotations_dock)
            self.tabifyDockWidget(self.options_dock, self.annotations_dock)
            self.annotations_dock.raise_()
            self.library_work = LibraryWork(
                self,
                library,
                self.annotations,
                self.annotation_panel,
                self.annotations_dock,
                self.comparison,
                self.message_bar,
            )

        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setRange(0, 100)
        self.cancel_button = QPushButton("Cancel")
        self.summary_label = QLabel()
        self.statusBar().addPermanentWidget(self.summary_label)
        self.read_only_label = QLabel("Library read-only")
        self.read_only_label.setObjectName("readOnlyLabel")
        self.read_only_label.setAccessibleName("The annotation library is read-only")
        if library is not None and library.read_only:
            # Said for as long as it is true, not only in the message bar that opening files clears.
            self.read_only_label.setToolTip(library.report.message or "")
            self.statusBar().addPermanentWidget(self.read_only_label)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()

        self._realign_timer = QTimer(self)
        self._realign_timer.setSingleShot(True)
        self._realign_timer.setInterval(REALIGN_DELAY_MS)
        self._realign_timer.timeout.connect(self.start_alignment)

        self._create_actions()
        self._connect()
        self._restore_window()

    @property
    def alignment(self) -> Alignment | None:
        return self.current.alignment if self.current is not None else None

    @property
    def source_ids(self) -> dict[int, int]:
        """Alignment source index -> library source id, for the comparison on screen."""
        return self.current.source_ids if self.current is not None else {}

    # -- construction --------------------------------------------------------------------------------------
    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        return dock

    def _action(
        self, text: str, shortcut: QKeySequence | str | list | None, handler, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts(
                [QKeySequence(s) if not isinstance(s, QKeySequence) else s for s in shortcuts]
            )
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(handler)
        return action

    def _create_actions(self) -> None:
        self.open_action = self._action(
            "&Open…", QKeySequence.StandardKey.Open, self.choose_files, "Open files to compare"
        )
        self.add_action = self._action(
            "&Add files…", "Ctrl+Shift+O", lambda: self.choose_files(add=True), "Add files to this comparison"
        )
        self.sample_action = self._action("Open the &sample story", None, self.open_sample)
        quit_action = self._action("&Quit", QKeySequence.StandardKey.Quit, self.close)
        self.find_action = self._action(
            "&Find…", QKeySequence.StandardKey.Find, self.find_bar.open_bar, "Find in all sources (Ctrl+F)"
        )
        find_next = self._action(
            "Find &next",
            QKeySequence.StandardKey.FindNext,
            lambda: self.comparison.find(self.find_bar.field.text(), True),
        )
        find_previous = self._action(
            "Find pre&vious",
            QKeySequence.StandardKey.FindPrevious,
            lambda: self.comparison.find(self.find_bar.field.text(), False),
        )
        self.next_difference = self._action(
            "&Next difference",
            "Alt+Down",
            lambda: self.comparison.next_difference(True),
            "Next reworded or added passage (Alt+Down)",
        )
        self.previous_difference = self._action(
            "&Previous difference",
            "Alt+Up",
            lambda: self.comparison.next_difference(False),
            "Previous reworded or added passage (Alt+Up)",
        )
        self.next_addition = self._action(
            "Next a&ddition",
            "Alt+Shift+Down",
            lambda: self.comparison.next_difference(True, True),
            "Next passage found in this source only (Alt+Shift+Down)",
        )
        self.previous_addition = self._action(
            "Previous add&ition",
            "Alt+Shift+Up",
            lambda: self.comparison.next_difference(False, True),
            "Previous passage found in this source only (Alt+Shift+Up)",
        )
        self.zoom_in = self._action(
            "Zoom &in",
            [QKeySequence.StandardKey.ZoomIn, "Ctrl+="],
            lambda: self._zoom(1),
            "Larger text (Ctrl++)",
        )
        self.zoom_out = self._action(
            "Zoom &out", QKeySequence.StandardKey.ZoomOut, lambda: self._zoom(-1), "Smaller text (Ctrl+-)"
        )
        self.sync_action = self._action(
            "&Synchronized scrolling",
            "Ctrl+Shift+Y",
            self._toggle_sync,
            "Scroll all sources together, by alignment",
        )
        self.sync_action.setCheckable(True)
        self.sync_action.setChecked(self.comparison.sync_scrolling)
        about = self._action("&About Reader", None, self.show_about)
        self.annotate_action = self._action(
            "&Annotate",
            "Ctrl+T",
            self.annotate,
            "Tag or note the selected words, or the clicked passage in every source (Ctrl+T)",
        )
        self.annotate_action.setEnabled(self.annotations is not None)
        if self.annotations is not None:
            self.undo_action = self.annotations.undo_stack.createUndoAction(self, "&Undo")
            self.undo_action.setShortcuts([QKeySequence.StandardKey.Undo])
            self.redo_action = self.annotations.undo_stack.createRedoAction(self, "&Redo")
            self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.StandardKey.Redo])

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        for action in (self.open_action, self.add_action, self.sample_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        self.export_action = self._action(
            "&Export…", "Ctrl+E", self.choose_export, "Export to HTML, Markdown, PDF, JSON or CSV"
        )
        file_menu.addAction(self.export_action)
        if self.library is not None:
            self.recent_menu = file_menu.addMenu("Open &recent")
            self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
            file_menu.addAction(
                self._action("&Library…", "Ctrl+L", self.show_library, "All saved comparisons")
            )
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        edit_menu = menu.addMenu("&Edit")
        if self.annotations is not None:
            edit_menu.addAction(self.undo_action)
            edit_menu.addAction(self.redo_action)
            edit_menu.addSeparator()
        edit_menu.addAction(self.annotate_action)
        edit_menu.addSeparator()
        for action in (self.find_action, find_next, find_previous):
            edit_menu.addAction(action)
        view_menu = menu.addMenu("&View")
        for action in (self.zoom_in, self.zoom_out, self.sync_action):
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.options_dock.toggleViewAction())
        view_menu.addAction(self.details_dock.toggleViewAction())
        if self.annotation_panel is not None:
            view_menu.addAction(self.annotations_dock.toggleViewAction())
        go_menu = menu.addMenu("&Go")
        for action in (
            self.next_difference,
            self.previous_difference,
            self.next_addition,
            self.previous_addition,
        ):
            go_menu.addAction(action)
        self.sources_menu = menu.addMenu("&Sources")
        self.sources_menu.aboutToShow.connect(self._fill_sources_menu)
        menu.addMenu("&Help").addAction(about)

        toolbar = QToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.open_action, self.add_action):
            toolbar.addAction(action)
        toolbar.addSeparator()
        self.previous_difference.setIconText("▲ Difference")
        self.next_difference.setIconText("▼ Difference")
        self.previous_addition.setIconText("▲ Addition")
        self.next_addition.setIconText("▼ Addition")
        for action in (
            self.previous_difference,
            self.next_difference,
            self.previous_addition,
            self.next_addition,
        ):
            toolbar.addAction(action)
        toolbar.addSeparator()
        self.annotate_action.setIconText("Annotate")
        toolbar.addAction(self.annotate_action)
        toolbar.addSeparator()
        self.sync_action.setIconText("Sync scroll")
        toolbar.addAction(self.sync_action)
        self.find_action.setIconText("Find")
        toolbar.addAction(self.find_action)
        self.zoom_out.setIconText("A−")
        self.zoom_in.setIconText("A+")
        toolbar.addAction(self.zoom_out)
        toolbar.addAction(self.zoom_in)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(Legend(self.theme))
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    def _connect(self) -> None:
        self.welcome.sample_requested.connect(self.open_sample)
        self.welcome.open_requested.connect(self.choose_files)
        self.comparison.group_selected.connect(self._show_details)
        self.comparison.remove_requested.connect(self.remove_source)
        self.comparison.status_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.find_bar.find_requested.connect(self.comparison.find)
        self.find_bar.closed.connect(self.comparison.clear_find)
        self.options_panel.options_changed.connect(self._options_changed)
        self.cancel_button.clicked.connect(self.cancel_alignment)
        self.comparison.annotate_requested.connect(self.annotate)
        if self.annotations is not None and self.library_work is not None:
            # Store messages name files and tags: shown as text, never as markup.
            self.annotations.error.connect(lambda message: self.message_bar.show_message(escape(message)))
            self.library_work.open_requested.connect(self.open_comparison)
        if self.library is not None and self.library.report.message:
            self.message_bar.show_message(escape(self.library.report.message))

    # -- opening -------------------------------------------------------------------------------------------
    def choose_files(self, add: bool = False) -> None:
        start = os.path.dirname(self.paths[0]) if self.paths else str(Path.home())
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Add files" if add else "Open files", start, FILE_FILTER
        )
        if paths:
            self.open_files(paths, add=add)

    def open_sample(self) -> None:
        self.open_files([str(p) for p in sample_files()])

    def open_files(self, paths: list[str], add: bool = False) -> None:
        paths = [os.path.abspath(os.fspath(p)) for p in paths]
        if not add:
            self.known = {}  # opening reads the files again: they may have changed
        combined = (self.paths if add else []) + paths
        self.paths = list(dict.fromkeys(combined))
        self.message_bar.hide()
        self.start_alignment()

    def restore_last(self) -> bool:
        """Reopen the last comparison; False when there is none."""
        files = self.settings.files
        if not files:
            return False
        self._pending_order, self._pending_hidden = self.settings.display_order, self.settings.hidden
        self.open_files(files)
        return True

    # -- alignment -----------------------------------------------------------------------------------------
    def _options_changed(self, options: AlignOptions) -> None:
        self.settings.options = options
        if self.paths:
            self._realign_timer.start()

    def start_alignment(self) -> None:
        if not self.paths:
            return
        self.cancel_alignment(quietly=True)
        job = AlignJob(self.paths, self.options_panel.options(), self.known)
        job.progressed.connect(self._job_progressed)
        job.succeeded.connect(self._alignment_done)
        job.failed.connect(self._alignment_failed)
        job.cancelled.connect(self._alignment_cancelled)
        self.job = job
        # A QThread must outlive its thread: keep every job until it has really finished, and drop them
        # only here, never from one of its own signals (the thread may still be winding down then).
        self._jobs = {old for old in self._jobs if not old.isFinished()}
        self._jobs.add(job)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.statusBar().showMessage("Aligning…")
        job.start()

    def cancel_alignment(self, quietly: bool = False) -> None:
        """Stop the running alignment; the comparison on screen stays. Never waits for the worker."""
        job, self.job = self.job, None
        if job is not None:
            job.cancel()
            self._job_ended()
            if not quietly:
                self.statusBar().showMessage("Alignment cancelled.", 4000)

    def _current(self) -> bool:
        """Is the signal being handled from the current job (not from one cancelled or replaced)?"""
        return self.sender() is not None and self.sender() is self.job

    @Slot(int)
    def _job_progressed(self, percent: int) -> None:
        if self._current():
            self.progress.setValue(percent)

    def _job_ended(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()

    @Slot()
    def _alignment_cancelled(self) -> None:
        if self._current():
            self.job = None
            self._job_ended()

    @Slot(str)
    def _alignment_failed(self, message: str) -> None:
        if not self._current():
            return
        self.job = None
        self._job_ended()
        self.message_bar.show_message(message)

    @Slot(object)
    def _alignment_done(self, result: JobResult) -> None:
        if not self._current():
            return
        self.job = None
        self._job_ended()
        self.statusBar().clearMessage()
        if result.errors:
            lines = "".join(f"<br>• {escape(str(error))}" for error in result.errors)
            count = len(result.errors)
            self.message_bar.show_message(
                f"<b>{count} file{'s' if count > 1 else ''} could not be opened:</b>{lines}"
            )
        comparison = result.comparison
        if comparison is None:
            self.paths = []
            self.current = None
            self.stack.setCurrentWidget(self.welcome)
            self.summary_label.clear()
            return
        self.paths = list(comparison.paths)
        previous = self._display_paths()
        if self._pending_order is not None:
            comparison.arrange(self._pending_order, self._pending_hidden or [])
        else:
            comparison.arrange(*previous)
        self._pending_order = self._pending_hidden = None
        self.current = comparison
        self.known.update(zip(comparison.paths, comparison.sources, strict=True))
        self.comparison.set_alignment(comparison.alignment, comparison.order, comparison.hidden)
        self.stack.setCurrentWidget(self.comparison)
        self.details.clear_details()
        self._update_summary()
        self._update_title()
        self._save_comparison()
        if self.library_work is not None:
            self.library_work.attach(comparison)
        self.alignment_ready.emit()

    def _display_paths(self) -> tuple[list[str], list[str]]:
        """The paths on screen in display order, and those hidden (the view may have moved panes)."""
        if self.current is None:
            return [], []
        self.current.order = list(self.comparison.order)
        self.current.hidden = set(self.comparison.hidden)
        return self.current.display_paths()

    def remove_source(self, source: int) -> None:
        path = self.alignment.sources[source].path
        if len(self.paths) <= 1:
            self.statusBar().showMessage("The last source cannot be removed; open other files instead.", 6000)
            return
        self.paths = [p for p in self.paths if p != path]
        self.start_alignment()

    # -- the library (LibraryWork does the work) -----------------------------------------------------------
    def annotate(self) -> None:
        if self.library_work is not None:
            self.library_work.annotate()

    def export_to(self, path: str, fmt: str | None = None, options: ExportOptions | None = None) -> bool:
        if self.library_work is None or self.current is None:
            from reader.export.formats import ExportError, export

            if self.current is None:
                return False
            try:
                export(self.current.report(options), path, fmt)
            except ExportError as error:
                self.message_bar.show_message(escape(str(error)))
                return False
            return True
        return self.library_work.export_to(path, fmt, options)

    def choose_export(self) -> None:
        if self.library_work is not None:
            start = str(Path(self.paths[0]).with_suffix(".html")) if self.paths else "comparison.html"
            self.library_work.choose_export(start)

    def open_comparison(self, info: ComparisonInfo) -> None:
        """Reopen a saved comparison: its files, order, hidden sources and options."""
        self.options_panel.set_options(AlignOptions.from_dict(info.options))
        self._pending_order, self._pending_hidden = list(info.paths), list(info.hidden)
        self.open_files(list(info.paths))

    def show_library(self) -> None:
        if self.library_work is not None:
            self.library_work.show_library()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        if self.library_work is not None:
            self.library_work.fill_recent_menu(
                self.recent_menu.addAction,
                lambda: self.recent_menu.addAction("No comparisons yet").setEnabled(False),
            )

    # -- view ----------------------------------------------------------------------------------------------
    def _show_details(self, group_id: int) -> None:
        if self.alignment is not None:
            self.details.show_group(self.alignment, group_id, self.comparison.order)

    def _zoom(self, steps: int) -> None:
        self.comparison.zoom(steps)
        self.settings.point_size = self.comparison.point_size

    def _toggle_sync(self, enabled: bool) -> None:
        self.comparison.set_sync_scrolling(enabled)
        self.settings.sync_scrolling = enabled

    def _fill_sources_menu(self) -> None:
        menu = self.sources_menu
        menu.clear()
        if self.alignment is None:
            menu.addAction("No sources open").setEnabled(False)
            return
        for source in self.comparison.order:
            name = self.alignment.sources[source].name
            action = menu.addAction(f"Show {name}")
            action.setCheckable(True)
            action.setChecked(source not in self.comparison.hidden)
            action.toggled.connect(lambda shown, s=source: self.comparison.hide_source(s, not shown))
        menu.addSeparator()
        remove = menu.addMenu("Remove from comparison")
        for source in self.comparison.order:
            remove.addAction(self.alignment.sources[source].name, lambda s=source: self.remove_source(s))
        menu.addSeparator()
        menu.addAction(self.add_action)

    def _update_summary(self) -> None:
        alignment = self.alignment
        counts = alignment.kind_counts()
        self.summary_label.setText(
            f"{len(alignment.sources)} sources · {counts['verbatim']} shared verbatim · "
            f"{counts['reworded']} reworded · {counts['unique']} additions"
        )

    def _update_title(self) -> None:
        titles = [self.alignment.sources[i].title for i in self.comparison.order[:1]]
        suffix = f" — {titles[0]}" if titles else ""
        self.setWindowTitle(f"Reader{suffix}")

    def show_about(self) -> None:
        from reader.ui.about import about_text

        QMessageBox.about(self, "About Reader", about_text())

    # -- persistence ---------------------------------------------------------------------------------------
    def _restore_window(self) -> None:
        geometry = self.settings.window_state("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1500, 900)
        state = self.settings.window_state("state")
        if state is not None:
            self.restoreState(state)

    def _save_comparison(self) -> None:
        order, hidden = self._display_paths()
        self.settings.files = self.paths
        self.settings.display_order = order
        self.settings.hidden = hidden

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.annotation_panel is not None:
            self.annotation_panel.save_note()  # a note typed a moment ago is not lost
        self.cancel_alignment(quietly=True)
        for job in list(self._jobs):
            job.wait()
        if self.alignment is not None:
            self._save_comparison()
        self.settings.set_window_state("geometry", self.saveGeometry())
        self.settings.set_window_state("state", self.saveState())
        self.settings.sync()
        super().closeEvent(event)

    # -- drag and drop -------------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.open_files(paths, add=bool(self.paths))
            event.acceptProposedAction()
