"""Copied fragments: a run of at least ``MIN_WORDS`` consecutive words shared word for word by passages of
two sources that otherwise differ (a quote or a clause lifted into a rewritten sentence).

Every passage's words (normalized as the alignment compares them) are cut into overlapping runs of
``MIN_WORDS``; runs found in two sources are extended along their diagonal into the longest shared run. Pairs
the alignment already links as copies (the same group, verbatim or edited) are left out: their words are
shared anyway. Passages of groups every source carries as a copy (verbatim or edited) are not searched: what
they share, every source has as a whole sentence.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence

from reader.core.alignment import Fragment, Group, Member
from reader.core.normalize import Normalization
from reader.core.sources import Source

MIN_WORDS = 8
_MAX_HOLDERS = 24  # a run of words in more passages than this is boilerplate, not a lifted clause


def find_fragments(
    sources: Sequence[Source],
    groups: Sequence[Group],
    norm: Normalization,
    tick: Callable[[float], None] = lambda done: None,
) -> tuple[Fragment, ...]:
    everyone = len(sources)
    members: list[tuple[Member, Group]] = []
    for group in groups:
        if group.kind in ("verbatim", "reworded") and len(group.members) == everyone:
            continue  # every source has it, as a copy: what it shares is shared as a whole
        for member in group.members:
            members.append((member, group))
    index: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
    spans: list[tuple[list[int], list[int]]] = []
    for number, (member, _group) in enumerate(members):
        if not number % 256:
            tick(0.5 * number / max(1, len(members)))
        text = sources[member.source].text[member.start : member.end]
        matches = list(_WORD.finditer(text))
        keys = tuple(_key(match.group(), norm) for match in matches)
        starts = [member.start + match.start() for match in matches]
        ends = [member.start + match.end() for match in matches]
        spans.append((starts, ends))
        for i in range(len(keys) - MIN_WORDS + 1):
            index[keys[i : i + MIN_WORDS]].append((number, i))
    hits: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    total = max(1, len(index))
    for count, holders in enumerate(index.values()):
        if not count % 1024:
            tick(0.5 + 0.4 * count / total)
        if len(holders) < 2 or len(holders) > _MAX_HOLDERS:
            continue
        for x, (m, i) in enumerate(holders):
            for n, j in holders[x + 1 :]:
                if members[m][0].source != members[n][0].source and not _already_linked(members, m, n):
                    hits[(m, n, i - j)].append(i)
    found: list[Fragment] = []
    for (m, n, shift), positions in hits.items():
        (first, group_a), (second, group_b) = members[m], members[n]
        positions.sort()
        run_start = previous = positions[0]
        for position in [*positions[1:], None]:
            if position is not None and position == previous + 1:
                previous = position
                continue
            last = previous + MIN_WORDS - 1
            starts_a, ends_a = spans[m]
            starts_b, ends_b = spans[n]
            found.append(
                Fragment(
                    first.source,
                    starts_a[run_start],
                    ends_a[last],
                    second.source,
                    starts_b[run_start - shift],
                    ends_b[last - shift],
                    last - run_start + 1,
                    group_a.id,
                    group_b.id,
                )
            )
            if position is not None:
                run_start = previous = position
    tick(1.0)
    return tuple(sorted(found, key=lambda f: (f.source_a, f.a_start, f.source_b, f.b_start)))


def _already_linked(members: Sequence[tuple[Member, Group]], m: int, n: int) -> bool:
    """Are the two passages copies the alignment links anyway: the same group, verbatim or edited?"""
    (first, group), (second, other) = members[m], members[n]
    return group.id == other.id and "paraphrase" not in (first.classification, second.classification)


_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def _key(word: str, norm: Normalization) -> str:
    """A word as the alignment compares it: case folded unless case counts, curly apostrophes straight."""
    word = word.replace("’", "'") if norm.quotes else word
    return word.casefold() if norm.case else word
