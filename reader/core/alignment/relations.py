"""How the sources of an alignment relate, pair by pair: the share of text two sources have in common, how
two members of one group relate to each other, and which shared groups are out of order between two
sources. Queries over an ``Alignment`` (``reader.core.alignment.memo``): each answered once per alignment, and kept
by ``Alignment.with_sources``, since they depend on the texts alone.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence

from reader.core.alignment.memo import query
from reader.core.alignment.records import Alignment, Classification, Group, Member, sure_members
from reader.core.text.diffing import WordDiff, word_diff


@query(texts_only=True)
def shares(alignment: Alignment) -> dict[tuple[int, int], float]:
    """For each pair of sources (i < j): the share of their passage text they have in common, where a
    reworded passage counts by its word similarity and a passage possibly the same does not count."""
    totals = [sum(p.end - p.start for p in passages) for passages in alignment.passages]
    n = len(alignment.sources)
    cache = _similarities(alignment)  # the pairs' similarities: relation() asks for the same ones
    common: dict[tuple[int, int], float] = defaultdict(float)
    if n > PAIRWISE_UP_TO:
        common.update(_in_arrays(alignment, cache))
    else:
        matrix = [[0.0] * n for _ in range(n)]  # [i][j], i < j: the weighted text the two have in common
        for group in alignment.groups:
            _add_group(alignment, group, matrix, cache)
        for i, row in enumerate(matrix):
            for j in range(i + 1, n):
                if row[j]:
                    common[(i, j)] = row[j]
    # A link beside the groups adds the passages the groups did not already count for the pair: those
    # whose own group has no passage of the other source, each once.
    counted: set[tuple[int, int, int]] = set()
    for link in alignment.links:
        weight = 0
        for source, start, end, other in (
            (link.source_a, link.a_start, link.a_end, link.source_b),
            (link.source_b, link.b_start, link.b_end, link.source_a),
        ):
            home = alignment.member_at(source, start)
            if (home is None or home[1].member(other) is None) and (source, other, start) not in counted:
                counted.add((source, other, start))
                weight += end - start
        pair = (min(link.source_a, link.source_b), max(link.source_a, link.source_b))
        common[pair] += weight * link.similarity
    n = len(alignment.sources)
    return {
        (i, j): (common[(i, j)] / (totals[i] + totals[j]) if totals[i] + totals[j] else 0.0)
        for i in range(n)
        for j in range(i + 1, n)
    }


def _in_arrays(alignment: Alignment, cache: dict[tuple[str, str], float]) -> dict[tuple[int, int], float]:
    """What ``_add_group`` adds up, for many sources: each group's pairs of members at once, in arrays
    (numpy; the same products added in the same order, so the same figures). 500 versions of a story
    make two million pairs of members, a second and a half in Python."""
    import numpy  # only for comparisons of many sources: it takes a tenth of a second to load

    n = len(alignment.sources)
    matrix = numpy.zeros((n, n))
    for group in alignment.groups:
        members = sure_members(group)
        if len(members) < 2:
            continue
        kinds = _wordings(alignment, group, members)
        count = max(kinds) + 1
        example = {kind: members[x] for x, kind in enumerate(kinds) if kind >= 0}
        kind = numpy.array(kinds)
        upper = numpy.triu_indices(len(members), 1)
        first, second = kind[upper[0]], kind[upper[1]]
        # The similarity of each pair of wordings that occurs, the earlier member's first (a diff is not
        # symmetric); neither member is the reference, so any two members of the wordings give it.
        table = numpy.zeros((max(1, count), max(1, count)))
        both = (first >= 0) & (second >= 0)
        for a, b in set(zip(first[both].tolist(), second[both].tolist(), strict=True)):
            table[a, b] = _pair_similarity(alignment, group, example[a], example[b], cache)
        similarity = table[numpy.maximum(first, 0), numpy.maximum(second, 0)]
        own = numpy.array([member.similarity for member in members])
        # A pair with the reference: the other member's own similarity (to the reference).
        similarity = numpy.where(first < 0, own[upper[1]], similarity)
        similarity = numpy.where(second < 0, own[upper[0]], similarity)
        lengths = numpy.array([member.end - member.start for member in members], dtype=float)
        weighted = (lengths[upper[0]] + lengths[upper[1]]) * similarity
        sources = numpy.array([member.source for member in members])
        matrix[sources[upper[0]], sources[upper[1]]] += weighted  # members are in source order: i < j
    rows, columns = numpy.nonzero(numpy.triu(matrix, 1))
    values = matrix[rows, columns]
    return dict(zip(zip(rows.tolist(), columns.tolist(), strict=True), values.tolist(), strict=True))


def _wordings(alignment: Alignment, group: Group, members: Sequence[Member]) -> list[int]:
    """The members other than the reference numbered by wording (an identical one, or the text of
    another: two members of one wording are as similar to any third), -1 for the reference, whose
    similarity to each is that member's own."""
    wording: dict[tuple[bool, str], int] = {}
    kinds: list[int] = []
    for member in members:
        if member.source == group.reference:
            kinds.append(-1)
        else:
            key = (member.classification == "identical", alignment.member_text(member))
            kinds.append(wording.setdefault(key, len(wording)))
    return kinds


