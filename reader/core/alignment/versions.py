"""What changed between two versions of one source, passage by passage: added, deleted, edited (with the
word differences) and moved. No Qt.

The two versions are aligned like any two sources (``reader.core.alignment.align``), so a paragraph that moved and
was edited on the way is found as one edited passage, not as a deletion and an addition; a passage the
same in both, in the same order, is unchanged and not listed.

    changes = version_changes(old_text, new_text)
    changes.summary()   # "2 added, 1 deleted, 3 edited, 1 moved"
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Literal

from reader.core.alignment.align import AlignOptions, align
from reader.core.reading.sources import source_from_text
from reader.core.text.diffing import Edit

ChangeKind = Literal["added", "deleted", "edited", "moved"]


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    old: tuple[int, int] | None  # the passage's span in the old text (None when added)
    new: tuple[int, int] | None  # ... in the new text (None when deleted)
    similarity: float = 1.0  # of an edited passage to its old wording
    diff: tuple[Edit, ...] = ()  # old -> new word edits of an edited passage, offsets into each text


@dataclass(frozen=True)
class VersionChanges:
    old_text: str
    new_text: str
    changes: tuple[Change, ...]  # in the new text's order, deletions where they were

    def count(self, kind: ChangeKind) -> int:
        return sum(change.kind == kind for change in self.changes)

    def summary(self) -> str:
        if not self.changes:
            return "no change" if self.old_text == self.new_text else "only spacing or punctuation changed"
        parts = [
            f"{self.count(kind)} {kind}"
            for kind in ("added", "deleted", "edited", "moved")
            if self.count(kind)
        ]
        return ", ".join(parts)


def version_changes(old_text: str, new_text: str, options: AlignOptions | None = None) -> VersionChanges:
    """The passages that changed from ``old_text`` to ``new_text`` (sentence by sentence by default)."""
    if old_text == new_text:
        return VersionChanges(old_text, new_text, ())
    old, new = source_from_text(old_text, "old.txt"), source_from_text(new_text, "new.txt")
    alignment = align([old, new], options or AlignOptions())
    # Passages in both versions, by where they end in the old text: a deletion is listed where it was, just
    # after the new place of the nearest of them before it (or first).
    kept = sorted(
        (before.end, after.end)
        for before, after in ((g.member(0), g.member(1)) for g in alignment.groups)
        if before is not None and after is not None
    )
    kept_ends = [old_end for old_end, _new_end in kept]
    changes: list[tuple[float, Change]] = []
    for group in alignment.groups:
        before, after = group.member(0), group.member(1)
        if before is not None and after is None:
            nearest = bisect.bisect_right(kept_ends, before.start) - 1
            position = kept[nearest][1] - 0.5 if nearest >= 0 else -1.0
            changes.append((position, Change("deleted", (before.start, before.end), None)))
        elif after is not None and before is None:
            changes.append((after.start, Change("added", None, (after.start, after.end))))
        elif before is not None and after is not None:
            same = old_text[before.start : before.end] == new_text[after.start : after.end]
            if same and not (before.moved or after.moved):
                continue
            if same:
                change = Change("moved", (before.start, before.end), (after.start, after.end))
            else:
                edits = after.diff if after.compared_with == 0 else ()
                change = Change(
                    "edited", (before.start, before.end), (after.start, after.end), after.similarity, edits
                )
            changes.append((after.start, change))
    changes.sort(key=lambda item: item[0])
    return VersionChanges(old_text, new_text, tuple(change for _, change in changes))
