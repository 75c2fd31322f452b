"""Many sources in the real window: what it builds does not grow with them (two panes, one grid, a list
that gets its rows a batch at a time), however many pairs of sources share text."""

from pathlib import Path

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QWidget

from reader.core.alignment.align import align
from reader.core.provenance.who_first import copying_sentence, provenance
from reader.core.reading.sources import read_source
from reader.ui.copying import CopyingPanel, PairListModel, PairRole
from reader.ui.theme import current_theme
from tests.syndicated import write_story

from .conftest import open_and_wait


def test_thirty_sources_list_their_pairs_a_batch_at_a_time(qtbot, tmp_path: Path) -> None:
    alignment = align([read_source(str(p)) for p in write_story(tmp_path / "story", 30, size=1500)])
    found = provenance(alignment)
    assert len(found.copying) > PairListModel.batch  # 435 pairs: more than one batch
    panel = CopyingPanel(current_theme())
    qtbot.addWidget(panel)
    panel.set_alignment(alignment)
    rows = panel.pair_rows
    assert rows.rowCount() == PairListModel.batch and rows.canFetchMore(QModelIndex())
    last = rows.index(rows.rowCount() - 1)
    assert last.data() == copying_sentence(found.copying[PairListModel.batch - 1], alignment.labels)
    assert not rows.index(PairListModel.batch, 0).isValid()
    rows.fetchMore(QModelIndex())  # what the view asks when scrolled to the end
    expected = len(found.copying) + len(found.both_quote)
    assert rows.rowCount() == min(expected, 2 * PairListModel.batch)
    # A pair chosen past the rows the view has (by its arrow in the graph) is brought into the list.
    panel.set_alignment(alignment)
    far = len(found.copying) - 1
    panel.choose(far)
    assert rows.rowCount() >= far + 1
    assert panel.pairs.currentIndex().row() == far and panel.pairs.currentIndex().data(PairRole.COPY) == far
    assert panel.passage_rows.rowCount() == len(found.copying[far].passages)


def test_forty_sources_build_no_more_widgets_than_ten(qtbot, plain_window, tmp_path: Path) -> None:
    window = plain_window
    open_and_wait(qtbot, window, write_story(tmp_path / "ten", 10, size=1200))
    qtbot.waitUntil(lambda: window.overview_dock.panel.overview is not None)
    with_ten = len(window.findChildren(QWidget))
    open_and_wait(qtbot, window, write_story(tmp_path / "forty", 40, size=1200))
    panel = window.overview_dock.panel
    qtbot.waitUntil(lambda: panel.overview is not None and panel.model.rowCount() == 40)
    qtbot.wait(50)  # the panes of the ten, deleted later, gone
    assert len(window.comparison.panes) == 2
    assert len(window.findChildren(QWidget)) <= with_ten
    assert (
        window.copying.pair_rows.rowCount() <= PairListModel.batch < len(provenance(window.alignment).copying)
    )
