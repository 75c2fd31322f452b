"""Annotating in the real window, then restarting on the same library."""

import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from .conftest import make_window, open_and_wait, saved

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def select_words(view, text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    cursor = view.cursor_at_offset(start)
    cursor.setPosition(view.index.to_qt(start + len(words)), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    view.setFocus()
    return start, start + len(words)


def italic_words(document) -> list[str]:
    """The runs of text a QTextDocument shows in italics."""
    found = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.isValid() and fragment.charFormat().fontItalic():
                found.append(fragment.text())
            iterator += 1
        block = block.next()
    return found


def tag_button(panel, name: str):
    for index in range(panel.tag_row.count()):
        widget = panel.tag_row.itemAt(index).widget()
        if widget is not None and widget.text() == name:
            return widget
    raise AssertionError(f"no tag button {name}")


def test_tag_note_undo_and_restart(qtbot, settings_path: Path) -> None:
    window = make_window(qtbot, settings_path)
    open_and_wait(qtbot, window, SEEDS)
    panel = window.annotation_panel
    text = window.alignment.sources[0].text
    words = "Musk: It is standard practice to use other AI s to validate your AI."
    start, end = select_words(window.comparison.panes[0].view, text, words)

    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)  # Annotate
    saved(qtbot, window)
    assert panel.current is not None and panel.current.targets[0].exact == words
    tag_button(panel, "disputed").click()
    tag_button(panel, "unsourced").click()  # before the first is saved: both are kept
    saved(qtbot, window)
    qtbot.keyClicks(panel.note, "He said *validate*, not train.")
    qtbot.waitUntil(
        lambda: window.library.annotations()[0].note == "He said *validate*, not train.", timeout=3000
    )
    assert italic_words(panel.preview.document()) == ["validate"]  # the note's Markdown, rendered
    stored = window.library.annotations()[0]
    assert stored.tags == ("disputed", "unsourced")
    marks = window.comparison.panes[0].view.gutter.marks
    assert [(s, e) for s, e, _ in marks] == [(start, end)]

    # Undo the note edit (one step for the burst of typing), then the second tag; redo the tag.
    window.undo_action.trigger()
    saved(qtbot, window)
    assert window.library.annotations()[0].note == ""
    window.undo_action.trigger()
    saved(qtbot, window)
    assert window.library.annotations()[0].tags == ("disputed",)
    window.redo_action.trigger()
    saved(qtbot, window)
    assert window.library.annotations()[0].tags == ("disputed", "unsourced")
    panel.note.setPlainText("Kept after restart.")
    window.close()  # closing saves a note typed a moment ago

    again = make_window(qtbot, settings_path)
    with qtbot.waitSignals([again.alignment_ready, again.comparison_attached], timeout=20000):
        assert again.restore_last()
    (annotation,) = again.library.annotations()
    assert (annotation.tags, annotation.note) == (("disputed", "unsourced"), "Kept after restart.")
    assert annotation.targets[0].exact == words
    assert [(s, e) for s, e, _ in again.comparison.panes[0].view.gutter.marks] == [(start, end)]
    assert again.annotation_panel.model.rowCount() == 1
    again.annotation_panel.select_row(0)
    again.library_work.jump_to_annotation(annotation.id)
    first, last = again.comparison.panes[0].view.visible_range()
    assert first <= start <= last


def test_annotate_a_whole_group_and_delete_with_undo(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    alignment = window.alignment
    group = next(
        g for g in alignment.groups if alignment.member_text(g.members[0]).startswith("Michael Kratsios")
    )
    window.comparison.select_group(group.id, origin=0)
    window.annotate()
    saved(qtbot, window)
    (annotation,) = window.library.annotations()
    assert len(annotation.targets) == len(group.members) == 2
    assert {t.exact for t in annotation.targets} == {alignment.member_text(m) for m in group.members}
    window.annotation_panel.delete_button.click()
    saved(qtbot, window)
    assert window.library.annotations() == []
    window.undo_action.trigger()
    saved(qtbot, window)
    assert [a.id for a in window.library.annotations()] == [annotation.id]


def test_a_changed_source_is_reported_and_orphans_are_shown(qtbot, window, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    other = tmp_path / "other.txt"
    article.write_text("Musk said it is standard practice. He then left the court.\n", encoding="utf-8")
    other.write_text("Musk said it is standard practice, reporters wrote.\n", encoding="utf-8")
    open_and_wait(qtbot, window, [article, other])
    text = window.alignment.sources[0].text
    select_words(window.comparison.panes[0].view, text, "Musk said it is standard practice.")
    window.annotate()
    saved(qtbot, window)
    select_words(window.comparison.panes[0].view, text, "He then left the court.")
    window.annotate()
    saved(qtbot, window)
    article.write_text("Update: Musk said it is common practice.\n", encoding="utf-8")
    threads = []
    window.library.subscribe(
        lambda change: threads.append(threading.get_ident()) if change.kind == "source_changed" else None
    )
    open_and_wait(qtbot, window, [article, other])
    assert threads and threading.get_ident() not in threads  # re-anchoring ran off the GUI thread
    message = window.message_bar.label.text()
    assert (
        "article.txt changed" in message
        and "1 could not be placed" in message
        and "Show what changed" in message
    )
    model = window.annotation_panel.model
    items = [model.data(model.index(row)) for row in range(model.rowCount())]
    assert sum("orphaned" in item for item in items) == 1
    marks = [(s, e) for s, e, _ in window.comparison.panes[0].view.gutter.marks]
    new_text = window.alignment.sources[0].text
    assert [new_text[s:e] for s, e in marks] == ["Musk said it is common practice."]


def test_a_selection_left_in_another_pane_does_not_hijack_annotating_a_clicked_passage(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    alignment = window.alignment
    select_words(window.comparison.panes[0].view, alignment.sources[0].text, "Technical Details")
    group = next(
        g for g in alignment.groups if alignment.member_text(g.members[0]).startswith("Michael Kratsios")
    )
    member = group.member(4)
    view = window.comparison.panes[4].view
    view.scroll_to_offset(member.start, 40)
    rect = view.cursorRect(view.cursor_at_offset(member.start + 3))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    window.annotate()
    saved(qtbot, window)
    (annotation,) = window.library.annotations()
    assert {t.exact for t in annotation.targets} == {alignment.member_text(m) for m in group.members}


def test_comparisons_reopen_from_the_library(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS[:2])
    window.options_panel.threshold.setValue(0.7)
    qtbot.waitUntil(lambda: window.alignment.options.threshold == 0.7, timeout=10000)
    # The re-alignment is saved in the background: its own "attached" must not stand for the next one's.
    qtbot.waitUntil(lambda: window.library.comparisons()[0].options.get("threshold") == 0.7, timeout=10000)
    open_and_wait(qtbot, window, SEEDS[2:])
    qtbot.waitUntil(lambda: len(window.library.comparisons()) == 2, timeout=10000)
    saved = window.library.comparisons()
    assert [len(c.paths) for c in saved] == [3, 2]
    window.recent_menu.aboutToShow.emit()
    qtbot.waitUntil(lambda: len(window.recent_menu.actions()) == 2, timeout=5000)  # read off the GUI thread
    assert len(window.recent_menu.actions()) == 2
    with qtbot.waitSignal(window.alignment_ready, timeout=20000):
        window.recent_menu.actions()[1].trigger()
    assert [s.name for s in window.alignment.sources] == [p.name for p in SEEDS[:2]]
    assert window.alignment.options.threshold == 0.7


def test_export_from_the_window(qtbot, window, tmp_path) -> None:
    open_and_wait(qtbot, window, SEEDS)
    select_words(window.comparison.panes[0].view, window.alignment.sources[0].text, "Technical Details")
    window.annotate()
    saved(qtbot, window)
    for name in ("report.html", "report.md", "report.pdf", "report.json", "report.csv"):
        assert window.export_to(str(tmp_path / name))
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    for name in ("report.html", "report.md", "report.json", "report.csv"):
        assert "Technical Details" in (tmp_path / name).read_text(encoding="utf-8-sig"), name
    assert not window.export_to(str(tmp_path / "report.docx"))
    assert "extension" in window.message_bar.label.text()


def test_the_panel_updates_the_row_a_change_touched_and_leaves_the_editor_alone(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    panel = window.annotation_panel
    text = window.alignment.sources[0].text
    select_words(window.comparison.panes[0].view, text, "Musk")
    window.annotate()
    saved(qtbot, window)
    first = panel.current
    select_words(window.comparison.panes[1].view, window.alignment.sources[1].text, "Musk")
    window.annotate()
    saved(qtbot, window)
    assert panel.model.rowCount() == 2
    panel.select(first.id)

    resets, changed_rows = [], []
    panel.model.modelReset.connect(lambda: resets.append(1))
    panel.model.dataChanged.connect(lambda top, _bottom: changed_rows.append(top.row()))
    panel.note.setFocus()
    qtbot.keyClicks(panel.note, "Typed")
    panel.save_note()
    saved(qtbot, window)
    assert resets == [] and changed_rows == [0]  # one row, not the whole list
    assert panel.note.toPlainText() == "Typed" and panel.note.textCursor().position() == 5

    # A tag the store creates on the way shows in the filter at once.
    window.annotations.update(panel.current, tags=["brand new tag"])
    saved(qtbot, window)
    assert panel.tag_filter.findData("brand new tag") >= 0
    panel.tag_filter.setCurrentIndex(panel.tag_filter.findData("brand new tag"))
    saved(qtbot, window)  # the list is read off the GUI thread
    assert panel.model.rowCount() == 1 and panel.model.annotations[0].id == first.id


def test_words_dragged_after_a_click_elsewhere_are_what_ctrl_t_annotates_once(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    alignment = window.alignment
    first = window.comparison.panes[0].view
    member = alignment.by_source[0][3][0]
    first.scroll_to_offset(member.start, 40)
    rect = first.cursorRect(first.cursor_at_offset(member.start + 2))
    qtbot.mouseClick(first.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.comparison.selected is not None  # a passage is selected in pane 0
    view = window.comparison.panes[4].view
    words = "the same practice OpenAI has been fighting"
    text = alignment.sources[4].text
    start = text.index(words)
    view.scroll_to_offset(start, 60)
    begin = view.cursorRect(view.cursor_at_offset(start)).center()
    end = view.cursorRect(view.cursor_at_offset(start + len(words))).center()
    begin.setX(begin.x() + 1)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=begin)
    qtbot.mouseMove(view.viewport(), pos=end)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    assert view.textCursor().hasSelection()
    qtbot.keyClick(view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    saved(qtbot, window)
    (annotation,) = window.library.annotations()
    (target,) = annotation.targets
    assert target.source_id == window.source_ids[4] and target.exact in (words, words[:-1], words + " ")
    qtbot.waitUntil(lambda: window.annotation_panel.current is not None, timeout=5000)
    assert window.annotation_panel.current.id == annotation.id  # the panel shows at once what was annotated
    # Again on the same words: nothing new, and the user is told.
    qtbot.keyClick(view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    saved(qtbot, window)
    assert len(window.library.annotations()) == 1
    assert "already carry an annotation" in window.statusBar().currentMessage()


def test_an_orphan_is_re_attached_to_words_the_user_selects_with_its_tags_and_note(
    qtbot, window, tmp_path: Path
) -> None:
    article = tmp_path / "article.txt"
    other = tmp_path / "other.txt"
    article.write_text("Musk said it is standard practice. He then left the court.\n", encoding="utf-8")
    other.write_text("Reporters wrote that Musk left.\n", encoding="utf-8")
    open_and_wait(qtbot, window, [article, other])
    select_words(window.comparison.panes[0].view, window.alignment.sources[0].text, "He then left the court.")
    window.annotate()
    saved(qtbot, window)
    (info,) = window.library.annotations()
    window.library.update_annotation(info.id, tags=["disputed"], note="Check the transcript.")
    article.write_text(
        "Musk said it is standard practice. Afterwards he walked out of the courtroom.\n", "utf-8"
    )
    open_and_wait(qtbot, window, [article, other])
    panel = window.annotation_panel
    panel.select_row(0)
    assert not panel.reattach_button.isHidden()
    assert "its words are" in panel.quote_label.text()  # the evidence: why it could not be placed

    panel.reattach_button.click()  # nothing selected yet: the user is told what to do
    assert "Select the words in article.txt" in window.statusBar().currentMessage()
    text = window.alignment.sources[0].text
    start, end = select_words(window.comparison.panes[0].view, text, "he walked out of the courtroom")
    panel.reattach_button.click()
    saved(qtbot, window)
    (placed,) = window.library.annotations()
    (target,) = placed.targets
    assert (target.start, target.end, target.status) == (start, end, "anchored")
    assert target.previous_exact == "He then left the court." and target.evidence.startswith(
        "re-attached by hand"
    )
    assert (placed.tags, placed.note) == (("disputed",), "Check the transcript.")
    qtbot.waitUntil(lambda: panel.reattach_button.text() == "Move to selected words", timeout=5000)
    # A placed annotation can be moved too (a change that put it on the wrong words is corrected by hand).
    other, other_end = select_words(window.comparison.panes[0].view, text, "standard practice")
    panel.reattach_button.click()
    saved(qtbot, window)
    (corrected,) = window.library.annotations()
    assert (corrected.targets[0].start, corrected.targets[0].end) == (other, other_end)
    window.undo()
    saved(qtbot, window)
    assert window.library.annotations()[0].targets[0].start == start

    window.undo()
    saved(qtbot, window)
    (undone,) = window.library.annotations()
    assert undone.orphaned and undone.targets[0].exact == "He then left the court."
