"""Small helpers on [start, end) spans of a text, shared by the engine and the window."""

from __future__ import annotations

from collections.abc import Iterable


def strip_span(text: str, start: int, end: int, leading: bool = True) -> tuple[int, int]:
    """The span without the white space at its end (and at its start, unless ``leading`` is False)."""
    while leading and start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def as_flag(value: object, default: bool) -> bool:
    """A stored yes/no: a bool, or one of the strings QSettings' INI files and saved options hand back."""
    if value is None:
        return default
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def union(intervals: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """The intervals merged where they overlap or touch, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)
