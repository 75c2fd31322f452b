"""Rules about English text that several readers share, declared once: the calendar's words, what is written
as a name, where a sentence starts, where a word starts.

Where two readers used to differ in a small way, both rules are here under their own names rather than one
made to serve both: each reader's results stay exactly what they were, and the difference is visible.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from reader.core.text import patterns

# -- the calendar -------------------------------------------------------------------------------------------

MONTH_FORMS = (  # each month's abbreviations, then its name, in lower case
    ("jan", "january"),
    ("feb", "february"),
    ("mar", "march"),
    ("apr", "april"),
    ("may",),
    ("jun", "june"),
    ("jul", "july"),
    ("aug", "august"),
    ("sep", "sept", "september"),
    ("oct", "october"),
    ("nov", "november"),
    ("dec", "december"),
)
MONTH_NUMBERS = {form: number for number, forms in enumerate(MONTH_FORMS, start=1) for form in forms}
"""Each form of a month's name ("sept", "september") to the month's number (9)."""
MONTHS = frozenset(MONTH_NUMBERS)
"""Month names and their abbreviations, in lower case ("january", "jan", "sept")."""
MONTH_NAMES = frozenset(forms[-1] for forms in MONTH_FORMS)
"""The twelve month names written out, in lower case."""
MONTH_ABBREVIATIONS = MONTHS - MONTH_NAMES
"""The months' abbreviations ("jan", "sep", "sept"); "may" is a name, not one."""
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
WEEKDAY_ABBREVIATIONS = frozenset({"mon", "tue", "wed", "thu", "fri", "sat", "sun"})

# -- names --------------------------------------------------------------------------------------------------
# A name is a run of capitalised words; what counts as one word differs with what is named.

TITLE_CASE_WORD = r"[A-Z][a-z]+"
"""A capital and lower-case letters only: "Musk", "Elon" (not "McCain", "U.S." or "O'Brien")."""
SPEAKER_WORD = r"[A-Z][\w'’.-]*"
"""A word of a person's name as quotations credit it: "Musk", "O'Brien", "Jr.", "Al-Sadr"."""
CAMEL_WORD = r"[a-z]+[A-Z][\w'’-]*"
"""A name that starts in lower case: "xAI", "iPhone"."""
OUTLET_WORD = r"[A-Z][A-Za-z0-9&'’-]*"
"""A word of an organisation's name: "AT&T", "Journal-Constitution", "9News"."""


def name_of_words(word: str, more: int) -> str:
    """A name made of ``word``, then up to ``more`` more of them, each after spaces or tabs (no line break:
    a name does not run over a line)."""
    return rf"{word}(?:[ \t]+{word}){{0,{more}}}"


def outlet_name(more: int) -> str:
    """An outlet's name: an optional "The", a first word that may carry a domain ("FoxNews.com"), then up
    to ``more`` more words."""
    return rf"(?:[Tt]he[ \t]+)?{OUTLET_WORD}(?:\.[A-Za-z]+)?(?:[ \t]+{OUTLET_WORD}){{0,{more}}}"


SPEAKER_NAME = name_of_words(SPEAKER_WORD, 3)
"""A speaker's name of one to four words: "Musk", "Elon Musk", "Sen. Rand Paul"."""
QUOTED_NAME = name_of_words(rf"(?:{SPEAKER_WORD}|{CAMEL_WORD})", 3)
"""Who a quotation is credited to: a speaker's name, an organisation written in camel case ("xAI") too."""
CREDITED_OUTLET = outlet_name(3)
"""An outlet another text credits ("as The New York Times reported"): four words after "The" at most."""
SELF_NAMED_OUTLET = outlet_name(4)
"""An outlet that names itself ("The Atlanta Journal-Constitution has learned"): up to five words, one more
than a credit takes, as outlets write their own names in full."""

# -- sentence starts ----------------------------------------------------------------------------------------


def first_of_sentence(text: str, at: int) -> bool:
    """Is the word at ``at`` the first of a sentence? Read backwards over spaces and opening quotes: the
    start of the text, or a sentence's end (. ! ? :), a line break or a dash; not the full stop of an
    initial ("Paul D. Ryan")."""
    index = at - 1
    while index >= 0 and text[index] in " \t\"“‘'(":
        index -= 1
    if index >= 0 and text[index] == "." and index >= 2 and text[index - 2] in " .":
        return False  # after an initial ("Paul D. Ryan"), not after a sentence
    return index < 0 or text[index] in ".!?:\n—–-"


_OPENING = re.compile(r"(?:^|[.!?:]\s+|[\"“‘(]\s*)$")


def opens_sentence_or_quote(text: str, at: int) -> bool:
    """Does the word at ``at`` start the text, follow a sentence's end (. ! ? : and white space), or follow
    a mark that opens a quotation or a bracket (a straight ``"`` counts, whether it opens or closes)? Wider
    than ``first_of_sentence`` (a quotation mid-sentence counts, an initial counts as an end) and narrower
    (a line break or a dash alone does not): where a capital says nothing about a place's name."""
    return _OPENING.search(text, 0, at) is not None


# -- word starts --------------------------------------------------------------------------------------------
# Python's ``re`` tries a pattern that starts with ``\b`` (or a look-behind) at every position of the text;
# without it, it skips to where the pattern's first character can match, 3x faster on 256 KB of prose. The
# trick: search without the anchor, check it where a match starts, and try again one character further on
# when it fails, so the matches are those of the anchored pattern.

_WORD_CHAR = re.compile(r"\w")


def starts_word(text: str, at: int) -> bool:
    """Is ``at`` not preceded by a word character (as ``(?<!\\w)``)? True at the text's start."""
    return at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_")


def from_word_boundary(pattern: str, kept: bool = False) -> Callable[[str], Iterator[re.Match[str]]]:
    """``re.finditer`` of ``pattern``, which starts with ``\\b``, by the trick above: the boundary is checked
    where a match starts (a word's start or its end, as ``\\b`` is). ``kept``: a pattern of Reader's own,
    fixed, whose compiled program is kept between processes (``patterns``; not one made per comparison)."""
    compiled = (patterns.compiled if kept else re.compile)(pattern.removeprefix(r"\b"))

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


def sub_at_word_starts(pattern: re.Pattern[str], replace: Callable[[str], str], text: str) -> str:
    """``pattern.sub`` for the matches that ``starts_word``, by the trick above (``pattern`` never matches
    an empty string)."""
    out: list[str] = []
    done = at = 0
    while (match := pattern.search(text, at)) is not None:
        start = match.start()
        if not starts_word(text, start):
            at = start + 1
            continue
        out += (text[done:start], replace(match.group()))
        done = at = match.end()
    return "".join(out) + text[done:] if out else text
