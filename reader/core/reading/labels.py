"""One short, unique label per source: the name Reader calls it by everywhere (pane headers, who copies
whom, passage details, the summary and every export), so a reader matches "WIRED" in the graph with the
pane that says "WIRED".

The rule: a source's outlet; else its title, shortened to its first words; else its file's name. Labels
that would read alike are told apart by the words where their titles part ("Musk Admits xAI Used…",
"Musk Admits xAI Distilled…"); sources whose names are the same throughout (two articles of one outlet)
are numbered in the order they were opened ("WIRED (1)", "WIRED (2)").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from itertools import takewhile
from pathlib import PurePath

from reader.core.reading.sources import Source

SHORT = 22
"""A label is at most about this many characters (a word more when the first word alone is longer): it
fits under a node of the graph and in a narrow pane's header."""
LONG = 34
"""Labels told apart by their words are at most about this long; past it, the words they share are elided
("Live updates: … day 4…")."""
ELIDED_HEAD = 14  # characters of the words kept on each side of an elision
ELLIPSIS = "…"


def source_labels(sources: Sequence[Source]) -> list[str]:
    """The label of each source, in the order given: short, and unique among ``sources`` (compared without
    regard to case). Cheap to call again: exports ask once per passage."""
    return list(_labels(tuple(_base(source) for source in sources)))


@lru_cache(maxsize=16)
def _labels(bases: tuple[str, ...]) -> tuple[str, ...]:
    words = [base.split() for base in bases]
    labels = [_prefix(w, _fitting(w, SHORT)) for w in words]
    for group in _overlapping(labels):
        for index in group:
            others = [words[j] for j in group if j != index]
            labels[index] = _apart(words[index], others)
    for group in _alike(labels):
        for number, index in enumerate(group, 1):
            labels[index] = f"{labels[index]} ({number})"
    return tuple(labels)


def _base(source: Source) -> str:
    for name in (source.outlet, source.title):
        if name and name.strip():
            return " ".join(name.split())
    return PurePath(source.name).stem or source.name


def _fitting(words: list[str], width: int) -> int:
    """How many of the first ``words`` fit in ``width`` characters (at least one)."""
    count, length = 0, -1
    for word in words:
        length += 1 + len(word)
        if length > width and count:
            break
        count += 1
    return count


def _prefix(words: list[str], count: int) -> str:
    shown = " ".join(words[:count])
    return shown.rstrip(",;:–—-") + ELLIPSIS if count < len(words) else shown


def _apart(words: list[str], others: list[list[str]]) -> str:
    """A label for ``words`` that the colliding ``others`` do not share: its first words up to the first
    one where it differs from each of them, eliding the middle when that is long."""
    folded = [w.casefold() for w in words]
    common = max(_common(folded, [w.casefold() for w in other]) for other in others)
    if common >= len(words):  # the same words throughout (or a prefix of another's): numbered later
        return _prefix(words, _fitting(words, SHORT))
    through = common + 1
    if len(" ".join(words[:through])) <= LONG:
        return _prefix(words, max(through, _fitting(words, SHORT)))
    head = _fitting(words, ELIDED_HEAD)
    tail = _fitting(words[common:], ELIDED_HEAD)
    shown = " ".join(words[:head]) + f" {ELLIPSIS} " + " ".join(words[common : common + tail])
    return shown + (ELLIPSIS if common + tail < len(words) else "")


def _common(a: list[str], b: list[str]) -> int:
    """How many first words ``a`` and ``b`` have in common."""
    return sum(1 for _ in takewhile(lambda pair: pair[0] == pair[1], zip(a, b, strict=False)))


def _overlapping(labels: list[str]) -> list[list[int]]:
    """Groups of labels one of which begins with the words of another ("Musk Admits xAI…" and "Musk Admits
    xAI Used…" tell a reader nothing apart), ignoring case: each group, of two or more, in order."""
    stems = [label.removesuffix(ELLIPSIS).casefold().split() for label in labels]
    group_of = list(range(len(labels)))
    for i, mine in enumerate(stems):
        for j in range(i):
            theirs = stems[j]
            if mine[: len(theirs)] == theirs or theirs[: len(mine)] == mine:
                old, new = group_of[i], group_of[j]
                group_of = [new if g == old else g for g in group_of]
    groups: dict[int, list[int]] = defaultdict(list)
    for index, group in enumerate(group_of):
        groups[group].append(index)
    return [members for members in groups.values() if len(members) > 1]


def _alike(labels: list[str]) -> list[list[int]]:
    """The indexes of labels that read the same (ignoring case), in groups of two or more."""
    seen: dict[str, list[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        seen[label.casefold()].append(index)
    return [group for group in seen.values() if len(group) > 1]
