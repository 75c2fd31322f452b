"""Keep annotations on the right words when a source's text changes, or say honestly that they lost them.

A target is stored with a text-position selector (start, end) and a text-quote selector (the exact words,
plus a little of the text before and after: prefix and suffix), as in the W3C Web Annotation model.
Re-anchoring onto a new version of the text tries, in order:

1. the same words at the same place ("anchored");
2. the same words elsewhere ("moved"): with several occurrences, the one whose prefix, suffix and relative
   position agree best;
3. the words edited ("edited"): when the previous text is known, the old span is carried through a word diff
   of the old text to the new one; otherwise the quote's first and last 32 characters are found near where
   they should be with diff-match-patch's fuzzy matcher (Bitap, limited to 32-character patterns, hence the
   ends, which makes long quotes work), or located through the surrounding prefix and suffix. Either way
   the span is accepted only if its words are at least ``MIN_SIMILARITY`` similar to the quote;
4. otherwise "orphaned": the annotation keeps its quote and is shown apart, never moved onto other words.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Literal

from diff_match_patch import diff_match_patch

from reader.core.diffing import word_diff
from reader.core.normalize import Normalization
from reader.core.spans import strip_span

Status = Literal["anchored", "moved", "edited", "orphaned"]

CONTEXT = 32
"""Characters of prefix and suffix stored with each quote."""
MIN_SIMILARITY = 0.75
"""Least word similarity between the stored quote and the re-anchored words."""
_BITAP_BITS = 32  # diff-match-patch's Match_MaxBits: the longest pattern match_main accepts
_NORM = Normalization()


@dataclass(frozen=True, slots=True)
class Selector:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True, slots=True)
class Anchor:
    start: int
    end: int
    status: Status
    similarity: float  # of the anchored words to the stored quote (1.0 when exact)

    @property
    def placed(self) -> bool:
        return self.status != "orphaned"


def make_selector(text: str, start: int, end: int, context: int = CONTEXT) -> Selector:
    """Selectors for text[start:end]."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span [{start}, {end}) is not inside a text of {len(text)} characters")
    return Selector(
        start, end, text[start:end], text[max(0, start - context) : start], text[end : end + context]
    )


class PositionMap:
    """Carries offsets of an old text to a new one through their word diff (made once per text pair)."""

    def __init__(self, old: str, new: str) -> None:
        self._edits = word_diff(old, new, _NORM).edits
        self._starts = [edit.a_start for edit in self._edits]
        self.old_length = len(old)

    def __call__(self, offset: int) -> int:
        index = bisect.bisect_right(self._starts, offset) - 1
        while index >= 0 and self._edits[index].op == "insert":
            index -= 1  # an insertion covers no old text
        if index < 0:
            return 0
        edit = self._edits[index]
        if edit.op == "equal":
            return min(edit.b_end, edit.b_start + (offset - edit.a_start))
        return edit.b_start  # inside deleted words: where they were


def reanchor(
    selector: Selector, text: str, old_length: int | None = None, positions: PositionMap | None = None
) -> Anchor:
    """Where the selected words are in ``text`` (a new version of the text they were selected in).
    ``positions`` maps offsets of the previous text, when it is known."""
    exact = selector.exact
    old_length = positions.old_length if positions is not None else old_length
    if text[selector.start : selector.end] == exact:
        return Anchor(selector.start, selector.end, "anchored", 1.0)
    expected = _expected_position(selector, len(text), old_length)
    occurrences = _occurrences(text, exact)
    if occurrences:
        best = max(
            occurrences,
            key=lambda at: (_context_score(selector, text, at, at + len(exact)), -abs(at - expected)),
        )
        return Anchor(best, best + len(exact), "moved", 1.0)
    candidates: list[tuple[int, int] | None] = []
    if positions is not None:
        candidates.append(strip_span(text, positions(selector.start), positions(selector.end)))
    candidates.append(_fuzzy_span(selector, text, expected))
    for candidate in candidates:
        if candidate is None or candidate[1] <= candidate[0]:
            continue
        start, end = candidate
        similarity = word_diff(exact, text[start:end], _NORM).similarity
        if similarity >= MIN_SIMILARITY:
            return Anchor(start, end, "edited", similarity)
    return Anchor(selector.start, selector.end, "orphaned", 0.0)


def _expected_position(selector: Selector, length: int, old_length: int | None) -> int:
    if old_length:
        return int(selector.start * length / old_length)
    return min(selector.start, length)


def _occurrences(text: str, exact: str) -> list[int]:
    found, at = [], text.find(exact)
    while at != -1:
        found.append(at)
        at = text.find(exact, at + 1)
    return found


def _context_score(selector: Selector, text: str, start: int, end: int) -> int:
    """How many characters of the stored prefix and suffix agree with the text around [start, end)."""
    before = text[max(0, start - len(selector.prefix)) : start]
    after = text[end : end + len(selector.suffix)]
    return _common_suffix(before, selector.prefix) + _common_prefix(after, selector.suffix)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def _matcher() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Match_Threshold = 0.35  # stricter than the default 0.5: an edited quote, not any similar words
    dmp.Match_Distance = 2000  # how far from the expected place a match may drift before it costs too much
    return dmp


def _fuzzy_span(selector: Selector, text: str, expected: int) -> tuple[int, int] | None:
    """The span between fuzzy matches of the quote's head and tail, or between its prefix and suffix."""
    exact = selector.exact
    dmp = _matcher()
    head = exact[:_BITAP_BITS]
    tail = exact[-_BITAP_BITS:]
    start = dmp.match_main(text, head, max(0, min(expected, len(text))))
    if start != -1:
        tail_expected = min(len(text), start + len(exact) - len(tail))
        tail_at = dmp.match_main(text, tail, tail_expected)
        if tail_at != -1 and tail_at + len(tail) > start:
            end = tail_at + len(tail)
            if 0.5 * len(exact) <= end - start <= 2 * len(exact):
                return start, end
    # The quote's own ends were rewritten: find the context around it instead.
    prefix, suffix = selector.prefix[-_BITAP_BITS:], selector.suffix[:_BITAP_BITS]
    if len(prefix) >= 8 and len(suffix) >= 8:
        before = dmp.match_main(text, prefix, max(0, min(expected - len(prefix), len(text))))
        if before != -1:
            after = dmp.match_main(text, suffix, min(len(text), before + len(prefix) + len(exact)))
            start, end = before + len(prefix), after
            if after != -1 and 0.5 * len(exact) <= end - start <= 2 * len(exact):
                return start, end
    return None
