"""The user's word on a link between two passages: confirmed or rejected, kept in the library and applied
to any alignment of the same texts, without aligning again.

A verdict names the link by its two ends as text anchors (``reader.core.anchoring.anchor``: a text-position and a
text-quote selector, and the sha256 of the text they were made on, in a source known by its library id),
so it outlives a re-alignment (other options, another source added) and an edited version of a source
where its words are still found. ``place_end`` puts an end on a source's current text; ``apply_verdicts``
applies the placed verdicts to an alignment.

Applying is a rewrite of the groups, not a filter in every reader of them: a member whose link the user
rejected leaves its group and becomes a group of its own, "found in one source only"; a group left with one
member is such a group too. Everything that reads the groups (shares, who copies whom and who had it
first, differing details, the connectors, every export) then respects the rejection without knowing about
verdicts. A confirmed link stays, and its member's confidence reads 1.0: any tier drawn from confidence
("possibly the same") keeps it. The alignment before verdicts is kept (``Judged.base``), so a verdict
changed in the window is applied again in milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

# The verdicts' records are kept with the alignment's (an alignment holds its ``Judged``, which holds the
# alignment before verdicts); they are imported from here as before.
from reader.core.alignment.records import (
    VERDICTS,
    Alignment,
    Fragment,
    Group,
    GroupKind,
    Judged,
    JudgedLink,
    LinkEnd,
    LinkVerdict,
    Member,
    PlacedVerdict,
    Span,
    Verdict,
)
from reader.core.text.diffing import reversed_edits

__all__ = [
    "MIN_OVERLAP",
    "VERDICTS",
    "Judged",
    "JudgedLink",
    "LinkEnd",
    "LinkVerdict",
    "PlacedVerdict",
    "Span",
    "Verdict",
    "apply_verdicts",
    "links_of",
    "member_span",
    "place_end",
]

MIN_OVERLAP = 0.5
"""A verdict's end names a passage when each covers at least half of the other: a link judged between two
sentences is not applied to the paragraphs that hold them (granularity "paragraph")."""


def place_end(end: LinkEnd, index: int, text: str, sha256: str, old_text: str | None = None) -> Span | None:
    """Where ``end`` is in a source's current ``text`` (at ``index`` in the comparison): where it was when
    the text is the one it was made on, else re-anchored like an annotation (through the document's diff
    when ``old_text``, the text it was made on, is known); None when its words are gone."""
    from reader.core.anchoring.anchor import PositionMap, reanchor

    selector = end.selector
    if sha256 == end.sha256:
        return Span(index, selector.start, selector.end) if selector.end <= len(text) else None
    positions = PositionMap(old_text, text) if old_text is not None else None
    anchor = reanchor(selector, text, positions=positions)
    return Span(index, anchor.start, anchor.end) if anchor.placed else None


def member_span(member: Member) -> Span:
    return Span(member.source, member.start, member.end)


def links_of(alignment: Alignment, group: Group) -> list[tuple[Member, Member]]:
    """The links of ``group`` the user can judge: each member with the member it is compared with (for a
    group telling again what its source says elsewhere, that passage, in the group it repeats)."""
    if group.repeats is not None:
        (member,) = group.members
        other = _repeated_comparand(alignment.group_by_id.get(group.repeats), member)
        return [(member, other)] if other is not None else []
    found = []
    for member in group.members:
        if member.source == group.reference or member.compared_with is None:
            continue
        comparand = group.member(member.compared_with)
        if comparand is not None:
            found.append((member, comparand))
    return found


def apply_verdicts(alignment: Alignment, verdicts: Sequence[PlacedVerdict]) -> Alignment:
    """``alignment`` (before verdicts: an alignment already judged is judged again from its base) with the
    links ``verdicts`` reject taken apart and those they confirm at confidence 1.0; ``judged`` says which.
    A later verdict on the same link wins over an earlier one."""
    base = alignment.judged.base if alignment.judged is not None else alignment
    ordered = sorted(verdicts, key=lambda v: (v.verdict.decided_at, v.verdict.id))
    lost = [v for v in ordered if not v.placed]
    unlinked: list[PlacedVerdict] = []
    chosen: dict[frozenset[tuple[int, int]], JudgedLink] = {}
    for placed in ordered:
        if not placed.placed:
            continue
        link = _link_named(base, placed)
        if link is None:
            unlinked.append(placed)
            continue
        key = frozenset({link.first[:2], link.second[:2]})
        if key in chosen:  # said again: the newer word stands, the older is listed with the unlinked
            unlinked.append(chosen[key].verdict)
        chosen[key] = link
    rejected = [link for link in chosen.values() if link.verdict.verdict.verdict == "rejected"]
    confirmed = [link for link in chosen.values() if link.verdict.verdict.verdict == "confirmed"]
    groups = _without_rejected(base, rejected)
    groups = _confirm(groups, confirmed)
    judged = Judged(
        base, tuple(ordered), tuple(confirmed), tuple(rejected), tuple(lost), tuple(unlinked), chosen
    )
    fragments = _regrouped_fragments(base, groups)
    return replace(base, groups=groups, fragments=fragments, judged=judged)


def _link_named(alignment: Alignment, placed: PlacedVerdict) -> JudgedLink | None:
    """The link of ``alignment`` between the passages the verdict's ends fall on, if they are linked."""
    assert placed.a is not None and placed.b is not None
    ends = [_member_at(alignment, placed.a), _member_at(alignment, placed.b)]
    if ends[0] is None or ends[1] is None:
        return None
    (first, group_a), (second, group_b) = ends[0], ends[1]
    if first.source == second.source:
        return None
    linked = group_a.id == group_b.id
    for one, two, group in ((first, second, group_a), (second, first, group_b)):
        if group.repeats is not None:
            linked |= _repeated_comparand(alignment.group_by_id.get(group.repeats), one) == two
    if not linked:
        return None
    return JudgedLink(placed, member_span(first), member_span(second))


