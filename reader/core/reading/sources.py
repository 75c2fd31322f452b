"""Read .txt, .md, .html, .pdf and .docx files into Sources: the text the engine compares, plus title and metadata.

A Source's ``text`` is what every offset in Reader points into: for plain text it is the file's text with
line endings made ``\\n``; for Markdown and HTML it is the readable text (paragraphs separated by blank
lines), because markup is not what the outlets wrote.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from reader.core.progress import AlignmentCancelled, Tick
from reader.core.reading.document_limits import LIMITS, DocumentLimits
from reader.core.reading.encoding import DecodeProblem, decode_bytes, without_surrogates
from reader.core.reading.fetch import Fetched, is_url  # light: urllib's HTTP modules load at the first fetch
from reader.core.reading.outlets import file_outlet, self_reference
from reader.core.text.dates import Published, parse_date, publication_date
from reader.core.text.display import printable
from reader.core.text.segment import MAX_PASSAGE_CHARS, segment

MAX_BYTES = 50 * 1024 * 1024
"""Files larger than this are refused: 50 MB is far beyond any article, and keeps memory bounded."""
MAX_CHARS = 40_000_000
"""The most characters of text Reader compares from one source (the text a file or a page reads as, after
its markup is taken away); more is refused before it is split and aligned. Chosen from
``tests/benchmarks/bench_limits.py --issue30`` (exported against a seed, whole process): the 49 MB sample
story repeated with small edits peaked at 1.49 GB, and the peak grows by about 24 MB a MB of text; within
the limit the largest cases took 1.2 GB and 28 s of processor time (the sample story, 39 MB), 1.0 GB and
46 s (39 MB of Markdown)."""
MAX_PASSAGES = 400_000
"""The most passages (sentences, and lines that end none) Reader compares from one source: each passage costs
memory of its own whatever its length (200,000 one-word lines: 400 MB; the 49 MB sample story above has
463,000 sentences), so a text of short lines within ``MAX_CHARS`` is bounded as well."""
MARKDOWN_MAX_CHARS = 5_000_000
MARKDOWN_MAX_BLOCK = 100_000
"""A Markdown file longer than ``MARKDOWN_MAX_CHARS``, or with a paragraph (a block between blank lines)
longer than ``MARKDOWN_MAX_BLOCK`` characters, is read as plain text, its marks as typed and nothing
dropped: python-markdown rebuilds a paragraph's text at every mark it matches, so its time grows with the
text times the longest paragraph (dense markup: 5 million characters in paragraphs of 100,000 take about
20 s; one paragraph of 120,000 links took 83 s)."""

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown"})
WORD_SUFFIXES = frozenset({".docx", ".doc"})
OPENED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf", ".docx")
"""The files Reader opens, by the end of their name: the one list that the file dialog, the welcome page and
the command line name (a file with another ending is read as plain text; a .doc is refused with a word on
saving it as .docx)."""
NAMED_SUFFIXES = (".txt", ".md", ".html", ".pdf", ".docx")  # the same kinds, one ending each, for sentences


def formats_in_words(conjunction: str = "or") -> str:
    """ ".txt, .md, .html, .pdf or .docx": the kinds of files Reader opens, as a sentence names them."""
    *most, last = NAMED_SUFFIXES
    return f"{', '.join(most)} {conjunction} {last}"


class SourceError(Exception):
    """A file Reader cannot use; ``str()`` is one line naming the file and the problem."""

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        # The name is shown escaped: a line break or an escape code in it must not reach a terminal raw.
        super().__init__(f"{printable(os.fspath(path))}: {problem}")
        self.path = os.fspath(path)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Source:
    """One write-up of the story."""

    path: str
    text: str
    title: str
    format: str  # "text", "markdown", "html", "pdf" or "docx"
    encoding: str
    outlet: str | None = None
    author: str | None = None
    date: str | None = None  # the publication date as the source prints it
    published: Published | None = None  # ... read, normalized and ordered (reader.core.text.dates)
    outlet_from: str | None = None  # the words (or the file's name) the outlet was inferred from
    outlet_how: str | None = None  # how the outlet was found: one of OUTLET_HOW, None when there is none

    @property
    def name(self) -> str:
        return short_name(self.path)

    @property
    def sha256(self) -> str:
        # surrogatepass: a text made in memory may hold a lone surrogate; hashing it must not fail.
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()


OUTLET_HOW = {
    "page": "from the page's metadata",
    "header": "from the file's header",
    "user": "as you set it",
    "file name": "from the file's name “{words}”",
    "self-reference": "from the words “{words}”",
    "plain mention": "from a plain mention, “{words}” (not sure)",
}
"""How a source's outlet was found, surest first, and how to say it: the page's or the file's metadata
(og:site_name, an "Outlet:" line, Markdown front matter), the user's setting, a file named after an outlet
Reader knows or a site ("nytimes.txt", "cbsnews.com_2.txt"), the words an outlet writes only of itself
("Fox News has learned", "© 2012 The Huffington Post"), or a plain mention another outlet could write too
("a new Fox News poll")."""


def outlet_origin(source: Source) -> str | None:
    """Where ``source``'s outlet was read from, in words for people ("from the file's name “nyt.txt”")."""
    if source.outlet is None or source.outlet_how is None:
        return None
    said = OUTLET_HOW.get(source.outlet_how, source.outlet_how)
    return said.replace("{words}", source.outlet_from or "")


