"""The word tables the meaning scorer reads, each loaded once and shipped inside Reader or its packages:
English function words, how common English words are (wordfreq's small English list), WordNet synonyms,
related words news uses alike, words that are never alike, and the names of places by country (``resources/lexicon/``, made by the scripts in ``packaging/``, their
licences beside them). A table that cannot be read is empty: the scorer then goes without its help."""

from __future__ import annotations

import functools
import gzip
import importlib.util
from collections.abc import Callable, Iterator, Mapping
from itertools import chain, repeat
from pathlib import Path
from typing import Any, TypeVar

from reader.resources import resource_path

# English function words: they carry no fact. (A list, not a package: it is small, fixed and ours.)
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "aren't",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "didn't",
        "do",
        "does",
        "doesn't",
        "doing",
        "don't",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "hadn't",
        "has",
        "hasn't",
        "have",
        "haven't",
        "having",
        "he",
        "he'd",
        "he'll",
        "he's",
        "her",
        "here",
        "here's",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "how's",
        "i",
        "i'd",
        "i'll",
        "i'm",
        "i've",
        "if",
        "in",
        "into",
        "is",
        "isn't",
        "it",
        "it's",
        "its",
        "itself",
        "let's",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "ought",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "she'd",
        "she'll",
        "she's",
        "should",
        "shouldn't",
        "so",
        "some",
        "such",
        "than",
        "that",
        "that's",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "there's",
        "these",
        "they",
        "they'd",
        "they'll",
        "they're",
        "they've",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "wasn't",
        "we",
        "we'd",
        "we'll",
        "we're",
        "we've",
        "were",
        "weren't",
        "what",
        "what's",
        "when",
        "when's",
        "where",
        "where's",
        "which",
        "while",
        "who",
        "who's",
        "whom",
        "why",
        "why's",
        "with",
        "won't",
        "would",
        "wouldn't",
        "you",
        "you'd",
        "you'll",
        "you're",
        "you've",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "said",
        "says",
        "say",
        "told",
        "also",
        "just",
        "now",
        "new",
        "one",
        "two",
        "will",
        "may",
        "might",
        "must",
        "us",
        "mr",
        "mrs",
        "ms",
        "s",
        "t",
    ]
)


@functools.cache
def english_zipf() -> dict[str, float]:
    """How common each of about 29,000 English words is, on the Zipf scale (log10 of uses per billion
    words), from the word frequencies of the ``wordfreq`` package (its "small" English list, read as the
    file it ships: importing the package would load a tokenizer Reader does not need, 0.13 s). Empty when
    the list cannot be read: the rarity among the passages compared then decides alone."""
    try:
        spec = importlib.util.find_spec("wordfreq")
        if spec is None or not spec.submodule_search_locations:
            return {}
        import msgpack

        path = Path(next(iter(spec.submodule_search_locations))) / "data" / "small_en.msgpack.gz"
        header, *buckets = msgpack.unpackb(gzip.decompress(path.read_bytes()), raw=False)
    except (ImportError, OSError, ValueError, TypeError, EOFError):  # msgpack's errors are ValueErrors
        return {}
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        return {}
    # The list at index i holds the words used with probability 10^(-i/100) ("centibels"). Words and values
    # zipped in C into one dict, each word inserted once: 30% fewer instructions than a comprehension.
    values = chain.from_iterable(repeat(9.0 - i / 100, len(words)) for i, words in enumerate(buckets))
    return dict(zip(chain.from_iterable(buckets), values, strict=True))


K = TypeVar("K")
V = TypeVar("V")


class LazyTable(Mapping[K, V]):
    """A table of words read from its text a line at a time, as its words are asked for: a comparison asks
    about a few hundred of the thousands of words, and reading them all, each into a set, took 0.08 s of
    every start (of 0.45 s for the sample story). The keys are known at once; a value is made from its
    line when first asked for, then kept."""

    __slots__ = ("_lines", "_made", "_make")

    def __init__(self, lines: dict[K, str], make: Callable[[str], V]) -> None:
        self._lines = lines
        self._made: dict[K, V] = {}
        self._make = make

    def __getitem__(self, word: K) -> V:
        found = self._made.get(word)
        if found is None:
            found = self._made[word] = self._make(self._lines[word])
        return found

    def get(self, word: K, default: Any = None) -> Any:
        return self[word] if word in self._lines else default

    def __contains__(self, word: object) -> bool:
        return word in self._lines

    def __iter__(self) -> Iterator[K]:
        return iter(self._lines)

    def __len__(self) -> int:
        return len(self._lines)


def _senses(line: str) -> frozenset[int]:
    return frozenset(int(sense) for sense in line.split(",") if sense.isdigit())


def _words(line: str) -> frozenset[str]:
    return frozenset(word for word in line.split(",") if word)


def _members(line: str) -> tuple[str, ...]:
    return tuple(line.split(","))


def _lines(text: str) -> dict[str, str]:
    """Word -> value, of the "word<TAB>value" lines of ``text``; ValueError unless each line has one tab. (Split
    in C, no Python code run per line: 5 ms for the synonyms' 7,000 lines, where a loop took 20.)"""
    text = text.rstrip("\n")
    if text.count("\t") != text.count("\n") + 1:
        raise ValueError("not one tab per line")
    parts = text.replace("\n", "\t").split("\t")  # word, value, word, value, ...
    return dict(zip(parts[0::2], parts[1::2], strict=True))


