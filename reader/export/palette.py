"""Reader's emphasis, declared once: what each style marks, its words in the colour key, and its colours in a
light and a dark variant. The window's theme (``reader.ui.theme``) and every export read them from here.

Colour goes where the reader should look. Copying stands out: passages shared verbatim and reworded ones
have a fill, the words a rewording changed a stronger one, runs of words copied into another sentence are
bold with a solid underline, and a detail that differs has a wavy underline. Quieter marks say what is not
copying: the same fact in other words has a thin underline, a link only possibly the same a dashed one,
words both sources quote a dotted one in italics. Text found in one source only stays plain.

Every pair of styles a reader must tell apart differs by a CIEDE2000 distance of at least ``MIN_DISTANCE``,
with normal colour vision and with simulated deuteranopia and protanopia, in both variants:
tests/core/test_colour.py computes every distance from the values below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MIN_DISTANCE = 15.0

Form = Literal["fill", "plain", "underline", "dashed", "dotted", "bold", "wavy"]


@dataclass(frozen=True)
class Style:
    kind: str  # the highlight kind it draws (``reader.core.provenance.highlights.Kind``)
    label: str  # its words in the colour key, in the window and the exports
    tip: str  # what it means, in a sentence
    form: Form


KEY: tuple[Style, ...] = (
    Style("verbatim", "shared verbatim", "The same words in another source", "fill"),
    Style("reworded", "reworded", "An edited copy: most words shared, in order", "fill"),
    Style(
        "changed", "changed words", "Words of a reworded passage that the other source does not have", "fill"
    ),
    Style(
        "fragment",
        "copied words",
        "A run of 8 or more words copied word for word into another source's sentence",
        "bold",
    ),
    Style(
        "discrepancy",
        "≠ differs",
        "A number, date, name or quoted word that differs from the linked passage",
        "wavy",
    ),
    Style(
        "paraphrase", "same fact in other words", "Another source reports this in other words", "underline"
    ),
    Style(
        "possible",
        "possibly the same",
        "Another source may report this in other words: the link is less sure (not counted in shares)",
        "dashed",
    ),
    Style(
        "quoted",
        "both quote",
        "Words another source quotes too, from the same speaker or document: not copying",
        "dotted",
    ),
    Style(
        "unique", "found in one source only", "No other source reports this in any form: plain text", "plain"
    ),
)
LABELS: dict[str, str] = {style.kind: style.label for style in KEY}


_READING_FILLS = ("page", "verbatim", "reworded", "changed")  # what a mark is drawn on while reading


@dataclass(frozen=True)
class Palette:
    """One variant's colours, as "#rrggbb"."""

    dark: bool
    page: str  # the text's background; text found in one source only stays on it
    text: str
    muted: str
    verbatim: str  # fill
    reworded: str  # fill
    changed: str  # fill, underlined: words a reworded passage does not share
    fragment: str  # solid underline of bold words copied into another sentence
    discrepancy: str  # wavy underline
    paraphrase: str  # thin underline: the same fact in other words
    possible: str  # dashed underline: possibly the same fact
    quoted: str  # dotted underline, italic
    selected: str  # fill of the passages of the chosen group
    copied: str  # fill of the passages of the pair chosen in "Who copies whom"
    found: str  # fill of every Find match ...
    found_text: str  # ... and its text
    found_current: str  # fill of the match Find went to ...
    found_current_text: str  # ... and its text
    selection: str  # the words the user selects, in white: told from the Find marks, which it may meet

    def fills(self) -> dict[str, str]:
        """The backgrounds text can have, the page included: each must be told from every other."""
        return {
            "page": self.page,
            "verbatim": self.verbatim,
            "reworded": self.reworded,
            "changed": self.changed,
            "selected": self.selected,
            "copied": self.copied,
            "found": self.found,
            "found current": self.found_current,
        }

    def marks(self) -> dict[str, str]:
        """The colours of the lines under words: each must be told from every other, and seen on every
        passage background (``passage_fills``)."""
        return {
            "fragment": self.fragment,
            "discrepancy": self.discrepancy,
            "paraphrase": self.paraphrase,
            "possible": self.possible,
            "quoted": self.quoted,
        }

    def passage_fills(self) -> dict[str, str]:
        """The backgrounds a mark is drawn on while reading (the page and the copying fills)."""
        return {name: fill for name, fill in self.fills().items() if name in _READING_FILLS}

    def texts(self) -> dict[str, str]:
        """Each fill with the colour of the text on it (must read as body text: contrast 4.5 or more)."""
        on = {"found": self.found_text, "found current": self.found_current_text}
        return {name: on.get(name, self.text) for name in self.fills()}


LIGHT = Palette(
    dark=False,
    page="#ffffff",
    text="#1d1f23",
    muted="#5d6470",
    verbatim="#83cfff",
    reworded="#fadfa9",
    changed="#e5822a",
    fragment="#1866a5",
    discrepancy="#c1211b",
    paraphrase="#7fb79f",
    possible="#4e94ae",
    quoted="#5b5860",
    selected="#e5a6af",
    copied="#a88cb1",
    found="#fffc0f",
    found_text="#1d1f23",
    found_current="#c61355",
    found_current_text="#ffffff",
    selection="#5b4aa8",
)

DARK = Palette(
    dark=True,
    page="#1b1d21",
    text="#e4e6ea",
    muted="#a0a6b0",
    verbatim="#266899",
    reworded="#56361d",
    changed="#8c5c05",
    fragment="#85b6fe",
    discrepancy="#fc975c",
    paraphrase="#54876c",
    possible="#798c9c",
    quoted="#cac2ca",
    selected="#7c515d",
    copied="#0d3369",
    found="#edef70",
    found_text="#1b1d21",
    found_current="#ff8fa4",
    found_current_text="#1b1d21",
    selection="#8a7ad6",
)

# The exports (HTML, PDF, the graph) are always light.
FRAGMENT = LIGHT.fragment
DISCREPANCY = LIGHT.discrepancy
MUTED = LIGHT.muted
TEXT = LIGHT.text
