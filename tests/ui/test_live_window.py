"""A colleague's changes in the open window, live, on both engines: another Library instance on the same
library (a colleague on the shared server, or another Reader on the file) adds, changes and deletes an
annotation; the window's panel, the marks in its panes and the editor show it within 2 s, without reloading.
Undo undoes only the window's own step, and never over a colleague's change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from reader.store import Library, NewTarget
from reader.ui.app import create_window
from reader.ui.live_changes import LiveChanges, coalesced, summary
from reader.ui.main_window import MainWindow

from .conftest import open_and_wait, saved

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))[:2]
WORDS = "Musk: It is standard practice to use other AI s to validate your AI."


@pytest.fixture
def shared(qtbot, tmp_path: Path, library_address: str) -> Iterator[tuple[MainWindow, Library]]:
    """A window on the library at ``library_address`` with the seeds open, and a colleague, Ana, on it."""
    library = Library.open(library_address)
    library.author = "Ben"
    window = create_window(QSettings(str(tmp_path / "reader.ini"), QSettings.Format.IniFormat), library)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    open_and_wait(qtbot, window, SEEDS)
    colleague = Library.open(library_address)
    colleague.author = "Ana"
    live = window.findChild(LiveChanges)
    assert live is not None
    assert live.follower.wait_ready(10)
    yield window, colleague
    window.close()
    assert not live.follower.running  # the window closing stopped it
    colleague.close()
    library.close()


def _words(window: MainWindow) -> tuple[int, int, int]:
    text = window.alignment.sources[0].text
    start = text.index(WORDS)
    assert window.current is not None
    return window.current.source_ids[0], start, start + len(WORDS)


def _marks(window: MainWindow) -> list[tuple[int, int]]:
    return [(s, e) for s, e, _ in window.comparison.panes[0].view.gutter.marks]


def test_a_colleagues_new_changed_and_deleted_annotation_shows_within_2_s(qtbot, shared) -> None:
    window, ana = shared
    panel = window.annotation_panel
    source, start, end = _words(window)
    assert panel.model.rowCount() == 0 and _marks(window) == []

    info = ana.add_annotation([NewTarget(source, start, end)], ["disputed", "from Ana"], "Ana's note")
    qtbot.waitUntil(lambda: panel.model.row_of(info.id) is not None, timeout=2000)
    qtbot.waitUntil(lambda: _marks(window) == [(start, end)], timeout=2000)
    qtbot.waitUntil(lambda: "from Ana" in [t.name for t in panel.tags], timeout=2000)  # a tag made on the way
    assert window.statusBar().currentMessage() == "Ana added an annotation"
    assert window.undo_action.isEnabled() is False  # a colleague's change is no undo step here

    panel.select(info.id)
    qtbot.waitUntil(lambda: panel.note.toPlainText() == "Ana's note", timeout=2000)
    ana.update_annotation(info.id, note="Ana changed it")
    qtbot.waitUntil(lambda: panel.note.toPlainText() == "Ana changed it", timeout=2000)
    shown = panel.info(info.id)
    assert shown is not None and shown.note == "Ana changed it" and shown.modified_by == "Ana"
    assert window.statusBar().currentMessage() == "Ana changed an annotation"

    ana.delete_annotation(info.id)
    qtbot.waitUntil(lambda: panel.model.row_of(info.id) is None, timeout=2000)
    qtbot.waitUntil(lambda: _marks(window) == [], timeout=2000)
    assert panel.current is None


def test_undo_takes_back_only_the_windows_own_step_and_never_over_a_colleagues(qtbot, shared) -> None:
    window, ana = shared
    panel, controller = window.annotation_panel, window.annotations
    assert controller is not None
    source, start, end = _words(window)
    other = ana.add_annotation([NewTarget(source, start + 5, start + 7)], [], "Ana's own")
    qtbot.waitUntil(lambda: panel.model.row_of(other.id) is not None, timeout=2000)

    made = []
    controller.create([NewTarget(source, start, end)], note="", then=made.append, quote=WORDS)
    saved(qtbot, window)
    (mine,) = made
    controller.update(mine, note="Ben's note")
    saved(qtbot, window)
    ana.update_annotation(other.id, note="Ana again")  # a colleague's change to another annotation
    qtbot.waitUntil(lambda: (panel.info(other.id) or other).note == "Ana again", timeout=2000)
    assert controller.undo_stack.count() == 2  # Ben's two steps; none of Ana's

    window.undo_action.trigger()  # undoes Ben's note, not Ana's change
    saved(qtbot, window)
    assert window.library.annotation(mine.id).note == ""
    assert window.library.annotation(other.id).note == "Ana again"
    assert "Ana" not in window.message_bar.label.text()  # nothing refused, no race said
    window.redo_action.trigger()
    saved(qtbot, window)
    assert window.library.annotation(mine.id).note == "Ben's note"

    ana.update_annotation(mine.id, note="Ana wrote over it")  # now on Ben's annotation
    qtbot.waitUntil(lambda: (panel.info(mine.id) or mine).note == "Ana wrote over it", timeout=2000)
    window.undo_action.trigger()
    saved(qtbot, window)
    assert window.library.annotation(mine.id).note == "Ana wrote over it"  # not silently overwritten
    message = window.message_bar.label.text()
    assert "Not undone" in message and "Ana changed that annotation since" in message
    assert controller.undo_stack.count() == 1  # that step left the stack; the one before is next
    assert window.undo_action.text() == "&Undo new annotation on “Musk: It is standard pra…”"

    window.undo_action.trigger()  # deleting Ben's annotation would lose Ana's note: refused as well
    saved(qtbot, window)
    assert window.library.annotation(mine.id).note == "Ana wrote over it"
    assert controller.undo_stack.count() == 0


def test_undoing_a_delete_a_colleague_undid_already_is_refused(qtbot, shared) -> None:
    window, ana = shared
    panel, controller = window.annotation_panel, window.annotations
    assert controller is not None
    source, start, end = _words(window)
    info = ana.add_annotation([NewTarget(source, start, end)], [], "kept")
    qtbot.waitUntil(lambda: panel.model.row_of(info.id) is not None, timeout=2000)
    controller.delete(info)
    saved(qtbot, window)
    assert window.library.annotations() == []
    ana.restore_annotation(info)  # Ana put it back meanwhile
    qtbot.waitUntil(lambda: panel.model.row_of(info.id) is not None, timeout=2000)
    window.undo_action.trigger()
    saved(qtbot, window)
    assert [a.id for a in window.library.annotations()] == [info.id]  # one, not an error or a second
    assert "Not undone" in window.message_bar.label.text()
    assert controller.undo_stack.count() == 0


def test_the_status_line_says_who_changed_what() -> None:
    from reader.store import Change

    assert summary([Change("annotation_changed", (1,), author="Ana")]) == "Ana changed an annotation"
    assert (
        summary(
            [
                Change("annotation_changed", (1,), author="Ana"),
                Change("annotation_changed", (2,), author="Ben"),
                Change("annotation_changed", (3,), author="Ana"),
            ]
        )
        == "Ana and Ben changed 3 annotations"
    )
    assert summary([Change("comparison_saved", (1,), author="Ana")]) == ""
    assert summary([Change("tag_added", (1,), author="\x1b[31mAna\n")]) == "\\x1b[31mAna added a tag"


MUSK = "Musk said it is standard practice to use other AIs to validate your AI."
FIRST = f"Tech news\n\n{MUSK}\n\nThe filing shows the board met twice in March.\n"
SECOND = f"Court report\n\n{MUSK}\n\nThe judge asked for the minutes of both meetings.\n"


def test_a_colleagues_verdict_on_a_link_regroups_the_comparison_live(
    qtbot, tmp_path: Path, library_address: str
) -> None:
    paths = []
    for name, text in (("a.txt", FIRST), ("b.txt", SECOND)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    library = Library.open(library_address)
    window = create_window(QSettings(str(tmp_path / "reader.ini"), QSettings.Format.IniFormat), library)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    open_and_wait(qtbot, window, paths)
    ana = Library.open(library_address)
    try:
        assert len(window.comparison.connectors[0].links()) == 1
        current = window.current
        assert current is not None
        spans = []
        for source in (0, 1):
            found = current.alignment.member_at(source, current.sources[source].text.index(MUSK) + 5)
            assert found is not None
            member = found[0]
            spans.append(NewTarget(current.source_ids[source], member.start, member.end))
        ana.judge_link(spans[0], spans[1], "rejected")
        qtbot.waitUntil(lambda: window.comparison.connectors[0].links() == [], timeout=2000)
        assert window.alignment is not None and window.alignment.judged is not None
    finally:
        window.close()
        ana.close()
        library.close()


def test_live_changes_resume_when_the_library_is_opened_again_under_the_window(qtbot, shared) -> None:
    """A restore of a backup that was refused closes the library and goes on with it: following resumes
    when the window is active again, from where it stopped (nothing missed meanwhile)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    window, ana = shared
    live = window.findChild(LiveChanges)
    panel = window.annotation_panel
    window.library.close()
    assert not live.follower.running
    source, start, end = _words(window)
    info = ana.add_annotation([NewTarget(source, start, end)], [], "while it was closed")
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
    assert live.follower.running
    qtbot.waitUntil(lambda: panel.model.row_of(info.id) is not None, timeout=2000)


