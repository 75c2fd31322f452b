"""The copy beside its source, on a laptop's screen: choosing a copying relation, one of its passages or a
link shows the two panes next to each other, both in view, their passages level; the user's order kept.
And one label per source, the same in the panes, the graph, the pairs and the passage details."""

from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget

from reader.core.alignment.verdicts import links_of
from reader.core.provenance.who_first import provenance
from reader.core.reading.labels import source_labels

from .conftest import make_window, open_and_wait

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
LAPTOP = (1366, 768 - 36)  # a 1366x768 screen, less the window's title bar


def laptop_window(qtbot, settings_path):
    window = make_window(qtbot, settings_path, resize=False)
    window.resize(*LAPTOP)
    open_and_wait(qtbot, window, SEEDS)
    qtbot.wait(50)
    return window


def in_viewport(window, source: int) -> bool:
    """Whether the whole width of ``source``'s pane is inside the strip's viewport (not scrolled away)."""
    viewport = window.comparison.scroll_area.viewport()
    pane = window.comparison.panes.get(source)
    if pane is None or not pane.isVisible():
        return False
    top_left = pane.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, pane.size()))


def window_y(window: QWidget, source: int, offset: int, comparison) -> int:
    view = comparison.panes[source].view
    return view.viewport().mapTo(window, QPoint(0, view.y_of(offset))).y()


