"""The window on a small screen: inside the available area, the panes keeping their widths."""

from pathlib import Path

from PySide6.QtCore import QSettings

from .conftest import make_window, open_and_wait, saved
from .test_annotations import select_words

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def test_the_first_window_opens_inside_the_screen(qtbot, settings_path) -> None:
    window = make_window(qtbot, settings_path, resize=False)
    area = window.screen().availableGeometry()
    assert area.width() < 1500 or area.height() < 900  # the offscreen screen is smaller than the first size
    assert area.contains(window.geometry())
    open_and_wait(qtbot, window, SEEDS)
    qtbot.wait(50)
    assert area.contains(window.geometry())
    assert window.minimumSizeHint().height() <= 768 - 36  # it can fit a 1366x768 laptop with its title bar


def test_a_size_saved_on_a_bigger_screen_is_fitted_to_this_one(qtbot, settings_path) -> None:
    first = make_window(qtbot, settings_path, resize=False)
    first.resize(2400, 1400)  # as on a bigger screen
    first.close()  # saves its geometry
    again = make_window(qtbot, settings_path, resize=False)
    assert QSettings(str(settings_path), QSettings.Format.IniFormat).contains("window/geometry")
    assert again.screen().availableGeometry().contains(again.geometry())


def test_annotating_does_not_change_the_width_of_the_panes(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    qtbot.wait(50)
    widths = {source: pane.width() for source, pane in window.comparison.panes.items()}
    dock = window.copying_dock.width()  # the side panel's: annotating brings its Annotations tab up
    select_words(window.comparison.panes[0].view, window.alignment.sources[0].text, "Technical Details")
    window.annotate()
    saved(qtbot, window)
    window.annotation_panel.toggle_tag("disputed", True)
    window.annotation_panel.toggle_tag("unsourced", True)
    window.annotation_panel.toggle_tag("verified", True)
    saved(qtbot, window)
    qtbot.wait(100)
    assert window.annotations_dock.width() == dock
    assert {source: pane.width() for source, pane in window.comparison.panes.items()} == widths


def test_when_not_all_panes_fit_whole_panes_show_and_scroll_a_pane_at_a_time(qtbot, window) -> None:
    from reader.ui.comparison import READABLE_WIDTH, SNAP_DELAY_MS

    window.resize(1100, 700)
    open_and_wait(qtbot, window, SEEDS)
    qtbot.wait(50)
    view = window.comparison
    viewport = view.scroll_area.viewport()

    def shown_whole() -> list[int]:
        whole = []
        for source, pane in view.panes.items():
            left = pane.mapTo(viewport, pane.rect().topLeft()).x()
            right = left + pane.width()
            assert right <= 0 or left >= viewport.width() or (left >= -1 and right <= viewport.width() + 1), (
                "a pane is cut at the edge"
            )
            if left >= -1 and right <= viewport.width() + 1:
                whole.append(source)
        return whole

    first = shown_whole()
    assert 1 <= len(first) < len(view.panes)
    assert all(pane.width() >= READABLE_WIDTH - 30 for pane in view.panes.values())
    bar = view.scroll_area.horizontalScrollBar()
    bar.setValue(bar.singleStep() // 2 + 7)  # a scroll that stops in the middle of a pane
    qtbot.wait(SNAP_DELAY_MS + 150)
    later = shown_whole()
    assert later and later != first


HIGH_DPI = """
import os, sys
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from reader.ui.app import create_window
window = create_window(QSettings(sys.argv[1], QSettings.Format.IniFormat))
window.resize(1200, 700)
window.show()
loop = QEventLoop()
window.alignment_ready.connect(loop.quit)
QTimer.singleShot(30000, loop.quit)
window.open_sample()
loop.exec()
pane = window.comparison.panes[0]
picture = window.grab()
line = pane.view.fontMetrics().height()
print(window.devicePixelRatio(), picture.width(), window.width(), line)
"""


def test_at_scale_factor_2_the_window_is_drawn_with_twice_the_pixels(tmp_path) -> None:
    """A high-DPI screen (QT_SCALE_FACTOR=2): every widget is drawn at twice the pixels, so text and the
    highlights are crisp rather than an enlarged bitmap; text is laid out in logical pixels as at scale 1."""
    import os
    import subprocess
    import sys

    def run(scale: str) -> list[float]:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=scale)
        result = subprocess.run(
            [sys.executable, "-c", HIGH_DPI, str(tmp_path / f"reader-{scale}.ini")],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        return [float(x) for x in result.stdout.split()[-4:]]

    ratio, pixels, width, line = run("2")
    _ratio1, pixels1, width1, line1 = run("1")
    assert ratio == 2 and pixels == 2 * width  # drawn with twice the pixels
    # Text is laid out in logical pixels alike (the offscreen screen is smaller in logical pixels at scale 2,
    # so the window is fitted narrower: only the line height is compared).
    assert pixels1 == width1 and line == line1


def test_lines_are_at_least_45_characters_long_unless_the_user_wants_every_pane_in_view(
    qtbot, window
) -> None:
    from reader.ui.comparison import READABLE_CHARS

    window.resize(1920, 1040)
    open_and_wait(qtbot, window, SEEDS)
    view = window.comparison
    qtbot.wait(100)

    def measure() -> int:  # characters of ordinary English that fit in the narrowest pane's lines
        pane = min(view.panes.values(), key=lambda p: p.view.viewport().width())
        metrics = pane.view.fontMetrics()
        room = pane.view.viewport().width() - 2 * int(pane.view.document().documentMargin())
        return (
            room
            * READABLE_CHARS
            // metrics.horizontalAdvance("the quick brown fox jumps over the lazy dog. ")
        )

    bar = view.scroll_area.horizontalScrollBar()
    assert measure() >= READABLE_CHARS
    assert bar.maximum() >= bar.singleStep() // 2  # at least one pane is a sideways scroll away
    window.measure_action.trigger()  # off: as many panes as fit, shorter lines
    qtbot.wait(100)
    assert bar.maximum() < 20 and measure() < READABLE_CHARS  # all five in view
    assert window.settings.comfortable_measure is False
