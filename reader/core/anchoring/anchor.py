"""Keep annotations on the right words when a source's text changes, or say honestly that they lost them.

A target is stored with a text-position selector (start, end) and a text-quote selector (the exact words,
plus a little of the text before and after: prefix and suffix), as in the W3C Web Annotation model.
Re-anchoring onto a new version of the text tries, in order:

1. the same words at the same place ("anchored");
2. the same words elsewhere ("moved"; "edited" when only the white space between them changed): with several
   occurrences, the one whose prefix, suffix and relative position agree best (white space compared
   loosely); never inside another word ("is" in "his"); a short quote (``SHORT_WORDS`` words or
   ``SHORT_CHARS`` characters) only where its context agrees, since such words occur all over a text, and,
   when the previous text is known, only near where the document's diff carries it (the diff is the first
   witness), or farther with all its stored context around it; inside the words the diff says were
   rewritten, all of its stored prefix or all of its suffix is enough;
3. the words edited ("edited"): when the previous text is known, the old span is carried through a word diff
   of the old text to the new one; otherwise, or when that fails, the quote's first and last 32 characters
   are found near where they should be with diff-match-patch's fuzzy matcher (Bitap, limited to 32-character
   patterns, hence the ends), or located through the surrounding prefix and suffix; and last, for a quote of
   any length whose paragraph moved and was edited at both ends, the one stretch of the text most like the
   whole quote (``WINDOW_SIMILARITY``, and no other stretch as like it). Either way the span is widened to
   whole words and accepted only if its words are at least ``MIN_SIMILARITY`` similar to the quote (by
   words or by their letters, whichever is higher); a quote of fewer than ``FEW_WORDS`` words found by its
   own words alone only where some of its context agrees; a short quote is never re-attached to edited
   words ("3.7%" is not "3.9%"), only carried when its words are the same and both its ends were in
   unchanged words;
4. otherwise "orphaned": the annotation keeps its quote and is shown apart, never moved onto other words,
   with the reason (``Anchor.reason``).
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, NamedTuple

from diff_match_patch import diff_match_patch

from reader.core.text.diffing import word_diff
from reader.core.text.normalize import Normalization
from reader.core.text.spans import strip_span

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
    context: float = 0.0  # how much of the stored prefix and suffix agrees around the placement, 0..1
    reason: str = ""  # why an orphan could not be placed

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
        return self.carry(offset)[0]

    def carry(self, offset: int) -> tuple[int, bool]:
        """Where ``offset`` went, and whether it was in unchanged words (False: inside words the new text
        deleted, where the new offset is only where they were, no evidence of where the quote went)."""
        index = bisect.bisect_right(self._starts, offset) - 1
        while index >= 0 and self._edits[index].op == "insert":
            index -= 1  # an insertion covers no old text
        if index < 0:
            return 0, offset == 0
        edit = self._edits[index]
        if edit.op == "equal":
            return min(edit.b_end, edit.b_start + (offset - edit.a_start)), True
        return edit.b_start, offset == edit.a_start  # inside deleted words: where they were

    def region(self, offset: int) -> tuple[int, int]:
        """Where in the new text ``offset`` may have gone: the point it is carried to when it is in unchanged
        words; inside changed words, the whole new text of the run of changes around it."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0 or self._edits[index].op == "equal":
            point = self.carry(offset)[0]
            return point, point
        first = last = index
        while first > 0 and self._edits[first - 1].op != "equal":
            first -= 1
        while last + 1 < len(self._edits) and self._edits[last + 1].op != "equal":
            last += 1
        return self._edits[first].b_start, self._edits[last].b_end


