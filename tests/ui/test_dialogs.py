"""The dialogs on real widgets: the library of saved comparisons, the export options, what changed."""

from pathlib import Path

from PySide6.QtCore import Qt

from reader.comparison import Comparison
from reader.store import Library
from reader.ui.export_dialog import ExportDialog
from reader.ui.library_dialog import ComparisonListModel, LibraryDialog, Role

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def saved_library(tmp_path: Path) -> Library:
    library = Library.open(tmp_path / "library.sqlite3")
    for paths in (SEEDS[:2], SEEDS[2:]):
        comparison, _ = Comparison.load(paths)
        assert comparison is not None
        comparison.attach(library)
    return library


def test_library_dialog_lists_renames_deletes_and_opens(qtbot, tmp_path: Path) -> None:
    library = saved_library(tmp_path)
    dialog = LibraryDialog(library)
    qtbot.addWidget(dialog)
    model = dialog.model
    assert model.rowCount() == 2
    newest = model.index(0)
    assert model.data(newest, Role.SOURCES) == 3  # most recent first: the second comparison saved
    assert b"info" in [bytes(name.data()) for name in model.roleNames().values()]

    changed: list[int] = []
    model.dataChanged.connect(lambda first, last: changed.append(first.row()))
    dialog.rename("Distillation, day two")
    qtbot.waitUntil(lambda: dialog.runner.idle)
    assert changed == [0] and model.data(newest, Role.NAME) == "Distillation, day two"
    assert library.comparisons()[0].name == "Distillation, day two"

    removed: list[int] = []
    model.rowsRemoved.connect(lambda _parent, first, _last: removed.append(first))
    dialog.delete()
    qtbot.waitUntil(lambda: dialog.runner.idle)
    assert removed == [0] and model.rowCount() == 1 and len(library.comparisons()) == 1

    dialog.list.setCurrentIndex(model.index(0))
    dialog.open_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.chosen is not None
    assert len(dialog.chosen.paths) == 2
    library.close()


def test_library_dialog_on_a_read_only_library_says_why_nothing_changes(qtbot, tmp_path: Path) -> None:
    saved_library(tmp_path).close()
    library = Library.open(tmp_path / "library.sqlite3", read_only=True)
    dialog = LibraryDialog(library)
    qtbot.addWidget(dialog)
    assert not dialog.delete_button.isEnabled() and not dialog.rename_button.isEnabled()
    dialog.rename("Not allowed")
    qtbot.waitUntil(lambda: dialog.runner.idle)
    assert "read-only" in dialog.problem.text() and not dialog.problem.isHidden()
    assert library.comparisons()[0].name != "Not allowed"
    library.close()


def test_comparison_model_is_empty_and_safe_outside_its_rows() -> None:
    model = ComparisonListModel([])
    assert model.rowCount() == 0 and model.data(model.index(3), Qt.ItemDataRole.DisplayRole) is None


def test_export_dialog_turns_its_boxes_into_options(qtbot, tmp_path: Path) -> None:
    library = Library.open(tmp_path / "library.sqlite3")
    dialog = ExportDialog(library.tags())
    qtbot.addWidget(dialog)
    everything = dialog.options()
    assert everything.tags is None and everything.full_texts and not everything.annotated_only
    for box in dialog.tag_boxes:
        box.setChecked(box.text() in ("disputed", "verified"))
    dialog.annotated_only.setChecked(True)
    dialog.full_texts.setChecked(False)
    chosen = dialog.options()
    assert chosen.tags == frozenset({"disputed", "verified"})
    assert chosen.annotated_only and not chosen.full_texts
    library.close()


def test_versions_dialog_marks_added_deleted_and_edited_words_as_text(qtbot) -> None:
    from datetime import datetime

    from reader.store import VersionInfo, VersionOutcome
    from reader.ui.versions import VersionsDialog

    previous = "Musk said <b>no</b> on Tuesday. Reporters waited outside."
    current = "Musk said yes on Tuesday. He then corrected himself at length."
    when = datetime(2026, 5, 1, 9, 30)
    versions = [
        VersionInfo(1, 7, previous, "a", when, when, VersionOutcome(1, 0, 1, 1)),
        VersionInfo(2, None, current, "b", when, None, None),
    ]
    dialog = VersionsDialog("a.txt", versions)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Versions of a.txt"
    assert "annotations: 1 stayed, 0 moved, 1 re-attached, 1 orphaned" in dialog.timeline_rows.index(0).data()
    html = dialog.changes.toHtml()
    assert "&lt;b&gt;no&lt;/b&gt;" in html  # the old words are shown as text, never as markup
    text = dialog.changes.toPlainText()
    assert (
        "Deleted: Reporters waited outside." in text and "Added: He then corrected himself at length." in text
    )
    assert "Edited: Musk said" in text


def test_dates_are_shown_in_the_readers_locale_style(qtbot) -> None:
    from PySide6.QtCore import QLocale

    from reader.core.text.dates import parse_date
    from reader.ui.local_dates import local_date

    moment, day = parse_date("2026-04-30T13:41:00-04:00"), parse_date("April 30, 2026")
    assert moment is not None and day is not None
    assert local_date(moment, QLocale("en_US")) == "Apr 30, 2026 1:41 PM UTC-4"
    assert local_date(moment, QLocale("de_DE")) == "30. Apr. 2026 13:41 UTC-4"
    assert local_date(day, QLocale("en_GB")) == "30 Apr 2026"
