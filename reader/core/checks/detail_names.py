"""Names as differing details: which capitalised words are names, which forms of a name are one name, and the
role a name plays in its sentence (the one who speaks, the outlet spoken to, anyone else).

Capitals in news text say "name" less often than they seem to: a sentence's first word, a headline in title
case, "The", a month, "Sen." before a name. And one name has many forms: "Ark." and "Arkansas", "R-Wis." and
"of Wisconsin", "Sen. Warren" and "Senator Warren", "Paul D. Ryan" and "Ryan", "Musk's" and "Musk". Two
names differ only when no form of one is a form of the other; a speaker is never compared with an outlet.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Collection, Iterable
from difflib import SequenceMatcher
from typing import Literal, NamedTuple

from reader.core.checks.entities import title_case
from reader.core.text.lexicon import STOPWORDS, english_zipf, places
from reader.core.text.patterns import compiled
from reader.core.text.rules import MONTHS, WEEKDAYS, first_of_sentence

Role = Literal["speaker", "outlet", "other"]


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# The Associated Press's abbreviations of US states (AP style writes eight states in full) and the postal
# codes that party-state designations use ("D-NY"), with the full names they stand for.
_STATES = {
    "ala": "alabama", "ariz": "arizona", "ark": "arkansas", "calif": "california", "colo": "colorado",
    "conn": "connecticut", "del": "delaware", "fla": "florida", "ga": "georgia", "ill": "illinois",
    "ind": "indiana", "kan": "kansas", "kans": "kansas", "ky": "kentucky", "la": "louisiana",
    "md": "maryland", "mass": "massachusetts", "mich": "michigan", "minn": "minnesota",
    "miss": "mississippi", "mo": "missouri", "mont": "montana", "neb": "nebraska", "nebr": "nebraska",
    "nev": "nevada", "nh": "new hampshire", "nj": "new jersey", "nm": "new mexico", "ny": "new york",
    "nc": "north carolina", "nd": "north dakota", "okla": "oklahoma", "ore": "oregon", "pa": "pennsylvania",
    "penn": "pennsylvania", "ri": "rhode island", "sc": "south carolina", "sd": "south dakota",
    "tenn": "tennessee", "tex": "texas", "vt": "vermont", "va": "virginia", "wash": "washington",
    "wva": "west virginia", "wis": "wisconsin", "wisc": "wisconsin", "wyo": "wyoming",
}  # fmt: skip
_POSTAL = {
    "al": "alabama", "ak": "alaska", "az": "arizona", "ar": "arkansas", "ca": "california", "co": "colorado",
    "ct": "connecticut", "de": "delaware", "fl": "florida", "ga": "georgia", "hi": "hawaii", "id": "idaho",
    "il": "illinois", "in": "indiana", "ia": "iowa", "ks": "kansas", "ky": "kentucky", "la": "louisiana",
    "me": "maine", "md": "maryland", "ma": "massachusetts", "mi": "michigan", "mn": "minnesota",
    "ms": "mississippi", "mo": "missouri", "mt": "montana", "ne": "nebraska", "nv": "nevada",
    "nh": "new hampshire", "nj": "new jersey", "nm": "new mexico", "ny": "new york", "nc": "north carolina",
    "nd": "north dakota", "oh": "ohio", "ok": "oklahoma", "or": "oregon", "pa": "pennsylvania",
    "ri": "rhode island", "sc": "south carolina", "sd": "south dakota", "tn": "tennessee", "tx": "texas",
    "ut": "utah", "vt": "vermont", "va": "virginia", "wa": "washington", "wv": "west virginia",
    "wi": "wisconsin", "wy": "wyoming",
}  # fmt: skip
# Words written with a capital before a name that are not the name: titles, in full and abbreviated.
_TITLES = _set(
    "mr mrs ms miss dr sen senator rep representative gov governor lt gen general col colonel sgt sergeant "
    "capt captain adm admiral prof professor pres president vice atty attorney supt superintendent judge "
    "justice secretary chairman chairwoman chair ceo mayor minister prime king queen prince princess sir "
    "lord lady speaker leader majority minority rev father sister brother former acting chief deputy "
    "assistant sheriff officer detective agent director commissioner ambassador congressman congresswoman "
    "councilman councilwoman councilmember lawmaker sens reps govs"
)
_PARTIES = {
    "republican": "republican", "republicans": "republican", "gop": "republican",
    "democrat": "democrat", "democrats": "democrat", "democratic": "democrat",
}  # fmt: skip
_DESIGNATION_PARTY = {"r": "republican", "d": "democrat", "i": "independent"}
_MONTHS_AND_DAYS = MONTHS | WEEKDAYS
# Capitalised function words never start or make a name; "New York" and "US" are names.
_NOT_NAMES = (STOPWORDS - {"new", "us"}) | _MONTHS_AND_DAYS | _TITLES
# A name's last word that makes it an outlet, and outlets known by one word.
_OUTLET_WORDS = _set(
    "times post news journal network press tribune herald guardian telegraph gazette chronicle magazine "
    "wire reuters ap afp cnn fox msnbc nbc abc cbs npr pbs bbc politico axios bloomberg wired vox "
    "bulletin observer independent examiner inquirer globe register dispatch radio tv television "
    "newsweek economist atlantic hill insider"
)
# Words before a name that make it the outlet or the person spoken to; words around a name that make it
# the speaker.
_TOLD_BEFORE = compiled(
    r"(?:\btold|\bsaid to|\bspoke to|\bspeaking to|\bspeaking with|\binterview with|\baccording to|"
    r"\bwrote in|\bpublished by|\breported by|\bappearance on|\bappeared on|\bstatement to)"
    r"(?:\s+the)?\s*$",
    re.IGNORECASE,
)
_SPEECH = (
    r"said|says|say|told|tells|asked|asks|added|adds|wrote|writes|testified|argued|argues|insisted|"
    r"stated|explained|claimed|claims|noted|notes|tweeted|posted|answered|replied|responded|acknowledged|"
    r"admitted|conceded|warned|declared|announced"
)
_SPEAKER_AFTER = compiled(rf"['’]?s?\)?,?\s+(?:has\s+|had\s+|also\s+|then\s+|later\s+)?(?:{_SPEECH})\b")
_SPEAKER_BEFORE = compiled(rf"\b(?:{_SPEECH})\s*$", re.IGNORECASE)

_TOKEN = compiled(r"[A-Za-z0-9][\w'’&.-]*\w|[A-Za-z]\.?")
_DESIGNATION = compiled(r"\(?\b(?P<party>[RDI])-(?P<state>[A-Z][A-Za-z.]*[A-Za-z]|[A-Z]{2})\b\.?\)?")
_RUN_GAP = compiled(r" |\. ")  # what may stand between two words of one name: "Paul D. Ryan"


class Name(NamedTuple):
    words: tuple[str, ...]  # normalized: "d" for "D.", "wisconsin" for "Wis.", no title, no possessive
    role: Role
    outlet: bool  # clearly an outlet: a known one, or named like one ("... Times", "CNN")
    start: int
    end: int

    @property
    def value(self) -> str:
        return " ".join(self.words)


def names(text: str, outlets: Collection[str] = (), also_capitalised: Collection[str] = ()) -> list[Name]:
    """The names of ``text`` in order, with their roles. A word that starts a sentence is a name only when
    the next word is one too or the word is written with a capital inside a sentence too (here or in
    ``also_capitalised``: lower-case words). A headline in title case has no names: its capitals say
    nothing."""
    if title_case(text):
        return []
    known = {outlet.lower().removeprefix("the ") for outlet in outlets}
    inside = set(also_capitalised) | capitalised_inside(text)
    found: list[Name] = []
    taken: list[tuple[int, int]] = []
    for match in _DESIGNATION.finditer(text):  # "R-Wis.": a party and a state
        state = match.group("state").replace(".", "").lower()
        full = _STATES.get(state) or _POSTAL.get(state) or state
        party = _DESIGNATION_PARTY[match.group("party").lower()]
        found.append(Name((party,), "other", False, match.start(), match.end()))
        found.append(Name(tuple(full.split()), "other", False, match.start(), match.end()))
        taken.append((match.start(), match.end()))
    run: list[tuple[str, int, int]] = []  # (normalized word, start, end)
    previous_end = -1
    tokens = [m for m in _TOKEN.finditer(text) if not any(a <= m.start() < b for a, b in taken)]
    for index, match in enumerate(tokens):
        token = match.group()
        if not token[0].isupper():  # never a name word (``_is_name_word``): it only ends a run
            if run:
                found.append(_name(run, text, known))
                run = []
            previous_end = match.end()
            continue
        word = _normalized(token, text, match.start(), match.end())
        first = first_of_sentence(text, match.start())
        candidate = _is_name_word(token, word)
        if candidate and first and word not in inside:
            after = tokens[index + 1] if index + 1 < len(tokens) else None
            candidate = (
                after is not None
                and (  # "Paul Ryan said" or "Ryan told" at a sentence's start
                    _SPEAKER_AFTER.match(text, match.end()) is not None
                    or (
                        _RUN_GAP.fullmatch(text[match.end() : after.start()]) is not None
                        and _is_name_word(
                            after.group(), _normalized(after.group(), text, after.start(), after.end())
                        )
                    )
                )
            )
        joined = run and _RUN_GAP.fullmatch(text[previous_end : match.start()]) is not None
        if run and (not candidate or not joined or word in _PARTIES.values()):
            found.append(_name(run, text, known))
            run = []
        if candidate:
            run.append((word, match.start(), match.end() - (1 if token.endswith(".") else 0)))
            if word in _PARTIES.values():  # a party is a name of its own, never a first name
                found.append(_name(run, text, known))
                run = []
        previous_end = match.end()
    if run:
        found.append(_name(run, text, known))
    return sorted(found, key=lambda name: name.start)


@functools.lru_cache(maxsize=256)  # a pair's two passages ask for each other's, and for their own
def capitalised_inside(text: str) -> frozenset[str]:
    """The normalized words ``text`` writes with a capital inside a sentence."""
    return frozenset(
        _normalized(m.group(), text, m.start(), m.end())
        for m in _TOKEN.finditer(text)
        if m.group()[:1].isupper() and not first_of_sentence(text, m.start())
    )


def _is_name_word(token: str, word: str) -> bool:
    if not token[:1].isupper():
        return False
    if token.isupper() and len(token) > 1:  # "US", "FBI", "CNN"
        return word not in _MONTHS_AND_DAYS
    return word not in _NOT_NAMES and not word.isdigit()


def _normalized(token: str, text: str, start: int, end: int) -> str:
    word = token.lower().rstrip(".").replace("’", "'").removesuffix("'s").rstrip("'")
    if "." in word:
        return word.replace(".", "")  # "F.B.I" is FBI
    if word in _PARTIES:
        return _PARTIES[word]
    dotted = text.startswith(".", end) or token.endswith(".")
    after_comma = text[max(0, start - 2) : start] == ", "
    if word in _STATES and (dotted or after_comma):  # "Ark." and ", Ark" (not "Del Monte" or "Miss Piggy")
        return _STATES[word]
    return word


def _name(run: list[tuple[str, int, int]], text: str, known: set[str]) -> Name:
    words = tuple(word for word, _, _ in run)
    start, end = run[0][1], run[-1][2]
    words = tuple(w for word in words for w in word.split())  # "new york" from "N.Y."
    value = " ".join(words)
    outlet = value in known or words[-1] in _OUTLET_WORDS or any(value.endswith(k) for k in known if k)
    role: Role = "other"
    before, after = text[max(0, start - 40) : start], text[end : end + 40]
    if outlet or _TOLD_BEFORE.search(before):
        role = "outlet"
    elif _SPEAKER_AFTER.match(after) or _SPEAKER_BEFORE.search(before.rstrip(", ")):
        role = "speaker"
    return Name(words, role, outlet, start, end)


def same_name(one: Name, other: Name) -> bool:
    """Are these forms of one name? The same last word and no first names that disagree: "Ryan", "Paul
    Ryan", "P. Ryan" and "Paul D. Ryan" are one name; "D. Ryan" and "Paul Ryan" are two. Also one name
    inside the other ("Bener Meriah", "Aceh's Bener Meriah"), a plural ("Chargers") and an acronym
    ("CHP", "California Highway Patrol")."""
    a, b = _singular(one.words), _singular(other.words)
    if a == b or _acronym(a, b) or _acronym(b, a):
        return True
    if a[-1] != b[-1]:
        return False
    if len(a) == 1 or len(b) == 1 or _inside(a, b) or _inside(b, a):
        return True
    first_a, first_b = a[0], b[0]
    return (
        first_a == first_b
        or (len(first_a) == 1 and first_b.startswith(first_a))
        or (len(first_b) == 1 and first_a.startswith(first_b))
    )


_SHORT = {"mt": "mount", "ft": "fort", "pt": "point"}


def _singular(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(
        _SHORT.get(w, w[:-1] if len(w) > 2 and w.endswith("s") and not w.endswith("ss") else w) for w in words
    )


def _acronym(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return (
        len(short) == 1 and len(long) >= 2 and short[0] == "".join(w[0] for w in long if w not in _NOT_NAMES)
    )


def _inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Are ``short``'s words ``long``'s last words?"""
    return len(short) < len(long) and long[-len(short) :] == short


