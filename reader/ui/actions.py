"""The window's actions declared as data: name, text, shortcuts, handler, and where they appear.

``build_actions`` turns the table into QActions on the window (as attributes named after the table), its
menus and its toolbar, so adding a command is one row, not a hunt through a long function.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

Shortcut = QKeySequence.StandardKey | str


@dataclass(frozen=True)
class ActionSpec:
    name: str  # the window attribute that holds the QAction
    text: str
    handler: str  # the name of the window's method it calls
    shortcuts: tuple[Shortcut, ...] = ()
    tip: str = ""
    icon_text: str | None = None  # the toolbar's label, when it differs from the menu's
    checkable: bool = False


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "open_action", "&Open…", "choose_files", (QKeySequence.StandardKey.Open,), "Open files to compare"
    ),
    ActionSpec(
        "add_action", "&Add files…", "choose_more_files", ("Ctrl+Shift+O",), "Add files to this comparison"
    ),
    ActionSpec("sample_action", "Open the &sample story", "open_sample"),
    ActionSpec(
        "export_action",
        "&Export…",
        "choose_export",
        ("Ctrl+E",),
        "Export to HTML, Markdown, PDF, JSON or CSV",
    ),
    ActionSpec("library_action", "&Library…", "show_library", ("Ctrl+L",), "All saved comparisons"),
    ActionSpec("quit_action", "&Quit", "close", (QKeySequence.StandardKey.Quit,)),
    ActionSpec("undo_action", "&Undo", "undo", (QKeySequence.StandardKey.Undo,)),
    ActionSpec("redo_action", "&Redo", "redo", ("Ctrl+Shift+Z", QKeySequence.StandardKey.Redo)),
    ActionSpec(
        "annotate_action",
        "&Annotate",
        "annotate",
        ("Ctrl+T",),
        "Tag or note the selected words, or the clicked passage in every source (Ctrl+T)",
        "Annotate",
    ),
    ActionSpec(
        "find_action",
        "&Find…",
        "open_find",
        (QKeySequence.StandardKey.Find,),
        "Find in all sources (Ctrl+F)",
        "Find",
    ),
    ActionSpec("find_next_action", "Find &next", "find_next", (QKeySequence.StandardKey.FindNext,)),
    ActionSpec(
        "find_previous_action", "Find pre&vious", "find_previous", (QKeySequence.StandardKey.FindPrevious,)
    ),
    ActionSpec(
        "zoom_in",
        "Zoom &in",
        "zoom_in_text",
        (QKeySequence.StandardKey.ZoomIn, "Ctrl+="),
        "Larger text (Ctrl++)",
        "A+",
    ),
    ActionSpec(
        "zoom_out",
        "Zoom &out",
        "zoom_out_text",
        (QKeySequence.StandardKey.ZoomOut,),
        "Smaller text (Ctrl+-)",
        "A−",
    ),
    ActionSpec(
        "sync_action",
        "&Synchronized scrolling",
        "toggle_sync",
        ("Ctrl+Shift+Y",),
        "Scroll all sources together, by alignment",
        "Sync scroll",
        checkable=True,
    ),
    ActionSpec(
        "next_difference",
        "&Next difference",
        "go_next_difference",
        ("Alt+Down",),
        "Next reworded or added passage (Alt+Down)",
        "▼ Difference",
    ),
    ActionSpec(
        "previous_difference",
        "&Previous difference",
        "go_previous_difference",
        ("Alt+Up",),
        "Previous reworded or added passage (Alt+Up)",
        "▲ Difference",
    ),
    ActionSpec(
        "next_addition",
        "Next a&ddition",
        "go_next_addition",
        ("Alt+Shift+Down",),
        "Next passage found in this source only (Alt+Shift+Down)",
        "▼ Addition",
    ),
    ActionSpec(
        "previous_addition",
        "Previous add&ition",
        "go_previous_addition",
        ("Alt+Shift+Up",),
        "Previous passage found in this source only (Alt+Shift+Up)",
        "▲ Addition",
    ),
    ActionSpec("about_action", "&About Reader", "show_about"),
)

RECENT = "@recent"  # where File > Open recent goes
SOURCES = "@sources"  # the Sources menu, filled when it opens
DOCKS = "@docks"  # the docks' own show/hide actions
MENUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("&File", ("open_action", "add_action", "sample_action", "-", "export_action", RECENT, "library_action", "-", "quit_action")),
    ("&Edit", ("undo_action", "redo_action", "-", "annotate_action", "-", "find_action", "find_next_action", "find_previous_action")),
    ("&View", ("zoom_in", "zoom_out", "sync_action", "-", DOCKS)),
    ("&Go", ("next_difference", "previous_difference", "next_addition", "previous_addition")),
    ("&Sources", (SOURCES,)),
    ("&Help", ("about_action",)),
)  # fmt: skip
TOOLBAR: tuple[str, ...] = (
    "open_action",
    "add_action",
    "-",
    "previous_difference",
    "next_difference",
    "previous_addition",
    "next_addition",
    "-",
    "annotate_action",
    "-",
    "sync_action",
    "find_action",
    "zoom_out",
    "zoom_in",
)


def make_action(window: QMainWindow, spec: ActionSpec, handler: Callable[..., object]) -> QAction:
    action = QAction(spec.text, window)
    action.setObjectName(spec.name)
    if spec.shortcuts:
        action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
    if spec.tip:
        action.setToolTip(spec.tip)
        action.setStatusTip(spec.tip)
    if spec.icon_text:
        action.setIconText(spec.icon_text)
    action.setCheckable(spec.checkable)
    action.triggered.connect(handler)
    return action


def build_actions(
    window: QMainWindow, specs: Sequence[ActionSpec] = ACTIONS
) -> tuple[dict[str, QAction], dict[str, QMenu], QToolBar]:
    """The actions (by name), the menus (by their markers: RECENT, SOURCES, DOCKS) and the toolbar."""
    actions = {spec.name: make_action(window, spec, getattr(window, spec.handler)) for spec in specs}
    places: dict[str, QMenu] = {}
    for title, entries in MENUS:
        menu = window.menuBar().addMenu(title)
        for entry in entries:
            if entry == "-":
                menu.addSeparator()
            elif entry == RECENT:
                places[RECENT] = menu.addMenu("Open &recent")
            elif entry in (SOURCES, DOCKS):
                places[entry] = menu
            else:
                menu.addAction(actions[entry])
    toolbar = QToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    for entry in TOOLBAR:
        if entry == "-":
            toolbar.addSeparator()
        else:
            toolbar.addAction(actions[entry])
    return actions, places, toolbar
