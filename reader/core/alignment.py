"""The records an alignment is made of: options, members, groups, and the alignment itself.

Frozen and Qt-free; the algorithm that makes them is in ``reader.core.align`` (with ``candidates`` and
``grouping``), and everything else (the window, the exports, the command line) only reads them.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Literal, NamedTuple, get_args

from reader.core.calibration import is_possible
from reader.core.diffing import Edit, word_diff
from reader.core.normalize import Normalization
from reader.core.segment import Granularity, Passage
from reader.core.sources import Source
from reader.core.spans import as_flag

if TYPE_CHECKING:
    from reader.core.provenance import Provenance
    from reader.core.verdicts import Judged, PlacedVerdict

Classification = Literal["identical", "reworded", "paraphrase", "unique"]
"""How a member relates to its group's reference: the same words; an edited copy (most words shared in
order); the same fact in other words; or nothing else says it."""
GroupKind = Literal["verbatim", "reworded", "paraphrase", "repeated", "unique"]
"""A group's passages are the same words everywhere; an edited copy somewhere; the same fact in other words
somewhere; one passage that its source tells again, which other sources report (in group ``repeats``); or
one passage that nothing else says in any form."""
FoundBy = Literal["exact", "edited", "meaning"]
_FOUND_BY: dict[str, FoundBy] = {"identical": "exact", "reworded": "edited", "paraphrase": "meaning"}

DEFAULT_THRESHOLD = 0.5
"""Two passages are rewordings of each other when at least half their words (by length) line up."""


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
            name: as_flag(norm.get(name), getattr(defaults.normalization, name))
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


class Discrepancy(NamedTuple):
    """A detail that differs between a member and its comparand: a number, date, amount, name or quoted
    words. Offsets are into each one's source text (a: the comparand, b: the member)."""

    kind: Literal["number", "date", "name", "quote"]
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_text: str
    b_text: str

    def mirrored(self) -> Discrepancy:
        """The same detail seen from the other passage (b the comparand, a the member)."""
        return Discrepancy(
            self.kind, self.b_start, self.b_end, self.a_start, self.a_end, self.b_text, self.a_text
        )


class Fragment(NamedTuple):
    """A run of words (at least ``fragments.MIN_WORDS``) copied word for word between passages of two
    sources that otherwise differ. Offsets are into each source's text; ``groups`` are the passages' groups."""

    source_a: int
    a_start: int
    a_end: int
    source_b: int
    b_start: int
    b_end: int
    words: int
    group_a: int
    group_b: int


class Link(NamedTuple):
    """A link between passages of two sources beside the groups. A group holds one passage per source, so
    a sentence that reports two facts joins the group of one of them; its tie to the passage of another
    source that reports the other fact is a link. Offsets are into each source's text; ``group_a`` and
    ``group_b`` are the passages' groups."""

    source_a: int
    a_start: int
    a_end: int
    group_a: int
    source_b: int
    b_start: int
    b_end: int
    group_b: int
    classification: Classification  # identical, reworded or paraphrase (found by meaning)
    similarity: float  # of the words
    confidence: float  # how sure the link is, 0..1


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
    confidence: float = 0.0  # how sure the link to the comparand is, 0..1 (1 for the same words)
    discrepancies: tuple[Discrepancy, ...] = ()  # details that differ from the comparand's
    doubt: str = ""  # what its claim says differently: "differs: Friday / Wednesday" (its own first)

    @property
    def found_by(self) -> FoundBy | None:
        """How the link to the comparand was found; None for a passage no other source has."""
        return _FOUND_BY.get(self.classification)

    @property
    def possible(self) -> bool:
        """Is it only possibly the same as its comparand? A link by meaning whose calibrated confidence is
        below ``calibration.POSSIBLE_BELOW``: shown quieter, and left out of the shares, of who had it
        first and of the differing details."""
        return is_possible(self.classification, self.confidence)


@dataclass(frozen=True, slots=True)
class Group:
    id: int
    kind: GroupKind
    members: tuple[Member, ...]  # in source order
    reference: int  # source index of the reference wording
    repeats: int | None = None  # for a "repeated" group: the group where other sources report it

    def member(self, source: int) -> Member | None:
        for member in self.members:
            if member.source == source:
                return member
        return None

    @property
    def sources(self) -> frozenset[int]:
        return frozenset(member.source for member in self.members)


class SourceStats(NamedTuple):
    """One source's row in every summary (window, exports, ``reader align``)."""

    passages: int
    coverage: float  # how much of it the others share, 0..1
    additions: int  # its passages no other source has