def _repeated_comparand(home: Group | None, member: Member) -> Member | None:
    """The passage a second telling (``member``, of a "repeated" group) is linked to, in the group it
    repeats: another source's."""
    if home is None or member.compared_with is None:
        return None
    return home.member(member.compared_with)


def _member_at(alignment: Alignment, span: Span) -> tuple[Member, Group] | None:
    """The member that covers most of ``span``, when each covers at least half of the other."""
    if not 0 <= span.source < len(alignment.sources):
        return None
    best: tuple[int, tuple[Member, Group]] | None = None
    for pair in alignment.members_between(span.source, span.start, span.end):
        member = pair[0]
        overlap = min(member.end, span.end) - max(member.start, span.start)
        if best is None or overlap > best[0]:
            best = (overlap, pair)
    if best is None:
        return None
    overlap, (member, group) = best
    length = span.end - span.start
    if overlap < MIN_OVERLAP * max(1, length) or overlap < MIN_OVERLAP * (member.end - member.start):
        return None
    return member, group


def _alone(member: Member) -> Member:
    """``member`` as a passage no other source has."""
    return member._replace(
        classification="unique",
        similarity=0.0,
        compared_with=None,
        diff=(),
        moved=False,
        confidence=0.0,
        discrepancies=(),
    )


def _without_rejected(base: Alignment, rejected: Iterable[JudgedLink]) -> tuple[Group, ...]:
    """The groups of ``base`` with each rejected link taken apart. One end leaves its group and stands
    alone: in a larger group never the reference wording (of two others, the less sure one); in a pair,
    the one whose source tells the passage again elsewhere, linked to the other end, so that this second
    telling takes its place (the user rejected one link, not the other). A group left with one passage is
    found in one source only."""
    by_group: dict[int, list[tuple[tuple[int, int], tuple[int, int]]]] = {}
    for link in rejected:
        found = [base.member_at(*link.first[:2]), base.member_at(*link.second[:2])]
        groups = [pair[1] for pair in found if pair is not None]  # both: the link was found in base
        # Both ends in one group, or a second telling linked to the group it repeats: that is taken apart.
        group = next((g for g in groups if g.repeats is not None), groups[0])
        by_group.setdefault(group.id, []).append((link.first[:2], link.second[:2]))
    told_again: dict[int, list[Member]] = {}  # group id -> the second tellings linked to it
    for group in base.groups:
        if group.repeats is not None and group.id not in by_group:
            told_again.setdefault(group.repeats, []).append(group.members[0])
    next_id = max((group.id for group in base.groups), default=0) + 1
    result: list[Group] = []
    absorbed: set[tuple[int, int]] = set()  # second tellings that took the place of a passage that left
    for group in base.groups:
        pairs = by_group.get(group.id)
        if not pairs:
            result.append(group)
            continue
        if group.repeats is not None:  # it tells again what its source says elsewhere: it does not
            result.append(replace(group, kind="unique", members=(_alone(group.members[0]),), repeats=None))
            continue
        members = list(group.members)
        leaving: list[Member] = []
        for first, second in pairs:
            ends = [m for m in members if (m.source, m.start) in (first, second)]
            if len(ends) == 2:
                victim = _leaving(group, ends, len(members), told_again.get(group.id, []))
                members.remove(victim)
                leaving.append(victim)
        present = {m.source for m in members}
        for telling in told_again.get(group.id, []):
            if telling.source not in present and telling.compared_with in present:
                members.append(telling)
                present.add(telling.source)
                absorbed.add((telling.source, telling.start))
        result.append(_regrouped(group, members, {m.source for m in leaving}))
        for member in leaving:
            result.append(Group(next_id, "unique", (_alone(member),), member.source))
            next_id += 1
    kept = [
        g
        for g in result
        if not (g.repeats is not None and (g.members[0].source, g.members[0].start) in absorbed)
    ]
    return _drop_orphan_repeats(tuple(kept))


