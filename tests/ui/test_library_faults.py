"""The window on a library that cannot be written, or that another program keeps busy: what was annotated
stays visible, the user is told why nothing can be saved, and a change that was not saved can be re-applied
with Redo."""

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer

from reader.core.reading.sources import read_source
from reader.store import Library, NewTarget
from reader.store import db as store_db
from reader.ui.app import create_window

from ..store.test_hardening import hold_lock
from .conftest import open_and_wait, saved
from .test_annotations import select_words

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
WORDS = "Musk: It is standard practice to use other AI s to validate your AI."


def window_on(qtbot, tmp_path: Path, library: Library):
    window = create_window(QSettings(str(tmp_path / "reader.ini"), QSettings.Format.IniFormat), library)
    window.destroyed.connect(lambda *_: library.close())
    qtbot.addWidget(window)
    window.resize(1700, 950)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_read_only_library_shows_its_annotations_and_says_why_nothing_can_be_added(qtbot, tmp_path) -> None:
    path = tmp_path / "library.sqlite3"
    library = Library.open(path)
    source = read_source(SEEDS[0])
    stored = library.import_source(source)
    start = source.text.index(WORDS)
    library.add_annotation([NewTarget(stored.source_id, start, start + len(WORDS))], ["disputed"], "Kept.")
    library.close()
    before = path.read_bytes()

    window = window_on(qtbot, tmp_path, Library.open(path, read_only=True))
    open_and_wait(qtbot, window, SEEDS)
    assert window.read_only_label.isVisible() and "read-only" in window.read_only_label.toolTip()
    marks = window.comparison.panes[0].view.gutter.marks
    assert [(s, e) for s, e, _ in marks] == [(start, start + len(WORDS))]
    assert window.annotation_panel.model.rowCount() == 1

    select_words(window.comparison.panes[1].view, window.alignment.sources[1].text, "Musk")
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert "read-only" in window.statusBar().currentMessage()
    window.annotation_panel.select_row(0)
    assert window.annotation_panel.note.isReadOnly()
    window.close()
    assert path.read_bytes() == before


def test_a_change_the_busy_library_refused_can_be_redone_once_it_is_free(
    qtbot, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(store_db, "LOCK_PATIENCE_S", 0.4)
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "library.sqlite3"
    window = window_on(qtbot, tmp_path, Library.open(path))
    open_and_wait(qtbot, window, SEEDS)
    view = window.comparison.panes[0].view
    select_words(view, window.alignment.sources[0].text, WORDS)

    holder = hold_lock(path, "write", 3)
    try:
        qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
        ticks: list[bool] = []
        QTimer.singleShot(0, lambda: ticks.append(window.annotations.idle))
        qtbot.waitUntil(lambda: bool(ticks))
        assert ticks == [False]  # the window ran its events while the write waited for the library
        saved(qtbot, window)
        message = window.message_bar.label.text()
        assert "busy" in message and "Redo" in message
        assert window.library.annotations() == []
        assert window.annotations.undo_stack.canRedo() and not window.annotations.undo_stack.canUndo()
    finally:
        holder.wait(timeout=30)
    window.redo_action.trigger()
    saved(qtbot, window)
    (annotation,) = window.library.annotations()
    assert annotation.targets[0].exact == WORDS
    assert window.annotations.undo_stack.canUndo()
    window.undo_action.trigger()
    saved(qtbot, window)
    assert window.library.annotations() == []
    window.close()


def test_a_store_message_is_shown_as_text_not_markup(qtbot, tmp_path) -> None:
    window = window_on(qtbot, tmp_path, Library.open(tmp_path / "library.sqlite3"))
    window.annotations.add_tag("<b>two\nlines</b>")
    saved(qtbot, window)
    text = window.message_bar.label.text()
    assert "&lt;b&gt;two\\nlines&lt;/b&gt;" in text and "one line" in text
    window.close()
