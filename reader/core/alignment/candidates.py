"""Candidate pairs of passages across sources: identical keys, and rewordings found through the words they
share (an inverted index of distinctive words), confirmed by the word diff. Thresholds: docs/alignment.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from reader.core.alignment.run import AlignmentRun, Edge, Node
from reader.core.checks.entities import other_countries
from reader.core.checks.meaning import content_stems
from reader.core.checks.speakers import actor_conflict
from reader.core.progress import Tick
from reader.core.text.dates import dateline
from reader.core.text.diffing import bag_similarity, tokenize

_KEEP_TOKENS_UP_TO = 100_000  # open passages; beyond, tokens are not kept between the index and the diffs
TICK_EVERY = 256
"""Loops report progress every this many items: often enough for Cancel, too seldom to cost time."""
_MIN_INDEX_WORD = 3  # shorter words ("a", "of", "is") say nothing about which passages match
# A word in more open passages than this is too common to find candidates with. A shared sentence puts its
# words in one passage per source, so the limit grows with the sources, not with the length of the texts
# (which would make the candidate pairs grow quadratically with the text).
_COMMON_FLOOR = 30
_COMMON_PER_SOURCE = 4
_MIN_SHARED_WORDS = 0.3  # candidates share at least this share of the distinctive words of the shorter


SHORT_CONTENT = 12
"""A passage of at most this many content words is short: an edited copy of it must keep ``threshold`` of
its content words too, not only of its words."""


def keeps_content(a: str, b: str, threshold: float) -> bool:
    """Do two passages the word diff found alike share enough of their content words to be one passage
    edited? In a short passage the words the diff keeps can be a template ("Suicide bomber kills 3 at US
    base in Afghanistan" / "Suicide bomber kills 13 at restaurant in central Somalia": half the words, two
    events). Its content words (stemmed, function words left out) must then agree as much as the words:
    their Dice coefficient at least ``threshold``. Long passages, and passages with no content words, pass.
    On the tuning half of the paraphrase benchmark this takes false links among news headlines from 0.31
    to 0.25 per 1,000 and linked pairs that annotators scored 0-1 from 15.8% to 12.9%, for 1.7% fewer
    paraphrases linked (docs/alignment.md). Nor is a short passage edited when each names a country the
    other does not ("Burundi police fire tear gas at protesters" / "Police fire tear gas at protesters in
    Bangkok"; ``entities.other_countries``)."""
    if dateline(a) or dateline(b):
        return False  # two datelines ("May 4, 2026" / "May 9, 2026") are two dates, not one edited
    if actor_conflict(a, b) is not None:
        return False  # "Hansbrough finished with 20 points" / "Vaughn finished with 16": two players' lines
    first, second = set(content_stems(a)), set(content_stems(b))
    if not first or not second or min(len(first), len(second)) > SHORT_CONTENT:
        return True
    if 2 * len(first & second) < threshold * (len(first) + len(second)):
        return False
    # A template about another country has a word of its own on each side: where one has all the other's
    # content words, no place is looked for (looking costs 1% of aligning two long versions).
    return first <= second or second <= first or not other_countries(a, b)


_ALL_PAIRS_UP_TO = 64
"""A key held by at most this many passages links each of them with all the others; a key repeated more
often (a refrain, a one-word line) links each copy only with its nearest copies in every other source, so
that the edges stay linear in the text instead of quadratic in the repetitions."""


def exact_edges(run: AlignmentRun, tick: Tick) -> list[Edge]:
    """Pairs of passages of different sources with the same key, at similarity 1.0."""
    nodes = run.nodes
    buckets: dict[str, list[int]] = defaultdict(list)
    for n, node in enumerate(nodes):
        if not n % TICK_EVERY:
            tick(0.5 * n / max(1, len(nodes)))
        if node.key:
            buckets[node.key].append(n)
    edges: list[Edge] = []
    total = max(1, len(buckets))
    for number, members in enumerate(buckets.values()):
        if not number % TICK_EVERY:
            tick(0.5 + 0.5 * number / total)
        if len(members) < 2:
            continue
        if len(members) <= _ALL_PAIRS_UP_TO:
            for x, p in enumerate(members):
                for q in members[x + 1 :]:
                    if nodes[p].source != nodes[q].source:
                        edges.append((1.0, p, q))
            continue
        # A key repeated thousands of times is one long piece of work: it ticks as it goes.
        here = 0.5 + 0.5 * number / total

        def inner(_done: float, here: float = here) -> None:
            tick(here)

        by_source: dict[int, list[int]] = defaultdict(list)
        for count, n in enumerate(members):
            if not count % TICK_EVERY:
                inner(0.0)
            by_source[nodes[n].source].append(n)
        sources = sorted(by_source)
        for x, a in enumerate(sources):
            for b in sources[x + 1 :]:
                edges.extend(_nearest_copies(nodes, by_source[a], by_source[b], inner))
    return edges


def _nearest_copies(
    nodes: list[Node], first: list[int], second: list[int], tick: Callable[[float], None]
) -> list[Edge]:
    """Edges between the copies of one key in two sources: each copy with the copies of the other source
    next to it in order of relative position (those the grouping prefers anyway)."""
    merged = sorted(first + second, key=lambda n: (nodes[n].position, n))
    source_a = nodes[first[0]].source
    edges: list[Edge] = []
    # Each copy with the last copy of the other side before it, then (read backwards) after it.
    for order in (merged, merged[::-1]):
        last: dict[bool, int] = {}  # side -> the last copy seen of that side
        for count, n in enumerate(order):
            if not count % TICK_EVERY:
                tick(0.0)
            side = nodes[n].source == source_a
            other = last.get(not side)
            if other is not None:
                edges.append((1.0, min(n, other), max(n, other)))
            last[side] = n
    return list(dict.fromkeys(edges))


def partner_masks(run: AlignmentRun, edges: list[Edge], tick: Tick) -> list[int]:
    """For each node, a bit mask of the sources where it has a partner by ``edges`` (and its own)."""
    nodes = run.nodes
    masks = [1 << node.source for node in nodes]
    total = max(1, len(edges))
    for number, (_, p, q) in enumerate(edges):
        if not number % TICK_EVERY:
            tick(number / total)
        masks[p] |= 1 << nodes[q].source
        masks[q] |= 1 << nodes[p].source
    return masks


def fuzzy_edges(run: AlignmentRun, exact: list[int], tick: Tick) -> list[Edge]:
    """Reworded pairs. Their diffs are kept in ``run.diffs`` under (canonical first, second) for
    classification.

    Memory stays proportional to the text: each open passage keeps only the ids of its distinctive words
    (not its tokens), and only words found in at least two sources go into the index, since only they can
    make a pair across sources; a passage is tokenized for good only when it is part of a candidate pair.
    """
    nodes, canon, diffs, tokens_of = run.nodes, run.canon, run.diffs, run.tokens
    norm, threshold, source_count = run.options.normalization, run.options.threshold, len(run.sources)
    everyone = (1 << source_count) - 1
    open_nodes = []
    for n, mask in enumerate(exact):
        if not n % (TICK_EVERY * 4):
            tick(0.0)
        if mask != everyone and nodes[n].key:
            open_nodes.append(n)
    if not open_nodes:
        return []
    vocabulary: dict[str, int] = {}
    in_sources: list[int] = []  # word id -> bit mask of the sources it occurs in
    frequency: list[int] = []  # word id -> how many open passages have it
    words: dict[int, tuple[int, ...]] = {}
    total = len(open_nodes)
    keep_tokens = total <= _KEEP_TOKENS_UP_TO
    for done, n in enumerate(open_nodes):
        if not done % TICK_EVERY:
            tick(0.5 * done / total)
        node = nodes[n]
        # On texts of ordinary size the tokens are kept for the diffs to come; on huge ones they are made
        # again for the few passages that meet a candidate, so memory stays proportional to the text.
        tokens = tokens_of(n) if keep_tokens else (node.tokens or tokenize(node.text, norm))
        ids = []
        bit = 1 << node.source
        for key in set(tokens.keys):
            if len(key) < _MIN_INDEX_WORD or not key[0].isalnum():
                continue
            word = vocabulary.get(key)
            if word is None:
                word = vocabulary[key] = len(frequency)
                frequency.append(0)
                in_sources.append(0)
            frequency[word] += 1
            in_sources[word] |= bit
            ids.append(word)
        words[n] = tuple(ids)
    del vocabulary
    too_common = max(_COMMON_FLOOR, _COMMON_PER_SOURCE * source_count)
    index: dict[int, list[int]] = defaultdict(list)
    distinctive: dict[int, int] = {}  # node -> how many distinctive words it has (the rules need the count)
    for done, n in enumerate(open_nodes):
        if not done % TICK_EVERY:
            tick(0.5 * done / total)
        kept = [word for word in words[n] if frequency[word] <= too_common]
        distinctive[n] = len(kept)
        shareable = tuple(word for word in kept if in_sources[word] & (in_sources[word] - 1))
        words[n] = shareable
        for word in shareable:
            index[word].append(n)
    edges: list[Edge] = []
    for done, p in enumerate(open_nodes):
        if not done % TICK_EVERY:
            tick(0.5 + 0.5 * done / total)
        source_p = nodes[p].source
        shared: dict[int, int] = {}
        for word in words[p]:
            for q in index[word]:
                if q > p:  # each pair once
                    shared[q] = shared.get(q, 0) + 1
        needed = 1 if distinctive[p] <= 3 else 2
        for q, count in shared.items():
            # Across sources, and only where neither has an identical partner there.
            if count < needed or nodes[q].source == source_p:
                continue
            # Rewordings share a good part of their distinctive words, not one or two of many.
            if count < _MIN_SHARED_WORDS * min(distinctive[p], distinctive[q]):
                continue
            if exact[p] >> nodes[q].source & 1 or exact[q] >> source_p & 1:
                continue
            tp, tq = tokens_of(p), tokens_of(q)
            # Length alone bounds the similarity: 2 * shorter / (shorter + longer).
            if 2 * min(tp.weight, tq.weight) < threshold * (tp.weight + tq.weight):
                continue
            if bag_similarity(tp, tq) < threshold:
                continue
            # A diff is not symmetric: diff in the canonical direction so file order cannot matter.
            first, second = (p, q) if canon[p] < canon[q] else (q, p)
            diff = run.diff(nodes[first].text, nodes[second].text, tokens_of(first), tokens_of(second))
            if diff.similarity >= threshold and keeps_content(nodes[p].text, nodes[q].text, threshold):
                edges.append((diff.similarity, p, q))
                diffs[(first, second)] = diff
    return edges
