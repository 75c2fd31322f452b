"""The one adapter around diff-match-patch: word-level differences between two passages.

Word mode is diff-match-patch's line-mode trick applied to words: every distinct word (after
normalization) becomes one character, the two character strings are diffed, and the result is mapped back.
Semantic cleanup runs on the encoded strings, so an edit never starts or ends inside a word.

White space (and punctuation, when normalization ignores it) is not compared; it travels with the word
before it, so the edits cover both texts completely and rebuild them exactly.

``Diff_Timeout`` is 0 (no time limit) on purpose: with the default of 1 s diff-match-patch silently returns
"delete everything, insert everything" for two texts it has not finished with, and a time limit makes the
output depend on the machine. Passages are sentences or paragraphs, so an exact diff is cheap.

The differences themselves are computed by fast-diff-match-patch, the same library's C++ port packaged for
Python: with no time limit and no line mode it returns exactly the edits of the Python original (tested on
random texts), about six times as fast, and diffing was a third of the sample story's alignment. Where
its wheel is missing, the Python original computes the same thing. Semantic cleanup is the original's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple

from diff_match_patch import diff_match_patch

try:
    import fast_diff_match_patch as _fast
except ImportError:  # pragma: no cover - a platform without its wheel: the Python original, same output
    _fast = None

from reader.core.text.normalize import WORD_OR_MARK, Normalization

Op = Literal["equal", "delete", "insert"]

_DMP = diff_match_patch()
_DMP.Diff_Timeout = 0.0
_SURROGATES = 0xD800
_FIRST_CODE = 0x100  # leave ASCII and Latin-1 alone so encoded strings are easy to read when debugging


class Edit(NamedTuple):
    """One step from text ``a`` to text ``b``: a[a_start:a_end] is deleted, b[b_start:b_end] inserted,
    or the two are equal (after normalization). Offsets are relative to the texts given to ``word_diff``."""

    op: Op
    a_start: int
    a_end: int
    b_start: int
    b_end: int


_REVERSED_OP: dict[Op, Op] = {"equal": "equal", "delete": "insert", "insert": "delete"}


def reversed_edits(edits: Iterable[Edit]) -> tuple[Edit, ...]:
    """The diff from ``b`` to ``a``: the same steps seen from the other text."""
    return tuple(Edit(_REVERSED_OP[e.op], e.b_start, e.b_end, e.a_start, e.a_end) for e in edits)


@dataclass(frozen=True, slots=True)
class Tokens:
    """The compared words of a text: their spans and normalized keys."""

    starts: tuple[int, ...]
    keys: tuple[str, ...]
    length: int  # of the text
    weight: int  # total length of the keys
    bag: dict[str, int]  # key -> how often it occurs


@dataclass(frozen=True, slots=True)
class WordDiff:
    edits: tuple[Edit, ...]
    similarity: float  # 0..1: twice the length of the equal words over the length of all words


def tokenize(text: str, normalization: Normalization) -> Tokens:
    """Split ``text`` into the words and marks that are compared."""
    starts: list[int] = []
    keys: list[str] = []
    if text.isascii() and not normalization.punctuation:
        # Folding ASCII keeps every offset, so the whole text is folded once and split (the matches' starts
        # and texts read by ``map``, without a Python loop: tokens are made for every passage compared).
        matches = list(WORD_OR_MARK.finditer(normalization.key_preserving_offsets(text)))
        starts = list(map(re.Match.start, matches))
        keys = list(map(re.Match.group, matches))
    elif text.isascii():
        folded = normalization.key_preserving_offsets(text)
        for match in WORD_OR_MARK.finditer(folded):
            key = match.group()
            if normalization.punctuation and not (key[0].isalnum() or key[0] == "_"):
                continue
            starts.append(match.start())
            keys.append(key)
    else:
        fold = normalization.case
        for match in WORD_OR_MARK.finditer(text):
            token = match.group()
            if token.isascii() and token.isalnum():
                key = token.lower() if fold else token
            else:
                key = normalization.key(token)
                if not key:
                    continue  # punctuation, when it is ignored
            starts.append(match.start())
            keys.append(key)
    return Tokens(tuple(starts), tuple(keys), len(text), sum(map(len, keys)), Counter(keys))


def word_diff(
    a: str,
    b: str,
    normalization: Normalization,
    a_tokens: Tokens | None = None,
    b_tokens: Tokens | None = None,
) -> WordDiff:
    """Word-level differences from ``a`` to ``b``. Pass tokens already made to save the work."""
    ta = a_tokens or tokenize(a, normalization)
    tb = b_tokens or tokenize(b, normalization)
    if not ta.keys or not tb.keys:
        return _without_words(a, b, ta, tb)
    codes: dict[str, str] = {}
    encoded_a = _encode(ta.keys, codes)
    encoded_b = _encode(tb.keys, codes)
    diffs = diff_codes(encoded_a, encoded_b)
    # The similarity counts every word the two share in order. Semantic cleanup, which makes the edits
    # readable, folds scattered matching words into edits: measured after it, a pair sharing 79% of its
    # words in order scored 0.29. So it is measured before, and the cleanup is for display only.
    equal_weight = 0
    ia = 0
    for operation, chunk in diffs:
        if operation == 0:
            equal_weight += sum(len(key) for key in ta.keys[ia : ia + len(chunk)])
        if operation <= 0:
            ia += len(chunk)
    _DMP.diff_cleanupSemantic(diffs)
    edits: list[Edit] = []
    ia = ib = 0
    for operation, chunk in diffs:
        count = len(chunk)
        if operation == 0:
            edits.append(_edit("equal", ta, ia, ia + count, tb, ib, ib + count))
            ia += count
            ib += count
        elif operation < 0:
            edits.append(_edit("delete", ta, ia, ia + count, tb, ib, ib))
            ia += count
        else:
            edits.append(_edit("insert", ta, ia, ia, tb, ib, ib + count))
            ib += count
    total = ta.weight + tb.weight
    similarity = 1.0 if total == 0 else 2 * equal_weight / total
    return WordDiff(tuple(e for e in edits if e.a_end > e.a_start or e.b_end > e.b_start), similarity)


def diff_codes(a: str, b: str) -> list[tuple[int, str]]:
    """diff-match-patch's exact differences of two strings (no time limit, no line mode), as the Python
    original returns them: (-1 delete, 0 equal, 1 insert; text) in order."""
    if _fast is None:
        return _python_diff_codes(a, b)
    out: list[tuple[int, str]] = []
    ia = ib = 0
    for op, count in _fast.diff(a, b, timelimit=0, checklines=False, cleanup="No", counts_only=True):
        if op == "=":
            out.append((0, a[ia : ia + count]))
            ia += count
            ib += count
        elif op == "-":
            out.append((-1, a[ia : ia + count]))
            ia += count
        else:
            out.append((1, b[ib : ib + count]))
            ib += count
    return out


def _python_diff_codes(a: str, b: str) -> list[tuple[int, str]]:
    return list(_DMP.diff_main(a, b, False))


def bag_similarity(a: Tokens, b: Tokens) -> float:
    """An upper bound of ``word_diff(...).similarity``, computed from word counts alone (no order)."""
    total = a.weight + b.weight
    if total == 0:
        return 1.0
    small, large = (a.bag, b.bag) if len(a.bag) <= len(b.bag) else (b.bag, a.bag)
    common = 0
    for key, count in small.items():
        other = large.get(key)
        if other:
            common += len(key) * (count if count < other else other)
    return 2 * common / total


def _encode(keys: tuple[str, ...], codes: dict[str, str]) -> str:
    out = []
    for key in keys:
        code = codes.get(key)
        if code is None:
            number = _FIRST_CODE + len(codes)
            if number >= _SURROGATES:
                number += 0x800  # skip the surrogate block, which is not a character
            code = codes[key] = chr(number)
        out.append(code)
    return "".join(out)


def _boundary(tokens: Tokens, index: int) -> int:
    """Where the span of token ``index`` begins; the first starts the text, the past-the-end ends it."""
    if index <= 0:
        return 0
    if index >= len(tokens.starts):
        return tokens.length
    return tokens.starts[index]


def _edit(op: Op, ta: Tokens, a0: int, a1: int, tb: Tokens, b0: int, b1: int) -> Edit:
    return Edit(op, _boundary(ta, a0), _boundary(ta, a1), _boundary(tb, b0), _boundary(tb, b1))


def _without_words(a: str, b: str, ta: Tokens, tb: Tokens) -> WordDiff:
    """One side has no compared words (empty, or only marks that normalization ignores)."""
    if not ta.keys and not tb.keys:
        edits = (Edit("equal", 0, len(a), 0, len(b)),) if a or b else ()
        return WordDiff(edits, 1.0)
    edits_list = []
    if a:
        edits_list.append(Edit("delete", 0, len(a), 0, 0))
    if b:
        edits_list.append(Edit("insert", len(a), len(a), 0, len(b)))
    return WordDiff(tuple(edits_list), 0.0)
