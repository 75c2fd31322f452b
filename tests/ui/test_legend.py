"""The colour key: always in view above the panes, never over text, at every size from 1366x768 up; drawn
with the palette's words and styles; and the panes draw those styles."""

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from reader.core.provenance.who_first import provenance
from reader.export.palette import KEY
from reader.ui.legend import KeyEntry
from tests.conftest import SEEDS
from tests.ui.conftest import make_window, open_and_wait


def _window_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


@pytest.mark.parametrize(
    "size", [(1366, 768), (1500, 900), (1920, 1080)], ids=["1366x768", "1500x900", "1920x1080"]
)
def test_the_key_is_whole_in_view_and_covers_no_text(qtbot, settings_path, size) -> None:
    window = make_window(qtbot, settings_path, resize=False)
    window.resize(*size)
    open_and_wait(qtbot, window, SEEDS)
    qtbot.waitUntil(lambda: window.size().width() == size[0])
    qtbot.wait(50)
    legend = window.legend
    assert legend.isVisible()
    key = _window_rect(legend)
    assert window.rect().contains(key)
    entries = [entry for entry in legend.findChildren(KeyEntry) if entry is not legend.chosen]
    assert [entry.text() for entry in entries] == [style.label for style in KEY]
    for entry in entries:  # every entry shown whole: none in an overflow menu, none cut off
        assert entry.isVisible()
        assert key.contains(_window_rect(entry)), entry.text()
        assert entry.width() >= entry.sizeHint().width()
    texts = [w for w in window.findChildren(QPlainTextEdit) if w.isVisible()]
    assert len(texts) >= 2
    for text in texts:
        assert not key.intersects(_window_rect(text.viewport()))
    for pane in window.comparison.panes.values():  # the headers too (Reader 0.1's key, opened, covered them)
        if pane.isVisible():
            assert key.bottom() < _window_rect(pane).top()
    assert not key.intersects(_window_rect(window.toolbar))


def test_the_key_names_the_chosen_pairs_fill_while_it_is_marked(qtbot, settings_path) -> None:
    window = make_window(qtbot, settings_path, resize=False)
    window.resize(1366, 768)
    open_and_wait(qtbot, window, SEEDS)
    legend = window.legend
    assert not legend.chosen.isVisible()  # nothing chosen: no purple in the panes, none in the key
    copying = provenance(window.alignment).copying
    window.copying.choose(next(i for i, c in enumerate(copying) if (c.origin, c.copier) == (0, 4)))
    qtbot.waitUntil(legend.chosen.isVisible)
    qtbot.wait(50)
    key = _window_rect(legend)
    assert key.contains(_window_rect(legend.chosen))
    for text in (w for w in window.findChildren(QPlainTextEdit) if w.isVisible()):
        assert not key.intersects(_window_rect(text.viewport()))  # a second row pushes the panes down
    window.comparison.mark_copied(None)
    assert not legend.chosen.isVisible()
    window.copying.choose(0)
    qtbot.waitUntil(legend.chosen.isVisible)
    open_and_wait(qtbot, window, SEEDS[:2])  # another comparison: no marks, no entry for them
    assert not window.comparison.copied and not legend.chosen.isVisible()


def test_the_key_is_hidden_on_the_welcome_page(qtbot, window) -> None:
    assert window.stack.currentWidget() is window.welcome
    assert not window.legend.isVisible()
    open_and_wait(qtbot, window, SEEDS[:2])
    assert window.legend.isVisible()


def test_the_panes_draw_each_style_as_the_key_says(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    theme = window.theme
    kinds: dict[str, set[int]] = {}
    for pane in window.comparison.panes.values():
        document = pane.view.document()
        block = document.begin()
        while block.isValid():
            for r in block.layout().formats():
                f: QTextCharFormat = r.format
                if f.background().style() != Qt.BrushStyle.NoBrush:
                    kinds.setdefault(f.background().color().name(), set()).add(r.length)
                if f.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline:
                    kinds.setdefault("line " + f.underlineColor().name(), set()).add(r.length)
                if f.underlineStyle() == QTextCharFormat.UnderlineStyle.DashUnderline:
                    kinds.setdefault("dash " + f.underlineColor().name(), set()).add(r.length)
            block = block.next()
    # Copying has a fill; the same fact in other words a thin line; nothing else on the page is filled.
    assert theme.verbatim.name() in kinds and theme.reworded.name() in kinds
    assert "line " + theme.paraphrase.name() in kinds
    assert theme.paraphrase.name() not in kinds
    fills = {name for name in kinds if not name.startswith(("line ", "dash "))}
    assert fills <= {theme.verbatim.name(), theme.reworded.name(), theme.changed.name()}


def test_find_marks_its_matches_in_its_own_colours(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    theme = window.theme
    count = window.comparison.find_text("distillation")
    assert count > 5
    layers = {
        name: [s for pane in window.comparison.panes.values() for s in pane.view._layers.get(name, [])]
        for name in ("find", "find-current")
    }
    assert len(layers["find"]) == count and len(layers["find-current"]) == 1
    every, current = layers["find"][0].format, layers["find-current"][0].format
    assert (every.background().color(), every.foreground().color()) == (theme.found, theme.found_text)
    assert (current.background().color(), current.foreground().color()) == (
        theme.found_current,
        theme.found_current_text,
    )
    # Neither is a colour of the passages (Reader 0.1 showed the current match in the changed words' orange).
    passages = [
        theme.verbatim,
        theme.reworded,
        theme.changed,
        theme.paraphrase,
        theme.possible,
        theme.selected,
    ]
    assert theme.found not in passages and theme.found_current not in passages
