"""Quotations in a source's text: the words it quotes, and whom it quotes where the text says.

``find_quotes(text)`` finds, in one pass over the text (linear time; every regular expression is compiled and
every look-around is bounded):

- words between quotation marks: straight and curly double quotes ("…", “…”), „…“, «…», and single quotes
  (‘…’, '…') that open before a word and close after one, so that apostrophes (don't, Musk’s) open nothing;
  single quotes inside a double quotation belong to it;
- news-style quotations that run over paragraphs: a paragraph opens a quotation without closing it and the
  next paragraph opens it again. A quotation left open at the end of its paragraph otherwise ends there;
- transcript turns: lines (or sentences, two or more turns together) that begin with a speaker and a colon
  ("Musk: …", "MR. SMITH: …", "Q: …", "A: …");
- block quotes: lines kept with Markdown's ``>``, and indented lines in a text whose other lines are not.

The speaker is found where the text says: before the quotation ("Musk said, “…”", "said Musk:", "OpenAI wrote
that it has “…”"), after it ("“…,” said Musk." / "“…,” he told reporters."), or inside it ("“…,” Musk
said, “…”": the second part has the first's speaker). A pronoun stands for the last person named before it
in its paragraph or the one before; otherwise the speaker is None.

A quotation of one to three words (``Quote.scare``) is usually a term or a scare quote rather than a
speaker's words: it is returned, but ``reader.core.provenance.who_first`` does not count it as a quotation two sources
share.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from typing import Literal, NamedTuple

from reader.core.text.patterns import compiled
from reader.core.text.rules import (
    MONTH_NAMES,
    QUOTED_NAME,
    SPEAKER_NAME,
    SPEAKER_WORD,
    TITLE_CASE_WORD,
    WEEKDAYS,
)

QuoteForm = Literal["marks", "transcript", "block"]
SCARE_WORDS = 3  # a quotation of this many words or fewer is a term or a scare quote


class Quote(NamedTuple):
    """Quoted words: ``text[start:end]`` (without the quotation marks), who says them (None when the text
    does not say), how the text marks them, and how many words they are. A quotation that runs over
    paragraphs is one Quote per paragraph, with one speaker."""

    start: int
    end: int
    speaker: str | None
    form: QuoteForm
    words: int

    @property
    def scare(self) -> bool:
        """One to three words in quotation marks: a term or a scare quote, not a speaker's words."""
        return self.form == "marks" and self.words <= SCARE_WORDS


WORD = re.compile(r"\w+(?:['’]\w+)*")  # a word, as quotations and shared words are counted
_LINE_END = re.compile(r"\n")
_DOUBLE = re.compile(r"[\"“”„«»]")
_MARKS = "\"“”„«»‘’'"
_OPENS_AFTER = frozenset("([{—–-/:\"“„«‘'")  # a quotation mark after these (or a space) can open
_ALWAYS_OPENS = frozenset("“„«")
_ALWAYS_CLOSES = frozenset("”»")

