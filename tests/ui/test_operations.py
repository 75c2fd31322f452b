"""The one runner of background work (``reader.ui.operations``): results come back on the GUI thread, a
failure as one line, Cancel drops a job's result; and the window never reads or writes the library on the
GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event

from reader.store import Library, StoreError
from reader.ui.operations import Job, Runner
from tests.ui.conftest import open_and_wait, saved
from tests.ui.test_annotations import select_words

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def test_a_query_runs_off_the_gui_thread_and_its_result_comes_back_on_it(qtbot, tmp_path) -> None:
    library = Library.open(tmp_path / "library.sqlite3")
    runner = Runner(library)
    ran_on: list[threading.Thread] = []
    delivered_on: list[threading.Thread] = []
    results: list[list[str]] = []

    def read() -> list[str]:
        ran_on.append(threading.current_thread())
        return [tag.name for tag in library.tags()]

    def success(names: list[str]) -> None:
        delivered_on.append(threading.current_thread())
        results.append(names)

    runner.change(lambda: library.add_tag("disputed-here", "#123456"))
    with qtbot.waitSignal(runner.settled, timeout=10000):
        runner.query(read, success)
    assert ran_on[0] is not threading.main_thread()
    assert delivered_on == [threading.main_thread()]
    assert "disputed-here" in results[0]  # the read saw the write asked before it
    assert runner.wait(5)
    library.close()


def test_a_failure_comes_back_as_one_line(qtbot, tmp_path) -> None:
    library = Library.open(tmp_path / "library.sqlite3")
    runner = Runner(library)
    problems: list[str] = []
    said: list[str] = []
    runner.failed.connect(said.append)

    def bug() -> None:
        raise ValueError("a line for the user\n  File 'x.py', line 3, a traceback line")

    def busy() -> None:
        raise StoreError("library.sqlite3: the library is busy; the change was not saved")

    with qtbot.waitSignal(runner.settled, timeout=10000):
        runner.query(bug, lambda _: None, problems.append)
        runner.query(busy, lambda _: None)  # no failure handler: the runner's `failed` says it
        runner.change(bug, lambda _result, problem: problems.append(problem or ""))
    assert problems == [
        f"{library.path}: could not be read (a line for the user)",
        f"{library.path}: the change could not be saved (a line for the user)",
    ]
    assert said == ["library.sqlite3: the library is busy; the change was not saved"]
    assert all("\n" not in line for line in problems + said)
    library.close()


def test_cancel_drops_the_jobs_result_and_starting_another_cancels_it(qtbot) -> None:
    runner = Runner()
    results: list[str] = []
    release = threading.Event()

    def slow(job: Job[str]) -> str:
        while job.progress(0.5):
            release.wait(0.01)
        return "too late"

    first = runner.start(slow, results.append, lambda error: f"Failed: {error}")
    assert runner.running
    with qtbot.waitSignal(runner.stopped, timeout=2000):
        assert runner.cancel()
    qtbot.waitUntil(first.is_finished, timeout=5000)
    assert first.cancelled and not runner.running

    second = runner.start(slow, results.append, lambda error: f"Failed: {error}")
    third = runner.start(lambda job: "done", results.append, lambda error: f"Failed: {error}")
    qtbot.waitUntil(lambda: results == ["done"], timeout=5000)
    qtbot.waitUntil(second.is_finished, timeout=5000)
    assert second.cancelled and third.is_finished() and not runner.running
    qtbot.wait(50)
    assert results == ["done"]  # the cancelled jobs' results never arrive

    failures: list[str] = []
    runner.failed.connect(failures.append)
    with qtbot.waitSignal(runner.failed, timeout=5000):
        runner.start(broken, results.append, lambda error: f"Alignment failed: {error}")
    assert failures == ["Alignment failed: the story has no words"]


def broken(job: Job[str]) -> str:
    raise RuntimeError("the story has no words\nTraceback (most recent call last):")


@contextmanager
def sessions_on_the_gui_thread(library: Library) -> Iterator[list[str]]:
    """Every connection the library hands out on the GUI thread while the block runs (each session
    checks one out of the pool), named by what asked for it."""
    found: list[str] = []

    def checkout(*_args: object) -> None:
        if threading.current_thread() is threading.main_thread():
            import traceback

            ours = [f for f in traceback.extract_stack() if "/reader/" in f.filename]
            found.append(" < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(ours)))

    event.listen(library.engine, "checkout", checkout)
    try:
        yield found
    finally:
        event.remove(library.engine, "checkout", checkout)


def test_the_window_never_reads_or_writes_the_library_on_the_gui_thread(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    from reader.ui.library_dialog import LibraryDialog
    from reader.ui.versions import VersionsDialog

    shown: list[object] = []
    monkeypatch.setattr(VersionsDialog, "exec", lambda self: shown.append(self) or 0)
    monkeypatch.setattr(LibraryDialog, "exec", lambda self: shown.append(self) or 0)
    story = tmp_path / "story.txt"
    story.write_text(SEEDS[0].read_text(encoding="utf-8"), encoding="utf-8")
    library: Library = window.library
    panel = window.annotation_panel
    with sessions_on_the_gui_thread(library) as found:
        open_and_wait(qtbot, window, [story, SEEDS[1]])  # align, import, marks, the panel's list
        select_words(window.comparison.panes[0].view, window.alignment.sources[0].text, "Musk")
        window.annotate()  # is there one on these words already? then the new one, written
        saved(qtbot, window)
        window.annotations.set_tag(panel.current, "disputed", True)  # a step that reads, then writes
        window.annotations.update(panel.current, note="Checked.")
        window.annotations.add_tag("new tag")
        saved(qtbot, window)
        window.undo()
        saved(qtbot, window)
        panel.tag_filter.setCurrentIndex(panel.tag_filter.findData("disputed"))
        window.library_work.jump_to_annotation(panel.current.id)
        window.recent_menu.aboutToShow.emit()
        window.show_library()
        window.options_panel.threshold.setValue(0.7)  # align again, import again
        qtbot.waitUntil(lambda: window.alignment.options.threshold == 0.7, timeout=20000)
        qtbot.waitUntil(lambda: not window.library_work.attaching, timeout=20000)
        story.write_text(story.read_text(encoding="utf-8") + "\nA new closing line.", encoding="utf-8")
        with qtbot.waitSignals([window.alignment_ready, window.comparison_attached], timeout=20000):
            window.check_for_updates()  # a changed text: a new version, re-anchored off the GUI thread
        window.library_work.apply_verdicts()
        window.show_versions(0)  # its versions and annotations are read, then the dialog opens
        qtbot.waitUntil(lambda: len(shown) == 2, timeout=20000)
        saved(qtbot, window)
    assert window.current.source_ids and "Sources changed" in window.message_bar.label.text()
    assert [type(dialog) for dialog in shown] == [LibraryDialog, VersionsDialog]
    (annotation,) = library.annotations()
    assert annotation.tags == ("disputed",) and annotation.note == ""  # the note's step undone
    assert found == [], "\n".join(found)
