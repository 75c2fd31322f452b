"""The word tables the meaning scorer reads, each loaded once and shipped inside Reader or its packages:
English function words, how common English words are (wordfreq's small English list), WordNet synonyms,
related words news uses alike, words that are never alike, and the names of places by country (``resources/lexicon/``, made by the scripts in ``packaging/``, their
licences beside them). A table that cannot be read is empty: the scorer then goes without its help."""

from __future__ import annotations

import functools
import gzip
import importlib.util
from pathlib import Path

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
    # The list at index i holds the words used with probability 10^(-i/100) ("centibels").
    return {word: 9.0 - i / 100 for i, words in enumerate(buckets) for word in words}


@functools.cache
def synonyms() -> dict[str, frozenset[int]]:
    """Stem -> the WordNet senses it shares with other stems (``resources/lexicon/synonyms.tsv.gz``, made by
    ``packaging/make_synonyms.py`` from WordNet 3.1; licence beside it). Empty when it cannot be read: the
    scorer then matches words exactly, as it did before."""
    try:
        raw = gzip.decompress(resource_path("lexicon", "synonyms.tsv.gz").read_bytes()).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError):  # FileNotFoundError is an OSError
        return {}
    table = {}
    for line in raw.splitlines():
        word, _, senses = line.partition("\t")
        if senses:
            table[word] = frozenset(int(sense) for sense in senses.split(",") if sense.isdigit())
    return table


@functools.cache
def sense_members() -> dict[int, tuple[str, ...]]:
    """WordNet sense -> the stems that have it (``synonyms`` the other way round)."""
    members: dict[int, list[str]] = {}
    for word, senses in synonyms().items():
        for sense in senses:
            members.setdefault(sense, []).append(word)
    return {sense: tuple(words) for sense, words in members.items()}


@functools.cache
def related() -> dict[str, frozenset[str]]:
    """Stem -> the stems of words related to it in WordNet 3.1 that news text uses alike by their GloVe
    vectors ("diplomat" / "ambassador", "Zambia" / "Zambian"; ``resources/lexicon/related.tsv.gz``, made by
    ``packaging/make_related.py``; licences beside it). Empty when it cannot be read."""
    return _stem_pairs("related.tsv.gz")


@functools.cache
def unlike() -> dict[str, frozenset[str]]:
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
        alike.update(other for other in members[sense] if other not in never)
    return frozenset(alike)


def _stem_pairs(name: str) -> dict[str, frozenset[str]]:
    """A symmetric table of pairs of stems, from lines "stem<TAB>stem,stem"; empty when it cannot be read."""
    try:
        raw = gzip.decompress(resource_path("lexicon", name).read_bytes()).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError):  # FileNotFoundError is an OSError
        return {}
    table: dict[str, set[str]] = {}
    for line in raw.splitlines():
        word, _, others = line.partition("\t")
        for other in others.split(","):
            if other and other != word:
                table.setdefault(word, set()).add(other)
                table.setdefault(other, set()).add(word)
    return {word: frozenset(others) for word, others in table.items()}


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
    try:
        raw = gzip.decompress(resource_path("lexicon", "places.tsv.gz").read_bytes()).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError):  # FileNotFoundError is an OSError
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
