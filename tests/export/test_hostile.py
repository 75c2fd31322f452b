"""Exports with hostile tags, colours and notes, and exports that fail half-way: nothing runs, nothing loads,
and a failed export never destroys the file it was to replace."""

import csv
import io
import os
import sqlite3
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from reader.core.alignment.align import align
from reader.core.reading.sources import source_from_text
from reader.export.csv_export import neutralize, to_csv
from reader.export.formats import ExportError, export
from reader.export.html import to_html
from reader.export.markdown_report import to_markdown
from reader.export.report import build_report
from reader.store import Library, NewTarget

EVIL_TAG = "x` <img src=x onerror=alert(1)> `y"
EVIL_NOTE = textwrap.dedent(
    """\
    Tracked: ![pixel](http://attacker.example/pixel.png) and [click](javascript:alert(1)),
    [data](data:text/html;base64,PHNjcmlwdD4=), [spaced]( javascript:alert(2)), <img src=x onerror=alert(3)>,
    [ref link][r] and a good [source](https://www.wired.com/story).

    [r]: javascript:alert(4)
    """
)


@pytest.fixture
def hostile(tmp_path: Path):
    library = Library.open(tmp_path / "library.sqlite3")
    sources = [
        source_from_text("Musk said it is standard practice. The court heard more.", path="/s/a.txt"),
        source_from_text("Musk said it is standard practice. Another claim here.", path="/s/b.txt"),
    ]
    ids = [library.import_source(source).source_id for source in sources]
    library.add_annotation([NewTarget(ids[0], 0, 34)], [EVIL_TAG, "disputed"], EVIL_NOTE)
    library.close()
    # A colour that another program (or an older Reader) wrote straight into the file.
    with sqlite3.connect(tmp_path / "library.sqlite3") as connection:
        connection.execute(
            "UPDATE tags SET color = 'red;background-image:url(http://attacker.example/c)' WHERE name = ?",
            ("disputed",),
        )
    connection.close()
    library = Library.open(tmp_path / "library.sqlite3")
    yield build_report(align(sources), library)
    library.close()


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(html)
    return parser.elements


def assert_inert(html: str) -> None:
    """No element that runs or loads anything, no event handler, no remote or script URL."""
    for tag, attrs in elements(html):
        assert tag not in {"script", "img", "iframe", "object", "embed", "link", "base", "form"}, tag
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        href = attrs.get("href") or ""
        assert not href.lower().lstrip().startswith(("javascript:", "data:", "vbscript:")), href
        assert "src" not in attrs


def test_html_export_has_a_policy_that_forbids_every_load_and_no_injected_css(hostile) -> None:
    html = to_html(hostile)
    meta = [a for t, a in elements(html) if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(meta) == 1
    policy = meta[0]["content"] or ""
    assert "default-src 'none'" in policy and "script-src 'none'" in policy and "img-src 'none'" in policy
    assert "url(" not in html and "attacker.example/c" not in html
    assert_inert(html)
    assert "x` &lt;img src=x onerror=alert(1)&gt; `y" in html  # the tag's name, shown as text


def test_markdown_report_keeps_tags_and_notes_from_running_or_loading_anything(hostile) -> None:
    report = to_markdown(hostile)
    rendered = markdown.markdown(report, extensions=["extra"])
    assert_inert(rendered)
    assert "pixel.png" not in "".join(a.get("src") or "" for _, a in elements(rendered))
    links = [a.get("href") for t, a in elements(rendered) if t == "a"]
    assert links and set(links) == {"https://www.wired.com/story"}
    assert "onerror=alert(1)" in rendered  # still readable as text
    # CommonMark renderers too: a code span ends only at a run of backticks as long as its fence.
    fence = next(line for line in report.splitlines() if "onerror=alert(1)" in line and "Annotation" in line)
    assert "``x` <img src=x onerror=alert(1)> `y``" in fence


def test_csv_neutralizes_formulas_in_every_disguise() -> None:
    for cell in (
        "=1+1",
        "+1",
        "-1",
        "@SUM(A1)",
        "＝1+1",
        "＋1",
        "－1",
        "＠x",
        " =1",
        "\n=1",
        "\t1",
        "\r=1",
        "　=1",
    ):
        assert neutralize(cell).startswith("'"), cell
    for cell in ("plain", "1-2", "a=b", "“=quoted”"):
        assert neutralize(cell) == cell


def test_csv_export_of_a_hostile_note_is_one_neutral_cell(hostile) -> None:
    rows = list(csv.reader(io.StringIO(to_csv(hostile).removeprefix("\ufeff"))))
    assert len(rows) == 2 and rows[1][4] == EVIL_NOTE


def test_a_failed_export_leaves_the_previous_file_untouched(tmp_path: Path, small_fs: Path) -> None:
    sources = [
        source_from_text("Big words. " * 150_000, path="/s/a.txt"),
        source_from_text("Other.", path="/s/b.txt"),
    ]
    report = build_report(align(sources), None)
    target = small_fs / "report.html"
    target.write_text("the previous export", encoding="utf-8")
    with pytest.raises(ExportError, match="cannot write"):
        export(report, target)  # over 1.6 MB of text alone: it does not fit in 1 MB
    assert target.read_text(encoding="utf-8") == "the previous export"
    assert sorted(p.name for p in small_fs.iterdir()) == ["report.html"]  # no temporary file left


def test_a_failed_export_under_a_file_size_limit_leaves_the_previous_file(tmp_path: Path) -> None:
    """The same without root: a file-size limit makes the write fail as a full disk does."""
    target = tmp_path / "report.md"
    target.write_text("the previous export", encoding="utf-8")
    script = textwrap.dedent(
        """
        import resource, signal, sys
        from reader.core.alignment.align import align
        from reader.core.reading.sources import source_from_text
        from reader.export.formats import ExportError, export
        from reader.export.report import build_report
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        report = build_report(align([source_from_text("Big " * 100_000), source_from_text("x.", path="b")]), None)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))
        try:
            export(report, sys.argv[1])
        except ExportError as error:
            print(error)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(target)], capture_output=True, text=True, timeout=120, check=False
    )
    assert "cannot write" in result.stdout, result.stderr
    assert target.read_text(encoding="utf-8") == "the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_an_export_replacing_a_file_keeps_its_permissions(tmp_path: Path) -> None:
    report = build_report(align([source_from_text("One."), source_from_text("Two.", path="b.txt")]), None)
    target = tmp_path / "shared.csv"
    target.write_text("old")
    target.chmod(0o640)
    export(report, target)
    assert (target.stat().st_mode & 0o777) == 0o640 and target.read_text(encoding="utf-8-sig").startswith(
        "id,"
    )
    fresh = tmp_path / "fresh.csv"
    export(report, fresh)
    umask = os.umask(0)
    os.umask(umask)
    assert (fresh.stat().st_mode & 0o777) == 0o666 & ~umask
