"""The window's actions declared as data: name, text, shortcuts, handler, and where they appear.

``build_actions`` turns the table into QActions on the window (as attributes named after the table), its
menus and its toolbar, so adding a command is one row, not a hunt through a long function.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu, QSizePolicy, QToolBar, QWidget

Shortcut = QKeySequence.StandardKey | str


@dataclass(frozen=True)
class ActionSpec:
    name: str  # the window attribute that holds the QAction
    text: str
    # What it calls: a window method, a dotted path from the window ("comparison.zoom"), or a function of
    # a module given the window ("reader.ui.choose_library:choose_library"), imported when first pressed.
    handler: str
    shortcuts: tuple[Shortcut, ...] = ()
    tip: str = ""
    icon_text: str | None = None  # the toolbar's label, when it differs from the menu's
    checkable: bool = False
    args: tuple[object, ...] = ()  # given to the handler (a checkable action's state comes first)


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "open_action", "&Open…", "choose_files", (QKeySequence.StandardKey.Open,), "Open files to compare"
    ),
    ActionSpec(
        "add_action",
        "&Add files…",
        "choose_files",
        ("Ctrl+Shift+O",),
        "Add files to this comparison",
        args=(True,),
    ),
    ActionSpec(
        "open_url_action",
        "Open &URL…",
        "choose_urls",
        ("Ctrl+L",),
        "Fetch web pages by their address and add them to this comparison",
    ),
    ActionSpec("sample_action", "Open the &sample story", "open_sample"),
    ActionSpec(
        "export_action",
        "&Export…",
        "choose_export",
        ("Ctrl+Shift+E",),
        "Export to HTML, Markdown, PDF, JSON or CSV",
    ),
    ActionSpec(
        "library_action",
        "&Library…",
        "show_library",
        ("Ctrl+Shift+L",),
        "All saved comparisons and fetched pages",
    ),
    ActionSpec(
        "backups_action",
        "&Backups…",
        "show_backups",
        (),
        "The library's backups, where they are kept, and restoring one",
    ),
    ActionSpec(
        "choose_library_action",
        "C&hoose library…",
        "reader.ui.choose_library:choose_library",
        (),
        "Work in another library: a file on this computer, or a team's library on a PostgreSQL server",
    ),
    ActionSpec(
        "display_name_action",
        "Your &name…",
        "reader.ui.choose_library:ask_display_name",
        (),
        "The name shown beside your annotations and notes, to your team and in exports",
    ),
    ActionSpec("quit_action", "&Quit", "close", (QKeySequence.StandardKey.Quit,)),
    ActionSpec(
        "check_updates_action",
        "&Check for updates",
        "check_for_updates",
        (QKeySequence.StandardKey.Refresh,),
        "Read every file and fetch every page again; a source that changed gets a new version",
    ),
    ActionSpec(
        "paste_links_action",
        "&Paste links",
        "paste_links",
        (QKeySequence.StandardKey.Paste,),
        "Fetch the web addresses on the clipboard and add them to this comparison",
    ),
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
        "confirm_link_action",
        "&Confirm link",
        "link_verdicts.ask",
        ("Ctrl+Shift+K",),
        "The selected passages report the same thing: keep their link, sure (Ctrl+Shift+K)",
        args=("confirmed",),
    ),
    ActionSpec(
        "reject_link_action",
        "Re&ject link",
        "link_verdicts.ask",
        ("Ctrl+Shift+J",),
        "The selected passages do not say the same thing: drop their link everywhere (Ctrl+Shift+J)",
        args=("rejected",),
    ),
    ActionSpec(
        "find_action",
        "&Find…",
        "find_bar.open_bar",
        (QKeySequence.StandardKey.Find,),
        "Find in all sources (Ctrl+F)",
        "Find",
    ),
    ActionSpec(
        "search_library_action",
        "&Search library…",
        "library_search.open_search",
        ("Ctrl+Shift+F",),
        "Search every source, version, quote, note and tag in the library (Ctrl+Shift+F)",
    ),
    ActionSpec(
        "where_else_action",
        "&Where else does this passage appear?",
        "library_search.where_else",
        ("Ctrl+Shift+W",),
        "The library's sources that carry the selected words or passage, word for word or edited",
    ),
    ActionSpec("find_next_action", "Find &next", "find_next", (QKeySequence.StandardKey.FindNext,)),
    ActionSpec(
        "find_previous_action", "Find pre&vious", "find_previous", (QKeySequence.StandardKey.FindPrevious,)
    ),
    ActionSpec(
        "zoom_in",
        "Zoom &in",
        "zoom",
        (QKeySequence.StandardKey.ZoomIn, "Ctrl+="),
        "Larger text (Ctrl++)",
        "A+",
        args=(1,),
    ),
    ActionSpec(
        "zoom_out",
        "Zoom &out",
        "zoom",
        (QKeySequence.StandardKey.ZoomOut,),
        "Smaller text (Ctrl+-)",
        "A−",
        args=(-1,),
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
        "measure_action",
        "Comfortable &line length",
        "toggle_measure",
        (),
        "Keep lines at least 45 characters long: fewer panes side by side, the others a sideways scroll "
        "away. Off: as many panes as fit, with shorter lines",
        checkable=True,
    ),
    ActionSpec(
        "next_difference",
        "&Next difference",
        "comparison.next_difference",
        ("Alt+Down", "Ctrl+D"),
        "Next reworded or added passage (Alt+Down or Ctrl+D)",
        "▼ Difference",
        args=(True,),
    ),
    ActionSpec(
        "previous_difference",
        "&Previous difference",
        "comparison.next_difference",
        ("Alt+Up", "Ctrl+E"),
        "Previous reworded or added passage (Alt+Up or Ctrl+E)",
        "▲ Difference",
        args=(False,),
    ),
    ActionSpec(
        "next_addition",
        "Next a&ddition",
        "comparison.next_difference",
        ("Alt+Shift+Down",),
        "Next passage found in this source only (Alt+Shift+Down)",
        "▼ Addition",
        args=(True, True),
    ),
    ActionSpec(
        "previous_addition",
        "Previous add&ition",
        "comparison.next_difference",
        ("Alt+Shift+Up",),
        "Previous passage found in this source only (Alt+Shift+Up)",
        "▲ Addition",
        args=(False, True),
    ),
    ActionSpec("next_pane", "Next &pane", "comparison.focus_pane", ("F6", "Ctrl+Alt+Right"), args=(1,)),
    ActionSpec(
        "previous_pane", "Previous pa&ne", "comparison.focus_pane", ("Shift+F6", "Ctrl+Alt+Left"), args=(-1,)
    ),
    ActionSpec("about_action", "&About Reader", "show_about"),
)

RECENT = "@recent"  # where File > Open recent goes
SOURCES = "@sources"  # the Sources menu, filled when it opens
DOCKS = "@docks"  # the docks' own show/hide actions
MENUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("&File", ("open_action", "add_action", "open_url_action", "sample_action", "-", "export_action", RECENT, "library_action", "backups_action", "-", "choose_library_action", "display_name_action", "-", "quit_action")),
    ("&Edit", ("undo_action", "redo_action", "-", "paste_links_action", "-", "annotate_action", "confirm_link_action", "reject_link_action", "-", "find_action", "find_next_action", "find_previous_action", "-", "search_library_action", "where_else_action")),
    ("&View", ("zoom_in", "zoom_out", "sync_action", "measure_action", "-", DOCKS)),
    ("&Go", ("next_difference", "previous_difference", "next_addition", "previous_addition", "-", "next_pane", "previous_pane")),
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


def resolve(window: QMainWindow, spec: ActionSpec) -> Callable[..., object]:
    """The callable an action's handler names, with its arguments bound."""
    if ":" in spec.handler:
        module, function = spec.handler.split(":", 1)

        def call(*_ignored: object) -> object:
            return getattr(importlib.import_module(module), function)(window, *spec.args)

        return call
    target: object = window
    for part in spec.handler.split("."):
        target = getattr(target, part)
    if not callable(target):
        raise TypeError(f"{spec.handler} is not callable")
    if not spec.args:
        return target
    bound = target
    if spec.checkable:
        return lambda checked=False: bound(checked, *spec.args)
    return lambda *_ignored: bound(*spec.args)


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
    actions = {spec.name: make_action(window, spec, resolve(window, spec)) for spec in specs}
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
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for entry in TOOLBAR:
        if entry == "-":
            toolbar.addSeparator()
        else:
            toolbar.addAction(actions[entry])
    spacer = QWidget()  # what follows sits at the right end
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    toolbar.addWidget(spacer)
    return actions, places, toolbar


class _Named(QObject):
    """Names an action after the step it would undo or redo; a child of the action, so that the stack's
    signals stop reaching it when the action goes."""

    def __init__(self, action: QAction, verb: str) -> None:
        super().__init__(action)
        self.action, self.verb = action, verb

    def name(self, text: str) -> None:
        # "&" in a quote or tag is a mnemonic marker in an action's text: doubled, it shows as itself.
        self.action.setText(f"{self.verb} {text.replace('&', '&&')}".strip())


def follow_undo_stack(stack: QUndoStack, undo: QAction, redo: QAction) -> None:
    """Keep the Undo and Redo actions enabled, and named ("Undo note on “Musk said…”"), as ``stack`` says."""
    stack.canUndoChanged.connect(undo.setEnabled)
    stack.canRedoChanged.connect(redo.setEnabled)
    stack.undoTextChanged.connect(_Named(undo, "&Undo").name)
    stack.redoTextChanged.connect(_Named(redo, "&Redo").name)
