"""Progress and Cancel for long work (reading, aligning): how the caller hears how far it got, and stops it.

The work calls a ``Tick`` from inside its loops, every few hundred items; ``Ticker`` passes it on to the
caller's ``Progress`` callback at most every ``PROGRESS_INTERVAL_S`` and raises ``AlignmentCancelled`` when
the callback says stop. So Cancel is heard within tens of milliseconds, whatever the input.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Progress = Callable[[float], bool]
"""Called with the share of the work done (0..1); returning False cancels the work."""

Tick = Callable[[float], None]
"""Told the share of one piece of work done; raises AlignmentCancelled to stop it."""

PROGRESS_INTERVAL_S = 0.02
"""How often, at most, the progress callback is called from inside the work (and so how soon Cancel acts)."""


class AlignmentCancelled(Exception):
    """The caller's progress callback asked to stop."""


class Ticker:
    """Progress from inside the loops: calls the caller's callback at most every ``PROGRESS_INTERVAL_S``
    and raises AlignmentCancelled when that says stop."""

    __slots__ = ("_due", "_progress")

    def __init__(self, progress: Progress | None) -> None:
        self._progress = progress
        self._due = 0.0

    def __call__(self, done: float) -> None:
        if self._progress is None:
            return
        now = time.monotonic()
        if now < self._due:
            return
        self._due = now + PROGRESS_INTERVAL_S
        if not self._progress(min(1.0, max(0.0, done))):
            raise AlignmentCancelled

    def phase(self, start: float, end: float) -> Tick:
        """A tick for one phase of the work, spanning [start, end] of the whole."""
        return lambda done: self(start + (end - start) * done)

    def force(self, done: float) -> None:
        self._due = 0.0
        self(done)


def within(tick: Tick, start: float, end: float) -> Tick:
    """A tick for a part [start, end] of the work that ``tick`` hears about."""
    return lambda done: tick(start + (end - start) * done)
