"""The window's views follow the workspace: a change made in the model (not through a widget) is what the
panes, the overview and the saved settings show."""

from pathlib import Path

from PySide6.QtCore import QSettings

from reader.workspace import AlignmentChanged, Change, OrderChanged

from .conftest import open_and_wait

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def test_panes_and_overview_follow_the_workspace_order(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS[:3])
    changes: list[Change] = []
    window.workspace.subscribe(changes.append)
    window.workspace.move(2, -2)
    window.workspace.hide(1)
    assert changes == [OrderChanged((2, 0, 1), frozenset()), OrderChanged((2, 0, 1), frozenset({1}))]
    assert window.comparison.visible_sources() == [2, 0] and set(window.comparison.panes) == {0, 2}
    assert window.overview_dock.panel.model.shown == {0, 2}
    window.comparison.hide_source(1, hidden=False)  # the widget's way goes through the workspace too
    assert changes[-1] == OrderChanged((2, 0, 1), frozenset())
    assert set(window.comparison.panes) == {0, 1, 2}


def test_the_saved_arrangement_is_the_workspace_and_reopens_as_it(qtbot, window, settings_path) -> None:
    open_and_wait(qtbot, window, SEEDS[:3])
    window.workspace.move(0, 2)
    window.workspace.hide(2)
    window.close()
    saved = QSettings(str(settings_path), QSettings.Format.IniFormat)
    paths = [str(p.resolve()) for p in SEEDS[:3]]
    assert saved.value("comparison/order") == [paths[1], paths[2], paths[0]]
    assert saved.value("comparison/hidden") in (paths[2], [paths[2]])  # one value reads back as a string


def test_a_new_comparison_is_told_with_a_new_generation(qtbot, window) -> None:
    changes: list[Change] = []
    window.workspace.subscribe(changes.append)
    open_and_wait(qtbot, window, SEEDS[:2])
    open_and_wait(qtbot, window, SEEDS[2:4], add=True)
    told = [c for c in changes if isinstance(c, AlignmentChanged)]
    assert [(c.generation, c.new_story) for c in told[:2]] == [(1, True), (2, False)]
    assert window.current is told[1].comparison and window.paths == told[1].comparison.paths


def test_the_settings_tab_follows_the_workspace_options(qtbot, window) -> None:
    from dataclasses import replace

    before = window.workspace.options
    wanted = replace(before, threshold=0.65, granularity="paragraph")
    window.workspace.set_options(wanted)  # as reopening a saved comparison does
    panel = window.options_panel
    assert panel.threshold.value() == 0.65
    assert panel.granularity.currentData() == "paragraph"
    assert window.workspace.options == wanted  # the panel's widgets did not send a change back
