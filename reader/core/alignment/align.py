"""N-way passage alignment: groups of passages that say the same thing, across all sources at once.

How it works (thresholds documented in docs/alignment.md):

1. Every source is split into passages (sentences or paragraphs) and each passage gets a normalized key.
2. Candidate pairs across sources: passages with the same key pair up at similarity 1.0. A passage that has
   no identical partner in some other source looks there for rewordings: candidates share at least two
   distinctive words (an inverted index), their bag-of-words similarity, an upper bound, must reach the
   threshold, and then the diff-match-patch word diff decides.
3. Pairs are merged into groups greedily, most similar first (ties: nearest relative position, then a
   canonical order of the sources that does not depend on the order they were given in), and a group
   never takes two passages from one source; a passage refused a group for that moves there afterwards
   when its links there weigh more than in its own. Order plays no part in matching, so moved passages
   align.
4. A source that split one sentence in two (or merged two) contributes both halves to one group: an
   unmatched passage next to a group member joins that member when together they match the group better.
5. Each group has a reference wording: the one most members share verbatim, else the most typical one.
   Every member is classified against it: identical, reworded (with similarity and word-level diff), or
   unique when the group has one member; a passage alone in its group but linked to another group, where
   its own source already is (it tells the fact twice), is "repeated", compared with what it is linked to.
   A member is "moved" when, relative to its comparand's source, its group is outside the longest run of
   groups the two sources share in the same order.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from typing import Any

from reader.core.alignment.candidates import TICK_EVERY, exact_edges, fuzzy_edges
from reader.core.alignment.distinct import Distinct, node_pairs, source_bits
from reader.core.alignment.fragments import find_fragments
from reader.core.alignment.grouping import attach_splits, build_groups, cluster, mark_repeats, repeat_edges
from reader.core.alignment.links import extra_links
from reader.core.alignment.records import (
    DEFAULT_THRESHOLD,
    Alignment,
    AlignOptions,
    Classification,
    Group,
    GroupKind,
    Member,
)
from reader.core.alignment.run import KEYS, PASSAGES, AlignmentRun, Edge, Node, normalization_key
from reader.core.alignment.workcache import WorkCache
from reader.core.checks.claims import judge
from reader.core.checks.meaning import MEANING_THRESHOLD, MeaningScorer
from reader.core.progress import AlignmentCancelled, Progress, Tick, Ticker
from reader.core.reading.sources import Source
from reader.core.text.dates import dateline, label_line
from reader.core.text.segment import Passage, segment

__all__ = [
    "DEFAULT_THRESHOLD",
    "AlignOptions",
    "Alignment",
    "AlignmentCancelled",
    "Classification",
    "Group",
    "GroupKind",
    "Member",
    "Progress",
    "align",
]


def align(
    sources: Sequence[Source],
    options: AlignOptions | None = None,
    progress: Progress | None = None,
    cache: WorkCache | None = None,
) -> Alignment:
    """Align the passages of all ``sources`` at once. Raises AlignmentCancelled if ``progress`` says stop.
    ``cache``: what earlier alignments worked out from the same texts, used and added to (the result is
    the same with or without it)."""
    # The alignment makes millions of small acyclic objects on long texts; the cyclic garbage collector
    # would walk them all again and again (pauses of a third of a second, during which Cancel waits).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _align(sources, options, progress, cache)
    finally:
        if collecting:
            gc.enable()


def _align(
    sources: Sequence[Source],
    options: AlignOptions | None,
    progress: Progress | None,
    cache: WorkCache | None,
) -> Alignment:
    options = options or AlignOptions()
    tick = Ticker(progress)
    tick.force(0.0)
    if cache is not None:
        cache.load()
    passages = _passages(sources, options, tick, cache)
    nodes = _nodes(sources, passages, options, tick.phase(0.1, 0.2), cache)
    # Tie-breaks use the sources' content, never the order they were given in.
    rank = _canonical_ranks(sources)
    canon = [(rank[node.source], node.passage.index) for node in nodes]
    run = AlignmentRun(sources, options, nodes, canon, rank, tick, cache=cache)
    edges = exact_edges(run, run.phase(0.2, 0.25))
    distinct = Distinct.of(run)
    exact_partners = distinct.identical_masks(run)
    tick.force(0.3)
    reworded, worded = fuzzy_edges(run, distinct, exact_partners, run.phase(0.3, 0.55))
    edges.extend(reworded)
    del exact_partners, reworded
    scorer, meaning = meaning_edges(run, distinct, worded, run.phase(0.56, 0.6))
    run = run.with_scorer(scorer)
    edges.extend(meaning)
    wording = len(edges) - len(meaning)
    edges = _best_first(run, edges, wording, run.phase(0.6, 0.62))
    del worded
    tick.force(0.62)
    clusters = cluster(run, edges, wording, run.phase(0.62, 0.65))
    extended = attach_splits(run, clusters, run.phase(0.65, 0.7))
    groups = build_groups(run, clusters, extended, run.phase(0.7, 0.9))
    again = repeat_edges(run, clusters, extended, run.phase(0.9, 0.91))
    groups = mark_repeats(run, groups, edges + again, wording, run.phase(0.91, 0.92))
    links = extra_links(run, groups, edges, wording, run.phase(0.92, 0.93))
    run.diffs.clear()
    fragments = find_fragments(run, groups, run.phase(0.93, 0.97))
    _release(run.phase(0.97, 1.0), edges, nodes, canon, clusters)
    tick.force(1.0)
    return Alignment(tuple(sources), passages, groups, options, fragments, links)


def _passages(
    sources: Sequence[Source], options: AlignOptions, tick: Ticker, cache: WorkCache | None = None
) -> tuple[tuple[Passage, ...], ...]:
    """Each source split into passages (the first tenth of the work), or as split before (``cache``)."""
    # Versions of one story repeat most of their text: split and key each distinct paragraph once.
    known: dict[str, list[tuple[int, int]]] = {}
    total = max(1, sum(len(source.text) for source in sources))
    split: list[tuple[Passage, ...]] = []
    done = 0.0
    for source in sources:
        share = len(source.text) / total
        phase = tick.phase(done, done + share * 0.1)

        def split_it(text: str = source.text, phase: Tick = phase) -> tuple[Passage, ...]:
            return tuple(segment(text, options.granularity, known, phase))

        if cache is None:
            split.append(split_it())
        else:
            split.append(cache.cached(PASSAGES, (options.granularity, source.text), split_it))
        done += share * 0.1
    return tuple(split)


def _nodes(
    sources: Sequence[Source],
    passages: tuple[tuple[Passage, ...], ...],
    options: AlignOptions,
    tick: Tick,
    cache: WorkCache | None = None,
) -> list[Node]:
    """Every passage of every source with its comparison key, in (source, position) order; a source's keys
    as made before when ``cache`` has them."""
    norm = options.normalization
    keys: dict[str, str] = {}
    nodes: list[Node] = []
    count_all = max(1, sum(len(own) for own in passages))

    def key_of(text: str) -> str:
        key = keys.get(text)
        if key is None:  # a metadata line gets no key: it is never linked, not even word for word
            key = keys[text] = "" if label_line(text) else norm.key(text)
        return key

    for index, (source, own) in enumerate(zip(sources, passages, strict=True)):
        count = max(1, len(own) - 1)
        texts = [source.text[passage.start : passage.end] for passage in own]

        def keyed(texts: list[str] = texts) -> tuple[str, ...]:
            return tuple(map(key_of, texts))

        if cache is None:
            own_keys = keyed()
        else:
            own_keys = cache.cached(KEYS, (options.granularity, normalization_key(norm), source.text), keyed)
        for passage, text, key in zip(own, texts, own_keys, strict=True):
            if not len(nodes) % TICK_EVERY:
                tick(len(nodes) / count_all)
            nodes.append(Node(index, passage, text, key, passage.index / count))
    return nodes


def _best_first(run: AlignmentRun, edges: list[Edge], wording: int, tick: Tick) -> list[Edge]:
    """The edges best first, the links by wording (the first ``wording``) before the links by meaning;
    ties: nearest relative position, then the canonical order. The keys are made in a loop that reports
    progress, so only the sort itself (in C) runs without a chance to cancel."""
    nodes, canon = run.nodes, run.canon
    ranks: list[tuple[int, float, float, tuple[int, int], tuple[int, int]]] = []
    for number, (similarity, p, q) in enumerate(edges):
        if not number % TICK_EVERY:
            tick(number / max(1, len(edges)))
        cp, cq = canon[p], canon[q]
        tier = 0 if number < wording else 1
        ranks.append(
            (tier, -similarity, abs(nodes[p].position - nodes[q].position), min(cp, cq), max(cp, cq))
        )
    return [edges[k] for k in sorted(range(len(edges)), key=ranks.__getitem__)]


def meaning_edges(
    run: AlignmentRun, distinct: Distinct, worded: list[int], tick: Tick
) -> tuple[MeaningScorer, list[Edge]]:
    """Links by meaning between passages that have no partner by wording in each other's source: the
    scorer (also used to say how sure each such link is) and the edges it finds, less those whose claims
    differ (``claims.judge``). Candidates and scores are found once per pair of distinct texts; their
    passages are then paired (``node_pairs``)."""
    nodes = run.nodes
    everyone = (1 << len(run.sources)) - 1
    wanted = [
        n
        for n, mask in enumerate(worded)
        if mask != everyone and nodes[n].key and not dateline(nodes[n].text)
    ]
    scorer = MeaningScorer.of([node.text for node in nodes], lambda done: tick(0.4 * done), wanted)
    # The wanted passages of each distinct text, in node order.
    holders: dict[int, list[int]] = {}
    for n in wanted:
        holders.setdefault(distinct.text_of[n], []).append(n)
    pairs = scorer.text_candidates(
        [(members, source_bits(nodes, members)) for members in holders.values()],
        lambda done: tick(0.4 + 0.3 * done),
    )
    edges: list[Edge] = []
    vetoed: dict[tuple[str, str], bool] = {}
    for number, (first, second) in enumerate(pairs):
        if not number % TICK_EVERY:
            tick(0.7 + 0.3 * number / max(1, len(pairs)))
        score = scorer.linked_score(first[0], second[0], MEANING_THRESHOLD)
        if score < MEANING_THRESHOLD:
            continue
        for p, q in node_pairs(run, first, second):
            p, q = (p, q) if p < q else (q, p)
            if nodes[p].source == nodes[q].source:
                continue
            if worded[p] >> nodes[q].source & 1 or worded[q] >> nodes[p].source & 1:
                continue
            texts = (nodes[p].text, nodes[q].text)
            veto = vetoed.get(texts)
            if veto is None:
                veto = vetoed[texts] = judge(*texts, score).veto
            if not veto:
                edges.append((score, p, q))
    return scorer, edges


def _release(tick: Tick, *pieces: list[Any]) -> None:
    """Free the big lists of the work a slice at a time, ticking: freeing millions of objects at once is
    a pause (80 ms on 200,000 lines) that Cancel would have to wait out."""
    total = max(1, sum(len(piece) for piece in pieces))
    done = 0
    for piece in pieces:
        while piece:
            del piece[-TICK_EVERY * 8 :]
            done += TICK_EVERY * 8
            tick(done / total)


def _canonical_ranks(sources: Sequence[Source]) -> list[int]:
    order = sorted(range(len(sources)), key=lambda i: (sources[i].sha256, sources[i].path))
    rank = [0] * len(sources)
    for position, index in enumerate(order):
        rank[index] = position
    return rank
