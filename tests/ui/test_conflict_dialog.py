"""A note changed by a colleague while it was typed: the panel merges what merges, and a save that had to
keep both texts shows them side by side to choose one, or a combination; the list marks the annotation
until then. The colleague is a second Library on the same file, as another Reader would be."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from reader.core.reading.sources import source_from_text
from reader.store import Library, NewTarget, NoteConflict
from reader.ui.annotation_controller import AnnotationController
from reader.ui.annotations import AnnotationPanel
from reader.ui.conflict_dialog import MARK, ConflictDialog

TEXT = "Musk said it is standard practice to use other AIs to validate your AI. Savitt: So that's a yes."
NOTE = "Claim: standard practice.\n\nSource: the deposition, page 12.\n\nStatus: not checked."


def test_the_dialog_keeps_either_text_or_the_combination_typed(qtbot) -> None:
    conflict = NoteConflict(7, 3, "base", "Ben's text", "Ana's text", "Ben", datetime.now())
    chosen: list[tuple[int, str]] = []
    for press, expected in (("keep_saved", "Ana's text"), ("keep_other", "Ben's text")):
        dialog = ConflictDialog(conflict, "Ana changed this note while you edited it")
        qtbot.addWidget(dialog)
        assert dialog.saved_text.toPlainText() == "Ana's text" and dialog.other_text.isReadOnly()
        dialog.chosen.connect(lambda i, t: chosen.append((i, t)))
        getattr(dialog, press).click()
        assert chosen[-1] == (7, expected) and not dialog.isVisible()
    dialog = ConflictDialog(conflict)
    qtbot.addWidget(dialog)
    dialog.chosen.connect(lambda i, t: chosen.append((i, t)))
    assert dialog.combined.toPlainText() == "Ben's text"  # the text kept aside, to combine
    dialog.combined.setPlainText("Ana's text\nBen's text")
    dialog.keep_combined.click()
    assert chosen[-1] == (7, "Ana's text\nBen's text")
    later = ConflictDialog(conflict)
    qtbot.addWidget(later)
    later.chosen.connect(lambda i, t: chosen.append((i, t)))
    later.reject()  # Decide later: nothing chosen, the conflict stays open
    assert len(chosen) == 3


def _panel(qtbot, tmp_path: Path) -> tuple[AnnotationPanel, Library, Library, int]:
    address = tmp_path / "library.sqlite3"
    mine, colleague = Library.open(address), Library.open(address)
    mine.author, colleague.author = "Ben", "Ana"
    source = mine.import_source(source_from_text(TEXT, str(tmp_path / "a.txt"))).source_id
    made = mine.add_annotation([NewTarget(source, 0, 4)], ["disputed"], NOTE)
    controller = AnnotationController(mine)
    panel = AnnotationPanel(controller)
    qtbot.addWidget(panel)
    panel.set_sources({source: "a.txt"})
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    panel.select_row(0)
    qtbot.waitUntil(lambda: controller.idle and panel.note.toPlainText() == NOTE)
    return panel, mine, colleague, made.id


def test_a_colleagues_change_to_another_paragraph_is_merged_into_the_editor(qtbot, tmp_path) -> None:
    panel, mine, colleague, annotation_id = _panel(qtbot, tmp_path)
    base = colleague.annotation(annotation_id)
    colleague.update_annotation(annotation_id, note=NOTE.replace("not checked", "checked"), based_on=base)
    panel.note.setPlainText(NOTE.replace("page 12", "page 12 (seen)"))  # typed before Ana's change arrived
    panel.save_note()
    merged = NOTE.replace("not checked", "checked").replace("page 12", "page 12 (seen)")
    qtbot.waitUntil(lambda: panel.controller.idle and mine.annotation(annotation_id).note == merged)
    qtbot.waitUntil(lambda: panel.note.toPlainText() == merged)
    assert panel.conflicts.dialog is None and mine.note_conflicts() == []
    assert panel.conflicts.notice.isVisibleTo(panel)
    assert (
        panel.conflicts.notice.text()
        == "Ana changed this annotation while you edited it; both changes are kept."
    )
    panel.controller.runner.wait(5)
    mine.close()
    colleague.close()


def test_overlapping_edits_show_both_texts_and_the_choice_is_saved(qtbot, tmp_path) -> None:
    panel, mine, colleague, annotation_id = _panel(qtbot, tmp_path)
    anas, bens = NOTE.replace("Claim:", "Claim (Ana):"), NOTE.replace("Claim:", "Claim (Ben):")
    colleague.update_annotation(annotation_id, note=anas, based_on=colleague.annotation(annotation_id))
    panel.note.setPlainText(bens)
    panel.save_note()
    qtbot.waitUntil(lambda: panel.conflicts.dialog is not None and panel.conflicts.dialog.isVisible())
    dialog = panel.conflicts.dialog
    assert dialog is not None
    assert (dialog.saved_text.toPlainText(), dialog.other_text.toPlainText()) == (anas, bens)
    assert mine.annotation(annotation_id).note == anas and len(mine.note_conflicts()) == 1
    # The list marks the annotation and the editor offers the choice while it is open.
    qtbot.waitUntil(lambda: MARK in panel.model.data(panel.model.index(0)))
    assert panel.conflicts.button.isVisibleTo(panel) and panel.note.toPlainText() == anas
    dialog.combined.setPlainText(anas + "\n\nBen adds: " + bens)
    dialog.keep_combined.click()
    qtbot.waitUntil(lambda: panel.controller.idle and mine.note_conflicts() == [])
    assert mine.annotation(annotation_id).note == anas + "\n\nBen adds: " + bens
    qtbot.waitUntil(lambda: MARK not in panel.model.data(panel.model.index(0)))
    qtbot.waitUntil(lambda: panel.note.toPlainText() == anas + "\n\nBen adds: " + bens)
    assert not panel.conflicts.button.isVisibleTo(panel)
    panel.controller.runner.wait(5)
    mine.close()
    colleague.close()


def test_typing_on_while_a_merged_save_comes_back_keeps_all_three_changes(qtbot, tmp_path) -> None:
    panel, mine, colleague, annotation_id = _panel(qtbot, tmp_path)
    colleague.update_annotation(annotation_id, note=NOTE.replace("not checked", "checked"), based_on=1)
    first = NOTE.replace("Claim:", "Claim (Ben):")
    panel.note.setPlainText(first)
    panel.save_note()
    panel.note.setPlainText(first.replace("page 12", "page 12 (seen)"))  # before the save comes back
    everything = NOTE.replace("Claim:", "Claim (Ben):").replace("page 12", "page 12 (seen)")
    everything = everything.replace("not checked", "checked")
    qtbot.waitUntil(lambda: mine.annotation(annotation_id).note == everything, timeout=5000)
    qtbot.waitUntil(lambda: panel.controller.idle and panel.note.toPlainText() == everything)
    assert mine.note_conflicts() == []
    panel.controller.runner.wait(5)
    mine.close()
    colleague.close()


def test_typing_on_while_a_conflict_comes_back_loses_none_of_it(qtbot, tmp_path) -> None:
    panel, mine, colleague, annotation_id = _panel(qtbot, tmp_path)
    anas = NOTE.replace("Claim:", "Claim (Ana):")
    colleague.update_annotation(annotation_id, note=anas, based_on=1)
    sent = NOTE.replace("Claim:", "Claim (Ben):")
    panel.note.setPlainText(sent)
    panel.save_note()
    panel.note.setPlainText(sent.replace("page 12", "page 12 (seen)"))  # before the save comes back
    qtbot.waitUntil(lambda: panel.conflicts.dialog is not None)
    # The typing is saved a moment later as an edit of the text sent: it merges with Ana's note, and the
    # line both changed stays kept aside for the choice.
    merged = anas.replace("page 12", "page 12 (seen)")
    qtbot.waitUntil(lambda: mine.annotation(annotation_id).note == merged, timeout=5000)
    assert [c.mine for c in mine.note_conflicts()] == [sent]
    qtbot.waitUntil(lambda: panel.controller.idle and panel.note.toPlainText() == merged)
    panel.controller.runner.wait(5)
    mine.close()
    colleague.close()
