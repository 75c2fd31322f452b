"""Every export says who wrote each annotation, and who changed it last where that is someone else: the W3C
``creator`` (a Person), CSV columns, a byline in the HTML and Markdown reports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from reader.core.alignment.align import align
from reader.core.reading.sources import source_from_text
from reader.export.formats import export
from reader.export.report import build_report
from reader.store import Library, NewTarget

ONE = "The mayor said the bridge will open in May. Engineers disagree."
TWO = "The mayor said the bridge will open in May, a spokesman added. Engineers disagree."
ANA = "Ana <Núñez> & *Co*"  # a name that would be markup in HTML and Markdown


@pytest.fixture
def report(tmp_path: Path):
    library = Library.open(tmp_path / "library.sqlite3")
    alignment = align([source_from_text(ONE, "/story/one.txt"), source_from_text(TWO, "/story/two.txt")])
    ids = {index: library.import_source(source).source_id for index, source in enumerate(alignment.sources)}
    library.author = ANA
    first = library.add_annotation([NewTarget(ids[0], 0, 9)], ["disputed"], "Mayor or deputy?")
    second = library.add_annotation([NewTarget(ids[1], 15, 25)], ["verified"], "Checked with the city.")
    library.author = "Ben"
    library.update_annotation(second.id, note="Checked with the city; Ben called.")
    yield build_report(alignment, library), first.id, second.id
    library.close()


def test_web_annotation_names_the_creator_and_who_changed_it(tmp_path: Path, report) -> None:
    built, first, second = report
    export(built, tmp_path / "report.json")
    items = {
        item["id"]: item
        for item in json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["first"]["items"]
    }
    made = items[f"urn:reader:annotation:{first}"]
    changed = items[f"urn:reader:annotation:{second}"]
    assert made["creator"] == {"type": "Person", "name": ANA}
    assert "reader:modifiedBy" not in made  # changed by no one else
    assert changed["creator"] == {"type": "Person", "name": ANA}
    assert changed["reader:modifiedBy"] == {"type": "Person", "name": "Ben"}


def test_csv_has_who_made_and_who_changed_each_annotation(tmp_path: Path, report) -> None:
    built, first, second = report
    export(built, tmp_path / "report.csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "report.csv").read_text(encoding="utf-8-sig"))))
    by_id = {row["id"]: row for row in rows}
    assert (by_id[str(first)]["created_by"], by_id[str(first)]["modified_by"]) == (ANA, ANA)
    assert (by_id[str(second)]["created_by"], by_id[str(second)]["modified_by"]) == (ANA, "Ben")


def test_html_and_markdown_say_who_wrote_each_note(tmp_path: Path, report) -> None:
    built, _first, _second = report
    export(built, tmp_path / "report.html")
    export(built, tmp_path / "report.md")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<p class='byline'>by Ana &lt;Núñez&gt; &amp; *Co*</p>" in html
    assert "by Ana &lt;Núñez&gt; &amp; *Co*, last changed by Ben" in html
    assert "<Núñez>" not in html  # escaped, never markup
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    lines = [line.strip() for line in markdown.splitlines() if "Annotation " in line and "by Ana" in line]
    assert lines, markdown
    assert all("&lt;Núñez>" in line and "\\*Co\\*" in line for line in lines)  # text, not markup
    assert any(line.endswith("last changed by Ben") for line in lines)


def test_an_annotation_from_before_authors_were_recorded_has_no_creator(tmp_path: Path) -> None:
    from reader.export.notes import authorship
    from reader.export.webannotation import _annotation

    library = Library.open(tmp_path / "library.sqlite3")
    try:
        source = library.import_source(source_from_text(ONE, "/story/one.txt")).source_id
        info = library.add_annotation([NewTarget(source, 0, 9)], [], "old")
    finally:
        library.close()
    from dataclasses import replace

    old = replace(info, created_by=None, modified_by=None)
    assert "creator" not in _annotation(old) and "reader:modifiedBy" not in _annotation(old)
    assert authorship(old) == ""
