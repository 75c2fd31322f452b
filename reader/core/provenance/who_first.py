"""Who had it first: the earliest source of every passage, and who copies whom.

Direction comes from two kinds of evidence, and is claimed only when they allow it:

- publication dates (``reader.core.text.dates``): a source published before another, where the dates can tell;
- credits (``reader.core.provenance.attribution``): a source that credits another's outlet came after it.

When the dates are missing or cannot tell the two apart, and no credit says, the pair is reported as sharing
text in an unknown direction; when the dates and a credit disagree, that is said too. Copied text is what a
later source carries verbatim, as an edited copy, or as a fragment of 8+ words: the same fact in other words
is reporting, not copying, and is not counted. Of an edited copy, only the words equal in its diff count.

Words that both sources quote from a third party (a speaker's words, a transcript, a statute: inside a
quotation in both texts, ``reader.core.checks.quotes``) are not copying either: they are reported apart, as "both
quote <speaker>" (``BothQuote``), unless a credit covers the passage ("As WIRED reported, the exchange went
like this:"), which makes the quotation taken from that source.
"""

from __future__ import annotations

import bisect
import weakref
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal, NamedTuple

from reader.core.alignment.memo import query
from reader.core.alignment.records import Alignment, Classification, Fragment, Group, Member, sure_members
from reader.core.alignment.relations import close_pairs, relation
from reader.core.provenance.attribution import Credit, find_credits
from reader.core.provenance.shared_text import CopyKind, Counted, CreditsBetween, count, shared_text
from reader.core.reading.labels import source_labels
from reader.core.text.dates import Published, describe_gap

Evidence = Literal["dates", "credit", "dates and credit", "unknown"]


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
    copied: int = 0  # characters of it counted as copied: the words taken, less any both quote
    quoted: int = 0  # characters of it both sources quote from a third party, not counted


class QuotedPassage(NamedTuple):
    """Words ``source`` and ``other`` both quote from a third party (a speaker, a document): the quoted
    words in each text, the group of this side's passage, and who is quoted (as this source names the
    speaker, else as the other does; None when neither says)."""

    source: int
    start: int
    end: int
    other: int
    other_start: int
    other_end: int
    group: int
    speaker: str | None


