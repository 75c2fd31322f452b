"""The passage details panel shows the links beside a group (real widgets)."""

from __future__ import annotations

from pathlib import Path

from reader.core.alignment.align import align
from reader.ui.details import DetailsPanel
from reader.ui.theme import LIGHT
from tests.core.test_links import TWO_FACTS, _sources

from .conftest import make_window, open_and_wait


def test_the_details_panel_names_the_passages_linked_beside_the_group(qtbot) -> None:
    alignment = align(_sources())
    grouped = alignment.member_at(0, TWO_FACTS.index("Musk testified"))
    assert grouped is not None
    panel = DetailsPanel(LIGHT)
    qtbot.addWidget(panel)
    panel.show_group(alignment, grouped[1].id, [0, 1, 2])
    shown = panel.toPlainText()
    assert "Also linked to other passages" in shown
    assert "He said xAI had partly used OpenAI's models to train its chatbot Grok." in shown


def test_a_link_beside_the_groups_has_its_own_connector(qtbot, settings_path: Path) -> None:
    from tests.core.test_links import ONE_EACH, THIRD

    paths = []
    for name, text in (("a.txt", TWO_FACTS), ("b.txt", ONE_EACH), ("c.txt", THIRD)):
        (settings_path.parent / name).write_text(text, encoding="utf-8")
        paths.append(settings_path.parent / name)
    window = make_window(qtbot, settings_path)
    open_and_wait(qtbot, window, paths)
    alignment = window.alignment
    assert alignment is not None and alignment.links
    strip = window.comparison.connectors[0]
    beside = [band for band in strip.links() if band.beside]
    between = [
        link
        for link in alignment.links
        if {link.source_a, link.source_b} == {strip.left[0], strip.right[0]}  # type: ignore[index]
    ]
    assert between and len(beside) == len(between)
    assert all(
        band.groups == (link.group_a, link.group_b) for band, link in zip(beside, between, strict=True)
    )
    strip.grab()  # painted as an outline, beside the filled bands