def short_name(path: str) -> str:
    """A source's name for people: the file's name; for a page, its site and the last part of its address
    ("example.com/story")."""
    if is_url(path):
        parts = urllib.parse.urlsplit(path.strip())
        tail = parts.path.rstrip("/").rsplit("/", 1)[-1]
        return f"{parts.netloc}/{tail}" if tail else parts.netloc
    return Path(path).name


def read_source(
    path: str | os.PathLike[str],
    max_bytes: int = MAX_BYTES,
    tick: Tick | None = None,
    limits: DocumentLimits = LIMITS,
    max_chars: int = MAX_CHARS,
) -> Source:
    """Read one file. Raises SourceError with a message fit for the user. ``tick`` hears how far the
    slow part (reading a web page's markup) got, and may raise AlignmentCancelled to stop. A PDF or Word
    document is read in a child process within ``limits`` (reader.core.reading.isolated). Its text is at most
    ``max_chars`` characters long, or it is refused."""
    path = os.fspath(path)
    data = _read_bytes(path, max_bytes)
    return source_from_bytes(
        path, data, Path(path).suffix.lower(), _modified(path), tick, limits=limits, max_chars=max_chars
    )


def source_from_page(page: Fetched, tick: Tick | None = None) -> Source:
    """The source of a fetched page (or its snapshot): read as its Content-Type says, in the encoding its
    headers declare (or, failing that, the page itself); its path is the URL it was asked for."""
    suffix = {
        "application/pdf": ".pdf",
        "text/plain": ".txt",
        "text/markdown": ".md",
    }.get(page.content_type, ".html")
    saved = page.fetched_at.astimezone().replace(tzinfo=None)  # "3 hours ago" counts from the fetch
    return source_from_bytes(page.url, page.body, suffix, saved, tick, charset=page.charset)


def source_from_bytes(
    path: str,
    data: bytes,
    suffix: str,
    saved: datetime | None,
    tick: Tick | None = None,
    charset: str | None = None,
    limits: DocumentLimits = LIMITS,
    max_chars: int = MAX_CHARS,
) -> Source:
    """A source from the bytes of a file or a page; ``suffix`` says what it is meant to be (".html"),
    ``charset`` is an encoding declared outside the data (an HTTP header), which wins over the data's own.
    PDF and Word documents are read in a child process within ``limits``: nothing in them can end Reader.
    A text longer than ``max_chars`` characters is refused (``MAX_CHARS``)."""
    if suffix == ".pdf" or data.startswith(b"%PDF-"):
        return _within(_from_pdf(path, data, tick, limits), max_chars, tick)
    if suffix in WORD_SUFFIXES or _is_word(data):
        return _within(_from_word(path, data, tick, saved, limits), max_chars, tick)
    looks_html = suffix in HTML_SUFFIXES or _starts_like_html(data)
    declared = charset or None
    if declared is None and looks_html:
        from reader.core.reading.htmltext import declared_charset  # loads the HTML parser: for HTML only

        declared = declared_charset(data)
    try:
        decoded = decode_bytes(data, declared)
    except DecodeProblem as problem:
        raise SourceError(path, str(problem)) from None
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    if not text.strip():
        raise SourceError(path, "contains only white space; there is no text to compare")
    if looks_html:  # markup is not compared: what counts is the text read out of it, bounded by the bytes
        return _within(_from_html(path, text, decoded.encoding, "html", tick, saved), max_chars, tick)
    _check_length(path, text, max_chars, tick)  # before Markdown, slower than the alignment, reads it
    if suffix in MARKDOWN_SUFFIXES:
        return _within(_from_markdown(path, text, decoded.encoding, saved), max_chars, tick)
    return _from_text(path, text, decoded.encoding, saved)


