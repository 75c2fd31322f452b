"""The overview of many sources in the real window: opened by itself for a story fifty outlets carry, a row
per source by date, and a chosen cell or name shown side by side in the panes."""

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from reader.core.provenance.overview import FORMS
from reader.ui.app import create_window
from tests.syndicated import write_story

from .conftest import open_and_wait

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


@pytest.fixture
def fifty(tmp_path: Path) -> list[Path]:
    return write_story(tmp_path / "story", 50, size=2500)


def test_fifty_sources_open_on_the_overview_a_row_each_by_date(qtbot, plain_window, fifty) -> None:
    window = plain_window
    open_and_wait(qtbot, window, fifty)
    dock, panel = window.overview_dock, window.overview_dock.panel
    qtbot.waitUntil(lambda: panel.overview is not None)
    assert dock.isVisible() and window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    found, model = panel.overview, panel.model
    assert model.rowCount() == 50 and model.columnCount() == len(found.columns) > 20
    sources = window.alignment.sources
    dates = [sources[row.source].published for row in found.rows]
    assert found.dated == 47 and all(d is not None for d in dates[:47]) and dates[47:] == [None] * 3
    assert [d.span()[0] for d in dates[:47]] == sorted(d.span()[0] for d in dates[:47])
    assert model.headerData(0, Qt.Orientation.Vertical) == "The Daily Ledger"  # the wire: first published
    assert model.row_date(49) == "no date"
    assert "50 sources, earliest first (3 without a date, last)" in panel.summary.text()
    # The panes show the earliest source beside its closest one, not fifty panes no one can read at once.
    earliest, closest = found.rows[0].source, found.rows[0].partner
    assert (
        set(window.comparison.visible_sources()) == {earliest, closest} and len(window.comparison.panes) == 2
    )
    assert "the earliest and its closest source" in panel.summary.text()
    assert panel.show_all_button.isEnabled() and panel.show_all_button.text() == "Show all 50 sources"
    # Every cell is painted by one delegate: no widget per cell, whatever the number of sources.
    assert len(panel.table.findChildren(QWidget)) < 20


