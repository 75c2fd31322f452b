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

from reader.core.text.lexicon import STOPWORDS, english_zipf
from reader.core.text.patterns import compiled
from reader.core.text.rules import TITLE_CASE_WORD

NUMBER_WORDS = {
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
_AMOUNT = compiled(
    r"(?:(?P<currency>(?:US|AU|A|C|NZ|HK)?[$€£¥](?:US|AU|A|C|NZ|HK)?)\s?|(?<![A-Za-z\d,.]))(?P<value>\d+(?:,\d{3})+(?!\d)(?:\.\d+)?|\d*\.?\d+|\b(?i:"
    + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
    + r")\b)"
    r"(?:[\s-]?(?P<scale>(?i:thousand|million|billion|trillion)\b|(?:k|m|mn|bn|b|tn)\b))?"
    r"(?:\s?(?P<percent>%|(?i:percent|per\s?cent|percentage\s+points?)\b))?"
)
# A number that is part of something else: a time ("4:43", "7 p.m."), a date or a score written with
# figures ("2/3/2009", "65-53", "36-3"), a name ("Series 4", "news9").
_NOT_AN_AMOUNT_AFTER = compiled(r"\s?(?::\s?\d|/\s?\d|-\d|(?i:a\.?m\b|p\.?m\b|gmt\b|et\b|[ap]\.\s?m\.))")
_NOT_AN_AMOUNT_BEFORE = compiled(r"(?:\d\s?[:/-]\s?|\d-)$")
_NAME_BEFORE = compiled(rf"\b(?P<word>{TITLE_CASE_WORD}\.?)\s$")
# Units of measure: a number of kilometres is compared only with a number of kilometres.
_MEASURES = {
    "km": "kilometre", "kilometer": "kilometre", "kilometre": "kilometre", "mile": "mile", "metre": "metre",
    "meter": "metre", "m": "metre", "feet": "foot", "foot": "foot", "ft": "foot", "degree": "degree",
    "point": "point", "pt": "point", "year": "year", "day": "day", "hour": "hour", "minute": "minute",
    "second": "second", "week": "week", "month": "month", "time": "time", "kg": "kilogram",
    "kilogram": "kilogram", "pound": "pound", "ton": "ton", "tonne": "ton", "acre": "acre", "vote": "vote",
    "seat": "seat",
}  # fmt: skip
_SCORE = compiled(r"(?<![\w.,:/-])(\d{1,3})-(\d{1,3})(?![\w.,:/-]*\d)(?![-\w])")
_YEARS_OLD = compiled(r"[\s-]?years?[\s-]old\b", re.IGNORECASE)
# Words before a number that say it is rounded or a bound, and what they allow the other value to be.
_HEDGE = compiled(
    r"\b(?P<hedge>about|around|roughly|approximately|some|an estimated|estimated|nearly|almost|close to|"
    r"just under|more than|over|at least|upwards of|less than|fewer than|under|up to|at most|"
    r"just over|circa|c\.)\s*$",
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
_WORD = compiled(r"[A-Za-z][\w'’-]*")
_NOUN_STOP = STOPWORDS | {"dollar", "dollars", "euro", "euros", "pound", "pounds", "usd", "us", "worth"}
_ROUNDING = 0.1  # an unhedged rounded number agrees with a value no further than this share from it
_ESTIMATE = 0.15  # "about X" agrees with a value no further than this share from X
MONEY = frozenset("$€£¥%")  # the units whose numbers are paired even when their nouns differ


class Amount(NamedTuple):
    value: float
    precision: float  # the step the number is written to: 1e5 for "1.5 million", 1 for "1,523,000"
    unit: str  # the currency sign, "%", "year", "age", a measure ("kilometre") or "" (a count)
    nouns: frozenset[str]  # what it counts or prices: "ad", "buy" for "$1 million ad buy"
    who: frozenset[str]  # the names before it in its clause: "ty", "lawson" for "Ty Lawson posted 15 points"
    hedge: str  # "about", "more than", ... or ""
    start: int
    end: int
    scale: float = 1.0  # the "million" it is written with (1e6), or 1 when written in full


def amounts(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Amount]:
    """The numbers of ``text`` with their values and roles, leaving out those that start in ``skip`` (the
    numbers of dates) and those that are part of a time, a date in figures or a name. A score or a record
    ("45-36", "(11-5)") is one number of its own unit."""
    found = [
        Amount(
            float(match.group(1)) * 1000 + float(match.group(2)),  # one value: equal only when both are
            1.0,
            "score",
            _nouns(text, match.start(), match.end()),
            _who(
                text, match.start() - 1 if text[match.start() - 1 : match.start()] == "(" else match.start()
            ),
            "",  # a record in brackets is the one of the name before them: "The Saints (11-5)"
            match.start(),
            match.end(),
        )
        for match in _SCORE.finditer(text)
        if not any(a <= match.start() < b for a, b in skip)
    ]
    for match in _AMOUNT.finditer(text):
        currency = re.sub(r"[A-Z]", "", match.group("currency") or "")
        start = match.start("currency") if currency else match.start("value")
        raw = match.group("value").replace(",", "")
        if any(a <= start < b for a, b in skip) or raw.lower() == "one":  # "one of them" is not a count
            continue
        if text[match.end("value") : match.end("value") + 1].isalpha() and not match.group("scale"):
            continue  # "3D", "5G", "F-16s" are names, not numbers
        if _NOT_AN_AMOUNT_AFTER.match(text, match.end("value")) or _NOT_AN_AMOUNT_BEFORE.search(
            text, max(0, start - 5), start
        ):
            continue
        name = _NAME_BEFORE.search(text, max(0, start - 20), start)
        if not currency and name and name.group("word").lower().rstrip(".") not in _NOUN_STOP | _HEDGES:
            continue  # "Series 4", "Route 66", "No. 1", "Creighton 65"
        if raw.lower() in NUMBER_WORDS:
            value, decimals = float(NUMBER_WORDS[raw.lower()]), 0
        else:
            value, decimals = float(raw), len(raw.partition(".")[2])
        scale = match.group("scale")
        if scale and scale.lower() in ("m", "b", "k") and not currency:
            continue  # "5m" is five metres unless it is money
        factor = _SCALES[scale.lower()] if scale else 1.0
        unit, nouns = _role(text, match, start, currency, decimals)
        hedge = _HEDGE.search(text, max(0, start - 20), start)
        found.append(
            Amount(
                value * factor,
                factor * 10.0**-decimals,
                unit,
                nouns,
                _who(text, start),
                hedge.group("hedge").lower() if hedge else "",
                start,
                match.end(),
                factor,
            )
        )
    return sorted(found, key=lambda amount: amount.start)


def _role(
    text: str, match: re.Match[str], start: int, currency: str, decimals: int
) -> tuple[str, frozenset[str]]:
    """A number's unit and the words it counts or prices."""
    end = match.end()
    if match.group("percent"):
        return "%", _nouns(text, start, end)
    if currency:
        return currency, _nouns(text, start, end)
    old = _YEARS_OLD.match(text, end)
    if old or (text.startswith(",", end) and _NAME_BEFORE_AGE.search(text, max(0, start - 40), start)):
        return "age", _nouns(text, start, old.end() if old else end)  # "27-year-old man", "Capaldi, 55,"
    first = _WORD.match(text, end + 1) if text[end : end + 1] in " -" else None
    if first is not None:
        measure = _MEASURES.get(_stem(first.group()))
        if measure:
            return measure, _nouns(text, start, first.end())
    plain = match.group("value").replace(",", "")
    if decimals == 0 and plain.isdigit() and 1800 <= int(plain) <= 2100 and "," not in match.group():
        return "calendar year", _nouns(text, start, end)
    return "", _nouns(text, start, end)


_NAME_BEFORE_AGE = compiled(r"[A-Z][\w'’-]+,\s$")  # "Capaldi, 55,": an age


def _nouns(text: str, start: int, end: int) -> frozenset[str]:
    """The words a number counts or prices: the two content words after it before punctuation ("ad buy"),
    and the word before "of" when it follows one ("a buy of $1 million", kept as "of:buy")."""
    nouns = []
    after = re.split(r"[,.;:!?()\"“”]", text[end : end + 40], maxsplit=1)[0]
    for word in _WORD.findall(after)[:3]:
        stem = _stem(word)
        if stem in _NOUN_END:
            break  # "15 points and eight assists": what follows is another thing
        if stem not in _NOUN_STOP:
            nouns.append(stem)
        if len(nouns) == 2:
            break
    before = _WORD.findall(text[max(0, start - 30) : start])
    if len(before) >= 2 and before[-1].lower() == "of":
        nouns.append(_OF + _stem(before[-2]))
    return frozenset(nouns)


_NOUN_END = frozenset(
    ["and", "or", "but", "while", "whereas", "from", "for", "in", "on", "at", "by", "with", "to", "of", "than",
     "as", "including", "after", "before", "since", "during"]
)  # fmt: skip
_CLAUSE = compiled(r"[,;:.!?()\"“”]|\b(?:while|but|whereas)\b|\band(?=\s+[A-Z])")  # "and Seth VanDeest"


def _who(text: str, start: int) -> frozenset[str]:
    """The names written before a number in its clause: whose number it is. A sentence's first word
    counts when it is rare in English or starts a run of capitals ("Hansbrough finished", "Ty Lawson
    added", not "Firefighters fought")."""
    window = text[max(0, start - 60) : start]
    bounds = list(_CLAUSE.finditer(window))
    clause = window[bounds[-1].end() :] if bounds else window
    opens = window[bounds[-1].start()] in '.!?:"“”' if bounds else start <= 60
    words = [w for w in _WORD.findall(clause) if w[:1].isupper()]
    found = {_stem(w) for w in words if _stem(w) not in _NOUN_STOP and w.lower() not in _HEDGES}
    first = _WORD.match(clause.lstrip())
    if opens and first and first.group() in words:
        follows = clause.lstrip()[first.end() :].lstrip()[:1].isupper()
        if not follows and english_zipf().get(first.group().lower(), 0.0) >= _COMMON:
            found.discard(_stem(first.group()))
    return frozenset(found)


_COMMON = 3.5  # a word this frequent in English (Zipf scale) that starts a sentence is not taken for a name
_HEDGES = frozenset(
    ["nearly", "almost", "roughly", "around", "approximately", "estimated", "just", "upwards"]
)


_OF = "of:"


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'").removesuffix("'s")
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def agree(one: Amount, other: Amount) -> bool:
    """Can both numbers be true of one thing? The same value, or one rounded or bounded to the other; a
    bare number may leave out its measure ("13" and "13 points")."""
    if one.unit != other.unit and not ((_bare(one) and _measure(other)) or (_bare(other) and _measure(one))):
        return False
    return _allows(one, other.value) or _allows(other, one.value) or _scale_left_out(one, other)


def _scale_left_out(one: Amount, other: Amount) -> bool:
    """Is one the other without its "million" ("$140" and "$140 million": a scale said once for two
    figures, "between $140 and $200 million", or cut off)? Only when one is written with no scale word and
    the other's figure before its scale word is the same: "$1 million" and "$1 billion", "$2,000" and "$2
    million", "5" and "5,000" are different amounts."""
    return any(
        bare.scale == 1.0 and scaled.scale > 1.0 and math.isclose(bare.value * scaled.scale, scaled.value)
        for bare, scaled in ((one, other), (other, one))
    )


def _bare(amount: Amount) -> bool:
    return amount.unit == ""


def _measure(amount: Amount) -> bool:
    return amount.unit not in MONEY and amount.unit not in ("calendar year", "age")


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
    """The numbers of the other passage in ``one``'s role: the same unit, not another person's (``who``),
    and a shared noun, or the same person's number of one measure ("Ty Lawson added 16 points" and "Ty
    Lawson posted 15 points"). When the unit is used once in each passage: an amount of money or a share
    when either says nothing of what it is for or both are within a factor of two ("$5.6 billion for the
    wall" and "$5.7 billion in border funding"); a measure when neither is "the depth of" something
    ("minus 17 degrees" and "minus-20 degree temperatures"); a count when either says nothing of what it
    counts and the two are within half of each other. Other counts without a shared noun are never paired:
    "13 for the Bulldogs" and "four assists" are two things."""
    same_unit = [o for o in others if o.unit == one.unit and not (one.who and o.who and not one.who & o.who)]
    shared = [
        o
        for o in same_unit
        if _plain(o.nouns) & _plain(one.nouns)
        or o.nouns & one.nouns
        or (o.who & one.who and one.unit not in ("", "calendar year") and _open(one, o))
    ]
    if shared:
        return shared
    if len(same_unit) == 1 and sum(1 for m in mine if m.unit == one.unit) == 1:
        (other,) = same_unit
        if one.unit in MONEY and (not one.nouns or not other.nouns or _within(one.value, other.value, 2.0)):
            return same_unit
        if one.unit not in MONEY and one.unit not in ("", "calendar year", "age") and _open(one, other):
            return same_unit
        if one.unit == "" and (not one.nouns or not other.nouns) and _within(one.value, other.value, 1.5):
            return same_unit  # "1.5 million women" and "1.6 million of them"
    return []


def _plain(nouns: frozenset[str]) -> set[str]:
    return {noun.removeprefix(_OF) for noun in nouns}


def _open(one: Amount, other: Amount) -> bool:
    """Nothing says the two measure different things: no "depth of", and the nouns after them (if both
    have some) shared."""
    if any(noun.startswith(_OF) for noun in one.nouns | other.nouns):
        return False
    return not one.nouns or not other.nouns or bool(one.nouns & other.nouns)


def _within(a: float, b: float, factor: float) -> bool:
    return a > 0 and b > 0 and max(a, b) <= factor * min(a, b)
