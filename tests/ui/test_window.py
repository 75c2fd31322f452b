"""The real window under the offscreen platform: what the user sees and does."""

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCharFormat

from reader.core.provenance.highlights import highlights
from reader.ui.textview import one_paragraph_a_line

from .conftest import make_window, open_and_wait

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def qt_position(text: str, offset: int, gaps: bool = False) -> int:
    """An independent oracle for Qt positions: count UTF-16 code units, and with ``gaps`` (a plain-text
    source shown with a blank line between its one-line paragraphs) one more for each line break between
    two lines of text before ``offset``."""
    before = text[:offset]
    extra = 0
    if gaps:
        extra = sum(
            1
            for i in range(1, min(offset, len(text) - 1))
            if text[i] == "\n" and text[i - 1] != "\n" and text[i + 1] != "\n"
        )
    return len(before.encode("utf-16-le")) // 2 + extra


def painted_ranges(view, color) -> set[int]:
    """Qt positions whose background is ``color``, as Qt laid the document out."""
    positions = set()
    block = view.document().begin()
    while block.isValid():
        for fmt_range in block.layout().formats():
            if fmt_range.format.background().color() == color:
                positions.update(
                    range(
                        block.position() + fmt_range.start,
                        block.position() + fmt_range.start + fmt_range.length,
                    )
                )
        block = block.next()
    return positions


