"""Confirming and rejecting a link in the passage details: kept in the library, applied at once without
aligning again, undoable, and shown again when the comparison is reopened."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from reader.core.provenance.who_first import provenance
from reader.store import Library

from .conftest import make_window, open_and_wait, saved

MUSK = "Musk said it is standard practice to use other AIs to validate your AI."
FIRST = f"Tech news\n\n{MUSK}\n\nThe filing shows the board met twice in March.\n"
SECOND = f"Court report\n\n{MUSK}\n\nThe judge asked for the minutes of both meetings.\n"


def files(tmp_path: Path) -> list[Path]:
    paths = []
    for name, text in (("a.txt", FIRST), ("b.txt", SECOND)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    return paths


def click_musk(window, source: int = 1) -> None:
    text = window.current.sources[source].text
    window.comparison.click(source, text.index(MUSK) + 5)


def reported(window, source: int) -> str:
    shown = window.comparison.panes[source].meta.text().split(" · ")  # the label first, then the shares
    return next((part for part in shown if part.startswith("Others report")), "")


def test_reject_a_link_in_the_details_panel_then_undo_and_reopen(qtbot, settings_path: Path) -> None:
    paths = files(settings_path.parent)
    window = make_window(qtbot, settings_path)
    open_and_wait(qtbot, window, paths)
    before = reported(window, 1)
    assert len(window.comparison.connectors[0].links()) == 1  # the connector of the one link
    assert window.alignment is not None and provenance(window.alignment).between(0, 1) is not None
    click_musk(window)
    bar = window.link_verdicts
    assert bar.choice.count() == 1 and bar.reject.isEnabled()
    qtbot.mouseClick(bar.reject, Qt.MouseButton.LeftButton)
    saved(qtbot, window)
    qtbot.waitUntil(
        lambda: window.alignment is not None and window.alignment.judged is not None, timeout=10000
    )
    library = window.library
    assert library is not None
    (stored,) = library.verdicts()
    assert stored.verdict == "rejected" and MUSK in (stored.a.selector.exact, stored.b.selector.exact)
    assert reported(window, 1) != before and reported(window, 1) == "Others report 0%"
    assert window.comparison.connectors[0].links() == []  # its connector is gone
    assert provenance(window.alignment).between(0, 1) is None  # who copies whom: nothing now
    assert "rejected by you" in window.details.toPlainText()
    assert "rejected by you" in bar.choice.currentText() and bar.confirm.isEnabled()

    window.undo()  # Ctrl+Z: the verdict is taken back
    saved(qtbot, window)
    qtbot.waitUntil(lambda: reported(window, 1) == before, timeout=10000)
    assert library.verdicts() == []
    window.redo()
    saved(qtbot, window)
    qtbot.waitUntil(lambda: reported(window, 1) == "Others report 0%", timeout=10000)
    assert [v.verdict for v in library.verdicts()] == ["rejected"]
    window.close()

    again = make_window(qtbot, settings_path)  # a new window on the same library
    open_and_wait(qtbot, again, paths)
    assert reported(again, 1) == "Others report 0%"
    assert again.comparison.connectors[0].links() == []  # painted with the verdict, not before it
    click_musk(again)
    assert "rejected by you" in again.details.toPlainText()
    assert "rejected by you" in again.link_verdicts.choice.currentText()
    again.close()

    paths[1].write_text(SECOND.replace(MUSK, "Nobody would say who spoke first."), encoding="utf-8")
    third = make_window(qtbot, settings_path)
    open_and_wait(qtbot, third, paths)
    message = third.message_bar.label.text()
    assert "1 of your verdicts on links name words these sources no longer have" in message
    assert "rejected on" in message and "Musk said" in message
    assert third.library is not None and len(third.library.verdicts()) == 1  # kept


def test_confirm_a_link_from_the_keyboard(qtbot, window, tmp_path: Path) -> None:
    open_and_wait(qtbot, window, files(tmp_path))
    click_musk(window, 0)
    view = window.comparison.panes[0].view
    view.setFocus()
    qtbot.keyClick(
        view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    saved(qtbot, window)
    qtbot.waitUntil(
        lambda: window.alignment is not None and window.alignment.judged is not None, timeout=10000
    )
    assert window.library is not None
    assert [v.verdict for v in window.library.verdicts()] == ["confirmed"]
    assert "confirmed by you" in window.link_verdicts.choice.currentText()
    assert reported(window, 0) != "Others report 0%"  # a confirmed link still counts
    assert window.undo_action.text().startswith("&Undo confirming the link")


def test_a_read_only_library_says_why_a_link_cannot_be_judged(qtbot, settings_path: Path) -> None:
    paths = files(settings_path.parent)
    Library.open(settings_path.parent / "library.sqlite3").close()
    from PySide6.QtCore import QSettings

    from reader.ui.app import create_window

    library = Library.open(settings_path.parent / "library.sqlite3", read_only=True)
    window = create_window(QSettings(str(settings_path), QSettings.Format.IniFormat), library)
    window.destroyed.connect(lambda *_: library.close())
    qtbot.addWidget(window)
    window.show()
    open_and_wait(qtbot, window, paths)
    click_musk(window)
    qtbot.mouseClick(window.link_verdicts.reject, Qt.MouseButton.LeftButton)
    assert "read-only" in window.statusBar().currentMessage()
    assert library.verdicts() == []
