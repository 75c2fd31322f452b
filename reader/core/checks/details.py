"""Conflicting details: numbers, dates, amounts, names and quoted words that differ between linked passages.

A fact-checker's first question about two accounts of one event is where their details disagree: "May 4"
against "May 9", "$62.6 million" against "$62 million", "partly" against "generally". The word diff of a
member against its comparand says which words changed; a changed detail is a discrepancy when the other
passage has a detail of the same kind at the same place in the diff, and neither detail appears anywhere in
the other passage. So "Elon Musk" against "Musk", "6.6 percent" against "6.6%", or "eight" against "8" are not
discrepancies: they are the same detail written differently.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from difflib import SequenceMatcher
from typing import Literal, NamedTuple, Protocol

from reader.core.checks.amounts import NUMBER_WORDS, Amount, agree, amounts, counterparts
from reader.core.checks.detail_names import Name, capitalised_inside, differing, names, present
from reader.core.checks.discrepancy import Discrepancy
from reader.core.text.diffing import Edit
from reader.core.text.patterns import compiled
from reader.core.text.rules import MONTHS, WEEKDAYS

DetailKind = Literal["number", "date", "name", "quote"]

_NUMBER_WORDS = {word: str(value) for word, value in NUMBER_WORDS.items()}
_Letters = dict[str, "_Letters"]  # a tree of words by their letters; "" marks a word's end


def _trie(words: Iterable[str]) -> str:
    """An alternation of ``words`` as a tree of their letters ("one|oct" is "o(?:ne|ct)"): the same words
    (tested against the plain alternation), and a regular expression that reads each letter once instead of
    trying forty words at every word boundary, 2.5 times as fast on the windows ``_details_near`` reads."""
    tree: _Letters = {}
    for word in words:
        node = tree
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = {}

    def pattern(node: _Letters) -> str:
        branches = [re.escape(letter) + pattern(child) for letter, child in sorted(node.items()) if letter]
        if "" in node:
            branches.append("")  # a word ends here: after the longer words that go on (either order matches)
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return pattern(tree)


_MONTH = _trie(MONTHS)  # the tree sorts the letters: the same expression whatever the order of the words
_WEEKDAY = _trie(WEEKDAYS)
_DATE = compiled(
    rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:(?:,\s*|\s+)(?P<year>\d{{4}}))?"
    rf"|\b(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH})\b"
    rf"|\b(?P<weekday>{_WEEKDAY})\b",
    re.IGNORECASE,
)
_NUMBER = compiled(
    r"(?P<currency>[$€£¥])?\s?(?P<value>\d+(?:[.,]\d+)*|\b" + _trie(_NUMBER_WORDS) + r"\b)"
    r"(?:\s?(?P<unit>%|percent\b|per\s?cent\b|million\b|billion\b|trillion\b|thousand\b|bn\b|m\b|k\b))?",
    re.IGNORECASE,
)
_DIGIT = compiled(r"\d")
_QUOTE_MARK = compiled(r"[\"“”]")
_QUOTE = compiled(r"[\"“”]([^\"“”]{1,40})[\"“”]")
_QUOTED = compiled(r"[\"“]([^\"“”]{2,800})[\"”]")  # a quotation, however long, to compare word by word
_UNITS = {"percent": "%", "per cent": "%", "bn": "billion", "m": "million", "k": "thousand"}
_QUOTE_WORD = compiled(r"\w+(?:['’]\w+)*")


class Detail(NamedTuple):
    kind: DetailKind
    value: str  # normalized: equal values are the same detail
    start: int  # offsets into the passage text
    end: int


def details(text: str, outlets: Collection[str] = (), also_capitalised: Collection[str] = ()) -> list[Detail]:
    """The details of ``text`` in order: dates first (their numbers are not numbers of their own); a name is
    a run of name words (``detail_names.names``), its value its normalized words."""
    found = _unnamed(text)
    taken = [(d.start, d.end) for d in found if d.kind != "quote"]
    for name in names(text, outlets, also_capitalised):
        if not any(a <= name.start < b for a, b in taken):
            found.append(Detail("name", name.value, name.start, name.end))
    return sorted(found, key=lambda d: d.start)


def _unnamed(text: str) -> list[Detail]:
    """The dates, numbers and short quotations of ``text`` in order."""
    found: list[Detail] = []
    taken: list[tuple[int, int]] = []
    # The patterns are slow to try at every position: each runs only where it could match.
    lower = text.lower()
    digits = _DIGIT.search(text) is not None
    words = text.split()
    spelled = not digits and not _NUMBER_WORDS.keys().isdisjoint(
        w.strip('.,;:!?"“”()').lower() for w in words
    )
    for match in _DATE.finditer(text) if digits or "day" in lower else ():
        month = (match.group("month") or match.group("month2") or "").lower()[:3]
        day = match.group("day") or match.group("day2") or ""
        value = f"{month} {int(day)}" if day else (match.group("weekday") or "").lower()
        found.append(Detail("date", value, match.start(), match.end()))
        taken.append((match.start(), match.end()))
    for match in _NUMBER.finditer(text) if digits or spelled else ():
        start = match.start("currency") if match.group("currency") else match.start("value")
        if any(a <= start < b for a, b in taken):
            continue
        raw = match.group("value").lower()
        value = _NUMBER_WORDS.get(raw, raw.replace(",", ""))
        unit = re.sub(r"\s+", " ", (match.group("unit") or "").lower())
        unit = _UNITS.get(unit, unit)
        found.append(Detail("number", f"{match.group('currency') or ''}{value}{unit}", start, match.end()))
        taken.append((start, match.end()))
    for match in _QUOTE.finditer(text) if _QUOTE_MARK.search(text) else ():
        found.append(Detail("quote", " ".join(match.group(1).lower().split()), match.start(), match.end()))
    return sorted(found, key=lambda d: d.start)


WORDED = 0.5
"""The share of a passage's characters that a word diff must find equal for its changed places to say which
detail stands against which; below it (links by meaning) numbers and dates are paired by their role."""


def find_discrepancies(
    a_text: str,
    a_offset: int,
    b_text: str,
    b_offset: int,
    edits: Sequence[Edit],
    kinds: Sequence[DetailKind] = ("date", "number", "name", "quote"),
    outlets: Collection[str] = (),
) -> tuple[Discrepancy, ...]:
    """The details that differ between passage a (the comparand, at ``a_offset`` in its source) and passage
    b; ``edits`` is the word diff from a to b, with source offsets; ``outlets`` are the compared sources'
    outlets (a name that is one is compared only with another outlet).

    Where the word diff finds most of the words equal, a detail is compared with the detail at the same
    changed place; numbers are also paired by what they count, and quotations present in both by their
    words, so that a link by meaning, where the diff says little, has its numbers, dates and quoted words
    compared too."""
    if not kinds or _stamp(a_text) or _stamp(b_text):
        return ()  # two outlets' datelines say when each wrote, not a detail of the story
    pair = _Pair(a_text, a_offset, b_text, b_offset, outlets)
    found: list[Discrepancy] = []
    worded = _equal_share(edits, len(a_text), len(b_text)) >= WORDED
    if worded:
        found += pair.changed(_replacements(edits), kinds)
    if "number" in kinds:
        found += pair.numbers()
    if "date" in kinds and not worded:
        found += pair.dates()
    if "quote" in kinds:
        found += pair.quotations()
    kept: list[Discrepancy] = []
    for d in found:  # one discrepancy per detail: the first way that found it
        if not any(_overlap(d, k) for k in kept):
            kept.append(d)
    return tuple(sorted(kept, key=lambda d: (d.a_start, d.b_start)))


def _overlap(one: Discrepancy, other: Discrepancy) -> bool:
    return (one.a_start < other.a_end and other.a_start < one.a_end) or (
        one.b_start < other.b_end and other.b_start < one.b_end
    )


def _equal_share(edits: Sequence[Edit], a_length: int, b_length: int) -> float:
    equal = sum(e.b_end - e.b_start for e in edits if e.op == "equal")
    return equal / max(1, a_length, b_length)


class _Side:
    """One passage and its details, each list made when first needed."""

    def __init__(self, text: str, offset: int, outlets: Collection[str], other_text: str) -> None:
        self.text, self.offset, self.outlets, self.other_text = text, offset, outlets, other_text
        self._details: list[Detail] | None = None
        self._names: list[Name] | None = None
        self._amounts: list[Amount] | None = None

    @property
    def details(self) -> list[Detail]:
        if self._details is None:
            self._details = _unnamed(self.text)
        return self._details

    @property
    def names(self) -> list[Name]:
        if self._names is None:  # a sentence's first word is a name if the other writes it inside one
            self._names = names(self.text, self.outlets, capitalised_inside(self.other_text))
        return self._names

    @property
    def amounts(self) -> list[Amount]:
        if self._amounts is None:
            if _DIGIT.search(self.text) or not _NUMBER_WORDS.keys().isdisjoint(_words(self.text)):
                dates = [(d.start, d.end) for d in self.details if d.kind == "date"]
                self._amounts = amounts(self.text, dates)
            else:
                self._amounts = []
        return self._amounts

    def values(self, kind: DetailKind) -> set[str]:
        return {d.value for d in self.details if d.kind == kind}


def _words(text: str) -> set[str]:
    return {w.strip('.,;:!?"“”()').lower() for w in text.split()}


class _Pair:
    def __init__(self, a_text: str, a_offset: int, b_text: str, b_offset: int, outlets: Collection[str]):
        self.a = _Side(a_text, a_offset, outlets, b_text)
        self.b = _Side(b_text, b_offset, outlets, a_text)

    def discrepancy(self, kind: DetailKind, a_span: tuple[int, int], b_span: tuple[int, int]) -> Discrepancy:
        (a0, a1), (b0, b1) = a_span, b_span
        a, b = self.a, self.b
        return Discrepancy(
            kind, a.offset + a0, a.offset + a1, b.offset + b0, b.offset + b1, a.text[a0:a1], b.text[b0:b1]
        )

    def changed(
        self, regions: Iterable[tuple[int, int, int, int]], kinds: Sequence[DetailKind]
    ) -> list[Discrepancy]:
        """The details at the same changed places of the word diff that differ."""
        a, b = self.a, self.b
        found: list[Discrepancy] = []
        for a0, a1, b0, b1 in regions:
            # Most changes touch no detail at all: only a change near something a detail is made of counts.
            if not _maybe(a.text, a.offset, a0, a1) or not _maybe(b.text, b.offset, b0, b1):
                continue
            for kind in kinds:
                if kind == "name":
                    found += self._changed_names(a0, a1, b0, b1)
                elif kind == "number":
                    found += self._changed_numbers(a0, a1, b0, b1)
                else:
                    found += self._changed_details(kind, a0, a1, b0, b1)
        return found

    def _changed_names(self, a0: int, a1: int, b0: int, b1: int) -> list[Discrepancy]:
        a, b = self.a, self.b
        only_a = [n for n in a.names if _touches(n, a.offset, a0, a1) and not present(n, b.names, b.text)]
        only_b = [n for n in b.names if _touches(n, b.offset, b0, b1) and not present(n, a.names, a.text)]
        return [self._names(names_a, names_b) for names_a, names_b in differing(only_a, only_b)]

    def _changed_numbers(self, a0: int, a1: int, b0: int, b1: int) -> list[Discrepancy]:
        a, b = self.a, self.b
        only_a = [
            x for x in a.amounts if _touches(x, a.offset, a0, a1) and not any(agree(x, y) for y in b.amounts)
        ]
        only_b = [
            y for y in b.amounts if _touches(y, b.offset, b0, b1) and not any(agree(y, x) for x in a.amounts)
        ]
        found = []
        for x in only_a:  # the same unit, and not two different things counted ("23 points" / "five points
            # during a run")
            same_unit = [y for y in only_b if y.unit == x.unit and _same_thing(x, y)]
            if same_unit:
                found.append(
                    self.discrepancy("number", (x.start, x.end), (same_unit[0].start, same_unit[0].end))
                )
        return found

    def _changed_details(self, kind: DetailKind, a0: int, a1: int, b0: int, b1: int) -> list[Discrepancy]:
        a, b = self.a, self.b
        one = [d for d in a.details if d.kind == kind and _touches(d, a.offset, a0, a1)]
        two = [d for d in b.details if d.kind == kind and _touches(d, b.offset, b0, b1)]
        one = [d for d in one if d.value not in b.values(kind)]
        two = [d for d in two if d.value not in a.values(kind)]
        if kind == "quote":  # longer quotations are compared word by word (``quotations``)
            one = [d for d in one if len(d.value.split()) <= 3 and d.value not in b.text.lower()]
            two = [d for d in two if len(d.value.split()) <= 3 and d.value not in a.text.lower()]
            # Words quoted at one place that share no word are two phrases of one speaker ("partly" and
            # "generally": two answers), not one phrase misquoted.
            if (
                one
                and two
                and (
                    not _shared_word(one[0].value, two[0].value)
                    or not misquoted(one[0].value.split(), two[0].value.split())
                )
            ):
                return []
        if kind == "date":  # a weekday against a weekday, a day of a month against one
            two = [d for d in two if one and _date_sort(d) == _date_sort(one[0])]
        if not one or not two:
            return []
        return [self.discrepancy(kind, (one[0].start, one[-1].end), (two[0].start, two[-1].end))]

    def _names(self, names_a: list[Name], names_b: list[Name]) -> Discrepancy:
        (a0, a1), (b0, b1) = (names_a[0].start, names_a[-1].end), (names_b[0].start, names_b[-1].end)
        while True:  # "William Savitt" against "William Toberoff": the surnames differ
            first_a, first_b = self.a.text[a0:a1].split(" ", 1), self.b.text[b0:b1].split(" ", 1)
            if len(first_a) < 2 or len(first_b) < 2 or first_a[0] != first_b[0]:
                break
            a0, b0 = a0 + len(first_a[0]) + 1, b0 + len(first_b[0]) + 1
        return self.discrepancy("name", (a0, a1), (b0, b1))

    def numbers(self) -> list[Discrepancy]:
        """Numbers paired by role (``amounts.counterparts``) that cannot both be true."""
        mine, theirs = self.a.amounts, self.b.amounts
        if not mine or not theirs:
            return []
        found, used = [], set()
        for x in mine:
            if any(agree(x, y) for y in theirs):
                continue
            others = [y for y in counterparts(x, theirs, mine) if not any(agree(y, z) for z in mine)]
            others = [y for y in others if y.start not in used]
            if others:
                used.add(others[0].start)
                found.append(self.discrepancy("number", (x.start, x.end), (others[0].start, others[0].end)))
        return found

    def dates(self) -> list[Discrepancy]:
        """Where each passage has one day of a month and they differ. (Weekdays are not compared here: in
        two accounts in other words, "said Thursday" and "the bombing on Tuesday" are two events.)"""
        one = [d for d in self.a.details if d.kind == "date" and _date_sort(d) == "day"]
        two = [d for d in self.b.details if d.kind == "date" and _date_sort(d) == "day"]
        if len(one) == len(two) == 1 and one[0].value != two[0].value:
            return [self.discrepancy("date", (one[0].start, one[0].end), (two[0].start, two[0].end))]
        return []

    def quotations(self) -> list[Discrepancy]:
        """Words that differ inside a quotation both passages give ("nuclear bomb" against "nuclear arms"):
        two quotations are one when most of the shorter one's words are the other's, in order. Words one
        leaves out are an ellipsis, not a difference."""
        if not _QUOTE_MARK.search(self.a.text) or not _QUOTE_MARK.search(self.b.text):
            return []
        found = []
        brackets_a, brackets_b = _brackets(self.a.text), _brackets(self.b.text)
        quotations_b = _quotations(self.b.text)  # once, not again for each of a's
        for words_a in _quotations(self.a.text):
            for words_b in quotations_b:
                plain_a, plain_b = [w for w, _, _ in words_a], [w for w, _, _ in words_b]
                if plain_a == plain_b:
                    continue
                matcher = SequenceMatcher(None, plain_a, plain_b, autojunk=False)
                shared = sum(block.size for block in matcher.get_matching_blocks())
                if shared < 3 or shared < 0.6 * min(len(plain_a), len(plain_b)):
                    continue
                for op, i1, i2, j1, j2 in matcher.get_opcodes():
                    if op != "replace" or i2 - i1 > 4 or j2 - j1 > 4:
                        continue
                    if _NUMBER_WORDS.get(plain_a[i1], plain_a[i1]) == _NUMBER_WORDS.get(
                        plain_b[j1], plain_b[j1]
                    ):
                        continue  # "five" and "5"
                    if not misquoted(plain_a[i1:i2], plain_b[j1:j2]):
                        continue
                    if any(
                        _inside(words[k][1], brackets)
                        for words, k, brackets in ((words_a, i1, brackets_a), (words_b, j1, brackets_b))
                    ):
                        continue  # "[The police]": the writer's words, not the speaker's
                    a_span = (words_a[i1][1], words_a[i2 - 1][2])
                    b_span = (words_b[j1][1], words_b[j2 - 1][2])
                    found.append(self.discrepancy("quote", a_span, b_span))
        return found


def _quotations(text: str) -> list[list[tuple[str, int, int]]]:
    """Each quotation's words: (normalized word, start, end). A contraction is its two words ("I'm" is "I
    am") and a hyphenated word its parts, so that two ways of writing one word are one."""
    quotations = []
    for match in _QUOTED.finditer(text):
        words = []
        for w in _QUOTE_WORD.finditer(text, match.start(1), match.end(1)):
            for part in _spoken(w.group().lower().replace("’", "'")):
                words.append((part, w.start(), w.end()))
        quotations.append(words)
    return quotations


