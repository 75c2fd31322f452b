import os
from pathlib import Path

import pytest

from reader.core.reading.sources import SourceError, read_source, read_sources, source_from_text
from tests.documents import make_docx, make_pdf, text_page


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_seed_titles_and_metadata(seed_paths: list[Path]) -> None:
    first = read_source(seed_paths[0])
    assert first.title == "Elon Musk Seemingly Admits xAI Has Used OpenAI's Models to Train Its Own"
    assert first.date == "Apr 30, 2026 1:41 PM"
    assert first.format == "text"
    assert read_source(seed_paths[3]).date == "May 4, 2026"


def test_plain_text_keeps_the_text_and_normalises_line_endings(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", b"Headline\r\nBy Jane Roe\r\nFirst line.\rSecond.")
    source = read_source(path)
    assert source.text == "Headline\nBy Jane Roe\nFirst line.\nSecond."
    assert source.title == "Headline"
    assert source.author == "Jane Roe"


def test_markdown_is_read_through_markdown(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "story.md",
        "---\ntitle: The Story\nauthor: A. Writer\n---\n# Big *news*\n\nA [linked](http://x) claim.\n\n- one\n- two\n",
    )
    source = read_source(path)
    assert source.format == "markdown"
    assert source.title == "The Story"
    assert source.author == "A. Writer"
    assert source.text == "Big news\n\nA linked claim.\n\none\n\ntwo"


def test_html_keeps_the_article_and_drops_page_furniture(tmp_path: Path) -> None:
    html = """<!doctype html><html><head><title>Musk admits it | The Daily Byte</title>
    <meta name="author" content="Jane Roe"><meta property="article:published_time" content="2026-05-01">
    <meta property="og:site_name" content="The Daily Byte"><style>p{color:red}</style>
    <script>var secret = "do not show";</script></head><body>
    <nav><a href="/">Home</a> <a href="/tech">Tech</a></nav><header>Site banner</header>
    <div class="cookie-banner">We use cookies.</div>
    <article><h1>Musk admits xAI distilled OpenAI models</h1>
    <p>While testifying on Thursday in federal court, Elon Musk seemed to indicate that his AI lab used
    OpenAI&rsquo;s models.</p><ul><li>First point.</li><li>Second point.</li></ul>
    <div class="share-bar">Share on X</div>
    <p>He touched upon the topic on the witness stand.<br>A second line.</p></article>
    <aside>Related: cats</aside><footer>© 2026 The Daily Byte</footer></body></html>"""
    source = read_source(write(tmp_path, "page.html", html))
    assert source.format == "html"
    assert source.title == "Musk admits xAI distilled OpenAI models"
    assert (source.author, source.date, source.outlet) == ("Jane Roe", "2026-05-01", "The Daily Byte")
    paragraphs = source.text.split("\n\n")
    assert paragraphs[0] == "Musk admits xAI distilled OpenAI models"
    assert paragraphs[1].endswith("used OpenAI’s models.")
    assert "- First point." in paragraphs and "A second line." in paragraphs  # list items keep a marker
    for furniture in ("secret", "Home", "cookies", "Share on X", "Related", "©", "Site banner", "color"):
        assert furniture not in source.text


def test_html_in_a_legacy_charset_uses_the_declared_charset(tmp_path: Path) -> None:
    html = '<html><head><meta charset="windows-1251"></head><body><p>Привет, мир.</p></body></html>'
    source = read_source(write(tmp_path, "ru.html", html.encode("cp1251")))
    assert source.text == "Привет, мир."


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b"  \n\t\n  ", "only white space"),
        ("binary.txt", b"\x00\x01\x02\x03binary\x00", "binary file"),
        ("doc.txt", b"%PDF-1.4 ...", "is not a PDF Reader can read"),  # read as the PDF it says it is
        ("cut.pdf", make_pdf([text_page(1, 1, ["Text."])])[:200], "is not a PDF Reader can read"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "is a Word 97-2003 document (.doc)"),
        ("archive.docx", b"PK\x05\x06" + bytes(18), "is not a Word document (.docx)"),
        ("cut.docx", make_docx([("p", "Text.")])[:300], "is not a Word document Reader can read"),
        ("other.docx", b"", "is empty"),
        ("bad.txt", "naïve café ".encode() + b"\xff\xfe", "not valid UTF-8"),
        (
            "furniture.html",
            b"<html><body><nav>Home</nav><script>x()</script></body></html>",
            "no readable text",
        ),
    ],
)
def test_bad_files_are_refused_with_one_clear_line(
    tmp_path: Path, name: str, content: bytes, problem: str
) -> None:
    path = write(tmp_path, name, content)
    with pytest.raises(SourceError) as caught:
        read_source(path)
    message = str(caught.value)
    assert message.startswith(str(path) + ": ")
    assert problem in message
    assert "\n" not in message


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        read_source(tmp_path / "missing.txt")
    with pytest.raises(SourceError, match="is a folder"):
        read_source(tmp_path)


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(2048)  # sparse: the limit is checked from the size, not by reading it
    with pytest.raises(SourceError, match=r"is 2\.0 KB; Reader opens files up to 1\.0 KB"):
        read_source(path, max_bytes=1024)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", "text")
    path.chmod(0)
    with pytest.raises(SourceError, match="permission denied"):
        read_source(path)


