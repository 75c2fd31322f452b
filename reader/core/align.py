"""N-way passage alignment: groups of passages that say the same thing, across all sources at once.

How it works (thresholds documented in docs/alignment.md):

1. Every source is split into passages (sentences or paragraphs) and each passage gets a normalized key.
2. Candidate pairs across sources: passages with the same key pair up at similarity 1.0. A passage that has
   no identical partner in some other source looks there for rewordings: candidates share at least two
   distinctive words (an inverted index), their bag-of-words similarity, an upper bound, must reach the
   threshold, and then the diff-match-patch word diff decides.
3. Pairs are merged into groups greedily, most similar first (ties: nearest relative position, then a
   canonical order of the sources that does not depend on the order they were given in), and a group
   never takes two passages from one source. Order plays no part in matching, so moved passages align.
4. A source that split one sentence in two (or merged two) contributes both halves to one group: an
   unmatched passage next to a group member joins that member when together they match the group better.
5. Each group has a reference wording: the one most members share verbatim, else the most typical one.
   Every member is classified against it: identical, reworded (with similarity and word-level diff), or
   unique when the group has one member. A member is "moved" when, relative to its comparand's source,
   its group is outside the longest run of groups the two sources share in the same order.
"""

from __future__ import annotations

import bisect
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, NamedTuple

from reader.core.diffing import Edit, Tokens, WordDiff, bag_similarity, tokenize, word_diff
from reader.core.normalize import Normalization
from reader.core.segment import Granularity, Passage, segment
from reader.core.sources import Source

Classification = Literal["identical", "reworded", "unique"]
GroupKind = Literal["verbatim", "reworded", "unique"]

DEFAULT_THRESHOLD = 0.5
"""Two passages are rewordings of each other when at least half their words (by length) line up."""
SPLIT_GAIN = 0.05
"""How much better two neighbouring passages must match a group together than the first one alone."""
_MIN_INDEX_WORD = 3  # shorter words ("a", "of", "is") say nothing about which passages match
# A word in more open passages than this is too common to find candidates with. A shared sentence puts its
# words in one passage per source, so the limit grows with the sources, not with the length of the texts
# (which would make the candidate pairs grow quadratically with the text).
_COMMON_FLOOR = 30
_COMMON_PER_SOURCE = 4
_MIN_SHARED_WORDS = 0.3  # candidates share at least this share of the distinctive words of the shorter


