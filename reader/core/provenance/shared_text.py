"""What two sources share, counted: the words one takes of the other, and the words both quote.

For each link between two sources (a verbatim or edited passage, a copied fragment), each side's span, the
characters taken (all of a verbatim passage or a fragment; of an edited one, only the words equal in its
diff) and, among them, the words that lie inside a quotation in either text (``reader.core.checks.quotes``):
those are a third party's words, which both give (one may quote them while the other reports them, "a
publicist says Tara Reid has checked herself into rehab"), not copying, unless a credit covers the
passage. Used by ``reader.core.provenance.who_first``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from itertools import pairwise
from typing import Literal, NamedTuple

from reader.core.alignment.records import Alignment, Classification, Group, Member
from reader.core.alignment.relations import relation, text_diff
from reader.core.checks.quotes import WORD, Quote, QuoteIndex, find_quotes
from reader.core.progress import Tick
from reader.core.provenance.attribution import Credit
from reader.core.text.spans import union

CopyKind = Literal["verbatim", "edited", "fragment"]
COPY: dict[Classification, CopyKind] = {"identical": "verbatim", "reworded": "edited"}


Interval = tuple[int, int]
_WORDY = re.compile(r"\w")


class Run(NamedTuple):
    """Words a shared span takes that both sources quote: their span here and in the other source, and
    the speaker each names."""

    start: int
    end: int
    other_start: int
    other_end: int
    speaker: str | None
    other_speaker: str | None


class Span(NamedTuple):
    """One side of a link between two sources: its span, how, its group, the other side's span, the
    characters it takes (``taken``: the words equal in an edited copy, all of a verbatim one or a
    fragment) and those of them both sources quote."""

    start: int
    end: int
    kind: CopyKind
    group: int
    other_start: int
    other_end: int
    taken: tuple[Interval, ...]
    quoted: tuple[Run, ...]


Spans = list[Span]


class _Quotes:
    """The quotations of each source, found when first asked; scare quotes are left out."""

    def __init__(self, alignment: Alignment) -> None:
        self._texts = [source.text for source in alignment.sources]
        self._found: dict[int, QuoteIndex] = {}

    def __getitem__(self, source: int) -> QuoteIndex:
        index = self._found.get(source)
        if index is None:
            quotes = [quote for quote in find_quotes(self._texts[source]) if not quote.scare]
            index = self._found[source] = QuoteIndex(quotes)
        return index


def shared_text(
    alignment: Alignment, partners: Mapping[int, frozenset[int]] | None = None, tick: Tick | None = None
) -> dict[tuple[int, int], dict[int, Spans]]:
    """For each pair of sources (a < b) that share copied text: each one's spans of it. ``partners``:
    the sources each is compared with (``relations.close_pairs``); None: every other. ``tick`` hears how
    far it got (by groups) and may stop it."""
    shared: dict[tuple[int, int], dict[int, Spans]] = defaultdict(lambda: defaultdict(list))
    quotes = _Quotes(alignment)
    for number, group in enumerate(alignment.groups):
        if tick is not None:
            tick(number / len(alignment.groups))
        for first, second in _member_pairs(group, partners):
            kind = COPY.get(relation(alignment, group, first, second))
            if kind is None:
                continue
            if kind == "verbatim":
                pieces = [(first.start, first.end, second.start, second.end)]
            else:
                pieces = _equal_pieces(alignment, first, second)
            link = (first.source, first.start, first.end, second.source, second.start, second.end)
            _add(shared, alignment, quotes, link, kind, (group.id, group.id), pieces)
    for tie in alignment.links:  # a sentence of two facts: its words taken for the second one too
        tie_kind = COPY.get(tie.classification)
        if tie_kind is None or not _compared(partners, tie.source_a, tie.source_b):
            continue
        link = (tie.source_a, tie.a_start, tie.a_end, tie.source_b, tie.b_start, tie.b_end)
        pieces = (
            [(tie.a_start, tie.a_end, tie.b_start, tie.b_end)]
            if tie_kind == "verbatim"
            else _diffed(alignment, link)
        )
        _add(shared, alignment, quotes, link, tie_kind, (tie.group_a, tie.group_b), pieces)
    for f in alignment.fragments:
        if not _compared(partners, f.source_a, f.source_b):
            continue
        pieces = [(f.a_start, f.a_end, f.b_start, f.b_end)]
        link = (f.source_a, f.a_start, f.a_end, f.source_b, f.b_start, f.b_end)
        _add(shared, alignment, quotes, link, "fragment", (f.group_a, f.group_b), pieces)
    return {key: {source: _merged(spans) for source, spans in value.items()} for key, value in shared.items()}


def _member_pairs(
    group: Group, partners: Mapping[int, frozenset[int]] | None
) -> Iterator[tuple[Member, Member]]:
    """The pairs of ``group``'s members compared (the first of the lower source): every pair, or those
    of sources ``partners`` pairs."""
    members = group.members
    if partners is None:
        for x, first in enumerate(members):
            for second in members[x + 1 :]:
                yield first, second
        return
    for first in members:
        for other in sorted(partners[first.source]):
            if other > first.source:
                paired = group.member(other)
                if paired is not None:
                    yield first, paired


def _compared(partners: Mapping[int, frozenset[int]] | None, a: int, b: int) -> bool:
    return partners is None or b in partners[a]


def _add(
    shared: dict[tuple[int, int], dict[int, Spans]],
    alignment: Alignment,
    quotes: _Quotes,
    link: tuple[int, int, int, int, int, int],
    kind: CopyKind,
    groups: tuple[int, int],
    pieces: list[tuple[int, int, int, int]],
) -> None:
    """Record a link's two sides: ``pieces`` are the runs of it the two share, (a start, a end, b start,
    b end)."""
    a, a_start, a_end, b, b_start, b_end = link
    texts = alignment.sources[a].text, alignment.sources[b].text
    runs = _both_quoted(texts, (quotes[a], quotes[b]), pieces)
    if kind == "edited":
        taken_a = tuple((p[0], p[1]) for p in pieces)
        taken_b = tuple((p[2], p[3]) for p in pieces)
    else:
        taken_a, taken_b = ((a_start, a_end),), ((b_start, b_end),)
    flipped = (
        tuple(Run(r.other_start, r.other_end, r.start, r.end, r.other_speaker, r.speaker) for r in runs)
        if runs
        else ()
    )
    pair = shared[(min(a, b), max(a, b))]
    pair[a].append(Span(a_start, a_end, kind, groups[0], b_start, b_end, taken_a, tuple(runs)))
    pair[b].append(Span(b_start, b_end, kind, groups[1], a_start, a_end, taken_b, flipped))


def _equal_pieces(alignment: Alignment, first: Member, second: Member) -> list[tuple[int, int, int, int]]:
    """The runs of words an edited pair has in common, as (first's start, end, second's start, end): from
    the diff classification made when one is the other's comparand, else from a new one."""
    if second.compared_with == first.source and second.diff:
        return [(e.a_start, e.a_end, e.b_start, e.b_end) for e in second.diff if e.op == "equal"]
    if first.compared_with == second.source and first.diff:
        return [(e.b_start, e.b_end, e.a_start, e.a_end) for e in first.diff if e.op == "equal"]
    return _diffed(alignment, (first.source, first.start, first.end, second.source, second.start, second.end))


