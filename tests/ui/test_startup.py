"""Start-up as `reader FILE...` does it: the comparison is painted first, the library attached after."""

from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QTabBar

from reader.core.reading.sources import read_source
from reader.store import Library, NewTarget
from reader.store.backups import backups
from reader.ui.app import create_window
from reader.ui.startup import open_library_after_first_paint
from tests.ui.conftest import saved
from tests.ui.test_annotations import select_words

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def side_panel_tabs(window) -> list[str]:
    """The titles of the side panel's tabs (Qt parks a bar it no longer uses out of sight)."""
    (bar,) = [
        bar for bar in window.findChildren(QTabBar) if bar.count() and not bar.visibleRegion().isEmpty()
    ]
    return [bar.tabText(i) for i in range(bar.count())]


def test_the_comparison_is_painted_before_the_library_opens(qtbot, tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite3"
    library = Library.open(db)
    stored = library.import_source(read_source(SEEDS[0]))
    library.add_annotation([NewTarget(stored.source_id, 0, 20)], ["disputed"])
    library.close()

    window = create_window(QSettings(str(tmp_path / "reader.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    seen_at_first_alignment = []
    window.alignment_ready.connect(lambda: seen_at_first_alignment.append(window.library))
    with qtbot.waitSignal(window.alignment_ready, timeout=20000):
        window.open_files([str(p) for p in SEEDS])
        window.show()
    # The window as first painted is the window as it stays: the library's arrival changes nothing in sight.
    tabs = side_panel_tabs(window)
    assert tabs == ["Copying", "Annotations", "Settings"]
    assert window.annotate_action.isEnabled() and window.link_verdicts.isEnabled()
    with qtbot.waitSignals([window.library_attached, window.comparison_attached], timeout=20000):
        open_library_after_first_paint(window, str(db))
    assert seen_at_first_alignment == [None]
    assert window.library is not None and window.annotate_action.isEnabled()
    assert side_panel_tabs(window) == tabs
    assert window.annotations_dock.widget() is window.annotation_panel  # in the dock held for it
    marks = window.comparison.panes[0].view.gutter.marks
    assert [(s, e) for s, e, _ in marks] == [(0, 20)]  # the comparison on screen was attached
    window.library.close()
    window.close()


def test_an_annotation_asked_for_while_the_library_opens_is_made_once_it_is_open(
    qtbot, tmp_path: Path
) -> None:
    window = create_window(QSettings(str(tmp_path / "reader.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.alignment_ready, timeout=20000):
        window.open_files([str(p) for p in SEEDS])
        window.show()
    window.library_wait.opening = True  # as `reader` does from the first paint until the library is open
    view = window.comparison.panes[0].view
    start, end = select_words(view, window.alignment.sources[0].text, "Technical Details")
    window.annotate_action.trigger()
    assert "opening" in window.statusBar().currentMessage()
    select_words(view, window.alignment.sources[0].text, "Anthropic")  # the press was for the first words
    with qtbot.waitSignal(window.comparison_attached, timeout=20000):
        open_library_after_first_paint(window, str(tmp_path / "library.sqlite3"))
    saved(qtbot, window)
    (made,) = window.library.annotations([window.current.source_ids[0]])
    assert [(t.start, t.end, t.exact) for t in made.targets] == [(start, end, "Technical Details")]
    qtbot.waitUntil(lambda: window.annotation_panel.current is not None, timeout=5000)
    assert window.annotation_panel.current.id == made.id  # shown in the panel, its note ready to type
    window.library.close()
    window.close()


def test_without_a_library_to_wait_for_a_press_says_annotations_are_off(qtbot, tmp_path: Path) -> None:
    window = create_window(QSettings(str(tmp_path / "reader.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    window.annotate_action.trigger()
    assert window.statusBar().currentMessage() == "The library is not open, so annotations are off."
    window.close()


def test_the_welcome_page_gets_the_library_too(qtbot, tmp_path: Path) -> None:
    window = create_window(QSettings(str(tmp_path / "reader.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.library_attached, timeout=20000):
        open_library_after_first_paint(window, str(tmp_path / "library.sqlite3"))
    assert window.stack.currentWidget() is window.welcome and window.library_action.isEnabled()
    window.library.close()
    window.close()


def test_closing_during_an_alignment_stops_the_worker(qtbot, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(
        " ".join(f"Sentence number {n} says something new." for n in range(60_000)), encoding="utf-8"
    )
    window = create_window(QSettings(str(tmp_path / "reader.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    window.open_files([str(big), str(SEEDS[0])])
    job = window.runner.job
    qtbot.waitUntil(lambda: window.progress.value() > 20, timeout=20000)  # reading done, aligning
    window.close()
    assert job is not None and job.is_finished() and window.runner.job is None


def _start_and_close(qtbot, tmp_path: Path, db: Path, files: list[str] | None = None) -> None:
    """One run of the window as `reader [FILE...]` does it: the files, or the last comparison, then the
    library; then the window closes and the library with it."""
    window = create_window(QSettings(str(tmp_path / "reader.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    if files:
        window.open_files(files)
    else:
        assert window.restore_last()
    window.show()
    with qtbot.waitSignals([window.library_attached, window.comparison_attached], timeout=20000):
        open_library_after_first_paint(window, str(db))
    window.close()
    window.library.close()


def test_starting_again_without_changes_makes_no_new_backup(qtbot, tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite3"
    _start_and_close(qtbot, tmp_path, db, [str(p) for p in SEEDS[:2]])
    _start_and_close(qtbot, tmp_path, db)  # the library changed since it had no backup: one is made
    made = backups(db)
    assert len(made) == 1
    for _ in range(2):  # reopening the last comparison, unchanged, writes nothing: no new backup
        _start_and_close(qtbot, tmp_path, db)
    assert backups(db) == made
    assert [c.paths for c in Library.open(db, read_only=True).comparisons()] == [
        tuple(str(p) for p in SEEDS[:2])
    ]


def test_a_saved_layout_is_back_before_the_library_opens(qtbot, tmp_path: Path) -> None:
    from tests.ui.test_small_screen import shown_tab

    settings = QSettings(str(tmp_path / "reader.ini"), QSettings.Format.IniFormat)
    first = create_window(settings)
    qtbot.addWidget(first)
    first.show()
    first.annotations_dock.raise_()
    qtbot.waitUntil(lambda: shown_tab(first) == "Annotations")
    first.close()
    again = create_window(QSettings(str(tmp_path / "reader.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.library is None and shown_tab(again) == "Annotations"  # no tab comes up later
    assert side_panel_tabs(again) == ["Copying", "Annotations", "Settings"]
    again.close()


def test_when_the_library_cannot_be_opened_a_press_kept_for_it_is_answered(qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    note = tmp_path / "notes"
    note.write_text("a file of the user's where the library's folder should be", encoding="utf-8")
    broken = note / "library.sqlite3"
    window = create_window(QSettings(str(tmp_path / "reader.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.alignment_ready, timeout=20000):
        window.open_files([str(p) for p in SEEDS])
        window.show()
    window.library_wait.opening = True
    window.comparison.select_group(window.alignment.groups[0].id)
    window.annotate_action.trigger()  # kept: the library is opening
    told = []

    def answer() -> None:  # the user reads why the library cannot be opened, and closes the message
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            told.append(box.text())
            box.done(0)
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(20, answer)
    open_library_after_first_paint(window, str(broken))
    qtbot.waitUntil(lambda: not window.library_wait.opening, timeout=20000)
    assert window.library is None and told and str(note) in told[0]
    assert window.statusBar().currentMessage() == "The library is not open, so annotations are off."
    assert "could not be opened" in window.annotations_dock.widget().text()
    assert note.read_text(encoding="utf-8").startswith("a file of the user's")  # left as it was
    window.close()


def test_a_press_kept_for_sources_no_longer_on_screen_is_not_carried_out(qtbot, tmp_path: Path) -> None:
    window = create_window(QSettings(str(tmp_path / "reader.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.alignment_ready, timeout=20000):
        window.open_files([str(p) for p in SEEDS[:3]])
        window.show()
    window.library_wait.opening = True
    select_words(window.comparison.panes[0].view, window.alignment.sources[0].text, "Technical Details")
    window.annotate_action.trigger()  # kept, for these words of these sources
    with qtbot.waitSignal(window.alignment_ready, timeout=20000):
        window.open_files([str(p) for p in SEEDS[3:]])  # other sources: the words are not theirs
    with qtbot.waitSignal(window.comparison_attached, timeout=20000):
        open_library_after_first_paint(window, str(tmp_path / "library.sqlite3"))
    saved(qtbot, window)
    assert window.library.annotations(list(window.current.source_ids.values())) == []
    assert window.statusBar().currentMessage().startswith("Other sources are on screen now")
    window.library.close()
    window.close()
