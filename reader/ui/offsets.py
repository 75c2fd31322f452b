"""Python counts code points, Qt counts UTF-16 code units: the one place where one becomes the other.

A character outside the Basic Multilingual Plane (most emoji, some CJK) is one code point but two UTF-16
units, so every offset after it differs by one more.
"""

from __future__ import annotations

import bisect
import re

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Index:
    """Converts offsets into one text between code points and UTF-16 positions."""

    def __init__(self, text: str) -> None:
        self._astral = [match.start() for match in _ASTRAL.finditer(text)]
        # Where each astral character starts in UTF-16 units.
        self._qt_starts = [offset + number for number, offset in enumerate(self._astral)]
        self.length = len(text)

    def to_qt(self, offset: int) -> int:
        return offset + bisect.bisect_left(self._astral, offset)

    def from_qt(self, position: int) -> int:
        """The code-point offset at a UTF-16 position; inside a surrogate pair, the character's start."""
        before = bisect.bisect_left(self._qt_starts, position)  # astral characters starting before it
        if before and self._qt_starts[before - 1] == position - 1:
            return self._astral[before - 1]  # between the two halves of a pair
        return position - before

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)
