"""Python counts code points, Qt counts UTF-16 code units: the one place where one becomes the other.

A character outside the Basic Multilingual Plane (most emoji, some CJK) is one code point but two UTF-16
units, so every offset after it differs by one more. A pane may also show a blank line between two
paragraphs that the text separates by one line break only (``gaps``): one more unit from there on.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Index:
    """Converts offsets into one text between code points and the positions of the text as shown: UTF-16
    units, with one more line break before each offset in ``gaps`` (starts of paragraphs)."""

    def __init__(self, text: str, gaps: Sequence[int] = ()) -> None:
        # From each of these code-point offsets on, the shown text is one unit longer: after an astral
        # character (its second unit), and at a paragraph shown after a blank line.
        self._steps = sorted([match.start() + 1 for match in _ASTRAL.finditer(text)] + list(gaps))
        self.length = len(text)

    def to_qt(self, offset: int) -> int:
        return offset + bisect.bisect_right(self._steps, offset)

    def from_qt(self, position: int) -> int:
        """The code-point offset at a position of the shown text: inside a surrogate pair, the character's
        start; on a blank line added between paragraphs, the line break before it."""
        low, high = 0, min(position, self.length)
        while low < high:  # the last offset shown at or before ``position``
            middle = (low + high + 1) // 2
            if self.to_qt(middle) <= position:
                low = middle
            else:
                high = middle - 1
        return low

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)