_VERBS = (
    r"(?:said|says|say|told|tells|wrote|writes|added|adds|asked|asks|testified|testifies|stated|states"
    r"|explained|explains|noted|notes|argued|argues|replied|replies|responded|responds|answered|answers"
    r"|continued|recalled|recalls|insisted|insists|declared|declares|posted|posts|tweeted|tweets|warned"
    r"|warns|claimed|claims|acknowledged|acknowledges|admitted|admits|conceded|concedes|announced"
    r"|announces|remarked|shouted|reads|read)"
)
_LABELS = (  # capitalised words that start sentences and labels, not names
    "The A An And But So Then Also When While If As In On At This That These Those It Its There Here Yet "
    "Now Later However Meanwhile Still Even Asked Pressed Speaking Yesterday Today Earlier Finally Note "
    "Update Updated Editor Editor's Source Sources Photo Photograph Image Credit Related Read More "
    "Correction Disclosure Warning Summary Transcript Key Points Takeaways Why What How Who Where Tags "
    "Topics Watch Listen Share Subscribe Advertisement Caption Video Audio First Second Third "
)
_NOT_NAMES = frozenset(_LABELS.split())
_WHEN = "|".join(
    sorted(word.capitalize() for word in WEEKDAYS | MONTH_NAMES if word != "may")
)  # "May" can be a name
_NAME = rf"(?!(?:{_WHEN})\b){QUOTED_NAME}"
_PRONOUN = r"(?:[Hh]e|[Ss]he|[Tt]hey)"
_ALSO = r"(?:[ \t]+(?:also|later|then|again|once|has|had|have|would|will|previously|recently|simply)){0,2}"
_WHO = rf"(?:(?P<pronoun>{_PRONOUN})\b|(?P<name>{_NAME}))"
_WHO2 = rf"(?:(?P<pronoun2>{_PRONOUN})\b|(?P<name2>{_NAME}))"
# After the closing mark: ", said Musk" / ", Musk said" / ", he told reporters".
_AFTER = compiled(
    rf"[ \t]*[,;]?[ \t]*(?:{_VERBS}[ \t]+{_WHO}|{_WHO2}{_ALSO}[ \t]+{_VERBS}"
    rf"|[Aa]ccording[ \t]+to[ \t]+(?P<name3>{_NAME}))\b"
)
# Before the opening mark: "Musk said, " / "said Musk: " / "OpenAI wrote that it has " / "according to
# Musk, ": the clause ends right at the mark, within the same sentence.
_BEFORE = compiled(  # ".*" first: of the attributions before the mark, the nearest one
    r".*(?<![\w'’.-])"
    rf"(?:(?:{_WHO}{_ALSO}[ \t]+{_VERBS}|{_VERBS}[ \t]+{_WHO2}|[Aa]ccording[ \t]+to[ \t]+(?P<name3>{_NAME}))"
    r"(?:[ \t]+[^\s“”\"«»„.!?]+){0,12}?)[ \t]*[,:]?[ \t]*\Z"
)
_NAME_LEAD = compiled(rf"(?<![\w'’.-])(?:{SPEAKER_WORD}[ \t]+){{1,3}}\Z")
_SENTENCE_END = re.compile(r"[.!?]")
_VERB_IN = compiled(rf"\b{_VERBS}\b")  # another attribution: another speaker
_LOOK = 200  # characters an attribution is looked for before a quotation
_PERSON = compiled(
    rf"\b{TITLE_CASE_WORD}(?:[ \t]+{TITLE_CASE_WORD}){{1,2}}\b"
)  # "Elon Musk": where a pronoun looks
_TURN = compiled(
    r"(?:^|(?<=[.?!:][ \t]))[ \t]*(?:[-*•▸–—][ \t]*)?"
    rf"(?P<who>Q|A|(?:MR|MRS|MS|DR)\.[ \t]+[A-Z][A-Za-z'’-]+|{SPEAKER_NAME})"
    r":[ \t]+(?=\S)",
    re.MULTILINE,
)
_AFTER_END = re.compile(r"[.?!:][ \t]")  # where a turn can start inside a line (as _TURN's look-behind)
_BLOCK = re.compile(r"[ \t]*>[ \t]?|    |\t")
_ANY_BLOCK = re.compile(r"^(?:[ \t]*>|    |\t)", re.MULTILINE)
_LINE_TEXT = re.compile(r"\S[^\n]*")


def find_quotes(text: str) -> tuple[Quote, ...]:
    """Every quotation in ``text`` in text order; quotations do not overlap (a quotation inside another,
    such as single quotes inside double ones, belongs to the outer one)."""
    lines = list(_lines(text))  # read once for the three kinds
    found = [*_marked(text, lines), *_transcript(text, lines), *_blocks(text, lines)]
    found.sort(key=lambda quote: (quote.start, -quote.end))
    kept: list[Quote] = []
    for quote in found:
        if kept and quote.start < kept[-1].end:
            continue
        kept.append(quote)
    return tuple(kept)


class QuoteIndex:
    """The quotations of one text, to ask which one holds a position (binary search)."""

    def __init__(self, quotes: Sequence[Quote]) -> None:
        self.quotes = tuple(quotes)
        self._starts = [quote.start for quote in self.quotes]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any quotation's words overlap [start, end)."""
        index = bisect.bisect_right(self._starts, end - 1) - 1
        return index >= 0 and self.quotes[index].end > start

    def within(self, start: int, end: int) -> list[Quote]:
        """The quotations whose words overlap [start, end), in text order."""
        index = max(0, bisect.bisect_right(self._starts, start) - 1)
        found = []
        while index < len(self.quotes) and self.quotes[index].start < end:
            if self.quotes[index].end > start:
                found.append(self.quotes[index])
            index += 1
        return found

    def at(self, offset: int) -> Quote | None:
        """The quotation whose words contain ``offset``, if any."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self.quotes[index].end:
            return self.quotes[index]
        return None


# -- quotation marks --------------------------------------------------------------------------------------


def _lines(text: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end) of each line that holds text, without its line break, and whether a blank line comes
    before it. Found from each line's first character that is not a space, so that a long run of spaces
    is read once."""
    previous = 0
    for match in _LINE_TEXT.finditer(text):
        start = text.rfind("\n", previous, match.start()) + 1 or previous
        yield start, match.end(), text.count("\n", previous, start) > 1
        previous = match.end()


