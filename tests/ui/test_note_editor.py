"""The note editor shows what the library holds, whatever undoes or redoes a note: Edit > Undo, Ctrl+Z in the
note field, another program writing the library; and after a restart."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from reader.store import Library

from .conftest import make_window, open_and_wait, saved
from .test_annotations import SEEDS, select_words, tag_button

WORDS = "Musk: It is standard practice to use other AI s to validate your AI."
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def agree(window) -> tuple[tuple[str, ...], str]:
    """The annotation's tags and note in the library, after checking the panel shows the same: the editor's
    text, the tag buttons, and the list row's note line."""
    panel = window.annotation_panel
    (stored,) = window.library.annotations()
    assert panel.note.toPlainText() == stored.note
    assert tuple(t for t in ("disputed", "unsourced") if tag_button(panel, t).isChecked()) == stored.tags
    row = panel.model.data(panel.model.index(0))
    assert row.endswith(f"\n{stored.note[:90]}") if stored.note else row.endswith("”")  # its first 90
    return stored.tags, stored.note


def annotated(qtbot, window):
    open_and_wait(qtbot, window, SEEDS)
    select_words(window.comparison.panes[0].view, window.alignment.sources[0].text, WORDS)
    window.annotate()
    saved(qtbot, window)
    assert window.undo_action.text() == "&Undo new annotation on “Musk: It is standard pra…”"
    tag_button(window.annotation_panel, "disputed").click()
    saved(qtbot, window)
    return window.annotation_panel


def test_undo_from_the_menu_with_the_cursor_in_the_note_field(qtbot, settings_path: Path) -> None:
    window = make_window(qtbot, settings_path)
    panel = annotated(qtbot, window)
    panel.note.setFocus()
    qtbot.keyClicks(panel.note, "He said validate")
    # Edit > Undo at once, before the typing is saved: the typing is saved, then undone, and the editor
    # shows it undone (it used to keep the text the library no longer had).
    window.undo_action.trigger()
    saved(qtbot, window)
    assert agree(window) == (("disputed",), "")
    assert panel.note.hasFocus()
    assert window.undo_action.text() == "&Undo tag “disputed” on “Musk: It is standard pra…”"
    assert window.redo_action.text() == "&Redo note on “Musk: It is standard pra…”"
    window.redo_action.trigger()
    saved(qtbot, window)
    assert agree(window) == (("disputed",), "He said validate")
    window.undo_action.trigger()
    saved(qtbot, window)
    window.comparison.panes[1].view.setFocus()  # focus leaves: nothing comes back
    qtbot.wait(700)  # longer than the editor's pause before saving
    saved(qtbot, window)
    assert agree(window) == (("disputed",), "")
    window.close()

    again = make_window(qtbot, settings_path)
    with qtbot.waitSignals([again.alignment_ready, again.comparison_attached], timeout=20000):
        assert again.restore_last()
    again.annotation_panel.select_row(0)
    assert agree(again) == (("disputed",), "")


def test_ctrl_z_in_the_note_field_undoes_typing_then_the_library(qtbot, settings_path: Path) -> None:
    window = make_window(qtbot, settings_path)
    panel = annotated(qtbot, window)
    panel.note.setFocus()
    qtbot.keyClicks(panel.note, "First words")
    qtbot.waitUntil(lambda: window.library.annotations()[0].note == "First words", timeout=5000)
    saved(qtbot, window)  # committed, and its change delivered to the panel
    assert agree(window) == (("disputed",), "First words")

    # Typing not saved yet: Ctrl+Z undoes it in the field (the field's own undo), and what is left is saved.
    qtbot.keyClicks(panel.note, " and more")
    qtbot.keyClick(panel.note, Qt.Key.Key_Z, CTRL)
    assert panel.note.toPlainText() != "First words and more"
    panel.save_note()
    saved(qtbot, window)
    left = agree(window)
    assert left[0] == ("disputed",)

    # Saved: Ctrl+Z is the window's Undo. The note step, then the tag, then redo both.
    qtbot.keyClick(panel.note, Qt.Key.Key_Z, CTRL)
    saved(qtbot, window)
    assert agree(window) == (("disputed",), "")
    qtbot.keyClick(panel.note, Qt.Key.Key_Z, CTRL)
    saved(qtbot, window)
    assert agree(window) == ((), "")
    qtbot.keyClick(panel.note, Qt.Key.Key_Z, CTRL_SHIFT)
    saved(qtbot, window)
    assert agree(window) == (("disputed",), "")
    qtbot.keyClick(panel.note, Qt.Key.Key_Z, CTRL_SHIFT)
    saved(qtbot, window)
    assert agree(window) == left
    assert panel.note.hasFocus()
    window.close()

    again = make_window(qtbot, settings_path)
    with qtbot.waitSignals([again.alignment_ready, again.comparison_attached], timeout=20000):
        assert again.restore_last()
    again.annotation_panel.select_row(0)
    assert agree(again) == left


def test_a_note_changed_by_another_program_shows_when_the_field_takes_focus(
    qtbot, settings_path: Path
) -> None:
    window = make_window(qtbot, settings_path)
    panel = annotated(qtbot, window)
    window.comparison.panes[0].view.setFocus()  # the user works elsewhere meanwhile
    qtbot.waitUntil(lambda: not panel.note.hasFocus())
    other = Library.open(settings_path.parent / "library.sqlite3")  # another Reader on the same library
    try:
        other.update_annotation(panel.current.id, note="Written elsewhere")
    finally:
        other.close()
    panel.note.setFocus()
    qtbot.waitUntil(lambda: panel.note.hasFocus())
    saved(qtbot, window)  # read again off the GUI thread
    assert agree(window) == (("disputed",), "Written elsewhere")
    qtbot.keyClick(panel.note, Qt.Key.Key_Z, CTRL)  # nothing of that is this window's to undo: the tag is
    saved(qtbot, window)
    assert agree(window) == ((), "Written elsewhere")


