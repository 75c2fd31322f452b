"""The text of a PDF's text layer, as paragraphs a reader would see.

PDFium (pypdfium2: Apache 2.0 / BSD, the engine of Chromium's PDF viewer) reads the text in the order the
page's content draws it, which for articles and press releases is the reading order, and joins a word
hyphenated across a line break (it marks the hyphen, which is dropped here). On top of that:

- lines are grouped into paragraphs by the space between them (a gap clearly taller than the page's usual
  line spacing, or a jump back up the page, as at the top of a new column, starts a paragraph);
- headers and footers are left out: a line in the top or bottom tenth of the page that comes back, with its
  numbers changed ("Page 2 of 7"), on at least half of the pages (and two at least);
- the title, author and date come from the document's information (Title, Author, CreationDate) when it has
  them.

A PDF with pages but (almost) no text is a scan without a text layer: Reader says so rather than showing an
empty source (it does not recognize text in images).

The limits of reader.core.reading.document_limits are checked before the work they bound: the unpacked size of the
compressed streams before PDFium unpacks any, the page count before any page is read, a page's objects before
its text is gathered. What cannot be checked beforehand (a form that draws itself over and over) is bounded
by the child process this runs in (reader.core.reading.isolated).
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections import Counter
from dataclasses import dataclass

from reader.core.progress import Tick
from reader.core.reading.document_limits import LIMITS, DocumentLimits, megabytes

EDGE = 0.1
"""Headers and footers are looked for in this share of the page's height at its top and bottom."""
PARAGRAPH_GAP = 1.4
"""A gap between two lines this many times the page's usual line spacing starts a new paragraph."""
SCANNED_CHARS = 20
"""A document with fewer characters of text than this on all its pages has no text layer to speak of."""
_HYPHEN_MARKS = str.maketrans("", "", "\ufffe\u00ad\x02")
_NUMBER = re.compile(r"\d+")
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_FLATE = re.compile(rb"/FlateDecode|/Fl\b")
_IMAGE = re.compile(rb"/Subtype\s*/Image")
_PDF_DATE = re.compile(r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?([Zz]|[+-]\d\d'?\d\d'?)?")


class PdfProblem(Exception):
    """A PDF Reader cannot read; ``str()`` is the problem, for a message that names the file."""


@dataclass(frozen=True)
class PdfText:
    text: str
    title: str | None
    author: str | None
    date: str | None  # ISO 8601 when the document says when it was made


@dataclass(frozen=True)
class _Line:
    text: str
    top: float  # of its first character, from the top of the page, in points
    last_top: float  # of its last character: lower when PDFium joined a word hyphenated across two lines
    height: float


def read_pdf(data: bytes, tick: Tick | None = None, limits: DocumentLimits = LIMITS) -> PdfText:
    """The text of the PDF ``data``; raises PdfProblem, in words, for one Reader cannot or will not read."""
    _check_streams(data, limits.pdf_unpacked)
    import pypdfium2 as pdfium  # only PDFs need it

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        problem = str(error).lower()
        if "password" in problem:
            raise PdfProblem(
                "is a password-protected PDF; open it in a PDF viewer and save it without a password"
            ) from None
        raise PdfProblem("is not a PDF Reader can read (it may be damaged)") from None
    try:
        pages = []
        drawn: Counter[int] = Counter()  # objects by kind, on all pages: why a page without text has none
        count = len(document)
        if count > limits.pdf_pages:
            raise PdfProblem(f"has {count:,} pages; Reader reads PDFs of up to {limits.pdf_pages:,} pages")
        for number in range(count):
            if tick is not None:
                tick(number / max(1, count))
            try:
                page = document[number]
                drawn.update(_objects(page, number, limits.pdf_page_objects))
                pages.append((_lines(page), page.get_height()))
            except pdfium.PdfiumError:
                raise PdfProblem(f"page {number + 1} could not be read (the file may be damaged)") from None
        info = document.get_metadata_dict()
    finally:
        document.close()
    if sum(len(line.text) for lines, _height in pages for line in lines) < SCANNED_CHARS:
        raise PdfProblem(
            _no_text(len(pages), drawn[pdfium.raw.FPDF_PAGEOBJ_TEXT], drawn[pdfium.raw.FPDF_PAGEOBJ_IMAGE])
        )
    furniture = _furniture(pages)
    paragraphs: list[str] = []
    for lines, height in pages:
        body = [line for line in lines if not _is_furniture(line, height, furniture)]
        paragraphs.extend(_paragraphs(body))
    title = (info.get("Title") or "").strip() or None
    author = (info.get("Author") or "").strip() or None
    return PdfText("\n\n".join(paragraphs), title, author, _iso(info.get("CreationDate") or ""))


def _check_streams(data: bytes, limit: int) -> None:
    """Refuse a PDF whose compressed streams would unpack to more than ``limit`` bytes, unpacking them here
    a piece at a time (PDFium unpacks a stream whole, in memory). Pictures are left out: PDFium does not
    unpack them to find text. A stream that is not Flate, or is encrypted or damaged, is PDFium's to judge."""
    total = 0
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - 4096) : match.start()]
        head = head[head.rfind(b"obj") + 1 :]  # the stream's dictionary, after "N 0 obj"
        if not _FLATE.search(head) or _IMAGE.search(head):
            continue
        unpack = zlib.decompressobj()
        position = match.end()
        try:
            while not unpack.eof and position < len(data):
                piece = data[position : position + 64 * 1024]
                position += len(piece)
                while piece and not unpack.eof:  # a megabyte out at a time, whatever a piece unpacks to
                    total += len(unpack.decompress(piece, 1024 * 1024))
                    if total > limit:
                        raise PdfProblem(
                            f"holds compressed contents that unpack to more than {megabytes(limit)}; "
                            "Reader stopped reading it"
                        )
                    piece = unpack.unconsumed_tail
        except zlib.error:
            continue