def _add_group(
    alignment: Alignment, group: Group, matrix: list[list[float]], cache: dict[tuple[str, str], float]
) -> None:
    """Add what each pair of ``group``'s members have in common: their lengths weighted by their
    similarity (``_pair_similarity``). A group of a story carried by hundreds of sources has tens of
    thousands of pairs but few wordings: the similarity is worked out once per pair of wordings."""
    members = sure_members(group)
    if len(members) < 2:
        return
    kinds = _wordings(alignment, group, members)
    known: dict[tuple[int, int], float] = {}
    lengths = [member.end - member.start for member in members]
    sources = [member.source for member in members]
    for x, first in enumerate(members):
        row, kind, length = matrix[first.source], kinds[x], lengths[x]
        for y in range(x + 1, len(members)):
            other = kinds[y]
            if kind < 0 or other < 0:
                similarity = members[y].similarity if kind < 0 else first.similarity
            else:
                found = known.get((kind, other))
                if found is None:
                    found = known[(kind, other)] = _pair_similarity(
                        alignment, group, first, members[y], cache
                    )
                similarity = found
            row[sources[y]] += (length + lengths[y]) * similarity


PAIRWISE_UP_TO = 64
"""Up to this many sources, who copies whom and what two sources both quote are worked out for every pair
of sources; beyond, for each source with the ``CLOSEST`` sources it shares most with (``close_pairs``), so
that the work grows with the sources and not with their square: among hundreds of outlets carrying one
story, a source's likely origin is among those it shares most with."""

CLOSEST = 6
"""Beyond ``PAIRWISE_UP_TO`` sources, how many of the sources each shares most with are compared with it."""


@query(texts_only=True)
def close_pairs(alignment: Alignment) -> dict[int, frozenset[int]] | None:
    """For each source, the sources compared with it pair by pair (both ways); None: every other source
    (``PAIRWISE_UP_TO``)."""
    n = len(alignment.sources)
    if n <= PAIRWISE_UP_TO:
        return None
    nearest: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (i, j), share in shares(alignment).items():
        if share > 0:
            nearest[i].append((-share, j))
            nearest[j].append((-share, i))
    partners: dict[int, set[int]] = defaultdict(set)
    for source, found in nearest.items():
        for _, other in sorted(found)[:CLOSEST]:
            partners[source].add(other)
            partners[other].add(source)
    return {source: frozenset(partners.get(source, ())) for source in range(n)}


def relation(alignment: Alignment, group: Group, first: Member, second: Member) -> Classification:
    """How two members of one group relate to each other (not only to the reference): the same words, an
    edited copy, or the same fact in other words."""
    if first.source == group.reference:
        return second.classification
    if second.source == group.reference:
        return first.classification
    if first.classification == second.classification == "identical":
        return "identical"
    similarity = _pair_similarity(alignment, group, first, second, _similarities(alignment))
    if similarity >= 0.999:
        return "identical"
    return "reworded" if similarity >= alignment.options.threshold else "paraphrase"