def reanchor(
    selector: Selector, text: str, old_length: int | None = None, positions: PositionMap | None = None
) -> Anchor:
    """Where the selected words are in ``text`` (a new version of the text they were selected in).
    ``positions`` maps offsets of the previous text, when it is known."""
    exact = selector.exact
    if not exact.strip():
        return Anchor(selector.start, selector.end, "orphaned", 0.0, 0.0, "it has no words")
    old_length = positions.old_length if positions is not None else old_length
    short = _is_short(exact)
    if _still_in_place(selector, text, positions, short):
        return Anchor(
            selector.start,
            selector.end,
            "anchored",
            1.0,
            _context(selector, text, selector.start, selector.end),
        )
    expected = _expected_position(selector, len(text), old_length)
    occurrences = _placeable(selector, text, _occurrences(text, exact))
    if short and positions is not None:
        # The document's own diff is the first witness: a short quote moves only a little way from where
        # the diff carries it (words put before it, a sentence reworded around it), never to the same
        # common words paragraphs away.
        # Farther away, only where all of its stored context is there too, exactly.
        low, high = positions.region(selector.start)
        occurrences = [
            (at, to)
            for at, to in occurrences
            if low - NEAR_CHARS <= at <= high + NEAR_CHARS or _all_context_agrees(selector, text, at, to)
        ]
    else:
        low, high = -1, -1  # no diff: no rewritten words to look inside
    if occurrences:
        fuzzy = len(occurrences) <= _FUZZY_CONTEXT_LIMIT
        best, best_end = max(
            occurrences,
            key=lambda span: (
                _context_score(selector, text, span[0], span[1], fuzzy),
                -abs(span[0] - expected),
            ),
        )
        # A short quote ("the", "that will purchase") is found in many places: only its own context says
        # which, if any, is its place. A longer quote found once is its own evidence, and so is a short one
        # found once that was stored with no context to disagree.
        if (
            not short
            or _context_agrees(selector, text, best, best_end, fuzzy)
            or (len(occurrences) == 1 and _room(selector, text, best, best_end) == 0)
            or (low <= best <= high and _one_side_agrees(selector, text, best, best_end))
        ):
            # Only the white space between its words may differ (``_occurrences``): then it is edited.
            moved = text[best:best_end] == exact
            similarity = 1.0 if moved else _similarity(exact, text[best:best_end])
            context = _context(selector, text, best, best_end)
            return Anchor(best, best_end, "moved" if moved else "edited", similarity, context)
    for candidate, witnessed in _edited_spans(selector, text, positions, short, expected):
        if candidate is None or candidate[1] <= candidate[0]:
            continue
        start, end = _whole_words(text, *candidate)
        similarity = _similarity(exact, text[start:end])
        # A short quote edited is other words ("3.7%" is not "3.9%"): carried only when its words are the
        # same, whatever the punctuation and spacing around them ("stations:" -> "stations").
        if similarity >= MIN_SIMILARITY if not short else _same_words(exact, text[start:end]):
            # The words themselves unchanged (only what is around them): they moved, and say so.
            status: Status = "moved" if text[start:end] == exact else "edited"
            context = _context(selector, text, start, end)
            if (
                status == "edited"
                and not witnessed
                and len(exact.split()) < FEW_WORDS
                and context < FEW_WORDS_CONTEXT
            ):
                continue
            return Anchor(start, end, status, similarity, context)
    if short and occurrences:
        reason = "its words are short and common, and nowhere is their context the same"
    elif short:
        reason = "its words are short and no longer in the text where their context is"
    else:
        reason = f"no words in the new text are {MIN_SIMILARITY:.0%} like it"
    return Anchor(selector.start, selector.end, "orphaned", 0.0, 0.0, reason)


FEW_WORDS = 8
"""A quote of fewer words, edited, found by its own words alone (no witness from the document's diff), is
placed only where ``FEW_WORDS_CONTEXT`` of its stored context agrees: "as izabela dorota skorupko in" is not
the infobox line "birth_name = izabela dorota skorupko" that a rewrite put in place of its sentence."""
FEW_WORDS_CONTEXT = 0.25


