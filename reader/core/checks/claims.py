"""Do two passages that share their names and topic words make the same claim? What says they do not.

Two outlets on one story write about the same people and things in most sentences; sharing them is not
saying the same. A link by meaning (``meaning``) is checked here first, for what changes a claim while
keeping its words:

- **another day**: both name a weekday (or a month and day) and none in common ("stood firm Friday" /
  "dug in Wednesday");
- **another occurrence**: an ordinal before the same noun differs ("the second White House meeting" /
  "the first meeting in 22 days");
- **negation on one side only**: a word both passages use is negated in one ("will sign the order" /
  "will not sign the order"; "not", "never", "refused to", "failed to" before the verb);
- **opposites**: one passage has a word, the other its opposite, and neither has both ("blocks" /
  "allows", "admitted" / "denied"; a short list of news verbs and adjectives, and the antonyms WordNet
  makes with a negating prefix that news claims turn on, "constitutional" / "unconstitutional");
- **another speaker**: both attribute their words ("X said", "according to X", a transcript line "X: ...")
  and neither names the other's speaker ("Savitt said" / "Musk said"), or they give them to the two
  sides of a case ("the plaintiffs argued" / "the company's lawyers said");
- **another number** for the same thing: "22 days" / "30 days" (a differing detail when the rest agrees;
  "$1 million" / "$500,000" is one ad buy reported two ways).

A date line ("Posted: May 24, 2005") makes no claim: a link with one is refused. Negation, opposites and
speakers change the claim: a link with one of them is refused (``Verdict.veto``).
A day or an occurrence refuses it too unless the meaning score shows the rest agrees strongly
(``AGREES_STRONGLY``); it is then kept, and its calibrated confidence (``calibration``) makes it possibly
the same. A number only lowers that confidence. On the judged links of the tuning half of real same-story
articles, the rules refused 2 right and 11 wrong of the 144 links by meaning the version before them
made (fit_calibration.py; 8 of the 11 were date lines).

Rules on the words only, no parser: spaCy's English pipelines are published on GitHub, not PyPI (the PyPI
names that hold one are re-uploads by third parties, of unknown provenance), and the failures seen on real
stories (days, ordinals, "not", opposite verbs, who said it) are found by the words themselves.
"""

from __future__ import annotations

import functools
import itertools
from typing import Literal, NamedTuple

from reader.core.checks.claim_words import CLAUSE_ENDS, WEEKDAYS, read, words_of
from reader.core.checks.meaning import stem
from reader.core.checks.speakers import actor_conflict, speaker_conflict
from reader.core.text import lexicon
from reader.core.text.patterns import compiled
from reader.core.text.rules import MONTHS

ConflictKind = Literal["dateline", "day", "occurrence", "negation", "opposite", "speaker", "actor", "number"]
STRONG: frozenset[ConflictKind] = frozenset({"dateline", "negation", "opposite", "speaker", "actor"})
"""Kinds that refuse a link whatever else agrees: the claim is another one."""


class Conflict(NamedTuple):
    """One thing two passages say differently: its kind, and how each writes it."""

    kind: ConflictKind
    a: str
    b: str

    @property
    def reason(self) -> str:
        """How the details panel says it: "differs: Friday / Wednesday"."""
        return f"differs: {self.a} / {self.b}"


