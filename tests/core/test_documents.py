"""PDF and Word files, built in the tests (tests/documents.py): what Reader shows of them, and the one-line
message for each file it cannot use."""

from __future__ import annotations

import os
import random
import re
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from reader.comparison import Comparison
from reader.core.progress import AlignmentCancelled
from reader.core.reading.document_limits import LIMITS, MB, DocumentLimits
from reader.core.reading.sources import SourceError, read_source
from reader.core.reading.word import read_docx
from tests.documents import (
    corrupt,
    docx_with_picture,
    make_docx,
    make_pdf,
    many_nodes_docx,
    nested_docx,
    picture_pdf,
    self_drawing_pdf,
    stream_bomb_pdf,
    text_objects_pdf,
    text_page,
    with_flags,
    with_method,
    with_parts,
)
from tests.web import Route, serving

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


def test_a_scan_of_large_compressed_pictures_is_not_taken_for_a_stream_bomb(tmp_path: Path) -> None:
    # PDFium does not unpack pictures to find text: their size is not held against the file.
    path = write(tmp_path, "scan.pdf", picture_pdf(2, side=4096))  # 16 MB of pixels a page
    assert refusal(path, replace(LIMITS, pdf_unpacked=8 * MB)).startswith(
        "has no text layer (a scanned image?)"
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


# -- hostile documents: each is refused in one line, and Reader (this test process) lives on ----------------

ONE_LINE = re.compile(r"[^\n]+")
PYTHON_NAMES = re.compile(r"Error|Exception|Traceback|\w+\.\w+\(")


def refusal(path: Path, limits: DocumentLimits = LIMITS) -> str:
    """The one line ``path`` is refused with; the test process reads a good file right after."""
    with pytest.raises(SourceError) as refused:
        read_source(path, limits=limits)
    message = str(refused.value)
    assert ONE_LINE.fullmatch(message) and message.startswith(f"{path}: ")
    assert not PYTHON_NAMES.search(message), message
    good = write(path.parent, "good.pdf", make_pdf([text_page(1, 1, PAGE_ONE)]))
    assert read_source(good).text.startswith("Example Press Office")
    return message.removeprefix(f"{path}: ")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory limit is Linux's RLIMIT_AS")
def test_a_pdf_whose_form_draws_itself_twice_is_stopped_by_the_memory_limit(tmp_path: Path) -> None:
    # 1 KB; PDFium aborts the process when an allocation fails: before, that was Reader's own process.
    path = write(tmp_path, "loop.pdf", self_drawing_pdf())
    limits = replace(LIMITS, memory=512 * MB)
    assert refusal(path, limits) == "needs more than 512 MB of memory to read; Reader stopped reading it"


def test_a_pdf_that_takes_too_long_is_killed_at_the_time_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "loop.pdf", self_drawing_pdf())
    limits = replace(LIMITS, memory=8192 * MB, seconds=0.5)  # the clock, not the memory, stops it
    assert refusal(path, limits) == "took longer than 0.5 s to read; Reader stopped reading it"


