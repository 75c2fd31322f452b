"""Export a report to a file, the format chosen by name or by the file's extension."""

from __future__ import annotations

from pathlib import Path

from reader.core import atomic
from reader.core.display import printable
from reader.export.report import Report

FORMATS = {"html": ".html", "md": ".md", "pdf": ".pdf", "json": ".json", "csv": ".csv"}
_BY_SUFFIX = {
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".pdf": "pdf",
    ".json": "json",
    ".jsonld": "json",
    ".csv": "csv",
}


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
    fmt = format_for(path, fmt)
    path = Path(path)
    try:
        if fmt == "pdf":
            from reader.render.pdf import write_pdf

            with atomic.atomic_path(path) as temporary:
                write_pdf(report, temporary)
            return fmt
        if fmt == "html":
            from reader.export.html import to_html as render
        elif fmt == "md":
            from reader.export.markdown_report import to_markdown as render
        elif fmt == "json":
            from reader.export.webannotation import to_json as render
        else:
            from reader.export.csv_export import to_csv as render
        atomic.write_text(path, render(report))
    except OSError as error:
        raise ExportError(f"{printable(str(path))}: cannot write ({error.strerror or error})") from None
    return fmt
