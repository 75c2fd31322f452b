"""Who had it first: the earliest source of every passage, and who copies whom.

Direction comes from two kinds of evidence, and is claimed only when they allow it:

- publication dates (``reader.core.dates``): a source published before another, where the dates can tell;
- credits (``reader.core.attribution``): a source that credits another's outlet came after it.

When the dates are missing or cannot tell the two apart, and no credit says, the pair is reported as sharing
text in an unknown direction; when the dates and a credit disagree, that is said too. Copied text is what a
later source carries verbatim, as an edited copy, or as a fragment of 8+ words: the same fact in other words
is reporting, not copying, and is not counted.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal, NamedTuple

from reader.core.alignment import Alignment, Classification, Group, Member
from reader.core.attribution import Credit, find_credits
from reader.core.dates import Published, describe_gap

Evidence = Literal["dates", "credit", "dates and credit", "unknown"]
CopyKind = Literal["verbatim", "edited", "fragment"]
_COPY: dict[Classification, CopyKind] = {"identical": "verbatim", "reworded": "edited"}


class CopiedPassage(NamedTuple):
    """Text of ``source`` it shares with the other source of a pair: its span, how, whether the passage
    (or the line that introduces it, "As WIRED reported, the exchange went like this:") credits it, and
    the span of its counterpart in the other source."""

    source: int
    start: int
    end: int
    kind: CopyKind
    group: int
    credited: bool
    other_start: int
    other_end: int


@dataclass(frozen=True)
class Copying:
    """Text two sources share, seen from ``copier``: how much of its passage text it shares with ``origin``
    (characters, by kind). When ``evidence`` is "unknown" the direction is not known: ``copier`` is then only
    the one of the two whose text is more shared, and ``reason`` says why the order is not known."""

    copier: int
    origin: int
    evidence: Evidence
    verbatim: int
    edited: int
    fragments: int
    total: int  # the copier's passage text
    passages: tuple[CopiedPassage, ...]
    credits: int  # how often the copier credits the origin's outlet, anywhere in its text
    gap: timedelta | None = None  # how much later the copier was published, when both dates are known
    reason: str = ""  # why the direction is unknown, or what contradicts it
    reverse_share: float = 0.0  # the share of the origin's text it shares with the copier

    @property
    def copied(self) -> int:
        return self.verbatim + self.edited + self.fragments

    @property
    def share(self) -> float:
        return self.copied / self.total if self.total else 0.0

    @property
    def credited(self) -> int:
        """Characters of the copied text credited where they are."""
        return sum(p.end - p.start for p in self.passages if p.credited)

    @property
    def known(self) -> bool:
        return self.evidence != "unknown"


class Origin(NamedTuple):
    """Where a group's passage appeared first. ``first`` is the source known to be earlier than the most
    other members; ``known`` says it is known to be earlier than all of them, else ``unsure`` lists those
    that could be earlier still (no date, the same day, no credit). ``wordings``: every other member's
    relation to the first one's words. ``first`` is None when no order at all is known."""

    group: int
    first: int | None
    known: bool
    wordings: tuple[tuple[int, Classification], ...]
    unsure: tuple[int, ...] = ()
    later_wordings: tuple[tuple[int, ...], ...] = ()  # later sources that share one wording the first lacks


@dataclass(frozen=True)
class Provenance:
    published: tuple[Published | None, ...]
    credits: tuple[Credit, ...]
    copying: tuple[Copying, ...]  # by share, largest first
    origins: Mapping[int, Origin]  # by group id, for groups more than one source carries

    def between(self, a: int, b: int) -> Copying | None:
        for copy in self.copying:
            if {copy.copier, copy.origin} == {a, b}:
                return copy
        return None

    def credits_of(self, source: int) -> list[Credit]:
        return [credit for credit in self.credits if credit.source == source]


