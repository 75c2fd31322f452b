"""Small PDF and Word files built in the tests, so every case is a real file of the format and nothing
binary is committed. Each builder writes only what the format needs for the case at hand."""

from __future__ import annotations

import io
import zipfile
import zlib
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
    info_id = None
    if info:
        fields = b" ".join(b"/%s (%s)" % (key.encode(), _pdf_string(value)) for key, value in info.items())
        info_id = add(b"<< " + fields + b" >>")
    return _pdf_file(objects, catalog, info_id)


def _pdf_file(objects: list[bytes], catalog: int, info: int | None = None) -> bytes:
    """The file of numbered ``objects`` (1, 2, ...) with a cross-reference table and a trailer."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer_info = b"" if info is None else b" /Info %d 0 R" % info
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


def picture_pdf(pages: int, side: int = 2) -> bytes:
    """A scan without a text layer: ``pages`` pages that each show one grey picture of ``side`` x ``side``
    pixels, Flate-compressed."""
    pixels = zlib.compress(b"\x80" * side * side)
    objects = [
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (side, side, len(pixels), pixels)
    ]
    draw = b"q 612 0 0 792 0 0 cm /Im Do Q"
    pages_id = 2 + 2 * pages
    kids = []
    for _ in range(pages):
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(draw), draw))
        objects.append(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /XObject << /Im 1 0 R >> >> >>" % (pages_id, len(objects))
        )
        kids.append(b"%d 0 R" % len(objects))
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages))
    objects.append(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    return _pdf_file(objects, len(objects))


# -- hostile PDFs: small files that make a PDF engine do enormous work ----------------------------------


def _one_page_pdf(
    content: bytes, resources: bytes = b"", forms: list[bytes] = (), dictionary: bytes = b""
) -> bytes:
    """A PDF of one page drawing ``content`` (its stream dictionary gains ``dictionary``, e.g. a filter);
    object 1 is Helvetica (/F1), objects 2, 3, ... are ``forms``, in the order given."""
    objects = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>", *forms]
    objects.append(b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(content), dictionary, content))
    content_id = len(objects)
    objects.append(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
        b"/Resources << /Font << /F1 1 0 R >> %s >> >>" % (content_id + 2, content_id, resources)
    )
    objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (content_id + 1))
    objects.append(b"<< /Type /Catalog /Pages %d 0 R >>" % (content_id + 2))
    return _pdf_file(objects, content_id + 3)


def self_drawing_pdf() -> bytes:
    """About 1 KB: a page draws a form that draws some text and then itself, twice: each level of nesting
    doubles the work (2 to the power of the engine's depth limit)."""
    body = b"BT /F1 12 Tf 72 700 Td (Again and again) Tj ET /X Do /X Do"
    form = (
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] "
        b"/Resources << /Font << /F1 1 0 R >> /XObject << /X 2 0 R >> >> /Length %d >>\n"
        b"stream\n%s\nendstream" % (len(body), body)
    )
    return _one_page_pdf(b"/X Do", b"/XObject << /X 2 0 R >>", [form])