def children() -> set[int]:
    """The processes this test process started that are still there (Linux: from /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found.update(int(pid) for pid in (task / "children").read_text().split())
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="lists child processes from /proc")
def test_cancel_while_a_document_is_read_stops_its_child_process(tmp_path: Path) -> None:
    path = write(tmp_path, "loop.pdf", self_drawing_pdf())
    before = children()

    def cancel(_done: float) -> None:
        raise AlignmentCancelled

    with pytest.raises(AlignmentCancelled):
        read_source(path, tick=cancel, limits=replace(LIMITS, memory=8192 * MB))
    assert children() == before  # killed and reaped: not left working, nor a zombie


def test_a_pdf_stream_bomb_is_refused_before_pdfium_unpacks_it(tmp_path: Path) -> None:
    path = write(tmp_path, "bomb.pdf", stream_bomb_pdf(24 * MB))  # 24 KB in the file
    assert refusal(path, replace(LIMITS, pdf_unpacked=16 * MB)) == (
        "holds compressed contents that unpack to more than 16 MB; Reader stopped reading it"
    )
    within = replace(LIMITS, pdf_unpacked=32 * MB)  # the same PDF within the limit reads: its one line
    assert read_source(path, limits=within).text == "A line of text long enough to read"


def test_a_pdf_page_of_too_many_objects_is_refused_with_the_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "objects.pdf", text_objects_pdf(2000))
    assert refusal(path, replace(LIMITS, pdf_page_objects=1000)) == (
        "draws 2,000 objects on page 1; Reader reads pages of up to 1,000"
    )


def test_a_pdf_of_text_that_shows_no_characters_is_not_called_a_scan(tmp_path: Path) -> None:
    # Every text object draws its letter on the same spot: PDFium keeps one. It is no scanned image.
    path = write(tmp_path, "objects.pdf", text_objects_pdf(2000))
    assert refusal(path).startswith("has no readable text: its page draws 2,000 pieces of text")


def test_a_pdf_of_too_many_pages_is_refused_before_they_are_read(tmp_path: Path) -> None:
    path = write(tmp_path, "long.pdf", make_pdf([text_page(n, 3, PAGE_TWO) for n in (1, 2, 3)]))
    assert refusal(path, replace(LIMITS, pdf_pages=2)) == "has 3 pages; Reader reads PDFs of up to 2 pages"


def test_a_deeply_nested_docx_is_refused_before_mammoth_recurses(tmp_path: Path) -> None:
    # 500 levels: mammoth's converter met Python's recursion limit (a RecursionError inside mammoth).
    path = write(tmp_path, "deep.docx", nested_docx(500))
    assert refusal(path) == (
        "nests its contents more than 100 levels deep (in word/document.xml); Reader stopped reading it"
    )
    assert read_source(write(tmp_path, "ok.docx", nested_docx(40))).text == "Deep"


def test_a_docx_of_too_many_xml_elements_is_refused_before_mammoth_builds_them(tmp_path: Path) -> None:
    path = write(tmp_path, "many.docx", make_docx([("p", f"Paragraph {n}.") for n in range(300)]))
    assert refusal(path, replace(LIMITS, xml_elements=1000)) == (
        "has more than 1,000 XML elements, more than Reader reads in one document; Reader stopped reading it"
    )


def test_a_zip_bomb_docx_is_refused_by_what_its_directory_declares(tmp_path: Path) -> None:
    bomb = with_parts(make_docx([("p", "Text.")]), {"word/media/zeros.bin": bytes(20 * MB)})  # 20 KB packed
    path = write(tmp_path, "bomb.docx", bomb)
    assert refusal(path).startswith("is packed unusually tightly: its part word/media/zeros.bin would grow ")
    assert (
        refusal(path, replace(LIMITS, docx_unpacked=10 * MB))
        == "would unpack to more than 10 MB; not an article"
    )
    large = write(tmp_path, "large.docx", many_nodes_docx(40_000))  # word/document.xml: 2.1 MB
    assert refusal(large, replace(LIMITS, docx_part=1 * MB)) == (
        "has a part (word/document.xml) that would unpack to 2 MB; Reader reads parts of up to 1 MB"
    )


def test_the_pictures_of_a_docx_are_never_read(tmp_path: Path) -> None:
    # Before, mammoth turned each picture into a data: URI: 8 MB took 9.3 s, 45 MB over 240 s.
    picture = b"\x89PNG\r\n\x1a\n" + random.Random(8).randbytes(8 * MB)
    document = docx_with_picture(picture)
    assert read_docx(document).html == "<p>The caption under the picture.</p>"
    assert read_source(write(tmp_path, "picture.docx", document)).text == "The caption under the picture."


GOOD_DOCX = make_docx([("p", "A paragraph of text.[^1]")], footnotes={1: "A note."})
DAMAGED_DOCX = {
    "a missing part": (
        with_parts(GOOD_DOCX, {"word/footnotes.xml": None}),
        "is not a complete Word document (a part is missing)",
    ),
    "corrupt compressed data": (
        corrupt(GOOD_DOCX, "word/document.xml"),
        "is damaged (its compressed data is corrupt)",
    ),
    "XML that is not well-formed": (
        with_parts(GOOD_DOCX, {"word/document.xml": b"<w:document><w:body>"}),
        "is damaged (a part of it is not well-formed XML)",
    ),
    "an unknown encoding": (
        with_parts(GOOD_DOCX, {"word/document.xml": b'<?xml version="1.0" encoding="nonesuch"?><a/>'}),
        "is damaged (a part of it declares a text encoding that does not exist)",
    ),
    "an unknown compression": (
        with_method(GOOD_DOCX, "word/document.xml", 99),
        "is packed with a kind of compression Reader cannot unpack",
    ),
    "an encrypted part": (
        with_flags(GOOD_DOCX, "word/document.xml", 1),
        "is password-protected; open it in Word and save it without a password",
    ),
    "a cut-short file": (
        GOOD_DOCX[: len(GOOD_DOCX) * 2 // 3],
        "is not a Word document Reader can read: it is cut short or damaged",
    ),
    "a document type": (
        with_parts(GOOD_DOCX, {"word/document.xml": b'<!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>'}),
        "is not a Word document Reader reads (word/document.xml declares a document type)",
    ),
}


@pytest.mark.parametrize("damage", DAMAGED_DOCX, ids=str)
def test_a_damaged_docx_is_refused_in_words(tmp_path: Path, damage: str) -> None:
    content, words = DAMAGED_DOCX[damage]
    assert refusal(write(tmp_path, "damaged.docx", content)) == words


def test_hostile_documents_served_over_http_cost_one_line_each_not_the_comparison(tmp_path: Path) -> None:
    # Over a URL, the self-drawing PDF took the process to 4 GB and PDFium aborted it (issue 30, point 4).
    routes = {
        "/loop.pdf": Route(self_drawing_pdf(), content_type="application/pdf"),
        # Reader fetches no Word type; a server that calls a .docx text still gets it read as one.
        "/damaged.docx": Route(corrupt(GOOD_DOCX, "word/document.xml"), content_type="text/plain"),
    }
    pdf = write(tmp_path, "release.pdf", make_pdf([text_page(1, 2, PAGE_ONE), text_page(2, 2, PAGE_TWO)]))
    draft = write(tmp_path, "draft.docx", make_docx([("p", " ".join(line for line in PAGE_ONE if line))]))
    with serving(routes) as web:
        comparison, refused = Comparison.load([web.url("/loop.pdf"), web.url("/damaged.docx"), pdf, draft])
        assert comparison is not None and [s.format for s in comparison.alignment.sources] == ["pdf", "docx"]
        assert [str(error) for error in refused] == [
            f"{web.url('/loop.pdf')}: needs more than 1.5 GB of memory to read; Reader stopped reading it"
            if sys.platform.startswith("linux")
            else f"{web.url('/loop.pdf')}: took longer than 30 s to read; Reader stopped reading it",
            f"{web.url('/damaged.docx')}: is damaged (its compressed data is corrupt)",
        ]