def _read(name: str) -> str | None:
    try:
        return gzip.decompress(resource_path("lexicon", name).read_bytes()).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError):  # FileNotFoundError is an OSError
        return None


class Synonyms(LazyTable[str, frozenset[int]]):
    """The synonyms table, which holds its senses the other way round too (``members``)."""

    __slots__ = ("members",)

    def __init__(self, lines: dict[str, str], members: LazyTable[int, tuple[str, ...]]) -> None:
        super().__init__(lines, _senses)
        self.members = members


@functools.cache
def synonyms() -> Mapping[str, frozenset[int]]:
    """Stem -> the WordNet senses it shares with other stems (``resources/lexicon/synonyms.tsv.gz``, made by
    ``packaging/make_synonyms.py`` from WordNet 3.1; licence beside it). Empty when it cannot be read: the
    scorer then matches words exactly, as it did before. The file: "stem<TAB>sense,sense" lines, a blank
    line, then a line per sense (in the order of their numbers) with the stems that have it."""
    words, blank, members = (_read("synonyms.tsv.gz") or "").partition("\n\n")
    try:
        lines = _lines(words) if blank else None
    except ValueError:
        lines = None
    if not lines:
        return {}
    return Synonyms(lines, LazyTable(dict(enumerate(members.splitlines())), _members))


def sense_members() -> Mapping[int, tuple[str, ...]]:
    """WordNet sense -> the stems that have it (``synonyms`` the other way round)."""
    table = synonyms()
    return table.members if isinstance(table, Synonyms) else {}


@functools.cache
def related() -> Mapping[str, frozenset[str]]:
    """Stem -> the stems of words related to it in WordNet 3.1 that news text uses alike by their GloVe
    vectors ("diplomat" / "ambassador", "Zambia" / "Zambian"; ``resources/lexicon/related.tsv.gz``, made by
    ``packaging/make_related.py``; licences beside it). Empty when it cannot be read."""
    return _stem_pairs("related.tsv.gz")


@functools.cache
def unlike() -> Mapping[str, frozenset[str]]:
    """Stem -> the stems that are never alike, though WordNet gives them a sense in common: antonyms
    ("rise" / "fall") and words of one kind ("million" / "billion"; ``resources/lexicon/unlike.tsv.gz``,
    made with the related words)."""
    return _stem_pairs("unlike.tsv.gz")


@functools.lru_cache(maxsize=1 << 16)
def alike_words(word: str) -> frozenset[str]:
    """The stems alike ``word``: its related words, and its synonyms (the stems with a WordNet sense in
    common) that are not ``unlike`` it. Made once per word: the synonym weight asks for the same words of
    a comparison again and again."""
    members, never = sense_members(), unlike().get(word, frozenset())
    alike = set(related().get(word, ()))
    for sense in synonyms().get(word, ()):
        alike.update(other for other in members.get(sense, ()) if other not in never)
    return frozenset(alike)


def _stem_pairs(name: str) -> Mapping[str, frozenset[str]]:
    """A symmetric table of pairs of stems, from lines "stem<TAB>stem,stem" that list each pair under both
    its stems (so that one line holds all of a stem's); empty when it cannot be read."""
    try:
        return LazyTable(_lines(_read(name) or ""), _words)
    except ValueError:
        return {}


def places() -> dict[str, tuple[frozenset[str], bool]]:
    """Name of a place, lower case -> (the countries it is in, whether it names a place only when written
    with a capital: "china", "turkey", "us"); ``resources/lexicon/places.tsv.gz``, made by
    ``packaging/make_places.py`` from WordNet 3.1 ("Cairo" is part of Egypt, "Spanish" is of Spain; licence
    beside it). Empty when it cannot be read: the scorer then knows no places."""
    return _place_tables()[0]


def place_starts() -> frozenset[str]:
    """The words a name of a place can start with."""
    return _place_tables()[1]


def place_follows() -> dict[str, dict[str, int]]:
    """First word of a name of two words or more -> its second words -> the most words of a name that
    starts with the two ("new" -> "south" -> 3, for "New South Wales")."""
    return _place_tables()[2]


@functools.cache
def _place_tables() -> tuple[
    dict[str, tuple[frozenset[str], bool]], frozenset[str], dict[str, dict[str, int]]
]:
    raw = _read("places.tsv.gz")
    if raw is None:
        return {}, frozenset(), {}
    table: dict[str, tuple[frozenset[str], bool]] = {}
    for line in raw.splitlines():  # countries <TAB> "c" or nothing <TAB> name|name|...
        found, _, rest = line.partition("\t")
        capital, _, names = rest.partition("\t")
        if found and names:
            table.update(dict.fromkeys(names.split("|"), (frozenset(found.split(",")), capital == "c")))
    follows: dict[str, dict[str, int]] = {}
    for name in table:
        if " " in name:
            first, *others = name.split(" ")
            seconds = follows.setdefault(first, {})
            seconds[others[0]] = max(seconds.get(others[0], 0), 1 + len(others))
    starts = frozenset(name for name in table if " " not in name).union(follows)
    return table, starts, follows
