"""Running one operation and keeping what came of it, without Qt: its result, or the one line that tells the
user why there is none, or that it was cancelled. ``reader.ui.operations`` runs these off the GUI thread.

A failure is never a traceback for the user: a ``StoreError`` already is one line; any other exception is a
bug, logged with its details, and said in one line.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from reader.core.progress import AlignmentCancelled
from reader.core.text.display import one_line

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What an operation gave: ``result`` when ``problem`` is None and it was not ``cancelled``."""

    result: T | None = None
    problem: str | None = None
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return self.problem is None and not self.cancelled


def capture(operation: Callable[[], T], unexpected: Callable[[str], str]) -> Outcome[T]:
    """Run ``operation``. A StoreError is said as it is; any other exception is logged and said as
    ``unexpected(its first line)``, e.g. ``lambda error: f"Alignment failed: {error}"``."""
    try:
        return Outcome(operation())
    except AlignmentCancelled:
        return Outcome(cancelled=True)
    except Exception as error:
        if _is_store_error(error):
            return Outcome(problem=str(error))
        log.exception("an operation failed")  # a bug: one line for the user, the details in the log
        return Outcome(problem=unexpected(one_line(str(error))))


def _is_store_error(error: Exception) -> bool:
    # Never imports the store (and SQLAlchemy with it, half a second): an alignment that runs before the
    # library is opened, or without one, must not pay for it; unloaded, it raised nothing.
    store = sys.modules.get("reader.store.db")
    return store is not None and isinstance(error, store.StoreError)