def misquoted(one: list[str], other: list[str]) -> bool:
    """Are the words one quotation gives at a place (``one``) and the other's (``other``) a misquote a
    reader would want flagged ("nuclear bomb" / "nuclear arms", "did" / "will")? Not when either side is
    only small words ("the regulation" / "this regulation", "of" / "people", "a" / "there were another":
    two translations, or a garbled line), when one is the other's initials or the same word written apart
    ("data center" / "datacenter"), when the two differ in length by more than two words (a passage
    shortened, not a word changed), or when either has a figure (a time or number written two ways is the
    number comparison's to judge)."""
    if not one or not other or _SWAPS.issuperset(one) or _SWAPS.issuperset(other):
        return False
    if abs(len(one) - len(other)) > 2 or _abbreviated(one, other):
        return False
    if "".join(one).replace("-", "") == "".join(other).replace("-", ""):
        return False
    return not any(c.isdigit() for word in (*one, *other) for c in word)


def _abbreviated(one: list[str], other: list[str]) -> bool:
    """Is one side the other's initials ("IE" and "Internet Explorer")?"""
    for short, long in ((one, other), (other, one)):
        if len(short) == 1 and len(long) >= 2 and short[0] == "".join(w[0] for w in long):
            return True
    return False


def _spoken(word: str) -> list[str]:
    head, _, tail = word.partition("'")
    if not tail:
        return [word]
    if tail == "t" and head.endswith("n"):  # "don't", "won't", "can't"
        return [{"wo": "will", "ca": "can", "sha": "shall"}.get(head[:-1], head[:-1]), "not"]
    if tail == "s" and head not in _IS:
        return [head]  # "Musk's": a possessive
    return [head, _CONTRACTED.get(tail, tail)]