_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "last": -1,
    "final": -1,
    "latest": -1,
}
_ORDINAL_DIGITS = compiled(r"(\d+)(?:st|nd|rd|th)")
# Negators of a predicate ("will not sign", "never abandoned", "refused to testify"). "No", "none" and
# "without" negate a noun, which a retelling often turns around ("no tumors were found" / "the tumors had
# gone"): they are not read.
_NEGATORS = frozenset({"not", "n't", "never", "cannot"})
_NEGATING_VERBS = words_of(  # ... followed by "to"
    "refused refuses refuse refusing failed fails fail failing declined declines decline declining"
)
# Any of these makes a passage say something negative; two passages that both do are not told apart by
# their negations ("gave no details" / "declined to give details", "nobody wants war" / "we don't want
# war"; MSRP pairs of this kind were refused before this rule).
_NEGATIVE = (
    _NEGATORS
    | _NEGATING_VERBS
    | words_of(
        "no nobody none nothing neither nor without nowhere dont didnt doesnt wont cant isnt wasnt arent "
        "werent hasnt havent hadnt couldnt wouldnt shouldnt"
    )
)
_SCOPE = 1  # a negator reaches this many content words ahead: the verb ("did not sign", "not have known")
_SCOPE_ENDS = frozenset(
    {",", ";", ":", ".", "!", "?", "—", "–", "but", "while", "although", "though", "and", "or", "than"}
)
# News verbs and adjectives whose opposite a retelling would not use for the same claim, and the words a
# negating prefix turns into their opposites (WordNet's antonyms of that kind, those news claims turn on:
# "approved" / "disapproved", "constitutional" / "unconstitutional"). Common words with other uses, "up" /
# "down", "before" / "after", "open" / "close", are left out: they make more false alarms than they find.
_OPPOSITES = tuple(
    tuple(pair.split("/"))
    for pair in words_of(
        "admit/deny confirm/deny accept/reject approve/reject approve/veto allow/block allow/ban "
        "allow/forbid allow/prohibit permit/block permit/ban win/lose increase/decrease increase/cut "
        "raise/cut raise/lower rise/fall higher/lower support/oppose favor/oppose guilty/innocent "
        "convict/acquit agree/disagree legal/illegal sign/veto uphold/overturn plaintiff/defendant "
        "hire/fire allow/disallow approve/disapprove block/unblock constitutional/unconstitutional "
        "lawful/unlawful confirmed/unconfirmed able/unable likely/unlikely known/unknown aware/unaware "
        "armed/unarmed authorized/unauthorized willing/unwilling successful/unsuccessful "
        "possible/impossible proper/improper eligible/ineligible accurate/inaccurate correct/incorrect "
        "consistent/inconsistent appropriate/inappropriate effective/ineffective employed/unemployed "
        "popular/unpopular fair/unfair certain/uncertain responsible/irresponsible"
    )
)
_NUMBER = compiled(r"\$?(\d+(?:[.,]\d+)*)(%?)")
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


@functools.lru_cache(maxsize=1 << 14)  # the window aligns the same passages again as options change
def conflicts(a: str, b: str) -> tuple[Conflict, ...]:
    """What ``a`` and ``b`` say differently, each kind at most once, in the order of the module's list."""
    a, b = a.replace("’", "'"), b.replace("’", "'")
    words_a, words_b = read(a), read(b)
    found = [
        _datelines(a, b, words_a, words_b),
        _days(words_a, words_b),
        _occurrences(words_a, words_b),
        _negations(words_a, words_b),
        _opposites(words_a, words_b),
        _speakers(a, b),
        _actors(a, b),
        _numbers(words_a, words_b),
    ]
    return tuple(conflict for conflict in found if conflict is not None)


class Verdict(NamedTuple):
    """What the claims of two passages say about a link between them."""

    conflicts: tuple[Conflict, ...]
    veto: bool  # the link is refused

    @property
    def reason(self) -> str:
        return "; ".join(conflict.reason for conflict in self.conflicts)

    @property
    def doubtful(self) -> bool:
        """A day or an occurrence differs (kept only because the rest agrees strongly)."""
        return any(c.kind in ("day", "occurrence") for c in self.conflicts)

    @property
    def numbers(self) -> bool:
        return any(c.kind == "number" for c in self.conflicts)


AGREES_STRONGLY = 0.7
"""A meaning score from which the rest of two passages agrees strongly enough to keep a link whose day or
occurrence differs (as possibly the same). Below it, such a difference refuses the link."""

_AGREE = Verdict((), False)


