"""Every export format, parsed back and checked against the comparison it came from."""

import csv
import io
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reader.core.alignment.align import align
from reader.core.provenance.who_first import provenance
from reader.core.reading.sources import read_source, source_from_text
from reader.export.formats import ExportError, export
from reader.export.report import ExportOptions, build_report
from reader.store import Library, NewTarget

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
SCRIPT_NOTE = "He said *validate*, not train. <script>alert('note')</script> [source](https://www.wired.com)"
QUOTE = "Musk: It is standard practice to use other AI s to validate your AI."


@pytest.fixture
def library(tmp_path: Path) -> Library:
    lib = Library.open(tmp_path / "library.sqlite3")
    yield lib
    lib.close()


@pytest.fixture
def comparison(library: Library):
    """The sample story plus a source whose own text contains markup, with annotations."""
    sources = [read_source(p) for p in SEEDS]
    sources.append(
        source_from_text(
            "A <script>alert('source')</script> tag in an article 😀. =SUM(A1) is here.",
            path="/tmp/markup.txt",
        )
    )
    alignment = align(sources)
    ids = {index: library.import_source(source).source_id for index, source in enumerate(alignment.sources)}
    text = alignment.sources[0].text
    start = text.index(QUOTE)
    library.add_annotation(
        [NewTarget(ids[0], start, start + len(QUOTE))], ["disputed", "unsourced"], SCRIPT_NOTE
    )
    group = next(
        g for g in alignment.groups if alignment.member_text(g.members[0]).startswith("Michael Kratsios")
    )
    library.add_annotation(
        [NewTarget(ids[m.source], m.start, m.end) for m in group.members], ["verified"], "=1+1 is no formula"
    )
    markup = alignment.sources[5].text
    library.add_annotation([NewTarget(ids[5], 0, len(markup))], ["quote"], "@mention -minus +plus")
    return alignment


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.in_style = False
        self.style = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.style += data
        else:
            self.text.append(data)


def test_html_is_self_contained_escaped_and_aligned(tmp_path: Path, library, comparison) -> None:
    path = tmp_path / "report.html"
    report = build_report(comparison, library)
    assert export(report, path) == "html"
    html = path.read_text(encoding="utf-8")
    parser = Collector()
    parser.feed(html)
    names = [tag for tag, _ in parser.tags]
    assert "script" not in names and "img" not in names and "iframe" not in names and "link" not in names
    assert all("src" not in attrs for _, attrs in parser.tags)
    assert "url(" not in parser.style and "@import" not in parser.style
    assert all(
        attrs.get("href", "https://").startswith(("https://", "http://", "#"))
        for tag, attrs in parser.tags
        if tag == "a"
    )
    text = "".join(parser.text)
    assert "<script>alert('source')</script>" in text  # the source's own markup, shown as text
    assert "alert('note')" not in text  # the note's script is removed by sanitizing
    assert "He said validate, not train." in " ".join(text.split())
    table = html[html.index("<table class='aligned'>") :]
    assert table.count("<th>") == len(comparison.sources)
    assert table.count("<tr id='g") == len(report.groups())
    row = table[table.index("<tr id='g") :]
    assert row.split("</tr>")[0].count("<td") == len(comparison.sources)  # one column per source, level rows
    assert "disputed" in text and "Annotations by tag" in text


def test_markdown_has_groups_differences_and_a_section_per_tag(tmp_path, library, comparison) -> None:
    path = tmp_path / "report.md"
    export(build_report(comparison, library), path)
    markdown = path.read_text(encoding="utf-8")
    for tag in ("disputed", "unsourced", "verified", "quote"):
        assert f"## Tag: {tag}" in markdown
    assert "Differences:" in markdown and "### Reworded" in markdown
    assert "&lt;script&gt;alert('note')&lt;/script&gt;" in markdown and "<script>" not in markdown.replace(
        "\\<script\\>", ""
    )
    assert QUOTE in markdown


