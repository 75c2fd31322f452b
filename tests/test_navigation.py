"""Moving through an alignment without a window (reader.navigation): real alignments of small texts."""

from reader import navigation as nav
from reader.core.alignment.align import Alignment, align
from reader.core.alignment.relations import moved_between
from tests.core.test_align import POOL, UNRELATED, doc

REWORDED = POOL[1].replace("asked whether", "wanted to know if")


def two_sources() -> Alignment:
    """a: same, reworded, its own, same; b: same, reworded, its own, same."""
    a = doc(POOL[0], POOL[1], POOL[2], POOL[3], name="a.txt")
    b = doc(POOL[0], REWORDED, UNRELATED[0], POOL[3], name="b.txt")
    return align([a, b])


def kinds(alignment: Alignment, source: int) -> list[str]:
    return [g.kind for _, g in alignment.by_source[source]]


def test_a_place_in_a_shared_passage_falls_at_the_same_share_of_its_counterpart() -> None:
    alignment = two_sources()
    assert kinds(alignment, 0) == ["verbatim", "reworded", "unique", "verbatim"]
    (first, _), (reworded_a, group) = alignment.by_source[0][:2]
    reworded_b = group.member(1)
    assert reworded_b is not None
    assert nav.counterpart_offset(alignment, 0, first.start + 10, 1) == first.start + 10  # the same words
    middle = (reworded_a.start + reworded_a.end) // 2
    share = (middle - reworded_a.start) / (reworded_a.end - reworded_a.start)
    expected = reworded_b.start + int(share * (reworded_b.end - reworded_b.start))
    assert nav.counterpart_offset(alignment, 0, middle, 1) == expected
    assert nav.counterpart_offset(alignment, 0, reworded_a.end, 1) == reworded_b.end


def test_between_shared_passages_a_place_is_interpolated_and_the_ends_meet() -> None:
    alignment = two_sources()
    own_a, own_b = alignment.by_source[0][2][0], alignment.by_source[1][2][0]  # each one's own passage
    before_a, before_b = alignment.by_source[0][1][0], alignment.by_source[1][1][0]
    after_a, after_b = alignment.by_source[0][3][0], alignment.by_source[1][3][0]
    assert nav.counterpart_offset(alignment, 0, own_a.start + 1, 1) > before_b.end  # past the passage before
    assert nav.counterpart_offset(alignment, 0, own_a.end, 1) <= after_b.start  # not past the one after
    assert nav.counterpart_offset(alignment, 1, own_b.start + 1, 0) > before_a.end
    assert nav.counterpart_offset(alignment, 0, len(alignment.sources[0].text), 1) == len(
        alignment.sources[1].text
    )
    assert nav.counterpart_offset(alignment, 0, after_a.end, 1) == after_b.end


def test_a_moved_passage_does_not_anchor_the_others() -> None:
    order = [POOL[0], POOL[1], POOL[6], POOL[2], POOL[3], POOL[4], POOL[5], POOL[7]]  # POOL[6] moved up
    alignment = align([doc(*POOL, name="a.txt"), doc(*order, name="b.txt")])
    moved = moved_between(alignment, 0, 1)
    assert moved
    member, group = next((m, g) for m, g in alignment.by_source[0] if g.id in moved)
    counterpart = group.member(1)
    assert counterpart is not None
    # Its counterpart is elsewhere in b: scrolling a keeps b at the place between its unmoved neighbours.
    assert nav.counterpart_offset(alignment, 0, member.start + 1, 1) != counterpart.start + 1


