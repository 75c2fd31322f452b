"""``reader search``: ranked hits one a line with marked snippets, terminal-safe, JSON, filters, and exit
status 1 with one line for no hits or a query that is not a search; on both engines."""

from __future__ import annotations

import json

import pytest

from reader.cli import main
from reader.core.reading.sources import source_from_text
from reader.store import Library, NewTarget

TEXT = (
    "The café on Main Street closed. Musk said it is standard practice to use other AIs to validate your AI."
)


@pytest.fixture
def address(library_address: str) -> str:
    """A library on each engine holding two sources, one with a hostile path and title, and annotations."""
    library = Library.open(library_address)
    try:
        first = library.import_source(
            source_from_text(TEXT, path="/s/a\x1b[2J.txt", title="Café\x1b[31m story")
        ).source_id
        second = library.import_source(source_from_text("A cafe review. " + TEXT, path="/s/b.txt")).source_id
        library.author = "Ana"
        library.add_annotation([NewTarget(first, 0, 8)], ["disputed"], "Call the CAFE owner; 100% sure?")
        library.author = "Ben"
        library.add_annotation([NewTarget(second, 0, 14)], ["verified"], "fine")
    finally:
        library.close()
    return library_address


def test_hits_one_a_line_terminal_safe(address: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "cafe", "--db", address]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) == 5  # two texts, two quotes, one note
    assert "\x1b" not in out  # the stored escape codes are shown, not sent
    assert any(
        line.startswith("note (annotation 1) · Café\\x1b[31m story · /s/a\\x1b[2J.txt:0-8") for line in lines
    )
    assert any("[café]" in line and line.startswith("source text") for line in lines)
    assert all("[caf" in line.lower() for line in lines)


def test_filters_and_json(address: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "cafe", "--tag", "disputed", "--json", "--db", address]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert sorted(h["kind"] for h in hits) == ["note", "quote"]
    assert {h["source_path"] for h in hits} == {"/s/a\x1b[2J.txt"}
    note = next(h for h in hits if h["kind"] == "note")
    assert [note["snippet"][a:b] for a, b in note["marks"]] == ["CAFE"]
    assert main(["search", "cafe", "--author", "ben", "--json", "--db", address]) == 0
    assert {h["annotation_id"] for h in json.loads(capsys.readouterr().out)} == {2}
    assert main(["search", "musk", "--source", "b.txt", "--json", "--db", address]) == 0
    assert {h["source_path"] for h in json.loads(capsys.readouterr().out)} == {"/s/b.txt"}


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("zebra", "no hits for zebra"),
        ("...", "no words to search for"),
        ("   ", "type some words"),
        ('AND OR NOT NEAR * ^ : ( ) "', "no hits"),
    ],
)
def test_no_hits_or_bad_query_is_one_line_and_status_1(
    address: str, capsys: pytest.CaptureFixture[str], query: str, said: str
) -> None:
    assert main(["search", query, "--db", address]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert said in captured.err and captured.err.count("\n") == 1 and captured.err.startswith("reader: ")


def test_an_unknown_source_filter_is_one_line(address: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "cafe", "--source", "nowhere%", "--db", address]) == 1
    assert "no source in the library" in capsys.readouterr().err


def test_a_library_that_is_not_there_yet_is_one_line_and_creates_nothing(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.sqlite3"
    assert main(["search", "cafe", "--db", str(missing)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "there is no library here yet: nothing to search" in err
    assert str(missing) in err and not missing.exists()
