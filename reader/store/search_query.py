"""The library search's own small query language, without a database: parsing what the user typed, the
engine's query string made from it (SQLite FTS5 or PostgreSQL tsquery), and finding the matched words in a
text again (the span to open and the snippet to show), the same on both engines.

The language: words (all must match), "quoted phrases" (straight or curly quotes), and a ``*`` at the end
of a word for a prefix (``vacc*``). Case and diacritics do not count ("cafe" finds "café", "CAFÉ" finds
"cafe"). Punctuation is not searched: a word is split where the engines split it ("don't" is the phrase
"don t", "e-mail" the phrase "e mail"), and a term of punctuation alone is left out. Nothing the user types
is engine syntax: FTS5's AND, OR, NOT, NEAR, ``^``, ``:``, brackets and quotes are words or punctuation
here, and every word reaches the engine quoted, as a bound parameter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from reader.core.text.display import printable

QUERY_MAX = 2000
"""Characters of a query (a pasted paragraph fits; a whole article is not a search)."""
TERMS_MAX = 64
"""Terms of a query (each is one more index lookup for every hit)."""

# A word as SQLite's unicode61 tokenizer sees it: letters and digits (and the marks of decomposed
# letters); everything else, the underscore and the apostrophe included, separates words.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
WORD = re.compile(rf"(?:[^\W_]|[{_MARKS}])+")
_PHRASE = re.compile(r"[\"“”„«»]([^\"“”„«»]*)(?:[\"“”„«»]|$)")
_SPACE = re.compile(r"\s+")


class QueryError(ValueError):
    """What the user typed is not a search; the message says why, on one line."""


def fold(text: str) -> str:
    """``text`` with its diacritics removed and in lower case: the key both engines compare words by
    (FTS5's ``remove_diacritics 2``, PostgreSQL's ``unaccent``). Lower case, not case folding: FTS5 keeps
    "ß" as it is, and so must the query."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    ).lower()


@dataclass(frozen=True)
class Term:
    """One term of a query: a word, or a phrase of words in order; ``prefix``: its last word is a prefix."""

    words: tuple[str, ...]
    prefix: bool = False

    def fts5(self) -> str:
        quoted = '"' + " ".join(w.replace('"', '""') for w in self.words) + '"'
        return quoted + ("*" if self.prefix else "")

    def tsquery(self) -> str:
        lexemes = ["'" + w.replace("\\", "\\\\").replace("'", "''") + "'" for w in self.words]
        if self.prefix:
            lexemes[-1] += ":*"
        return lexemes[0] if len(lexemes) == 1 else "(" + " <-> ".join(lexemes) + ")"

    def shown(self) -> str:
        words = " ".join(self.words) + ("*" if self.prefix else "")
        return f'"{words}"' if len(self.words) > 1 else words


@dataclass(frozen=True)
class Query:
    """A parsed query: every term must match."""

    text: str  # as the user typed it
    terms: tuple[Term, ...]

    def fts5(self) -> str:
        """The FTS5 MATCH expression (bound as a parameter, never put into SQL)."""
        return " AND ".join(term.fts5() for term in self.terms)

    def fts5_any(self) -> str:
        """Any of the terms (where-else's candidates)."""
        return " OR ".join(term.fts5() for term in self.terms)

    def tsquery(self) -> str:
        """The ``to_tsquery('simple', ...)`` text (bound as a parameter)."""
        return " & ".join(term.tsquery() for term in self.terms)

    def tsquery_any(self) -> str:
        return " | ".join(term.tsquery() for term in self.terms)

    def shown(self) -> str:
        return " ".join(term.shown() for term in self.terms)


def _term(text: str, phrase: bool) -> Term | None:
    prefix = not phrase and text.endswith("*")
    words = tuple(WORD.findall(fold(text)))
    if not words:
        return None  # punctuation alone
    return Term(words, prefix=prefix or (phrase and text.rstrip().endswith("*")))


def parse(text: str) -> Query:
    """The query in ``text``; QueryError when there is nothing to search for."""
    if not text.strip():
        raise QueryError("type some words to search for")
    if len(text) > QUERY_MAX:
        raise QueryError(f"a search has at most {QUERY_MAX} characters (this one has {len(text)})")
    terms: list[Term] = []
    at = 0
    for match in _PHRASE.finditer(text):
        terms += [t for t in (_term(chunk, False) for chunk in text[at : match.start()].split()) if t]
        phrase = _term(match.group(1), True)
        if phrase is not None:
            if match.end() < len(text) and text[match.end()] == "*":
                phrase = Term(phrase.words, True)
            terms.append(phrase)
        at = match.end()
    terms += [t for t in (_term(chunk, False) for chunk in text[at:].split()) if t]
    unique = tuple(dict.fromkeys(terms))
    if not unique:
        shown = printable(_SPACE.sub(" ", text.strip())[:60])
        raise QueryError(f"“{shown}” has no words to search for (punctuation alone is not searched)")
    if len(unique) > TERMS_MAX:
        raise QueryError(f"a search has at most {TERMS_MAX} words or phrases (this one has {len(unique)})")
    return Query(text, unique)


