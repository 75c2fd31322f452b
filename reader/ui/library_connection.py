"""Turning annotations on in the window once its library is open: the panel, undo, marks, live changes
and the offline state; and what the window shows when sources or verdicts change under it."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from reader.comparison import Comparison
from reader.store import Library
from reader.ui.actions import follow_undo_stack
from reader.ui.link_verdicts import selected_passage
from reader.ui.live_changes import follow_library
from reader.ui.offline_status import OfflineStatus
from reader.ui.window_library import LibraryWork

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow


def connect_library(window: MainWindow, library: Library) -> None:
    """Turn annotations on in ``window`` with ``library``: the annotation panel (in the dock the window
    holds for it), undo, saved comparisons, verdicts on links; then the comparison on screen is matched
    with the library, and the presses made while it opened are carried out."""
    window.library, window.library_path = library, library.path
    window.workspace.keep_cache_beside(library.path)
    window.runner.library = library
    work = LibraryWork.create(
        window, window.runner, window.annotations_dock, window.comparison, window.message_bar
    )
    window.library_work = work
    window.annotations, window.annotation_panel = work.annotations, work.panel
    follow_undo_stack(work.annotations.undo_stack, window.undo_action, window.redo_action)
    work.open_requested.connect(window.open_comparison)
    if library.read_only:
        window.status.read_only(library.report.message or "")
    if work.annotations.writes is not None:  # a server: changes wait in an outbox while it is away
        OfflineStatus(work.annotations, window.statusBar(), work)
    work.attached.connect(partial(show_sources_updated, window))
    work.attached.connect(window.comparison_attached)
    work.details_changed.connect(partial(show_sources_updated, window))
    work.verdicts_applied.connect(partial(show_verdicts_applied, window))
    work.versions_requested.connect(window.show_versions)
    if window.current is not None:
        work.attach(window.current)
    window.library_wait.opened(work, attaching=window.current is not None)
    follow_library(window, work)  # colleagues' changes, live


def show_sources_updated(window: MainWindow) -> None:
    """The comparison on screen shows other titles, outlets or dates (the user's, from the library)."""
    current, view = window.current, window.comparison
    change = window.workspace.replaced()  # None: shown as it is (by its revision number)
    if current is None or change is None:
        return
    if view.alignment is None or change.regrouped:
        _show_regrouped(window, current)  # attaching applied the library's verdicts on links: other groups
        return
    view.refresh_sources(current.alignment)
    window.copying.set_alignment(current.alignment)
    window.overview_dock.set_alignment(current.alignment)
    view.mark_copied(None)
    if view.selected is not None:
        window._show_details(view.selected)


def show_verdicts_applied(window: MainWindow) -> None:
    """The verdicts on links changed: the comparison on screen shows them (the same texts and passages,
    other groups), with the passage that was selected still selected."""
    current = window.current
    if current is not None and window.workspace.replaced() is not None:
        _show_regrouped(window, current)


def _show_regrouped(window: MainWindow, current: Comparison) -> None:
    view = window.comparison
    kept = selected_passage(view)
    view.set_alignment(current.alignment)  # in the workspace's order: the same comparison's
    window.copying.set_alignment(current.alignment)
    window.overview_dock.set_alignment(current.alignment)
    window.status.summarize(current)
    found = current.alignment.member_at(*kept) if kept is not None else None
    if kept is not None and found is not None:
        view.select_group(found[1].id, origin=kept[0], scroll=False)
    else:
        window.details.clear_details()
        window.link_verdicts.show_links([])
