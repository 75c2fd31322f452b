"""Split a text into paragraphs and sentences: each a [start, end) span of code-point offsets.

Paragraphs: a blank line always ends one. Inside a block of lines, a line break ends a paragraph too
(headlines, bylines, "Key Takeaways" bullets are lines of their own), unless the text is hard-wrapped
prose, recognised by most of its lines having about the same width, in which case a long line runs on
into the next.

Sentences: a sentence ends at . ! ? or … (plus any closing quotes and brackets) followed by white space
and something that can start a sentence. Not after a known abbreviation (Mr., U.S., Apr., e.g., ...) or a
single initial, after letters with full stops between them (R.N.C., F.B.I.) only before a function word
("The", "He", "But"), and never inside a number (2.5, 1:41). A list marker at the start of a line is not part of
the passage. Spans never include surrounding white space.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal, NamedTuple

from reader.core.text.lexicon import STOPWORDS
from reader.core.text.patterns import compiled
from reader.core.text.rules import MONTH_ABBREVIATIONS, WEEKDAY_ABBREVIATIONS

Granularity = Literal["sentence", "paragraph"]

ABBREVIATIONS = (
    MONTH_ABBREVIATIONS
    | WEEKDAY_ABBREVIATIONS
    | frozenset(
        [
            "mr",
            "mrs",
            "ms",
            "dr",
            "prof",
            "sr",
            "jr",
            "st",
            "mt",
            "ft",
            "rev",
            "gen",
            "col",
            "lt",
            "sgt",
            "capt",
            "cmdr",
            "adm",
            "gov",
            "sen",
            "rep",
            "pres",
            "supt",
            "inc",
            "ltd",
            "co",
            "corp",
            "bros",
            "llc",
            "plc",
            "dept",
            "univ",
            "assn",
            "est",
            "approx",
            "fig",
            "figs",
            "vol",
            "vols",
            "no",
            "nos",
            "pp",
            "ed",
            "eds",
            "vs",
            "etc",
            "al",
            "cf",
            "ca",
            "e.g",
            "i.e",
            "a.m",
            "p.m",
            "u.s",
            "u.k",
            "u.n",
            "u.s.a",
            "e.u",
            "d.c",
            "n.y",
            "l.a",
            "b.a",
            "m.a",
            "ph.d",
        ]
    )
)

_LIST_MARKER = compiled(r"(?:[-*–—](?=\s)\s*|[•▸►‣◦·]\s*)+|\d{1,3}[.)]\s+")
# Western full stops need white space after them; CJK ones do not.
# A curly closing quote may stand apart from its full stop ("innovation. ” The"), as scraped pages do.
_BOUNDARY = compiled(r"[.!?…]+[\"'”’»)\]]*(?:\s+[”»](?=\s))?(?=\s)|[。！？]+[」』）\"”]*")
_OPENING = "\"'“‘«([¿¡"
_WRAPPED_MIN_LINES = 5
MAX_PASSAGE_CHARS = 100_000
"""No passage is longer than this: a longer paragraph is cut between its sentences, a longer sentence (a
text with no sentence ends, or no line breaks) between words. A passage is compared as a whole (its words
diffed against another's, quadratic in the worst case), and one passage of 40 million characters made an
alignment peak at 1.9 GB; no paragraph of prose comes near 100,000 characters (about 40 pages)."""


class Passage(NamedTuple):
    """One unit of comparison: a sentence or a paragraph of a source."""

    # Shadows tuple.index on purpose: passages are never searched with .index(), and every caller reads it.
    index: int  # type: ignore[assignment]  # ordinal within its source
    start: int
    end: int
    paragraph: int  # ordinal of the paragraph it belongs to

    def text(self, source_text: str) -> str:
        return source_text[self.start : self.end]


def paragraphs(text: str, tick: Callable[[float], None] | None = None) -> list[tuple[int, int]]:
    """The paragraphs of ``text`` as trimmed [start, end) spans, list markers left out."""
    size = max(1, len(text))
    lines: list[tuple[int, int]] = []
    offset = 0
    for number, line in enumerate(text.split("\n")):
        if tick is not None and not number % 1024:  # now and then: a check costs more than a line
            tick(offset / size / 3)
        lines.append((offset, offset + len(line)))
        offset += len(line) + 1
    width = _wrap_width(text, lines)
    spans: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    previous_line = ""
    for number, (start, end) in enumerate(lines):
        if tick is not None and not number % 256:
            tick((1 + start / size) / 3)
        line = text[start:end]
        if not line.strip():
            if current:
                spans.append(current)
            current = None
            previous_line = ""
            continue
        runs_on = (
            current is not None
            and width is not None
            and len(previous_line.rstrip()) >= 0.6 * width
            and not _LIST_MARKER.match(line.lstrip())
        )
        if runs_on and current is not None:
            current = (current[0], end)
        else:
            if current:
                spans.append(current)
            current = (start, end)
        previous_line = line
    if current:
        spans.append(current)
    del lines
    trimmed: list[tuple[int, int]] = []
    for number, (start, end) in enumerate(spans):
        if tick is not None and not number % 256:
            tick((2 + start / size) / 3)
        span = _trim(text, start, end, strip_marker=True)
        if span[1] > span[0]:
            trimmed.append(span)
    return trimmed


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of the paragraph text[start:end], as trimmed spans."""
    spans: list[tuple[int, int]] = []
    begin = start
    for match in _BOUNDARY.finditer(text, start, end):
        stop = following = match.end()
        while following < end and text[following].isspace():
            following += 1
        if following >= end:
            break
        western = match.group()[0] not in "。！？"
        if western and not (
            _can_start(text, following, end) and _ends_sentence(text, begin, match, following, end)
        ):
            continue
        spans.append((begin, stop))
        begin = following
    spans.append((begin, end))
    return [span for span in (_trim(text, s, e) for s, e in spans) if span[1] > span[0]]


def segment(
    text: str,
    granularity: Granularity = "sentence",
    known: dict[str, list[tuple[int, int]]] | None = None,
    tick: Callable[[float], None] | None = None,
) -> list[Passage]:
    """Every passage of ``text`` in reading order.

    ``known`` remembers the sentences of paragraphs already split (offsets relative to the paragraph):
    versions of one story repeat most paragraphs word for word, and each is split only once. ``tick`` is
    told the share of the text done as it goes (it may raise to stop).
    """
    known = {} if known is None else known
    limit = MAX_PASSAGE_CHARS
    passages: list[Passage] = []
    size = max(1, len(text))
    halves = (lambda done: tick(done / 2), lambda done: tick(0.5 + done / 2)) if tick else (None, None)
    for number, (start, end) in enumerate(paragraphs(text, halves[0])):
        if halves[1] is not None and not number % 256:
            halves[1](start / size)
        if granularity == "paragraph":
            spans = (
                [(start, end)] if end - start <= limit else _packed(text, sentences(text, start, end), limit)
            )
            for s, e in spans:
                passages.append(Passage(len(passages), s, e, number))
            continue
        paragraph = text[start:end]
        relative = known.get(paragraph)
        if relative is None:
            relative = known[paragraph] = _packed(paragraph, sentences(paragraph, 0, len(paragraph)), 0)
        for s, e in relative:
            passages.append(Passage(len(passages), start + s, start + e, number))
    return passages


def _packed(text: str, spans: list[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    """``spans`` (sentences) with each run of them that fits in ``limit`` characters made one (``limit`` 0:
    none), and a span longer than ``MAX_PASSAGE_CHARS`` cut between words."""
    packed: list[tuple[int, int]] = []
    for start, end in spans:
        if packed and end - packed[-1][0] <= limit:
            packed[-1] = (packed[-1][0], end)
            continue
        while end - start > MAX_PASSAGE_CHARS:
            cut = max(
                text.rfind(" ", start, start + MAX_PASSAGE_CHARS),
                text.rfind("\n", start, start + MAX_PASSAGE_CHARS),
            )
            cut = cut if cut > start else start + MAX_PASSAGE_CHARS  # no space: cut between characters
            piece = _trim(text, start, cut)
            packed.append(piece)
            start = _trim(text, cut, end)[0]
        packed.append((start, end))
    return packed


_INITIALISM = compiled(r"(?:[^\W\d_]\.)+[^\W\d_]")  # letters with full stops between: "r.n.c", "d.c"
_WORD = compiled(r"[^\W_]+(?:'[^\W_]+)?")


def _can_start(text: str, at: int, end: int) -> bool:
    """Can a sentence start at ``at``: a capital, a letter without case (CJK), or a digit."""
    while at < end and text[at] in _OPENING:
        at += 1
    char = text[at] if at < end else ""
    return char.isdigit() or (char.isalpha() and not char.islower())


def _ends_sentence(text: str, begin: int, match: re.Match[str], following: int, end: int) -> bool:
    """Does the full stop (or other mark) of ``match`` end a sentence, the next word starting at
    ``following``?"""
    if not match.group().startswith("."):
        return True
    # The word before the full stop, dots included ("U.S"), read backwards: cheaper than a regex search.
    start = match.start()
    while start > begin and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    token = text[start : match.start()].lower().rstrip(".")
    if not token:
        return True
    if token in ABBREVIATIONS:
        return False
    if _INITIALISM.fullmatch(token):
        # "R.N.C.", "F.B.I.", "D.C.": a capitalised word after one is mostly a name or a headline's next word
        # ("on R.N.C. Run", "the F.B.I. Director"); a sentence that follows one starts with a function word.
        if text[following] in "\"“'‘«":
            return True  # a quotation opens: a new sentence ('Sen. Tom Daschle, D-S.D. "I don't see …')
        word = _WORD.match(text, following, end)
        return word is not None and word.group().lower() in STOPWORDS
    # A single initial ("J. Smith"), but not the pronoun "I".
    return not (len(token) == 1 and token.isalpha() and token != "i")


def _trim(text: str, start: int, end: int, strip_marker: bool = False) -> tuple[int, int]:
    while start < end and (
        text[start].isspace() or (text[start] in "”»" and start + 1 < end and text[start + 1].isspace())
    ):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if strip_marker:
        marker = _LIST_MARKER.match(text, start, end)
        # Only a real marker: "- item", "▸item", "1. item"; never the first word of a sentence.
        if marker and marker.end() < end:
            start = marker.end()
    return start, end


def _wrap_width(text: str, lines: list[tuple[int, int]]) -> int | None:
    """The width a hard-wrapped text was wrapped at, or None when lines are not wrapped."""
    if len(lines) < _WRAPPED_MIN_LINES:
        return None
    # A sample of the lines is enough to tell (and keeps a text of a million lines quick).
    step = max(1, len(lines) // 20_000)
    lengths = sorted(length for length in (len(text[s:e].rstrip()) for s, e in lines[::step]) if length)
    if len(lengths) < _WRAPPED_MIN_LINES:
        return None
    p90 = lengths[int(len(lengths) * 0.9) - 1]
    if not 40 <= p90 <= 100:
        return None
    # Wrapped text: most lines are near the width; the rest are paragraph ends and headings.
    near = sum(1 for length in lengths if length >= 0.75 * p90)
    return p90 if near >= 0.5 * len(lengths) else None
