"""The window from the keyboard, and for assistive technology: names for every control, focus between
panes, Meld's keys for the next and previous change."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QWidget,
)

from .conftest import open_and_wait

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractScrollArea)


def unnamed_controls(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(root):
            continue
        if widget.objectName().startswith("qt_"):
            continue  # Qt's own part of a control (a spin box's line edit, a toolbar's » button)
        if type(widget).__name__ in ("QScrollArea",) and widget.objectName() == "":
            continue  # a layout container, not a control: its contents are named
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if not (widget.accessibleName() or text.strip("&").strip()):
            missing.append(
                f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.parent()).__name__}"
            )
    return missing


def test_every_control_has_an_accessible_name(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    window.copying_dock.show()
    window.annotations_dock.show()
    qtbot.wait(20)
    missing = unnamed_controls(window)
    assert missing == [], "\n".join(missing)


def test_focus_moves_between_panes_and_meld_keys_step_through_changes(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    comparison = window.comparison
    visible = comparison.visible_sources()
    comparison.panes[visible[0]].view.setFocus()
    comparison.focus_source = visible[0]
    qtbot.keyClick(window, Qt.Key.Key_F6)
    assert comparison.focus_source == visible[1] and comparison.panes[visible[1]].view.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert comparison.focus_source == visible[0] and comparison.panes[visible[0]].view.hasFocus()
    alignment = window.alignment
    changes = [g.id for _m, g in alignment.by_source[visible[0]] if g.kind != "verbatim"]
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert comparison.selected == changes[0]
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert comparison.selected == changes[1]
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert comparison.selected == changes[0]
