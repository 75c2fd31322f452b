"""Notes rendered from Markdown: the same HTML as python-markdown gives, in linear time, and all of a long
note shown (its first part formatted, the rest as typed)."""

import html
import re

import markdown
import pytest

from reader.export.notes import EXTENSIONS, MARKDOWN_LIMIT, note_html

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


@pytest.mark.parametrize("note", BRACKETS)
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