def judge(a: str, b: str, score: float) -> Verdict:
    """The verdict on a link by meaning (``score``, ``meaning.MeaningScorer``) between ``a`` and ``b``."""
    found = conflicts(a, b)
    if not found:
        return _AGREE
    kinds = {conflict.kind for conflict in found}
    if kinds & STRONG:
        return Verdict(found, True)
    timing = kinds & {"day", "occurrence"}
    return Verdict(found, bool(timing) and (len(timing) > 1 or score < AGREES_STRONGLY))


# -- the rules -----------------------------------------------------------------------------------------


def _days(a: tuple[str, ...], b: tuple[str, ...]) -> Conflict | None:
    calendar = WEEKDAYS | MONTHS
    if calendar.isdisjoint(a) or calendar.isdisjoint(b):
        return None  # most pairs: no day on one side
    a, b = _about_the_other(a, b), _about_the_other(b, a)
    days_a, days_b = WEEKDAYS.intersection(a), WEEKDAYS.intersection(b)
    if days_a and days_b and not days_a & days_b:
        return Conflict("day", _shown(days_a), _shown(days_b))
    dates_a, dates_b = _dates(a), _dates(b)
    if dates_a and dates_b and not dates_a.keys() & dates_b.keys():
        return Conflict("day", ", ".join(sorted(dates_a.values())), ", ".join(sorted(dates_b.values())))
    return None


_PUBLISHING = words_of(
    "posted published updated last modified release released date time am pm a p m est edt gmt utc pst pdt "
    "cst cdt bst cet on at by"
)


def _datelines(a: str, b: str, words_a: tuple[str, ...], words_b: tuple[str, ...]) -> Conflict | None:
    """A date line ("Posted: May 24, 2005", "Thu Nov 10, 2011 3:00pm EST") reports no fact: linked to
    anything, even the same date, it is a wrong link (every such link judged on the tuning half was)."""
    if _only_a_date(words_a) or _only_a_date(words_b):
        return Conflict("dateline", " ".join(a.split()[:8]), " ".join(b.split()[:8]))
    return None


def _only_a_date(words: tuple[str, ...]) -> bool:
    dated = False
    for word in words:
        if word in MONTHS or word in WEEKDAYS or word[0].isdigit():
            dated = True
        elif word[0].isalpha() and word not in _PUBLISHING:
            return False
    return dated


def _about_the_other(words: tuple[str, ...], other: tuple[str, ...]) -> tuple[str, ...]:
    """The words of the clauses of ``words`` that share a content word with ``other``: a day named in a
    clause about something else ("..., and a storm hit the coast on Tuesday") is not the day of the fact
    the two passages share."""
    theirs = set(_stems(other)) - WEEKDAYS - MONTHS
    kept: list[str] = []
    clause: list[str] = []
    for word in (*words, "."):
        if word not in CLAUSE_ENDS or (word == "." and clause and clause[-1] in MONTHS):  # "Sept."
            clause.append(word)
            continue
        if any(w[0].isalpha() and w not in lexicon.STOPWORDS and _stem(w) in theirs for w in clause):
            kept += (*clause, word)
        clause = []
    return tuple(kept)


def _dates(words: tuple[str, ...]) -> dict[str, str]:
    """A month followed by a day of the month: "may 4", "sep 11" -> "May 4", "Sept 11" (as written)."""
    words = tuple(word for word in words if word != ".")  # "Sept. 11"
    return {
        f"{word[:3]} {after}": f"{word.capitalize()} {after}"
        for word, after in itertools.pairwise(words)
        if word in MONTHS and after.isdigit() and 1 <= int(after) <= 31
    }


def _shown(found: frozenset[str]) -> str:
    return ", ".join(sorted(word.capitalize() for word in found))


_HEAD_WORDS = 3  # an ordinal qualifies the next this many content words ("second White House meeting")