@dataclass(frozen=True)
class BothQuote:
    """What two sources share only because both quote the same words of a third party: shown apart from
    copying and not counted in it. ``characters``: the quoted characters in each one's text; ``passages``
    are seen from ``sources[0]``."""

    sources: tuple[int, int]
    characters: tuple[int, int]
    totals: tuple[int, int]  # each one's passage text
    passages: tuple[QuotedPassage, ...]

    @property
    def speakers(self) -> tuple[str, ...]:
        """The speakers named, in order of first appearance."""
        return tuple(dict.fromkeys(p.speaker for p in self.passages if p.speaker))

    def share(self, source: int) -> float:
        """The share of ``source``'s passage text that is quoted words the other quotes too."""
        side = self.sources.index(source)
        return self.characters[side] / self.totals[side] if self.totals[side] else 0.0


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
    quoted: int = 0  # characters of the copier's shared text both quote from a third party: not counted

    @property
    def copied(self) -> int:
        return self.verbatim + self.edited + self.fragments

    @property
    def share(self) -> float:
        return self.copied / self.total if self.total else 0.0

    @property
    def credited(self) -> int:
        """Characters of the copied text credited where they are."""
        return sum(p.copied for p in self.passages if p.credited)

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
    copying: tuple[Copying, ...]  # by share, largest first; pairs that share copied words only
    origins: Mapping[int, Origin]  # by group id, for groups more than one source carries
    both_quote: tuple[BothQuote, ...] = ()  # pairs that both quote a third party's words, by source
    quoted_by_source: Mapping[int, tuple[QuotedPassage, ...]] = field(default_factory=dict)  # by start

    def between(self, a: int, b: int) -> Copying | None:
        for copy in self.copying:
            if {copy.copier, copy.origin} == {a, b}:
                return copy
        return None

    def copied_share(self, source: int, other: int) -> float:
        """The one share Reader shows, in tables, graphs and sentences alike: of ``source``'s passage text,
        the part copied between it and ``other`` (verbatim, edited, or 8+ words in a row; words both quote
        from a third party do not count). For the copier, the share of its text it takes; for the origin,
        the share of its text taken. Not symmetric: the longer text has the smaller share."""
        copy = self.between(source, other)
        if copy is None:
            return 0.0
        return copy.share if copy.copier == source else copy.reverse_share

    def credits_of(self, source: int) -> list[Credit]:
        return [credit for credit in self.credits if credit.source == source]

    def quoted_between(self, a: int, b: int) -> BothQuote | None:
        for found in self.both_quote:
            if set(found.sources) == {a, b}:
                return found
        return None

    def quoted_in(self, source: int, start: int, end: int) -> list[QuotedPassage]:
        """The both-quoted words of ``source`` that start in [start, end), seen from it."""
        passages = self.quoted_by_source.get(source, ())
        index = bisect.bisect_left(passages, start, key=lambda p: p.start)
        found = []
        while index < len(passages) and passages[index].start < end:
            found.append(passages[index])
            index += 1
        return found

    def quoted_fragment(self, fragment: Fragment) -> tuple[str, ...] | None:
        """For a copied fragment whose words are mostly words both sources quote: the speakers named
        (maybe none); None for a fragment that is copying."""
        a, start, end = fragment.source_a, fragment.a_start, fragment.a_end
        passages = self.quoted_by_source.get(a, ())
        index = max(0, bisect.bisect_left(passages, start, key=lambda p: p.start) - 1)
        covered, speakers = 0, []
        while index < len(passages) and passages[index].start < end:
            p = passages[index]
            if p.other == fragment.source_b and p.end > start:
                covered += min(end, p.end) - max(start, p.start)
                speakers.append(p.speaker)
            index += 1
        if covered * 2 < end - start:
            return None
        return tuple(dict.fromkeys(s for s in speakers if s))


@query(texts_only=False)
def provenance(alignment: Alignment) -> Provenance:
    """Dates, credits, per-pair copying, both-quoted words and per-group origins of an alignment's
    sources: worked out once per alignment (a query, ``reader.core.alignment.memo``), again for new metadata."""
    sources = alignment.sources
    published = tuple(source.published for source in sources)
    credits = tuple(find_credits(sources))
    totals = [sum(p.end - p.start for p in passages) for passages in alignment.passages]
    partners = close_pairs(alignment)
    crediting = {(c.source, c.credited) for c in credits if c.credited is not None}
    if partners is not None:  # a source and one it credits are always compared
        extra = {source: set(found) for source, found in partners.items()}
        for a, b in crediting:
            if 0 <= b < len(sources):
                extra[a].add(b)
                extra[b].add(a)
        partners = {source: frozenset(found) for source, found in extra.items()}
    shared = shared_text(alignment, partners)
    between = CreditsBetween(credits)
    copying: list[Copying] = []
    quoted: list[BothQuote] = []
    sides: dict[tuple[int, int], tuple[Counted, Counted]] = {}
    directions = _Directions(published, crediting, source_labels(sources), partners)
    for (a, b), kinds in sorted(shared.items()):
        counted = {a: count(alignment, a, b, kinds, between), b: count(alignment, b, a, kinds, between)}
        both = _both_quote(a, b, counted, totals)
        if both is not None:
            quoted.append(both)
            sides[(a, b)] = (counted[a], counted[b])
        if not counted[a].copied and not counted[b].copied:
            continue  # all they share is words both quote
        evidence, order, reason = directions.judged(a, b)
        if order is None:  # unknown: seen from the one whose text is more shared
            share_a = counted[a].copied / max(1, totals[a])
            share_b = counted[b].copied / max(1, totals[b])
            origin, copier = (a, b) if share_b >= share_a else (b, a)
        else:
            origin, copier = order
        copying.append(_copying(copier, origin, counted, totals, between, published, evidence, reason))
    copying.sort(key=lambda copy: (-copy.share, copy.copier, copy.origin))
    by_source: dict[int, list[QuotedPassage]] = defaultdict(list)
    for found in quoted:
        a, b = found.sources
        by_source[a].extend(found.passages)
        by_source[b].extend(_quoted_passages(b, a, sides[found.sources][1]))
    return Provenance(
        published,
        credits,
        tuple(copying),
        _Origins(alignment, directions),
        tuple(quoted),
        {source: tuple(sorted(found, key=lambda p: p.start)) for source, found in by_source.items()},
    )


