"""The window's colours: ``reader.export.palette``'s light or dark variant as Qt colours.

What each style marks and why it looks as it does is said there, once, for the window and the exports.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from reader.export import palette
from reader.export.palette import Palette

FILLED = ("verbatim", "reworded")  # the passage kinds drawn with a background; the others are lines or plain
UNDERLINED = ("paraphrase", "possible")  # passage kinds drawn with a quiet line under the words


@dataclass(frozen=True)
class Theme:
    dark: bool
    page: QColor
    verbatim: QColor
    reworded: QColor
    changed: QColor
    paraphrase: QColor  # a thin underline
    possible: QColor  # a dashed underline
    fragment: QColor
    discrepancy: QColor
    quoted: QColor  # the dotted underline of words another source quotes too ("both quote Musk")
    selected: QColor
    copied: QColor  # the passages of the pair chosen in "Who copies whom"
    found: QColor
    found_text: QColor
    found_current: QColor
    found_current_text: QColor
    text: QColor
    muted: QColor

    def passage(self, kind: str) -> QColor:
        """The colour that marks a passage of ``kind``: its fill, its underline, or the page (plain)."""
        return {
            "verbatim": self.verbatim,
            "reworded": self.reworded,
            "paraphrase": self.paraphrase,
            "possible": self.possible,
        }.get(kind, self.page)

    def connector(self, kind: str) -> QColor:
        """The band between two panes linking passages of ``kind``: the passage's colour, see-through."""
        color = QColor(self.passage(kind))
        color.setAlpha({"verbatim": 150, "reworded": 150}.get(kind, 60))
        return color


def _theme(colours: Palette) -> Theme:
    return Theme(
        dark=colours.dark,
        page=QColor(colours.page),
        verbatim=QColor(colours.verbatim),
        reworded=QColor(colours.reworded),
        changed=QColor(colours.changed),
        paraphrase=QColor(colours.paraphrase),
        possible=QColor(colours.possible),
        fragment=QColor(colours.fragment),
        discrepancy=QColor(colours.discrepancy),
        quoted=QColor(colours.quoted),
        selected=QColor(colours.selected),
        copied=QColor(colours.copied),
        found=QColor(colours.found),
        found_text=QColor(colours.found_text),
        found_current=QColor(colours.found_current),
        found_current_text=QColor(colours.found_current_text),
        text=QColor(colours.text),
        muted=QColor(colours.muted),
    )


LIGHT = _theme(palette.LIGHT)
DARK = _theme(palette.DARK)


def system_is_dark() -> bool:
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def current_theme() -> Theme:
    return DARK if system_is_dark() else LIGHT