def _marked(text: str, lines: list[tuple[int, int, bool]]) -> list[Quote]:
    """Quotations between quotation marks, with their speakers."""
    spans: list[
        list[tuple[int, int, int, int]]
    ] = []  # quotations: pieces of (start, end, mark before, after)
    current: list[tuple[int, int, int, int]] = []  # the pieces of the quotation being read
    open_at: int | None = None  # where the open piece's words start
    mark_at = 0  # and its opening mark
    pending = False  # the previous paragraph ended inside a quotation
    marks = _mark_positions(text)
    next_mark = 0  # the first of ``marks`` not yet read
    for start, end, previous_blank in lines:
        continuing = False
        if pending:
            first = _DOUBLE.search(text, start, end)
            if (
                first
                and not text[start : first.start()].strip()
                and _role(text, first.start(), start, end, False)
            ):
                continuing = True  # news style: the next paragraph opens the quotation again
            elif first and not previous_blank and _role(text, first.start(), start, end, True) == "close":
                open_at = mark_at = start  # a hard-wrapped line: the quotation goes on to its closing mark
            else:
                spans.append(current)
                current = []
            pending = False
        single: int | None = None
        single_mark = 0
        while next_mark < len(marks) and marks[next_mark] < start:
            next_mark += 1
        while next_mark < len(marks) and marks[next_mark] < end:
            at = marks[next_mark]
            next_mark += 1
            if text[at] in "‘’'":
                if open_at is None:  # single quotes inside a double quotation belong to it
                    role = _role(text, at, start, end, single is not None, single=True)
                    if role == "close" and single is not None:
                        spans.append([(single, at, single_mark, at + 1)])
                        single = None
                    elif role == "open":
                        single, single_mark = at + 1, at
                continue
            role = _role(text, at, start, end, open_at is not None)
            if role == "close" and open_at is not None:
                current.append((open_at, _trimmed(text, open_at, at), mark_at, at + 1))
                spans.append(current)
                current, open_at = [], None
            elif role == "open":
                if not continuing:
                    current = []  # an opening mark while one is open: the first was stray
                continuing, single = False, None
                open_at, mark_at = at + 1, at
        if open_at is not None:
            current.append((open_at, _trimmed(text, open_at, end), mark_at, end))
            open_at, pending = None, True
    if pending:
        spans.append(current)
    return _spoken(text, sorted(spans))


def _mark_positions(text: str) -> list[int]:
    """Where the quotation marks (``_MARKS``) are, in order: found mark by mark with ``str.find``, many times
    faster than trying a class of nine characters at every position of the text."""
    found: list[int] = []
    for mark in _MARKS:
        at = text.find(mark)
        while at >= 0:
            found.append(at)
            at = text.find(mark, at + 1)
    found.sort()
    return found


def _role(text: str, at: int, line_start: int, line_end: int, is_open: bool, single: bool = False) -> str:
    """Whether the mark at ``at`` opens or closes a quotation ("open", "close", or "" for neither), from
    the mark itself and the characters beside it."""
    mark = text[at]
    before = text[at - 1] if at > line_start else " "
    after = text[at + 1] if at + 1 < line_end else " "
    can_open = (before.isspace() or before in _OPENS_AFTER) and not after.isspace()
    can_close = not before.isspace()
    if single:
        can_open = can_open and after.isalnum() and mark != "’"
        can_close = can_close and not after.isalnum()  # Musk’s, don't: apostrophes inside words
    elif mark in _ALWAYS_OPENS:
        return "close" if is_open and can_close and not can_open else "open"  # „…“, or “ misused
    elif mark in _ALWAYS_CLOSES:
        return "close" if is_open else ""
    if is_open and can_close:
        return "close"
    if is_open and mark == '"' and at - 2 >= line_start and before.isspace() and text[at - 2] in ",.!?;":
        return "close"  # '…a privilege, "Capaldi said': a closing mark typed after a space
    return "open" if can_open else ""