def test_choosing_a_cell_shows_its_source_beside_the_first_carrier(qtbot, plain_window, fifty) -> None:
    window = plain_window
    open_and_wait(qtbot, window, fifty)
    panel = window.overview_dock.panel
    qtbot.waitUntil(lambda: panel.overview is not None)
    found, table = panel.overview, panel.table
    # An edited copy, late in the day, of a passage the wire carried first.
    row, column = next(
        (r, c)
        for r in range(30, 47)
        for c in range(len(found.columns))
        if found.form(r, c) == "edited" and found.columns[c].first == found.rows[0].source
    )
    table.scrollTo(panel.model.index(row, column))
    rect = table.visualRect(panel.model.index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    copy, first = found.rows[row].source, found.rows[0].source
    comparison = window.comparison
    qtbot.waitUntil(lambda: comparison.selected == found.columns[column].group)
    # The two side by side, in the order the user had: the others hidden, and said so.
    assert comparison.visible_sources() == [s for s in comparison.order if s in (copy, first)]
    assert set(comparison.panes) == {copy, first}
    group = window.alignment.group_by_id[found.columns[column].group]
    mine, theirs = comparison.panes[copy].view, comparison.panes[first].view
    top = mine.y_of(group.member(copy).start)
    assert 0 <= top < mine.viewport().height()  # the passage in view
    assert abs(top - theirs.y_of(group.member(first).start)) <= 2  # and level with its first carrier's
    names = panel.model.labels
    said = window.statusBar().currentMessage()
    assert (
        said.startswith(f"Passage {column + 1}: {names[copy]} beside {names[first]}")
        and "48 others hidden" in said
    )
    assert panel.model.shown == {copy, first} and panel.show_all_button.isEnabled()
    # Show all brings back every source.
    qtbot.mouseClick(panel.show_all_button, Qt.MouseButton.LeftButton)
    assert comparison.visible_sources() == comparison.order and len(comparison.panes) == 50
    assert not panel.show_all_button.isEnabled() and panel.model.shown == set()
    # The same story with a source less: what the user arranged stays (all shown), the overview follows.
    open_before = window.overview_dock.isVisible()
    with qtbot.waitSignal(window.alignment_ready, timeout=60000):
        window.remove_source(comparison.order[-1])
    assert len(comparison.panes) == 49 and not comparison.hidden
    assert window.overview_dock.isVisible() == open_before
    qtbot.waitUntil(lambda: panel.model.rowCount() == 49)


def test_choosing_a_name_shows_the_source_beside_the_one_it_takes_most_from(
    qtbot, plain_window, fifty
) -> None:
    window = plain_window
    open_and_wait(qtbot, window, fifty)
    panel = window.overview_dock.panel
    qtbot.waitUntil(lambda: panel.overview is not None)
    row = 40
    info = panel.overview.rows[row]
    assert info.partner is not None
    panel.table.scrollTo(panel.model.index(row, 0))
    header = panel.table.verticalHeader()
    y = header.sectionViewportPosition(row) + header.sectionSize(row) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.width() // 2, y))
    assert set(window.comparison.visible_sources()) == {info.source, info.partner}
    # The keyboard: Enter on the current cell chooses it.
    table = panel.table
    table.setFocus()
    table.setCurrentIndex(panel.model.index(2, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert panel.overview.rows[2].source in window.comparison.visible_sources()


def test_cells_are_painted_in_the_theme_colours(qtbot, plain_window, fifty) -> None:
    window = plain_window
    open_and_wait(qtbot, window, fifty)
    panel = window.overview_dock.panel
    qtbot.waitUntil(lambda: panel.overview is not None)
    found, table, theme = panel.overview, panel.table, window.theme
    table.scrollToTop()
    qtbot.wait(20)
    image = table.viewport().grab().toImage()

    def centre_colour(row: int, column: int) -> QColor:
        rect = table.visualRect(panel.model.index(row, column))
        return image.pixelColor(rect.left() + 2, rect.top() + 3)  # inside the fill, clear of marks

    visible = [
        c
        for c in range(len(found.columns))
        if table.visualRect(panel.model.index(0, c)).right() < image.width()
    ]
    verbatim = next((r, c) for r in range(1, 8) for c in visible if found.form(r, c) == "verbatim")
    assert centre_colour(*verbatim) == theme.passage("verbatim")
    edited = next((r, c) for r in range(1, 8) for c in visible if found.form(r, c) == "edited")
    assert centre_colour(*edited) == theme.passage("reworded")
    first = next(c for c in visible if found.form(0, c) == "first")
    assert centre_colour(0, first) == theme.text
    absent = next((r, c) for r in range(1, 8) for c in visible if found.form(r, c) is None)
    assert centre_colour(*absent) == table.viewport().palette().base().color()
    assert FORMS[0] == "first"


def test_a_few_sources_leave_the_overview_closed_until_asked_for(qtbot, plain_window) -> None:
    window = plain_window
    open_and_wait(qtbot, window, SEEDS)
    dock, panel = window.overview_dock, window.overview_dock.panel
    assert not dock.isVisible() and panel.overview is None  # not made while closed
    action = dock.toggleViewAction()
    assert action in window.docks_menu.actions() and action.text() == "&Overview of sources"
    window.comparison.setFocus()
    qtbot.keyClick(
        window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: panel.overview is not None)
    assert dock.isVisible()
    assert panel.model.rowCount() == 5
    assert panel.model.headerData(0, Qt.Orientation.Vertical) == "WIRED"  # dated Apr 30: the earliest


def test_a_story_reopened_keeps_every_pane_the_user_showed(qtbot, tmp_path: Path) -> None:
    # Opened anew, nine sources show two at a time; the user shows them all; the next start reopens the
    # story as the user left it, and saves it so, instead of hiding seven again.
    story = write_story(tmp_path / "story", 9, size=2500)
    settings = str(tmp_path / "reader.ini")
    first = create_window(QSettings(settings, QSettings.Format.IniFormat))
    qtbot.addWidget(first)
    open_and_wait(qtbot, first, story)
    assert len(first.comparison.hidden) == 7
    first.overview_dock.panel.show_all()
    qtbot.waitUntil(lambda: not first.comparison.hidden)
    first.close()
    again = create_window(QSettings(settings, QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.alignment_ready, timeout=60_000):
        again.restore_last()
    assert again.current is not None and not again.comparison.hidden
    assert len(again.comparison.panes) == 9
    again.close()
    assert not QSettings(settings, QSettings.Format.IniFormat).value("comparison/hidden")