def present(name: Name, others: Iterable[Name], other_text: str) -> bool:
    """Does the other passage name ``name`` in some form (as a name, or as a word its capitals hid)?"""
    others = list(others)
    if any(same_name(name, other) for other in others):
        return True
    last = _singular(name.words[-1:])
    if any(_singular(other.words[-1:]) == last for other in others):
        return False  # the same surname with another first name: "D. Ryan" and "Paul Ryan"
    word = name.words[-1] if name.words else ""
    return _has_word(word, other_text.lower()) or _written_as_designation(name, other_text)


def _has_word(word: str, text: str) -> bool:
    """Is ``word`` in ``text`` as a word of its own, a possessive allowed (``\\bword(?:'s|’s)?\\b``)? Found
    with ``str.find`` where the word begins and ends with a word character (then the possessive changes
    nothing): a pattern compiled for each name cost more than all the rest of the comparison of names."""
    if not (word and _word_char(word[0]) and _word_char(word[-1])):
        return re.search(r"\b" + re.escape(word) + r"(?:'s|’s)?\b", text) is not None
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not _word_char(text[at - 1])) and (end == len(text) or not _word_char(text[end])):
            return True
        at = text.find(word, at + 1)
    return False


def _word_char(character: str) -> bool:
    return character.isalnum() or character == "_"  # as re's \w