def words_of(text: str) -> list[tuple[int, int, str]]:
    """The words of ``text`` as the index has them: (start, end, folded word), offsets into ``text``."""
    if text.isascii():  # lower case keeps every offset: the whole text folded at once
        return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text.lower())]
    return [(m.start(), m.end(), fold(m.group())) for m in WORD.finditer(text)]


def _occurrences(words: list[tuple[int, int, str]], term: Term) -> list[tuple[int, int]]:
    """Where ``term`` occurs among ``words``: (first word, last word) index pairs."""
    found = []
    n = len(term.words)
    first, last = term.words[0], term.words[-1]
    for i in range(len(words) - n + 1):
        key = words[i][2]
        if n == 1:
            if key == first or (term.prefix and key.startswith(first)):
                found.append((i, i))
            continue
        if key != first:
            continue
        if all(words[i + j][2] == term.words[j] for j in range(1, n - 1)):
            tail = words[i + n - 1][2]
            if tail == last or (term.prefix and tail.startswith(last)):
                found.append((i, i + n - 1))
    return found


WINDOW_WORDS = 40
"""How many words the passage a hit opens at may span: the terms found closest together within it."""


@dataclass(frozen=True)
class Found:
    """Where a query's terms are in a text: ``span`` the passage that holds most of them closest together
    (None when none is found), ``marks`` every matched word's [start, end) there."""

    span: tuple[int, int] | None
    marks: tuple[tuple[int, int], ...]


def find(text: str, query: Query, words: list[tuple[int, int, str]] | None = None) -> Found:
    """The query's terms in ``text``, as the index matched them."""
    words = words_of(text) if words is None else words
    hits: list[tuple[int, int, int]] = []  # first word, last word, term number
    for number, term in enumerate(query.terms):
        hits += [(a, b, number) for a, b in _occurrences(words, term)]
    if not hits:
        return Found(None, ())
    hits.sort()
    best: tuple[int, int] = (0, 0)  # terms covered, -first word
    best_range = (hits[0][0], hits[0][1])
    j = 0
    for i, (a, _b, _n) in enumerate(hits):
        while j < len(hits) and hits[j][1] - a < WINDOW_WORDS:
            j += 1
        window = hits[i:j]
        covered = len({n for _x, _y, n in window})
        if (covered, -a) > best:
            best = (covered, -a)
            best_range = (a, max(y for _x, y, _n in window))
    first, last = best_range
    span = (words[first][0], words[last][1])
    marks = tuple((words[a][0], words[b][1]) for a, b, _n in hits if first <= a and b <= last)
    return Found(span, marks)


SNIPPET_CHARS = 160
"""About how long a snippet is: the matched passage with some words of context either side."""


@dataclass(frozen=True)
class Snippet:
    """One line of text around a match; ``marks`` are the [start, end) of the matched words in it."""

    text: str
    marks: tuple[tuple[int, int], ...]

    def marked(self, before: str, after: str, escape: Callable[[str], str] | None = None) -> str:
        """The text with ``before`` and ``after`` around every matched word (``escape`` applied to the
        text between them: ``html.escape`` for a label, ``printable`` for a terminal)."""
        clean = escape or str
        parts, at = [], 0
        for start, end in self.marks:
            parts += [clean(self.text[at:start]), before, clean(self.text[start:end]), after]
            at = end
        parts.append(clean(self.text[at:]))
        return "".join(parts)


def snippet(text: str, found: Found, chars: int = SNIPPET_CHARS) -> Snippet:
    """The passage of ``text`` around ``found`` on one line (white space runs made one space), cut at
    word boundaries with an ellipsis where the text goes on."""
    if found.span is None:
        start, end = 0, min(len(text), chars)
    else:
        start, end = found.span
        room = max(0, chars - (end - start))
        start = max(0, start - room // 3)
        end = min(len(text), end + room - room // 3)
        if end - start > 3 * chars:  # matched words far apart: the first of them with its context
            end = min(len(text), found.span[0] + chars)
    # Whole words at the cuts.
    while start > 0 and not text[start - 1].isspace() and found.span and start > found.span[0] - chars:
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    out: list[str] = []
    origin: list[int] = []
    space = False
    for index in range(start, end):
        char = text[index]
        if char.isspace():
            space = bool(out)
            continue
        if space:
            out.append(" ")
            origin.append(index)
            space = False
        out.append(char)
        origin.append(index)
    body = "".join(out)
    lead = "… " if start > 0 and body else ""
    tail = " …" if end < len(text) and body else ""
    position = {o: i for i, o in enumerate(origin)}
    marks = []
    for a, b in found.marks:
        if a in position and (b - 1) in position:
            marks.append((position[a] + len(lead), position[b - 1] + 1 + len(lead)))
    return Snippet(lead + body + tail, tuple(marks))