def _occurrences(a: tuple[str, ...], b: tuple[str, ...]) -> Conflict | None:
    if not _has_ordinal(a) or not _has_ordinal(b):
        return None
    heads_a, heads_b = _ordinal_heads(a), _ordinal_heads(b)
    for head, (number_a, word_a, written_a) in heads_a.items():
        other = heads_b.get(head)
        if other is not None and other[0] != number_a:
            return Conflict("occurrence", f"{word_a} {written_a}", f"{other[1]} {other[2]}")
    return None


def _has_ordinal(words: tuple[str, ...]) -> bool:
    return not _ORDINALS.keys().isdisjoint(words) or any(
        word[0].isdigit() and _ORDINAL_DIGITS.fullmatch(word) for word in words
    )


@functools.lru_cache(maxsize=1 << 12)
def _ordinal_heads(words: tuple[str, ...]) -> dict[str, tuple[int, str, str]]:
    """Stem of a word an ordinal qualifies -> (the ordinal's number, the ordinal and the word as written)."""
    heads: dict[str, tuple[int, str, str]] = {}
    for at, word in enumerate(words):
        number = _ORDINALS.get(word)
        if number is None:
            digits = _ORDINAL_DIGITS.fullmatch(word)
            if digits is None:
                continue
            number = int(digits.group(1))
        taken = 0
        for after in words[at + 1 : at + 1 + 2 * _HEAD_WORDS]:
            if after in _SCOPE_ENDS or after in ("of", "in", "to", "since", "for") or taken == _HEAD_WORDS:
                break
            if after in lexicon.STOPWORDS or after in _ORDINALS:
                continue
            heads.setdefault(stem(after), (number, word, after))
            taken += 1
    return heads


def _negations(a: tuple[str, ...], b: tuple[str, ...]) -> Conflict | None:
    negative_a, negative_b = not _NEGATIVE.isdisjoint(a), not _NEGATIVE.isdisjoint(b)
    if negative_a == negative_b:
        return None  # neither, or both, say something negative: their negations are not compared
    negated_a, plain_a = _negated(a)
    negated_b, plain_b = _negated(b)
    # A word negated on one side only, and said plainly on the other: "will sign" / "will not sign"; not a
    # word the negating side says plainly too ("we don't know everything, but what we know ...").
    for negated, own, plain, first in (
        (negated_a, plain_a, plain_b, True),
        (negated_b, plain_b, plain_a, False),
    ):
        for word, shown in negated.items():
            if word in plain and word not in own:
                return Conflict("negation", *((shown, plain[word]) if first else (plain[word], shown)))
    return None


@functools.lru_cache(maxsize=1 << 12)
def _negated(words: tuple[str, ...]) -> tuple[dict[str, str], dict[str, str]]:
    """(stem of a content word in a negator's reach -> the negator and the word as written, stem of any
    other content word -> the word as written)."""
    negated: dict[str, str] = {}
    plain: dict[str, str] = {}
    reach, cue = 0, ""
    for at, word in enumerate(words):
        if word in _NEGATORS or (word in _NEGATING_VERBS and words[at + 1 : at + 2] == ("to",)):
            reach, cue = _SCOPE, word
            continue
        if word in _SCOPE_ENDS:
            reach = 0
            continue
        if not word[0].isalpha() or word in lexicon.STOPWORDS:
            continue  # "did not have", "not the": the negated word is further on
        if reach:
            negated.setdefault(_stem(word), f"{cue} {word}")
            reach -= 1
        else:
            plain.setdefault(_stem(word), word)
    return negated, plain


_IRREGULAR = {  # past forms the stemmer leaves apart from their verb ("knew" / "known" / "know")
    form: verb
    for verb, forms in {
        "know": "knew known",
        "win": "won",
        "lose": "lost",
        "tell": "told",
        "find": "found",
        "begin": "began begun",
        "give": "gave given",
        "hold": "held",
        "leave": "left",
        "meet": "met",
        "pay": "paid",
        "sell": "sold",
        "buy": "bought",
        "bring": "brought",
        "think": "thought",
        "write": "wrote written",
        "run": "ran",
        "see": "saw seen",
        "speak": "spoke spoken",
        "choose": "chose chosen",
        "break": "broke broken",
        "keep": "kept",
        "stand": "stood",
        "fall": "fell fallen",
        "rise": "rose risen",
        "take": "took taken",
        "make": "made",
        "go": "went gone",
        "come": "came",
        "send": "sent",
        "spend": "spent",
        "build": "built",
        "lead": "led",
        "feel": "felt",
        "hear": "heard",
        "mean": "meant",
    }.items()
    for form in forms.split()
}


