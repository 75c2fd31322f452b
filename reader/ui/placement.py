"""Where the main window sits: its saved size and place restored, and kept inside the screen."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QMainWindow

from reader.ui import side_panel
from reader.ui.settings import Settings

FRAME_ALLOWANCE = (8, 36)  # what a window manager's frame and title bar take, at most, around the window


def restore(window: QMainWindow, settings: Settings, copying: QDockWidget, details: QDockWidget) -> None:
    """The window's saved geometry and docks, or a first size and the side panel's first sizes."""
    geometry = settings.window_state("geometry")
    if geometry is None or not window.restoreGeometry(geometry):
        window.resize(1500, 900)
    fit_to_screen(window)
    state = settings.window_state("state")
    if state is None or not window.restoreState(state, side_panel.STATE_VERSION):
        side_panel.first_sizes(window, copying, details)


def fit_to_screen(window: QMainWindow) -> None:
    """Keep the window inside the screen's available area (a saved size from a larger screen, or the
    first size on a small one), with room for the title bar."""
    area = window.screen().availableGeometry()
    width = min(window.width(), area.width() - FRAME_ALLOWANCE[0])
    height = min(window.height(), area.height() - FRAME_ALLOWANCE[1])
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    x = min(max(window.x(), area.left()), area.right() - width - FRAME_ALLOWANCE[0] + 1)
    y = min(max(window.y(), area.top()), area.bottom() - height - FRAME_ALLOWANCE[1] + 1)
    if (x, y) != (window.x(), window.y()):
        window.move(x, y)
