"""A source's versions in the window: Check for updates reads a changed file (or page) again as a new
version, the Versions dialog shows the timeline and the changes, and two versions read side by side."""

from __future__ import annotations

from pathlib import Path

from reader.ui.versions import VersionsDialog
from tests.ui.conftest import open_and_wait, saved
from tests.ui.test_annotations import select_words
from tests.web import STORY, Route

FIRST = "Musk testified on Thursday. He said distillation is standard practice.\n\nReporters waited outside."
SECOND = "Musk testified on Thursday in federal court. He said distillation is standard practice."


def test_check_for_updates_adds_a_version_shown_in_the_timeline_and_side_by_side(
    qtbot, window, tmp_path: Path, seed_paths, monkeypatch
) -> None:
    story = tmp_path / "story.txt"
    story.write_text(FIRST, encoding="utf-8")
    open_and_wait(qtbot, window, [story, seed_paths[0]])
    select_words(window.comparison.panes[0].view, FIRST, "Reporters waited outside.")
    window.annotate()
    saved(qtbot, window)
    story.write_text(SECOND, encoding="utf-8")
    with qtbot.waitSignals([window.alignment_ready, window.comparison_attached], timeout=20000):
        window.check_updates_action.trigger()
    qtbot.waitUntil(lambda: "Sources changed" in window.message_bar.label.text(), timeout=5000)
    assert window.current.sources[0].text == SECOND

    shown: list[VersionsDialog] = []
    monkeypatch.setattr(VersionsDialog, "exec", lambda self: shown.append(self) or 0)
    window.comparison.panes[0].menu_button.menu().actions()[1].trigger()  # ⋯ > Versions…
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)  # read off the GUI thread, then shown
    (dialog,) = shown
    assert dialog.timeline_rows.rowCount() == 2 and "(current)" in dialog.timeline_rows.index(1).data()
    text = dialog.changes.toPlainText()
    assert "Deleted: Reporters waited outside." in text and "Edited: Musk testified on Thursday" in text
    assert "“Reporters waited outside.”: orphaned" in dialog.annotations.text()
    with qtbot.waitSignal(window.alignment_ready, timeout=20000):
        dialog.side_by_side.click()
    assert [s.text for s in window.current.sources] == [FIRST, SECOND]
    assert window.current.sources[1].title.endswith("version 2 (current)")
    assert len(window.library.sources()) == 2  # versions side by side are not imported as new sources
    annotations = len(window.library.annotations())
    select_words(window.comparison.panes[1].view, SECOND, "Musk testified")
    window.annotate()  # in memory: not on the story that was open before, and the user is told why
    qtbot.wait(200)
    assert len(window.library.annotations()) == annotations
    assert "not in the library" in window.statusBar().currentMessage()


def test_a_page_that_changed_is_fetched_again_as_a_new_version(qtbot, window, web, seed_paths) -> None:
    open_and_wait(qtbot, window, [seed_paths[0]])
    window.open_files([web.url("/story.html")], add=True)
    qtbot.waitUntil(lambda: window.current is not None and len(window.current.sources) == 2, timeout=20000)
    qtbot.waitUntil(
        lambda: len(window.library.snapshots()) == 1 and 1 in window.current.source_ids, timeout=20000
    )
    web.pages["/story.html"] = Route(STORY.replace("about a minute", "nearly two minutes").encode())
    with qtbot.waitSignals([window.alignment_ready, window.comparison_attached], timeout=20000):
        window.check_updates_action.trigger()
    assert "nearly two minutes" in window.current.sources[1].text
    qtbot.waitUntil(lambda: len(window.library.snapshots(web.url("/story.html"))) == 2, timeout=10000)
    qtbot.waitUntil(lambda: 1 in window.current.source_ids, timeout=10000)
    source_id = window.current.source_ids[1]
    assert len(window.library.versions(source_id)) == 2
