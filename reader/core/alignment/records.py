"""The records an alignment is made of: options, members, groups, the alignment itself, and the user's
verdicts on its links (``Judged``: an alignment holds its verdicts, which hold the alignment before them).

Frozen and Qt-free; the algorithm that makes them is in ``reader.core.alignment.align`` (with ``candidates`` and
``grouping``), and everything else (the window, the exports, the command line) only reads them. This module
imports none of the queries over them (``provenance``, ``relations``, ``shared_text``, ``verdicts``): those
import it, and keep their answers in the alignment's ``memo`` (``reader.core.alignment.memo``).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Literal, NamedTuple, get_args

from reader.core.alignment.memo import Memo, query
from reader.core.checks.calibration import is_possible
from reader.core.checks.discrepancy import Discrepancy
from reader.core.reading.labels import source_labels
from reader.core.reading.sources import Source
from reader.core.text.diffing import Edit
from reader.core.text.normalize import Normalization
from reader.core.text.segment import Granularity, Passage
from reader.core.text.spans import as_flag

if TYPE_CHECKING:  # anchoring loads diff-match-patch: only placing a verdict needs it
    from reader.core.anchoring.anchor import Selector

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


def _source_of(member: Member) -> int:
    return member.source


@dataclass(frozen=True, slots=True)
class Group:
    id: int
    kind: GroupKind
    members: tuple[Member, ...]  # in source order
    reference: int  # source index of the reference wording
    repeats: int | None = None  # for a "repeated" group: the group where other sources report it

    def member(self, source: int) -> Member | None:
        # The members are in source order: found by halving (a story's group can hold hundreds).
        members = self.members
        at = bisect.bisect_left(members, source, key=_source_of)
        return members[at] if at < len(members) and members[at].source == source else None

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
    """The alignment of some sources: a record. What is worked out from it (who had it first, the shares,
    how two members relate) are queries over it in their own modules (``reader.core.provenance.who_first``,
    ``reader.core.alignment.relations``), each answered once and kept in ``memo``."""

    sources: tuple[Source, ...]
    passages: tuple[tuple[Passage, ...], ...]
    groups: tuple[Group, ...]
    options: AlignOptions
    fragments: tuple[Fragment, ...] = ()  # runs of words copied between passages that otherwise differ
    links: tuple[Link, ...] = ()  # ties between passages of different groups (a sentence of two facts)
    judged: Judged | None = None  # the user's verdicts on links, applied (``verdicts.apply_verdicts``)
    memo: Memo = field(default_factory=Memo, init=False, compare=False, repr=False)

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
        changed.memo.keep_texts_only(self.memo)
        return changed

    @property
    def labels(self) -> tuple[str, ...]:
        """Each source's short, unique name (``reader.core.reading.labels``): worked out once per alignment, since
        exports and panels name a source for every passage. Not kept by ``with_sources``: the names may
        change."""
        return _labels(self)

    @property
    def by_source(self) -> tuple[tuple[tuple[Member, Group], ...], ...]:
        """For each source, its members with their groups, in text order."""
        return _by_source(self)

    @property
    def group_by_id(self) -> dict[int, Group]:
        return _group_by_id(self)

    def links_from(self, member: Member) -> list[tuple[Link, int, int, int]]:
        """The links beside the groups from ``member``'s passages: each with the other end (source, start,
        end)."""
        found = []
        for index in member.passages:
            start = self.passages[member.source][index].start
            for link in _links_at(self).get((member.source, start), ()):
                if link.source_a == member.source and link.a_start == start:
                    found.append((link, link.source_b, link.b_start, link.b_end))
                else:
                    found.append((link, link.source_a, link.a_start, link.a_end))
        return found

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
        index = bisect.bisect_right(_starts(self)[source], offset) - 1
        if 0 <= index < len(row) and row[index][0].start <= offset <= row[index][0].end:
            return row[index]
        return None

    def row_index(self, source: int, offset: int) -> int:
        """Index in ``by_source[source]`` of the last member starting at or before ``offset`` (-1: none)."""
        return bisect.bisect_right(_starts(self)[source], offset) - 1

    def members_between(self, source: int, first: int, last: int) -> list[tuple[Member, Group]]:
        """The members of ``source`` that overlap the offsets [first, last], in text order."""
        row = self.by_source[source]
        index = max(0, bisect.bisect_right(_starts(self)[source], first) - 1)
        found = []
        while index < len(row) and row[index][0].start <= last:
            if row[index][0].end >= first:
                found.append(row[index])
            index += 1
        return found


Verdict = Literal["confirmed", "rejected"]
VERDICTS: tuple[Verdict, ...] = ("confirmed", "rejected")


class Span(NamedTuple):
    """Characters [start, end) of the source at ``source`` (its index in an alignment)."""

    source: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class LinkEnd:
    """One end of a judged link as stored: the source's library id, where its words were and what they
    were (selectors), and the sha256 of the text they were selected in."""

    source_id: int
    selector: Selector
    sha256: str


@dataclass(frozen=True, slots=True)
class LinkVerdict:
    """What the user said about the link between two passages, with when, and a note if any."""

    id: int
    a: LinkEnd
    b: LinkEnd
    verdict: Verdict
    decided_at: datetime
    note: str = ""


@dataclass(frozen=True, slots=True)
class PlacedVerdict:
    """A verdict with its ends placed on the texts of one comparison; an end is None when its source is
    not in the comparison or its words are no longer found there."""

    verdict: LinkVerdict
    a: Span | None
    b: Span | None

    @property
    def placed(self) -> bool:
        return self.a is not None and self.b is not None


class JudgedLink(NamedTuple):
    """A link of the alignment before verdicts that a verdict names: its two members' spans."""

    verdict: PlacedVerdict
    first: Span
    second: Span