def _leaving(group: Group, ends: list[Member], size: int, told_again: list[Member]) -> Member:
    """Which end of a rejected link in ``group`` (of ``size`` passages) leaves it."""
    x, y = ends
    if size == 2:
        for one, other in ((x, y), (y, x)):  # a second telling of one end, linked to the other, can stay
            if any(t.source == one.source and t.compared_with == other.source for t in told_again):
                return one
    if x.source == group.reference:
        return y
    if y.source == group.reference:
        return x
    return min(ends, key=lambda m: (m.confidence, m.source))


def _regrouped(group: Group, members: list[Member], left: set[int]) -> Group:
    """``group`` with only ``members`` (the passages of sources ``left`` left it): its reference compared
    anew with the closest that stayed, and its kind as its members' relations say."""
    if len(members) == 1:
        (only,) = members
        return Group(group.id, "unique", (_alone(only),), only.source)
    present = {m.source for m in members}
    reference = next((m for m in members if m.source == group.reference and m.source not in left), None)
    if reference is None:  # a pair that kept one passage, and a second telling linked to it
        compared = [m.compared_with for m in members if m.compared_with in present]
        reference = next(m for m in members if m.source == (compared[0] if compared else members[0].source))
    others = [m for m in members if m is not reference]
    if reference.compared_with not in present or reference.compared_with in left:
        candidates = [m for m in others if m.compared_with == reference.source] or others
        closest = max(candidates, key=lambda m: (m.similarity, -m.source))
        mirrored = closest._replace(
            source=reference.source,
            passages=reference.passages,
            start=reference.start,
            end=reference.end,
            compared_with=closest.source,
            diff=reversed_edits(closest.diff),
            moved=reference.moved,
            discrepancies=tuple(d.mirrored() for d in closest.discrepancies),
        )
        members = [mirrored if m is reference else m for m in members]
    classes = {m.classification for m in members}
    kind: GroupKind = (
        "verbatim" if classes == {"identical"} else "paraphrase" if "paraphrase" in classes else "reworded"
    )
    return Group(
        group.id, kind, tuple(sorted(members, key=lambda m: m.source)), reference.source, group.repeats
    )


def _drop_orphan_repeats(groups: tuple[Group, ...]) -> tuple[Group, ...]:
    """A second telling whose linked passage left the group it repeats (or is alone there) is linked to
    nothing: it is found in one source only."""
    by_id = {group.id: group for group in groups}
    result = []
    for group in groups:
        if group.repeats is not None:
            home = by_id.get(group.repeats)
            if home is None or len(home.members) < 2 or _repeated_comparand(home, group.members[0]) is None:
                group = replace(group, kind="unique", members=(_alone(group.members[0]),), repeats=None)
        result.append(group)
    return tuple(result)


def _confirm(groups: tuple[Group, ...], confirmed: Iterable[JudgedLink]) -> tuple[Group, ...]:
    """A member whose link to its comparand the user confirmed is sure: confidence 1.0."""
    sure: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    for link in confirmed:
        sure.add((link.first[:2], link.second[:2]))
        sure.add((link.second[:2], link.first[:2]))
    if not sure:
        return groups
    result = []
    for group in groups:
        members = []
        for member in group.members:
            if member.compared_with is not None:
                if group.repeats is not None:
                    home = next((g for g in groups if g.id == group.repeats), None)
                    partner = _repeated_comparand(home, member)
                else:
                    partner = group.member(member.compared_with)
                if (
                    partner is not None
                    and ((member.source, member.start), (partner.source, partner.start)) in sure
                ):
                    member = member._replace(confidence=1.0)
            members.append(member)
        result.append(replace(group, members=tuple(members)))
    return tuple(result)


def _regrouped_fragments(base: Alignment, groups: tuple[Group, ...]) -> tuple[Fragment, ...]:
    """The copied fragments with their passages' groups as they are after the verdicts."""
    if groups is base.groups:
        return base.fragments
    where = {(m.source, m.start): group.id for group in groups for m in group.members}
    fragments = []
    for f in base.fragments:
        a = base.member_at(f.source_a, f.a_start)
        b = base.member_at(f.source_b, f.b_start)
        group_a = where.get((a[0].source, a[0].start), f.group_a) if a is not None else f.group_a
        group_b = where.get((b[0].source, b[0].start), f.group_b) if b is not None else f.group_b
        fragments.append(f._replace(group_a=group_a, group_b=group_b))
    return tuple(fragments)