def stream_bomb_pdf(unpacked: int) -> bytes:
    """A page whose compressed content stream unpacks to about ``unpacked`` bytes (white space after a line
    of text): a thousandth of that in the file. Made quickly: after a full flush, deflate starts afresh, so
    one packed megabyte of spaces is repeated as it is, and only the checksum is computed over all of it."""
    squeeze = zlib.compressobj(9)
    line = b"BT /F1 12 Tf 72 700 Td (A line of text long enough to read) Tj ET\n"
    spaces = b" " * (1024 * 1024)
    head = squeeze.compress(line) + squeeze.flush(zlib.Z_FULL_FLUSH)
    block = squeeze.compress(spaces) + squeeze.flush(zlib.Z_FULL_FLUSH)
    tail = squeeze.flush()[:-4]  # its checksum covers one block of spaces: the one after it, all of them
    checksum = zlib.adler32(line)
    count = max(1, unpacked // len(spaces))
    for _ in range(count):
        checksum = zlib.adler32(spaces, checksum)
    packed = head + block * count + tail + checksum.to_bytes(4, "big")
    return _one_page_pdf(packed, dictionary=b"/Filter /FlateDecode ")


def text_objects_pdf(count: int) -> bytes:
    """A page of ``count`` text objects, each drawing one character."""
    content = b"BT /F1 1 Tf 1 1 Td (x) Tj ET\n" * count
    return _one_page_pdf(content)


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


def with_parts(docx: bytes, changes: dict[str, bytes | None], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """``docx`` with parts replaced or added (None: left out), written with compression ``method``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(buffer, "w", method) as archive:
        parts = {name: source.read(name) for name in source.namelist()}
        parts.update(changes)
        for name, content in parts.items():
            if content is not None:
                archive.writestr(name, content)
    return buffer.getvalue()


def nested_docx(depth: int) -> bytes:
    """A .docx whose one paragraph sits ``depth`` content controls deep (two XML elements a level)."""
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W}><w:body>'
        + "<w:sdt><w:sdtContent>" * depth
        + "<w:p><w:r><w:t>Deep</w:t></w:r></w:p>"
        + "</w:sdtContent></w:sdt>" * depth
        + "</w:body></w:document>"
    )
    return with_parts(make_docx([("p", "x")]), {"word/document.xml": document.encode()})


def docx_with_picture(picture: bytes, text: str = "The caption under the picture.") -> bytes:
    """A .docx of one paragraph of ``text`` and one picture (``picture``'s bytes, as a PNG)."""
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W} {_R} xmlns:v="urn:schemas-microsoft-com:vml">'
        '<w:body><w:p><w:r><w:pict><v:shape><v:imagedata r:id="rIdPicture"/></v:shape></w:pict></w:r></w:p>'
        f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p></w:body></w:document>"
    )
    relationships = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rIdPicture" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/picture.png"/>'
        "</Relationships>"
    )
    return with_parts(
        make_docx([("p", "x")]),
        {
            "word/document.xml": document.encode(),
            "word/_rels/document.xml.rels": relationships.encode(),
            "word/media/picture.png": picture,
        },
    )


def _members(docx: bytes, name: str) -> tuple[int, int]:
    """Where ``name``'s local header and its central directory entry start in ``docx``."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        local = archive.getinfo(name).header_offset
    entry = docx.find(b"PK\x01\x02")
    while entry >= 0 and docx[entry + 46 : entry + 46 + len(name)] != name.encode():
        entry = docx.find(b"PK\x01\x02", entry + 4)
    return local, entry


def corrupt(docx: bytes, name: str) -> bytes:
    """``docx`` with a few bytes of part ``name``'s compressed data inverted."""
    local, _entry = _members(docx, name)
    start = local + 30 + int.from_bytes(docx[local + 26 : local + 28], "little")
    start += int.from_bytes(docx[local + 28 : local + 30], "little") + 20
    return docx[:start] + bytes(b ^ 0xFF for b in docx[start : start + 8]) + docx[start + 8 :]


def with_method(docx: bytes, name: str, method: int) -> bytes:
    """``docx`` claiming that part ``name`` is packed with compression ``method`` (99: AES, say)."""
    local, entry = _members(docx, name)
    out = bytearray(docx)
    out[local + 8 : local + 10] = method.to_bytes(2, "little")
    out[entry + 10 : entry + 12] = method.to_bytes(2, "little")
    return bytes(out)


def with_flags(docx: bytes, name: str, flags: int) -> bytes:
    """``docx`` with part ``name``'s general-purpose flags set to ``flags`` (1: encrypted)."""
    _local, entry = _members(docx, name)
    out = bytearray(docx)
    out[entry + 8 : entry + 10] = flags.to_bytes(2, "little")
    return bytes(out)


def many_nodes_docx(paragraphs: int) -> bytes:
    """A .docx of ``paragraphs`` identical short paragraphs, five XML elements each: it packs a thousand
    times tighter than it unpacks (16 KB holds about 90,000 paragraphs)."""
    unit = "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>x</w:t></w:r></w:p>"
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W}><w:body>'
        + unit * paragraphs
        + "</w:body></w:document>"
    )
    return with_parts(make_docx([("p", "x")]), {"word/document.xml": document.encode()})
