"""Notes rendered from Markdown: the same HTML as python-markdown gives, in linear time, and all of a long
note shown (its first part formatted, the rest as typed)."""

import html
import re

import markdown
import pytest

from reader.core.reading.markdown_text import EXTENSIONS
from reader.export.notes import MARKDOWN_LIMIT, note_html

from .test_exports import comparison, library  # noqa: F401  (fixtures)

LINKS = "".join(f"[link {i}](https://example.com/{i}) " for i in range(500))
BRACKETS = [
    LINKS,
    "[a [nested] link](https://e.com) then [an unclosed one and [a](https://b.com) after [x]",
    "[[[[a](https://e.com)]]] [b][r] ![img](https://e.com/i.png) [c](https://e.com 'title')\n\n[r]: https://r.com",
    "]][[ [x](https://e.com) [ [ [y](https://f.com) ] [z]",
]


def stock(note: str) -> str:
    """python-markdown as it comes, with the same extensions and raw HTML blocks off: what note_html must
    match (it only makes the same rendering faster)."""
    converter = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    converter.preprocessors.deregister("html_block")
    return converter.convert(note)


@pytest.mark.parametrize("note", BRACKETS, ids=["500 links", "nested", "references", "stray"])
def test_links_render_as_python_markdown_renders_them(note: str) -> None:
    import nh3

    from reader.export.notes import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES

    expected = nh3.clean(
        stock(note),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    assert note_html(note) == expected


def test_five_hundred_links_in_one_paragraph_are_five_hundred_links() -> None:
    hrefs = re.findall(r'href="([^"]+)"', note_html(LINKS))
    assert hrefs == [f"https://example.com/{i}" for i in range(500)]


def test_a_note_past_the_limit_is_all_shown_and_says_which_part_is_not_formatted() -> None:
    paragraph = "Some *emphasis* and a [link](https://e.com) <b>&amp;</b>\n\n"
    note = paragraph * (2 * MARKDOWN_LIMIT // len(paragraph)) + "The very last words <script>x</script>"
    rendered = note_html(note)
    head, said, rest = rendered.partition("is shown as typed")
    assert said and f"{MARKDOWN_LIMIT:,}" in rest
    assert "<em>emphasis</em>" in head and "<em>emphasis</em>" not in rest.split("</em></p>", 1)[1]
    shown = html.unescape(rest.split("</em></p>", 1)[1].replace("<br>", "\n").removeprefix("<p>"))
    shown = shown.removesuffix("</p>")
    # The formatted part ends at a paragraph's end, and the rest is the note's text to its last character.
    assert note.endswith(shown) and note[: len(note) - len(shown)].endswith("\n\n")
    assert "<script>" not in rendered and "&lt;script&gt;x&lt;/script&gt;" in rendered


def test_a_note_under_the_limit_has_no_plain_part() -> None:
    note = "word " * (MARKDOWN_LIMIT // 5)
    assert "shown as typed" not in note_html(note)


def test_the_markdown_report_keeps_a_long_note_whole_and_its_rest_as_typed(library, comparison) -> None:  # noqa: F811
    from reader.export.markdown_report import to_markdown
    from reader.export.report import build_report
    from reader.store import NewTarget

    paragraph = "Some *emphasis* and <b>a tag</b>\n\n"
    note = paragraph * (2 * MARKDOWN_LIMIT // len(paragraph)) + "The very last *words*"
    source_id = library.annotations()[0].targets[0].source_id
    library.add_annotation([NewTarget(source_id, 0, 10)], ["disputed"], note)
    text = to_markdown(build_report(comparison, library))
    assert "is shown as typed: Reader formats the first" in text
    assert "\n        The very last *words*\n" in text  # a code block: shown as typed, markup and all
    assert text.count("        Some *emphasis* and <b>a tag</b>\n") + text.count(
        "    Some *emphasis* and &lt;b&gt;a tag&lt;/b&gt;\n"
    ) == 2 * note.count("Some *emphasis*")  # every paragraph, in the note's two places (passage and tag)


def test_a_pdf_of_a_note_of_many_links_has_all_of_it(tmp_path, library, comparison) -> None:  # noqa: F811
    from reader.export.formats import export
    from reader.export.report import build_report
    from reader.store import NewTarget

    from .test_exports import pdf_text

    # Links in one paragraph past the formatted part, then unclosed tags (100 KB of links took 110 s to make
    # a PDF before links were found without a rescan each; 100 KB of "<a " 29 s while the report's HTML
    # blocks were parsed; tests/benchmarks/bench_notes.py measures them). Small here: reading a PDF is slow.
    links = "".join(f"[link {i}](https://example.com/{i}) " for i in range(1600))
    note = links + "\n\n" + "<a " * 2_000 + "\n\nLast words here"
    source_id = library.annotations()[0].targets[0].source_id
    library.add_annotation([NewTarget(source_id, 0, 10)], ["disputed"], note)
    export(build_report(comparison, library), tmp_path / "report.pdf")
    _pages, text = pdf_text(tmp_path / "report.pdf")
    flat = " ".join(text.split())
    assert "Last words here" in flat and "shown as typed" in flat
    assert "[link1599](https://example.com/1599)" in flat.replace(" ", "")  # pdftotext spaces the fixed font
