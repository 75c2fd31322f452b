"""The passage details panel shows the links beside a group (real widgets)."""

from __future__ import annotations

from reader.core.align import align
from reader.ui.details import DetailsPanel
from reader.ui.theme import LIGHT
from tests.core.test_links import TWO_FACTS, _sources


def test_the_details_panel_names_the_passages_linked_beside_the_group(qtbot) -> None:
    alignment = align(_sources())
    grouped = alignment.member_at(0, TWO_FACTS.index("Musk testified"))
    assert grouped is not None
    panel = DetailsPanel(LIGHT)
    qtbot.addWidget(panel)
    panel.show_group(alignment, grouped[1].id, [0, 1, 2])
    shown = panel.toPlainText()
    assert "Also linked to passages in other groups" in shown
    assert "He said xAI had partly used OpenAI's models to train its chatbot Grok." in shown
