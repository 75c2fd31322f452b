"""PDF and Word files, built in the tests (tests/documents.py): what Reader shows of them, and the one-line
message for each file it cannot use."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.comparison import Comparison
from reader.core.sources import SourceError, read_source
from tests.documents import make_docx, make_pdf, picture_pdf, text_page

PAGE_ONE = [
    "Musk Admits xAI Distilled OpenAI Models",
    "",
    "While testifying on Thursday in federal court, Elon Musk said the distil-",
    "lation of other companies' models is a standard practice in the industry,",
    "one that every lab uses to validate its own.",
    "",
    "Savitt asked him again whether that was a yes.",
]
PAGE_TWO = ["Musk answered that it was partly so.", "The exchange lasted a minute."]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_pdf_reads_as_paragraphs_without_its_running_headers_and_footers(tmp_path: Path) -> None:
    info = {"Title": "Press release", "Author": "Jane Roe", "CreationDate": "D:20260430134100-04'00'"}
    pdf = make_pdf([text_page(1, 2, PAGE_ONE), text_page(2, 2, PAGE_TWO)], info)
    source = read_source(write(tmp_path, "release.pdf", pdf))
    assert source.format == "pdf"
    assert source.text.split("\n\n") == [
        "Musk Admits xAI Distilled OpenAI Models",
        "While testifying on Thursday in federal court, Elon Musk said the distillation of other companies' "
        "models is a standard practice in the industry, one that every lab uses to validate its own.",
        "Savitt asked him again whether that was a yes.",
        "Musk answered that it was partly so. The exchange lasted a minute.",
    ]
    assert "Example Press Office" not in source.text and "Page 1" not in source.text
    assert (source.title, source.author) == ("Press release", "Jane Roe")
    assert source.published is not None and source.published.iso == "2026-04-30T13:41-04:00"


def test_a_pdf_of_one_page_keeps_its_first_line_and_takes_its_title_from_it(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "one.pdf", make_pdf([text_page(1, 1, PAGE_ONE)])))
    assert source.text.startswith("Example Press Office")  # one page: nothing repeats, nothing is left out
    assert source.title == "Example Press Office"


def test_a_scanned_pdf_without_a_text_layer_is_refused_with_a_reason(tmp_path: Path) -> None:
    path = write(tmp_path, "scan.pdf", picture_pdf(3))
    with pytest.raises(SourceError) as refused:
        read_source(path)
    assert str(refused.value).startswith(
        f"{path}: has no text layer (a scanned image?): its 3 pages only show pictures;"
    )


def test_a_pdf_of_blank_pages_says_so(tmp_path: Path) -> None:
    path = write(tmp_path, "blank.pdf", make_pdf([[], []]))
    with pytest.raises(SourceError, match=r"blank\.pdf: has no text layer: its 2 pages draw no text$"):
        read_source(path)


def test_a_zip_that_is_not_a_word_document_is_refused(tmp_path: Path) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office:document/>")  # an OpenDocument file, say
    path = write(tmp_path, "notes.docx", buffer.getvalue())
    with pytest.raises(SourceError, match=r"is not a Word document \(\.docx\): it has no word/document\.xml"):
        read_source(path)


def test_a_word_document_keeps_headings_lists_and_footnotes(tmp_path: Path) -> None:
    docx = make_docx(
        [
            ("h1", "Musk Admits xAI Distilled OpenAI Models"),
            ("p", "Musk said it is standard practice.[^1] Savitt asked again."),
            ("li", "First, the models were used to validate."),
            ("li", "Second, the practice is common."),
        ],
        footnotes={1: "Trial transcript, day three."},
        title="Draft 2",
        author="Jane Roe",
    )
    source = read_source(write(tmp_path, "draft.docx", docx))
    assert source.format == "docx"
    assert source.text.split("\n\n") == [
        "Musk Admits xAI Distilled OpenAI Models",
        "Musk said it is standard practice.[1] Savitt asked again.",
        "First, the models were used to validate.",
        "Second, the practice is common.",
        "[1] Trial transcript, day three.",
    ]
    assert (source.title, source.author) == ("Musk Admits xAI Distilled OpenAI Models", "Jane Roe")


def test_a_word_document_without_a_heading_takes_its_title_from_its_properties(tmp_path: Path) -> None:
    docx = make_docx([("p", "A short note.")], title="Notes on the trial")
    assert read_source(write(tmp_path, "n.docx", docx)).title == "Notes on the trial"


def test_pdf_word_and_text_versions_of_one_story_align(tmp_path: Path) -> None:
    pdf = write(tmp_path, "release.pdf", make_pdf([text_page(1, 2, PAGE_ONE), text_page(2, 2, PAGE_TWO)]))
    body = [line for line in PAGE_ONE + PAGE_TWO if line]
    docx = write(
        tmp_path, "draft.docx", make_docx([("p", " ".join(body).replace("distil- lation", "distillation"))])
    )
    comparison, refused = Comparison.load([pdf, docx])
    assert comparison is not None and not refused
    text = comparison.alignment.sources[0].text
    shared = [
        m for g in comparison.alignment.groups if len(g.members) == 2 for m in g.members if m.source == 0
    ]
    assert any("standard practice" in text[m.start : m.end] for m in shared)