def _objects(page, number: int, limit: int) -> Counter[int]:  # type: ignore[no-untyped-def]  # a PdfPage
    """The objects the page draws, counted by kind (text, image, path, form); refused past ``limit``."""
    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    if count > limit:
        raise PdfProblem(
            f"draws {count:,} objects on page {number + 1}; Reader reads pages of up to {limit:,}"
        )
    return Counter(
        pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page.raw, index)) for index in range(count)
    )


def _no_text(pages: int, texts: int, images: int) -> str:
    """Why a PDF shows (almost) no text, in the user's words."""
    its = "its page" if pages == 1 else f"its {pages:,} pages"
    if texts:
        return (
            f"has no readable text: {its} draw{'s' if pages == 1 else ''} {texts:,} "
            f"{'piece' if texts == 1 else 'pieces'} of text, but they "
            "show almost no characters (hidden, or drawn on top of one another)"
        )
    if images:
        return (
            f"has no text layer (a scanned image?): {its} only show{'s' if pages == 1 else ''} pictures; Reader "
            "reads the text of a PDF, it cannot read text from pictures; run it through OCR first"
        )
    return f"has no text layer: {its} draw{'s' if pages == 1 else ''} no text"


def _lines(page) -> list[_Line]:  # type: ignore[no-untyped-def]  # pypdfium2's page
    textpage = page.get_textpage()
    try:
        raw = textpage.get_text_range()
        height = page.get_height()
        lines = []
        index = 0  # the raw text's characters are the text page's: one index for both
        for piece in raw.split("\r\n"):
            stripped = piece.translate(_HYPHEN_MARKS).strip()
            if stripped:
                first = index + (len(piece) - len(piece.lstrip()))
                last = index + len(piece.rstrip()) - 1
                _left, bottom, _right, top = textpage.get_charbox(first, loose=True)
                last_top = textpage.get_charbox(last, loose=True)[3]
                text = " ".join(stripped.split())
                lines.append(_Line(text, height - top, height - last_top, max(1.0, top - bottom)))
            index += len(piece) + 2
        return lines
    finally:
        textpage.close()


def _shape(line: _Line) -> str:
    return _NUMBER.sub("#", line.text.lower())


def _at_edge(line: _Line, height: float) -> bool:
    return line.top < EDGE * height or line.top > (1 - EDGE) * height


def _furniture(pages: list[tuple[list[_Line], float]]) -> set[str]:
    """The shapes of lines that come back at a page's top or bottom on at least half of the pages."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for lines, height in pages:
        seen.update({_shape(line) for line in lines if _at_edge(line, height)})
    least = max(2, (len(pages) + 1) // 2)
    return {shape for shape, times in seen.items() if times >= least}


def _is_furniture(line: _Line, height: float, furniture: set[str]) -> bool:
    return _at_edge(line, height) and _shape(line) in furniture


def _paragraphs(lines: list[_Line]) -> list[str]:
    if not lines:
        return []
    # The usual line spacing is the most common one on the page (paragraph gaps are rarer), when there are
    # enough lines to tell; a gap smaller than most of a line's height is a superscript or a line drawn in
    # pieces, not spacing. With few lines, a line's own height (the font's, with its ascent and descent).
    gaps = [b.top - a.last_top for a, b in itertools.pairwise(lines) if b.top - a.last_top >= 0.8 * a.height]
    usual = Counter(round(gap) for gap in gaps).most_common(1)[0][0] if len(gaps) >= 4 else lines[0].height
    paragraphs: list[list[str]] = [[lines[0].text]]
    for previous, line in itertools.pairwise(lines):
        gap = line.top - previous.last_top
        if gap <= 0 or gap > PARAGRAPH_GAP * usual:
            paragraphs.append([line.text])
        else:
            paragraphs[-1].append(line.text)
    return [" ".join(words) for words in paragraphs]


def _iso(value: str) -> str | None:
    """D:20260430134100-04'00' -> 2026-04-30T13:41:00-04:00 (the date alone when no time is given)."""
    match = _PDF_DATE.match(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    date = f"{year}-{month or '01'}-{day or '01'}"
    if hour is None:
        return date
    moment = f"{date}T{hour}:{minute or '00'}:{second or '00'}"
    if zone in (None, ""):
        return moment
    if zone in ("Z", "z"):
        return moment + "Z"
    digits = zone.replace("'", "")
    return f"{moment}{digits[:3]}:{digits[3:5] or '00'}"