def _both_quote(a: int, b: int, counted: dict[int, Counted], totals: Sequence[int]) -> BothQuote | None:
    """What a and b both quote and no credit covers, seen from a; None when nothing."""
    if not counted[a].quoted and not counted[b].quoted:
        return None
    passages = _quoted_passages(a, b, counted[a])
    return BothQuote((a, b), (counted[a].quoted, counted[b].quoted), (totals[a], totals[b]), passages)


def _quoted_passages(side: int, other: int, counted: Counted) -> tuple[QuotedPassage, ...]:
    """The words ``side`` both quotes with ``other`` that no credit covers, seen from ``side``."""
    return tuple(
        QuotedPassage(
            side,
            r.start,
            r.end,
            other,
            r.other_start,
            r.other_end,
            e.span.group,
            r.speaker or r.other_speaker,
        )
        for e in counted.spans
        if e.quoted
        for r in e.span.quoted
    )


class _Directions:
    """Which of two sources came first (``_direction``), worked out when first asked; ``partners``: the
    sources each is compared with (``relations.close_pairs``), None for every other."""

    def __init__(
        self,
        published: Sequence[Published | None],
        crediting: set[tuple[int, int]],
        names: Sequence[str],
        partners: Mapping[int, frozenset[int]] | None,
    ) -> None:
        self._published, self._crediting, self._names = published, crediting, names
        self.partners = partners
        self._judged: dict[tuple[int, int], tuple[Evidence, tuple[int, int] | None, str]] = {}

    def judged(self, a: int, b: int) -> tuple[Evidence, tuple[int, int] | None, str]:
        """How the order of a < b is known, the order as (origin, copier), and why it is unknown."""
        found = self._judged.get((a, b))
        if found is None:
            found = self._judged[(a, b)] = _direction(a, b, self._published, self._crediting, self._names)
        return found

    def order(self, a: int, b: int) -> tuple[int, int] | None:
        """(origin, copier) of two sources when known."""
        return self.judged(min(a, b), max(a, b))[1]


class _Origins(Mapping[int, Origin]):
    """The origin of each group more than one source carries, found when first asked: the window asks for
    the selected group's, and the text summary for none (on two 1 MB versions, 10,000 groups' origins
    were half of what the summary took)."""

    def __init__(self, alignment: Alignment, directions: _Directions) -> None:
        # A weak reference: the alignment's memo keeps its provenance, which keeps this; a strong one would
        # make a cycle that only the cyclic garbage collector could free.
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


# -- direction ---------------------------------------------------------------------------------------------


def _direction(
    a: int,
    b: int,
    published: Sequence[Published | None],
    crediting: set[tuple[int, int]],
    names: Sequence[str],
) -> tuple[Evidence, tuple[int, int] | None, str]:
    """How the order of a and b is known, the order as (origin, copier), and why it is unknown (naming
    the sources by ``names``). ``crediting``: the (crediting source, credited source) pairs."""
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
        return (
            "unknown",
            None,
            f"the dates put {names[by_date[0]]} first, but {names[by_credit[1]]} credits it",
        )
    if by_date and by_credit:
        return "dates and credit", by_date, ""
    if by_date:
        return "dates", by_date, ""
    if by_credit:
        return "credit", by_credit, ""
    if a_credits_b and b_credits_a:
        return "unknown", None, "each credits the other"
    missing = [names[i] for i in (a, b) if published[i] is None]
    if missing:
        return (
            "unknown",
            None,
            " and ".join(missing) + (" has" if len(missing) == 1 else " have") + " no date",
        )
    return "unknown", None, "the dates cannot tell which came first"