def test_a_burst_of_changes_refreshes_the_views_once_per_run_of_one_kind() -> None:
    from reader.store import Change

    burst = [Change("annotation_changed", (n % 3,), author="Ana", seq=n) for n in range(1, 500)]
    burst.append(Change("annotation_deleted", (1,), author="Ana", seq=500))
    burst.append(Change("annotation_changed", (2,), author="Ben", seq=501))
    runs = coalesced(burst)
    assert [(c.kind, c.ids, c.seq, c.author) for c in runs] == [
        ("annotation_changed", (1, 2, 0), 499, "Ana"),
        ("annotation_deleted", (1,), 500, "Ana"),
        ("annotation_changed", (2,), 501, "Ben"),
    ]


def test_a_library_away_is_said_in_the_status_bar_and_its_return(qtbot, window) -> None:
    live = window.findChild(LiveChanges)
    assert live is not None
    qtbot.waitUntil(lambda: live.follower.connected is True)  # it said so once: it says nothing more now
    qtbot.wait(50)
    live.reachable.emit(False, "postgresql://ana@db/newsroom: cannot connect to the library (no server)")
    assert live.away_label.isVisible() and "Library away" in live.away_label.text()
    assert "no server" in live.away_label.toolTip()
    live.reachable.emit(True, "")
    assert not live.away_label.isVisible()
    assert "reachable again" in window.statusBar().currentMessage()


def test_undoing_an_edit_of_an_annotation_a_colleague_deleted_is_refused(qtbot, shared) -> None:
    window, ana = shared
    controller = window.annotations
    assert controller is not None
    source, start, end = _words(window)
    made = []
    controller.create([NewTarget(source, start, end)], tags=["disputed"], then=made.append, quote=WORDS)
    saved(qtbot, window)
    controller.set_tag(made[0], "unsourced", True)
    saved(qtbot, window)
    ana.delete_annotation(made[0].id)
    qtbot.waitUntil(lambda: window.annotation_panel.model.row_of(made[0].id) is None, timeout=2000)
    window.undo_action.trigger()
    saved(qtbot, window)
    assert window.library.annotations() == []  # not put back half-way, no error either
    message = window.message_bar.label.text()
    assert message.startswith("Not undone") and "another Reader deleted that annotation since" in message
    assert controller.undo_stack.count() == 1 and controller.undo_stack.index() == 1
