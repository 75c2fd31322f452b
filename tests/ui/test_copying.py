"""Who copies whom in the window: the graph, choosing a pair, and the user's title, outlet and date."""

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication

from reader.core.provenance.who_first import provenance
from reader.core.reading.labels import source_labels
from reader.ui.source_details import SourceDetailsDialog

from .conftest import open_and_wait, saved

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def copied_spans(window, source: int) -> list[tuple[int, int]]:
    view = window.comparison.panes[source].view
    return [
        (view.index.from_qt(s.cursor.selectionStart()), view.index.from_qt(s.cursor.selectionEnd()))
        for s in view._layers.get("copied", [])
    ]


def test_clicking_the_arrow_from_wired_marks_what_004_takes_from_it(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    window.copying_dock.show()
    window.copying_dock.raise_()
    qtbot.wait(50)
    panel = window.copying
    found = provenance(window.alignment)
    rows = [panel.pair_rows.index(i).data() for i in range(panel.pair_rows.rowCount())]
    assert len(rows) == len(found.copying) + 1 and rows[0].startswith("Musk Admits xAI Distilled… takes ")
    # WIRED and 004 both quote OpenAI's memo: said below the pairs, not a pair that copies, nothing to choose.
    assert rows[-1].startswith("WIRED and Musk Admits xAI Distilled… both quote OpenAI (") and rows[
        -1
    ].endswith("not copying.")
    assert not panel.pair_rows.flags(panel.pair_rows.index(len(rows) - 1)) & Qt.ItemFlag.ItemIsSelectable
    wired = next(i for i, c in enumerate(found.copying) if (c.origin, c.copier) == (0, 4))
    edge = next(e for e in panel.graph.graph.edges if e.copy == wired)
    # A click on the arrow, a little off its line, as a hand would.
    x = (edge.x1 * 3 + edge.x2) / 4 + 2
    y = (edge.y1 * 3 + edge.y2) / 4
    qtbot.mouseClick(panel.graph, Qt.MouseButton.LeftButton, pos=QPoint(round(x), round(y)))
    assert panel.graph.chosen == wired and panel.pairs.currentIndex().row() == wired
    copy = found.copying[wired]
    assert sorted(copied_spans(window, 4)) == sorted((p.start, p.end) for p in copy.passages)
    assert sorted(copied_spans(window, 0)) == sorted((p.other_start, p.other_end) for p in copy.passages)
    assert 1 not in window.comparison.panes  # folded away: WIRED and 004 are shown next to each other
    listed = [panel.passage_rows.index(i).data() for i in range(panel.passage_rows.rowCount())]
    assert "Musk Admits xAI Distilled… · word for word · credited\nSavitt: So that's a yes." in listed
    # The keyboard chooses the next pair, and the marks follow.
    panel.graph.setFocus()
    qtbot.keyClick(panel.graph, Qt.Key.Key_Right)
    chosen = panel.graph.chosen
    assert chosen not in (wired, -1) and panel.pairs.currentIndex().row() == chosen
    assert sorted(copied_spans(window, found.copying[chosen].copier)) == sorted(
        (p.start, p.end) for p in found.copying[chosen].passages
    )


def test_choosing_a_passage_brings_both_copies_level(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    panel = window.copying
    found = provenance(window.alignment)
    wired = next(i for i, c in enumerate(found.copying) if (c.origin, c.copier) == (0, 4))
    panel.choose(wired)
    for pane in window.comparison.panes.values():
        pane.view.verticalScrollBar().setValue(pane.view.verticalScrollBar().maximum())
    panel.passages.clicked.emit(panel.passage_rows.index(2))
    qtbot.wait(20)
    copy = found.copying[wired]
    passage = copy.passages[2]
    mine, theirs = window.comparison.panes[4].view, window.comparison.panes[0].view
    assert abs(mine.y_of(passage.start) - theirs.y_of(passage.other_start)) <= 2


def _fill_dialog(title: str | None, outlet: str | None, date: str | None, seen: list) -> None:
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, SourceDetailsDialog)
    seen.append(dialog.date_hint.text())
    if title is not None:
        dialog.title_edit.setText(title)
    if outlet is not None:
        dialog.outlet_edit.setText(outlet)
    if date is not None:
        dialog.date_edit.setText(date)
    seen.append(dialog.date_hint.text())
    dialog.accept()


def test_the_user_sets_a_title_outlet_and_date_and_the_story_is_told_with_them(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    pane = window.comparison.panes[4]
    assert pane.title.text().startswith("Musk Admits xAI Distilled") and "date unknown" in pane.meta.text()
    seen: list[str] = []
    headline = "Musk distilled OpenAI's models, he says"
    QTimer.singleShot(0, lambda: _fill_dialog(headline, "ReadBasket", "May 9, 2026 10:00 AM", seen))
    window.edit_details(4)
    saved(qtbot, window)
    qtbot.waitUntil(lambda: window.comparison.panes[4].title.text() == headline, timeout=5000)
    assert seen == ["Date unknown", "Reads as May 9, 2026 10:00 AM"]
    pane = window.comparison.panes[4]
    assert "ReadBasket" in pane.meta.text() and "May 9, 2026 10:00 AM" in pane.meta.text()
    copy = provenance(window.alignment).between(0, 4)
    assert copy is not None and copy.evidence == "dates and credit"
    assert "published 9 days earlier" in window.copying.pair_rows.index(0).data()
    stored = window.library.source_details([window.source_ids[4]])[window.source_ids[4]]
    assert (stored.title, stored.outlet, stored.published) == (headline, "ReadBasket", "2026-05-09T10:00")


def test_a_date_reader_cannot_read_keeps_the_dialog_open_and_saves_nothing(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    source = window.comparison.panes[0]
    dialog = SourceDetailsDialog(window.current.sources[0], window.current.as_read[0], window)
    qtbot.addWidget(dialog)
    dialog.date_edit.setText("the day after the hearing")
    assert dialog.date_hint.text() == "Not a date Reader can read"
    dialog.accept()
    assert dialog.details is None and dialog.problem.isVisibleTo(dialog)
    assert "is not a date Reader can read" in dialog.problem.text()
    dialog.date_edit.setText("")  # cleared: the user says the date is unknown
    dialog.accept()
    assert dialog.details is not None and dialog.details.published == "" and dialog.details.title is None
    assert "Apr 30, 2026 1:41 PM" in source.meta.text()  # nothing changed on screen: the dialog only returns


def test_words_both_quote_have_their_own_quiet_style_and_label(qtbot, window) -> None:
    from PySide6.QtGui import QTextCharFormat

    from tests.ui.test_window import expected_ranges, formatted_ranges

    open_and_wait(qtbot, window, SEEDS)
    found = provenance(window.alignment)
    memo = found.quoted_between(0, 4)
    assert memo is not None and memo.speakers == ("OpenAI",)
    view = window.comparison.panes[4].view
    dotted = formatted_ranges(
        view,
        lambda f: (
            f.fontItalic()
            and f.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
            and f.underlineColor() == window.theme.quoted
        ),
    )
    text = window.alignment.sources[4].text
    quoted = [(p.other_start, p.other_end) for p in memo.passages]
    assert dotted == expected_ranges(text, quoted)  # those words, and nothing else
    bold = formatted_ranges(view, lambda f: f.fontWeight() >= 600)  # a copied fragment's weight
    assert not bold & dotted  # the fragment of OpenAI's words is not drawn as copied
    passage = memo.passages[0]
    window.comparison.select_group(passage.group, origin=0)
    details = window.details.toPlainText()
    assert (
        f"This and {source_labels(window.alignment.sources)[4]} both quote OpenAI" in details
        and "Both quote OpenAI: those words are not copying." in details
    )