def _edited_spans(
    selector: Selector, text: str, positions: PositionMap | None, short: bool, expected: int
) -> Iterator[tuple[tuple[int, int] | None, bool]]:
    """Where the quote's words may be after an edit, best evidence first; each is worked out only when the
    ones before it failed (the last ones search the whole text)."""
    if positions is not None:
        (start, kept_start), (end, kept_end) = positions.carry(selector.start), positions.carry(selector.end)
        if not short or kept_start or kept_end:  # a short quote needs an unchanged neighbour (and its words)
            yield strip_span(text, start, end), kept_start or kept_end
        if not short and not (kept_start and kept_end):
            yield _kept_words_span(selector, positions), True
    if not short:
        yield _fuzzy_span(selector, text, expected), False
        yield _closest_window(selector, text), False


def _context(selector: Selector, text: str, start: int, end: int) -> float:
    """The share of the stored prefix and suffix that agrees around [start, end)."""
    stored = len(_loose(selector.prefix).strip()) + len(_loose(selector.suffix).strip())
    return min(1.0, _context_score(selector, text, start, end, fuzzy=True) / stored) if stored else 1.0


NEAR_CHARS = 2 * CONTEXT
"""How far from where the document's diff carries it a short quote may be found (when the previous text is
known)."""
SHORT_WORDS = 3
SHORT_CHARS = 24
SHORT_CONTEXT = 16
SIDE_CONTEXT = 4  # ... with at least this much on each side that has room
"""A quote of at most ``SHORT_WORDS`` words or ``SHORT_CHARS`` characters is placed elsewhere only when at
least ``SHORT_CONTEXT`` characters of its stored prefix and suffix agree (white space compared loosely)."""


def _still_in_place(selector: Selector, text: str, positions: PositionMap | None, short: bool) -> bool:
    """The same words at the same offsets are their place, unless a short quote only happens to be there
    (the text around it changed and its context does not agree)."""
    start, end = selector.start, selector.end
    if text[start:end] != selector.exact or not _same_edges(selector, text, start, end):
        return False
    return (
        not short
        or (positions is not None and positions(start) == start)
        or _context_agrees(selector, text, start, end)
    )


class _Around(NamedTuple):
    """The stored context and the text's around a span, as they are compared: white space runs as one
    space, lower case, without the space touching the quote."""

    prefix: str
    before: str
    suffix: str
    after: str


def _around(selector: Selector, text: str, start: int, end: int) -> _Around:
    return _Around(
        _loose(selector.prefix).rstrip(),
        _loose(text[max(0, start - 2 * len(selector.prefix)) : start]).rstrip(),
        _loose(selector.suffix).lstrip(),
        _loose(text[end : end + 2 * len(selector.suffix)]).lstrip(),
    )


def _room(selector: Selector, text: str, start: int, end: int) -> int:
    """How much of the stored context the text has room for around [start, end) (none stored: none)."""
    return min(len(_loose(selector.prefix).strip()), start) + min(
        len(_loose(selector.suffix).strip()), len(text) - end
    )


def _context_agrees(selector: Selector, text: str, start: int, end: int, fuzzy: bool = True) -> bool:
    """Enough of a short quote's context agrees: ``SHORT_CONTEXT`` characters, or half of what the text
    has room for around it (at the start or end of a text there is less), and on both sides where both have
    room: a repeated phrase ("the council voted") shares one side with the quote's own place, not both."""
    room = _room(selector, text, start, end)
    around = _around(selector, text, start, end)
    if room <= 0 or _agreement(around, fuzzy) < min(SHORT_CONTEXT, 0.5 * room):
        return False
    sides = ((around.prefix, around.before, _common_suffix), (around.suffix, around.after, _common_prefix))
    for stored, here, common in sides:
        side_room = min(len(stored), len(here))
        if side_room and common(here, stored) < min(SIDE_CONTEXT, side_room / 2):
            return False
    return True


def _one_side_agrees(selector: Selector, text: str, start: int, end: int) -> bool:
    """All the stored prefix, or all the stored suffix, is around [start, end), and that is at least
    ``SHORT_CONTEXT`` characters."""
    around = _around(selector, text, start, end)
    before = len(around.prefix) >= SHORT_CONTEXT and around.before.endswith(around.prefix)
    after = len(around.suffix) >= SHORT_CONTEXT and around.after.startswith(around.suffix)
    return before or after


