"""Every export carries the relations: the same fact in other words, copied fragments, conflicting details."""

import csv
import io
import json
from pathlib import Path

from reader.core.alignment.align import align
from reader.core.reading.sources import source_from_text
from reader.export.formats import export
from reader.export.report import build_report
from reader.store import Library, NewTarget

CLAUSE = "a farmer from Iowa who never went to law school"
FIRST = (
    "Elon Musk testified that xAI had partly distilled OpenAI models to train Grok.\n\n"
    'On May 4 the company paid $62.6 million, and Musk said it had done so "partly".\n\n'
    f"The plaintiff, {CLAUSE}, argued his own case before the appeals court in March.\n"
)
SECOND = (
    "According to testimony by Musk, Grok was trained in part by distilling models made by OpenAI.\n\n"
    'On May 9 the company paid $62 million, and Musk said it had done so "generally".\n\n'
    f"Observers were surprised that {CLAUSE} could win a ruling against the state.\n"
)


def test_every_format_carries_relations_fragments_and_discrepancies(tmp_path: Path) -> None:
    alignment = align(
        [source_from_text(FIRST, "/tmp/first.txt"), source_from_text(SECOND, "/tmp/second.txt")]
    )
    assert alignment.fragments and alignment.discrepancy_counts()
    library = Library.open(tmp_path / "library.sqlite3")
    ids = [library.import_source(source).source_id for source in alignment.sources]
    start = SECOND.index("On May 9")
    library.add_annotation([NewTarget(ids[1], start, start + len("On May 9"))], ["disputed"], "Which day?")
    report = build_report(alignment, library)
    for name in ("r.html", "r.md", "r.json", "r.csv"):
        export(report, str(tmp_path / name))
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "the same fact in other words" in html and "class='paraphrase'" in html
    assert "“May 9” here, “May 4” in Elon Musk testified…" in html
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "### Same fact in other words" in markdown
    assert "Differs (number): “$62 million” here, “$62.6 million” in first.txt" in markdown
    assert f"Copied word for word (10 words), also in first.txt: “{CLAUSE}”" in markdown
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["alignment"]
    assert data["fragments"][0]["text"] == CLAUSE
    kinds = {m["found_by"] for g in data["groups"] for m in g["members"] if "found_by" in m}
    assert "meaning" in kinds
    (row,) = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8-sig"))))
    assert row["relation"] == "reworded (2 sources)" and "date: May 9 / May 4" in row["differs"]
    library.close()


def test_every_format_says_a_fact_told_twice_is_reported_elsewhere(tmp_path: Path, seed_paths) -> None:
    from reader.core.reading.sources import read_source

    alignment = align([read_source(path) for path in seed_paths])
    text = alignment.sources[2].text
    start = text.index("Elon Musk confirmed under oath")
    member, group = alignment.member_at(2, start)
    assert group.kind == "repeated"
    library = Library.open(tmp_path / "library.sqlite3")
    ids = [library.import_source(source).source_id for source in alignment.sources]
    library.add_annotation([NewTarget(ids[2], start, member.end)], ["verified"], "Said twice by 002")
    report = build_report(alignment, library)
    for name in ("r.html", "r.md", "r.json", "r.csv"):
        export(report, str(tmp_path / name))
    where = f"g{group.repeats}"
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert f"### Told again (g{group.id})" in markdown
    assert f"other sources report it in {where}" in markdown
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert f"{alignment.kind_counts()['repeated']} told again by their source" in html
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["alignment"]
    (entry,) = [g for g in data["groups"] if g["id"] == f"g{group.id}"]
    assert entry["kind"] == "repeated" and entry["repeats"] == where
    (row,) = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8-sig"))))
    assert row["relation"] == f"told again (others report it in {where})"
    library.close()


def test_every_format_says_what_two_sources_both_quote_apart_from_copying(tmp_path: Path) -> None:
    from tests.core.test_provenance import PLEDGE, QUOTING, QUOTING_TOO
    from tests.export.test_exports import pdf_text

    alignment = align(
        [source_from_text(QUOTING, "/tmp/planet.txt"), source_from_text(QUOTING_TOO, "/tmp/star.txt")]
    )
    library = Library.open(tmp_path / "library.sqlite3")
    ids = [library.import_source(source).source_id for source in alignment.sources]
    start = QUOTING_TOO.index(PLEDGE)
    library.add_annotation([NewTarget(ids[1], start, start + len(PLEDGE))], ["quote"], "Her words")
    report = build_report(alignment, library)
    for name in ("r.html", "r.md", "r.json", "r.csv"):
        export(report, str(tmp_path / name))
    sentence = "Daily Planet and Morning Star both quote Mayor Jane Doe"
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "No source takes text from another" in html and sentence in html
    assert "both quote Mayor Jane Doe with Daily Planet" in html  # the passage's label
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "No source takes text from another" in markdown and "Both quote a third party" in markdown
    assert (
        "Daily Planet and Morning Star both quote Mayor Jane Doe (" in markdown
    )  # no escape where none is needed
    assert "both quote Mayor Jane Doe with Morning Star" in markdown
    assert "Both quote Mayor Jane Doe: those words are not copying." in markdown  # beside who had it first
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["alignment"]
    assert data["schema"] == "reader.alignment/2" and data["copying"] == []
    (both,) = data["both_quote"]
    assert both["sources"] == ["s1", "s2"] and both["speakers"] == ["Mayor Jane Doe"]
    assert [p["text"] for p in both["passages"]] == [PLEDGE + ","]
    marked = [m for g in data["groups"] for m in g["members"] if "quoted" in m]
    assert {m["source"]: m["quoted"]["with"] for m in marked} == {"s1": ["s2"], "s2": ["s1"]}
    (row,) = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8-sig"))))
    assert row["relation"].endswith("; both quote Mayor Jane Doe with Daily Planet")
    export(report, str(tmp_path / "r.pdf"))  # the PDF is the Markdown report, laid out
    _pages, text = pdf_text(tmp_path / "r.pdf")
    flat = " ".join(text.split())
    assert (
        "Morning Star both quote Mayor Jane Doe (" in flat
        and "both quote Mayor Jane Doe with Morning Star" in flat
    )
    library.close()


def test_every_format_shows_a_passage_linked_beside_its_group(tmp_path: Path) -> None:
    from tests.core.test_links import _sources

    alignment = align(_sources())
    assert alignment.links
    library = Library.open(tmp_path / "library.sqlite3")
    ids = [library.import_source(source).source_id for source in alignment.sources]
    start = alignment.sources[0].text.index("Musk testified")
    library.add_annotation([NewTarget(ids[0], start, start + 20)], ["two facts"], "")
    report = build_report(alignment, library)
    for name in ("r.html", "r.md", "r.json", "r.csv"):
        export(report, str(tmp_path / name))
    (row,) = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8-sig"))))
    assert "; also linked to Court notes " in row["relation"]
    other = "He said xAI had partly used OpenAI's models to train its chatbot Grok."
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert (
        "<ul class='linked'><li>also linked to Court notes" in html and other.replace("'", "&#x27;") in html
    )
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "Also linked to Court notes" in markdown and "partly used OpenAI" in markdown
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["alignment"]
    assert any(link["b_text"] == other or link["a_text"] == other for link in data["links"])
    library.close()