def _written_as_designation(name: Name, other_text: str) -> bool:
    """Is a state or party the other passage writes as "R-Wis." (outside the name list: a headline)?"""
    for match in _DESIGNATION.finditer(other_text):
        state = match.group("state").replace(".", "").lower()
        full = _STATES.get(state) or _POSTAL.get(state) or state
        if name.value in (full, _DESIGNATION_PARTY[match.group("party").lower()]):
            return True
    return False


def differing(only_a: list[Name], only_b: list[Name]) -> list[tuple[list[Name], list[Name]]]:
    """The names of a change that differ, paired by role: a speaker with a speaker, an outlet with an
    outlet (only when both are clearly outlets: two outlets of one interview are no conflict worth a
    reader's time otherwise), anyone else with anyone else."""
    pairs = []
    for role in ("speaker", "other", "outlet"):
        a = [n for n in only_a if n.role == role]
        b = [n for n in only_b if n.role == role]
        if role == "outlet":
            a, b = [n for n in a if n.outlet], [n for n in b if n.outlet]
        if a and b and (role != "other" or misnamed(a[0], b[0])):
            pairs.append(([a[0]], [b[0]]))  # the first of each: a change that names two has them in order
    return pairs


_ALIKE = 0.75  # how alike two spellings of a surname must be to be one name misspelt ("Rait", "Raite")


