"""Where a place in one source's text falls in another's: what synchronized scrolling lines up (no Qt)."""

from __future__ import annotations

from reader.core.align import Alignment
from reader.core.relations import moved_between


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