def _diffed(
    alignment: Alignment, link: tuple[int, int, int, int, int, int]
) -> list[tuple[int, int, int, int]]:
    """The runs of words two passages have in common, from the word diff of their texts
    (``relations.text_diff``: one per pair of texts)."""
    a, a_start, a_end, b, b_start, b_end = link
    diff = text_diff(
        alignment, alignment.sources[a].text[a_start:a_end], alignment.sources[b].text[b_start:b_end]
    )
    return [
        (a_start + e.a_start, a_start + e.a_end, b_start + e.b_start, b_start + e.b_end)
        for e in diff.edits
        if e.op == "equal"
    ]


def _both_quoted(
    texts: tuple[str, str], quotes: tuple[QuoteIndex, QuoteIndex], pieces: list[tuple[int, int, int, int]]
) -> list[Run]:
    """The words of ``pieces`` (runs the two texts share) that lie inside a quotation in either text, as
    runs of consecutive words in the same quotations. Words are paired in order; where the two runs do
    not hold as many words (normalisation may join some), by their relative position."""
    runs: list[Run] = []
    for a_start, a_end, b_start, b_end in pieces:
        if not (quotes[0].overlaps(a_start, a_end) or quotes[1].overlaps(b_start, b_end)):
            continue
        if a_end - a_start == b_end - b_start and texts[0][a_start:a_end] == texts[1][b_start:b_end]:
            runs.extend(_same_text(quotes, a_start, a_end, b_start))  # the common case, without words
            continue
        a_words = [m.span() for m in WORD.finditer(texts[0], a_start, a_end)]
        b_words = [m.span() for m in WORD.finditer(texts[1], b_start, b_end)]
        if len(a_words) != len(b_words):
            scale = (b_end - b_start) / max(1, a_end - a_start)
            b_words = [
                (b_start + int((s - a_start) * scale), b_start + int((e - a_start) * scale))
                for s, e in a_words
            ]
        last: tuple[Quote | None, Quote | None] | None = None
        for (s, e), (other_s, other_e) in zip(a_words, b_words, strict=True):
            here, there = quotes[0].at(s), quotes[1].at(other_s)
            if here is None and there is None:
                last = None
                continue
            if last == (here, there):
                runs[-1] = runs[-1]._replace(end=e, other_end=other_e)
            else:
                runs.append(Run(s, e, other_s, other_e, _speaker(here), _speaker(there)))
                last = (here, there)
    return runs