def test_read_sources_keeps_the_good_ones(tmp_path: Path, seed_paths: list[Path]) -> None:
    sources, errors = read_sources([seed_paths[0], tmp_path / "missing.txt", seed_paths[1]])
    assert [s.path for s in sources] == [str(seed_paths[0]), str(seed_paths[1])]
    assert len(errors) == 1 and errors[0].problem == "no such file"


def test_a_kicker_above_the_headline_is_not_the_title() -> None:
    kicker = source_from_text(
        "xAI Distillation\nMusk Admits xAI Distilled OpenAI Models to Train Grok\n\nBody.\n"
    )
    assert kicker.title == "Musk Admits xAI Distilled OpenAI Models to Train Grok"
    plain = source_from_text("Elon Musk Admits xAI Used OpenAI Models\nKey Takeaways\n\nBody.\n")
    assert plain.title == "Elon Musk Admits xAI Used OpenAI Models"
    sentence = source_from_text("Breaking news\nThe council met today and voted to close the bridge.\n")
    assert sentence.title == "Breaking news"  # the next line is a sentence, not a headline


ARTICLE = " ".join(
    f"Paragraph {n} of the report: the witness said under oath that the lab had used the other company's "
    "models to check its own, and the lawyers asked him again."
    for n in range(1, 7)
)


def test_a_page_whose_html_element_names_comments_and_ads_is_read_for_its_article(tmp_path: Path) -> None:
    """Saved pages of the New York Times, the BBC and CNN carry classes such as "comments" or "ads" on the
    <html> element; Reader 0.1 took the whole document for page furniture and refused it."""
    paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in ARTICLE.split(". "))
    html = f"""<!doctype html><html class="no-js comments ads-enabled" lang="en"><head>
    <title>Musk testifies - The Example Times</title>
    <meta property="og:site_name" content="The Example Times">
    <meta property="article:published_time" content="2026-04-30T13:41:00-04:00"></head><body>
    <nav><a href="/">Home</a><a href="/tech">Technology</a></nav>
    <main><article><h1>Musk testifies about distillation</h1>
    <figure><img src="a.jpg"><figcaption>Elon Musk outside the courthouse. Photo: Example Agency</figcaption></figure>
    {paragraphs}
    <div class="share-tools"><a>Share on Facebook</a><a>Share on X</a></div>
    <p class="reuse">Reuse this content</p>
    <ul class="tags"><li><a href="/t/ai">AI</a></li><li><a href="/t/musk">Elon Musk</a></li></ul>
    </article></main><footer>© 2026 The Example Times</footer></body></html>"""
    source = read_source(write(tmp_path, "page.html", html))
    assert source.title == "Musk testifies about distillation"
    assert source.text.startswith("Musk testifies about distillation\n\nParagraph 1 of the report")
    for n in range(1, 7):
        assert f"Paragraph {n} of the report" in source.text
    for furniture in ("Share on", "Reuse this content", "Technology", "© 2026", "Photo: Example Agency"):
        assert furniture not in source.text
    assert source.outlet == "The Example Times"
    assert source.published is not None and source.published.iso == "2026-04-30T13:41-04:00"


def test_a_page_too_large_for_trafilatura_is_read_by_readers_own_extractor() -> None:
    from reader.core.reading.htmltext import extract
    from reader.core.reading.webpage import article

    html = "<html><body><nav>Home</nav><article><h1>Title</h1><p>" + ARTICLE + "</p></article></body></html>"
    assert article(html, largest=100) == extract(html)  # cancellable, with progress
    assert article(html).text.startswith("Title\n\nParagraph 1 of the report")
