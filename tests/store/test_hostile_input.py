"""Hostile input on both engines (SQLite and the tests' PostgreSQL cluster): quotes, notes, tags and source
texts holding SQL, LIKE wildcards, backslashes, quotes, characters outside the Basic Multilingual Plane and
a megabyte of text are stored and found back unchanged (also through the annotation panel's text filter,
where % and _ are the characters themselves); NUL characters, which PostgreSQL's text cannot hold, are
refused on both with the same one-line message before anything reaches the database."""

from __future__ import annotations

import pytest

from reader.core.reading.sources import source_from_text
from reader.store import Library, NewTarget, StoreError
from reader.store.records import NUL_REFUSED

SQL = "'); DROP TABLE annotations;--"
HOSTILE = [
    SQL,
    "Robert'); DELETE FROM sources WHERE ('1'='1",
    "100% sure",
    "snake_case_name",
    r"C:\path\to\%d_file",
    "\\",
    "\"double\" and 'single' and `back` quotes",
    "emoji 😀🇫🇷 and math 𝔘𝔫𝔦 and CJK 𠜎 beyond the BMP",
    "e\u0301 combining, \u202eright-to-left\u202c, zero\u200bwidth",
    "$1 $$dollar$$ :name %(name)s ? {0}",
]
TAGS = [SQL[:60], "50%_off", "back\\slash", "😀 flagged", "'quoted'", "a_b", "%"]


@pytest.fixture
def library(library_address: str):
    library = Library.open(library_address)
    yield library
    library.close()


def _text_with(*pieces: str) -> str:
    return "Opening line of the story.\n" + "\n".join(f"Paragraph {i}: {p}." for i, p in enumerate(pieces))


def test_hostile_text_is_stored_and_found_back_unchanged(library: Library) -> None:
    text = _text_with(*HOSTILE)
    source = library.import_source(source_from_text(text, "/story/hostile 'name' %_😀.txt")).source_id
    assert library.versions(source)[-1].text == text
    made = {}
    for number, piece in enumerate(HOSTILE):
        start = text.index(piece)
        info = library.add_annotation(
            [NewTarget(source, start, start + len(piece))], tags=[TAGS[number % len(TAGS)]], note=piece
        )
        assert info.targets[0].exact == piece and info.note == piece
        made[piece] = info.id
    for piece, annotation_id in made.items():
        found = library.annotation(annotation_id)
        assert (found.note, found.targets[0].exact) == (piece, piece)
    assert {tag.name for tag in library.tags()} >= set(TAGS)
    for tag in TAGS:
        assert library.annotations(tag=tag), tag
    # The tables are all still there, and nothing else changed.
    assert [info.id for info in library.sources()] == [source]
    assert len(library.annotations()) == len(HOSTILE)
    assert library.source_id("/story/hostile 'name' %_😀.txt") == source


def test_the_text_filter_takes_wildcards_and_backslashes_literally(library: Library) -> None:
    notes = ["100% sure", "100 percent sure", "snake_case", "snakeXcase", "a\\b", "ab", "😀 smile", SQL]
    text = _text_with("plain words here")
    source = library.import_source(source_from_text(text, "/story/filter.txt")).source_id
    ids = {note: library.add_annotation([NewTarget(source, 0, 7)], note=note).id for note in notes}

    def found(words: str) -> set[str]:
        return {info.note for info in library.annotations(text=words)}

    assert found("%") == {"100% sure"}
    assert found("0% s") == {"100% sure"}
    assert found("_") == {"snake_case"}
    assert found("e_c") == {"snake_case"}
    assert found("\\") == {"a\\b"}
    assert found("a\\b") == {"a\\b"}
    assert found("😀") == {"😀 smile"}
    assert found(SQL) == {SQL}
    assert found("%%") == set() and found("__") == set()
    assert found("SNAKE_") == {"snake_case"}  # still case-insensitive
    assert len(library.annotations()) == len(ids)


def test_a_megabyte_of_note_and_of_text(library: Library) -> None:
    note = ("Ünïcödé 😀 '; DROP TABLE tags;-- 100%_\\ " * 30_000)[: 1024 * 1024]
    text = _text_with("x" * 1024 * 1024, "the end 𝔘")
    source = library.import_source(source_from_text(text, "/story/long.txt")).source_id
    start = text.index("the end")
    info = library.add_annotation([NewTarget(source, start, start + 9)], note=note)
    assert library.annotation(info.id).note == note
    assert library.annotation(info.id).targets[0].exact == "the end 𝔘"
    assert library.versions(source)[-1].text == text
    assert [i.id for i in library.annotations(text="%_\\ Ünïcödé")] == [info.id]
    changed = library.update_annotation(info.id, note=note[::-1])
    assert library.annotation(changed.id).note == note[::-1]


def test_nul_characters_are_refused_on_both_engines_with_one_message(library: Library) -> None:
    text = _text_with("fine")
    source = library.import_source(source_from_text(text, "/story/nul.txt")).source_id
    target = NewTarget(source, 0, 7)
    kept = library.add_annotation([target], tags=["kept"], note="kept")
    seq = library.last_seq()
    attempts = [
        (lambda: library.add_annotation([target], note="before\x00after"), "the note"),
        (lambda: library.add_annotation([target], tags=["bad\x00tag"]), "the tag name"),
        (lambda: library.update_annotation(kept.id, note="\x00"), "the note"),
        (lambda: library.update_annotation(kept.id, tags=["kept", "\x00"]), "the tag name"),
        (lambda: library.add_tag("nul\x00", "#123456"), "the tag name"),
        (lambda: library.judge_link(target, NewTarget(source, 8, 12), "confirmed", note="a\x00"), "the note"),
    ]
    for attempt, what in attempts:
        with pytest.raises(StoreError) as refused:
            attempt()
        assert str(refused.value) == f"{what} {NUL_REFUSED}"
    with pytest.raises(StoreError) as refused:
        library.import_source(source_from_text("a text\x00with a NUL", "/story/binary.txt"))
    message = str(refused.value)
    assert message.startswith("/story/binary.txt: its text contains a NUL character") and "\n" not in message
    with pytest.raises(StoreError, match="its title contains a NUL"):
        library.import_source(source_from_text("a text", "/story/title.txt", title="bad\x00title"))
    # Nothing was written: the annotation, the tags, the sources and the change log are as they were.
    assert library.annotation(kept.id).note == "kept" and library.annotation(kept.id).tags == ("kept",)
    assert [info.path for info in library.sources()] == ["/story/nul.txt"]
    assert library.last_seq() == seq
    assert not [tag for tag in library.tags() if "\x00" in tag.name]