def test_typing_into_a_huge_note_renders_its_preview_only_once_typing_pauses(qtbot, window) -> None:
    panel = annotated(qtbot, window)
    links = "".join(f"[link {i}](https://example.com/{i}) " for i in range(500))  # 1.4 s a key, it was
    panel.note.setPlainText(links)  # pasted
    with qtbot.waitSignal(panel.preview.rendered, timeout=20000):
        pass
    started = panel.preview.renders
    panel.note.moveCursor(QTextCursor.MoveOperation.End)
    for key in "and more":
        qtbot.keyClick(panel.note, key)
        qtbot.wait(20)  # the event loop runs between keys, as when a person types
    assert panel.preview.renders == started  # not one render per key
    with qtbot.waitSignal(panel.preview.rendered, timeout=20000):
        pass
    assert panel.preview.renders == started + 1
    shown = panel.preview.toHtml()
    assert 'href="https://example.com/499"' in shown and panel.preview.toPlainText().endswith("and more")
    qtbot.waitUntil(lambda: window.library.annotations()[0].note == links + "and more", timeout=5000)
    saved(qtbot, window)  # committed, and its change delivered to the panel
    assert agree(window) == (("disputed",), links + "and more")


def test_a_note_changed_by_another_program_shows_when_the_window_is_active_again(qtbot, window) -> None:
    from PySide6.QtWidgets import QWidget

    panel = annotated(qtbot, window)
    window.comparison.panes[0].view.setFocus()  # the note field has no focus to take back, either
    elsewhere = QWidget()  # another window: the user works there meanwhile
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    elsewhere.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow())
    other = Library.open(window.library.path)  # another Reader on the same library
    try:
        other.update_annotation(panel.current.id, note="Written elsewhere")
    finally:
        other.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    saved(qtbot, window)  # read again off the GUI thread
    assert agree(window) == (("disputed",), "Written elsewhere")


def test_ctrl_z_with_typing_the_field_cannot_undo_is_the_window_undo(qtbot, window) -> None:
    panel = annotated(qtbot, window)
    panel.note.setFocus()
    qtbot.keyClicks(panel.note, "Typed")
    panel.note.document().clearUndoRedoStacks()  # as after pasting where the field keeps no history
    assert not panel.note.document().isUndoAvailable()
    qtbot.keyClick(panel.note, Qt.Key.Key_Z, CTRL)  # saved first, then undone, as Edit > Undo does
    saved(qtbot, window)
    assert agree(window) == (("disputed",), "")
    qtbot.keyClick(panel.note, Qt.Key.Key_Z, CTRL_SHIFT)
    saved(qtbot, window)
    assert agree(window) == (("disputed",), "Typed")


def test_the_preview_bounds_what_qt_lays_out_and_says_so() -> None:
    from reader.ui.note_preview import PREVIEW_CELLS, PREVIEW_DEPTH, PREVIEW_LIMIT, preview_html

    deep = ">" * (PREVIEW_DEPTH + 1) + " deep words"  # 4,000 deep took Qt 1 s to lay out
    assert "<blockquote>" not in preview_html(deep) and "&gt;" * (PREVIEW_DEPTH + 1) + " deep words" in (
        preview_html(deep)
    )
    assert "<blockquote>" in preview_html(">" * PREVIEW_DEPTH + " deep words")  # deep enough is formatted
    columns = 50
    table = "|" + "a|" * columns + "\n|" + "-|" * columns + "\n" + ("|" + "b|" * columns + "\n") * 41
    assert (columns * 42 > PREVIEW_CELLS) and "<td>" not in preview_html(table)
    assert "not previewed" in preview_html(table)
    long = "Some *words* here.\n\n" * (2 * PREVIEW_LIMIT // 20)
    shown = preview_html(long)
    assert "<em>words</em>" in shown and f"of the note's {len(long):,} characters" in shown
    assert "Some *words* here." not in shown  # the preview is formatted; the rest is not shown at all


def test_typing_the_busy_library_refused_stays_on_screen_and_redo_saves_it(
    qtbot, settings_path: Path, monkeypatch
) -> None:
    from reader.store import db as store_db

    from ..store.test_hardening import hold_lock

    monkeypatch.setattr(store_db, "LOCK_PATIENCE_S", 0.4)
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 100)
    window = make_window(qtbot, settings_path)
    panel = annotated(qtbot, window)
    panel.note.setFocus()
    qtbot.keyClicks(panel.note, "Typed while busy")
    holder = hold_lock(window.library.path, "write", 3)
    try:
        panel.save_note()
        saved(qtbot, window)
        assert "busy" in window.message_bar.label.text()
        assert window.library.annotations()[0].note == ""
        window.undo_action.trigger()  # the tag step: it cannot be written either, and the typing stays
        saved(qtbot, window)
        assert panel.note.toPlainText() == "Typed while busy"  # not saved, said so, and not lost
    finally:
        holder.wait(timeout=30)
    qtbot.keyClick(panel.note, Qt.Key.Key_Z, CTRL_SHIFT)  # the message's advice: Ctrl+Shift+Z
    saved(qtbot, window)
    assert agree(window) == (("disputed",), "Typed while busy")
