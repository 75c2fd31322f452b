"""Small PDF and Word files built in the tests, so every case is a real file of the format and nothing
binary is committed. Each builder writes only what the format needs for the case at hand."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

Line = tuple[float, float, int, str]  # x, y (from the bottom of the page), font size, text


def make_pdf(pages: list[list[Line]], info: dict[str, str] | None = None) -> bytes:
    """A PDF whose pages draw the given lines in Helvetica, in the order given."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_id = len(objects) + 1 + 2 * len(pages)  # the page tree comes after each page and its content
    kids = []
    for lines in pages:
        stream = b"".join(
            b"BT /F1 %d Tf %.1f %.1f Td (%s) Tj ET\n" % (size, x, y, _pdf_string(text))
            for x, y, size, text in lines
        )
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content, font)
            )
        )
    add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    trailer_info = b""
    if info:
        fields = b" ".join(b"/%s (%s)" % (key.encode(), _pdf_string(value)) for key, value in info.items())
        trailer_info = b" /Info %d 0 R" % add(b"<< " + fields + b" >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        trailer_info,
        xref,
    )
    return bytes(out)


def _pdf_string(text: str) -> bytes:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("cp1252")


def text_page(number: int, pages: int, body: list[str], header: str = "Example Press Office") -> list[Line]:
    """A page with a running header and a numbered footer; "" in ``body`` is a blank line (a paragraph
    gap). Lines are set in 11 pt with 14 pt spacing from the top down."""
    lines: list[Line] = [(72, 750, 9, header), (480, 40, 9, f"Page {number} of {pages}")]
    y = 700.0
    for text in body:
        if text:
            lines.append((72, y, 11, text))
        y -= 14
    return lines


# -- Word ----------------------------------------------------------------------------------------------

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def make_docx(
    blocks: list[tuple[str, str]], footnotes: dict[int, str] | None = None, title: str = "", author: str = ""
) -> bytes:
    """A .docx of ``blocks``: ("h1", text), ("p", text), ("li", text) for a bulleted list item; a paragraph's
    "[^N]" becomes a reference to footnote N of ``footnotes``."""
    footnotes = footnotes or {}
    body = []
    for kind, text in blocks:
        props = {
            "h1": '<w:pStyle w:val="Heading1"/>',
            "li": '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>',
        }
        runs = []
        for number, piece in enumerate(text.split("[^")):
            if number:
                note, _, piece = piece.partition("]")
                runs.append(
                    f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{note}"/></w:r>'
                )
            if piece:
                runs.append(f'<w:r><w:t xml:space="preserve">{escape(piece)}</w:t></w:r>')
        body.append(f"<w:p><w:pPr>{props.get(kind, '')}</w:pPr>{''.join(runs)}</w:p>")
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W} {_R}><w:body>{"".join(body)}</w:body></w:document>'
    notes = "".join(
        f'<w:footnote w:id="{number}"><w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:footnote>'
        for number, text in footnotes.items()
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            "</Relationships>"
        ),
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": document,
        "word/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><w:styles {_W}><w:style w:type="paragraph" w:styleId="Heading1">'
            '<w:name w:val="heading 1"/></w:style></w:styles>'
        ),
        "word/numbering.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {_W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
            '<w:numFmt w:val="bullet"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
        ),
        "word/footnotes.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes {_W}>{notes}</w:footnotes>',
        "docProps/core.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{escape(title)}</dc:title>'
            f"<dc:creator>{escape(author)}</dc:creator></cp:coreProperties>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()
