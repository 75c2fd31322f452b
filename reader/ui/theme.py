"""Colours for the highlights, in a light and a dark variant.

Based on the Okabe-Ito palette, which stays distinguishable with the common colour-vision deficiencies:
reworded passages are orange, the same fact in other words is bluish green, additions are blue, verbatim
sharing is a quiet grey. Besides colour, changed words are underlined, copied fragments have a thick
underline, conflicting details a wavy one, words two sources both quote a dotted one in italics, and
additions carry a margin bar, so no meaning rests on hue alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from reader.export import palette

POSSIBLE_SHARE = 0.45
"""How much of the same-fact colour a passage only possibly the same gets (the rest is the page's)."""


@dataclass(frozen=True)
class Theme:
    dark: bool
    verbatim: QColor
    reworded: QColor
    changed: QColor
    unique: QColor
    paraphrase: QColor
    fragment: QColor
    discrepancy: QColor
    quoted: QColor  # the dotted underline of words another source quotes too ("both quote Musk")
    selected: QColor
    copied: QColor  # the passages of the pair chosen in "Who copies whom"
    found: QColor
    connector_verbatim: QColor
    connector_reworded: QColor
    text: QColor
    muted: QColor

    def passage(self, kind: str) -> QColor:
        if kind == "possible":  # possibly the same: the colour of the same fact, faded into the page
            page, colour = QColor("#1b1d21" if self.dark else "#ffffff"), self.paraphrase
            mix = POSSIBLE_SHARE
            return QColor(
                round(mix * colour.red() + (1 - mix) * page.red()),
                round(mix * colour.green() + (1 - mix) * page.green()),
                round(mix * colour.blue() + (1 - mix) * page.blue()),
            )
        return {
            "verbatim": self.verbatim,
            "reworded": self.reworded,
            "paraphrase": self.paraphrase,
            "unique": self.unique,
        }[kind]

    def connector(self, kind: str) -> QColor:
        if kind == "paraphrase":
            paraphrase = QColor(self.fragment)
            paraphrase.setAlpha(110)
            return paraphrase
        return self.connector_verbatim if kind == "verbatim" else self.connector_reworded


LIGHT = Theme(
    dark=False,
    verbatim=QColor(palette.VERBATIM),
    reworded=QColor(palette.REWORDED),
    changed=QColor(palette.CHANGED),
    unique=QColor(palette.UNIQUE),
    paraphrase=QColor(palette.PARAPHRASE),
    fragment=QColor(palette.FRAGMENT),
    discrepancy=QColor(palette.DISCREPANCY),
    quoted=QColor(palette.QUOTED),
    selected=QColor("#e9c3da"),
    copied=QColor("#e2d5ee"),
    found=QColor("#f5d04c"),
    connector_verbatim=QColor(120, 130, 145, 90),
    connector_reworded=QColor(230, 159, 0, 110),
    text=QColor(palette.TEXT),
    muted=QColor(palette.MUTED),
)

DARK = Theme(
    dark=True,
    verbatim=QColor("#2b3139"),
    reworded=QColor("#5a4516"),
    changed=QColor("#9a6a12"),
    unique=QColor("#1d4a66"),
    paraphrase=QColor("#1f4d3f"),
    fragment=QColor("#3fc79f"),
    discrepancy=QColor("#ff8a4c"),
    quoted=QColor("#b3a6c9"),
    selected=QColor("#6b3a57"),
    copied=QColor("#463a5e"),
    found=QColor("#7a6412"),
    connector_verbatim=QColor(150, 160, 175, 70),
    connector_reworded=QColor(230, 159, 0, 110),
    text=QColor("#e4e6ea"),
    muted=QColor("#a0a6b0"),
)


def system_is_dark() -> bool:
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def current_theme() -> Theme:
    return DARK if system_is_dark() else LIGHT
