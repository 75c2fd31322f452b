"""The side panel: the docks on the right of the panes, how they are grouped and how much room they take.

What helps reading comes first: the copying between sources (a tab, shown on opening) above the details of
the chosen passage (a dock of its own, so both show at once); the annotations next to the copying, and the
alignment settings, which a reader rarely changes, in the last tab. The panel's first width is a share of
the window, so that on a 1366-pixel laptop the panes keep most of the screen, and its tab titles are short
enough to be read whole at that width.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabWidget

COPYING_TITLE = "Copying"  # "Who copies whom": its caption says so
ANNOTATIONS_TITLE = "Annotations"
SETTINGS_TITLE = "Settings"  # the alignment options
DETAILS_TITLE = "Passage details"

WIDTH_SHARE = 0.22  # of the window's width, at first
NARROWEST, WIDEST = 280, 360  # px: the tabs' titles fit whole in the narrowest
DETAILS_SHARE = 0.55  # of the panel's height, for the passage details (the copying tabs take the rest)

STATE_VERSION = 2
"""The version of the saved arrangement of the docks. It was 0 while the panel opened on the settings, wide,
with the passage details squeezed under it: a layout saved then is set aside once, for this one."""

_AREA = Qt.DockWidgetArea.RightDockWidgetArea


def arrange(window: QMainWindow, copying: QDockWidget, details: QDockWidget, settings: QDockWidget) -> None:
    """Put the docks on the right of ``window``: the copying and the settings as tabs (their titles on top,
    the copying shown), the passage details below them."""
    window.setTabPosition(_AREA, QTabWidget.TabPosition.North)
    window.addDockWidget(_AREA, copying)
    window.addDockWidget(_AREA, details)
    window.tabifyDockWidget(copying, settings)
    copying.raise_()


def add_annotations(
    window: QMainWindow,
    copying: QDockWidget,
    annotations: QDockWidget,
    settings: QDockWidget,
    saved: QByteArray | None,
) -> None:
    """Tab ``annotations`` next to the copying (once the library is open), the settings staying last and
    the tab shown staying shown; then, with the layout the user left (``saved``), every dock where it was:
    it could not be put back before, when this dock did not exist yet."""
    group = [copying, *window.tabifiedDockWidgets(copying)]
    shown = next((dock for dock in group if not dock.visibleRegion().isEmpty()), copying)
    window.tabifyDockWidget(copying, annotations)
    if settings in group:  # tabbing it again moves it to the end of its group
        window.tabifyDockWidget(copying, settings)
    if saved is not None and window.restoreState(saved, STATE_VERSION):
        return
    shown.raise_()


def first_width(window_width: int) -> int:
    """The side panel's width in a window ``window_width`` pixels wide, before the user sets one."""
    return max(NARROWEST, min(WIDEST, round(window_width * WIDTH_SHARE)))


def first_sizes(window: QMainWindow, copying: QDockWidget, details: QDockWidget) -> None:
    """Size the panel as on a first start: its width a share of the window's, most of its height for the
    passage details."""
    window.resizeDocks([copying], [first_width(window.width())], Qt.Orientation.Horizontal)
    height = window.height()
    below = round(height * DETAILS_SHARE)
    window.resizeDocks([copying, details], [height - below, below], Qt.Orientation.Vertical)