def expected_ranges(text: str, spans, gaps: bool | None = None) -> set[int]:
    gaps = one_paragraph_a_line(text) if gaps is None else gaps  # as a pane shows a plain-text source
    positions = set()
    for start, end in spans:
        for offset in range(start, end):
            if text[offset] != "\n":
                q = qt_position(text, offset, gaps)
                positions.update(range(q, q + len(text[offset].encode("utf-16-le")) // 2))
    return positions


def underlined_ranges(view, color, style) -> set[int]:
    """Qt positions underlined in ``style`` and ``color``, as Qt laid the document out."""
    positions = set()
    block = view.document().begin()
    while block.isValid():
        for fmt_range in block.layout().formats():
            fmt = fmt_range.format
            if fmt.underlineStyle() == style and fmt.underlineColor() == color:
                start = block.position() + fmt_range.start
                positions.update(range(start, start + fmt_range.length))
        block = block.next()
    return positions


def styled_ranges(view) -> set[int]:
    """Qt positions with any background or underline."""
    positions = set()
    block = view.document().begin()
    while block.isValid():
        for fmt_range in block.layout().formats():
            fmt = fmt_range.format
            if (
                fmt.background().style() != Qt.BrushStyle.NoBrush
                or fmt.underlineStyle() != QTextCharFormat.UnderlineStyle.NoUnderline
            ):
                start = block.position() + fmt_range.start
                positions.update(range(start, start + fmt_range.length))
        block = block.next()
    return positions


LINES = {
    "paraphrase": QTextCharFormat.UnderlineStyle.SingleUnderline,
    "possible": QTextCharFormat.UnderlineStyle.DashUnderline,
}


def check_highlights_match_engine(window) -> None:
    """Copying filled, the same fact (and possibly the same) underlined, text found in one source only
    plain: exactly where the engine says."""
    alignment = window.alignment
    theme = window.theme
    for source, pane in window.comparison.panes.items():
        text = alignment.sources[source].text
        spans = highlights(alignment, source)
        view = pane.view
        changed = expected_ranges(text, [(h.start, h.end) for h in spans if h.kind == "changed"])
        assert painted_ranges(view, theme.changed) == changed
        # Marks over words replace a passage's line: compared outside them.
        marked = expected_ranges(
            text, [(h.start, h.end) for h in spans if h.kind in ("fragment", "quoted", "discrepancy")]
        )
        for kind in ("verbatim", "reworded", "paraphrase", "possible", "unique"):
            expected = expected_ranges(text, [(h.start, h.end) for h in spans if h.kind == kind]) - changed
            if kind in LINES:
                assert underlined_ranges(view, theme.passage(kind), LINES[kind]) - marked == expected - marked
                assert not painted_ranges(view, theme.passage(kind))
            elif kind == "unique":
                assert not (styled_ranges(view) & (expected - marked)), (source, kind)
            else:
                assert painted_ranges(view, theme.passage(kind)) == expected, (source, kind)


def test_seed_highlights_are_exactly_the_engine_spans(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    assert len(window.comparison.panes) == 5
    check_highlights_match_engine(window)


def test_highlights_land_on_the_right_characters_with_emoji(qtbot, window, tmp_path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(
        "Musk 😀 said it is standard practice to use other models. Music 𝄞 comes first here. "
        "مرحبا بالعالم. 中文句子。\n",
        encoding="utf-8",
    )
    b.write_text(
        "Then 🎉 a party began. Musk 😀 said it is common practice to use other models. Music 𝄞 comes first here.\n",
        encoding="utf-8",
    )
    open_and_wait(qtbot, window, [a, b])
    kinds = {g.kind for g in window.alignment.groups}
    assert {"verbatim", "reworded", "unique"} <= kinds
    check_highlights_match_engine(window)


def click_member(qtbot, view, member) -> None:
    view.scroll_to_offset(member.start, 40)
    qtbot.wait(10)
    rect = view.cursorRect(view.cursor_at_offset(member.start + 2))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_clicking_a_passage_selects_its_group_everywhere(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    alignment = window.alignment
    group = next(
        g
        for g in alignment.groups
        if alignment.member_text(g.members[0]).startswith("More recently, Anthropic cut off xAI")
    )
    panes = window.comparison.panes
    window.comparison.set_sync_scrolling(False)
    panes[4].view.verticalScrollBar().setValue(0)
    click_member(qtbot, panes[0].view, group.member(0))
    assert window.comparison.selected == group.id
    first, last = panes[4].view.visible_range()
    counterpart = group.member(4)
    assert first <= counterpart.start <= last  # the other pane scrolled to it
    assert abs(panes[4].view.y_of(counterpart.start) - panes[0].view.y_of(group.member(0).start)) < 40
    # 004 copies WIRED's sentence; 001 tells the same cut-off in its own words.
    assert "In 3 sources: the same fact, partly in other words" in window.details.toPlainText()


def test_next_and_previous_difference_follow_the_text(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    alignment = window.alignment
    comparison = window.comparison
    comparison.focus_source = 0
    expected = [g.id for m, g in alignment.by_source[0] if g.kind != "verbatim"]
    seen = []
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # the shortcut itself
    seen.append(comparison.selected)
    while comparison.next_difference(True):
        seen.append(comparison.selected)
    assert seen == expected
    back = []
    while comparison.next_difference(False):
        back.append(comparison.selected)
    assert back == list(reversed(expected[:-1]))
    additions = []
    comparison.selected = None
    comparison.panes[0].view.verticalScrollBar().setValue(0)
    while comparison.next_difference(True, additions_only=True):
        additions.append(comparison.selected)
    assert additions == [g.id for m, g in alignment.by_source[0] if g.kind == "unique"]


def test_synchronized_scrolling_can_be_turned_off(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    alignment = window.alignment
    panes = window.comparison.panes
    group = next(
        g for g in alignment.groups if alignment.member_text(g.members[0]).startswith("Michael Kratsios")
    )
    left, right = group.member(0), group.member(4)
    panes[0].view.scroll_to_offset(left.start, int(panes[0].view.viewport().height() * 0.33))
    qtbot.wait(10)
    # sync on: source 5 shows the counterpart level with it
    assert abs(panes[4].view.y_of(right.start) - panes[0].view.y_of(left.start)) < 40
    window.sync_action.trigger()
    assert not window.comparison.sync_scrolling
    before = panes[4].view.verticalScrollBar().value()
    panes[0].view.verticalScrollBar().setValue(0)
    assert panes[4].view.verticalScrollBar().value() == before


def test_changing_an_option_realigns_without_blocking(qtbot, window, tmp_path) -> None:
    # A text large enough that aligning takes a while, so the event loop must keep running meanwhile.
    base = " ".join(SEEDS[i].read_text(encoding="utf-8") for i in range(5)) * 12
    a, b = tmp_path / "big-a.txt", tmp_path / "big-b.txt"
    a.write_text(base, encoding="utf-8")
    b.write_text(base.replace("Musk", "Mr. Musk").replace("OpenAI", "Open AI"), encoding="utf-8")
    open_and_wait(qtbot, window, [a, b])
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    with qtbot.waitSignal(window.alignment_ready, timeout=30000):
        window.options_panel.threshold.setValue(0.8)
        qtbot.waitUntil(lambda: window.job is not None, timeout=3000)
        assert window.progress.isVisible() and window.cancel_button.isVisible()
    timer.stop()
    assert window.alignment.options.threshold == 0.8
    assert len(ticks) >= 5, "the event loop stalled while aligning"
    assert not window.progress.isVisible()


def test_cancel_keeps_the_previous_comparison(qtbot, window, tmp_path) -> None:
    open_and_wait(qtbot, window, SEEDS)
    shown = window.alignment
    window.options_panel.granularity.setCurrentIndex(1)  # schedules a re-alignment...
    window._realign_timer.stop()
    window.start_alignment()  # ...started now: its result can only arrive once the event loop runs again
    assert window.job is not None and window.cancel_button.isVisible()
    window.cancel_button.click()
    assert window.job is None and not window.progress.isVisible()
    qtbot.wait(400)
    assert window.alignment is shown


def test_a_bad_file_gets_a_message_and_the_others_open(qtbot, window, tmp_path) -> None:
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.5 \x00\x01")
    open_and_wait(qtbot, window, [*SEEDS[:2], binary, tmp_path / "gone.txt"])
    assert len(window.comparison.panes) == 2
    assert window.message_bar.isVisible()
    message = window.message_bar.label.text()
    assert "2 files could not be opened" in message
    assert "scan.txt: is not a PDF Reader can read" in message and "gone.txt: no such file" in message


def test_first_run_shows_the_welcome_page(qtbot, window) -> None:
    assert not window.restore_last()
    assert window.stack.currentWidget() is window.welcome
    with qtbot.waitSignal(window.alignment_ready, timeout=20000):
        window.welcome.sample_button.click()
    assert len(window.alignment.sources) == 5


def test_state_persists_between_runs(qtbot, settings_path) -> None:
    first = make_window(qtbot, settings_path)
    open_and_wait(qtbot, first, SEEDS[:3])
    first.options_panel.threshold.setValue(0.65)
    first.comparison.move_source(2, -2)
    first.comparison.hide_source(1)
    first.zoom_in.trigger()
    first.sync_action.trigger()
    screen = first.screen().availableGeometry()
    first.resize(screen.width() - 100, screen.height() - 120)  # restoring clamps to the screen
    size = first.size()
    first.close()

    second = make_window(qtbot, settings_path, resize=False)
    with qtbot.waitSignal(second.alignment_ready, timeout=20000):
        assert second.restore_last()
    assert second.options_panel.options().threshold == 0.65
    assert second.alignment.options.threshold == 0.65
    names = [second.alignment.sources[i].name for i in second.comparison.visible_sources()]
    assert names == [SEEDS[2].name, SEEDS[0].name]
    assert not second.comparison.sync_scrolling and not second.sync_action.isChecked()
    assert second.comparison.point_size == first.comparison.point_size
    assert second.size() == size


def test_sources_can_be_added_reordered_hidden_and_removed(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS[:2])
    open_and_wait(qtbot, window, SEEDS[2:4], add=True)
    assert len(window.comparison.panes) == 4
    window.comparison.move_source(0, 1)
    assert window.comparison.visible_sources()[:2] == [1, 0]
    window.comparison.hide_source(3)
    assert 3 not in window.comparison.panes
    with qtbot.waitSignal(window.alignment_ready, timeout=20000):
        window.remove_source(1)
    assert [s.name for s in window.alignment.sources] == [SEEDS[0].name, SEEDS[2].name, SEEDS[3].name]


def test_find_marks_matches_in_every_pane(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    messages = []
    window.comparison.status_message.connect(messages.append)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible()
    qtbot.keyClicks(window.find_bar.field, "Kratsios")
    total = sum(s.text.count("Kratsios") for s in window.alignment.sources)
    carriers = sum(1 for s in window.alignment.sources if "Kratsios" in s.text)
    assert (total, carriers) == (3, 2)
    assert messages[-1] == f"Match 1 of {total} in {carriers} sources."
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Return)
    assert messages[-1].startswith("Match 2 of")
    source = window.comparison.focus_source
    view = window.comparison.panes[source].view
    first, last = view.visible_range()
    assert any(first <= start <= last for s, start, _ in window.comparison.finder.matches if s == source)


def test_dark_theme_is_used_when_the_system_is_dark(qtbot, settings_path) -> None:
    from PySide6.QtCore import QSettings

    from reader.ui.main_window import MainWindow
    from reader.ui.theme import DARK

    window = MainWindow(QSettings(str(settings_path), QSettings.Format.IniFormat), DARK)
    qtbot.addWidget(window)
    window.show()
    open_and_wait(qtbot, window, SEEDS[:2])
    check_highlights_match_engine(window)


def test_find_ignores_curly_and_straight_quotes_as_the_alignment_does(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    texts = [s.text for s in window.alignment.sources]
    curly = sum(t.count("’s") for t in texts)
    assert curly > 0
    straight = sum(t.count("'s") for t in texts)
    window.find_bar.open_bar()
    qtbot.keyClicks(window.find_bar.field, "'s")
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Return)
    assert len(window.comparison.finder.matches) == curly + straight


def formatted_ranges(view, test) -> set[int]:
    """Qt positions whose character format passes ``test``, as Qt laid the document out."""
    positions = set()
    block = view.document().begin()
    while block.isValid():
        for fmt_range in block.layout().formats():
            if test(fmt_range.format):
                start = block.position() + fmt_range.start
                positions.update(range(start, start + fmt_range.length))
        block = block.next()
    return positions


def test_each_relation_has_its_own_style_in_the_panes_and_the_legend(qtbot, window, tmp_path) -> None:
    from PySide6.QtGui import QTextCharFormat

    from tests.export.test_relation_exports import FIRST, SECOND

    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(FIRST, encoding="utf-8")
    second.write_text(SECOND, encoding="utf-8")
    open_and_wait(qtbot, window, [first, second])
    check_highlights_match_engine(window)  # the paraphrase background among them
    alignment = window.alignment
    spans = highlights(alignment, 1)
    assert {h.kind for h in spans} >= {"paraphrase", "fragment", "discrepancy"}
    view = window.comparison.panes[1].view
    text = alignment.sources[1].text
    wavy = formatted_ranges(
        view, lambda f: f.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    )
    for h in spans:
        if h.kind == "discrepancy":
            assert expected_ranges(text, [(h.start, h.end)]) <= wavy
    fragment = next(h for h in spans if h.kind == "fragment")
    bold = formatted_ranges(
        view, lambda f: f.fontWeight() >= 600 and f.underlineColor() == window.theme.fragment
    )
    assert expected_ranges(text, [(fragment.start, fragment.end)]) <= bold
    chips = [entry.text() for entry in window.legend.entries]
    assert {"same fact in other words", "found in one source only", "copied words", "≠ differs"} <= set(chips)
    # The details panel says how each link was found, how sure it is, and what differs.
    group = next(g for g in alignment.groups if g.kind == "paraphrase")
    window.comparison.select_group(group.id, origin=1)
    details = window.details.toPlainText()
    assert "likely the same fact, judged by meaning" in details


def test_the_clicked_pane_stays_still_and_the_others_come_level(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    alignment = window.alignment
    panes = window.comparison.panes
    half = len(alignment.sources[0].text) // 2
    group = max(
        (g for g in alignment.groups if g.member(0) and g.member(4) and g.member(0).start < half),
        key=lambda g: g.member(0).end - g.member(0).start,
    )
    member = group.member(0)
    view = panes[0].view
    # A long passage that starts above the top of its pane, clicked on a line that shows: Reader 0.1
    # scrolled its start into view, taking the words away from under the mouse.
    line = view.fontMetrics().lineSpacing()
    view.scroll_to_offset(member.start, -2 * line)
    qtbot.wait(10)
    before = view.verticalScrollBar().value()
    offset = next(o for o in range(member.start, member.end) if view.y_of(o) > line)
    rect = view.cursorRect(view.cursor_at_offset(offset))
    assert view.y_of(member.start) < 0 < rect.center().y() < view.viewport().height()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.comparison.selected == group.id
    assert view.verticalScrollBar().value() == before
    counterpart = group.member(4)
    assert abs(panes[4].view.y_of(counterpart.start) - view.y_of(member.start)) < 40


def test_sync_scrolling_follows_a_pane_that_shares_nothing_in_view(qtbot, window, tmp_path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(
        "\n\n".join(f"Paragraph {n} of a story about the harbour, with its own words." for n in range(300))
    )
    other = tmp_path / "other.txt"
    other.write_text(
        "\n\n".join(f"Line {n}: an unrelated report on the city's budget for parks." for n in range(150))
    )
    open_and_wait(qtbot, window, [story, other])
    comparison = window.comparison
    alignment = window.alignment
    assert not any(g.member(0) and g.member(1) for g in alignment.groups)  # nothing in common at all
    bar = comparison.panes[0].view.verticalScrollBar()
    other_bar = comparison.panes[1].view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    qtbot.wait(50)
    assert other_bar.value() > 0  # it followed
    assert abs(other_bar.value() / max(1, other_bar.maximum()) - 0.5) < 0.1  # to the same relative place
    text = alignment.sources[0].text
    assert comparison.counterpart_offset(0, len(text), 1) == len(alignment.sources[1].text)
    assert comparison.counterpart_offset(0, 0, 1) == 0


def test_a_moved_passage_with_its_counterpart_scrolled_away_is_a_short_band_not_a_hairline(
    qtbot, window, tmp_path
) -> None:
    moved = "The council voted to close the old bridge over the river for repairs starting next month."
    para = "Paragraph {n} of the {tag} report says something quite particular about item number {n} today."
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("\n\n".join([moved] + [para.format(n=n, tag="first") for n in range(60)]) + "\n")
    second.write_text("\n\n".join([para.format(n=n, tag="second") for n in range(60)] + [moved]) + "\n")
    for dock in (window.options_dock, window.details_dock, window.copying_dock, window.annotations_dock):
        dock.hide()
    open_and_wait(qtbot, window, [first, second])
    window.comparison.set_sync_scrolling(False)
    for pane in window.comparison.panes.values():
        pane.view.verticalScrollBar().setValue(0)
    qtbot.wait(50)
    (strip,) = window.comparison.connectors
    band = next(b for b in strip.links() if b.moved)
    assert not band.left_off and band.right_off  # seen on the left, scrolled away on the right
    image = strip.grab().toImage()
    text = window.theme.text
    # Nothing dark (the dashed outline) in the right third of the gutter below the band's own rows.
    below = range(band.left[1] + 12, min(image.height(), band.left[1] + 200))
    dark = [
        (x, y)
        for y in below
        for x in range(int(image.width() * 0.7), image.width())
        if image.pixelColor(x, y).lightness() < text.lightness() + 60
    ]
    assert dark == []


def test_a_fact_an_outlet_tells_twice_is_shown_as_reported_not_as_an_addition(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    alignment = window.alignment
    text = alignment.sources[2].text
    member, group = alignment.member_at(2, text.index("Elon Musk confirmed under oath"))
    assert group.kind == "repeated" and group.repeats is not None
    # Painted as the relation it has with the other outlets' passage, never in the additions' blue.
    pane = window.comparison.panes[2]
    assert expected_ranges(text, [(member.start, member.end)]) <= styled_ranges(pane.view)  # never plain
    check_highlights_match_engine(window)
    window.comparison.set_sync_scrolling(False)
    window.comparison.panes[4].view.verticalScrollBar().setValue(0)
    window.comparison.select_group(group.id, origin=2)
    details = window.details.toPlainText()
    first = alignment.group_by_id[group.repeats].member(2)
    telling = " ".join(alignment.member_text(first).split())[:60]
    assert "says this a second time" in details and telling in details  # its first telling, not "g12"
    assert f"g{group.repeats}" not in details
    # The other panes show where the other sources report it.
    reported = alignment.group_by_id[group.repeats].member(4)
    first, last = window.comparison.panes[4].view.visible_range()
    assert reported is not None and first <= reported.start <= last
    view = window.comparison.panes[4].view
    selected = [
        (view.index.from_qt(s.cursor.selectionStart()), view.index.from_qt(s.cursor.selectionEnd()))
        for s in view._layers.get("selection", [])
    ]
    assert selected == [(reported.start, reported.end)]
    summary = window.status.summary_label.text()
    assert f"{alignment.kind_counts()['repeated']} told again" in summary


def test_a_link_possibly_the_same_is_drawn_quieter_and_said_so(qtbot, window, tmp_path) -> None:

    from tests.core.test_claims import FILLER_A, FILLER_B

    a = "The union and the carmakers held a second meeting at the White House over the strike."
    b = "At the White House, carmakers and the union met for the first meeting over the strike."
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("\n\n".join([a, *FILLER_A]) + "\n", encoding="utf-8")
    second.write_text("\n\n".join([*FILLER_B, b]) + "\n", encoding="utf-8")
    open_and_wait(qtbot, window, [first, second])
    check_highlights_match_engine(window)
    alignment = window.alignment
    theme = window.theme
    assert theme.passage("possible") not in (theme.paraphrase, theme.page, theme.verbatim)
    text = alignment.sources[1].text
    start = text.index(b)
    assert expected_ranges(text, [(start, start + len(b))]) <= underlined_ranges(
        window.comparison.panes[1].view, theme.passage("possible"), LINES["possible"]
    )
    chips = [entry.text() for entry in window.legend.entries]
    assert "possibly the same" in chips
    _member, group = alignment.member_at(1, start)
    window.comparison.select_group(group.id, origin=1)
    details = window.details.toPlainText()
    assert "possibly the same fact" in details and "not counted in the shares" in details
    assert "It says second meeting where" in details and "says first meeting" in details