def provenance(alignment: Alignment) -> Provenance:
    """Dates, credits, per-pair copying and per-group origins of an alignment's sources."""
    sources = alignment.sources
    published = tuple(source.published for source in sources)
    credits = tuple(find_credits(sources))
    totals = [sum(p.end - p.start for p in passages) for passages in alignment.passages]
    shared = _shared_text(alignment)
    copying: list[Copying] = []
    n = len(sources)
    crediting = {(c.source, c.credited) for c in credits if c.credited is not None}
    judged = {(a, b): _direction(a, b, published, crediting) for a in range(n) for b in range(a + 1, n)}
    directions = {pair: order for pair, (_evidence, order, _reason) in judged.items()}  # (origin, copier)
    for (a, b), kinds in sorted(shared.items()):
        evidence, order, reason = judged[(a, b)]
        if order is None:  # unknown: seen from the one whose text is more shared
            share_a = _length(kinds[a]) / max(1, totals[a])
            share_b = _length(kinds[b]) / max(1, totals[b])
            origin, copier = (a, b) if share_b >= share_a else (b, a)
        else:
            origin, copier = order
        copying.append(
            _copying(alignment, copier, origin, kinds, totals, credits, published, evidence, reason)
        )
    copying.sort(key=lambda copy: (-copy.share, copy.copier, copy.origin))
    return Provenance(published, credits, tuple(copying), _Origins(alignment, directions))


class _Origins(Mapping[int, Origin]):
    """The origin of each group more than one source carries, found when first asked: the window asks for
    the selected group's, and the text summary for none (on two 1 MB versions, 10,000 groups' origins
    were half of what the summary took)."""

    def __init__(
        self, alignment: Alignment, directions: dict[tuple[int, int], tuple[int, int] | None]
    ) -> None:
        # A weak reference: the alignment keeps its provenance, which keeps this; a strong one would make
        # a cycle that only the cyclic garbage collector could free.
        self._alignment = weakref.ref(alignment)
        self._directions = directions
        self._found: dict[int, Origin] = {}

    def _of(self) -> Alignment:
        alignment = self._alignment()
        if alignment is None:
            raise ReferenceError("the alignment these origins belong to is gone")
        return alignment

    def __getitem__(self, group_id: int) -> Origin:
        origin = self._found.get(group_id)
        if origin is None:
            alignment = self._of()
            group = alignment.group_by_id.get(group_id)
            if group is None or len(group.members) < 2:
                raise KeyError(group_id)
            origin = self._found[group_id] = _origin(alignment, group, self._directions)
        return origin

    def __iter__(self) -> Iterator[int]:
        return (group.id for group in self._of().groups if len(group.members) > 1)

    def __len__(self) -> int:
        return sum(1 for _ in self)


# -- what two sources share ------------------------------------------------------------------------------

_Spans = list[tuple[int, int, CopyKind, int, int, int]]  # start, end, kind, group, the other's start, end


def _shared_text(alignment: Alignment) -> dict[tuple[int, int], dict[int, _Spans]]:
    """For each pair of sources (a < b) that share copied text: each one's spans of it."""
    shared: dict[tuple[int, int], dict[int, _Spans]] = defaultdict(lambda: defaultdict(list))
    for group in alignment.groups:
        members = group.members
        for x, first in enumerate(members):
            for second in members[x + 1 :]:
                kind = _COPY.get(alignment.relation(group, first, second))
                if kind is None:
                    continue
                pair = shared[(min(first.source, second.source), max(first.source, second.source))]
                pair[first.source].append((first.start, first.end, kind, group.id, second.start, second.end))
                pair[second.source].append((second.start, second.end, kind, group.id, first.start, first.end))
    for link in alignment.links:  # a sentence of two facts, its words taken for the second one too
        link_kind = _COPY.get(link.classification)
        if link_kind is not None:
            a, b = link.source_a, link.source_b
            pair = shared[(min(a, b), max(a, b))]
            pair[a].append((link.a_start, link.a_end, link_kind, link.group_a, link.b_start, link.b_end))
            pair[b].append((link.b_start, link.b_end, link_kind, link.group_b, link.a_start, link.a_end))
    for f in alignment.fragments:
        a, b = f.source_a, f.source_b
        pair = shared[(min(a, b), max(a, b))]
        pair[a].append((f.a_start, f.a_end, "fragment", f.group_a, f.b_start, f.b_end))
        pair[b].append((f.b_start, f.b_end, "fragment", f.group_b, f.a_start, f.a_end))
    return {key: {source: _merged(spans) for source, spans in value.items()} for key, value in shared.items()}