_IS = frozenset(["it", "that", "he", "she", "there", "what", "who", "here", "where", "this"])
_CONTRACTED = {"m": "am", "s": "is", "re": "are", "ll": "will", "ve": "have", "d": "would"}
# Words whose swap inside a quotation is not a misquote a reader cares about.
_SWAPS = frozenset(
    ["the", "this", "that", "a", "an", "these", "those", "at", "in", "on", "of", "to", "for", "from", "by",
     "with", "into", "its", "their", "his", "her", "it", "who", "which", "there", "and", "or"]
)  # fmt: skip
_BRACKETS = compiled(r"\[[^\]]*\]")


def _brackets(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _BRACKETS.finditer(text)]


def _inside(at: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= at < b for a, b in spans)


# What a dateline or a byline is made of, besides dates and times.
_STAMP_WORDS = frozenset(
    ["published", "posted", "updated", "last", "at", "on", "by", "gmt", "et", "edt", "est", "bst", "pm", "am",
     "p", "m", "a", "date", "time", "local", "utc", "st", "nd", "rd", "th", "pt", "pdt", "cst", "cdt"]
)  # fmt: skip
_LETTERS = compiled(r"[A-Za-z]+")
_CALENDAR = compiled(rf"{_MONTH}|{_WEEKDAY}")


