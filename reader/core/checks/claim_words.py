"""How the claims check reads a passage: its words in lower case and as written, with "won't" as "wo n't"
(the verb, then the negator), and the word lists it writes as one string. Shared by ``claims`` and
``speakers``."""

from __future__ import annotations

import functools

from reader.core.text.patterns import compiled
from reader.core.text.rules import WEEKDAYS

__all__ = ["CLAUSE_ENDS", "WEEKDAYS", "WORD", "as_written", "read", "words_of"]


def words_of(text: str) -> frozenset[str]:
    """The words of a list written as one string (shorter to read than one quoted word a line)."""
    return frozenset(text.split())


# Patterns see "’" as "'" (the text is read so): a character beyond Latin-1 in a character class makes a
# pattern five times slower to compile.
WORD = compiled(r"[A-Za-z]+(?:'[A-Za-z]+)*|\d+(?:st|nd|rd|th)\b|\$?\d+(?:[.,]\d+)*%?|[.;:!?]|,|—|–")
_CONTRACTED = compiled(r"(?i)(\w)n't\b")  # "won't", "didn't": the verb, then "n't"
CLAUSE_ENDS = frozenset({",", ";", ":", ".", "!", "?", "—", "–"})


@functools.lru_cache(maxsize=1 << 14)
def read(text: str) -> tuple[str, ...]:
    """The words and stops of ``text`` in lower case, "won't" as "wo n't" (the verb, then the negator)."""
    return tuple(word.lower() for word in as_written(text))


@functools.lru_cache(maxsize=1 << 12)
def as_written(text: str) -> tuple[str, ...]:
    """``read`` as written."""
    text = _CONTRACTED.sub(lambda m: m.group(1) + " n't", text.replace("’", "'"))
    return tuple(WORD.findall(text.replace("n't", " n't")))