def _merged(spans: _Spans) -> _Spans:
    """Overlapping spans counted once: a fragment inside a passage already copied adds nothing."""
    rank = {"verbatim": 0, "edited": 1, "fragment": 2}
    merged: _Spans = []
    for span in sorted(spans, key=lambda s: (s[0], rank[s[2]])):
        start, end, kind = span[0], span[1], span[2]
        if merged and start < merged[-1][1]:
            last = merged[-1]
            if end > last[1] and kind != "fragment":
                merged[-1] = (last[0], end, *last[2:])
            elif end > last[1]:
                merged.append((last[1], *span[1:]))
            continue
        merged.append(span)
    return merged


def _length(spans: _Spans) -> int:
    return sum(span[1] - span[0] for span in spans)


# -- direction ---------------------------------------------------------------------------------------------


def _direction(
    a: int, b: int, published: Sequence[Published | None], crediting: set[tuple[int, int]]
) -> tuple[Evidence, tuple[int, int] | None, str]:
    """How the order of a and b is known, the order as (origin, copier), and why it is unknown.
    ``crediting``: the (crediting source, credited source) pairs."""
    a_credits_b, b_credits_a = (a, b) in crediting, (b, a) in crediting
    by_credit: tuple[int, int] | None = None
    if a_credits_b != b_credits_a:
        by_credit = (b, a) if a_credits_b else (a, b)
    by_date: tuple[int, int] | None = None
    date_a, date_b = published[a], published[b]
    if date_a is not None and date_b is not None:
        order = date_a.order(date_b)
        if order != "unknown":
            by_date = (a, b) if order == "before" else (b, a)
    if by_date and by_credit and by_date != by_credit:
        return "unknown", None, f"the dates put s{by_date[0] + 1} first, but s{by_credit[1] + 1} credits it"
    if by_date and by_credit:
        return "dates and credit", by_date, ""
    if by_date:
        return "dates", by_date, ""
    if by_credit:
        return "credit", by_credit, ""
    if a_credits_b and b_credits_a:
        return "unknown", None, "each credits the other"
    missing = [f"s{i + 1}" for i in (a, b) if published[i] is None]
    if missing:
        return (
            "unknown",
            None,
            " and ".join(missing) + (" has" if len(missing) == 1 else " have") + " no date",
        )
    return "unknown", None, "the dates cannot tell which came first"


def _copying(
    alignment: Alignment,
    copier: int,
    origin: int,
    kinds: dict[int, _Spans],
    totals: Sequence[int],
    credits: Sequence[Credit],
    published: Sequence[Published | None],
    evidence: Evidence,
    reason: str,
) -> Copying:
    spans = kinds.get(copier, [])
    by_kind = {"verbatim": 0, "edited": 0, "fragment": 0}
    for span in spans:
        by_kind[span[2]] += span[1] - span[0]
    own = [c for c in credits if c.source == copier and c.credited == origin]
    credited = _credited_spans(alignment, copier, spans, own)
    passages = tuple(
        CopiedPassage(copier, start, end, kind, group, (start, end) in credited, other_start, other_end)
        for start, end, kind, group, other_start, other_end in spans
    )
    gap = None
    date_copier, date_origin = published[copier], published[origin]
    if evidence != "unknown" and date_copier is not None and date_origin is not None:
        gap = date_origin.difference(date_copier)
    reverse = _length(kinds.get(origin, [])) / totals[origin] if totals[origin] else 0.0
    return Copying(
        copier,
        origin,
        evidence,
        by_kind["verbatim"],
        by_kind["edited"],
        by_kind["fragment"],
        totals[copier],
        passages,
        len(own),
        gap,
        reason,
        reverse,
    )


def _credited_spans(
    alignment: Alignment, copier: int, spans: _Spans, own: Sequence[Credit]
) -> set[tuple[int, int]]:
    """The spans a credit covers: the passage the credit is in, and the run of copied passages that follows a
    passage ending in a colon that credits ("As WIRED reported, the exchange went like this:")."""
    if not own:
        return set()
    text = alignment.sources[copier].text
    copied = {(span[0], span[1]) for span in spans}
    covered: set[tuple[int, int]] = set()
    introducing = False
    for member, _group in alignment.by_source[copier]:
        here = [c for c in own if member.start <= c.start < member.end]
        inside = [(s, e) for s, e in copied if member.start <= s < member.end]
        if here or (introducing and inside):
            covered.update(inside)
        elif not inside:
            introducing = False
        if here and text[member.start : member.end].rstrip().endswith(":"):
            introducing = True
    return covered