def assert_beside_and_level(window, source: int, start: int, other: int, other_start: int) -> None:
    comparison = window.comparison
    shown = comparison.visible_sources()
    assert abs(shown.index(source) - shown.index(other)) == 1, "next to each other"
    assert in_viewport(window, source) and in_viewport(window, other), "both in view"
    line = comparison.panes[source].view.fontMetrics().lineSpacing()
    mine, theirs = (
        window_y(window, source, start, comparison),
        window_y(window, other, other_start, comparison),
    )
    top = comparison.panes[source].view.viewport().mapTo(window, QPoint(0, 0)).y()
    assert (
        top <= min(mine, theirs)
        and max(mine, theirs) < top + comparison.panes[source].view.viewport().height()
    )
    # Level as lines allow, unless a passage sits at the very top of its text (nothing above it to scroll).
    at_top = comparison.panes[source].view.verticalScrollBar().value() == 0 or (
        comparison.panes[other].view.verticalScrollBar().value() == 0
    )
    assert abs(mine - theirs) <= (line if at_top else line // 2), (mine, theirs)


def test_choosing_each_copying_relation_shows_its_two_panes_beside_and_level_at_1366x768(
    qtbot, settings_path
) -> None:
    window = laptop_window(qtbot, settings_path)
    comparison, panel = window.comparison, window.copying
    order = list(comparison.order)
    assert not in_viewport(window, 4)  # 004 starts off screen: two of five panes fit
    found = provenance(window.alignment)
    wired = next(i for i, c in enumerate(found.copying) if (c.origin, c.copier) == (0, 4))
    for index in [wired, *range(len(found.copying))]:
        panel.pairs.setCurrentIndex(
            panel.pair_rows.index(index)
        )  # as a click on the pair's row (or its arrow) does
        qtbot.wait(30)
        copy = found.copying[index]
        first = copy.passages[0]
        assert_beside_and_level(window, copy.copier, first.start, copy.origin, first.other_start)
        assert comparison.order == order  # the user's order is never changed
        if comparison.beside is not None:
            assert (
                comparison.beside_bar.isVisible()
                and "Your order is kept" in comparison.beside_bar.text.text()
            )
    # WIRED (first) and 004 (last): the three panes between are folded away, and come back.
    panel.pairs.setCurrentIndex(panel.pair_rows.index(wired))
    qtbot.wait(30)
    assert comparison.visible_sources() == [0, 4]
    assert comparison.beside_bar.text.text().startswith("WIRED beside Musk Admits xAI Distilled…: 3 panes")
    comparison.beside_bar.button.click()
    qtbot.wait(30)
    assert comparison.visible_sources() == order and not comparison.beside_bar.isVisible()
    assert comparison.order == order and not comparison.hidden  # nothing saved as hidden


def test_choosing_a_passage_of_a_relation_brings_it_level_beside_its_source(qtbot, settings_path) -> None:
    window = laptop_window(qtbot, settings_path)
    panel = window.copying
    found = provenance(window.alignment)
    wired = next(i for i, c in enumerate(found.copying) if (c.origin, c.copier) == (0, 4))
    copy = found.copying[wired]
    panel.pairs.setCurrentIndex(panel.pair_rows.index(wired))
    window.comparison.show_all()  # all five panes again: choosing a passage folds what it needs
    qtbot.wait(30)
    for row in (len(copy.passages) - 1, 2):
        panel.passages.clicked.emit(panel.passage_rows.index(row))
        qtbot.wait(30)
        passage = copy.passages[row]
        assert_beside_and_level(window, 4, passage.start, 0, passage.other_start)


def test_neighbours_are_shown_without_folding_and_a_hidden_source_only_for_the_moment(
    qtbot, settings_path
) -> None:
    window = laptop_window(qtbot, settings_path)
    comparison = window.comparison
    found = provenance(window.alignment)
    pair = next(c for c in found.copying if abs(c.copier - c.origin) == 1)
    comparison.show_beside(pair.copier, pair.passages[0].start, pair.origin, pair.passages[0].other_start)
    qtbot.wait(30)
    assert comparison.beside is None and comparison.visible_sources() == [0, 1, 2, 3, 4]
    assert in_viewport(window, pair.copier) and in_viewport(window, pair.origin)
    # The user hid 004: choosing what it takes from WIRED shows it, and hides it again after.
    comparison.hide_source(4)
    wired = next(c for c in found.copying if (c.origin, c.copier) == (0, 4))
    comparison.show_beside(4, wired.passages[0].start, 0, wired.passages[0].other_start)
    qtbot.wait(30)
    assert comparison.visible_sources() == [0, 4] and comparison.hidden == {4}
    assert "shown though hidden" in comparison.beside_bar.text.text()
    comparison.show_all()
    assert comparison.visible_sources() == [0, 1, 2, 3]
    comparison.show_beside(4, wired.passages[0].start, 0, wired.passages[0].other_start)
    open_and_wait(qtbot, window, SEEDS[:3])  # another comparison: nothing stays folded
    assert comparison.beside is None and not comparison.beside_bar.isVisible()


def test_choosing_a_link_in_the_passage_details_shows_both_ends_beside(qtbot, settings_path) -> None:
    window = laptop_window(qtbot, settings_path)
    alignment = window.alignment
    group = next(
        g for g in alignment.groups if any({m.source, o.source} == {0, 4} for m, o in links_of(alignment, g))
    )
    member = group.member(0)
    window.comparison.select_group(group.id, origin=0)
    qtbot.wait(30)
    bar = window.link_verdicts
    row = next(i for i, link in enumerate(bar.links) if {link[0].source, link[1].source} == {0, 4})
    bar.choice.setCurrentIndex(row)
    bar.choice.activated.emit(row)  # as the user's choice in the list
    qtbot.wait(30)
    one, other = bar.links[row][0], bar.links[row][1]
    assert member is not None
    assert_beside_and_level(window, one.source, one.start, other.source, other.start)


def test_one_label_per_source_the_same_in_panes_graph_pairs_and_details(qtbot, settings_path) -> None:
    window = laptop_window(qtbot, settings_path)
    alignment = window.alignment
    labels = source_labels(alignment.sources)
    assert len({label.casefold() for label in labels}) == len(labels)
    comparison, panel = window.comparison, window.copying
    assert {s: p.label for s, p in comparison.panes.items()} == dict(enumerate(labels))
    assert all(p.meta.text().startswith(labels[s] + " · ") for s, p in comparison.panes.items())
    assert {node.source: node.label for node in panel.graph.graph.nodes} == dict(enumerate(labels))
    rows = [panel.pair_rows.index(i).data() for i in range(panel.pair_rows.rowCount())]
    assert rows[0].startswith("Musk Admits xAI Distilled… takes ") and "from WIRED" in rows[0]
    everything = "\n".join(rows)
    assert "s1" not in everything and "s5" not in everything  # no number no pane shows
    panel.pairs.setCurrentIndex(panel.pair_rows.index(0))
    listed = panel.passage_rows.index(0).data()
    assert listed.startswith("Musk Admits xAI Distilled… · ")
    group = next(g for g in alignment.groups if len(g.members) >= 3)
    window.comparison.select_group(group.id)
    details = window.details.toPlainText()
    assert all(labels[m.source] in details for m in group.members)
    assert ".txt" not in details  # files are named by their labels, not by their file names


def test_clicking_a_connector_band_selects_its_passage_and_brings_both_ends_level(
    qtbot, settings_path
) -> None:
    from PySide6.QtCore import Qt

    window = laptop_window(qtbot, settings_path)
    comparison = window.comparison
    strip = comparison.connectors[0]  # between WIRED and the next pane
    (left, _), (right, right_view) = strip.left, strip.right
    right_view.verticalScrollBar().setValue(8)  # sync scrolling leaves the two ends a little apart
    qtbot.wait(30)
    band = next(b for b in strip.links() if not (b.beside or b.moved or b.left_off or b.right_off))
    y = (band.left[0] + band.left[1] + band.right[0] + band.right[1]) // 4  # the middle of the band
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(strip.width() // 2, y))
    qtbot.wait(30)
    assert comparison.selected == band.groups[0]
    assert window.details.toPlainText().startswith(("In ", "Told again"))
    assert_beside_and_level(window, left, band.starts[0], right, band.starts[1])