def _all_context_agrees(selector: Selector, text: str, start: int, end: int) -> bool:
    """All the stored prefix and suffix (white space loose) that the text has room for are around
    [start, end), and that is at least ``SHORT_CONTEXT`` characters."""
    around = _around(selector, text, start, end)
    before = around.before.endswith(around.prefix) or around.prefix.endswith(around.before)
    after = around.after.startswith(around.suffix) or around.suffix.startswith(around.after)
    agreeing = min(len(around.prefix), len(around.before)) + min(len(around.suffix), len(around.after))
    return before and after and agreeing >= SHORT_CONTEXT


def _is_short(exact: str) -> bool:
    return len(exact.split()) <= SHORT_WORDS or len(exact.strip()) < SHORT_CHARS


def _placeable(selector: Selector, text: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The occurrences that start and end at a word's edge ("is" is not found inside "his"); inside a word
    only when none is at one and the quote itself was cut from a word where it stood."""
    whole = [span for span in found if not any(_inside(text, *span))]
    return whole or [span for span in found if _same_edges(selector, text, *span)]


def _inside(text: str, start: int, end: int) -> tuple[bool, bool]:
    return (
        start > 0 and text[start - 1].isalnum() and text[start : start + 1].isalnum(),
        end < len(text) and text[end - 1 : end].isalnum() and text[end].isalnum(),
    )


def _same_edges(selector: Selector, text: str, start: int, end: int) -> bool:
    """An occurrence starts and ends as the quote did: at a word's edge where the quote did ("is" is not
    found inside "his"), inside a word only where the quote was cut from one."""
    was_inside_start = bool(selector.prefix[-1:].isalnum() and selector.exact[:1].isalnum())
    was_inside_end = bool(selector.exact[-1:].isalnum() and selector.suffix[:1].isalnum())
    inside_start, inside_end = _inside(text, start, end)
    return was_inside_start == inside_start and was_inside_end == inside_end


_WORD = re.compile(r"\S+")


def _kept_words_span(selector: Selector, positions: PositionMap) -> tuple[int, int] | None:
    """The span from the first to the last of the quote's words that the new text kept unchanged: an
    edited quote whose first or last words were rewritten."""
    kept = []  # the new spans of the quote's words whose both ends were in unchanged text
    for match in _WORD.finditer(selector.exact):
        (start, start_kept), (end, end_kept) = (
            positions.carry(selector.start + match.start()),
            positions.carry(selector.start + match.end()),
        )
        if start_kept and end_kept:
            kept.append((start, end))
    return (kept[0][0], kept[-1][1]) if kept and kept[-1][1] > kept[0][0] else None


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to whole words: an edited quote's ends carried through a diff may fall inside one."""
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def _expected_position(selector: Selector, length: int, old_length: int | None) -> int:
    if old_length:
        return int(selector.start * length / old_length)
    return min(selector.start, length)


def _occurrences(text: str, exact: str) -> list[tuple[int, int]]:
    """Where the quote is in the text: exactly, or else with other white space between its words (a tab or
    a line break put in or taken out: "gogona\n morsing" in "gogona\t \n morsing")."""
    found, at = [], text.find(exact)
    while at != -1:
        found.append((at, at + len(exact)))
        at = text.find(exact, at + 1)
    if found:
        return found
    words = exact.split()
    if len(words) < 2:
        return found
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    return [match.span() for match in pattern.finditer(text)]


_FUZZY_CONTEXT_LIMIT = 200  # occurrences: more, and only exact agreement is counted (time)


def _context_score(selector: Selector, text: str, start: int, end: int, fuzzy: bool = False) -> float:
    """How many characters of the stored prefix and suffix agree with the text around [start, end): runs of
    white space count as one space and the space touching the quote is not needed (a prefix stored without
    it still agrees). ``fuzzy``: a context with a typo or a small edit agrees in part ("every-thing")."""
    return _agreement(_around(selector, text, start, end), fuzzy)