def _stamp(text: str) -> bool:
    """Is ``text`` a dateline ("Posted: May 24, 2005", "UPDATED: 22:07 GMT, 7 July 2012")?"""
    if len(text) > 80 or not _DIGIT.search(text):
        return False
    words = [w.lower() for w in _LETTERS.findall(text)]
    return sum(1 for w in words if w not in _STAMP_WORDS and not _CALENDAR.fullmatch(w)) < 2


def _same_thing(one: Amount, other: Amount) -> bool:
    """Could two numbers at one changed place count one thing (not "23 points" and "five points during a
    run", not Hansbrough's points and Vaughn's)?"""
    nouns = not one.nouns or not other.nouns or bool(one.nouns & other.nouns)
    return nouns and (not one.who or not other.who or bool(one.who & other.who))


def _shared_word(one: str, other: str) -> bool:
    return not set(_QUOTE_WORD.findall(one)).isdisjoint(_QUOTE_WORD.findall(other))


def _date_sort(detail: Detail) -> str:
    return "weekday" if detail.value.isalpha() else "day"


def _maybe(text: str, offset: int, start: int, end: int) -> bool:
    return (
        _MAYBE.search(text, max(0, start - offset - _NEAR), min(len(text), end - offset + _NEAR)) is not None
    )


_NEAR = 16  # a change can touch a detail only if something a detail is made of is this close to it