@dataclass(frozen=True)
class Judged:
    """The verdicts applied to an alignment (``Alignment.judged``, made by ``verdicts.apply_verdicts``): the
    alignment before them, the links they confirmed and rejected, and the verdicts that name no link of it,
    kept and listed: those whose words are no longer found (``lost``), and those whose passages are found
    but not linked (``unlinked``)."""

    base: Alignment
    verdicts: tuple[PlacedVerdict, ...] = ()
    confirmed: tuple[JudgedLink, ...] = ()
    rejected: tuple[JudgedLink, ...] = ()
    lost: tuple[PlacedVerdict, ...] = ()
    unlinked: tuple[PlacedVerdict, ...] = ()
    _by_pair: dict[frozenset[tuple[int, int]], JudgedLink] = field(default_factory=dict, repr=False)

    def link(self, first: Span, second: Span) -> JudgedLink | None:
        """The verdict on the link between the members at these spans (either order), if any."""
        return self._by_pair.get(frozenset({first[:2], second[:2]}))

    def verdict_of(self, first: Span, second: Span) -> Verdict | None:
        found = self.link(first, second)
        return found.verdict.verdict.verdict if found is not None else None

    def rejected_at(self, source: int, start: int) -> list[JudgedLink]:
        """The rejected links with an end at the member of ``source`` starting at ``start``."""
        return [
            link
            for link in self.rejected
            if (source, start)
            in ((link.first.source, link.first.start), (link.second.source, link.second.start))
        ]


@query(texts_only=False)
def _labels(alignment: Alignment) -> tuple[str, ...]:
    return tuple(source_labels(alignment.sources))


@query(texts_only=True)
def _by_source(alignment: Alignment) -> tuple[tuple[tuple[Member, Group], ...], ...]:
    rows: list[list[tuple[Member, Group]]] = [[] for _ in alignment.sources]
    for group in alignment.groups:
        for member in group.members:
            rows[member.source].append((member, group))
    return tuple(tuple(sorted(row, key=lambda pair: pair[0].start)) for row in rows)


@query(texts_only=True)
def _starts(alignment: Alignment) -> tuple[list[int], ...]:
    return tuple([member.start for member, _ in row] for row in alignment.by_source)


@query(texts_only=True)
def _group_by_id(alignment: Alignment) -> dict[int, Group]:
    return {group.id: group for group in alignment.groups}


@query(texts_only=False)
def _links_at(alignment: Alignment) -> dict[tuple[int, int], list[Link]]:
    at: dict[tuple[int, int], list[Link]] = defaultdict(list)
    for link in alignment.links:
        at[(link.source_a, link.a_start)].append(link)
        at[(link.source_b, link.b_start)].append(link)
    return at


def sure_members(group: Group) -> tuple[Member, ...]:
    """The members of ``group`` that are surely in it: all but those possibly the same as their comparand
    (the reference, compared with one of them, stays when another member is surely the same as it)."""
    if not any(member.possible for member in group.members):
        return group.members
    others_sure = any(not m.possible for m in group.members if m.source != group.reference)
    return tuple(m for m in group.members if not m.possible or (m.source == group.reference and others_sure))
