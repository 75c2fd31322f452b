"""The side panel: the docks on the right of the panes, how they are grouped and how much room they take.

What helps reading comes first: the copying between sources (a tab, shown on opening) above the details of
the chosen passage (a dock of its own, so both show at once); the annotations next to the copying, and the
alignment settings, which a reader rarely changes, in the last tab. The panel's first width is a share of
the window, so that on a 1366-pixel laptop the panes keep most of the screen, and its tab titles are short
enough to be read whole at that width.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QTabWidget

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


def arrange(
    window: QMainWindow,
    copying: QDockWidget,
    annotations: QDockWidget,
    details: QDockWidget,
    settings: QDockWidget,
) -> None:
    """Put the docks on the right of ``window``: the copying, the annotations and the settings as tabs in
    that order (their titles on top, the copying shown), the passage details below them. The annotations
    dock is there from the start, before the library is open (it holds a placeholder until then), so that
    a saved layout is put back at once and the tabs never change once the window is up."""
    window.setTabPosition(_AREA, QTabWidget.TabPosition.North)
    window.addDockWidget(_AREA, copying)
    window.addDockWidget(_AREA, details)
    window.tabifyDockWidget(copying, annotations)
    window.tabifyDockWidget(annotations, settings)
    copying.raise_()


def placeholder(theme_muted: str) -> QLabel:
    """What the annotations dock holds until the library is open: a quiet line, changed by ``say_no_library``
    when it cannot be opened."""
    label = QLabel("Annotations show here once the library is open, in a moment.")
    label.setObjectName("annotationsPlaceholder")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setMargin(6)
    label.setStyleSheet(f"color: {theme_muted};")
    return label


def say_no_library(annotations: QDockWidget) -> None:
    """The library could not be opened: the annotations dock says annotations are off."""
    label = annotations.widget()
    if isinstance(label, QLabel):
        label.setText("The library could not be opened, so annotations are off.")


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
