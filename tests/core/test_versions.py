"""What changed between two versions of a source, passage by passage."""

from __future__ import annotations

from reader.core.alignment.versions import version_changes

OLD = """Musk testified on Thursday. He said distillation is standard practice.

The judge called a recess. Savitt asked again whether that was a yes.

Reporters waited outside the courthouse for an hour."""

NEW = """Musk testified on Thursday in federal court. The judge called a recess.

Savitt asked again whether that was a yes. A sentence about the appeal was added here.

He said distillation is standard practice."""


def spans(changes, kind: str, side: str, text: str) -> list[str]:
    return [text[slice(*getattr(c, side))] for c in changes.changes if c.kind == kind]


def test_added_deleted_edited_and_moved_passages_are_told_apart() -> None:
    changes = version_changes(OLD, NEW)
    assert spans(changes, "added", "new", NEW) == ["A sentence about the appeal was added here."]
    assert spans(changes, "deleted", "old", OLD) == ["Reporters waited outside the courthouse for an hour."]
    assert spans(changes, "edited", "old", OLD) == ["Musk testified on Thursday."]
    assert spans(changes, "edited", "new", NEW) == ["Musk testified on Thursday in federal court."]
    assert "He said distillation is standard practice." in spans(changes, "moved", "new", NEW)
    (edited,) = [c for c in changes.changes if c.kind == "edited"]
    inserted = [NEW[e.b_start : e.b_end] for e in edited.diff if e.op == "insert"]
    assert "".join(inserted).strip() == "in federal court"  # the word differences, offsets into each text
    assert changes.summary().startswith("1 added, 1 deleted, 1 edited, ")


def test_listed_in_the_new_texts_order_and_nothing_for_an_unchanged_text() -> None:
    changes = version_changes(OLD, NEW)
    starts = [c.new[0] for c in changes.changes if c.new is not None]
    assert starts == sorted(starts)
    same = version_changes(OLD, OLD)
    assert same.changes == () and same.summary() == "no change"
