"""Start-up as `reader FILE...` does it: the comparison is painted first, the library attached after."""

from pathlib import Path

from PySide6.QtCore import QSettings

from reader.core.sources import read_source
from reader.store import Library, NewTarget
from reader.store.backups import backups
from reader.ui.app import create_window
from reader.ui.startup import open_library_after_first_paint

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


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
    window.open_files([str(p) for p in SEEDS])
    window.show()
    assert not window.annotate_action.isEnabled()  # annotations come with the library
    with qtbot.waitSignals([window.library_attached, window.comparison_attached], timeout=20000):
        open_library_after_first_paint(window, str(db))
    assert seen_at_first_alignment == [None]
    assert window.library is not None and window.annotate_action.isEnabled()
    marks = window.comparison.panes[0].view.gutter.marks
    assert [(s, e) for s, e, _ in marks] == [(0, 20)]  # the comparison on screen was attached
    window.library.close()
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
    assert job is not None and job.isFinished() and window.runner.job is None


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