def _speaker(quote: Quote | None) -> str | None:
    return quote.speaker if quote else None


def _same_text(quotes: tuple[QuoteIndex, QuoteIndex], a_start: int, a_end: int, b_start: int) -> list[Run]:
    """Quoted runs of a piece that is the same text in both: where a quotation of either lies, offset for
    offset; where quotations of the two overlap, both speakers."""
    shift = b_start - a_start
    theirs = quotes[1].within(b_start, b_start + a_end - a_start)
    mine = quotes[0].within(a_start, a_end)
    if len(mine) == len(theirs) == 1 and (mine[0].start, mine[0].end) == (
        theirs[0].start - shift,
        theirs[0].end - shift,
    ):  # the common case: the one quotation of a passage both carry, at the same place in both
        start, end = max(a_start, mine[0].start), min(a_end, mine[0].end)
        return [Run(start, end, start + shift, end + shift, mine[0].speaker, theirs[0].speaker)]
    cuts = sorted(
        {a_start, a_end}
        | {max(a_start, min(a_end, x)) for q in mine for x in (q.start, q.end)}
        | {max(a_start, min(a_end, x - shift)) for q in theirs for x in (q.start, q.end)}
    )
    runs: list[Run] = []
    for start, end in pairwise(cuts):  # pieces between the quotations' edges
        here = next((q for q in mine if q.start <= start and end <= q.end), None)
        there = next((q for q in theirs if q.start <= start + shift and end + shift <= q.end), None)
        if here is None and there is None:
            continue
        speakers = (_speaker(here), _speaker(there))
        if runs and runs[-1].end == start and (runs[-1].speaker, runs[-1].other_speaker) == speakers:
            runs[-1] = runs[-1]._replace(end=end, other_end=end + shift)
        else:
            runs.append(Run(start, end, start + shift, end + shift, *speakers))
    return runs


def _merged(spans: Spans) -> Spans:
    """Overlapping spans counted once: a fragment inside a passage already copied adds its words to the
    passage's, and nothing else."""
    rank = {"verbatim": 0, "edited": 1, "fragment": 2}
    merged: Spans = []
    for span in sorted(spans, key=lambda s: (s.start, rank[s.kind])):
        if not merged or span.start >= merged[-1].end:
            merged.append(span)
            continue
        last = merged[-1]
        if span.end > last.end and span.kind != "fragment":
            merged[-1] = last._replace(
                end=span.end, taken=union(last.taken + span.taken), quoted=_runs(last.quoted, span.quoted)
            )
            continue
        inside = _clipped(span, span.start, last.end)
        merged[-1] = last._replace(
            taken=union(last.taken + inside.taken), quoted=_runs(last.quoted, inside.quoted)
        )
        if span.end > last.end:
            merged.append(_clipped(span, last.end, span.end))
    return merged