@dataclass(frozen=True, slots=True)
class AlignOptions:
    granularity: Granularity = "sentence"
    threshold: float = DEFAULT_THRESHOLD
    normalization: Normalization = field(default_factory=Normalization)

    def to_dict(self) -> dict[str, object]:
        return {
            "granularity": self.granularity,
            "threshold": self.threshold,
            "normalization": self.normalization.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> AlignOptions:
        """The inverse of ``to_dict`` for stored options: anything missing or odd takes its default, and the
        threshold is kept within 0.1..1."""
        defaults = cls()
        stored = data.get("normalization")
        norm: dict[str, object] = stored if isinstance(stored, dict) else {}
        flags = {
            name: _flag(norm.get(name), getattr(defaults.normalization, name))
            for name in Normalization.__slots__
        }
        try:
            value = data.get("threshold", defaults.threshold)
            if not isinstance(value, int | float | str):
                raise TypeError(value)
            threshold = min(1.0, max(0.1, float(value)))
        except (TypeError, ValueError):
            threshold = defaults.threshold
        granularity = data.get("granularity")
        return cls(
            granularity=granularity if granularity in ("sentence", "paragraph") else defaults.granularity,
            threshold=threshold,
            normalization=Normalization(**flags),
        )


def _flag(value: object, default: bool) -> bool:
    """A stored yes/no: a bool, or the strings QSettings' INI files hand back."""
    if value is None:
        return default
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


class Member(NamedTuple):
    """One source's passage(s) in a group. ``diff`` goes from the comparand (a) to this member (b), with
    offsets into each one's source text; it rebuilds both passages exactly."""

    source: int
    passages: tuple[int, ...]
    start: int
    end: int
    classification: Classification
    similarity: float
    compared_with: int | None = None  # source index of the comparand
    diff: tuple[Edit, ...] = ()
    moved: bool = False


@dataclass(frozen=True, slots=True)
class Group:
    id: int
    kind: GroupKind
    members: tuple[Member, ...]  # in source order
    reference: int  # source index of the reference wording

    def member(self, source: int) -> Member | None:
        for member in self.members:
            if member.source == source:
                return member
        return None

    @property
    def sources(self) -> frozenset[int]:
        return frozenset(member.source for member in self.members)


@dataclass(frozen=True)
class Alignment:
    sources: tuple[Source, ...]
    passages: tuple[tuple[Passage, ...], ...]
    groups: tuple[Group, ...]
    options: AlignOptions

    @cached_property
    def by_source(self) -> tuple[tuple[tuple[Member, Group], ...], ...]:
        """For each source, its members with their groups, in text order."""
        rows: list[list[tuple[Member, Group]]] = [[] for _ in self.sources]
        for group in self.groups:
            for member in group.members:
                rows[member.source].append((member, group))
        return tuple(tuple(sorted(row, key=lambda pair: pair[0].start)) for row in rows)

    def member_text(self, member: Member) -> str:
        return self.sources[member.source].text[member.start : member.end]

    def additions(self, source: int) -> list[Member]:
        return [m for m, g in self.by_source[source] if g.kind == "unique"]

    def coverage(self, source: int) -> float:
        """How much of this source the others share: its passage text in groups with other sources, a
        reworded passage counted by its similarity."""
        total = shared = 0.0
        for member, group in self.by_source[source]:
            length = member.end - member.start
            total += length
            if group.kind != "unique":
                shared += length * member.similarity
        return shared / total if total else 0.0

    def member_at(self, source: int, offset: int) -> tuple[Member, Group] | None:
        """The member of ``source`` whose passage contains ``offset`` (or ends right at it)."""
        row = self.by_source[source]
        index = bisect.bisect_right(self._starts[source], offset) - 1
        if 0 <= index < len(row) and row[index][0].start <= offset <= row[index][0].end:
            return row[index]
        return None

    def row_index(self, source: int, offset: int) -> int:
        """Index in ``by_source[source]`` of the last member starting at or before ``offset`` (-1: none)."""
        return bisect.bisect_right(self._starts[source], offset) - 1

    def members_between(self, source: int, first: int, last: int) -> list[tuple[Member, Group]]:
        """The members of ``source`` that overlap the offsets [first, last], in text order."""
        row = self.by_source[source]
        index = max(0, bisect.bisect_right(self._starts[source], first) - 1)
        found = []
        while index < len(row) and row[index][0].start <= last:
            if row[index][0].end >= first:
                found.append(row[index])
            index += 1
        return found

    @cached_property
    def _starts(self) -> tuple[list[int], ...]:
        return tuple([member.start for member, _ in row] for row in self.by_source)

    @cached_property
    def group_by_id(self) -> dict[int, Group]:
        return {group.id: group for group in self.groups}

    @cached_property
    def shares(self) -> dict[tuple[int, int], float]:
        """For each pair of sources (i < j): the share of their passage text they have in common, where
        a reworded passage counts by its word similarity."""
        totals = [sum(p.end - p.start for p in passages) for passages in self.passages]
        common: dict[tuple[int, int], float] = defaultdict(float)
        norm = self.options.normalization
        cache: dict[tuple[str, str], float] = {}
        for group in self.groups:
            members = group.members
            for x, first in enumerate(members):
                for second in members[x + 1 :]:
                    weight = (first.end - first.start) + (second.end - second.start)
                    common[(first.source, second.source)] += weight * self._pair_similarity(
                        group, first, second, norm, cache
                    )
        n = len(self.sources)
        return {
            (i, j): (common[(i, j)] / (totals[i] + totals[j]) if totals[i] + totals[j] else 0.0)
            for i in range(n)
            for j in range(i + 1, n)
        }

    def _pair_similarity(
        self,
        group: Group,
        first: Member,
        second: Member,
        norm: Normalization,
        cache: dict[tuple[str, str], float],
    ) -> float:
        """Similarity of two members, reusing what classification already measured against the reference."""
        if first.source == group.reference:
            return second.similarity
        if second.source == group.reference:
            return first.similarity
        if first.classification == second.classification == "identical":
            return 1.0
        a, b = self.member_text(first), self.member_text(second)
        key = (a, b)
        if key not in cache:
            cache[key] = word_diff(a, b, norm).similarity
        return cache[key]

    @cached_property
    def _moved_pairs(self) -> dict[tuple[int, int], frozenset[int]]:
        return {}

    def moved_between(self, i: int, j: int) -> frozenset[int]:
        """Ids of the groups shared by sources i and j that are out of order between them."""
        key = (min(i, j), max(i, j))
        cache = self._moved_pairs
        if key not in cache:
            cache[key] = _out_of_order(self.groups, *key)
        return cache[key]


# -- the algorithm ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Node:
    source: int
    passage: Passage
    text: str
    key: str
    position: float  # relative position in its source, 0..1
    tokens: Tokens | None = None


class AlignmentCancelled(Exception):
    """The caller's progress callback asked to stop."""


Progress = Callable[[float], bool]
"""Called with the share of the work done (0..1); returning False cancels the alignment."""

PROGRESS_INTERVAL_S = 0.02
"""How often, at most, the progress callback is called from inside the work (and so how soon Cancel acts)."""


class _Ticker:
    """Progress from inside the loops: cheap to call for every item, it calls the caller's callback at most
    every ``PROGRESS_INTERVAL_S`` and raises AlignmentCancelled when that says stop."""

    __slots__ = ("_due", "_progress")

    def __init__(self, progress: Progress | None) -> None:
        self._progress = progress
        self._due = 0.0

    def __call__(self, done: float) -> None:
        if self._progress is None:
            return
        now = time.monotonic()
        if now < self._due:
            return
        self._due = now + PROGRESS_INTERVAL_S
        if not self._progress(min(1.0, max(0.0, done))):
            raise AlignmentCancelled

    def phase(self, start: float, end: float) -> Callable[[float], None]:
        """A ticker for one phase of the work, spanning [start, end] of the whole."""
        return lambda done: self(start + (end - start) * done)

    def force(self, done: float) -> None:
        self._due = 0.0
        self(done)


def align(
    sources: Sequence[Source], options: AlignOptions | None = None, progress: Progress | None = None
) -> Alignment:
    """Align the passages of all ``sources`` at once. Raises AlignmentCancelled if ``progress`` says stop."""
    options = options or AlignOptions()
    tick = _Ticker(progress)
    tick.force(0.0)
    norm = options.normalization
    # Versions of one story repeat most of their text: split and key each distinct paragraph once.
    known: dict[str, list[tuple[int, int]]] = {}
    keys: dict[str, str] = {}
    total = max(1, sum(len(source.text) for source in sources))
    split: list[tuple[Passage, ...]] = []
    done = 0.0
    for source in sources:
        share = len(source.text) / total
        split.append(
            tuple(segment(source.text, options.granularity, known, tick.phase(done, done + share * 0.1)))
        )
        done += share * 0.1
    del known
    passages = tuple(split)
    nodes: list[_Node] = []
    key_tick = tick.phase(0.1, 0.2)
    count_all = max(1, sum(len(own) for own in passages))
    for index, (source, own) in enumerate(zip(sources, passages, strict=True)):
        count = max(1, len(own) - 1)
        for passage in own:
            key_tick(len(nodes) / count_all)
            text = source.text[passage.start : passage.end]
            key = keys.get(text)
            if key is None:
                key = keys[text] = norm.key(text)
            nodes.append(_Node(index, passage, text, key, passage.index / count))
    del keys
    # Tie-breaks use the sources' content, never the order they were given in.
    rank = _canonical_ranks(sources)
    canon = [(rank[node.source], node.passage.index) for node in nodes]

    def tokens_of(n: int) -> Tokens:
        node = nodes[n]
        if node.tokens is None:
            node.tokens = tokenize(node.text, norm)
        return node.tokens

    edges = _exact_edges(nodes)
    exact_partners = _partner_masks(nodes, edges)
    diffs: dict[tuple[int, int], WordDiff] = {}
    edges.extend(
        _fuzzy_edges(
            nodes,
            exact_partners,
            len(sources),
            options.threshold,
            norm,
            tokens_of,
            canon,
            diffs,
            tick.phase(0.2, 0.6),
        )
    )
    edges.sort(
        key=lambda e: (
            -e[0],
            abs(nodes[e[1]].position - nodes[e[2]].position),
            min(canon[e[1]], canon[e[2]]),
            max(canon[e[1]], canon[e[2]]),
        )
    )
    tick.force(0.6)
    clusters = _cluster(nodes, edges)
    extended = _attach_splits(
        [s.text for s in sources],
        nodes,
        clusters,
        options.threshold,
        norm,
        tokens_of,
        canon,
        tick.phase(0.6, 0.7),
    )
    groups = _build_groups(
        sources, nodes, clusters, extended, norm, rank, tokens_of, diffs, tick.phase(0.7, 1.0)
    )
    tick.force(1.0)
    return Alignment(tuple(sources), passages, groups, options)


def _canonical_ranks(sources: Sequence[Source]) -> list[int]:
    order = sorted(range(len(sources)), key=lambda i: (sources[i].sha256, sources[i].path))
    rank = [0] * len(sources)
    for position, index in enumerate(order):
        rank[index] = position
    return rank


_ALL_PAIRS_UP_TO = 64
"""A key held by at most this many passages links each of them with all the others; a key repeated more
often (a refrain, a one-word line) links each copy only with its nearest copies in every other source, so
that the edges stay linear in the text instead of quadratic in the repetitions."""


def _exact_edges(nodes: list[_Node]) -> list[tuple[float, int, int]]:
    buckets: dict[str, list[int]] = defaultdict(list)
    for n, node in enumerate(nodes):
        if node.key:
            buckets[node.key].append(n)
    edges: list[tuple[float, int, int]] = []
    for members in buckets.values():
        if len(members) < 2:
            continue
        if len(members) <= _ALL_PAIRS_UP_TO:
            for x, p in enumerate(members):
                for q in members[x + 1 :]:
                    if nodes[p].source != nodes[q].source:
                        edges.append((1.0, p, q))
            continue
        by_source: dict[int, list[int]] = defaultdict(list)
        for n in members:
            by_source[nodes[n].source].append(n)
        sources = sorted(by_source)
        for x, a in enumerate(sources):
            for b in sources[x + 1 :]:
                edges.extend(_nearest_copies(nodes, by_source[a], by_source[b]))
    return edges


def _nearest_copies(nodes: list[_Node], first: list[int], second: list[int]) -> list[tuple[float, int, int]]:
    """Edges between the copies of one key in two sources: each copy with the copies of the other source
    next to it in order of relative position (those the grouping prefers anyway)."""
    merged = sorted(first + second, key=lambda n: (nodes[n].position, n))
    source_a = nodes[first[0]].source
    edges: list[tuple[float, int, int]] = []
    previous: dict[bool, int] = {}  # side -> the last copy seen of that side
    for n in merged:
        side = nodes[n].source == source_a
        other = previous.get(not side)
        if other is not None:
            edges.append((1.0, min(n, other), max(n, other)))
        previous[side] = n
    # And each copy with the next copy of the other side (the loop above only looks back).
    following: dict[bool, int] = {}
    for n in reversed(merged):
        side = nodes[n].source == source_a
        other = following.get(not side)
        if other is not None:
            edges.append((1.0, min(n, other), max(n, other)))
        following[side] = n
    return list(dict.fromkeys(edges))


def _partner_masks(nodes: list[_Node], edges: list[tuple[float, int, int]]) -> list[int]:
    """For each node, a bit mask of the sources where it has an identical partner (and its own)."""
    masks = [1 << node.source for node in nodes]
    for _, p, q in edges:
        masks[p] |= 1 << nodes[q].source
        masks[q] |= 1 << nodes[p].source
    return masks


def _fuzzy_edges(
    nodes: list[_Node],
    exact: list[int],
    source_count: int,
    threshold: float,
    norm: Normalization,
    tokens_of: Callable[[int], Tokens],
    canon: list[tuple[int, int]],
    diffs: dict[tuple[int, int], WordDiff],
    tick: Callable[[float], None] = lambda done: None,
) -> list[tuple[float, int, int]]:
    """Reworded pairs. Their diffs are kept in ``diffs`` under (canonical first, second) for classification.

    Memory stays proportional to the text: each open passage keeps only the ids of its distinctive words
    (not its tokens), and only words found in at least two sources go into the index, since only they can
    make a pair across sources; a passage is tokenized for good only when it is part of a candidate pair.
    """
    everyone = (1 << source_count) - 1
    open_nodes = [n for n, mask in enumerate(exact) if mask != everyone and nodes[n].key]
    if not open_nodes:
        return []
    vocabulary: dict[str, int] = {}
    in_sources: list[int] = []  # word id -> bit mask of the sources it occurs in
    frequency: list[int] = []  # word id -> how many open passages have it
    words: dict[int, tuple[int, ...]] = {}
    total = len(open_nodes)
    for done, n in enumerate(open_nodes):
        tick(0.5 * done / total)
        node = nodes[n]
        tokens = node.tokens or tokenize(node.text, norm)  # not kept: most passages never need it again
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
    for n in open_nodes:
        kept = [word for word in words[n] if frequency[word] <= too_common]
        distinctive[n] = len(kept)
        shareable = tuple(word for word in kept if in_sources[word] & (in_sources[word] - 1))
        words[n] = shareable
        for word in shareable:
            index[word].append(n)
    edges: list[tuple[float, int, int]] = []
    for done, p in enumerate(open_nodes):
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
            diff = word_diff(nodes[first].text, nodes[second].text, norm, tokens_of(first), tokens_of(second))
            if diff.similarity >= threshold:
                edges.append((diff.similarity, p, q))
                diffs[(first, second)] = diff
    return edges


def _cluster(nodes: list[_Node], edges: list[tuple[float, int, int]]) -> list[int]:
    """Union-find over the edges, best first; a cluster holds at most one node per source."""
    parent = list(range(len(nodes)))
    mask = [1 << node.source for node in nodes]

    def find(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for _, p, q in edges:
        rp, rq = find(p), find(q)
        if rp == rq or mask[rp] & mask[rq]:
            continue
        if rq < rp:
            rp, rq = rq, rp
        parent[rq] = rp
        mask[rp] |= mask[rq]
    return [find(n) for n in range(len(nodes))]


def _attach_splits(
    texts: Sequence[str],
    nodes: list[_Node],
    clusters: list[int],
    threshold: float,
    norm: Normalization,
    tokens_of: Callable[[int], Tokens],
    canon: list[tuple[int, int]],
    tick: Callable[[float], None] = lambda done: None,
) -> dict[int, int]:
    """Unmatched passages that complete a neighbour's match: {extra node: the neighbour it joins}."""
    size = Counter(clusters)
    members: dict[int, list[int]] = defaultdict(list)
    for n, root in enumerate(clusters):
        members[root].append(n)
    extended: dict[int, int] = {}
    taken: set[int] = set()
    total = max(1, len(nodes))
    for done, p in enumerate(sorted(range(len(nodes)), key=canon.__getitem__)):
        tick(done / total)
        if size[clusters[p]] != 1 or not nodes[p].key:
            continue
        best: tuple[float, int] | None = None
        for q in (p - 1, p + 1):
            if not 0 <= q < len(nodes) or q in taken or q in extended:
                continue
            node_p, node_q = nodes[p], nodes[q]
            if node_q.source != node_p.source or node_q.passage.paragraph != node_p.passage.paragraph:
                continue
            if size[clusters[q]] < 2:
                continue
            others = [o for o in members[clusters[q]] if o != q]
            if all(nodes[o].key == node_q.key for o in others):
                continue  # q already matches word for word: adding p cannot make it better
            other = max(others, key=lambda o: (bag_similarity(tokens_of(q), tokens_of(o)), canon[o]))
            first, second = (q, p) if q < p else (p, q)
            joined = texts[node_p.source][nodes[first].passage.start : nodes[second].passage.end]
            alone = word_diff(node_q.text, nodes[other].text, norm, tokens_of(q), tokens_of(other)).similarity
            together = word_diff(joined, nodes[other].text, norm, None, tokens_of(other)).similarity
            gain = together - alone
            if together >= threshold and gain >= SPLIT_GAIN and (best is None or gain > best[0]):
                best = (gain, q)
        if best is not None:
            extended[p] = best[1]
            taken.add(best[1])
    return extended


def _build_groups(
    sources: Sequence[Source],
    nodes: list[_Node],
    clusters: list[int],
    extended: dict[int, int],
    norm: Normalization,
    rank: list[int],
    tokens_of: Callable[[int], Tokens],
    diffs: dict[tuple[int, int], WordDiff],
    tick: Callable[[float], None] = lambda done: None,
) -> tuple[Group, ...]:
    by_root: dict[int, list[int]] = defaultdict(list)
    for n, root in enumerate(clusters):
        if n not in extended:
            by_root[root].append(n)
    for extra, neighbour in extended.items():
        by_root[clusters[neighbour]].append(extra)
    # Nodes are numbered in (source, position) order, so sorting a group's nodes sorts them by source and
    # position, and a group's smallest node gives its reading order: the first source that carries it.
    drafts: list[list[tuple[int, list[int]]]] = []
    for members in sorted(by_root.values(), key=min):
        members.sort()
        draft: list[tuple[int, list[int]]] = []
        for n in members:
            source = nodes[n].source
            if draft and draft[-1][0] == source:
                draft[-1][1].append(n)
            else:
                draft.append((source, [n]))
        drafts.append(draft)
    groups = []
    total = max(1, len(drafts))
    for number, draft in enumerate(drafts, 1):
        tick(0.9 * number / total)
        groups.append(_classify(number, draft, sources, nodes, norm, rank, tokens_of, diffs))
    return _mark_moved(groups)


def _classify(
    number: int,
    draft: list[tuple[int, list[int]]],
    sources: Sequence[Source],
    nodes: list[_Node],
    norm: Normalization,
    rank: list[int],
    tokens_of: Callable[[int], Tokens],
    diffs: dict[tuple[int, int], WordDiff],
) -> Group:
    spans = {}
    for source, ns in draft:
        start = nodes[ns[0]].passage.start
        end = nodes[ns[-1]].passage.end
        spans[source] = (tuple(nodes[n].passage.index for n in ns), start, end)
    if len(draft) == 1:
        (source, (indexes, start, end)) = next(iter(spans.items()))
        member = Member(source, indexes, start, end, "unique", 0.0)
        return Group(number, "unique", (member,), source)
    if all(len(ns) == 1 for _, ns in draft) and len({nodes[ns[0]].key for _, ns in draft}) == 1:
        return _verbatim(number, spans, rank)  # the common case: the same words everywhere
    texts = {s: sources[s].text[start:end] for s, (_, start, end) in spans.items()}
    keys = {s: nodes[ns[0]].key if len(ns) == 1 else norm.key(texts[s]) for s, ns in draft}
    tokens: dict[int, Tokens] = {}
    node_of = dict(draft)

    def tokens_for(s: int) -> Tokens:
        if s not in tokens:
            ns = node_of[s]
            tokens[s] = tokens_of(ns[0]) if len(ns) == 1 else tokenize(texts[s], norm)
        return tokens[s]

    reference = _reference(keys, tokens_for, rank)
    ref_text, ref_start = texts[reference], spans[reference][1]
    results: dict[int, tuple[float, tuple[Edit, ...], bool]] = {}
    for source in texts:
        if source == reference:
            continue
        start = spans[source][1]
        if keys[source] == keys[reference]:
            edit = Edit("equal", ref_start, ref_start + len(ref_text), start, start + len(texts[source]))
            results[source] = (1.0, (edit,), True)
        else:
            single = len(spans[reference][0]) == len(spans[source][0]) == 1
            diff = diffs.get((node_of[reference][0], node_of[source][0])) if single else None
            if diff is None:
                diff = word_diff(ref_text, texts[source], norm, tokens_for(reference), tokens_for(source))
            results[source] = (diff.similarity, _shift(diff.edits, ref_start, start), False)
    members = []
    closest = max(results, key=lambda s: (results[s][0], -rank[s]))
    for source, (indexes, start, end) in sorted(spans.items()):
        if source == reference:
            similarity, edits, same = results[closest]
            members.append(
                Member(
                    source,
                    indexes,
                    start,
                    end,
                    "identical" if same else "reworded",
                    similarity,
                    closest,
                    _reverse(edits),
                )
            )
        else:
            similarity, edits, same = results[source]
            kind: Classification = "identical" if same else "reworded"
            members.append(Member(source, indexes, start, end, kind, similarity, reference, edits))
    verbatim = all(member.classification == "identical" for member in members)
    return Group(number, "verbatim" if verbatim else "reworded", tuple(members), reference)


def _verbatim(number: int, spans: dict[int, tuple[tuple[int, ...], int, int]], rank: list[int]) -> Group:
    """A group whose members all have the same words: each is compared with the reference, the reference
    with the next member in canonical order."""
    reference, closest = sorted(spans, key=rank.__getitem__)[:2]
    members = []
    for source, (indexes, start, end) in spans.items():
        other = closest if source == reference else reference
        _, a_start, a_end = spans[other]
        edit = Edit("equal", a_start, a_end, start, end)
        members.append(Member(source, indexes, start, end, "identical", 1.0, other, (edit,)))
    return Group(number, "verbatim", tuple(members), reference)


def _reference(keys: dict[int, str], tokens_for: Callable[[int], Tokens], rank: list[int]) -> int:
    """The wording most members share verbatim; otherwise the one whose words the others share most."""
    counts = Counter(keys.values())
    top = max(counts.values())
    if top >= 2:
        best_key = min(key for key, count in counts.items() if count == top)
        return min((s for s in keys if keys[s] == best_key), key=rank.__getitem__)
    if len(keys) == 2:  # two different wordings: neither is more typical, take the canonical first
        return min(keys, key=rank.__getitem__)
    bags = {s: set(tokens_for(s).keys) for s in keys}
    everywhere: Counter[str] = Counter()
    for bag in bags.values():
        everywhere.update(bag)

    def typicality(s: int) -> float:
        words = bags[s]
        if not words:
            return 0.0
        return sum(len(word) * (everywhere[word] - 1) for word in words) / sum(len(word) for word in words)

    return max(keys, key=lambda s: (typicality(s), -rank[s]))


def _shift(edits: Iterable[Edit], a_offset: int, b_offset: int) -> tuple[Edit, ...]:
    return tuple(
        Edit(e.op, e.a_start + a_offset, e.a_end + a_offset, e.b_start + b_offset, e.b_end + b_offset)
        for e in edits
    )


_REVERSED_OP = {"equal": "equal", "delete": "insert", "insert": "delete"}


def _reverse(edits: Iterable[Edit]) -> tuple[Edit, ...]:
    return tuple(Edit(_REVERSED_OP[e.op], e.b_start, e.b_end, e.a_start, e.a_end) for e in edits)  # type: ignore[arg-type]


def _out_of_order(groups: Sequence[Group], i: int, j: int) -> frozenset[int]:
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


def _mark_moved(groups: list[Group]) -> tuple[Group, ...]:
    """Flag members whose group is out of order between their source and their comparand's."""
    out_of_order: dict[tuple[int, int], frozenset[int]] = {}
    result = []
    for group in groups:
        flags = []
        for member in group.members:
            if member.compared_with is None:
                flags.append(False)
                continue
            pair = (min(member.source, member.compared_with), max(member.source, member.compared_with))
            if pair not in out_of_order:
                out_of_order[pair] = _out_of_order(groups, *pair)
            flags.append(group.id in out_of_order[pair])
        if any(flags):
            members = tuple(
                m._replace(moved=True) if f else m for m, f in zip(group.members, flags, strict=True)
            )
            group = Group(group.id, group.kind, members, group.reference)
        result.append(group)
    return tuple(result)
