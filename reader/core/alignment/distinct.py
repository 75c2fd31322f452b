"""Distinct passages: the work of finding candidates done once per distinct text, not once per passage.

A story syndicated to hundreds of outlets repeats most of its sentences word for word in each, so the
passages of a comparison are far more than its distinct texts. Whether two wordings are an edited copy of
each other, or the same fact in other words, depends on the two texts only: it is decided once per pair of
distinct texts, and the passages that carry them are then paired (``node_pairs``). Aligning N versions of
one story then costs about N times the story, not N squared.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from reader.core.alignment.run import AlignmentRun, Node

ALL_PAIRS_UP_TO = 1024
"""Two distinct texts held by passages of this many pairs of sources at most pair every passage of one with
every passage of the other (as two dozen versions of a story do); beyond, each passage is paired with the
passage of the other text nearest to it in relative position, in both directions, so the pairs grow with
the sources and not with their square. Passages of one text are grouped together anyway: one pair per
passage is enough to join the two groups, and the nearest is the one the grouping prefers."""


@dataclass(frozen=True, slots=True)
class Distinct:
    """The distinct texts of an alignment's passages: ``text_of`` gives each node's text number, ``nodes``
    each text's nodes in node order, ``sources`` the sources that hold each text (bits), ``key_sources``
    those that hold a passage with its key (its identical partners, bits)."""

    text_of: list[int]
    nodes: list[list[int]]
    sources: list[int]
    key_sources: list[int]

    @classmethod
    def of(cls, run: AlignmentRun) -> Distinct:
        number: dict[str, int] = {}
        text_of: list[int] = []
        nodes: list[list[int]] = []
        sources: list[int] = []
        by_key: dict[str, int] = {}
        for n, node in enumerate(run.nodes):
            t = number.get(node.text)
            if t is None:
                t = number[node.text] = len(nodes)
                nodes.append([])
                sources.append(0)
            text_of.append(t)
            nodes[t].append(n)
            sources[t] |= 1 << node.source
            if node.key:
                by_key[node.key] = by_key.get(node.key, 0) | 1 << node.source
        key_sources = [by_key.get(run.nodes[held[0]].key, 0) for held in nodes]
        return cls(text_of, nodes, sources, key_sources)

    def identical_masks(self, run: AlignmentRun) -> list[int]:
        """For each node, the sources where it has a passage with the same key (and its own), as bits."""
        return [
            (1 << node.source) | self.key_sources[t] if node.key else 1 << node.source
            for node, t in zip(run.nodes, self.text_of, strict=True)
        ]


def node_pairs(run: AlignmentRun, first: list[int], second: list[int]) -> list[tuple[int, int]]:
    """Pairs (p of ``first``, q of ``second``) of passages of two distinct texts: all of them, or beyond
    ``ALL_PAIRS_UP_TO`` each passage with the nearest passage of the other text (``ALL_PAIRS_UP_TO``)."""
    if len(first) * len(second) <= ALL_PAIRS_UP_TO:
        return [(p, q) for p in first for q in second]
    nodes, canon = run.nodes, run.canon
    pairs: dict[tuple[int, int], None] = {}
    for mine, others, flip in ((first, second, False), (second, first, True)):
        order = sorted(others, key=lambda n: (nodes[n].position, canon[n]))
        positions = [nodes[n].position for n in order]
        for n in mine:
            at = bisect_left(positions, nodes[n].position)
            near = [order[i] for i in (at - 1, at) if 0 <= i < len(order)]
            best = min(near, key=lambda o: (abs(nodes[o].position - nodes[n].position), canon[o]))
            pairs[(best, n) if flip else (n, best)] = None
    return list(pairs)


def source_bits(nodes: list[Node], members: list[int]) -> int:
    """The sources of ``members`` as bits."""
    found = 0
    for n in members:
        found |= 1 << nodes[n].source
    return found
