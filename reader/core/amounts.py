"""Numbers as differing details: amounts, counts and percentages read as values, and paired between two
passages by the role they play (what they count), not by where a word diff put them.

Two passages linked by meaning word the same fact differently, so the word diff cannot say which number
stands against which; the number's unit and the noun it counts can: "$1 million ad buy" and "an ad buy of
$500,000", "1.5 million women" and "1.6 million women". Equal values in other forms are one value ("$5.6bn"
and "$5.6 billion", "five" and "5", "10 percent" and "10%"), and a rounded number is not a disagreement: "about
1.5 million" or "1.5 million" against "1,523,000" agree at the rounded one's precision.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import NamedTuple

from reader.core.lexicon import STOPWORDS

_NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9,
           "b": 1e9, "trillion": 1e12, "tn": 1e12}  # fmt: skip
_AMOUNT = re.compile(
    r"(?P<currency>[$€£¥])?\s?(?P<value>\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?i:"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")\b)"
    r"(?:[\s-]?(?P<scale>(?i:thousand|million|billion|trillion)\b|(?:k|m|mn|bn|b|tn)\b))?"
    r"(?:\s?(?P<percent>%|(?i:percent|per\s?cent|percentage\s+points?)\b))?"
)
# Words before a number that say it is rounded or a bound, and what they allow the other value to be.
_HEDGE = re.compile(
    r"\b(?P<hedge>about|around|roughly|approximately|some|an estimated|estimated|nearly|almost|close to|"
    r"just under|more than|over|at least|upwards of|nearly|less than|fewer than|under|up to|at most|"
    r"just over|almost|circa|c\.)\s*$",
    re.IGNORECASE,
)
_ABOVE = {"more than", "over", "at least", "upwards of", "just over"}
_BELOW = {
    "less than",
    "fewer than",
    "under",
    "up to",
    "at most",
    "just under",
    "nearly",
    "almost",
    "close to",
}
_NEARLY = {"nearly", "almost", "close to"}
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_NOUN_STOP = STOPWORDS | {"dollar", "dollars", "euro", "euros", "pound", "pounds", "usd", "us", "worth"}
_ROUNDING = 0.1  # an unhedged rounded number agrees with a value no further than this share from it
_ESTIMATE = 0.15  # "about X" agrees with a value no further than this share from X


class Amount(NamedTuple):
    value: float
    precision: float  # the step the number is written to: 1e5 for "1.5 million", 1 for "1,523,000"
    unit: str  # "$" (the currency sign), "%", "year" or "" (a count)
    nouns: frozenset[str]  # what it counts or prices: "ad", "buy" for "$1 million ad buy"
    hedge: str  # "about", "more than", ... or ""
    start: int
    end: int


def amounts(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Amount]:
    """The numbers of ``text`` with their values and roles, leaving out those that start in ``skip`` (the
    numbers of dates)."""
    found = []
    for match in _AMOUNT.finditer(text):
        start = match.start("currency") if match.group("currency") else match.start("value")
        if any(a <= start < b for a, b in skip):
            continue
        raw = match.group("value").replace(",", "")
        if raw.lower() in _NUMBER_WORDS:
            value, decimals = float(_NUMBER_WORDS[raw.lower()]), 0
        else:
            value, decimals = float(raw), len(raw.partition(".")[2])
        if text[match.end("value") : match.end("value") + 1].isalpha() and not match.group("scale"):
            continue  # "3D", "5G", "F-16s" are names, not numbers
        scale = match.group("scale")
        currency = match.group("currency") or ""
        if scale and scale.lower() in ("m", "b", "k") and not currency:
            continue  # "5m" is five metres unless it is money
        factor = _SCALES[scale.lower()] if scale else 1.0
        unit = "%" if match.group("percent") else currency
        if not unit and not scale and decimals == 0 and 1800 <= value <= 2100 and "," not in match.group():
            unit = "year"
        hedge = _HEDGE.search(text, max(0, start - 20), start)
        found.append(
            Amount(
                value * factor,
                factor * 10.0**-decimals,
                unit,
                _nouns(text, start, match.end()),
                hedge.group("hedge").lower() if hedge else "",
                start,
                match.end(),
            )
        )
    return found


def _nouns(text: str, start: int, end: int) -> frozenset[str]:
    """The words a number counts or prices: the two content words after it before punctuation ("ad buy"), and
    the word before "of" when it follows one ("a buy of $1 million")."""
    nouns = []
    after = re.split(r"[,.;:!?()\"“”]", text[end : end + 40], maxsplit=1)[0]
    for word in _WORD.findall(after)[:3]:
        stem = _stem(word)
        if stem not in _NOUN_STOP:
            nouns.append(stem)
        if len(nouns) == 2:
            break
    before = _WORD.findall(text[max(0, start - 30) : start])
    if len(before) >= 2 and before[-1].lower() == "of":
        nouns.append(_stem(before[-2]))
    return frozenset(nouns)


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'").removesuffix("'s")
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def agree(one: Amount, other: Amount) -> bool:
    """Can both numbers be true of one thing? The same value, or one rounded or bounded to the other."""
    if one.unit != other.unit:
        return False
    return _allows(one, other.value) or _allows(other, one.value)


def _allows(amount: Amount, value: float) -> bool:
    """Does ``amount`` as written (rounded, hedged) allow the exact ``value``?"""
    if math.isclose(amount.value, value, rel_tol=1e-9):
        return True
    hedge = amount.hedge
    if hedge in _ABOVE:
        return value >= amount.value
    if hedge in _BELOW:
        return value <= amount.value and (
            hedge not in ("nearly", "almost", "close to") or _near(amount, value)
        )
    if hedge:  # "about 1.5 million": 1,523,000 or 1,560,000, not 1.6 million
        return abs(value - amount.value) < amount.precision and _near(amount, value)
    step = amount.precision
    rounded = math.floor(value / step + 0.5) * step
    return math.isclose(rounded, amount.value, rel_tol=1e-9) and abs(value - amount.value) <= _ROUNDING * abs(
        amount.value
    )


def _near(amount: Amount, value: float) -> bool:
    return abs(value - amount.value) <= _ESTIMATE * max(abs(amount.value), 1e-9)


def counterparts(one: Amount, others: list[Amount], mine: list[Amount]) -> list[Amount]:
    """The numbers of the other passage in ``one``'s role: the same unit and a shared noun; or, when the
    unit is used once in each passage, the only one (a noun may be missing: "$5.6 billion" against "$5.7
    billion for the wall")."""
    same_unit = [o for o in others if o.unit == one.unit]
    shared = [o for o in same_unit if o.nouns & one.nouns]
    if shared:
        return shared
    if len(same_unit) == 1 and sum(1 for m in mine if m.unit == one.unit) == 1:
        (other,) = same_unit
        if not one.nouns or not other.nouns or _within(one.value, other.value, 2.0):
            return same_unit
    return []


def _within(a: float, b: float, factor: float) -> bool:
    return a > 0 and b > 0 and max(a, b) <= factor * min(a, b)
