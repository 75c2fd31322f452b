"""The text of a Word document (.docx): headings, paragraphs, lists and footnotes.

mammoth (BSD 2-Clause) turns the document into plain HTML (headings as headings, lists as lists, footnotes
as a numbered list at the end), which Reader then reads like any other HTML document of the user's: all of
it is the text. A footnote keeps its number where it is referred to ("[1]") and at the start of its text
at the end of the document. The title and author come from the document's properties when it has them.

A .docx is a zip archive: one that is not a Word document, or that would expand to far more than any
article (a zip bomb), is refused before anything is unpacked. Word 97-2003 files (.doc) are refused with
a hint: they are another format altogether.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

MAX_UNPACKED = 200 * 1024 * 1024
"""A .docx whose parts add up to more than this when unpacked is refused."""
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 (.doc) and other compound files
_BACK_LINK = re.compile(r'\s*<a href="#footnote-ref-\d+">↑</a>')
_NOTE_START = re.compile(r'(<li id="footnote-(\d+)">)(<p>)?')
_CORE = {"dc": "http://purl.org/dc/elements/1.1/"}


class WordProblem(Exception):
    """A document Reader cannot read; ``str()`` is the problem, for a message that names the file."""


@dataclass(frozen=True)
class WordDocument:
    html: str
    title: str | None
    author: str | None


def is_docx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False


def read_docx(data: bytes) -> WordDocument:
    if data.startswith(OLE_MAGIC):
        raise WordProblem("is a Word 97-2003 document (.doc); save it as .docx (Word document) to open it")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "word/document.xml" not in names:
                raise WordProblem("is not a Word document (.docx): it has no word/document.xml")
            if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED:
                raise WordProblem(
                    f"would unpack to more than {MAX_UNPACKED // (1024 * 1024)} MB; not an article"
                )
            title, author = _properties(
                archive.read("docProps/core.xml") if "docProps/core.xml" in names else b""
            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, KeyError):
        raise WordProblem("is not a Word document Reader can read (the file is damaged)") from None
    import mammoth  # only Word documents need it

    try:
        html = mammoth.convert_to_html(io.BytesIO(data)).value
    except (KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError, AttributeError):
        raise WordProblem("is not a Word document Reader can read (its contents are damaged)") from None
    html = _NOTE_START.sub(lambda m: f"{m[1]}{m[3] or ''}[{m[2]}] ", _BACK_LINK.sub("", html))
    return WordDocument(html, title, author)


def _properties(core: bytes) -> tuple[str | None, str | None]:
    if not core:
        return None, None
    try:
        root = ElementTree.fromstring(core)
    except ElementTree.ParseError:
        return None, None
    title = (root.findtext("dc:title", default="", namespaces=_CORE) or "").strip()
    author = (root.findtext("dc:creator", default="", namespaces=_CORE) or "").strip()
    return title or None, author or None
