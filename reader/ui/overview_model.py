"""The overview of sources by passages as a Qt table model, and how one of its cells is drawn.

The data is ``reader.core.provenance.overview``'s; this module turns it into what a view asks for (row and column
headers, tooltips, an accessible sentence per cell) and paints a cell in the theme's colours: the same
fills as the passages in the panes, so a cell reads like the passage it stands for.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    Qt,
    QTime,
)
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPolygon

from reader.core.alignment.records import Alignment
from reader.core.provenance.overview import DIFFERS, FORM_WORDS, FORMS, Form, Overview
from reader.core.text.dates import Published
from reader.ui.local_dates import local_date
from reader.ui.theme import Theme

CELL_ROLE = (
    Qt.ItemDataRole.UserRole + 1
)  # the cell's byte (``reader.core.provenance.overview.FORMS`` and DIFFERS)
FIRST_SURE_ROLE = Qt.ItemDataRole.UserRole + 2  # is the column's first carrier known for sure?
EXCERPT_CHARS = 160
_Index = QModelIndex | QPersistentModelIndex


def short_date(published: Published, locale: QLocale | None = None) -> str:
    """ "4/30/26 9:00 AM": a date and time as short as the reader's locale writes them (the long form is
    in the tooltip)."""
    locale = locale or QLocale()
    when = published.when
    day = locale.toString(QDate(when.year, when.month, when.day), QLocale.FormatType.ShortFormat)
    if not published.has_time:
        return day
    clock = locale.toString(QTime(when.hour, when.minute), QLocale.FormatType.ShortFormat)
    return f"{day} {clock.replace(chr(0x202F), ' ')}"


class OverviewModel(QAbstractTableModel):
    """Rows are sources (earliest first), columns the passages more than one source carries (story
    order). A cell's display is painted, not text: ``CELL_ROLE`` gives its byte, the tooltip and the
    accessible text say it in words."""

    def __init__(self) -> None:
        super().__init__()
        self.alignment: Alignment | None = None
        self.overview: Overview | None = None
        self.labels: Sequence[str] = ()  # by source index
        self.shown: set[int] = set()  # the sources the panes show, when not all of them

    def set_overview(self, alignment: Alignment | None, overview: Overview | None) -> None:
        self.beginResetModel()
        self.alignment, self.overview = alignment, overview
        self.labels = alignment.labels if alignment else ()
        self.endResetModel()

    def set_shown(self, shown: set[int]) -> None:
        """The sources the panes show (marked in the row headers); empty when they show them all."""
        if shown != self.shown:
            self.shown = shown
            if self.rowCount():
                self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, self.rowCount() - 1)

    # -- shape -------------------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own signature)
        return 0 if parent.isValid() or self.overview is None else len(self.overview.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.overview is None else len(self.overview.columns)

    def source_at(self, row: int) -> int:
        assert self.overview is not None
        return self.overview.rows[row].source

    # -- cells -------------------------------------------------------------------------------------------
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        overview = self.overview
        if overview is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == CELL_ROLE:
            return overview.cell(row, column)
        if role == FIRST_SURE_ROLE:
            return overview.columns[column].known
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.cell_sentence(row, column) + "\n" + self.excerpt(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.cell_sentence(row, column)
        return None

    def cell_sentence(self, row: int, column: int) -> str:
        """ "The Valley Courier carries passage 12 word for word; first in The Daily Ledger." and the like."""
        overview = self.overview
        assert overview is not None
        name = self.labels[overview.rows[row].source]
        form = overview.form(row, column)
        first = overview.columns[column].first
        where = f"passage {column + 1}"
        if form is None:
            said = f"{name} does not carry {where}"
        elif form == "first":
            sure = overview.columns[column].known
            said = f"{name} carries {where} first" + ("" if sure else " of those whose date is known")
        else:
            said = f"{name} carries {where}: {FORM_WORDS[form]}"
        if overview.differs(row, column):
            said += ", with a detail that differs"
        if form != "first":
            said += (
                f"; first in {self.labels[first]}"
                if first is not None
                else "; which source had it first is not known"
            )
        return said + "."

    def excerpt(self, row: int, column: int) -> str:
        """The words of the cell's passage (the row's own, else the first carrier's), shortened."""
        alignment, overview = self.alignment, self.overview
        assert alignment is not None and overview is not None
        group = alignment.group_by_id[overview.columns[column].group]
        first = overview.columns[column].first
        member = group.member(overview.rows[row].source) or (
            group.member(first) if first is not None else None
        )
        member = member or group.member(group.reference) or group.members[0]
        words = " ".join(alignment.member_text(member).split())
        return f"“{words[:EXCERPT_CHARS].rstrip()}…”" if len(words) > EXCERPT_CHARS else f"“{words}”"

    # -- headers -----------------------------------------------------------------------------------------
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        overview, alignment = self.overview, self.alignment
        if overview is None or alignment is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            return self._row_header(section, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.column_sentence(section) + (
                "\n" + self.excerpt(0, section) if role == Qt.ItemDataRole.ToolTipRole else ""
            )
        return None

    def _row_header(self, row: int, role: int) -> object:
        overview, alignment = self.overview, self.alignment
        assert overview is not None and alignment is not None
        found = overview.rows[row]
        source = alignment.sources[found.source]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.labels[found.source]
        if role == Qt.ItemDataRole.ToolTipRole:
            when = (
                local_date(found.published) if found.published else "no date: listed after the dated sources"
            )
            lines = [source.title, f"{source.outlet or 'outlet unknown'} · {when}", source.path]
            lines.append(
                f"Carries {found.carried} of the {len(overview.columns)} passages others carry too; "
                f"{found.own} found in it only."
            )
            if found.partner is not None:
                lines.append(
                    f"Choose it to read it beside {self.labels[found.partner]}, which it shares most with."
                )
            return "\n".join(lines)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            when = local_date(found.published) if found.published else "no date"
            return f"{self.labels[found.source]}, {when}"
        return None

    def row_date(self, row: int) -> str:
        assert self.overview is not None
        published = self.overview.rows[row].published
        return short_date(published) if published else "no date"

    def column_sentence(self, column: int) -> str:
        """ "Passage 12 of 83: carried by 47 of 50 sources (40 word for word, 6 edited copies, ...); first in
        The Daily Ledger." """
        overview = self.overview
        assert overview is not None
        counts = overview.counts(column)
        carried = sum(counts.values())
        parts = [f"{counts[form]} {FORM_WORDS[form]}" for form in FORMS[1:] if counts.get(form)]
        info = overview.columns[column]
        first = (
            f"first in {self.labels[info.first]}" + ("" if info.known else " of those whose date is known")
            if info.first is not None
            else "which source had it first is not known"
        )
        return (
            f"Passage {column + 1} of {len(overview.columns)}: carried by {carried} of {len(overview.rows)} "
            f"sources ({'; '.join(parts)}); {first}."
        )


def paint_cell(painter: QPainter, rect: QRect, code: int, theme: Theme, first_sure: bool = True) -> None:
    """One cell: the fill of its form (the panes' colour for the same kind of passage), a bar of the
    changed-words colour under an edited copy, a dotted frame for words both quote, a corner in the
    differing-detail colour, and the first carrier in the text's colour (with a hole when it is only
    the first of those whose date is known)."""
    form: Form | None = FORMS[(code & ~DIFFERS) - 1] if code & ~DIFFERS else None
    if form is None:
        return
    box = rect.adjusted(1, 1, -1, -1)
    painter.save()
    try:
        if form == "first":
            painter.fillRect(box, theme.text)
            if not first_sure:  # the first of those whose date is known: a hole, where another could be
                hole = max(2, box.width() // 3)
                centre = box.center()
                painter.fillRect(
                    QRect(centre.x() - hole // 2, centre.y() - hole // 2, hole, hole),
                    theme.passage("verbatim"),
                )
        elif form == "both quote":
            painter.setPen(QPen(theme.quoted, 1.5, Qt.PenStyle.DotLine))
            painter.drawRect(box.adjusted(1, 1, -1, -1))
        else:
            kind = {
                "verbatim": "verbatim",
                "edited": "reworded",
                "other words": "paraphrase",
                "possible": "possible",
            }[form]
            painter.fillRect(box, theme.passage(kind))
            if form == "edited":
                bar = max(2, box.height() // 5)
                painter.fillRect(QRect(box.left(), box.bottom() - bar + 1, box.width(), bar), theme.changed)
            elif form == "possible":
                painter.setPen(QPen(theme.muted, 1, Qt.PenStyle.DotLine))
                painter.drawRect(box.adjusted(0, 0, -1, -1))
        if code & DIFFERS:
            size = max(4, box.width() // 2)
            corner = QPolygon(
                [box.topRight(), box.topRight() - QPoint(size, 0), box.topRight() + QPoint(0, size)]
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(QColor(theme.discrepancy)))
            painter.drawPolygon(corner)
    finally:
        painter.restore()