def _clipped(span: Span, start: int, end: int) -> Span:
    """``span`` within [start, end)."""
    taken = tuple((max(s, start), min(e, end)) for s, e in span.taken if e > start and s < end)
    quoted = tuple(
        r._replace(start=max(r.start, start), end=min(r.end, end))
        for r in span.quoted
        if r.end > start and r.start < end
    )
    return span._replace(start=max(span.start, start), end=min(span.end, end), taken=taken, quoted=quoted)


def _runs(kept: tuple[Run, ...], more: tuple[Run, ...]) -> tuple[Run, ...]:
    """``kept`` and the runs of ``more`` that overlap none of them."""
    added = [r for r in more if not any(r.start < k.end and k.start < r.end for k in kept)]
    return tuple(sorted((*kept, *added), key=lambda r: r.start))


class Entry(NamedTuple):
    """A span counted: whether it is credited (by its side, or its counterpart by the other), its copied
    characters and its both-quoted ones (those not credited)."""

    span: Span
    credited: bool
    copied: int
    quoted: int


class Counted(NamedTuple):
    """One side's shared text, counted: copied characters by kind, the both-quoted characters left out,
    and its spans."""

    by_kind: dict[CopyKind, int]
    quoted: int
    spans: list[Entry]

    @property
    def copied(self) -> int:
        return sum(self.by_kind.values())


class CreditsBetween(dict[tuple[int, int], list[Credit]]):
    """Credits by (crediting source, credited source): hundreds of sources are counted pair by pair, and
    going through every credit for each pair was quadratic."""

    def __init__(self, credits: Sequence[Credit]) -> None:
        super().__init__()
        for credit in credits:
            if credit.credited is not None:
                self.setdefault((credit.source, credit.credited), []).append(credit)

    def __missing__(self, key: tuple[int, int]) -> list[Credit]:
        return []


def count(
    alignment: Alignment, side: int, other: int, kinds: dict[int, Spans], credits: CreditsBetween
) -> Counted:
    """Count ``side``'s shared text with ``other``: the words taken, less the words both quote, unless a
    credit of either one covers the passage ("As WIRED reported, the exchange went like this:")."""
    spans = kinds.get(side, [])
    mine = _credited_spans(alignment, side, spans, credits[(side, other)])
    theirs = _credited_spans(alignment, other, kinds.get(other, []), credits[(other, side)])
    text = alignment.sources[side].text
    by_kind: dict[CopyKind, int] = {"verbatim": 0, "edited": 0, "fragment": 0}
    quoted = 0
    found = []
    for span in spans:
        credited = (span.start, span.end) in mine or (span.other_start, span.other_end) in theirs
        if credited or not span.quoted:
            taken = span.taken
            copied = taken[0][1] - taken[0][0] if len(taken) == 1 else sum(e - s for s, e in taken)
            both = 0
        else:
            copied, both = _left(text, span.taken, span.quoted), sum(r.end - r.start for r in span.quoted)
        by_kind[span.kind] += copied
        quoted += both
        found.append(Entry(span, credited, copied, both))
    return Counted(by_kind, quoted, found)


def _left(text: str, taken: Sequence[Interval], runs: Sequence[Run]) -> int:
    """Characters of ``taken`` outside ``runs``, counting only the pieces that hold a word: the quotation
    marks and the comma around a quotation both carry are not copying."""
    left = 0
    cuts = sorted((r.start, r.end) for r in runs)
    for start, end in taken:
        at = start
        for cut_start, cut_end in cuts:
            if cut_end <= at or cut_start >= end:
                continue
            left += _worded(text, at, min(cut_start, end))
            at = max(at, cut_end)
        left += _worded(text, at, end)
    return left


def _worded(text: str, start: int, end: int) -> int:
    return end - start if end > start and _WORDY.search(text, start, end) else 0


def _credited_spans(
    alignment: Alignment, copier: int, spans: Spans, own: Sequence[Credit]
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
