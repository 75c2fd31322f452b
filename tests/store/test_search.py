"""Searching the library (reader.store.search): the query language, what is indexed, the index kept in the
transaction of each change, hostile input stored and found back unchanged, filters, and where else a
passage appears."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from reader.core.reading.sources import source_from_text
from reader.store import Library, NewTarget, StoreError
from reader.store.records import Change
from reader.store.search_query import parse
from tests.store.old_libraries import add_annotations, add_source, old_library

STORY = (
    "The café on Main Street closed in March. Musk said it is standard practice to use other AIs to "
    "validate your AI. The board met twice, and the minutes were later amended."
)


@pytest.fixture
def library(any_library: Library) -> Library:
    """A fresh library on each engine: every test here runs on SQLite and on PostgreSQL."""
    return any_library


def _source(library: Library, text: str, path: str, title: str | None = None) -> int:
    return library.import_source(source_from_text(text, path=path, title=title)).source_id


def _kinds(library: Library, query: str, **filters: object) -> list[tuple[str, int | None]]:
    return [(hit.kind, hit.annotation_id) for hit in library.search(query, **filters)]  # type: ignore[arg-type]


def test_diacritics_fold_both_ways(library: Library) -> None:
    accented = _source(library, STORY, "/s/accented.txt")
    plain = _source(library, "A cafe in Zurich and the naive reader.", "/s/plain.txt")
    assert {h.source_id for h in library.search("cafe")} == {accented, plain}
    assert {h.source_id for h in library.search("CAFÉ")} == {accented, plain}
    assert {h.source_id for h in library.search("Zürich naïve")} == {plain}
    hit = next(h for h in library.search("cafe") if h.source_id == accented)
    assert hit.kind == "text" and STORY[slice(*hit.span)] == "café"  # type: ignore[misc]
    assert hit.snippet.marked("[", "]").startswith("The [café] on Main Street")


def test_phrase_prefix_and_all_words(library: Library) -> None:
    story = _source(library, STORY, "/s/a.txt")
    _source(library, "Practice makes perfect; standard issue boots.", "/s/b.txt")
    assert [h.source_id for h in library.search('"standard practice"')] == [story]
    assert library.search('"practice standard"') == []
    assert len(library.search("standard practice")) == 2  # both words, anywhere
    assert [h.source_id for h in library.search("valid*")] == [story]
    assert library.search("valid") == []
    assert [h.source_id for h in library.search("“minutes were later”")] == [story]  # curly quotes
    hit = library.search('"later amended" board')[0]
    assert STORY[slice(*hit.span)] == "board met twice, and the minutes were later amended"  # type: ignore[misc]
    assert [hit.snippet.text[a:b] for a, b in hit.snippet.marks] == ["board", "later amended"]


def test_punctuation_and_empty_queries_say_why(library: Library) -> None:
    _source(library, STORY, "/s/a.txt")
    for query in ("", "   ", "...", "!!! ?? --", '""', "*"):
        with pytest.raises(StoreError) as raised:
            library.search(query)
        assert "\n" not in str(raised.value) and str(raised.value)
    assert len(library.search("café ... !!! --")) == 1  # punctuation terms are left out
    assert len(library.search("don't-care café")) == 0  # "don t care" is a phrase, not in the text
    with pytest.raises(StoreError, match="at most"):
        library.search("word " * 1000)


def test_every_kind_is_indexed(library: Library) -> None:
    first = _source(library, "An early text about the harbour authority.", "/s/a.txt", title="Harbour story")
    library.import_source(source_from_text("A later text about the port.", path="/s/a.txt"))
    other = _source(library, STORY, "/s/b.txt")
    added = library.add_annotation(
        [NewTarget(other, 41, 60)], ["needs call", "disputed"], "Ask the spokesperson about the wording"
    )
    assert [(h.kind, h.source_id, h.revision_id is not None) for h in library.search("harbour")] == [
        ("version", first, True)
    ]
    assert [h.kind for h in library.search("port")] == ["text"]
    quote = library.search("musk")
    assert [(h.kind, h.annotation_id) for h in quote] == [("text", None), ("quote", added.id)]
    assert quote[1].span == (41, 60)
    assert _kinds(library, "spokesperson") == [("note", added.id)]
    assert _kinds(library, "needs call") == [("tag", added.id)]
    tag_hit = library.search("needs")[0]
    assert (tag_hit.span, tag_hit.snippet.text, tag_hit.source_path) == ((41, 60), "needs call", "/s/b.txt")


def test_the_index_follows_every_change_in_its_transaction(library: Library) -> None:
    source = _source(library, STORY, "/s/a.txt")
    added = library.add_annotation([NewTarget(source, 0, 9)], ["disputed"], "first wording")
    assert _kinds(library, "wording") == [("note", added.id)]
    library.update_annotation(added.id, note="second phrasing", tags=["checked later"])
    assert library.search("wording") == [] and _kinds(library, "phrasing") == [("note", added.id)]
    assert _kinds(library, "checked") == [("tag", added.id)]
    deleted = library.delete_annotation(added.id)
    assert library.search("phrasing") == [] and library.search("checked") == []
    library.restore_annotation(deleted)
    assert _kinds(library, "phrasing") == [("note", added.id)]

    def fails(session: Session) -> tuple[None, Change]:
        from reader.store.models import AnnotationRow

        row = session.get(AnnotationRow, added.id)
        assert row is not None
        row.note = "rolled back xylophone"
        session.flush()
        raise StoreError("refused after the note was written")

    with pytest.raises(StoreError):
        library._write(fails)
    assert library.search("xylophone") == []
    assert _kinds(library, "phrasing") == [("note", added.id)]
    library.import_source(source_from_text(STORY.replace("March", "April"), path="/s/a.txt"))
    assert [h.kind for h in library.search("march")] == ["version"]
    if not library.is_server:  # FTS5 checks its index against the tables it indexes
        with library.engine.begin() as connection:
            for index in (
                "search_sources",
                "search_versions",
                "search_quotes",
                "search_notes",
                "search_tags",
            ):
                connection.exec_driver_sql(
                    f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)"
                )


HOSTILE = [
    "Robert'); DROP TABLE annotations;--",
    "100% sure_of it: 50%_off \\% \\_",
    'He said "NEAR(a b, 3)" AND NOT (x OR y) ^start col:value * "unbalanced',
    "' OR '1'='1 -- /* */ ; SELECT * FROM sources",
    "a" * 20_000 + " needle " + "b" * 20_000,
    "tabs\tand\nnew lines\r\nand émoji 🧪 and zero-width\u200bjoin",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_stored_and_found_back_unchanged(library: Library, hostile: str) -> None:
    quoted = hostile.replace("\r\n", "\n")  # a source's text has its line ends made one (a note keeps them)
    text = f"Lead sentence. {quoted} Closing sentence."
    source = _source(library, text, "/s/hostile-%_'\".txt", title=" ".join(hostile[:100].split()))
    start = text.index(quoted)
    tag = "".join(c for c in " ".join(hostile.split()) if c.isprintable())[:64].strip()
    added = library.add_annotation([NewTarget(source, start, start + len(quoted))], [tag], hostile)
    stored = library.annotation(added.id)
    assert stored.note == hostile and stored.targets[0].exact == quoted and stored.tags == (tag,)
    words = [w for w in parse(hostile[:2000] if len(hostile) < 2000 else "needle").terms][:3]
    query = " ".join(f'"{" ".join(t.words)}"' for t in words)
    kinds = {h.kind for h in library.search(query)}
    assert {"text", "quote", "note"} <= kinds
    for hit in library.search(query):
        assert hit.source_path == "/s/hostile-%_'\".txt"
    assert library.annotation(added.id).note == hostile  # searching changed nothing


@pytest.mark.parametrize(
    "query",
    [
        'AND OR NOT NEAR * ^ : ( ) "',
        "NEAR(café street, 2)",
        "col:value",
        "^start",
        '"unbalanced phrase',
        "a OR b",
        "NOT",
        "'; DROP TABLE sources; --",
        "%",
        "_",
        "\\",
        "\x00 nul",
        "\udcff broken",
        "🧪",
        "x" * 1999,
    ],
)
def test_hostile_queries_never_raise_anything_but_a_message(library: Library, query: str) -> None:
    _source(library, STORY + " NEAR AND OR NOT start value", "/s/a.txt")
    try:
        hits = library.search(query)
    except StoreError as error:
        assert "\n" not in str(error)
        return
    assert isinstance(hits, list)
    assert len(library.sources()) == 1


def test_fts_operators_are_words(library: Library) -> None:
    source = _source(library, "Near the harbour, or not at all, and then some.", "/s/a.txt")
    assert [h.source_id for h in library.search("NEAR OR NOT AND")] == [source]
    assert library.search("NEAR OR NOT AND elephant") == []  # still every word: OR is no operator


def test_filters(library: Library) -> None:
    a = _source(library, STORY, "/story/a_100%.txt", title="First write-up")
    b = _source(library, STORY + " Also more.", "/story/b.txt", title="Second write-up")
    one = library.add_annotation([NewTarget(a, 41, 60)], ["disputed"], "musk quote checked")
    two = library.add_annotation([NewTarget(b, 41, 60)], ["verified"], "musk quote fine")
    assert {h.source_id for h in library.search("musk")} == {a, b}
    assert sorted(_kinds(library, "musk", tag="disputed")) == [("note", one.id), ("quote", one.id)]
    assert sorted(_kinds(library, "quote", tag="verified")) == [("note", two.id)]
    assert {h.source_id for h in library.search("musk", source=b)} == {b}
    assert {h.source_id for h in library.search("musk", source="second")} == {b}
    assert {h.source_id for h in library.search("musk", source="100%")} == {a}  # % is itself
    assert {h.source_id for h in library.search("musk", source="a_100")} == {a}
    assert {h.source_id for h in library.search("musk", source="/story/b.txt")} == {b}
    with pytest.raises(StoreError, match="no source"):
        library.search("musk", source="a%b")  # not a LIKE pattern: matches nothing
    with pytest.raises(StoreError, match="no source"):
        library.search("musk", source="a_1%")  # no wildcard either
    assert library.search("musk", tag="no such tag") == []


def test_ranked_best_first(library: Library) -> None:
    once = _source(library, "The harbour is quiet today and nothing else happens here at all.", "/s/a.txt")
    often = _source(library, "Harbour news: the harbour, the harbour master, the harbour fees.", "/s/b.txt")
    titled = _source(library, "Nothing about it in the text.", "/s/c.txt", title="Harbour")
    for _ in range(5):
        _source(library, f"Filler text number {_} about other things.", f"/s/filler{_}.txt")
    hits = library.search("harbour")
    assert {h.source_id for h in hits} == {once, often, titled}
    assert hits[0].rank >= hits[1].rank >= hits[2].rank
    assert hits.index(next(h for h in hits if h.source_id == often)) < hits.index(
        next(h for h in hits if h.source_id == once)
    )
    assert next(h for h in hits if h.source_id == titled).span is None  # in the title only
    assert len(library.search("harbour", limit=1)) == 1


def test_existing_library_is_indexed_by_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old_library(path, "0008")
    source = add_source(path, "/old/story.txt", STORY, "2024-01-02 00:00:00")
    add_annotations(path, source, STORY, 3)
    library = Library.open(path)
    try:
        assert [h.source_id for h in library.search('"standard practice"') if h.kind == "text"] == [source]
        assert len([h for h in library.search("café") if h.kind == "quote"]) >= 1
    finally:
        library.close()


def test_where_else_finds_verbatim_and_edited_copies(library: Library) -> None:
    passage = "Musk said it is standard practice to use other AIs to validate your AI."
    home = _source(library, STORY, "/s/home.txt")
    copy = _source(library, "Syndicated. " + passage.upper() + " More follows.", "/s/copy.txt")
    edited = _source(
        library,
        "Rewritten: Musk said it was common practice to use other AIs to validate an AI, he added.",
        "/s/edited.txt",
    )
    _source(library, "Musk said nothing about practice today. " * 3, "/s/unrelated.txt")
    for n in range(5):
        _source(library, f"Another story {n} on the weather.", f"/s/other{n}.txt")
    found = library.where_else(passage, exclude_source_id=home)
    assert [(a.source_id, a.how) for a in found] == [(copy, "verbatim"), (edited, "edited")]
    assert found[0].text == passage.upper()
    assert found[1].text.startswith("Musk said it was common practice") and found[1].text.endswith("an AI")
    assert 0.5 <= found[1].similarity < 1.0
    assert next(a.source_id for a in library.where_else(passage)) in (home, copy)
    assert library.where_else("Entirely absent words zygote quasar.") == []
    with pytest.raises(StoreError):
        library.where_else("... !!!")


def test_author_filter(library: Library) -> None:
    source = _source(library, STORY, "/s/a.txt")
    library.author = "Ana Pérez"
    by_ana = library.add_annotation([NewTarget(source, 0, 9)], ["disputed"], "musk wording")
    library.author = "Ben"
    by_ben = library.add_annotation([NewTarget(source, 41, 60)], ["disputed"], "musk again")
    assert {a for _k, a in _kinds(library, "musk", author="ana pérez")} == {by_ana.id}
    assert {a for _k, a in _kinds(library, "musk", author="Ben")} == {by_ben.id}
    library.update_annotation(by_ana.id, note="musk wording, checked")  # Ben changed Ana's too
    assert {a for _k, a in _kinds(library, "musk", author="Ben")} == {by_ana.id, by_ben.id}
    assert library.search("musk", author="Nobody") == []
    assert library.search("musk", author="%") == []  # no pattern: the name itself


def test_a_copied_library_is_searchable(library: Library, tmp_path: Path) -> None:
    from reader.store.copying import copy_library

    personal = Library.open(tmp_path / "personal.sqlite3")
    try:
        source = _source(personal, "An early text about the harbour.", "/s/a.txt")
        personal.import_source(source_from_text("A later text about the café.", path="/s/a.txt"))
        personal.add_annotation([NewTarget(source, 2, 7)], ["disputed"], "spokesperson said so")
        copy_library(personal, library)
    finally:
        personal.close()
    assert [h.kind for h in library.search("harbour")] == ["version"]
    assert [h.kind for h in library.search("cafe")] == ["text"]
    assert {h.kind for h in library.search("spokesperson disputed")} == set()
    assert [h.kind for h in library.search("spokesperson")] == ["note"]
    assert [h.kind for h in library.search("disputed")] == ["tag"]


def test_the_sqlite_index_is_whole_at_the_head_revision(tmp_path: Path) -> None:
    """Every indexed table keeps its three triggers (a later migration that copied a table to change it
    would drop them silently, and the index would stop following the library)."""
    import sqlite3

    Library.open(tmp_path / "library.sqlite3").close()
    with sqlite3.connect(tmp_path / "library.sqlite3") as connection:
        triggers = {
            row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
        check = connection.execute("INSERT INTO search_sources(search_sources) VALUES ('integrity-check')")
        check.close()
    connection.close()
    indexes = ("search_sources", "search_versions", "search_quotes", "search_notes", "search_tags")
    assert {f"{i}_{s}" for i in indexes for s in ("insert", "delete", "update")} <= triggers
