"""Credits: the phrases with which a source names the outlet it took something from, in the forms newsrooms
write: "As WIRED reported", "per WIRED", "(via Reuters)", "citing Bloomberg", "The New York Times reports",
"CNN is reporting", "the Post reported on Tuesday", "Politico, which first reported", "Axios was first to
report", "first reported by The Verge", "according to the Times" / "according to a report in the Journal" /
"according to the Times's reporting", "according to reports from TechCrunch, WIRED, and The Verge",
"The Associated Press contributed to this report".

A credit is evidence of direction beside the dates (the crediting source came later), and tells a copied
passage that is credited from one that is not. "Musk told WIRED" is not a credit: it says who interviewed
Musk, not whom the writer copied, and an outlet says it of its own interviews.

Outlets are compared by name (reader.core.reading.outlets: case, a leading "The", ".com" and the short names of
known outlets aside); a short form ("the Times", "the Post", "the Journal") is the compared source whose
outlet ends with that word, when exactly one does (none or several: the credit is kept, with no source).
A name that is no compared source's outlet is a credit only when it reads as an outlet's ("Musk reported"
and "according to the FBI" are not credits; "Reuters reported" is, with no source). A source never credits
its own outlet: WIRED's "did not respond to WIRED's request for comment" and the Times's "The Times
reported last week" are not credits.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

from reader.core.reading.outlets import (
    abbreviates,
    is_short_for,
    known_outlet,
    looks_like_outlet,
    outlet_key,
    short_form,
)
from reader.core.reading.sources import Source
from reader.core.text.rules import CREDITED_OUTLET, MONTH_NAMES, WEEKDAYS, from_word_boundary


class Credit(NamedTuple):
    """One outlet credited by one source: the words in ``source``'s text, the outlet as written, and the
    index of the source that outlet published (None when it is not in the comparison, or when a short
    form fits several)."""

    source: int
    start: int
    end: int
    outlet: str
    credited: int | None


Finder = Callable[[str], Iterable[re.Match[str]]]  # the matches of one kind of credit in a text

_NAME = CREDITED_OUTLET
_LIST = rf"{_NAME}(?:,\s+{_NAME})*(?:,?\s+and\s+{_NAME})?"
_VERBS = r"(?:first\s+)?(?:reported|reports|explained|noted|wrote|writes|revealed|detailed|said|says)"
_ADVERB = r"(?:(?:also|first|previously|earlier|originally|initially|exclusively|separately)\s+)"
_REPORT = r"(?:reports?|reporting|an?\s+article|an?\s+story|an?\s+investigation|an?\s+analysis)"
# Phrases that say a report is meant: the name in them is a credit when it reads as an outlet's.
_PATTERNS = (
    rf"\b[Aa]s\s+(?P<names>{_NAME})\s+(?:has\s+|had\s+|is\s+|was\s+)?{_ADVERB}?(?:reporting|{_VERBS})\b",
    rf"\b(?:[Pp]er|[Vv]ia|h/t)\s+(?P<names>{_NAME})",
    rf"\b[Aa]ccording\s+to\s+(?:(?:a|an|the)\s+)?(?:(?:new|recent|earlier|previous|separate|initial|early|"
    rf"published|media|news|press)\s+)?"
    rf"{_REPORT}\s+(?:from|by|in)\s+(?P<names>{_LIST})",
    rf"\b[Aa]ccording\s+to\s+(?P<names>{_LIST})",
    rf"\b(?:reported|published|revealed)\s+(?:first\s+)?(?:by|in)\s+(?P<names>{_LIST})",
    rf"\b[Cc]iting\s+(?:(?:a|an)\s+(?:report|article|story)\s+(?:from|by|in)\s+)?(?P<names>{_LIST})",
)
# "The Verge reported", "CNN is reporting", "Politico, which first reported", "Axios was first to report",
# "The Associated Press contributed to this report": found from the verb back (a pattern that starts with
# a name would be tried at every capital letter of the text). The words between the name and the verb
# are read back from the verb.
_VERB = r"\b(?:report(?:s|ed|ing)?|contributed\s+to\s+this\s+report)\b"
_LEAD = re.compile(
    r"(?P<which>,\s*which\s+)?(?P<aux>(?:(?<!\w)(?:has|had|have|is|was|were)\s+)?(?:(?<!\w)been\s+)?)"
    rf"(?P<adverb>(?<!\w){_ADVERB}?)(?P<first>(?<!\w)(?:the\s+)?first\s+to\s+)?\Z"
)
_LEAD_BACK = 60
_NAME_BEFORE = re.compile(rf"(?<![\w'’])(?P<names>{_NAME})\s*$")
_LOOK_BACK = 80
# Weaker: "NAME said", "NAME's story": a credit only when NAME is a compared source's outlet, since
# "Musk said" names a person. Made for the outlets at hand (see _known_patterns).
_KNOWN_ONLY = (
    r"\b(?P<names>{known})\s+(?:has\s+|had\s+)?" + _VERBS + r"\b",
    r"\b(?P<names>{known})['’]s\s+(?:report|reporting|story|article|transcript)\b",
)
_SPLIT = re.compile(r",\s+and\s+|,\s+|\s+and\s+")
_SCAN_CHARS = 256 * 1024  # credits are looked for in the first 256 KB of a source
# Words a name pattern can take before an outlet's name that are not part of it ("In March CNN reported").
_NOT_NAMES = (
    frozenset(
        [
            "as",
            "per",
            "via",
            "and",
            "but",
            "so",
            "then",
            "also",
            "it",
            "he",
            "she",
            "they",
            "in",
            "on",
            "at",
            "earlier",
            "later",
            "meanwhile",
            "yesterday",
            "today",
            "now",
            "last",
            "this",
            "since",
            "after",
            "before",
            "when",
            "while",
        ]
    )
    | WEEKDAYS
    | MONTH_NAMES
)
# Words that say a name is an outlet's: "German news agency DPA", "celebrity website TMZ", "Ethnos newspaper".
_OUTLET_NOUN = (
    r"(?:newspaper|paper|daily|tabloid|magazine|website|site|blog|broadcaster|network|channel|station|"
    r"(?:news\s+)?agency|outlet|publication|wire\s+service)"
)
_DESCRIBED_BEFORE = re.compile(rf"\b{_OUTLET_NOUN}\s+(?:the\s+)?\Z")
_DESCRIBED_AFTER = re.compile(
    r"\s+(?:newspaper|daily|tabloid|magazine|website|news\s+(?:agency|site|service|channel|network)|TV|"
    r"television|radio)\b"
)
_POSSESSIVE = re.compile(r"['’]s?$")


def find_credits(sources: Sequence[Source]) -> list[Credit]:
    """Every credit in every source, in text order per source. A source naming its own outlet (WIRED's
    "did not respond to WIRED's request for comment") does not credit itself."""
    # An outlet only mentioned in a source's text ("a new Fox News poll") is a guess: it does not make the
    # source's credits to that outlet its own, and a credit goes to a surer source of it first.
    outlets = [source.outlet or "" for source in sources]
    keys = [outlet_key(outlet) if outlet else "" for outlet in outlets]
    sure = [source.outlet_how != "plain mention" for source in sources]
    strong: list[Finder] = [*_STRONG, _name_before_verb]
    weak: list[Finder] = [from_word_boundary(pattern) for pattern in _known_patterns(outlets)]
    credits: list[Credit] = []
    for index, source in enumerate(sources):
        text = source.text[:_SCAN_CHARS]
        found: list[Credit] = []
        for finders, known_only in ((strong, False), (weak, True)):
            for finder in finders:
                for match in finder(text):
                    for name, start, end in _names(match):
                        outlet = known_only or _described(text, start, end)
                        credit = _credit(index, name, start, end, outlets, keys, sure, known_only, outlet)
                        if credit is None or any(c.start < end and start < c.end for c in found):
                            continue  # not an outlet, its own, or already found by a stronger pattern
                        found.append(credit)
        credits.extend(sorted(found, key=lambda credit: credit.start))
    return credits


def _credit(
    index: int,
    name: str,
    start: int,
    end: int,
    outlets: list[str],
    keys: list[str],
    sure: list[bool],
    known_only: bool,
    described: bool,
) -> Credit | None:
    """The credit of ``name`` (at ``start``:``end`` of source ``index``'s text), or None when it names no
    outlet or the source's own. Words before an outlet's name that a pattern took with it ("In March
    CNN", "Earlier, the Times") are left out; a person's first name is not ("William Hill" is no credit
    to The Hill). ``described``: the text says the name is an outlet's ("celebrity website TMZ", "Ethnos
    newspaper"), so it need not read as one."""
    words = name.split()
    first = 0
    while first < len(words) - 1 and words[first].lower().rstrip(",") in _NOT_NAMES:
        first += 1
    candidate = " ".join(words[first:])
    key = outlet_key(candidate)
    if not key:
        return None
    short = short_form(candidate)
    own = key == keys[index] or bool(short and outlets[index] and is_short_for(short, outlets[index]))
    if own and sure[index]:
        return None
    credited = _credited(index, candidate, key, short, outlets, keys, sure)
    if credited is None and (known_only or not (described or looks_like_outlet(candidate))):
        return None
    return Credit(index, start + name.index(words[first]) if first else start, end, candidate, credited)


def _credited(
    index: int, name: str, key: str, short: str | None, outlets: list[str], keys: list[str], sure: list[bool]
) -> int | None:
    """The compared source whose outlet is ``name`` (with ``key``; a source whose outlet is sure first);
    else the one whose outlet ``short`` is the short form of, or whose site's address abbreviates
    ``name`` ("swtimes.com" for "The Southwest Times Record"), when exactly one does."""
    same, by_short, by_site = _outlets_named(name, key, short, tuple(outlets), tuple(keys), tuple(sure))
    same = [found for found in same if found[1] != index]
    if same:
        return same[0][1]
    fits = [i for i in by_short if i != index]
    if not fits:
        fits = [i for i in by_site if i != index]
    if len({keys[i] for i in fits}) != 1:
        return None  # none, or several outlets: which one is meant cannot be told
    return min(fits, key=lambda i: (not sure[i], i))


@functools.lru_cache(maxsize=4096)
def _outlets_named(
    name: str,
    key: str,
    short: str | None,
    outlets: tuple[str, ...],
    keys: tuple[str, ...],
    sure: tuple[bool, ...],
) -> tuple[list[tuple[bool, int]], list[int], list[int]]:
    """The sources whose outlet is ``name`` (by ``key``, sure ones first), those whose outlet ``short`` is
    the short form of, and those whose site's address abbreviates ``name``: worked out once per name, as
    hundreds of sources of one story credit the same few outlets."""
    same = sorted((not sure[i], i) for i, other in enumerate(keys) if other == key)
    others = [(i, outlet) for i, outlet in enumerate(outlets) if outlet]
    by_short = [i for i, outlet in others if short and is_short_for(short, outlet)]
    by_site = [i for i, outlet in others if abbreviates(outlet, name)]
    return same, by_short, by_site


_STRONG: tuple[Finder, ...] = tuple(from_word_boundary(pattern) for pattern in _PATTERNS)
_VERB_WORD = from_word_boundary(_VERB)


def _known_patterns(outlets: Sequence[str]) -> tuple[str, ...]:
    """The weaker patterns, for the outlets of these sources ("WIRED", "The Verge" or "Verge"), the names
    of those Reader knows by their sites ("New York Daily News" for "nydailynews.com") and their short
    forms ("the Times", "the Daily News")."""
    names = {outlet.strip() for outlet in outlets if outlet and outlet_key(outlet)}
    names |= {known for name in names if (known := known_outlet(name)) is not None}
    # Short forms as written, capitals and all: "the Daily News said", not "the news said".
    short = {" ".join(name.split()[k:]) for name in names for k in range(1, len(name.split()))}
    names |= {outlet_key(name) for name in names}
    if not names:
        return ()
    full = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    shorts = "|".join(re.escape(n) for n in sorted(short, key=len, reverse=True))
    known = "(?:[Tt]he\\s+)?(?i:" + full + ")" + (f"|[Tt]he\\s+(?:{shorts})" if shorts else "")
    known = f"(?:{known})"
    return tuple(pattern.replace("{known}", known) for pattern in _KNOWN_ONLY)


def _name_before_verb(text: str) -> Iterator[re.Match[str]]:
    """ "NAME reported", "NAME is reporting", "NAME, which first reported", "NAME was first to report",
    "NAME contributed to this report": each verb, the words that go with it, then the name before them."""
    for word in _VERB_WORD(text):  # not "unreported"
        lead = _LEAD.search(text, max(0, word.start() - _LEAD_BACK), word.start())
        if lead is None or not _fits(word.group(0), lead):
            continue
        before = _NAME_BEFORE.search(text, max(0, lead.start() - _LOOK_BACK), lead.start())
        if before is not None:
            yield before


def _fits(verb: str, lead: re.Match[str]) -> bool:
    """Whether the words before ``verb`` make it an outlet's report: "is reporting" (not "reporting" of a
    caption), "was first to report" (not "report" the noun), "reports" and "contributed to this report"
    with nothing between."""
    aux, first = lead["aux"].split(), bool(lead["first"])
    if verb == "reported":
        return not first
    if verb == "reporting":
        return bool(aux) and aux[0] in ("is", "was", "were", "has", "have", "had") and not first
    if verb == "report":
        return first and bool(aux) and aux[0] in ("is", "was")
    return not (aux or first or lead["which"] or lead["adverb"])  # "reports", "contributed to this report"


def _described(text: str, start: int, end: int) -> bool:
    """Whether the words next to the name at ``start``:``end`` say it is an outlet's."""
    return bool(
        _DESCRIBED_BEFORE.search(text, max(0, start - 30), start) or _DESCRIBED_AFTER.match(text, end)
    )


def _names(match: re.Match[str]) -> list[tuple[str, int, int]]:
    """The outlet names a match lists ("TechCrunch, WIRED, and The Verge"), with their offsets; a
    possessive ("the Times's reporting") is not part of the name."""
    names = match.group("names")
    base = match.start("names")
    found = []
    position = 0
    for part in [*_SPLIT.split(names)]:
        at = names.index(part, position)
        position = at + len(part)
        part = _POSSESSIVE.sub("", part.rstrip(".,;:"))
        if part:
            found.append((part, base + at, base + at + len(part)))
    return found