def test_next_and_previous_difference_step_over_the_same_words() -> None:
    alignment = two_sources()
    row = alignment.by_source[0]
    differences = [g.id for _, g in row if g.kind in nav.DIFFERENCES]
    assert differences == [row[1][1].id, row[2][1].id]
    seen, current = [], -1
    while (found := nav.next_passage(alignment, 0, current, nav.DIFFERENCES)) is not None:
        seen.append(found[1].id)
        current = found[0].start
    assert seen == differences
    back, current = [], len(alignment.sources[0].text)
    while (found := nav.next_passage(alignment, 0, current, nav.DIFFERENCES, forward=False)) is not None:
        back.append(found[1].id)
        current = found[0].start
    assert back == list(reversed(differences))
    addition = nav.next_passage(alignment, 0, -1, nav.ADDITIONS)
    assert addition is not None and addition[1].kind == "unique"
    assert nav.next_passage(alignment, 0, addition[0].start, nav.ADDITIONS) is None  # the only one


def test_the_selected_passage_is_where_navigation_goes_on_from() -> None:
    alignment = two_sources()
    member, group = alignment.by_source[1][1]
    assert nav.selected_start(alignment, group.id, 1) == member.start
    own = alignment.by_source[0][2][1]  # a's own passage: b has nothing in it
    assert nav.selected_start(alignment, own.id, 1) is None
    assert nav.selected_start(alignment, None, 1) is None


def test_a_passage_told_again_is_marked_where_the_other_source_reports_it() -> None:
    a = doc(POOL[0], POOL[1], POOL[2], POOL[0], name="a.txt")
    alignment = align([a, doc(POOL[0], POOL[3], name="b.txt")])
    again = next(g for g in alignment.groups if g.kind == "repeated")
    assert again.member(1) is None and again.repeats is not None
    reported = alignment.group_by_id[again.repeats].member(1)
    assert reported is not None
    assert nav.marked_member(alignment, again, 1) == reported
    assert nav.marked_member(alignment, again, 0) == again.member(0)
    own = next(g for g in alignment.groups if g.kind == "unique" and g.member(0))
    assert nav.marked_member(alignment, own, 1) is None


def test_the_first_carrier_is_the_first_shown_pane_with_the_passage() -> None:
    alignment = two_sources()
    own_b = alignment.by_source[1][2][1]
    shared = alignment.by_source[0][0][1]
    assert nav.first_carrier(shared, [1, 0]) == 1 and nav.first_carrier(shared, [0, 1]) == 0
    assert nav.first_carrier(own_b, [0, 1]) == 1
    assert nav.first_carrier(own_b, [0]) is None


def test_the_next_pane_goes_round_the_strip() -> None:
    visible = [2, 0, 3]
    assert nav.step_pane(visible, 2, 1) == 0 and nav.step_pane(visible, 3, 1) == 2
    assert nav.step_pane(visible, 2, -1) == 3
    assert (
        nav.step_pane(visible, None, 1) == 2 and nav.step_pane(visible, None, -1) == 2
    )  # from none: the first
    assert nav.step_pane(visible, 1, 1) == 2  # a pane no longer shown counts as none
    assert nav.step_pane([], 0, 1) is None


def test_two_sources_beside_each_other_fold_the_panes_between() -> None:
    order, hidden = [0, 1, 2, 3, 4], {3}
    assert nav.shown_sources(order, hidden, None) == [0, 1, 2, 4]
    assert nav.pair_to_fold(order, hidden, 2, 4) is None  # neighbours once 3 is hidden
    pair = nav.pair_to_fold(order, hidden, 0, 4)
    assert pair == (0, 4)
    assert nav.shown_sources(order, hidden, pair) == [0, 4]
    assert nav.shown_sources(order, hidden, (1, 3)) == [0, 1, 3, 4]  # a hidden one of the two is shown
    labels = ["A", "B", "C", "D", "E"]
    assert nav.beside_sentence(labels, order, hidden, (4, 0)) == (
        "A beside E: 2 panes between them folded away for now. Your order is kept."  # 3 was hidden
    )
    assert nav.beside_sentence(labels, order, hidden, (1, 3)) == (
        "B beside D: 1 pane between them folded away for now; D shown though hidden. Your order is kept."
    )
