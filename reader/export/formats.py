"""Export a report to a file, the format chosen by name or by the file's extension.

The formats are declared once, in ``EXPORT_FORMATS``: the command line's ``--format`` choices and help, the
Export dialog's file filters and its line of formats, and ``export`` itself all read that table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from reader.core import atomic
from reader.core.text.display import printable

if TYPE_CHECKING:  # the report loads the store (SQLAlchemy): the command line reads this table without it
    from reader.export.report import Report


@dataclass(frozen=True)
class ExportFormat:
    """One export format. Exactly one of ``render`` (the report as text, written by ``export``) and ``write``
    (which writes the file itself, given a path) is set."""

    name: str  # as ``--format`` takes it
    suffixes: tuple[str, ...]  # the extensions that pick it; the first is the one it is written with
    label: str  # the file dialog's filter names it so: "HTML page (*.html)"
    title: str  # the line after a command-line export names it so: "Wrote story.html: HTML, ..."
    in_words: str  # a sentence listing the formats names it so
    render: Callable[[Report], str] | None = None
    write: Callable[[Report, Path], object] | None = None

    def __post_init__(self) -> None:
        if (self.render is None) == (self.write is None):
            raise ValueError(f"{self.name}: give a render (text) or a write (file) function, not both")

    @property
    def writes(self) -> Literal["text", "file"]:
        return "text" if self.render is not None else "file"

    @property
    def suffix(self) -> str:
        return self.suffixes[0]

    @property
    def file_filter(self) -> str:
        return f"{self.label} (*{self.suffix})"


# The writers are imported when used: the command line starts without them, and the PDF writer loads Qt.
def _html(report: Report) -> str:
    from reader.export.html import to_html

    return to_html(report)


def _markdown(report: Report) -> str:
    from reader.export.markdown_report import to_markdown

    return to_markdown(report)


def _pdf(report: Report, path: Path) -> int:
    from reader.render.pdf import write_pdf  # Qt: loaded only when a PDF is written

    return write_pdf(report, path)


def _web_annotation(report: Report) -> str:
    from reader.export.webannotation import to_json

    return to_json(report)


def _csv(report: Report) -> str:
    from reader.export.csv_export import to_csv

    return to_csv(report)


EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("html", (".html", ".htm"), "HTML page", "HTML", "HTML", render=_html),
    ExportFormat("md", (".md", ".markdown"), "Markdown report", "Markdown", "Markdown", render=_markdown),
    ExportFormat("pdf", (".pdf",), "PDF report", "PDF", "PDF", write=_pdf),
    ExportFormat(
        "json",
        (".json", ".jsonld"),
        "Web Annotation JSON",
        "JSON (Web Annotation)",
        "JSON (W3C Web Annotation)",
        render=_web_annotation,
    ),
    ExportFormat("csv", (".csv",), "CSV for spreadsheets", "CSV", "CSV", render=_csv),
)
FORMATS = {fmt.name: fmt for fmt in EXPORT_FORMATS}
_BY_SUFFIX = {suffix: fmt.name for fmt in EXPORT_FORMATS for suffix in fmt.suffixes}


def formats_in_words(conjunction: str = "or") -> str:
    """ "HTML, Markdown, PDF, JSON (W3C Web Annotation) or CSV": the formats, as a sentence lists them."""
    *most, last = (fmt.in_words for fmt in EXPORT_FORMATS)
    return f"{', '.join(most)} {conjunction} {last}"


def file_filters() -> str:
    """The formats as a file dialog's filters, one per format, in the table's order."""
    return ";;".join(fmt.file_filter for fmt in EXPORT_FORMATS)


def format_of_filter(chosen: str) -> str | None:
    """The format whose filter (from ``file_filters``) the dialog returned; None for any other text."""
    return next((fmt.name for fmt in EXPORT_FORMATS if fmt.file_filter == chosen), None)


class ExportError(Exception):
    """The export cannot be written; the message names the file."""


def format_for(path: str | Path, requested: str | None = None) -> str:
    if requested:
        if requested not in FORMATS:
            raise ExportError(f"unknown format {requested!r}; use one of {', '.join(FORMATS)}")
        return requested
    suffix = Path(path).suffix.lower()
    if suffix not in _BY_SUFFIX:
        raise ExportError(
            f"{printable(str(path))}: cannot tell the format from the extension; use --format "
            f"({', '.join(FORMATS)})"
        )
    return _BY_SUFFIX[suffix]


def export(report: Report, path: str | Path, fmt: str | None = None) -> str:
    """Write ``report`` to ``path``; returns the format used. The file is written beside ``path`` and renamed
    into place, so a failure (a full disk, say) leaves any previous file untouched."""
    name = format_for(path, fmt)
    chosen = FORMATS[name]
    path = Path(path)
    try:
        if chosen.write is not None:
            with atomic.atomic_path(path) as temporary:
                chosen.write(report, temporary)
        elif chosen.render is not None:
            atomic.write_text(path, chosen.render(report))
    except OSError as error:
        raise ExportError(f"{printable(str(path))}: cannot write ({error.strerror or error})") from None
    return name
