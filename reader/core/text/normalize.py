"""Prose-aware comparison keys: what counts as "the same words" when outlets copy each other.

A key is only ever used to *compare*; every offset Reader reports points into the original text. Where a
caller needs to map a position in a key back to the original (Find), ``normalize_with_map`` gives the map.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "«": '"',
        "»": '"',
    }
)
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−⁃﹘﹣－", "-"))
_PUNCTUATION = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")

# Words (with inner apostrophes and hyphens: "can't", "cross-examination") and single punctuation marks.
WORD_OR_MARK = re.compile(r"\w+(?:['’‐‑-]\w+)*|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Normalization:
    """Which differences do not count. The defaults suit prose copied between outlets."""

    case: bool = True  # "The" == "the"
    quotes: bool = True  # curly == straight quotes and apostrophes
    dashes: bool = True  # hyphen == en dash == em dash == minus
    whitespace: bool = True  # any run of white space == one space
    punctuation: bool = False  # ignore punctuation marks altogether

    def key(self, text: str) -> str:
        """The comparison key of ``text``."""
        if text.isascii():  # most prose: NFKC, curly quotes and dashes cannot apply
            if self.quotes:
                text = text.replace("`", "'")
            if self.case:
                text = text.lower()
        else:
            text = unicodedata.normalize("NFKC", text)
            if self.quotes:
                text = text.translate(_QUOTES)
            if self.dashes:
                text = text.translate(_DASHES)
            if self.case:
                text = text.casefold()
        if self.punctuation:
            text = _PUNCTUATION.sub("", text)
        if self.whitespace:  # as _SPACE.sub(" ", text).strip(): str.split's white space is \s
            text = " ".join(text.split())
        return text

    def key_preserving_offsets(self, text: str) -> str:
        """For ASCII ``text``: the folds of ``key`` that keep every character in place."""
        if self.quotes:
            text = text.replace("`", "'")
        return text.lower() if self.case else text

    def to_dict(self) -> dict[str, bool]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A key plus, for each of its characters, the offset of the original character it came from."""

    key: str
    origin: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text behind key[start:end] (end exclusive)."""
        if start >= end:
            at = (
                self.origin[start]
                if start < len(self.origin)
                else (self.origin[-1] + 1 if self.origin else 0)
            )
            return at, at
        return self.origin[start], self.origin[end - 1] + 1


def normalize_with_map(text: str, normalization: Normalization) -> NormalizedText:
    """Normalize ``text`` one character at a time, remembering where each key character came from."""
    key: list[str] = []
    origin: list[int] = []
    previous_space = True  # drops leading white space, as key() does
    for index, char in enumerate(text):
        if normalization.whitespace and char.isspace():
            if not previous_space:
                key.append(" ")
                origin.append(index)
            previous_space = True
            continue
        folded = normalization.key(char) if not char.isspace() else char
        for out in folded:
            key.append(out)
            origin.append(index)
        previous_space = False
    if normalization.whitespace and key and key[-1] == " ":
        key.pop()
        origin.pop()
    return NormalizedText("".join(key), tuple(origin))


def find_all(haystack: NormalizedText, query: str, normalization: Normalization) -> list[tuple[int, int]]:
    """Every match of ``query`` in the normalized text, as [start, end) spans of the original text: with
    the default options case, curly or straight quotes, dashes and runs of white space do not count."""
    needle = normalization.key(query)
    if not needle:
        return []
    spans = []
    at = haystack.key.find(needle)
    while at >= 0:
        last = at + len(needle) - 1
        spans.append((haystack.origin[at], haystack.origin[last] + 1))
        at = haystack.key.find(needle, last + 1)
    return spans
