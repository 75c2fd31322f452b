"""The text of a Word document (.docx): headings, paragraphs, lists and footnotes.

mammoth (BSD 2-Clause) turns the document into plain HTML (headings as headings, lists as lists, footnotes
as a numbered list at the end), which Reader then reads like any other HTML document of the user's: all of
it is the text. A footnote keeps its number where it is referred to ("[1]") and at the start of its text
at the end of the document. The title and author come from the document's properties when it has them.

A .docx is a zip archive: one that is not a Word document, or that would expand to far more than any
article (a zip bomb), is refused before anything is unpacked; its XML parts are counted (elements, nesting)
before mammoth builds them in memory, against reader.core.reading.document_limits. Pictures are not read at all:
Reader needs the text. A damaged document is refused with what is wrong in words. Word 97-2003 files (.doc)
are refused with a hint: they are another format altogether.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO
from xml.etree import ElementTree
from xml.parsers import expat

from reader.core.reading.document_limits import LIMITS, MB, DocumentLimits, megabytes

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


def read_docx(data: bytes, limits: DocumentLimits = LIMITS) -> WordDocument:
    """The document's HTML, title and author; raises WordProblem, in words, for one Reader cannot or will
    not read. A MemoryError is let through: the caller says which limit it met."""
    if data.startswith(OLE_MAGIC):
        raise WordProblem("is a Word 97-2003 document (.doc); save it as .docx (Word document) to open it")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "word/document.xml" not in names:
                raise WordProblem("is not a Word document (.docx): it has no word/document.xml")
            _check_sizes(archive.infolist(), limits)
            _check_xml(archive, limits)
            title, author = _properties(
                archive.read("docProps/core.xml") if "docProps/core.xml" in names else b""
            )
        import mammoth  # only Word documents need it

        html = mammoth.convert_to_html(io.BytesIO(data), convert_image=_no_picture).value
    except (WordProblem, MemoryError):
        raise
    except Exception as error:  # mammoth and zipfile raise a dozen kinds on damaged files: say which harm
        raise WordProblem(damage(error)) from None
    html = _NOTE_START.sub(lambda m: f"{m[1]}{m[3] or ''}[{m[2]}] ", _BACK_LINK.sub("", html))
    return WordDocument(html, title, author)


def _no_picture(image: object) -> list[object]:
    """mammoth's convert_image: nothing, and the picture is never read (its bytes would become a data: URI
    many megabytes long, for Reader to skip)."""
    return []


def damage(error: Exception) -> str:
    """What is wrong with a document that made zipfile, expat or mammoth fail with ``error``, in words."""
    text = str(error).lower()
    if isinstance(error, RecursionError):
        return "is nested too deeply for Reader to read"
    if isinstance(error, KeyError):
        return "is not a complete Word document (a part is missing)"
    if isinstance(error, zlib.error) or (isinstance(error, zipfile.BadZipFile) and "crc" in text):
        return "is damaged (its compressed data is corrupt)"
    if isinstance(error, zipfile.BadZipFile | zipfile.LargeZipFile):
        return "is not a Word document Reader can read: it is cut short or damaged"
    if isinstance(error, EOFError):
        return "is damaged (it is cut short)"
    if isinstance(error, expat.ExpatError | ElementTree.ParseError):
        return "is damaged (a part of it is not well-formed XML)"
    if isinstance(error, UnicodeError):
        return "is damaged (a part of it is not in the text encoding it declares)"
    if isinstance(error, LookupError) and not isinstance(error, IndexError):
        return "is damaged (a part of it declares a text encoding that does not exist)"
    if isinstance(error, NotImplementedError):
        return "is packed with a kind of compression Reader cannot unpack"
    if isinstance(error, RuntimeError) and ("encrypt" in text or "password" in text):
        return "is password-protected; open it in Word and save it without a password"
    return "is damaged (its parts are not laid out as a Word document's are)"


def _check_sizes(members: list[zipfile.ZipInfo], limits: DocumentLimits) -> None:
    """Refuse a zip bomb by what its directory declares (zipfile never unpacks more than that)."""
    if sum(member.file_size for member in members) > limits.docx_unpacked:
        raise WordProblem(f"would unpack to more than {megabytes(limits.docx_unpacked)}; not an article")
    for member in members:
        if member.filename.endswith((".xml", ".rels")) and member.file_size > limits.docx_part:
            raise WordProblem(
                f"has a part ({member.filename}) that would unpack to {megabytes(member.file_size)}; Reader "
                f"reads parts of up to {megabytes(limits.docx_part)}"
            )
        if member.file_size > MB and member.file_size > limits.docx_ratio * max(1, member.compress_size):
            raise WordProblem(
                f"is packed unusually tightly: its part {member.filename} would grow "
                f"{member.file_size // max(1, member.compress_size):,} times when unpacked, more than the "
                f"{limits.docx_ratio} times Reader allows (a zip bomb?)"
            )


def _check_xml(archive: zipfile.ZipFile, limits: DocumentLimits) -> None:
    """Count the elements and the nesting of every XML part, a piece at a time, before mammoth builds them
    all in memory (a kilobyte an element) and walks them recursively."""
    counter = _XmlCounter(limits)
    for member in archive.infolist():
        if member.filename.endswith((".xml", ".rels")):
            with archive.open(member) as part:
                counter.count(member.filename, part)


class _XmlCounter:
    """Elements in all the parts read so far, and the nesting of the one being read; WordProblem past a
    limit, or at a document type declaration (Word writes none; entity bombs need one)."""

    def __init__(self, limits: DocumentLimits) -> None:
        self.limits = limits
        self.elements = 0
        self.depth = 0
        self.part = ""

    def count(self, name: str, part: IO[bytes]) -> None:
        self.part, self.depth = name, 0
        parser = expat.ParserCreate()
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.StartDoctypeDeclHandler = self._doctype
        while piece := part.read(64 * 1024):
            parser.Parse(piece, False)
        parser.Parse(b"", True)

    def _start(self, _name: str, _attributes: object) -> None:
        self.depth += 1
        self.elements += 1
        if self.depth > self.limits.xml_depth:
            raise WordProblem(
                f"nests its contents more than {self.limits.xml_depth} levels deep (in {self.part}); Reader "
                "stopped reading it"
            )
        if self.elements > self.limits.xml_elements:
            raise WordProblem(
                f"has more than {self.limits.xml_elements:,} XML elements, more than Reader reads in one "
                "document; Reader stopped reading it"
            )

    def _end(self, _name: str) -> None:
        self.depth -= 1

    def _doctype(self, *_details: object) -> None:
        raise WordProblem(f"is not a Word document Reader reads ({self.part} declares a document type)")


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
