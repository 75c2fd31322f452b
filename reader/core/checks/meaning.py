"""The same fact in other words: passages that share their rare content words, stemmed, across sources.

A paraphrase keeps what a sentence is about (names, numbers, the rare nouns and verbs) and changes the
rest: "Seventy years on, Parata, now 75, has supervised…" and "Seven decades later, Parata, 75, has now
overseen…". So each passage is reduced to its content words (stop words left out), stemmed with the
Snowball English stemmer ("testified" and "testimony" both give "testifi"), and each stem weighs what it
says about a passage in this comparison: its inverse document frequency over the passages being compared,
so words every passage uses count for little, and a name or a number found in two passages only counts
most. The score of a pair is the weighted Dice coefficient of their stems, or, for a fact inside a longer
sentence, a share of their overlap coefficient (``OVERLAP_WEIGHT``), 0..1.

Words that are synonyms in WordNet ("murdered" / "killed"), or related there in a way news uses
("diplomat" / "ambassador"), count for half a shared word, once the passages share enough words exactly
(``SYNONYM_WEIGHT``); antonyms and words of one kind ("rise" / "fall", "million" / "billion") never do.
Names alone are not a fact: two passages that share only words the texts write as names ("OpenAI",
"Anthropic") need a third shared stem or an alike word, and are not scored as a fact inside the other.
Places are names by country ("Venezuela" / "Venezuelan", "U.S." / "USA"; ``entities``); two passages that
each name a country the other does not, and no person in common, report two events ("Burundi police fire
tear gas at protesters" / "Police fire tear gas at protesters in Bangkok").

Measured on news paraphrase corpora (``tests/benchmarks/bench_meaning.py``), lexical evidence of this kind
links most paraphrases while making few false links. Static word embeddings (GloVe) are not used to score:
by them "higher" / "lower" (0.87) and "killed" / "wounded" (0.86) are as alike as "blast" / "explosion",
and a meaning-only score links unrelated sentences on one topic, which on news text is most of them. They
only choose, offline, which of WordNet's relations to keep (``packaging/make_related.py``).
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import snowballstemmer

from reader.core.checks.entities import names, names_differ
from reader.core.text import lexicon
from reader.core.text.lexicon import STOPWORDS
from reader.core.text.rules import sub_at_word_starts

MEANING_THRESHOLD = 0.46
"""A pair is linked as the same fact in other words from this weighted Dice score (chosen on the tuning
half of the paraphrase data; docs/alignment.md)."""

_MIN_SHARED = 3  # content stems two passages must share (a name and a verb are not yet a fact)
_MIN_SHARED_SHORT = 2  # ... or this many when the shorter passage has at most _SHORT stems
_SHORT = 5
COMMON_SHARE = 0.2  # a stem in more than this share of the passages does not propose candidates

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|\d+(?:[.,]\d+)*")

_stemmer = snowballstemmer.stemmer("english")
_stems: dict[str, str] = {}


def stem(word: str) -> str:
    found = _stems.get(word)
    if found is None:
        found = _stems[word] = _stemmer.stemWord(word)
    return found


_MIXED = re.compile(r"[A-Z]?[a-z]+[A-Z]|[A-Z]{2,}[a-z]")  # "OpenAI", "xAI", "DeepSeek": a name anywhere


@functools.lru_cache(maxsize=1 << 15)
def content_stems(text: str) -> tuple[str, ...]:
    """The stems of the content words of ``text``, in order (numbers kept as they are written). Kept for
    the passages asked about last: the edited-copy check and the search for passages told again ask for
    the same ones."""
    return tuple(found for found, _word in _content_words(text))


# The United States, however a text writes it: "U.S." would otherwise be two letters, which count for no
# word, and "US" the word "us", which says nothing; "United States" two ordinary words. (No leading \b in
# the patterns: Python's re tries such a pattern at every position; the word boundary is checked where a
# match starts instead, 7x faster.)
_UNITED_STATES = re.compile(r"U\.S\.(?:A\.)?|USA?\b|United States\b")
_INITIALISM = re.compile(r"[A-Z]\.(?:[A-Z]\.)+")  # "U.N.", "U.K.": one word, as "UN", "UK" are


def _initialisms(found: str) -> str:
    return found.replace(".", "") + " "


def _content_words(text: str) -> list[tuple[str, str]]:
    """(stem, word as written, lowercased) of each content word of ``text``, in order."""
    found = []
    stems, stopwords = _stems, STOPWORDS
    if "." in text or "U" in text:
        text = sub_at_word_starts(_UNITED_STATES, lambda _found: "USA", text)
        text = sub_at_word_starts(_INITIALISM, _initialisms, text)
    for word in _WORD.findall(text.lower().replace("’", "'")):
        if word in stopwords:
            continue
        if word[0].isdigit():
            found.append((word.replace(",", ""), word))
        elif len(word) > 1:
            word = word.removesuffix("'s")
            stemmed = stems.get(word)
            found.append((stem(word) if stemmed is None else stemmed, word))
    return found


COMMON_ZIPF = 6.0
"""Words at least this common in English (Zipf scale: 6 is once in a thousand words, "make", "people")
get no weight for their rarity in English; rarer ones get ``ENGLISH_RARITY`` per step below it."""
ENGLISH_RARITY = 1.0
"""The weight of a word's rarity in English beside its rarity among the passages compared. Articles on
one story share the story's words ("Musk", "OpenAI", "distillation"), which are then common among the
passages and weighed as little as "said" would be; they still say more about a fact than "use" or "model".
(On the paraphrase benchmark, whose passages are on many subjects, it changes no figure by more than a pair
at 0.5, 1 or 2; see docs/alignment.md.)"""


def _rarity_bonus(zipf: dict[str, float], forms: set[str]) -> float:
    """The weight a stem gets for its rarity in English: that of its commonest form in the passages."""
    if not zipf:
        return 0.0
    common = max(zipf.get(word, 0.0) for word in forms)
    return ENGLISH_RARITY * max(0.0, COMMON_ZIPF - common)


OVERLAP_WEIGHT = 0.7
"""A fact inside a longer sentence ("X said Y, and Z") shares most of the shorter passage but little of the
longer, which the Dice coefficient punishes: the score is the larger of the Dice coefficient and this share
of the overlap coefficient (shared weight over the shorter's). Chosen on the tuning half with a clause
joined to one side (bench_meaning.py): 0.7 lifts those links from 27% to 65% (STS 4-5) and changes
nothing on whole-sentence pairs; 0.8 starts to link more unrelated ones."""


def _combine(shared: float, first: float, second: float, inside: bool = True) -> float:
    """The score of two bags of stems from the weight they share and the weights of each; with ``inside``
    False, the Dice coefficient alone (two shared words are not yet a fact inside a longer sentence: a
    heading "What this means for Grok and xAI" is not inside every sentence naming Grok and xAI)."""
    if not first or not second:
        return 0.0
    dice = 2 * shared / (first + second)
    return max(dice, OVERLAP_WEIGHT * shared / min(first, second)) if inside else dice


def _written_as_names(texts: Sequence[str], found: Sequence[frozenset[str]]) -> frozenset[str]:
    """The stems these texts write as names only: capitalised inside a sentence (``found``, from
    ``names``) or in mixed case anywhere ("OpenAI", "xAI"), and never in lower case."""
    upper: set[str] = set().union(*found)
    lower: set[str] = set()
    written: set[str] = set()  # each word as written once: the texts repeat most of theirs
    for text in texts:
        written.update(_WORD.findall(text))
    for word in written:
        if word.islower():
            lower.add(_plain_form(word))
        elif _MIXED.match(word):
            upper.add(_plain_form(word.lower()))
    return frozenset(stem(word) for word in upper if word not in STOPWORDS) - {stem(word) for word in lower}


def _plain_form(word: str) -> str:
    return word.replace("’", "'").removesuffix("'s")


SYNONYM_WEIGHT = 0.5
"""A content word of one passage that is a synonym of one of the other ("murdered" / "killed", "major" /
"serious") counts as this share of a shared word. Chosen on the tuning half of the paraphrase data: 0.5
lifts STS 4-5 from 94.2% to 95.0% and MSRP from 95.9% to 96.4% with no more false links (0.50 -> 0.51 per
1,000); 1.0 links no more pairs and makes more false links. A synonym never counts towards the shared words
a pair needs: the lexical evidence must be there first."""


@dataclass(frozen=True, slots=True)
class MeaningScorer:
    """Scores pairs of passages of one comparison: stems weighted by their rarity among its passages and in
    English, synonyms at ``SYNONYM_WEIGHT``."""

    bags: tuple[frozenset[str], ...]
    weights: dict[str, float]
    texts: tuple[str, ...]  # the passages (whose ``anchors`` a pair with a score is checked against)
    totals: tuple[float, ...]  # the weight of each passage's bag
    rare: float  # the weight of a stem none of the scored passages has: that of the rarest
    named: frozenset[str] = frozenset()  # stems these passages write as names only (``of``)
    # bag -> its stems that have alike words, sorted: made once per bag of the passages scored
    lexical: dict[frozenset[str], tuple[str, ...]] = field(default_factory=dict, compare=False)
    alike_weights: dict[frozenset[str], float] = field(
        default_factory=dict, compare=False
    )  # ``_alike_weight``

    @classmethod
    def of(
        cls,
        texts: Sequence[str],
        tick: Callable[[float], None] = lambda done: None,
        only: Sequence[int] | None = None,
    ) -> MeaningScorer:
        """The scorer of the passages ``texts``; with ``only``, just those passages are read (the others
        have an empty bag), and the weights come from them."""
        empty: frozenset[str] = frozenset()
        bags = [empty] * len(texts)
        named = [empty] * len(texts)
        chosen = range(len(texts)) if only is None else only
        frequency: Counter[str] = Counter()
        forms: dict[str, set[str]] = {}
        # Versions of one story repeat most of their passages word for word: each distinct text is read
        # once, and counted as often as it occurs (the weights are those of every passage read).
        read: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        for number, n in enumerate(chosen):
            if not number % 256:
                tick(number / max(1, len(chosen)))
            known = read.get(texts[n])
            if known is None:
                words = list(_content_words(texts[n]))
                for found, word in words:
                    forms.setdefault(found, set()).add(word)
                known = read[texts[n]] = (frozenset(found for found, _word in words), names(texts[n]))
            bags[n], named[n] = known
            frequency.update(known[0])
        total = len(chosen) + 1
        zipf = lexicon.english_zipf()
        weights = {
            word: math.log(total / count) + 1.0 + _rarity_bonus(zipf, forms[word])
            for word, count in frequency.items()
        }
        rare = max(weights.values(), default=1.0)
        # Only the passages read have words (on two long versions, a few hundred passages of 20,000).
        weight_of = [0.0] * len(texts)
        bag_weight: dict[frozenset[str], float] = {}
        for n in chosen:
            weight = bag_weight.get(bags[n])
            if weight is None:
                weight = bag_weight[bags[n]] = math.fsum(weights.get(word, rare) for word in bags[n])
            weight_of[n] = weight
        totals = tuple(weight_of)
        name_stems = _written_as_names(list(read), [named_ for _bag, named_ in read.values()])
        return cls(tuple(bags), weights, tuple(texts), totals, rare, name_stems)

    def score_texts(self, a: str, b: str) -> float:
        """The score of two texts (a passage, or passages merged), weighted as this comparison's."""
        found = self.score_bags(frozenset(content_stems(a)), frozenset(content_stems(b)))
        return 0.0 if found and names_differ(a, b) else found

    def weight(self, bag: frozenset[str]) -> float:
        weights, rare = self.weights, self.rare
        return math.fsum(weights.get(word, rare) for word in bag)

    def score(self, a: int, b: int) -> float:
        """The score of passages ``a`` and ``b``, 0..1; 0 when both name someone or somewhere and none of
        the names is shared (the same kind of event, elsewhere)."""
        found = self._score(self.bags[a], self.bags[b], self.totals[a], self.totals[b])
        return 0.0 if found and names_differ(self.texts[a], self.texts[b]) else found

    def linked_score(self, a: int, b: int, threshold: float) -> float:
        """``score(a, b)`` when it can reach ``threshold``, else 0.0 without working it out: the alike
        words can add at most ``SYNONYM_WEIGHT`` of the weight of the words the two do not share, so a
        pair whose shared words with that added stay below the threshold is not scored (most candidate
        pairs of a story told by hundreds of sources)."""
        first, second = self.bags[a], self.bags[b]
        shared = first & second
        if len(shared) < (_MIN_SHARED_SHORT if min(len(first), len(second)) <= _SHORT else _MIN_SHARED):
            return 0.0  # ``_score`` says 0 first thing
        weight_a, weight_b = self.totals[a], self.totals[b]
        together = self.weight(shared)
        # Each alike pair adds SYNONYM_WEIGHT of its mean weight and takes one word of each side that
        # has alike words and is not shared: first bounded by all such words, then by the heaviest ones,
        # as many on each side.
        loose = SYNONYM_WEIGHT * (self._alike_weight(first) + self._alike_weight(second)) / 2
        if _combine(together + loose + 1e-9, weight_a, weight_b) < threshold:
            return 0.0
        weights, rare = self.weights, self.rare
        left = sorted(
            (weights.get(w, rare) for w in self._in_lexicon(first) if w not in shared), reverse=True
        )
        right = sorted(
            (weights.get(w, rare) for w in self._in_lexicon(second) if w not in shared), reverse=True
        )
        pairs = min(len(left), len(right))
        most = SYNONYM_WEIGHT * (sum(left[:pairs]) + sum(right[:pairs])) / 2
        if _combine(together + most + 1e-9, weight_a, weight_b) < threshold:
            return 0.0
        return self.score(a, b)

    def score_bags(self, first: frozenset[str], second: frozenset[str]) -> float:
        return self._score(first, second, self.weight(first), self.weight(second))

    def _score(
        self, first: frozenset[str], second: frozenset[str], weight_a: float, weight_b: float
    ) -> float:
        shared = first & second
        short = min(len(first), len(second))
        if not shared or len(shared) < (_MIN_SHARED_SHORT if short <= _SHORT else _MIN_SHARED):
            return 0.0
        alike = self._synonym_weight(self._in_lexicon(first), self._in_lexicon(second), shared)
        only_names = shared <= self.named
        if only_names and len(shared) < _MIN_SHARED and not alike:
            return 0.0  # "Why OpenAI, Anthropic and Google care" / "Anthropic has been more aggressive than OpenAI"
        inside = len(shared) >= _MIN_SHARED and not only_names  # a list of companies holds no heading
        return _combine(self.weight(shared) + alike, weight_a, weight_b, inside=inside)

    def _alike_weight(self, bag: frozenset[str]) -> float:
        """The weight of the stems of ``bag`` that have alike words."""
        found = self.alike_weights.get(bag)
        if found is None:
            weights, rare = self.weights, self.rare
            found = self.alike_weights[bag] = sum(weights.get(w, rare) for w in self._in_lexicon(bag))
        return found

    def _in_lexicon(self, bag: frozenset[str]) -> tuple[str, ...]:
        """The stems of ``bag`` that have alike words, sorted (the same pairs whatever the order of the set)."""
        found = self.lexical.get(bag)
        if found is None:
            table, near = lexicon.synonyms(), lexicon.related()
            found = self.lexical[bag] = tuple(sorted(w for w in bag if w in table or w in near))
        return found

    def _synonym_weight(self, first: Sequence[str], second: Sequence[str], shared: frozenset[str]) -> float:
        """What the words of ``first`` that are alike words of ``second`` (both sorted, neither counting the
        ``shared`` words) add to the shared weight: each pair once, ``SYNONYM_WEIGHT`` of the pair's mean
        weight. Two stems are alike when they are related words, or synonyms (a WordNet sense in common)
        that are not antonyms or words of one kind (``unlike``)."""
        right = [word for word in second if word not in shared]
        if not right:
            return 0.0
        # Each word of ``first`` (in order) takes the first word of ``right`` not yet taken that is alike:
        # found through the alike words of the word, not by trying every pair (on the sample story, 49,000
        # pairs per alignment).
        place = {other: number for number, other in enumerate(right)}
        weights, rare = self.weights, self.rare
        taken: set[int] = set()
        total = 0.0
        for word in first:
            if word in shared:
                continue
            found = {place[other] for other in lexicon.alike_words(word).intersection(place)}
            found -= taken
            if found:
                number = min(found)
                taken.add(number)
                other = right[number]
                total += SYNONYM_WEIGHT * (weights.get(word, rare) + weights.get(other, rare)) / 2
        return total

    def text_candidates(
        self, texts: Sequence[tuple[list[int], int]], tick: Callable[[float], None]
    ) -> list[tuple[list[int], list[int]]]:
        """Pairs of distinct texts that share a rare stem, each text given as its passages (all with that
        text, so with one bag) and the sources that hold them (bits): the pairs of ``candidates``, found
        once per pair of texts. A stem held by more than ``COMMON_SHARE`` of the passages proposes none."""
        limit = max(2, int(COMMON_SHARE * len(self.bags)))
        index: dict[str, list[int]] = {}
        for t, (members, _bits) in enumerate(texts):
            for word in self.bags[members[0]]:
                index.setdefault(word, []).append(t)
        pairs: set[tuple[int, int]] = set()
        for number, holders in enumerate(index.values()):
            if not number % 256:
                tick(number / max(1, len(index)))
            held = sum(len(texts[t][0]) for t in holders)
            if held < 2 or held > limit:
                continue
            # Texts of one source only, by their source, so that only pairs across sources are tried: one
            # long text beside a short one holds thousands of passages with a stem, which would otherwise
            # all be tried in pairs with each other (quadratic in the long text) to find the few across.
            alone: dict[int, list[int]] = {}
            several: list[int] = []
            for t in holders:
                bits = texts[t][1]
                if bits & (bits - 1):
                    several.append(t)
                else:
                    alone.setdefault(bits, []).append(t)
            if not several and len(alone) < 2:
                continue
            groups = list(alone.values())
            for x, own in enumerate(groups):
                for other in groups[x + 1 :]:
                    pairs.update((a, b) if a < b else (b, a) for a in own for b in other)
            for a in several:
                pairs.update((a, b) if a < b else (b, a) for b in holders if b != a)
        return [(texts[a][0], texts[b][0]) for a, b in sorted(pairs)]