def _within(source: Source, max_chars: int, tick: Tick | None) -> Source:
    _check_length(source.path, source.text, max_chars, tick)
    return source


_PASSAGE_ENDS = ("\n", ".", "!", "?", "…", "。", "！", "？")


def _check_length(
    path: str, text: str, max_chars: int, tick: Tick | None, max_passages: int = MAX_PASSAGES
) -> None:
    """Refuse a text of more than ``max_chars`` characters or ``max_passages`` passages, before it is
    compared. A passage ends only at a line break or a sentence's end mark, so counting those bounds the
    passages quickly; only a text above the bound is split to count them exactly (hearing Cancel, at the
    end of the reading's progress)."""
    if len(text) > max_chars:
        raise SourceError(
            path,
            f"{_millions(len(text))} characters of text are more than Reader compares (at most "
            f"{_millions(max_chars)} per source); compare a part of it",
        )
    cuts = 2 * len(text) // MAX_PASSAGE_CHARS  # a passage too long is cut in pieces (segment.py)
    if sum(text.count(end) for end in _PASSAGE_ENDS) + cuts + 1 <= max_passages:
        return
    count = len(segment(text, tick=None if tick is None else lambda _done: tick(1.0)))
    if count > max_passages:
        raise SourceError(
            path,
            f"{_millions(count)} passages (sentences and lines) are more than Reader compares (at most "
            f"{_millions(max_passages)} per source); compare a part of it",
        )


def _millions(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1_000_000:.1f} million".replace(".0 million", " million")
    return f"{count:,}"


def _modified(path: str) -> datetime | None:
    """When the file was last written (local time): "3 hours ago" on a saved page counts from then."""
    try:
        return datetime.fromtimestamp(os.stat(path).st_mtime)
    except (OSError, ValueError, OverflowError):
        return None


def read_sources(
    paths: Iterable[str | os.PathLike[str]], tick: Tick | None = None
) -> tuple[list[Source], list[SourceError]]:
    """Read every file that can be read; the others come back as errors, in the order given.

    One file's failure, whatever it is, is that file's refusal: it never stops the others from being read.
    Only Cancel (AlignmentCancelled from ``tick``) stops the reading.
    """
    sources: list[Source] = []
    errors: list[SourceError] = []
    for path in paths:
        try:
            sources.append(read_source(path, tick=tick))
        except AlignmentCancelled:
            raise
        except SourceError as error:
            errors.append(error)
        except (MemoryError, RecursionError):
            errors.append(SourceError(path, "is too large or too deeply nested for Reader to read"))
        except Exception as error:  # a bug in a reader must cost one file, not the whole comparison
            errors.append(
                SourceError(path, f"could not be read (an error in Reader: {' '.join(str(error).split())})")
            )
    return sources, errors


def source_from_text(text: str, path: str = "untitled.txt", **metadata: str | None) -> Source:
    """A Source made from text in memory (tests, scripts, pasted text). A lone surrogate, which is not a
    character and cannot be stored or shown, becomes U+FFFD; every offset stays where it was."""
    text = without_surrogates(text.replace("\r\n", "\n").replace("\r", "\n"))
    source = _from_text(path, text, "utf-8")
    given: dict[str, object] = {key: value for key, value in metadata.items() if value is not None}
    if isinstance(given.get("date"), str):
        given["published"] = parse_date(str(given["date"]))
    return replace(source, **given)  # type: ignore[arg-type]  # the names are Source's text fields


def _unreadable(path: str, error: OSError) -> SourceError:
    """The one-line message for a file the system would not open or read."""
    if isinstance(error, FileNotFoundError):
        return SourceError(path, "no such file")
    if isinstance(error, PermissionError):
        return SourceError(path, "permission denied")
    if isinstance(error, IsADirectoryError):
        return SourceError(path, "is a folder, not a file")
    return SourceError(path, f"cannot be read ({error.strerror or error})")