def test_json_is_w3c_web_annotation(tmp_path, library, comparison) -> None:
    path = tmp_path / "report.json"
    export(build_report(comparison, library), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == 3
    texts = {Path(s["path"]).absolute().as_uri(): s["text"] for s in data["alignment"]["sources"]}
    for item in data["first"]["items"]:
        assert item["type"] == "Annotation" and item["id"].startswith("urn:reader:annotation:")
        purposes = {body["purpose"] for body in item["body"]}
        assert purposes <= {"tagging", "commenting"} and "tagging" in purposes
        for target in item["target"]:
            selectors = {s["type"]: s for s in target["selector"]}
            quote, position = selectors["TextQuoteSelector"], selectors["TextPositionSelector"]
            assert texts[target["source"]][position["start"] : position["end"]] == quote["exact"]
    assert data["alignment"]["schema"] == "reader.alignment/2"
    copying = {(c["copier"], c["origin"]): c for c in data["alignment"]["copying"]}
    assert copying[("s5", "s1")]["evidence"] == "credit" and copying[("s5", "s1")]["credits"] == 5


def test_csv_round_trips_with_bom_and_neutralized_formulas(tmp_path, library, comparison) -> None:
    path = tmp_path / "report.csv"
    export(build_report(comparison, library), path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 3
    by_tags = {row["tags"]: row for row in rows}
    assert (
        by_tags["disputed, unsourced"]["note"] == SCRIPT_NOTE
        and by_tags["disputed, unsourced"]["quote"] == QUOTE
    )
    assert by_tags["verified"]["note"] == "'=1+1 is no formula"
    assert by_tags["quote"]["note"] == "'@mention -minus +plus"
    assert "😀" in by_tags["quote"]["quote"]
    assert by_tags["verified"]["source"].count(";") == 1  # one annotation on two sources


def pdf_text(path: Path) -> tuple[int, str]:
    if shutil.which("pdftotext") and shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        return pages, subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_is_paginated_with_page_numbers_and_the_report_text(tmp_path, library, comparison) -> None:
    path = tmp_path / "report.pdf"
    export(build_report(comparison, library), path)
    assert path.read_bytes().startswith(b"%PDF")
    pages, text = pdf_text(path)
    flat = " ".join(text.split())
    assert pages > 3
    assert f"page 1 of {pages}" in flat and f"page {pages} of {pages}" in flat
    assert "Tag: disputed" in flat and "validate" in flat
    # Markup in a note is shown as the text the user typed; a PDF runs nothing.
    assert "<script>alert('note')</script>" in flat


def test_options_filter_tags_and_passages(library, comparison) -> None:
    everything = build_report(comparison, library)
    only_disputed = build_report(comparison, library, ExportOptions(tags=frozenset({"disputed"})))
    assert [a.tags for a in only_disputed.annotations] == [("disputed", "unsourced")]
    annotated = build_report(comparison, library, ExportOptions(annotated_only=True))
    assert len(annotated.groups()) == 3 < len(everything.groups())
    differences = build_report(comparison, library, ExportOptions(full_texts=False))
    assert all(g.kind != "verbatim" or differences.group_annotations(g) for g in differences.groups())
    assert len(differences.groups()) < len(everything.groups())


def test_unknown_format_and_unwritable_path(tmp_path, library, comparison) -> None:
    report = build_report(comparison, library)
    with pytest.raises(ExportError, match="extension"):
        export(report, tmp_path / "report.docx")
    with pytest.raises(ExportError, match="cannot write"):
        export(report, tmp_path / "missing" / "report.html")


def test_reader_export_command(tmp_path, library, comparison) -> None:
    library.close()
    out = tmp_path / "out.csv"
    command = [
        sys.executable,
        "-m",
        "reader",
        "export",
        *map(str, SEEDS),
        "--db",
        str(tmp_path / "library.sqlite3"),
        "-o",
        str(out),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {row["tags"] for row in rows} == {"disputed, unsourced", "verified"}  # markup.txt not given
    bad = subprocess.run(
        [*command[:-2], "-o", str(tmp_path / "out.xyz")], capture_output=True, text=True, timeout=120
    )
    assert bad.returncode == 2 and "cannot tell the format" in bad.stderr and "Traceback" not in bad.stderr


def test_every_export_says_who_had_it_first(tmp_path, library, comparison) -> None:
    from reader.export.fragments import copying_lines

    report = build_report(comparison, library)
    lines = copying_lines(comparison)
    wired = next(line for line in lines if line.startswith("Musk Admits xAI Distilled… takes "))
    assert "from WIRED;" in wired and "Direction: its credits." in wired
    html_path, md_path, pdf_path = tmp_path / "r.html", tmp_path / "r.md", tmp_path / "r.pdf"
    for path in (html_path, md_path, pdf_path):
        export(report, path)
    html = html_path.read_text(encoding="utf-8")
    parser = Collector()
    parser.feed(html)
    text = " ".join("".join(parser.text).split())
    assert "Who had it first" in text and wired in text
    assert "Musk Admits xAI Distilled… credits WIRED 5 times, The Verge (not compared)" in text
    svg = html[html.index('<svg class="copy-graph"') : html.index("</svg>")]
    drawn = [c for c in provenance(comparison).copying if c.share >= 0.005]
    assert svg.count("<line ") == len(drawn)
    assert svg.count("<polygon ") == sum(c.known for c in drawn)  # an arrow head where the direction is known
    assert svg.count("<circle ") == len(comparison.sources)
    assert "first here" in html or "first known here" in html
    markdown = md_path.read_text(encoding="utf-8")
    assert (
        "## Who had it first" in markdown and "| WIRED |" in markdown and "Apr 30, 2026 1:41 PM" in markdown
    )
    assert "First known in WIRED (Apr 30, 2026 1:41 PM)" in markdown  # no escape where none is needed
    _pages, pdf = pdf_text(pdf_path)
    flat = " ".join(unicodedata.normalize("NFKC", pdf).split())  # "ﬁ": the font's ligature
    assert "Who had it first" in flat and "Musk Admits xAI Distilled... takes" in flat  # NFKC: "…" is "..."
    if shutil.which("pdfimages"):
        images = subprocess.run(["pdfimages", "-list", str(pdf_path)], capture_output=True, text=True).stdout
        assert len(images.strip().splitlines()) >= 3  # a header, a rule, and the graph


def test_pdf_body_text_is_at_least_10_points_in_real_tables_on_landscape_pages(
    tmp_path, library, comparison
) -> None:
    from pypdf import PdfReader

    path = tmp_path / "report.pdf"
    export(build_report(comparison, library), path)
    reader = PdfReader(str(path))
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # six sources: landscape
    sizes: list[tuple[float, str]] = []

    def visit(text, cm, tm, _font, size) -> None:
        if text.strip():
            sizes.append((size * abs(tm[3] * cm[3] + tm[2] * cm[1]), text.strip()))

    for number in range(min(4, len(reader.pages))):
        reader.pages[number].extract_text(visitor_text=visit)
    footer = "sources compared · page"
    body = [(size, text) for size, text in sizes if footer not in " ".join(text.split())]
    assert body and min(size for size, _ in body) >= 10 - 0.05, sorted(body)[:3]
    cells = {" ".join(text.split()) for _size, text in body}
    assert {"WIRED", "Apr 30, 2026 1:41 PM"} <= cells  # table cells, not text run together


def test_pdf_repeats_a_tables_header_on_every_page_it_runs_over(tmp_path, library) -> None:
    """Forty sources make the summary table longer than a page: its header row comes back on the next."""
    from pypdf import PdfReader

    sources = [
        source_from_text(f"Report {n}\n\nOutlet {n} says the court met on day {n}.", path=f"/tmp/s{n}.txt")
        for n in range(40)
    ]
    alignment = align(sources)
    for source in alignment.sources:
        library.import_source(source)
    path = tmp_path / "report.pdf"
    export(build_report(alignment, library), path)
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(str(path)).pages]
    first_part = [text.split("Shared text between sources")[0] for text in pages]  # the summary table's part
    summary = [
        n for n, text in enumerate(first_part) if re.search(r"Report \d+ Report \d+ \( ?s\d+\.txt ?\)", text)
    ]
    assert len(summary) >= 2, "the summary table runs over two pages or more"
    for number in summary:
        assert "Source Outlet Published" in pages[number], f"page {number + 1} lacks the table's header"


def test_web_annotation_targets_name_a_page_by_its_address_and_say_how_a_change_moved_them() -> None:
    from reader.export.webannotation import _target
    from reader.store import TargetInfo

    url = "https://example.org/news/story?id=7"
    moved = TargetInfo(1, url, 10, 14, "Musk", "said ", " told", "moved", None, "moved with its words (92%)")
    stayed = TargetInfo(2, "/tmp/a.txt", 0, 4, "Musk", "", " said", "anchored")
    orphan = TargetInfo(
        2, "/tmp/a.txt", 0, 4, "gone", "", "", "orphaned", None, "orphaned: its words are gone"
    )
    assert _target(moved)["source"] == url
    assert _target(moved)["reader:placement"] == {"status": "moved", "evidence": "moved with its words (92%)"}
    assert _target(stayed)["source"] == "file:///tmp/a.txt" and "reader:placement" not in _target(stayed)
    assert [s["type"] for s in _target(orphan)["selector"]] == ["TextQuoteSelector"]
    assert _target(orphan)["reader:placement"]["status"] == "orphaned"


def test_csv_says_how_a_changed_text_moved_each_annotation(tmp_path, library) -> None:
    first = source_from_text("Musk said it is standard practice. Savitt asked again.", path="/story/x.txt")
    source_id = library.import_source(first).source_id
    start = first.text.index("Savitt asked again.")
    library.add_annotation(
        [NewTarget(source_id, start, start + len("Savitt asked again."))], ["disputed"], ""
    )
    second = source_from_text("New intro. " + first.text, path="/story/x.txt")
    library.import_source(second)
    alignment = align([second, source_from_text("Savitt asked again, the court heard.", path="/story/y.txt")])
    export(build_report(alignment, library), tmp_path / "report.csv")
    (row,) = csv.DictReader(io.StringIO((tmp_path / "report.csv").read_text(encoding="utf-8-sig")))
    assert row["status"] == "moved" and row["evidence"].startswith("x.txt: moved with its words")


def test_html_markdown_and_pdf_say_how_a_changed_text_moved_or_orphaned_each_annotation(
    tmp_path, library
) -> None:
    from pypdf import PdfReader

    first = source_from_text("Musk said it is standard practice. Savitt asked again.", path="/story/x.txt")
    source_id = library.import_source(first).source_id
    for quote, tag in (("Savitt asked again.", "disputed"), ("standard practice", "verified")):
        start = first.text.index(quote)
        library.add_annotation([NewTarget(source_id, start, start + len(quote))], [tag], "")
    # The second version moves the first quote down and drops the second one's words.
    second = source_from_text("New intro. Musk said nothing of it. Savitt asked again.", path="/story/x.txt")
    library.import_source(second)
    alignment = align([second, source_from_text("Savitt asked again, the court heard.", path="/story/y.txt")])
    report = build_report(alignment, library)
    for name in ("report.html", "report.md", "report.pdf"):
        export(report, tmp_path / name)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    markdown_text = (tmp_path / "report.md").read_text(encoding="utf-8")
    pdf_text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(str(tmp_path / "report.pdf")).pages
    )
    for text in (html, markdown_text, pdf_text):
        assert "moved with its words" in text and "the text around them agrees" in text
        assert "orphaned: its words are short and no longer in the text" in text
    assert "<p class='placement'>New intro. Musk said…: moved with its words" in html
    assert "> *orphaned: " in markdown_text