@dataclass(frozen=True)
class Alignment:
    sources: tuple[Source, ...]
    passages: tuple[tuple[Passage, ...], ...]
    groups: tuple[Group, ...]
    options: AlignOptions
    fragments: tuple[Fragment, ...] = ()  # runs of words copied between passages that otherwise differ
    links: tuple[Link, ...] = ()  # ties between passages of different groups (a sentence of two facts)
    judged: Judged | None = None  # the user's verdicts on links, applied (``with_verdicts``)

    def with_verdicts(self, verdicts: Sequence[PlacedVerdict]) -> Alignment:
        """This alignment with the links the user rejected taken apart and those confirmed made sure
        (``reader.core.verdicts.apply_verdicts``): applied to the alignment before any verdicts."""
        from reader.core.verdicts import apply_verdicts

        return apply_verdicts(self, verdicts)

    def with_sources(self, sources: tuple[Source, ...]) -> Alignment:
        """This alignment with other titles, outlets or dates for its sources (the same texts): what was
        worked out from the texts is kept, who-had-it-first is worked out again."""
        if [s.text for s in sources] != [s.text for s in self.sources]:
            raise ValueError("with_sources changes the metadata of the sources, not their texts")
        changed = replace(self, sources=sources)
        if self.judged is not None:  # the alignment before verdicts shows the same sources
            changed = replace(
                changed, judged=replace(self.judged, base=self.judged.base.with_sources(sources))
            )
        for name in ("by_source", "_starts", "group_by_id", "shares", "_relations", "_moved_pairs"):
            if name in self.__dict__:  # cached_property keeps its value in the instance's __dict__
                changed.__dict__[name] = self.__dict__[name]
        return changed

    @cached_property
    def labels(self) -> tuple[str, ...]:
        """Each source's short, unique name (``reader.core.labels``): worked out once per alignment, since
        exports and panels name a source for every passage. Not kept by ``with_sources``: the names may
        change."""
        from reader.core.labels import source_labels

        return tuple(source_labels(self.sources))

    @cached_property
    def by_source(self) -> tuple[tuple[tuple[Member, Group], ...], ...]:
        """For each source, its members with their groups, in text order."""
        rows: list[list[tuple[Member, Group]]] = [[] for _ in self.sources]
        for group in self.groups:
            for member in group.members:
                rows[member.source].append((member, group))
        return tuple(tuple(sorted(row, key=lambda pair: pair[0].start)) for row in rows)

    def links_from(self, member: Member) -> list[tuple[Link, int, int, int]]:
        """The links beside the groups from ``member``'s passages: each with the other end (source, start,
        end)."""
        found = []
        for index in member.passages:
            start = self.passages[member.source][index].start
            for link in self._links_at.get((member.source, start), ()):
                if link.source_a == member.source and link.a_start == start:
                    found.append((link, link.source_b, link.b_start, link.b_end))
                else:
                    found.append((link, link.source_a, link.a_start, link.a_end))
        return found

    @cached_property
    def _links_at(self) -> dict[tuple[int, int], list[Link]]:
        at: dict[tuple[int, int], list[Link]] = defaultdict(list)
        for link in self.links:
            at[(link.source_a, link.a_start)].append(link)
            at[(link.source_b, link.b_start)].append(link)
        return at

    def links_of(self, group_id: int) -> list[Link]:
        """The links beside the groups that tie a passage of this group to one of another group."""
        return [link for link in self.links if group_id in (link.group_a, link.group_b)]

    def member_text(self, member: Member) -> str:
        return self.sources[member.source].text[member.start : member.end]

    def additions(self, source: int) -> list[Member]:
        return [m for m, g in self.by_source[source] if g.kind == "unique"]

    def stats(self, source: int) -> SourceStats:
        return SourceStats(len(self.passages[source]), self.coverage(source), len(self.additions(source)))

    def kind_counts(self) -> dict[GroupKind, int]:
        """How many groups of each kind: shared verbatim, reworded, found in one source only."""
        counts: dict[GroupKind, int] = dict.fromkeys(get_args(GroupKind), 0)
        for group in self.groups:
            counts[group.kind] += 1
        return counts

    def coverage(self, source: int) -> float:
        """How much of this source other sources report too, in any form (verbatim, edited, in other
        words): the share of its passage text in groups with other sources."""
        total = shared = 0.0
        for member, group in self.by_source[source]:
            length = member.end - member.start
            total += length
            if group.kind != "unique":
                shared += length
        return shared / total if total else 0.0

    def fragments_of(self, source: int) -> list[Fragment]:
        """The copied fragments with one end in ``source``."""
        return [f for f in self.fragments if source in (f.source_a, f.source_b)]

    def copied_in(self, member: Member) -> list[tuple[int, int, int, Fragment]]:
        """The copied fragments inside ``member``: their span in its source, the other source, the fragment."""
        found = []
        for f in self.fragments_of(member.source):
            if f.source_a == member.source:
                start, end, other = f.a_start, f.a_end, f.source_b
            else:
                start, end, other = f.b_start, f.b_end, f.source_a
            if member.start <= start < member.end:
                found.append((start, end, other, f))
        return found

    def discrepancy_counts(self) -> dict[tuple[int, int], int]:
        """For each pair of sources (i < j), how many details differ between their linked passages."""
        counts: dict[tuple[int, int], int] = defaultdict(int)
        for group in self.groups:
            for member in group.members:
                if (
                    member.discrepancies
                    and member.compared_with is not None
                    and member.source != group.reference
                ):
                    pair = (
                        min(member.source, member.compared_with),
                        max(member.source, member.compared_with),
                    )
                    counts[pair] += len(member.discrepancies)
        return dict(counts)

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
    def provenance(self) -> Provenance:
        """Who had it first: dates, credits, who copies whom (``reader.core.provenance``)."""
        from reader.core.provenance import provenance  # it reads these records: imported when first asked

        return provenance(self)

    @cached_property
    def group_by_id(self) -> dict[int, Group]:
        return {group.id: group for group in self.groups}

    @cached_property
    def shares(self) -> dict[tuple[int, int], float]:
        """For each pair of sources (i < j): the share of their passage text they have in common, where
        a reworded passage counts by its word similarity and a passage possibly the same does not count."""
        totals = [sum(p.end - p.start for p in passages) for passages in self.passages]
        common: dict[tuple[int, int], float] = defaultdict(float)
        norm = self.options.normalization
        cache = self._relations  # the pairs' similarities: relation() asks for the same ones
        for group in self.groups:
            members = sure_members(group)
            for x, first in enumerate(members):
                for second in members[x + 1 :]:
                    weight = (first.end - first.start) + (second.end - second.start)
                    common[(first.source, second.source)] += weight * self._pair_similarity(
                        group, first, second, norm, cache
                    )
        # A link beside the groups adds the passages the groups did not already count for the pair: those
        # whose own group has no passage of the other source, each once.
        counted: set[tuple[int, int, int]] = set()
        for link in self.links:
            weight = 0
            for source, start, end, other in (
                (link.source_a, link.a_start, link.a_end, link.source_b),
                (link.source_b, link.b_start, link.b_end, link.source_a),
            ):
                home = self.member_at(source, start)
                if (home is None or home[1].member(other) is None) and (source, other, start) not in counted:
                    counted.add((source, other, start))
                    weight += end - start
            pair = (min(link.source_a, link.source_b), max(link.source_a, link.source_b))
            common[pair] += weight * link.similarity
        n = len(self.sources)
        return {
            (i, j): (common[(i, j)] / (totals[i] + totals[j]) if totals[i] + totals[j] else 0.0)
            for i in range(n)
            for j in range(i + 1, n)
        }

    def relation(self, group: Group, first: Member, second: Member) -> Classification:
        """How two members of one group relate to each other (not only to the reference): the same words,
        an edited copy, or the same fact in other words."""
        if first.source == group.reference:
            return second.classification
        if second.source == group.reference:
            return first.classification
        if first.classification == second.classification == "identical":
            return "identical"
        similarity = self._pair_similarity(group, first, second, self.options.normalization, self._relations)
        if similarity >= 0.999:
            return "identical"
        return "reworded" if similarity >= self.options.threshold else "paraphrase"

    @cached_property
    def _relations(self) -> dict[tuple[str, str], float]:
        return {}

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
            cache[key] = out_of_order(self.groups, *key)
        return cache[key]


def sure_members(group: Group) -> tuple[Member, ...]:
    """The members of ``group`` that are surely in it: all but those possibly the same as their comparand
    (the reference, compared with one of them, stays when another member is surely the same as it)."""
    if not any(member.possible for member in group.members):
        return group.members
    others_sure = any(not m.possible for m in group.members if m.source != group.reference)
    return tuple(m for m in group.members if not m.possible or (m.source == group.reference and others_sure))


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