# Something a detail could be made of: a digit, a quote mark, a currency, a capital inside a sentence, a
# number or month spelled out.
_MAYBE = compiled(
    r"[0-9\"“”$€£¥]|(?:^|(?<=[a-z,;.!?] ))[A-Z]|(?i:\b" + _trie([*_NUMBER_WORDS, *MONTHS]) + r"\b)"
)


class _Spanned(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def _touches(detail: _Spanned, offset: int, start: int, end: int) -> bool:
    """Does the edit [start, end) change ``detail`` (a deletion or an insertion inside or beside it)?"""
    first, last = detail.start + offset, detail.end + offset
    return first < end and last > start if end > start else first <= start <= last


def _replacements(edits: Iterable[Edit]) -> Iterable[tuple[int, int, int, int]]:
    """Runs of edits between two equal stretches: (a_start, a_end, b_start, b_end). One side may be empty
    ("$62.6" to "$62" deletes ".6"): the detail around it on that side is what changed."""
    run: list[Edit] = []
    for edit in [*edits, None]:
        if edit is None or edit.op == "equal":
            if run:
                yield (
                    min(e.a_start for e in run),
                    max(e.a_end for e in run),
                    min(e.b_start for e in run),
                    max(e.b_end for e in run),
                )
            run = []
        else:
            run.append(edit)