def _trimmed(text: str, start: int, end: int) -> int:
    """``end`` moved back over white space."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _spoken(text: str, spans: list[list[tuple[int, int, int, int]]]) -> list[Quote]:
    """The quotations with their speakers (see the module docstring)."""
    quotes: list[Quote] = []
    last_named: tuple[int, str] | None = None  # where the last speaker was named, and who
    inherit: tuple[int, str | None] | None = None  # where the previous attribution ended, its speaker
    for pieces in spans:
        pieces = [piece for piece in pieces if piece[1] > piece[0]]
        if not pieces:
            continue
        first_mark, last_mark = pieces[0][2], pieces[-1][3]
        speaker: str | None = None
        named_at = first_mark
        if inherit is not None and _goes_on(text, inherit[0], first_mark):
            speaker = inherit[1]
        inherit = None
        if speaker is None:
            who, pronoun = _said_after(text, last_mark)
            if who is not None:
                speaker, inherit = who, (_who_end(text, last_mark), who)
            elif pronoun:
                speaker = _last_person(text, first_mark, last_named)
                inherit = (_who_end(text, last_mark), speaker)
        if speaker is None:
            who, pronoun = _said_before(text, first_mark)
            speaker = (
                who if who is not None else _last_person(text, first_mark, last_named) if pronoun else None
            )
        if speaker is not None:
            last_named = (named_at, speaker)
        words = sum(len(WORD.findall(text, start, end)) for start, end, _b, _a in pieces)
        quotes.extend(Quote(start, end, speaker, "marks", words) for start, end, _b, _a in pieces)
    return quotes


def _who_end(text: str, at: int) -> int:
    match = _AFTER.match(text, at, min(len(text), at + _LOOK))
    return match.end() if match else at


def _said_after(text: str, at: int) -> tuple[str | None, bool]:
    """The speaker an attribution right after a closing mark names, and whether it is a pronoun."""
    match = _AFTER.match(text, at, min(len(text), at + _LOOK))
    if match is None:
        return None, False
    name = _clean(match.group("name") or match.group("name2") or match.group("name3"))
    return name, bool(match.group("pronoun") or match.group("pronoun2"))


def _goes_on(text: str, attribution_end: int, mark: int) -> bool:
    """Whether the quotation opening at ``mark`` goes on with the speaker of the attribution that ends at
    ``attribution_end``: "“…,” Musk said, “…”" or "“…,” Musk told CNBC on Friday. “…”" (at most the
    rest of the attribution's sentence between them, with no other attribution)."""
    gap = text[attribution_end:mark]
    if len(gap) > _LOOK // 2 or "\n" in gap or _DOUBLE.search(gap) or _VERB_IN.search(gap):
        return False
    ends = _SENTENCE_END.findall(gap)  # "Musk said. Critics disagree. “…”": someone else's, maybe
    return len(ends) <= 1 and (not ends or gap.rstrip()[-1:] in ".!?")


def _said_before(text: str, at: int) -> tuple[str | None, bool]:
    """The speaker an attribution right before an opening mark names, and whether it is a pronoun."""
    start = max(0, at - _LOOK)
    newline = text.rfind("\n", start, at)
    start = newline + 1 if newline >= 0 else start
    # Every attribution _BEFORE reads holds a verb or "according to" as a word: without one it cannot match,
    # and the search for one is far cheaper than the attempt at every position.
    if "ccording" not in text[start:at] and _VERB_IN.search(text, start, at) is None:
        return None, False
    match = _BEFORE.match(text, start, at)
    if match is None:
        return None, False
    name = match.group("name")
    if name:  # the nearest attribution starts as late as it can: "Senator Smith said" matched "Smith said"
        lead = _NAME_LEAD.search(text, max(0, match.start("name") - 60), match.start("name"))
        name = (lead.group() if lead else "") + name
    name = _clean(name or match.group("name2") or match.group("name3"))
    return name, bool(match.group("pronoun") or match.group("pronoun2"))


def _clean(name: str | None) -> str | None:
    """A name without the capitalised words that start a sentence ("Then Musk") or a possessive."""
    if not name:
        return None
    words = name.split()
    while words and words[0].rstrip(".,") in _NOT_NAMES:
        words.pop(0)
    if not words:
        return None
    cleaned = " ".join(words)
    for suffix in ("'s", "’s"):
        cleaned = cleaned.removesuffix(suffix)
    return cleaned.rstrip(".,") or None


def _last_person(text: str, at: int, last_named: tuple[int, str] | None) -> str | None:
    """The last person named before ``at`` in its paragraph or the one before: a speaker named earlier or
    a run of two or three capitalised words ("Elon Musk"), whichever comes later."""
    line = text.rfind("\n", max(0, at - 4 * _LOOK), at)
    previous = text.rfind("\n", max(0, at - 4 * _LOOK), line) if line > 0 else -1
    while previous > 0 and not text[previous + 1 : line].strip():  # skip blank lines
        previous = text.rfind("\n", max(0, at - 4 * _LOOK), previous)
    window = max(previous + 1, at - 2 * _LOOK)
    best: tuple[int, str] | None = last_named if last_named and last_named[0] >= window else None
    for match in _PERSON.finditer(text, window, at):
        name = _clean(match.group())
        if name and " " in name and (best is None or match.start() > best[0]):
            best = (match.start(), name)
    return best[1] if best else None


# -- transcripts and block quotes ------------------------------------------------------------------------


def _transcript(text: str, lines: list[tuple[int, int, bool]]) -> list[Quote]:
    """Transcript turns: "Name: words" at the start of a line or a sentence, two or more together (a
    neighbouring line also starts with a turn, or the line holds several)."""
    turns: dict[int, list[re.Match[str]]] = {}  # line number: its turns
    order: list[int] = []
    bounds: dict[int, tuple[int, int]] = {}
    for number, (start, end, _blank) in enumerate(lines):
        if text.find(": ", start, end) < 0 and text.find(":\t", start, end) < 0:
            continue  # most lines: no turn at all
        found = [m for m in _turns(text, start, end) if _speaker_ok(m.group("who"))]
        if found and (found[0].start() == start or len(found) > 1):
            turns[number] = found
            bounds[number] = (start, end)
            order.append(number)
    quotes: list[Quote] = []
    for number in order:
        found = turns[number]
        if len(found) == 1 and not (number - 1 in turns or number + 1 in turns):
            continue
        end = bounds[number][1]
        for index, match in enumerate(found):
            stop = found[index + 1].start() if index + 1 < len(found) else end
            stop = _trimmed(text, match.end(), stop)
            who = match.group("who")
            speaker = None if who in ("Q", "A") else _clean(who)
            words = len(WORD.findall(text, match.end(), stop))
            if words:
                quotes.append(Quote(match.end(), stop, speaker, "transcript", words))
    return quotes


def _turns(text: str, start: int, end: int) -> list[re.Match[str]]:
    """``_TURN.finditer(text, start, end)`` on a line, tried only where a turn can start (the line's start,
    after a sentence's end and a space): the pattern's look-behind made ``re`` try every position."""
    found: list[re.Match[str]] = []
    done = start
    for at in (start, *(m.end() for m in _AFTER_END.finditer(text, start, end))):
        if at < done:
            continue
        match = _TURN.match(text, at, end)
        if match is not None:
            found.append(match)
            done = match.end()
    return found


def _speaker_ok(who: str) -> bool:
    if who in ("Q", "A"):
        return True
    words = who.split()
    return bool(words) and words[0] not in _NOT_NAMES and words[-1] not in _NOT_NAMES


def _blocks(text: str, read: list[tuple[int, int, bool]]) -> list[Quote]:
    """Block quotes: runs of lines kept with Markdown's ">", or indented after a line that introduces them
    with a colon ("The statute reads:", "Musk wrote on X:") in a text whose lines are mostly not indented.
    The speaker is the one the introducing line names."""
    if _ANY_BLOCK.search(text) is None:
        return []
    lines = [(start, end) for start, end, _blank in read]
    marks = [_BLOCK.match(text, start, end) for start, end in lines]
    indented = sum(1 for m in marks if m is not None and ">" not in m.group())
    allow_indent = indented * 2 < len(lines)
    quotes: list[Quote] = []
    run: list[tuple[int, int]] = []
    for index, ((_start, end), mark) in enumerate(zip(lines, marks, strict=True)):
        if mark is None or not (
            ">" in mark.group() or (allow_indent and (run or _introduces(text, lines, index)))
        ):
            if run:
                quotes.extend(_block(text, run, lines[index - len(run) - 1] if index > len(run) else None))
                run = []
            continue
        run.append((mark.end(), end))
    if run:
        quotes.extend(_block(text, run, lines[len(lines) - len(run) - 1] if len(lines) > len(run) else None))
    return quotes


def _introduces(text: str, lines: list[tuple[int, int]], index: int) -> bool:
    """Whether the line before ``index`` ends with a colon."""
    if index == 0:
        return False
    start, end = lines[index - 1]
    return text[start : _trimmed(text, start, end)].endswith(":")


def _block(text: str, run: list[tuple[int, int]], before: tuple[int, int] | None) -> list[Quote]:
    """The lines of one block quote, with the speaker its introducing line names."""
    speaker = None
    if before is not None:
        end = _trimmed(text, *before)
        if text[end - 1 : end] == ":":
            speaker = _said_before(text, end - 1)[0]
    quotes = []
    for start, end in run:
        while start < end and text[start].isspace():
            start += 1
        words = len(WORD.findall(text, start, end))
        if words:
            quotes.append(Quote(start, end, speaker, "block", words))
    return quotes
