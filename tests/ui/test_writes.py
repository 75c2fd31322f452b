"""The window's write path: writes run off the GUI thread, in order, and their steps queue."""

import threading
from pathlib import Path

from PySide6.QtGui import QAction

from reader.core.reading.sources import read_source
from reader.store import Library, NewTarget, StoreError
from reader.ui.actions import follow_undo_stack
from reader.ui.annotation_controller import AnnotationController
from reader.ui.operations import Runner

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def test_writes_run_in_order_on_one_background_thread_and_report_failures(qtbot, tmp_path) -> None:
    library = Library.open(tmp_path / "library.sqlite3")
    writer = Runner(library)
    threads: set[int] = set()
    results: list[object] = []

    def tag(name: str):
        def operation():
            threads.add(threading.get_ident())
            return library.add_tag(name, "#123456").name

        return operation

    def failing():
        raise StoreError("library.sqlite3: the disk is full; the change was not saved")

    for name in ("one", "two", "three"):
        writer.change(tag(name), lambda result, problem: results.append(result))
    writer.change(failing, lambda result, problem: results.append(problem))
    with qtbot.waitSignal(writer.settled, timeout=10000):
        pass
    assert results == ["one", "two", "three", "library.sqlite3: the disk is full; the change was not saved"]
    assert len(threads) == 1 and threading.get_ident() not in threads
    assert writer.wait(5)
    library.close()


def test_undo_and_redo_pressed_faster_than_the_writes_end_apply_in_order(qtbot, tmp_path) -> None:
    library = Library.open(tmp_path / "library.sqlite3")
    source = read_source(SEEDS[0])
    stored = library.import_source(source)
    controller = AnnotationController(library)
    created = []
    controller.create([NewTarget(stored.source_id, 0, 20)], then=created.append)
    qtbot.waitUntil(lambda: controller.idle)
    (info,) = created
    controller.set_tag(info, "disputed", True)
    controller.set_tag(info, "verified", True)
    controller.update(info, note="first words")
    controller.update(info, note="first words and more")  # the same burst of typing: one step
    controller.undo()
    controller.undo()
    controller.redo()
    qtbot.waitUntil(lambda: controller.idle)
    (now,) = library.annotations()
    assert now.tags == ("disputed", "verified") and now.note == ""
    assert controller.undo_stack.count() == 4 and controller.undo_stack.index() == 3
    controller.redo()
    qtbot.waitUntil(lambda: controller.idle)
    assert library.annotations()[0].note == "first words and more"
    controller.runner.wait(5)
    library.close()


def test_undo_steps_say_what_they_undo_in_the_users_words(qtbot, tmp_path) -> None:
    library = Library.open(tmp_path / "library.sqlite3")
    text = "Musk & co said: it is standard practice to use other AIs.\nThen he left."
    stored = library.import_source(read_source_text(tmp_path, text))
    controller = AnnotationController(library)
    undo, redo = QAction("Undo"), QAction("Redo")
    follow_undo_stack(controller.undo_stack, undo, redo)
    created = []
    controller.create([NewTarget(stored.source_id, 0, 47)], then=created.append, quote=text[:47])
    qtbot.waitUntil(lambda: controller.idle)
    (info,) = created
    controller.set_tag(info, "disputed", True)
    controller.update(info, note="He said validate")
    controller.set_tag(info, "disputed", False)
    controller.delete(info)
    qtbot.waitUntil(lambda: controller.idle)
    stack = controller.undo_stack
    assert [stack.text(i) for i in range(stack.count())] == [
        "new annotation on “Musk & co said: it is st…”",
        "tag “disputed” on “Musk & co said: it is st…”",
        "note on “Musk & co said: it is st…”",
        "removing tag “disputed” on “Musk & co said: it is st…”",
        "deleting annotation on “Musk & co said: it is st…”",
    ]
    assert undo.text() == "&Undo deleting annotation on “Musk && co said: it is st…”"  # "&&" shows "&"
    controller.undo()
    qtbot.waitUntil(lambda: controller.idle)
    assert redo.text() == "&Redo deleting annotation on “Musk && co said: it is st…”"
    controller.runner.wait(5)
    library.close()


def read_source_text(folder: Path, text: str):
    path = folder / "article.txt"
    path.write_text(text, encoding="utf-8")
    return read_source(path)