# -- where each passage appeared first ------------------------------------------------------------------


def _origin(
    alignment: Alignment, group: Group, directions: dict[tuple[int, int], tuple[int, int] | None]
) -> Origin:
    members = group.members

    def after(x: Member, y: Member) -> bool:  # x is known to come after y
        order = directions.get((min(x.source, y.source), max(x.source, y.source)))
        return order is not None and order == (y.source, x.source)

    def later_ones(x: Member) -> int:
        return sum(after(y, x) for y in members if y is not x)

    candidates = [m for m in members if not any(after(m, y) for y in members if y is not m)]
    best = max(candidates, key=later_ones, default=None)
    if best is None or not later_ones(best):
        return Origin(group.id, None, False, ())
    wordings = tuple((m.source, alignment.relation(group, best, m)) for m in members if m is not best)
    unsure = tuple(m.source for m in members if m is not best and not after(m, best))
    return Origin(
        group.id, best.source, not unsure, wordings, unsure, _later_wordings(alignment, group, best)
    )


def _later_wordings(alignment: Alignment, group: Group, first: Member) -> tuple[tuple[int, ...], ...]:
    """Sources that carry, word for word among themselves, a wording that differs from the first's: a later
    edit others copied ("s4 and s5 carry the same later wording")."""
    changed = [
        m for m in group.members if m is not first and alignment.relation(group, first, m) != "identical"
    ]
    clusters: list[list[Member]] = []
    for member in changed:
        for cluster in clusters:
            if alignment.relation(group, cluster[0], member) == "identical":
                cluster.append(member)
                break
        else:
            clusters.append([member])
    return tuple(tuple(m.source for m in cluster) for cluster in clusters if len(cluster) > 1)


def origin_sentence(origin: Origin, names: Sequence[str], published: Sequence[Published | None]) -> str:
    """ "First in s1 (Apr 30, 2026 1:41 PM); s5 has it word for word, s3 edited." and the like."""
    if origin.first is None:
        return "Which source had it first is not known: the dates and credits cannot tell."
    first = origin.first
    date = published[first]
    head = (
        ("First in " if origin.known else "First known in ")
        + names[first]
        + (f" ({date.shown})" if date else "")
    )
    parts = []
    for label, relation in (
        ("word for word", "identical"),
        ("edited", "reworded"),
        ("in other words", "paraphrase"),
    ):
        holders = [names[s] for s, r in origin.wordings if r == relation and s not in origin.unsure]
        if holders:
            parts.append(f"{', '.join(holders)} {label}")
    sentence = head + ("; later " + ", ".join(parts) if parts else "")
    for cluster in origin.later_wordings:
        sentence += f"; {' and '.join(names[s] for s in cluster)} carry the same later wording"
    if origin.unsure:
        listed = ", ".join(names[s] for s in origin.unsure)
        undated = all(published[s] is None for s in origin.unsure)
        sentence += f"; {listed} could be earlier" + (" (no date)" if undated else "")
    return sentence + "."


def copying_sentence(copy: Copying, names: Sequence[str], short: Sequence[str] | None = None) -> str:
    """ "s5 takes 21% of its text from s1 (WIRED); 51% of it is credited where it appears. Direction: its
    credits." and the like. ``short`` names the sources inside the sentence (default: ``names``)."""
    short = short or names
    copier, origin = names[copy.copier], names[copy.origin]
    share = f"{copy.share:.0%}"
    if not copy.known:
        return (
            f"{copier} and {origin} share text ({share} of {short[copy.copier]}'s, "
            f"{copy.reverse_share:.0%} of {short[copy.origin]}'s); which came first is unknown: {copy.reason}."
        )
    when = ""
    if copy.gap is not None and copy.gap > timedelta(0):
        when = f", published {describe_gap(copy.gap)} earlier"
    if not copy.credits:
        credit = f"it never credits {short[copy.origin]}"
    elif not copy.credited:
        credit = f"it credits {short[copy.origin]}, but not where the copied text appears"
    else:
        credit = f"{copy.credited / copy.copied:.0%} of it is credited where it appears"
    how = {
        "dates": "the dates",
        "credit": "its credits",
        "dates and credit": "the dates and its credits",
    }[copy.evidence]
    return f"{copier} takes {share} of its text from {origin}{when}; {credit}. Direction: {how}."