def _agreement(around: _Around, fuzzy: bool) -> float:
    prefix, before, suffix, after = around
    score = float(_common_suffix(before, prefix) + _common_prefix(after, suffix))
    if fuzzy and (prefix or suffix):
        near = _ratio(before[-len(prefix) :] if prefix else "", prefix) * len(prefix)
        near += _ratio(after[: len(suffix)], suffix) * len(suffix)
        score = max(score, near * 0.9)  # a near match counts a little less than an exact one
    return score


_NEAR = 0.8  # a context at least this like the stored one (difflib's ratio) agrees in part; below, not at all


def _ratio(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < _NEAR or matcher.quick_ratio() < _NEAR:
        return 0.0
    ratio = matcher.ratio()
    return ratio if ratio >= _NEAR else 0.0


_SPACES = re.compile(r"\s+")


def _loose(text: str) -> str:
    return _SPACES.sub(" ", text).lower()


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


_WORD_CHARS = re.compile(r"\w+")  # words without their punctuation (``_WORD`` keeps it)
WINDOW_SHARE = 0.6
"""A window of the text is compared with the whole quote only when it has this share of the quote's words."""
WINDOW_CANDIDATES = 8
WINDOW_SIMILARITY = 0.85
"""A stretch found anywhere in the text, with no other witness than its words, must be this like the quote
(more than ``MIN_SIMILARITY``, which the document's diff or the quote's own ends back up)."""


def _similarity(quote: str, words: str) -> float:
    """How like the quote the words are: the larger of the share of their characters in words the two
    share in order, and the share of the words themselves (a long word corrected, "descendents" ->
    "descendants", is one word of eight, not a third of the characters)."""
    by_characters = word_diff(quote, words, _NORM).similarity
    a, b = _lowered_words(quote), _lowered_words(words)
    if not a or not b:
        return by_characters
    by_words = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    return max(by_characters, by_words)


def _lowered_words(text: str) -> list[str]:
    return [word.lower() for word in _WORD_CHARS.findall(text)]


def _same_words(a: str, b: str) -> bool:
    return _lowered_words(a) == _lowered_words(b)


def _closest_window(selector: Selector, text: str) -> tuple[int, int] | None:
    """Approximate matching of the whole quote, whatever its length: the stretch of the text, as many words
    long as the quote, most like it word for word (its paragraph moved and was edited, both its ends
    included). Only when no other stretch apart from it is as like the quote: a passage repeated with the
    same edits could be either."""
    quote = [word.lower() for word in _WORD_CHARS.findall(selector.exact)]
    size = len(quote)
    words = list(_WORD_CHARS.finditer(text))
    if size < SHORT_WORDS + 1 or len(words) < size:
        return None
    lowered = [word.group().lower() for word in words]
    wanted = Counter(quote)
    window = Counter(lowered[:size])
    shared = sum((window & wanted).values())
    scored: list[tuple[int, int]] = []  # (shared words, first word)
    for at in range(len(lowered) - size + 1):
        if at:
            gone, came = lowered[at - 1], lowered[at + size - 1]
            if window[gone] <= wanted[gone]:
                shared -= 1
            window[gone] -= 1
            window[came] += 1
            if window[came] <= wanted[came]:
                shared += 1
        if shared >= WINDOW_SHARE * size:
            scored.append((shared, at))
    if not scored:
        return None
    scored.sort(reverse=True)
    best: list[tuple[float, int]] = []
    for _shared, at in scored[:WINDOW_CANDIDATES]:
        start, end = words[at].start(), words[at + size - 1].end()
        best.append((_similarity(selector.exact, text[start:end]), at))
    best.sort(reverse=True)
    similarity, at = best[0]
    rivals = [other for value, other in best[1:] if value >= MIN_SIMILARITY and abs(other - at) >= size]
    if similarity < WINDOW_SIMILARITY or rivals:
        return None
    return words[at].start(), words[at + size - 1].end()
