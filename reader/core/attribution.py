"""Credits: the phrases with which a source names the outlet it took something from ("As WIRED reported",
"per WIRED", "WIRED explained", "according to reports from TechCrunch, WIRED, and The Verge").

A credit is evidence of direction beside the dates (the crediting source came later), and tells a copied
passage that is credited from one that is not. Outlets are compared by name, ignoring case, a leading
"The" and a ".com"; an outlet that is not in the comparison is still reported, with no source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

from reader.core.sources import Source


class Credit(NamedTuple):
    """One outlet credited by one source: the words in ``source``'s text, the outlet as written, and the
    index of the source that outlet published (None when it is not in the comparison)."""

    source: int
    start: int
    end: int
    outlet: str
    credited: int | None


Finder = Callable[[str], Iterable[re.Match[str]]]  # the matches of one kind of credit in a text

_NAME = r"(?:[Tt]he[ \t]+)?[A-Z][A-Za-z0-9&'’-]*(?:\.[A-Za-z]+)?(?:[ \t]+[A-Z][A-Za-z0-9&'’-]*){0,2}"
_VERBS = r"(?:first\s+)?(?:reported|reports|explained|noted|wrote|writes|revealed|detailed|said|says)"
# A name followed by a reporting verb; "As NAME reported" and "per NAME" put it beyond doubt.
_PATTERNS = (
    rf"\b[Aa]s\s+(?P<names>{_NAME})\s+(?:has\s+|had\s+)?{_VERBS}\b",
    rf"\b(?:[Pp]er|[Vv]ia|h/t)\s+(?P<names>{_NAME})",
    rf"\b[Aa]ccording\s+to\s+(?:(?:a|an|the)\s+)?(?:reports?|reporting|an?\s+article|a\s+story)"
    rf"\s+(?:from|by|in)\s+(?P<names>{_NAME}(?:,\s+{_NAME})*(?:,?\s+and\s+{_NAME})?)",
    rf"\b(?:reported|first\s+reported|published|revealed)\s+by\s+(?P<names>{_NAME})",
)
# "The Verge reported": found from the verb back (a pattern that starts with a name would be tried at
# every capital letter of the text). The words before the verb that belong to it ("had first reported")
# are read back from it.
_REPORTED = r"\breported\b"
_REPORTED_LEAD = re.compile(r"(?:(?<!\w)(?:has|had)\s+)?(?:(?<!\w)first\s+)?\Z")
_LEAD_BACK = 40
_NAME_BEFORE = re.compile(rf"(?<![\w'’])(?P<names>{_NAME})\s+$")
_LOOK_BACK = 80
# Weaker: "NAME said", "according to NAME", "told NAME": a credit only when NAME is a known outlet, since
# "Musk said" and "according to Musk" name people. Made for the outlets at hand (see _known_patterns).
_KNOWN_ONLY = (
    r"\b(?P<names>{known})\s+(?:has\s+|had\s+)?" + _VERBS + r"\b",
    r"\b[Aa]ccording\s+to\s+(?P<names>{known})\b",
    r"\btold\s+(?P<names>{known})\b",
    r"\b(?P<names>{known})['’]s\s+(?:report|reporting|story|article|transcript)\b",
)
_SPLIT = re.compile(r",\s+and\s+|,\s+|\s+and\s+")
_SCAN_CHARS = 256 * 1024  # credits are looked for in the first 256 KB of a source
_NOT_OUTLETS = frozenset({"it", "he", "she", "they", "we", "i", "this", "that", "reports", "the"})
_NOT_FIRST = frozenset({"As", "Per", "Via", "And", "But", "So", "Then", "Also", "It", "He", "She", "They"})


def outlet_key(name: str) -> str:
    """The form outlet names are compared in: "The Verge" and "verge", "WIRED" and "Wired.com" are one."""
    key = name.strip().lower().rstrip(".,;:’'")
    key = re.sub(r"^the\s+", "", key)
    key = re.sub(r"\.(?:com|org|net|co\.uk)$", "", key)
    return re.sub(r"['’]s$", "", key)


def find_credits(sources: Sequence[Source]) -> list[Credit]:
    """Every credit in every source, in text order per source. A source naming its own outlet (WIRED's
    "did not respond to WIRED's request for comment") does not credit itself."""
    keys = [outlet_key(source.outlet) if source.outlet else "" for source in sources]
    outlets: dict[str, int] = {}
    for index, key in enumerate(keys):
        if key:
            outlets.setdefault(key, index)
    strong: list[Finder] = [*_STRONG, _name_before_reported]
    weak: list[Finder] = [_from_word_start(pattern) for pattern in _known_patterns(sources)]
    credits: list[Credit] = []
    for index, source in enumerate(sources):
        text = source.text[:_SCAN_CHARS]
        own = keys[index] or None
        found: list[Credit] = []
        for finders, known_only in ((strong, False), (weak, True)):
            for finder in finders:
                for match in finder(text):
                    for name, start, end in _names(match):
                        key = outlet_key(name)
                        credited = outlets.get(key)
                        if key == own or key in _NOT_OUTLETS or name.split()[0] in _NOT_FIRST:
                            continue
                        if known_only and credited is None:
                            continue
                        if any(c.start < end and start < c.end for c in found):
                            continue  # already found by a stronger pattern
                        found.append(Credit(index, start, end, name, credited))
        credits.extend(sorted(found, key=lambda credit: credit.start))
    return credits


def _from_word_start(pattern: str) -> Finder:
    """``re.finditer`` of ``pattern``, which starts with ``\\b``. Python's ``re`` tries a pattern that starts
    with ``\\b`` at every position of the text; without it, it skips to where the pattern's first character
    can match (3x faster on 256 KB of prose). The boundary is then checked where a match starts, and a match
    that fails it is tried again one character further on, so the matches are those of ``pattern``."""
    compiled = re.compile(pattern.removeprefix(r"\b"))

    def finditer(text: str) -> Iterator[re.Match[str]]:
        position = 0
        while (match := compiled.search(text, position)) is not None:
            start = match.start()
            before = start > 0 and _WORD_CHAR.match(text, start - 1) is not None
            after = start < len(text) and _WORD_CHAR.match(text, start) is not None
            if before == after:  # not a word boundary
                position = start + 1
                continue
            yield match
            position = max(match.end(), start + 1)

    return finditer


_WORD_CHAR = re.compile(r"\w")
_STRONG: tuple[Finder, ...] = tuple(_from_word_start(pattern) for pattern in _PATTERNS)
_REPORTED_WORD = _from_word_start(_REPORTED)


def _known_patterns(sources: Sequence[Source]) -> tuple[str, ...]:
    """The weaker patterns, for the outlets of these sources ("WIRED", "The Verge" or "Verge")."""
    names = {source.outlet.strip() for source in sources if source.outlet and outlet_key(source.outlet)}
    names |= {outlet_key(name) for name in names}
    if not names:
        return ()
    known = "(?:[Tt]he\\s+)?(?i:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + ")"
    return tuple(pattern.replace("{known}", known) for pattern in _KNOWN_ONLY)


def _name_before_reported(text: str) -> Iterator[re.Match[str]]:
    """ "NAME reported": each "reported", then the name just before it."""
    for word in _REPORTED_WORD(text):  # not "unreported"
        lead = _REPORTED_LEAD.search(text, max(0, word.start() - _LEAD_BACK), word.start())
        verb = lead.start() if lead is not None else word.start()
        before = _NAME_BEFORE.search(text, max(0, verb - _LOOK_BACK), verb)
        if before is not None:
            yield before


def _names(match: re.Match[str]) -> list[tuple[str, int, int]]:
    """The outlet names a match lists ("TechCrunch, WIRED, and The Verge"), with their offsets."""
    names = match.group("names")
    base = match.start("names")
    found = []
    position = 0
    for part in [*_SPLIT.split(names)]:
        at = names.index(part, position)
        position = at + len(part)
        part = part.rstrip(".,;:")
        if part:
            found.append((part, base + at, base + at + len(part)))
    return found
