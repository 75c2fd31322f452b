"""The people and places a passage names, and whether two passages name different ones: the same kind of
event elsewhere ("Burundi police fire tear gas at protesters" / "Police fire tear gas at protesters in
Bangkok") is not the same fact. A name is a capitalised word inside a sentence; places are read as their
countries ("Cairo", "Egyptian": Egypt; ``lexicon.places``)."""

from __future__ import annotations

import functools
import re

from reader.core.text import lexicon
from reader.core.text.lexicon import STOPWORDS
from reader.core.text.patterns import compiled
from reader.core.text.rules import (
    MONTH_ABBREVIATIONS,
    MONTH_NAMES,
    TITLE_CASE_WORD,
    WEEKDAYS,
    opens_sentence_or_quote,
)

_CAPITAL_WORD = rf"\b{TITLE_CASE_WORD}(?:{TITLE_CASE_WORD})*\b"  # "Musk", "DeepSeek"
_NAME = compiled(r"(?<![.!?:]\s)(?<!^)" + _CAPITAL_WORD)  # ... not where a sentence or an answer starts


@functools.lru_cache(maxsize=1 << 15)
def names(text: str) -> frozenset[str]:
    """Capitalized words inside sentences (not the first), days and months left out: the names a passage
    is about. None for a headline in title case, where capitals say nothing."""
    if title_case(text):
        return frozenset()
    found = (word.lower() for word in _NAME.findall(text.strip()))
    return frozenset(word for word in found if word not in STOPWORDS and word not in _CALENDAR)


def title_case(text: str) -> bool:
    """Is ``text`` a headline in title case, where capitals say nothing of names?"""
    words = text.split()
    if len(words) < 3 or sum(1 for w in words if w[:1].isupper()) < 0.6 * len(words):
        return False
    # Many names make many capitals too ("Burma's Aung San Suu Kyi to address parliament on June visit"):
    # a headline in title case writes its longer words with a capital.
    return not any(len(w) > 3 and w.isalpha() and w.islower() for w in words)


_PLACE_WORD = compiled(r"[A-Za-z](?:\.[A-Za-z])+\.?|[^\W\d_]+(?:['’][^\W\d_]+)*")  # "U.S." is one word


@functools.lru_cache(maxsize=1 << 15)
def places(text: str) -> tuple[tuple[frozenset[str], tuple[str, ...]], ...]:
    """The places ``text`` names, each as (its countries, its words in lower case): "Cairo" is of Egypt,
    "U.S." and "American" of the United States (``lexicon.places``). A name that is also an ordinary word
    ("China", "Turkey", "US") counts when written with a capital inside a sentence that is not a headline in
    title case, or in capitals ("US", "U.S.") anywhere."""
    table, follows = lexicon.places(), lexicon.place_follows()
    if not table:
        return ()
    words = [word.removesuffix("'s") for word in _PLACE_WORD.findall(text.lower().replace("’", "'"))]
    hits = lexicon.place_starts().intersection(words)
    if not hits:
        return ()  # most passages name no place
    matches: list[re.Match[str]] | None = None  # where each word is written: asked for a few only
    found: list[tuple[frozenset[str], tuple[str, ...]]] = []
    title: bool | None = None
    free = 0  # the first word not yet part of a name found
    for at in [at for at, word in enumerate(words) if word in hits]:
        if at < free:
            continue
        word = words[at]
        seconds = follows.get(word)
        longest = max(1, seconds.get(words[at + 1], 0)) if seconds and at + 1 < len(words) else 1
        for length in range(min(longest, len(words) - at), 0, -1):
            name = " ".join(words[at : at + length]) if length > 1 else word
            entry = table.get(name)
            if entry is None:
                continue
            if entry[1]:
                if matches is None:
                    title, matches = title_case(text), list(_PLACE_WORD.finditer(text))
                if len(matches) != len(words) or not _written_as_place(
                    matches[at].group(), text, matches[at].start(), bool(title)
                ):
                    continue
            found.append((entry[0], tuple(name.split())))
            free = at + length
            break
    return tuple(found)


def _written_as_place(word: str, text: str, start: int, title: bool) -> bool:
    """Is a name that is also an ordinary word written as a name here?"""
    if not word[:1].isupper():
        return False
    if word.isupper() or "." in word:  # "US", "U.S."
        return True
    return not title and not opens_sentence_or_quote(text, start)


@functools.lru_cache(maxsize=1 << 15)
def countries(text: str) -> frozenset[str]:
    """The countries of the places ``text`` names, its first word's too."""
    return frozenset().union(*(where for where, _words in places(text)))


@functools.lru_cache(maxsize=1 << 15)
def anchors(text: str) -> frozenset[str]:
    """What ``text`` is about by name: its ``names``, those of places as their countries ("@egypt" for
    "Cairo" and "Egyptian")."""
    found = names(text)
    named = places(text)
    if not named or not found:
        return found
    by_country = set(found)
    for where, words in named:
        if by_country.issuperset(words):
            by_country.difference_update(words)
            by_country.update("@" + country for country in where)
    return frozenset(by_country)


def names_differ(a: str, b: str) -> bool:
    """Do two passages name other people or places only, or each a country the other does not: the same
    kind of event, elsewhere ("Burundi police fire tear gas at protesters" / "... protesters in Bangkok")?"""
    if other_countries(a, b):
        return True
    first, second = anchors(a), anchors(b)
    if not _other_names(first, second):
        return False
    # A name the other passage writes with a capital where capitals say nothing (its first word) is the
    # same name: "Druce will face murder charges, Conte said." / "Conte said Druce will be charged".
    return not (first & capitalised(b) or second & capitalised(a))


_CAPITALISED = compiled(_CAPITAL_WORD)


@functools.lru_cache(maxsize=1 << 15)
def capitalised(text: str) -> frozenset[str]:
    """The words ``text`` writes with a capital, its first word's too, in lower case."""
    return frozenset(word.lower() for word in _CAPITALISED.findall(text))


def other_countries(a: str, b: str) -> bool:
    """Does each text name a place in a country the other does not, and no one by name in common?"""
    first, second = countries(a), countries(b)
    if not (first - second and second - first):
        return False
    # A person both name makes it one story: "Joachim Gauck elected as German president" / "East German
    # rights activist Gauck elected president".
    return not any(name[0] != "@" for name in anchors(a) & anchors(b))


# Days and months, as capitalised words that are not names. Not the abbreviations "jan", "mar" and "sep",
# which this list has never held (taking them in would change which names are read); "tues" and "thurs" too.
_CALENDAR = (
    WEEKDAYS | MONTH_NAMES | (MONTH_ABBREVIATIONS - {"jan", "mar", "sep"}) | frozenset({"tues", "thurs"})
)


def _other_names(first: frozenset[str], second: frozenset[str]) -> bool:
    return bool(first) and bool(second) and not (first & second)
