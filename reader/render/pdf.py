"""The Markdown report as a paginated PDF with page numbers, drawn by Qt's own PDF writer (no browser)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import nh3
from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication

from reader.core.provenance.who_first import provenance
from reader.core.reading.markdown_text import EXTRA, bounded_markdown
from reader.export import palette
from reader.export.graph import layout
from reader.export.markdown_report import to_markdown
from reader.export.notes import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES
from reader.export.report import Report
from reader.render.graph_paint import GraphColors, paint_graph

LANDSCAPE_FROM = 4  # sources
BODY_PT = 10.5
_GRAPH_NAME = "reader-who-copies-whom.png"
_GRAPH_AFTER = "<h2>Who had it first</h2>"  # the graph ends this section, after its sentences and table
_GRAPH_W, _GRAPH_H = 520.0, 280.0  # the graph's layout, in points: about the width of the page's text


def _graph_image(report: Report, resolution: int) -> QImage:
    """The "who copies whom" graph as an image for the PDF, sharp at the writer's resolution."""
    scale = resolution / 72
    image = QImage(int(_GRAPH_W * scale), int(_GRAPH_H * scale), QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    try:
        painter.scale(scale, scale)
        font = QFont("DejaVu Sans")
        font.setPixelSize(10)  # layout units are points: 10 pt text on the page
        colors = GraphColors(QColor(palette.TEXT), QColor(palette.MUTED), QColor("#ffffff"))
        paint_graph(painter, layout(report.alignment, _GRAPH_W, _GRAPH_H), colors, font)
    finally:
        painter.end()
    return image


def write_pdf(report: Report, path: str | Path) -> int:
    """Write the PDF; returns the number of pages."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # headless use: no display needed
    # Qt's text layout needs an application object; a QApplication (not a bare QGuiApplication) so that a
    # window opened later in the same process (the window's own File > Export, tests) can still start.
    QGuiApplication.instance() or QApplication([])
    # The report's own Markdown: its user text is already escaped (quotes) or sanitized on the way (notes).
    body = nh3.clean(
        # Python-Markdown has no ~~strike-through~~ (GitHub's); the report's deletions use it.
        bounded_markdown(EXTRA).convert(re.sub(r"~~(.+?)~~", r"<del>\1</del>", to_markdown(report))),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
    )
    # Qt's HTML tables take their borders and padding from attributes, not from CSS.
    body = body.replace("<table>", '<table border="1" cellspacing="0" cellpadding="4" width="100%">')
    html = (
        f"<style>body{{font-family:'DejaVu Sans';font-size:{BODY_PT}pt}} h1{{font-size:18pt}} h2{{font-size:14pt;"
        "margin-top:14pt} h3{font-size:12pt;margin-top:10pt} blockquote{margin-left:12pt;color:#333}"
        " td, th{font-size:10pt} th{background:#eef1f4;text-align:left} table{border-color:#c8cdd3;margin-top:4pt;margin-bottom:6pt}"
        # A note's part past the Markdown limit is a code block: wrapped, or a long line ran off the page.
        " code{background:#eee} pre{white-space:pre-wrap}</style>" + body
    )
    writer = QPdfWriter(str(path))
    writer.setTitle(report.title)
    writer.setCreator("Reader")
    writer.setResolution(144)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            # Landscape for many sources: the summary's columns and long passages read better wide.
            QPageLayout.Orientation.Landscape
            if len(report.alignment.sources) >= LANDSCAPE_FROM
            else QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 18),
        )
    )
    document = QTextDocument()
    # Lay the text out at the writer's resolution: at the screen's, 10 pt text came out at 6-7 pt.
    document.documentLayout().setPaintDevice(writer)
    body_font = QFont("DejaVu Sans")
    body_font.setPointSizeF(BODY_PT)  # the style sheet's body size does not reach Qt's list items
    document.setDefaultFont(body_font)
    page = writer.pageLayout().paintRectPixels(writer.resolution())
    if provenance(report.alignment).copying and _GRAPH_AFTER in html:
        image = _graph_image(report, writer.resolution())
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(_GRAPH_NAME), image)
        # An image's size is in CSS pixels (1/96 inch) once the layout uses the writer's resolution.
        width = int(min(page.width(), page.height() * 0.45 * _GRAPH_W / _GRAPH_H) * 96 / writer.resolution())
        picture = (
            f'<p><img src="{_GRAPH_NAME}" width="{width}" height="{int(width * _GRAPH_H / _GRAPH_W)}"></p>'
        )
        section = html.index(_GRAPH_AFTER) + len(_GRAPH_AFTER)
        end = html.find("<h2>", section)
        end = len(html) if end < 0 else end
        html = html[:end] + picture + html[end:]
    document.setHtml(html)
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