def _stem(word: str) -> str:
    return stem(_IRREGULAR.get(word, word))


@functools.cache
def _listed_opposites() -> dict[str, frozenset[str]]:
    """Stem -> the stems of its opposites in the list above."""
    table: dict[str, set[str]] = {}
    for x, y in _OPPOSITES:
        table.setdefault(_stem(x), set()).add(_stem(y))
        table.setdefault(_stem(y), set()).add(_stem(x))
    return {word: frozenset(others) for word, others in table.items()}


def _opposites_of(word: str) -> frozenset[str]:
    """The stems of the opposites of the stem ``word``."""
    return _listed_opposites().get(word, frozenset())


@functools.lru_cache(maxsize=1 << 14)
def _stems(words: tuple[str, ...]) -> dict[str, str]:
    """Stem -> the word as written first, for the content words of ``words``."""
    found: dict[str, str] = {}
    for word in words:
        if word[0].isalpha() and word not in lexicon.STOPWORDS:
            found.setdefault(_stem(word), word)
    return found


def _opposites(a: tuple[str, ...], b: tuple[str, ...]) -> Conflict | None:
    stems_a = _stems(a)
    if _listed_opposites().keys().isdisjoint(stems_a):
        return None  # most passages: no word that has an opposite
    stems_b = _stems(b)
    for word, written in stems_a.items():
        if word in stems_b:
            continue
        for other in sorted(_opposites_of(word)):
            if other in stems_b and other not in stems_a:
                return Conflict("opposite", written, stems_b[other])
    return None


def _speakers(a: str, b: str) -> Conflict | None:
    found = speaker_conflict(a, b)
    return None if found is None else Conflict("speaker", *found)


def _actors(a: str, b: str) -> Conflict | None:
    found = actor_conflict(a, b)
    return None if found is None else Conflict("actor", *found)


def _numbers(a: tuple[str, ...], b: tuple[str, ...]) -> Conflict | None:
    """A number before the same word on both sides, with no value in common there ("22 days" / "30
    days"); a number is read with its scale ("1.5 million", "$500,000")."""
    if not any(word[0].isdigit() or word[0] == "$" for word in a):
        return None
    counted_a, counted_b = _counted(a), _counted(b)
    for unit, values in counted_a.items():
        other = counted_b.get(unit)
        if other is not None and not set(values) & set(other):
            return Conflict("number", next(iter(values.values())), next(iter(other.values())))
    return None


@functools.lru_cache(maxsize=1 << 12)
def _counted(words: tuple[str, ...]) -> dict[str, dict[float, str]]:
    """Stem of the word a number counts -> {value: the number as written}."""
    found: dict[str, dict[float, str]] = {}
    for at, word in enumerate(words):
        match = _NUMBER.fullmatch(word)
        if match is None:
            continue
        try:
            value = float(match.group(1).replace(",", ""))
        except ValueError:
            continue
        written = [word]
        rest = words[at + 1 : at + 4]
        if rest and rest[0] in _SCALE:
            value *= _SCALE[rest[0]]
            written.append(rest[0])
            rest = rest[1:]
        if match.group(2) or word.startswith("$"):
            unit = "%" if match.group(2) else "$"
        else:
            unit = next((stem(w) for w in rest if w[0].isalpha() and w not in lexicon.STOPWORDS), "")
            if not unit or unit in MONTHS:
                continue
        found.setdefault(unit, {})[value] = " ".join(written)
    return found