def _read_bytes(path: str, max_bytes: int) -> bytes:
    # O_NONBLOCK: opening a named pipe must not wait for a writer. What was opened is then checked with
    # fstat, so a file swapped for a pipe or a device between a check and the open is refused as well.
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        raise _unreadable(path, error) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(path, f"is {_kind_of(info.st_mode)}, not a regular file")
        if info.st_size > max_bytes:
            raise SourceError(
                path,
                f"is {_megabytes(info.st_size)}; Reader opens files up to {_megabytes(max_bytes)}",
            )
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise _unreadable(path, error) from None
    finally:
        os.close(descriptor)
    if len(data) > max_bytes:  # grew since it was opened
        raise SourceError(path, f"is larger than {_megabytes(max_bytes)}, the most Reader opens")
    if not data:
        raise SourceError(path, "is empty")
    return data


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _starts_like_html(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


# -- plain text -------------------------------------------------------------------------------------------

_HEADING_MARK = re.compile(r"^\s*#{1,6}\s+")
_BYLINE = re.compile(r"^\s*(?:By|Author:|Written by)\s+(.{2,80}?)\s*$", re.IGNORECASE | re.MULTILINE)
_OUTLET = re.compile(r"^\s*(?:Outlet|Publisher|Publication|Source):\s*(.{2,80}?)\s*$", re.IGNORECASE | re.M)
_HEAD_LINES = 15  # metadata is looked for only near the top, where outlets print it
_HEAD_CHARS = 64 * 1024  # ... within this much of it


def _from_text(path: str, text: str, encoding: str, saved: datetime | None = None) -> Source:
    """``saved``: when the file was last written, for a page that says "3 hours ago"."""
    top = text.lstrip()[:_HEAD_CHARS]  # not the whole of a long text: a copy of it costs time
    head = "\n".join(top.splitlines()[:_HEAD_LINES])
    published = publication_date(head, saved)
    outlet, outlet_from, outlet_how = _outlet(path, top, head)
    return Source(
        path=path,
        text=text,
        title=_first_line(top) or Path(path).stem,
        format="text",
        encoding=encoding,
        outlet=outlet,
        author=_first_group(_BYLINE, head),
        date=published.words if published else None,
        published=published,
        outlet_from=outlet_from,
        outlet_how=outlet_how,
    )


def _outlet(path: str, top: str, head: str) -> tuple[str | None, str | None, str | None]:
    """The outlet of a text (see ``OUTLET_HOW``), the words or file name it was read from, and how."""
    header = _first_group(_OUTLET, head)
    if header is not None:
        return header, None, "header"
    name = (urllib.parse.urlsplit(path.strip()).hostname or "") if is_url(path) else Path(path).stem
    own = file_outlet(name) if name else None
    if own is not None:
        return own.outlet, short_name(path), "file name"
    own = self_reference(top)
    if own is not None:
        return own.outlet, own.words, "self-reference" if own.strong else "plain mention"
    return None, None, None


def _first_line(text: str) -> str:
    """The title: the first line, or the second when the first is a kicker (a short label above the
    headline: "xAI Distillation" over "Musk Admits xAI Distilled OpenAI Models to Train Grok Under Oath")."""
    lines = [line for line in (_HEADING_MARK.sub("", raw).strip() for raw in text.splitlines()[:3]) if line]
    if not lines:
        return ""
    first = lines[0]
    if len(lines) > 1 and _is_kicker(first, lines[1]):
        first = lines[1]
    return first if len(first) <= 200 else first[:199].rstrip() + "…"


def _is_kicker(first: str, second: str) -> bool:
    """A line of at most three words above a longer line that reads as a headline (no full stop at the
    end, at most 200 characters) is a kicker."""
    words, next_words = len(first.split()), len(second.split())
    headline = len(second) <= 200 and not second.endswith((".", ":"))
    return words <= 3 and next_words >= words + 3 and headline and not first.endswith((".", ":"))


def _first_group(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(1) if match else None


# -- Markdown and HTML ------------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.DOTALL)


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _markdown_bounded(text: str) -> bool:
    """Whether python-markdown can format ``text`` in bounded time (``MARKDOWN_MAX_CHARS``)."""
    if len(text) > MARKDOWN_MAX_CHARS:
        return False
    start = 0
    for blank in _BLANK_LINE.finditer(text):
        if blank.start() - start > MARKDOWN_MAX_BLOCK:
            return False
        start = blank.end()
    return len(text) - start <= MARKDOWN_MAX_BLOCK


def _from_markdown(path: str, text: str, encoding: str, saved: datetime | None = None) -> Source:
    metadata: dict[str, str] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        for line in match.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                metadata[key.strip().lower()] = value.strip().strip("\"'")
        text = text[match.end() :]
    if not _markdown_bounded(text):
        return _from_text(path, text, encoding, saved)
    # Imported here: only Markdown files need it, which keeps `reader align` on text files quick to start.
    from reader.core.reading.markdown_text import bounded_markdown

    html = bounded_markdown().convert(text)
    source = _from_html(path, html, encoding, "markdown", saved=saved)
    published = _declared_date(metadata.get("date"), saved) or source.published
    return Source(
        path=path,
        text=source.text,
        title=metadata.get("title") or source.title,
        format="markdown",
        encoding=encoding,
        outlet=metadata.get("outlet") or metadata.get("publisher") or source.outlet,
        author=metadata.get("author") or source.author,
        date=metadata.get("date") or source.date,
        published=published,
        outlet_from=None if metadata.get("outlet") or metadata.get("publisher") else source.outlet_from,
        outlet_how="header" if metadata.get("outlet") or metadata.get("publisher") else source.outlet_how,
    )


def _from_html(
    path: str,
    html: str,
    encoding: str,
    kind: str,
    tick: Tick | None = None,
    saved: datetime | None = None,
) -> Source:
    if kind == "html":
        from reader.core.reading.webpage import article

        page = article(html, tick)
    else:  # the user's own document (Markdown, Word): all of it is the text
        from reader.core.reading.htmltext import extract

        page = extract(html, tick)
    if not page.text.strip():
        raise SourceError(path, "has no readable text (only markup, scripts or navigation)")
    plain = _from_text(path, page.text, encoding, saved)
    return Source(
        path=path,
        text=page.text,
        title=page.title or plain.title,
        format=kind,
        encoding=encoding,
        outlet=page.site_name or plain.outlet,
        author=page.author or plain.author,
        date=page.date or plain.date,
        published=_declared_date(page.date, saved) or plain.published,
        outlet_from=None if page.site_name else plain.outlet_from,
        outlet_how="page" if page.site_name else plain.outlet_how,
    )


def _from_pdf(path: str, data: bytes, tick: Tick | None, limits: DocumentLimits) -> Source:
    from reader.core.reading.isolated import read_pdf_isolated
    from reader.core.reading.pdftext import PdfProblem

    try:
        pdf = read_pdf_isolated(data, tick, limits)
    except PdfProblem as problem:
        raise SourceError(path, str(problem)) from None
    if not pdf.text.strip():
        raise SourceError(path, "has no text apart from its pages' headers and footers")
    plain = _from_text(path, pdf.text, "pdf")
    return replace(
        plain,
        format="pdf",
        title=pdf.title or plain.title,
        author=pdf.author or plain.author,
        date=plain.date or pdf.date,  # a date printed on the page before the file's own
        published=plain.published or _declared_date(pdf.date, None),
    )


def _is_word(data: bytes) -> bool:
    """Do the bytes start as a Word document's (a .doc, or a .docx: a zip archive with a document inside)?
    The module that reads them loads the XML parsers: it is imported for such bytes only, so that
    `reader align` on text files starts without them."""
    if not data.startswith((b"\xd0\xcf\x11\xe0", b"PK\x03\x04")):
        return False
    from reader.core.reading.word import OLE_MAGIC, is_docx

    return data.startswith(OLE_MAGIC) or is_docx(data)


def _from_word(
    path: str, data: bytes, tick: Tick | None, saved: datetime | None, limits: DocumentLimits
) -> Source:
    from reader.core.reading.isolated import read_docx_isolated
    from reader.core.reading.word import WordProblem

    try:
        document = read_docx_isolated(data, tick, limits)
    except WordProblem as problem:
        raise SourceError(path, str(problem)) from None
    source = _from_html(path, document.html, "docx", "docx", tick, saved)
    headed = "<h1" in document.html  # a heading of its own is the title; Word's Title property is often stale
    return replace(
        source,
        title=(source.title if headed else document.title or source.title) or Path(path).stem,
        author=source.author or document.author,
    )


def _declared_date(value: str | None, saved: datetime | None) -> Published | None:
    """A date the page or the front matter declares (usually ISO 8601)."""
    return parse_date(value[:200], saved) if value else None