def _copying(
    copier: int,
    origin: int,
    counted: dict[int, Counted],
    totals: Sequence[int],
    credits: CreditsBetween,
    published: Sequence[Published | None],
    evidence: Evidence,
    reason: str,
) -> Copying:
    mine = counted[copier]
    own = credits[(copier, origin)]
    passages = [
        CopiedPassage(
            copier, e.span.start, e.span.end, e.span.kind, e.span.group, e.credited, e.span.other_start,
            e.span.other_end, e.copied, e.quoted,
        )
        for e in mine.spans
        if e.copied
    ]  # fmt: skip
    gap = None
    date_copier, date_origin = published[copier], published[origin]
    if evidence != "unknown" and date_copier is not None and date_origin is not None:
        gap = date_origin.difference(date_copier)
    reverse = counted[origin].copied / totals[origin] if totals[origin] else 0.0
    return Copying(
        copier,
        origin,
        evidence,
        mine.by_kind["verbatim"],
        mine.by_kind["edited"],
        mine.by_kind["fragment"],
        totals[copier],
        tuple(passages),
        len(own),
        gap,
        reason,
        reverse,
        mine.quoted,
    )


# -- where each passage appeared first ------------------------------------------------------------------


def _origin(alignment: Alignment, group: Group, directions: _Directions) -> Origin:
    members = sure_members(group)  # a passage possibly the same says nothing of who had it first
    here = {member.source for member in members}
    # For each member's source, the sources of the others known to come before it; compared with every
    # other member, or with those of its ``partners`` beyond ``PAIRWISE_UP_TO`` sources.
    earlier: dict[int, set[int]] = {}
    later = dict.fromkeys(here, 0)  # how many members are known to come after each
    for member in members:
        source = member.source
        others = here if directions.partners is None else directions.partners[source] & here
        found = earlier[source] = {
            other
            for other in others
            if other != source and directions.order(source, other) == (other, source)
        }
        for other in found:
            later[other] += 1
    candidates = [m for m in members if not earlier[m.source]]
    best = max(candidates, key=lambda m: later[m.source], default=None)
    if best is None or not later[best.source]:
        return Origin(group.id, None, False, ())
    wordings = tuple((m.source, relation(alignment, group, best, m)) for m in members if m is not best)
    unsure = tuple(m.source for m in members if m is not best and best.source not in earlier[m.source])
    return Origin(
        group.id, best.source, not unsure, wordings, unsure, _later_wordings(alignment, group, best)
    )


def _later_wordings(alignment: Alignment, group: Group, first: Member) -> tuple[tuple[int, ...], ...]:
    """Sources that carry, word for word among themselves, a wording that differs from the first's: a later
    edit others copied ("s4 and s5 carry the same later wording")."""
    changed = [
        m for m in group.members if m is not first and relation(alignment, group, first, m) != "identical"
    ]
    clusters: list[list[Member]] = []
    for member in changed:
        for cluster in clusters:
            if relation(alignment, group, cluster[0], member) == "identical":
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
    for label, kind in (
        ("word for word", "identical"),
        ("edited", "reworded"),
        ("in other words", "paraphrase"),
    ):
        holders = [names[s] for s, r in origin.wordings if r == kind and s not in origin.unsure]
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


def quote_label(speakers: Sequence[str]) -> str:
    """ "both quote Musk", "both quote Musk and Savitt", or "both quote an unnamed speaker"."""
    named = list(dict.fromkeys(speakers))
    if not named:
        return "both quote an unnamed speaker"
    return "both quote " + (named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1])


def both_quote_sentence(found: BothQuote, names: Sequence[str], short: Sequence[str] | None = None) -> str:
    """ "s1 (WIRED) and s5 both quote OpenAI (2% of s1's text, 2% of s5's): not copying." and the like."""
    short = short or names
    a, b = found.sources
    return (
        f"{names[a]} and {names[b]} {quote_label(found.speakers)} ({found.share(a):.0%} of {short[a]}'s text, "
        f"{found.share(b):.0%} of {short[b]}'s): not copying."
    )
