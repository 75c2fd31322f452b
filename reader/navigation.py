"""Moving through an alignment, without Qt: where a place in one source falls in another (what synchronized
scrolling lines up), the next or previous difference, the next pane, which passage a pane marks for a selected
group, and which panes the strip shows when two sources are read beside each other.

The window's ``ComparisonView`` asks these questions and does the scrolling; the answers are plain arithmetic
over the alignment's records, tested without a window (``tests/test_navigation.py``).

A copy beside its source: the user's order is never changed. When the two are not neighbours, the panes
between them are folded away for the moment (not hidden: nothing is saved), and Show all panes, or arranging
the panes, unfolds them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from reader.core.alignment.align import Alignment, Group, Member
from reader.core.alignment.relations import moved_between
from reader.workspace import visible

Pair = tuple[int, int]

DIFFERENCES = frozenset({"reworded", "paraphrase", "repeated", "unique"})
"""The kinds of group Go > Next difference stops at."""
ADDITIONS = frozenset({"unique"})
"""The kinds of group Go > Next addition stops at: what only one source says."""


def counterpart_offset(alignment: Alignment, source: int, offset: int, other: int) -> int:
    """Where ``offset`` of ``source`` falls in ``other``: inside a shared passage, the same share of its
    counterpart; between shared passages, interpolated between their in-order neighbours (the start and
    the end of the texts count as neighbours: a pane that shares nothing in view, or nothing at all,
    keeps the others at the same relative place)."""
    row = alignment.by_source[source]
    mine, theirs = len(alignment.sources[source].text), len(alignment.sources[other].text)
    moved = moved_between(alignment, source, other)
    here = alignment.row_index(source, offset)
    before = after = None
    for k in range(max(here, 0), -1, -1):
        member, group = row[k]
        counterpart = group.member(other)
        if counterpart is not None and group.id not in moved:
            before = (member, counterpart)
            break
    for k in range(max(here + 1, 0), len(row)):
        member, group = row[k]
        counterpart = group.member(other)
        if counterpart is not None and group.id not in moved:
            after = (member, counterpart)
            break
    if before is not None and before[0].start <= offset <= before[0].end:
        member, counterpart = before
        share = (offset - member.start) / max(1, member.end - member.start)
        return counterpart.start + int(share * (counterpart.end - counterpart.start))
    # Between two anchors: this text's end of the one before, and the start of the one after.
    from_mine, from_theirs = (before[0].end, before[1].end) if before is not None else (0, 0)
    to_mine, to_theirs = (after[0].start, after[1].start) if after is not None else (mine, theirs)
    share = (offset - from_mine) / max(1, to_mine - from_mine)
    return from_theirs + int(min(1.0, max(0.0, share)) * max(0, to_theirs - from_theirs))


def next_passage(
    alignment: Alignment, source: int, current: int, kinds: Collection[str], forward: bool = True
) -> tuple[Member, Group] | None:
    """The first passage of ``source`` of a group of one of ``kinds`` that starts after ``current`` (before
    it, when not ``forward``), with its group as ``Alignment.member_at`` finds it there; None at the end."""
    row = alignment.by_source[source]
    candidates = (
        (m for m, g in row if g.kind in kinds and m.start > current)
        if forward
        else (m for m, g in reversed(row) if g.kind in kinds and m.start < current)
    )
    member = next(candidates, None)
    # member_at finds a passage at its own start, so a passage found here always has its group.
    return alignment.member_at(source, member.start) if member is not None else None


def selected_start(alignment: Alignment, selected: int | None, source: int) -> int | None:
    """Where the selected group's passage starts in ``source``; None when nothing is selected there (the
    view then goes from what is on screen)."""
    group = alignment.group_by_id.get(selected) if selected is not None else None
    member = group.member(source) if group else None
    return member.start if member is not None else None


def marked_member(alignment: Alignment, group: Group, source: int) -> Member | None:
    """The passage ``source``'s pane marks when ``group`` is selected: its own, or for a passage its source
    tells again (a "repeated" group), where ``source`` reports it."""
    reported = alignment.group_by_id.get(group.repeats) if group.repeats is not None else None
    return group.member(source) or (reported.member(source) if reported else None)


def first_carrier(group: Group, visible: Sequence[int]) -> int | None:
    """The first pane on the strip, in order, whose source has a passage in ``group``."""
    return next((s for s in visible if group.member(s)), None)


def step_pane(visible: Sequence[int], current: int | None, step: int) -> int | None:
    """The pane ``step`` places after (before, when negative) ``current`` on the strip, going round at
    either end; from no pane (or one not shown), the first, either way. None: no panes."""
    if not visible:
        return None
    at = visible.index(current) if current in visible else -step
    return visible[(at + step) % len(visible)]


def shown_sources(order: Sequence[int], hidden: Collection[int], pair: Pair | None) -> list[int]:
    """The sources whose panes are on the strip, in the user's order: those not hidden, and with ``pair``,
    its two next to each other (the panes between them folded, one of the two the user hid shown)."""
    shown = [i for i in order if i not in hidden or (pair is not None and i in pair)]
    if pair is not None and all(i in shown for i in pair):
        left, right = sorted(shown.index(i) for i in pair)
        shown = shown[: left + 1] + shown[right:]
    return shown


def pair_to_fold(order: Sequence[int], hidden: Collection[int], source: int, other: int) -> Pair | None:
    """The pair to show beside each other, or None when the two are neighbours already (nothing to fold)."""
    shown = visible(order, hidden)
    if source in shown and other in shown and abs(shown.index(source) - shown.index(other)) == 1:
        return None
    return source, other


def beside_sentence(labels: Sequence[str], order: Sequence[int], hidden: Collection[int], pair: Pair) -> str:
    """ "WIRED beside Musk Admits xAI Distilled…: 3 panes between them folded away for now. Your order
    is kept." """
    shown = shown_sources(order, hidden, pair)
    folded = len([i for i in order if i not in hidden and i not in shown])
    first, second = sorted(pair, key=list(order).index)
    said = [f"{folded} pane{'s' if folded > 1 else ''} between them folded away for now"] if folded else []
    said += [f"{labels[i]} shown though hidden" for i in (first, second) if i in hidden]
    return f"{labels[first]} beside {labels[second]}: {'; '.join(said)}. Your order is kept."
