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
articles, the rules refused 3 right and 8 wrong of main's 144 links by meaning (fit_calibration.py).

Rules on the words only, no parser: spaCy's English pipelines are published on GitHub, not PyPI (the PyPI
names that hold one are re-uploads by third parties, of unknown provenance), and the failures seen on real
stories (days, ordinals, "not", opposite verbs, who said it) are found by the words themselves.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Literal, NamedTuple

from reader.core import lexicon
from reader.core.meaning import stem

ConflictKind = Literal["dateline", "day", "occurrence", "negation", "opposite", "speaker", "number"]
STRONG: frozenset[ConflictKind] = frozenset({"dateline", "negation", "opposite", "speaker"})
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


def _words_of(text: str) -> frozenset[str]:
    """The words of a list written as one string (shorter to read than one quoted word a line)."""
    return frozenset(text.split())


# Patterns see "’" as "'" (the text is read so): a character beyond Latin-1 in a character class makes a
# pattern five times slower to compile.
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*|\d+(?:st|nd|rd|th)\b|\$?\d+(?:[.,]\d+)*%?|[.;:!?]|,|—|–")
_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
_MONTHS = _words_of(
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec"
)
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
_ORDINAL_DIGITS = re.compile(r"(\d+)(?:st|nd|rd|th)")
# Negators of a predicate ("will not sign", "never abandoned", "refused to testify"). "No", "none" and
# "without" negate a noun, which a retelling often turns around ("no tumors were found" / "the tumors had
# gone"): they are not read.
_NEGATORS = frozenset({"not", "n't", "never", "cannot"})
_NEGATING_VERBS = _words_of(  # ... followed by "to"
    "refused refuses refuse refusing failed fails fail failing declined declines decline declining"
)
# Any of these makes a passage say something negative; two passages that both do are not told apart by
# their negations ("gave no details" / "declined to give details", "nobody wants war" / "we don't want
# war"; MSRP pairs of this kind were refused before this rule).
_NEGATIVE = (
    _NEGATORS
    | _NEGATING_VERBS
    | _words_of(
        "no nobody none nothing neither nor without nowhere dont didnt doesnt wont cant isnt wasnt arent "
        "werent hasnt havent hadnt couldnt wouldnt shouldnt"
    )
)
_CONTRACTED = re.compile(r"(?i)(\w)n't\b")  # "won't", "didn't": the verb, then "n't"
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
    for pair in _words_of(
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
_SAYING = _words_of(
    "said says say told tells testified wrote writes added asked replied answered argued claimed"
)
_SAID_AFTER = _words_of("said says added wrote")  # ... the name after: "..., said Musk."
_NAME_WORDS = 4  # a name is at most this many capitalised words
_APPOSITIVE = 12  # "Bill Frist, Republican of Tennessee, said": words between the two commas, at most
_NOT_SPEAKERS = (
    _words_of(
        "the a an he she they it we i you this that there his her their its who which mr mrs ms dr sen "
        "rep gov president officials official spokesman spokeswoman spokesperson but and or so then also "
        "as in on at when after before while yesterday today"
    )
    | _WEEKDAYS
)
_COMMON_WORD = 3.5  # a capitalised first word this common in English ("Prosecutors", "Officials") is no name
_NUMBER = re.compile(r"\$?(\d+(?:[.,]\d+)*)(%?)")
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


@functools.lru_cache(maxsize=1 << 14)  # the window aligns the same passages again as options change
def conflicts(a: str, b: str) -> tuple[Conflict, ...]:
    """What ``a`` and ``b`` say differently, each kind at most once, in the order of the module's list."""
    a, b = a.replace("’", "'"), b.replace("’", "'")
    words_a, words_b = _words(a), _words(b)
    found = [
        _datelines(a, b, words_a, words_b),
        _days(words_a, words_b),
        _occurrences(words_a, words_b),
        _negations(words_a, words_b),
        _opposites(words_a, words_b),
        _speakers(a, b),
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


@functools.lru_cache(maxsize=1 << 14)
def _words(text: str) -> tuple[str, ...]:
    """The words and stops of ``text`` in lower case, "won't" as "wo n't" (the verb, then the negator)."""
    return tuple(word.lower() for word in _written(text))


@functools.lru_cache(maxsize=1 << 12)
def _written(text: str) -> tuple[str, ...]:
    """``_words`` as written."""
    text = _CONTRACTED.sub(lambda m: m.group(1) + " n't", text.replace("’", "'"))
    return tuple(_WORD.findall(text.replace("n't", " n't")))


def _days(a: tuple[str, ...], b: tuple[str, ...]) -> Conflict | None:
    calendar = _WEEKDAYS | _MONTHS
    if calendar.isdisjoint(a) or calendar.isdisjoint(b):
        return None  # most pairs: no day on one side
    a, b = _about_the_other(a, b), _about_the_other(b, a)
    days_a, days_b = _WEEKDAYS.intersection(a), _WEEKDAYS.intersection(b)
    if days_a and days_b and not days_a & days_b:
        return Conflict("day", _shown(days_a), _shown(days_b))
    dates_a, dates_b = _dates(a), _dates(b)
    if dates_a and dates_b and not dates_a.keys() & dates_b.keys():
        return Conflict("day", ", ".join(sorted(dates_a.values())), ", ".join(sorted(dates_b.values())))
    return None


_PUBLISHING = _words_of(
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
        if word in _MONTHS or word in _WEEKDAYS or word[0].isdigit():
            dated = True
        elif word[0].isalpha() and word not in _PUBLISHING:
            return False
    return dated


_CLAUSE_ENDS = frozenset({",", ";", ":", ".", "!", "?", "—", "–"})


def _about_the_other(words: tuple[str, ...], other: tuple[str, ...]) -> tuple[str, ...]:
    """The words of the clauses of ``words`` that share a content word with ``other``: a day named in a
    clause about something else ("..., and a storm hit the coast on Tuesday") is not the day of the fact
    the two passages share."""
    theirs = set(_stems(other)) - _WEEKDAYS - _MONTHS
    kept: list[str] = []
    clause: list[str] = []
    for word in (*words, "."):
        if word not in _CLAUSE_ENDS or (word == "." and clause and clause[-1] in _MONTHS):  # "Sept."
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
        if word in _MONTHS and after.isdigit() and 1 <= int(after) <= 31
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
    """Both give their words to a name, and neither names the other's speaker anywhere ("Halla said" /
    "Brian Halla, CEO of NatSemi, claimed" name one speaker); or one to a side of a case and the other to
    the other side ("the plaintiffs argued" / "the company's lawyers said")."""
    if not _attributes(a) or not _attributes(b):
        return None  # most pairs: one side says nothing of who says it
    sides_a, sides_b = _sides(a), _sides(b)
    if len(sides_a) == len(sides_b) == 1 and set(sides_a) != set(sides_b):
        return Conflict("speaker", next(iter(sides_a.values())), next(iter(sides_b.values())))
    speakers_a, speakers_b = _speaker_names(a), _speaker_names(b)
    if not speakers_a or not speakers_b:
        return None
    if _named_in(speakers_a, b) or _named_in(speakers_b, a):
        return None
    return Conflict("speaker", ", ".join(sorted(speakers_a)), ", ".join(sorted(speakers_b)))


_ATTRIBUTING = _words_of(
    "said says say told tells testified wrote writes added asked replied answered argued argue argues "
    "claimed claims claim contended contends alleged alleges according"
)


def _attributes(text: str) -> bool:
    """Could ``text`` give its words to someone (a verb of saying, "according", a transcript line)?"""
    return ":" in text or not _ATTRIBUTING.isdisjoint(_words(text))


def _named_in(speakers: frozenset[str], text: str) -> bool:
    """Does ``text`` name one of ``speakers``: a word of the name, spelled alike ("Sundwell" /
    "Sundwall"), or the initials of its capitalised words ("SEC", "Securities and Exchange Commission")?"""
    words = {word.removesuffix("'s") for word in _words(text)}  # "McKnight's lawyers" names McKnight
    capitals = [word.removesuffix("'s") for word in _written(text) if word[0].isupper()]
    initials = "".join(word[0] for word in capitals)
    for name in speakers:
        for word in name.split():
            lower = word.lower()
            if lower in words:
                return True
            if len(word) >= 2 and word.isupper() and word.isalpha() and word in initials:
                return True
            if len(word) >= _SPELT_ALIKE and any(_one_edit_apart(lower, other.lower()) for other in capitals):
                return True
    return False


_SPELT_ALIKE = 5  # names this long one letter apart are one name spelt two ways ("Sundwell" / "Sundwall")


def _one_edit_apart(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` one letter replaced, added or left out, or two next letters swapped, apart
    ("Sundwell" / "Sundwall", "Kinsley" / "Kinsely")?"""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    at = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    if len(a) == len(b) and a[at + 2 :] == b[at + 2 :] and a[at : at + 2] == b[at : at + 2][::-1]:
        return True
    return a[at + (len(a) == len(b)) :] == b[at + 1 :]


_PLAINTIFF = _words_of(
    "plaintiff plaintiffs prosecutor prosecutors prosecution lawsuit suit complaint accusers"
)
_DEFENCE = _words_of("defendant defendants defense defence")
_LAWYERS = _words_of("lawyer lawyers attorney attorneys counsel")
_CLAIMED = _words_of(
    "said says say argued argue argues claimed claims claim contended contends alleged alleges told"
)


def _sides(text: str) -> dict[str, str]:
    """The sides of a case a passage gives its words to: "plaintiff" or "defence" -> the words as written
    ("the plaintiffs argued", "according to the lawsuit"; "the defense said", "defense lawyers told",
    "lawyers for OpenAI said", "OpenAI's lawyers said")."""
    words, written = _words(text), _written(text)
    found: dict[str, str] = {}
    for at, word in enumerate(words):
        before, after = words[at - 2 : at], words[at + 1 : at + 2]
        said = bool(after) and after[0] in _CLAIMED
        according = before == ("according", "to") or (
            at >= 3 and words[at - 3 : at] == ("according", "to", "the")
        )
        if word in _PLAINTIFF and (said or according):
            found.setdefault("plaintiff", written[at])
        elif word in _DEFENCE and (said or according):
            found.setdefault("defence", written[at])
        elif word in _LAWYERS and (said or according):
            if at and (words[at - 1] in _DEFENCE or words[at - 1].endswith("'s")):
                found.setdefault("defence", " ".join(written[at - 1 : at + 1]))
        elif (
            word in _CLAIMED
            and at >= 4
            and words[at - 4] in _LAWYERS
            and words[at - 3 : at - 1] == ("for", "the")
        ):
            found.setdefault("defence", " ".join(written[at - 4 : at]))  # "lawyers for the company said"
    return found


@functools.lru_cache(maxsize=1 << 14)
def _speaker_names(text: str) -> frozenset[str]:
    """The names a passage gives its words to ("Musk said", "Elon Musk, 54, said", "said Musk.",
    "according to Musk", a transcript line "Musk: ..."), titles and common words left out; empty when it
    gives them to no name ("he said", "officials said"). Read from the words, not with patterns: this runs
    on every link by meaning, and patterns of names take longer to compile than the check takes."""
    written, words = _written(text), _words(text)
    zipf = lexicon.english_zipf()
    found: set[str] = set()

    def add(start: int, end: int) -> None:
        name = [w for w in written[start:end] if w[0].isupper() and w.lower() not in _NOT_SPEAKERS]
        if start == 0:  # the first words of a passage: a capital says nothing of a name
            name = [w for w in name if zipf.get(w.lower(), 0.0) < _COMMON_WORD]
        if name:
            found.add(" ".join(name))

    def run_before(end: int) -> int:
        start = end
        while start > 0 and end - start < _NAME_WORDS and _name_word(written, start - 1):
            start -= 1
        return start

    def run_after(start: int) -> int:
        end = start
        while end < len(written) and end - start < _NAME_WORDS and _name_word(written, end):
            end += 1
        return end

    for at, word in enumerate(words):
        if word in _SAYING and at:
            end = at
            if written[end - 1] == ",":  # an appositive: "Elon Musk, 54, said"
                end = next(
                    (k for k in range(at - 2, max(-1, at - 2 - _APPOSITIVE), -1) if written[k] == ","), -1
                )
            if end > 0:
                add(run_before(end), end)
        if word in _SAID_AFTER:
            end = run_after(at + 1)
            if end > at + 1 and (end == len(written) or written[end] in _CLAUSE_ENDS):
                add(at + 1, end)
        if word == "according" and words[at + 1 : at + 2] == ("to",):
            start = at + 3 if words[at + 2 : at + 3] == ("the",) else at + 2
            add(start, run_after(start))
    end = run_after(0)
    if 0 < end < len(written) and written[end] == ":":
        add(0, end)
    return frozenset(found)


def _name_word(written: tuple[str, ...], at: int) -> bool:
    """Is the word at ``at`` part of a name: capitalised, or the stop of an abbreviated title before one
    ("Sgt. Marty Earley", "Dr.")?"""
    word = written[at]
    if word[0].isupper():
        return True
    return word == "." and at > 0 and written[at - 1][0].isupper() and len(written[at - 1]) <= 4


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
            if not unit or unit in _MONTHS:
                continue
        found.setdefault(unit, {})[value] = " ".join(written)
    return found
