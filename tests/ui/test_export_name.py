"""Export proposes a file named after the story, in the documents folder, then where the user exported."""

from pathlib import Path

from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from reader.ui.export_dialog import ExportDialog, safe_file_name
from tests.ui.conftest import make_window, open_and_wait


def test_a_title_becomes_a_file_name_every_system_takes() -> None:
    assert (
        safe_file_name("Musk Admits xAI Distilled OpenAI Models")
        == "Musk Admits xAI Distilled OpenAI Models - comparison.html"
    )
    assert (
        safe_file_name('AI: "who\'s first?" / part 1\\2 <draft>*|\n')
        == "AI who's first part 1 2 draft - comparison.html"
    )
    assert safe_file_name("..  ") == "comparison - comparison.html"
    assert safe_file_name("CON") == "CON story - comparison.html"
    long = safe_file_name("word " * 100)
    assert len(long.encode("utf-8")) < 255 and not long.startswith(" ")
    assert safe_file_name("Über 😀 rtl\u202eevil") == "Über 😀 rtlevil - comparison.html"


def _answer_dialogs(qtbot, answered: list[str], save_in: Path | None) -> None:
    """Accept the export dialog, then note the name the file dialog proposes and save (in ``save_in``)."""

    def step() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, ExportDialog):
            modal.accept()
        elif isinstance(modal, QFileDialog):
            answered.append(modal.selectedFiles()[0])
            if save_in is not None:
                modal.selectFile(str(save_in / Path(answered[-1]).name))
            modal.accept()
            return
        QTimer.singleShot(50, step)

    QTimer.singleShot(50, step)


def test_export_proposes_the_title_in_documents_then_the_last_folder(qtbot, tmp_path, seed_paths) -> None:
    window = make_window(qtbot, tmp_path / "reader.ini")
    open_and_wait(qtbot, window, seed_paths)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    title = window.current.alignment.sources[window.current.order[0]].title
    folder = Path(documents) if Path(documents).is_dir() else Path.home()  # a fresh account may have none
    first = window.proposed_export_path()
    assert first == str(folder / f"{title} - comparison.html")
    assert "000_96ba02d55be56b15" not in first and "seeds" not in first

    chosen = tmp_path / "exports"
    chosen.mkdir()
    answered: list[str] = []
    _answer_dialogs(qtbot, answered, chosen)
    window.choose_export()
    assert answered == [first]
    written = chosen / f"{title} - comparison.html"
    qtbot.waitUntil(written.exists, timeout=20000)
    assert window.proposed_export_path() == str(written)  # the folder is remembered ...
    window.close()
    again = make_window(qtbot, tmp_path / "reader.ini")  # ... also by the next window
    open_and_wait(qtbot, again, seed_paths)
    assert again.proposed_export_path() == str(written)