@query(texts_only=True)
def _similarities(alignment: Alignment) -> dict[tuple[str, str], float]:
    """The word similarities of pairs of member texts measured so far (filled by ``_pair_similarity``)."""
    return {}


def _pair_similarity(
    alignment: Alignment,
    group: Group,
    first: Member,
    second: Member,
    cache: dict[tuple[str, str], float],
) -> float:
    """Similarity of two members, reusing what classification already measured against the reference."""
    if first.source == group.reference:
        return second.similarity
    if second.source == group.reference:
        return first.similarity
    if first.classification == second.classification == "identical":
        return 1.0
    a, b = alignment.member_text(first), alignment.member_text(second)
    key = (a, b)
    if key not in cache:
        cache[key] = text_diff(alignment, a, b).similarity
    return cache[key]


def text_diff(alignment: Alignment, a: str, b: str) -> WordDiff:
    """The word diff of two passage texts of ``alignment``, made once per pair of texts for the relations
    and for what two sources share (an outlet's edit of a wire sentence meets the original in every
    other outlet)."""
    known = _text_diffs(alignment)
    found = known.get((a, b))
    if found is None:
        found = known[(a, b)] = word_diff(a, b, alignment.options.normalization)
    return found


@query(texts_only=True)
def _text_diffs(alignment: Alignment) -> dict[tuple[str, str], WordDiff]:
    """The word diffs of pairs of passage texts made so far (``text_diff``)."""
    return {}


@query(texts_only=True)
def _moved_pairs(alignment: Alignment) -> dict[tuple[int, int], frozenset[int]]:
    """The groups out of order between pairs of sources asked about so far (filled by ``moved_between``)."""
    return {}


def moved_between(alignment: Alignment, i: int, j: int) -> frozenset[int]:
    """Ids of the groups shared by sources i and j that are out of order between them."""
    key = (min(i, j), max(i, j))
    cache = _moved_pairs(alignment)
    if key not in cache:
        cache[key] = out_of_order(alignment.groups, *key, _group_starts(alignment))
    return cache[key]


@query(texts_only=True)
def _group_starts(alignment: Alignment) -> list[dict[int, int]]:
    return starts_by_source(alignment.groups)


def starts_by_source(groups: Sequence[Group]) -> list[dict[int, int]]:
    """For each source, where each of its groups' members starts: {group id: start}. Made once, it lets
    ``out_of_order`` look at the groups two sources share without going through every group."""
    found: list[dict[int, int]] = []
    for group in groups:
        for member in group.members:
            while len(found) <= member.source:
                found.append({})
            found[member.source][group.id] = member.start
    return found


def out_of_order(
    groups: Sequence[Group], i: int, j: int, starts: list[dict[int, int]] | None = None
) -> frozenset[int]:
    """Groups shared by sources i and j that fall outside their longest common in-order run (LIS).
    ``starts``: ``starts_by_source(groups)``, when many pairs are asked about."""
    if starts is None:
        starts = starts_by_source(groups)
    if max(i, j) >= len(starts):
        return frozenset()
    mine, theirs = starts[i], starts[j]
    shared = [(start, theirs[gid], gid) for gid, start in mine.items() if gid in theirs]
    shared.sort()
    kept = _longest_increasing([position_j for _, position_j, _ in shared])
    return frozenset(shared[k][2] for k in range(len(shared)) if k not in kept)


def _longest_increasing(values: list[int]) -> set[int]:
    """Indexes of one longest strictly increasing subsequence (patience sorting, O(n log n))."""
    tails: list[int] = []  # values
    tail_index: list[int] = []
    previous = [-1] * len(values)
    for k, value in enumerate(values):
        at = bisect.bisect_left(tails, value)
        if at == len(tails):
            tails.append(value)
            tail_index.append(k)
        else:
            tails[at] = value
            tail_index[at] = k
        previous[k] = tail_index[at - 1] if at else -1
    kept: set[int] = set()
    k = tail_index[-1] if tail_index else -1
    while k != -1:
        kept.add(k)
        k = previous[k]
    return kept