def misnamed(one: Name, other: Name) -> bool:
    """Are two different names (not speakers) in one place of two accounts one thing named so that both
    cannot be right: two places or two parties ("Little Rock, Ark." and "Little Rock, Calif."), one name
    spelt two ways ("Rait" and "Raite", "Smith" and "Smyth"), one surname with other first names ("D.
    Ryan" and "Paul Ryan") or one person's first names with another surname ("William Savitt" and
    "William Toberoff")? Other names that share nothing of their spelling are most often two things named
    in one role (a country and its capital, an official and the agency he speaks for, a ship by its class
    and by its prefix), which a reader does not call a difference; so are accents ("Vendome", "Vendôme")
    and a place and the country it is in ("Athens", "Greece")."""
    a, b = tuple(map(_folded, one.words)), tuple(map(_folded, other.words))
    if a == b or _within_country(one.value, other.value):
        return False
    known = places()
    if (one.value in known and other.value in known) or {a, b} <= _PARTY_NAMES:
        return True
    if a[-1] == b[-1]:
        return True  # "D. Ryan" and "Paul Ryan" (one name in two forms is ``same_name``'s, not here)
    if len(a) == len(b) > 1 and a[:-1] == b[:-1]:  # the same first names
        return not (_common(a[-1]) and _common(b[-1]))  # "Pacific Basin", "Pacific Ocean": common words
    return SequenceMatcher(None, a[-1], b[-1]).ratio() >= _ALIKE


def _folded(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _within_country(one: str, other: str) -> bool:
    """Is one of two places the country the other is in ("Athens" and "Greece")?"""
    known = places()
    for place, country in ((one, other), (other, one)):
        if place in known and country in known and country in known[place][0]:
            return True
    return False


def _common(word: str) -> bool:
    return english_zipf().get(word, 0.0) >= _COMMON_WORD


_PARTY_NAMES = frozenset((party,) for party in _DESIGNATION_PARTY.values())
_COMMON_WORD = 3.5  # Zipf frequency from which a word is an English word before a name
