"""The Markdown report as a paginated PDF with page numbers, drawn by Qt's own PDF writer (no browser)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from reader.export.report import Report


def write_pdf(report: Report, path: str | Path) -> int:
    """Write the PDF; returns the number of pages."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # headless use: no display needed
    import markdown
    import nh3
    from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF
    from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument
    from PySide6.QtWidgets import QApplication

    from reader.export.markdown_report import to_markdown
    from reader.export.notes import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES

    # Qt's text layout needs an application object; a QApplication (not a bare QGuiApplication) so that a
    # window opened later in the same process (the window's own File > Export, tests) can still start.
    QGuiApplication.instance() or QApplication([])
    # The report's own Markdown: its user text is already escaped (quotes) or sanitized on the way (notes).
    body = nh3.clean(
        # Python-Markdown has no ~~strike-through~~ (GitHub's); the report's deletions use it.
        markdown.markdown(re.sub(r"~~(.+?)~~", r"<del>\1</del>", to_markdown(report)), extensions=["extra"]),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
    )
    html = (
        "<style>body{font-family:'DejaVu Sans';font-size:10pt} h1{font-size:17pt} h2{font-size:14pt;margin-top:14pt}"
        " h3{font-size:11pt;margin-top:10pt} blockquote{margin-left:12pt;color:#333}"
        " code{background:#eee}</style>" + body
    )
    writer = QPdfWriter(str(path))
    writer.setTitle(report.title)
    writer.setCreator("Reader")
    writer.setResolution(144)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(15, 15, 15, 18)
        )
    )
    document = QTextDocument()
    document.setHtml(html)
    page = writer.pageLayout().paintRectPixels(writer.resolution())
    footer = int(writer.resolution() * 0.35)
    document.setPageSize(QSizeF(page.width(), page.height() - footer))
    pages = document.pageCount()
    painter = QPainter(writer)
    try:
        for number in range(pages):
            if number:
                writer.newPage()
            painter.save()
            top = number * (page.height() - footer)
            painter.translate(0, -top)
            document.drawContents(painter, QRectF(0, top, page.width(), page.height() - footer))
            painter.restore()
            painter.drawText(
                QRectF(QPointF(0, page.height() - footer), QSizeF(page.width(), footer)),
                0x0084,  # Qt.AlignHCenter | Qt.AlignBottom
                f"{report.title} · page {number + 1} of {pages}",
            )
    finally:
        painter.end()
    return pages
