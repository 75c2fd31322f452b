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
from reader.core.text.diffing import word_diff


@query(texts_only=True)
def shares(alignment: Alignment) -> dict[tuple[int, int], float]:
    """For each pair of sources (i < j): the share of their passage text they have in common, where a
    reworded passage counts by its word similarity and a passage possibly the same does not count."""
    totals = [sum(p.end - p.start for p in passages) for passages in alignment.passages]
    common: dict[tuple[int, int], float] = defaultdict(float)
    cache = _similarities(alignment)  # the pairs' similarities: relation() asks for the same ones
    for group in alignment.groups:
        members = sure_members(group)
        for x, first in enumerate(members):
            for second in members[x + 1 :]:
                weight = (first.end - first.start) + (second.end - second.start)
                common[(first.source, second.source)] += weight * _pair_similarity(
                    alignment, group, first, second, cache
                )
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
        cache[key] = word_diff(a, b, alignment.options.normalization).similarity
    return cache[key]


@query(texts_only=True)
def _moved_pairs(alignment: Alignment) -> dict[tuple[int, int], frozenset[int]]:
    """The groups out of order between pairs of sources asked about so far (filled by ``moved_between``)."""
    return {}


def moved_between(alignment: Alignment, i: int, j: int) -> frozenset[int]:
    """Ids of the groups shared by sources i and j that are out of order between them."""
    key = (min(i, j), max(i, j))
    cache = _moved_pairs(alignment)
    if key not in cache:
        cache[key] = out_of_order(alignment.groups, *key)
    return cache[key]


def out_of_order(groups: Sequence[Group], i: int, j: int) -> frozenset[int]:
    """Groups shared by sources i and j that fall outside their longest common in-order run (LIS)."""
    shared = []
    for group in groups:
        mi, mj = group.member(i), group.member(j)
        if mi is not None and mj is not None:
            shared.append((mi.start, mj.start, group.id))
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
