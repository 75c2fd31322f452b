"""Who a passage gives its words to, and whether two passages give them to different speakers: "Savitt
said" / "Musk said", a transcript line "Musk: ..." / "Savitt: ...", or the two sides of a case ("the
plaintiffs argued" / "the company's lawyers said"). One speaker written two ways is one: "Halla" / "Brian
Halla, CEO of NatSemi", "SEC" / "Securities and Exchange Commission", "Sundwell" / "Sundwall". Read from
the words, not with patterns: this runs on every link by meaning, and patterns of names take longer to
compile than the check takes. Part of the claims check (``claims``)."""

from __future__ import annotations

import functools

from reader.core.checks.claim_words import CLAUSE_ENDS, WEEKDAYS, as_written, read, words_of
from reader.core.text import lexicon

_SAYING = words_of(
    "said says say told tells testified wrote writes added asked replied answered argued claimed"
)
_SAID_AFTER = words_of("said says added wrote")  # ... the name after: "..., said Musk."
_NAME_WORDS = 4  # a name is at most this many capitalised words
_APPOSITIVE = 12  # "Bill Frist, Republican of Tennessee, said": words between the two commas, at most
_NOT_SPEAKERS = (
    words_of(
        "the a an he she they it we i you this that there his her their its who which mr mrs ms dr sen "
        "rep gov president officials official spokesman spokeswoman spokesperson but and or so then also "
        "as in on at when after before while yesterday today"
    )
    | WEEKDAYS
)
_COMMON_WORD = 3.5  # a capitalised first word this common in English ("Prosecutors", "Officials") is no name


def speaker_conflict(a: str, b: str) -> tuple[str, str] | None:
    """The speakers of ``a`` and of ``b`` as written, when they differ: both give their words to a name,
    and neither names the other's speaker anywhere ("Halla said" / "Brian Halla, CEO of NatSemi, claimed"
    name one speaker); or one to a side of a case and the other to the other side ("the plaintiffs
    argued" / "the company's lawyers said"). None when nothing says they differ."""
    if not _attributes(a) or not _attributes(b):
        return None  # most pairs: one side says nothing of who says it
    sides_a, sides_b = _sides(a), _sides(b)
    if len(sides_a) == len(sides_b) == 1 and set(sides_a) != set(sides_b):
        return (next(iter(sides_a.values())), next(iter(sides_b.values())))
    speakers_a, speakers_b = _speaker_names(a), _speaker_names(b)
    if not speakers_a or not speakers_b:
        return None
    if _named_in(speakers_a, b) or _named_in(speakers_b, a):
        return None
    return (", ".join(sorted(speakers_a)), ", ".join(sorted(speakers_b)))


def actor_conflict(a: str, b: str) -> tuple[str, str] | None:
    """The names that open ``a`` and ``b`` as the one who acts, when they differ: each passage starts with
    a name followed by its verb ("Hansbrough finished the game with 20 points" / "Vaughn finished with 16
    points"), and neither names the other's. Two players' lines, two officials' actions: two claims that
    share the story's words. None when either starts otherwise ("Police arrested LaSalle", a headline)."""
    first, second = _actor(a), _actor(b)
    if first is None or second is None or _named_in(first, b) or _named_in(second, a):
        return None
    return (", ".join(sorted(first)), ", ".join(sorted(second)))


@functools.lru_cache(maxsize=1 << 14)
def _actor(text: str) -> frozenset[str] | None:
    """The name a passage opens with, when a verb-like word (lower case) follows it; None otherwise."""
    written = as_written(text)
    end = 0
    while end < len(written) and end < _NAME_WORDS and _name_word(written, end):
        end += 1
    if end == 0 or end >= len(written) or not written[end][:1].isalpha() or not written[end].islower():
        return None
    if any(word.endswith(("'s", "’s", "s'")) for word in written[:end]):
        return None  # "Bush's aides describe": the name owns the one who acts
    zipf = lexicon.english_zipf()
    name = [w for w in written[:end] if w.lower() not in _NOT_SPEAKERS and w[0].isupper()]
    if not name or zipf.get(name[0].lower(), 0.0) >= _COMMON_WORD:
        return None  # "Police arrested", "Officials said": common words, no one's name
    return frozenset({" ".join(name)})


_ATTRIBUTING = words_of(
    "said says say told tells testified wrote writes added asked replied answered argued argue argues "
    "claimed claims claim contended contends alleged alleges according"
)


def _attributes(text: str) -> bool:
    """Could ``text`` give its words to someone (a verb of saying, "according", a transcript line)?"""
    return ":" in text or not _ATTRIBUTING.isdisjoint(read(text))


def _named_in(speakers: frozenset[str], text: str) -> bool:
    """Does ``text`` name one of ``speakers``: a word of the name, spelled alike ("Sundwell" /
    "Sundwall"), or the initials of its capitalised words ("SEC", "Securities and Exchange Commission")?"""
    words = {word.removesuffix("'s") for word in read(text)}  # "McKnight's lawyers" names McKnight
    capitals = [word.removesuffix("'s") for word in as_written(text) if word[0].isupper()]
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


_PLAINTIFF = words_of(
    "plaintiff plaintiffs prosecutor prosecutors prosecution lawsuit suit complaint accusers"
)
_DEFENCE = words_of("defendant defendants defense defence")
_LAWYERS = words_of("lawyer lawyers attorney attorneys counsel")
_CLAIMED = words_of(
    "said says say argued argue argues claimed claims claim contended contends alleged alleges told"
)


def _sides(text: str) -> dict[str, str]:
    """The sides of a case a passage gives its words to: "plaintiff" or "defence" -> the words as written
    ("the plaintiffs argued", "according to the lawsuit"; "the defense said", "defense lawyers told",
    "lawyers for OpenAI said", "OpenAI's lawyers said")."""
    words, written = read(text), as_written(text)
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
    written, words = as_written(text), read(text)
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
            if end > at + 1 and (end == len(written) or written[end] in CLAUSE_ENDS):
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
