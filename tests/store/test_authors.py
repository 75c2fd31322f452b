"""Who made and who changed each annotation: recorded under the library's display name, and the annotation
list filtered by it, on both engines."""

from __future__ import annotations

from reader.core.reading.sources import source_from_text
from reader.store import Library, NewTarget

TEXT = "Musk said it is standard practice to use other AIs to validate your AI. Savitt: So that's a yes."


def test_annotations_filter_by_who_made_or_last_changed_them(any_library: Library) -> None:
    library = any_library
    source = library.import_source(source_from_text(TEXT, "/story/a.txt")).source_id
    library.author = "Ana"
    made_by_ana = library.add_annotation([NewTarget(source, 0, 4)], note="checked")
    changed_later = library.add_annotation([NewTarget(source, 5, 9)], note="first")
    library.author = "Ben O'Hara"
    made_by_ben = library.add_annotation([NewTarget(source, 10, 14)], note="Ben's")
    library.update_annotation(changed_later.id, note="second")

    assert (made_by_ana.created_by, made_by_ana.modified_by) == ("Ana", "Ana")
    changed = library.annotation(changed_later.id)
    assert (changed.created_by, changed.modified_by) == ("Ana", "Ben O'Hara")

    def ids(author: str | None) -> list[int]:
        return [info.id for info in library.annotations([source], author=author)]

    assert ids(None) == [made_by_ana.id, changed_later.id, made_by_ben.id]
    assert ids("Ana") == [made_by_ana.id, changed_later.id]  # she made the second one, Ben changed it
    assert ids("Ben O'Hara") == [changed_later.id, made_by_ben.id]
    assert ids("ana") == []  # a name is matched as written: "ana" is someone else
    assert ids("%") == []  # a name is compared, not a pattern
    assert [i.id for i in library.annotations([source], tag=None, text="second", author="Ana")] == [
        changed_later.id
    ]
    assert library.annotation_authors([source]) == ["Ana", "Ben O'Hara"]
    assert library.annotation_authors([source + 1000]) == []
