"""Candidate pairs of passages across sources: identical keys, and rewordings found through the words they
share (an inverted index of distinctive words), confirmed by the word diff. Thresholds: docs/alignment.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from itertools import pairwise

from reader.core.alignment.distinct import Distinct, node_pairs, source_bits
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
"""A key held by at most this many passages links each of them with all the others; a key held by more,
once in each source (a syndicated story's sentence), links them in a chain; a key repeated within sources
(a refrain, a one-word line) links each copy only with its nearest copies in every other source, so that
the edges stay linear in the text instead of quadratic in the repetitions."""


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
        if len(sources) > _ALL_PAIRS_UP_TO:
            edges.extend(_copies_in_turn(run, by_source))
            continue
        for x, a in enumerate(sources):
            for b in sources[x + 1 :]:
                edges.extend(_nearest_copies(nodes, by_source[a], by_source[b], inner))
    return edges


def _copies_in_turn(run: AlignmentRun, by_source: dict[int, list[int]]) -> list[Edge]:
    """Edges between the copies of a key more than ``_ALL_PAIRS_UP_TO`` sources hold: each source's first
    copy with the other sources' first copies, its second with their second, and so on, each in a chain
    in order of relative position (pairing the nearest copies of every two sources would make edges
    quadratic in the sources). A key held once by each source (a syndicated story's sentence) is one
    chain, joining its passages as all the pairs would."""
    nodes, canon = run.nodes, run.canon
    turns: dict[int, list[int]] = defaultdict(list)
    for copies in by_source.values():
        for turn, n in enumerate(copies):  # a source's nodes are in reading order
            turns[turn].append(n)
    edges: list[Edge] = []
    for members in turns.values():
        order = sorted(members, key=lambda n: (nodes[n].position, canon[n]))
        edges.extend((1.0, min(p, q), max(p, q)) for p, q in pairwise(order))
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


def fuzzy_edges(
    run: AlignmentRun, distinct: Distinct, exact: list[int], tick: Tick
) -> tuple[list[Edge], list[int]]:
    """Reworded pairs, and each node's mask of the sources where it has a partner by wording (``exact``,
    the identical partners, with these added). The word diffs made stay in ``run.diffs`` for the stages
    after.

    Each distinct text is looked at once (``distinct``): its distinctive words, the texts that share
    enough of them, the diff of each such pair; the passages of two texts that pass are then paired
    (``node_pairs``). Memory stays proportional to the text: each open text keeps only the ids of its
    distinctive words, and only words found in at least two sources go into the index, since only they can
    make a pair across sources.
    """
    nodes, canon, tokens_of = run.nodes, run.canon, run.tokens
    norm, threshold, source_count = run.options.normalization, run.options.threshold, len(run.sources)
    everyone = (1 << source_count) - 1
    worded = list(exact)
    held, key_sources = distinct.nodes, distinct.key_sources
    # A text is open when some source has no passage with its key: rewordings are looked for there.
    open_texts = [t for t, members in enumerate(held) if nodes[members[0]].key and key_sources[t] != everyone]
    if not open_texts:
        return [], worded
    vocabulary: dict[str, int] = {}
    in_sources: list[int] = []  # word id -> bit mask of the sources it occurs in
    frequency: list[int] = []  # word id -> how many open passages have it
    words: dict[int, tuple[int, ...]] = {}
    total = len(open_texts)
    keep_tokens = sum(len(held[t]) for t in open_texts) <= _KEEP_TOKENS_UP_TO
    for done, t in enumerate(open_texts):
        if not done % TICK_EVERY:
            tick(0.4 * done / total)
        one = held[t][0]
        node = nodes[one]
        # On texts of ordinary size the tokens are kept for the diffs to come; on huge ones they are made
        # again for the few passages that meet a candidate, so memory stays proportional to the text.
        tokens = tokens_of(one) if keep_tokens else (node.tokens or tokenize(node.text, norm))
        ids = []
        bits, count = distinct.sources[t], len(held[t])
        for key in set(tokens.keys):
            if len(key) < _MIN_INDEX_WORD or not key[0].isalnum():
                continue
            word = vocabulary.get(key)
            if word is None:
                word = vocabulary[key] = len(frequency)
                frequency.append(0)
                in_sources.append(0)
            frequency[word] += count
            in_sources[word] |= bits
            ids.append(word)
        words[t] = tuple(ids)
    del vocabulary
    too_common = max(_COMMON_FLOOR, _COMMON_PER_SOURCE * source_count)
    index: dict[int, list[int]] = defaultdict(list)
    distinctive: dict[int, int] = {}  # text -> how many distinctive words it has (the rules need the count)
    for done, t in enumerate(open_texts):
        if not done % TICK_EVERY:
            tick(0.4 + 0.1 * done / total)
        kept = [word for word in words[t] if frequency[word] <= too_common]
        distinctive[t] = len(kept)
        shareable = tuple(word for word in kept if in_sources[word] & (in_sources[word] - 1))
        words[t] = shareable
        for word in shareable:
            index[word].append(t)
    edges: list[Edge] = []
    alike: dict[tuple[str, str], bool] = {}  # (text, text) -> an edited copy by keeps_content

    def keeps(a: str, b: str) -> bool:
        found = alike.get((a, b))
        if found is None:
            found = alike[(a, b)] = keeps_content(a, b, threshold)
        return found

    for done, ta in enumerate(open_texts):
        if not done % TICK_EVERY:
            tick(0.5 + 0.5 * done / total)
        shared: dict[int, int] = {}
        for word in words[ta]:
            for tb in index[word]:
                if tb > ta:  # each pair once
                    shared[tb] = shared.get(tb, 0) + 1
        a = held[ta][0]
        for tb, count in shared.items():
            b = held[tb][0]
            if nodes[a].key == nodes[b].key:
                continue  # one key: identical partners already
            # Rewordings share a good part of their distinctive words, not one or two of many.
            if count < _MIN_SHARED_WORDS * min(distinctive[ta], distinctive[tb]):
                continue
            # Across sources, and only where neither has an identical partner there.
            first = [p for p in held[ta] if not key_sources[tb] >> nodes[p].source & 1]
            second = [q for q in held[tb] if not key_sources[ta] >> nodes[q].source & 1]
            if not first or not second:
                continue
            ta_tokens, tb_tokens = tokens_of(a), tokens_of(b)
            # Length alone bounds the similarity: 2 * shorter / (shorter + longer).
            if 2 * min(ta_tokens.weight, tb_tokens.weight) < threshold * (
                ta_tokens.weight + tb_tokens.weight
            ):
                continue
            if bag_similarity(ta_tokens, tb_tokens) < threshold:
                continue
            pairs = node_pairs(run, first, second)
            found = False
            # The outcome depends on which of the two comes first in node order (the rules read the pair
            # so) and in the canonical order (the diff is not symmetric: it is made in the canonical
            # direction so that file order cannot matter): worked out once for each of the four.
            outcomes: dict[tuple[bool, bool], float | None] = {}
            for p, q in pairs:
                low, high = (p, q) if p < q else (q, p)
                one, two = (p, q) if canon[p] < canon[q] else (q, p)
                case = (low == p, one == p)
                if case not in outcomes:
                    outcomes[case] = None
                    if count >= (1 if distinctive[distinct.text_of[low]] <= 3 else 2):
                        diff = run.diff(nodes[one].text, nodes[two].text, tokens_of(one), tokens_of(two))
                        if diff.similarity >= threshold and keeps(nodes[low].text, nodes[high].text):
                            outcomes[case] = diff.similarity
                similarity = outcomes[case]
                if similarity is not None:
                    edges.append((similarity, low, high))
                    worded[p] |= 1 << nodes[q].source
                    worded[q] |= 1 << nodes[p].source
                    found = True
            if found and len(pairs) < len(first) * len(second):
                # Paired by nearness only: every passage still has its partners in all those sources.
                first_bits = source_bits(nodes, first)
                second_bits = source_bits(nodes, second)
                for p in first:
                    worded[p] |= second_bits
                for q in second:
                    worded[q] |= first_bits
    return edges, worded
