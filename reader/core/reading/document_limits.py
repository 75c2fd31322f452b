"""The limits on reading a PDF or Word document: one place for all of them, so a change is seen whole.

Untrusted documents are read in a child process (reader.core.reading.isolated) that a memory limit and a time limit
end; inside it, the format readers check the other limits before the work they bound (how much compressed
data unpacks to, how many pages, objects and XML nodes there are), so a document past one is refused with
that limit named, quickly, rather than by the memory or time limit.

Measured on a 2-core machine shared with other work: a 50-page text PDF (277 KB) reads in 0.3 s in its
child process, which peaks at 46 MB; mammoth converts about 16,000 Word XML elements a second, at about
1.2 KB each (40,000 paragraphs: 9.8 s, 196 MB); its converter recurses for each level of nesting and met
Python's recursion limit between 200 and 400 levels. tests/benchmarks/bench_limits.py runs the hostile
documents of issue 30 against them.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class DocumentLimits:
    """Every bound on reading one PDF or Word document. Tests pass lower ones to keep their bombs small."""

    memory: int = 1536 * MB
    """The child process's address space (Linux; elsewhere the time limit alone applies)."""
    seconds: float = 30.0
    """Reading one document takes at most this long: half the minute an alignment is given in all."""
    pdf_pages: int = 5000
    pdf_page_objects: int = 200_000
    """Text, image, path and form objects drawn on one page (a page of text set letter by letter has a few
    thousand)."""
    pdf_unpacked: int = 256 * MB
    """The compressed streams of a PDF (its pages' contents, fonts; not its pictures), unpacked."""
    docx_unpacked: int = 200 * MB
    """All the parts of a .docx, unpacked (pictures included, though they are not read)."""
    docx_part: int = 64 * MB
    """One XML part of a .docx, unpacked (300,000 elements of Word's take about 20 MB)."""
    docx_ratio: int = 200
    """A part of a .docx that unpacks to more than 1 MB may grow this many times at most (Word's XML
    grows 5 to 20 times, 40 for a text repeated twenty times over; a zip bomb a thousand)."""
    xml_elements: int = 300_000
    """XML elements in all the text parts of a .docx together: about 20 s of mammoth's work."""
    xml_depth: int = 100
    """Nesting of XML elements in a .docx part: Word's own documents stay within a few dozen."""


LIMITS = DocumentLimits()
"""The limits Reader reads documents with."""


def megabytes(size: int) -> str:
    """1536 MB is "1.5 GB": a limit in the words of a message."""
    if size >= 1024 * MB:
        return f"{size / (1024 * MB):.1f} GB".replace(".0 GB", " GB")
    return f"{size // MB} MB"
