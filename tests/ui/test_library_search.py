"""Edit > Search library and Where else, in the real window on a real library: hits listed with their
snippets (the user's words escaped, the matched ones bold), choosing one opens the comparison at the passage
(the one on screen, or the source opened from the library), and a passage's other sources listed."""

from __future__ import annotations

from pathlib import Path

from reader.core.reading.sources import read_source
from reader.store import NewTarget
from reader.ui.library_search import PLACE_ROLE, Place

from .conftest import open_and_wait
from .test_annotations import SEEDS, select_words


def _search(qtbot, window, query: str):
    window.library_search.open_search()
    dialog = window.library_search.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.field.setText(query)
    dialog.search_now()
    qtbot.waitUntil(lambda: dialog.status.text() not in ("Searching…", " "), timeout=10000)
    return dialog


def _marked(view) -> tuple[int, int]:
    """The span (code points) the pane marks as the selection."""
    cursor = view._layers["selection"][0].cursor
    return view.index.from_qt(cursor.selectionStart()), view.index.from_qt(cursor.selectionEnd())


def test_a_hit_opens_at_its_passage_in_the_comparison_on_screen(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    dialog = _search(qtbot, window, '"validate your"')
    places = dialog.places()
    assert places and dialog.status.text().endswith("best first")
    label = dialog.results.itemWidget(dialog.results.item(0)).text()
    assert "<b>validate your</b>" in label
    first: Place = places[0]
    index = window.current.index_of(first.source_id)
    dialog.results.itemActivated.emit(dialog.results.item(0))
    text = window.alignment.sources[index].text
    start, end = _marked(window.comparison.panes[index].view)
    assert text[start:end].lower() == "validate your"


def test_a_hit_in_a_source_not_on_screen_opens_it(qtbot, window, tmp_path: Path) -> None:
    open_and_wait(qtbot, window, SEEDS[:2])
    other = tmp_path / "elsewhere.txt"
    other.write_text(
        "A quiet story.\n\nThe zeppelin landed at the café near the harbour.\n", encoding="utf-8"
    )
    source_id = window.library.import_source(read_source(str(other))).source_id
    dialog = _search(qtbot, window, "zeppelin cafe")
    assert [p.source_id for p in dialog.places()] == [source_id]
    with qtbot.waitSignal(window.comparison_attached, timeout=20000):
        dialog.results.itemActivated.emit(dialog.results.item(0))
    qtbot.waitUntil(
        lambda: "selection" in window.comparison.panes[window.current.index_of(source_id)].view._layers
    )
    index = window.current.index_of(source_id)
    assert window.current.paths == [str(other)]
    text = window.alignment.sources[index].text
    start, end = _marked(window.comparison.panes[index].view)
    assert text[start:end] == "zeppelin landed at the café"


def test_stored_markup_is_shown_as_text(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS[:2])
    ids = list(window.current.source_ids.values())
    window.library.add_annotation(
        [NewTarget(ids[0], 0, 10)], ["<i>x</i>"], "<script>alert(1)</script> ostrich"
    )
    dialog = _search(qtbot, window, "ostrich")
    label = dialog.results.itemWidget(dialog.results.item(0)).text()
    assert "&lt;script&gt;" in label and "<script>" not in label and "<b>ostrich</b>" in label
    dialog = _search(qtbot, window, "...")
    assert dialog.results.count() == 0 and "no words to search for" in dialog.status.text()


def test_where_else_lists_the_other_sources_with_the_passage(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    text = window.alignment.sources[0].text
    select_words(
        window.comparison.panes[0].view,
        text,
        "Musk: It is standard practice to use other AI s to validate your AI.",
    )
    window.comparison.focus_source = 0
    window.library_search.where_else()
    dialog = window.library_search.dialog
    qtbot.waitUntil(lambda: "appears in" in dialog.status.text(), timeout=10000)
    own = window.current.source_ids[0]
    places = [dialog.results.item(i).data(PLACE_ROLE) for i in range(dialog.results.count())]
    assert places and own not in {p.source_id for p in places}
    labels = [dialog.results.itemWidget(dialog.results.item(i)).text() for i in range(dialog.results.count())]
    assert all("word for word" in label or "edited" in label for label in labels)
    # Choosing one shows it in its pane (it is in the comparison on screen).
    dialog.results.itemActivated.emit(dialog.results.item(0))
    index = window.current.index_of(places[0].source_id)
    assert _marked(window.comparison.panes[index].view) == places[0].span


def test_where_else_without_a_passage_says_what_to_do(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS[:2])
    window.comparison.selected = None
    window.library_search.where_else()
    assert "Select words" in window.statusBar().currentMessage()
