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

from reader.core.alignment.records import Fragment, Group, Member
from reader.core.alignment.run import AlignmentRun
from reader.core.progress import Tick
from reader.core.reading.sources import Source
from reader.core.text.normalize import Normalization

MIN_WORDS = 8
_MAX_HOLDERS = 24  # a run of words in more passages than this is boilerplate, not a lifted clause


def find_fragments(run: AlignmentRun, groups: Sequence[Group], tick: Tick) -> tuple[Fragment, ...]:
    """Runs of at least ``MIN_WORDS`` words copied word for word between passages of ``groups`` that
    otherwise differ."""
    sources, norm = run.sources, run.options.normalization
    everyone = len(sources)
    members: list[tuple[Member, Group]] = []
    for group in groups:
        if group.kind in ("verbatim", "reworded") and len(group.members) == everyone:
            continue  # every source has it, as a copy: what it shares is shared as a whole
        for member in group.members:
            members.append((member, group))
    index = _shared_windows(sources, members, norm, lambda done: tick(0.5 * done))
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
    spans: dict[int, tuple[list[int], list[int]]] = {}
    for (m, n, shift), positions in hits.items():
        (first, group_a), (second, group_b) = members[m], members[n]
        positions.sort()
        run_start = previous = positions[0]
        for position in [*positions[1:], None]:
            if position is not None and position == previous + 1:
                previous = position
                continue
            last = previous + MIN_WORDS - 1
            starts_a, ends_a = _spans(spans, sources, members, m)
            starts_b, ends_b = _spans(spans, sources, members, n)
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


def _shared_windows(
    sources: Sequence[Source],
    members: Sequence[tuple[Member, Group]],
    norm: Normalization,
    tick: Callable[[float], None],
) -> dict[tuple[str, ...], list[tuple[int, int]]]:
    """Each run of ``MIN_WORDS`` words found in passages of two sources or more: (member, word number) of
    every passage it is in, in order.

    Runs found in one source only cannot make a fragment, and on a long text beside short ones they are
    nearly all of them: an index of every run took 200 bytes a word (2 GB for a 49 MB text). So the
    passages of the largest source are read last, and only their runs another source has (by hash, then
    word for word) are kept; the runs of the other sources are kept when another source has them too.
    """
    share = [0] * len(sources)
    for member, _group in members:
        share[member.source] += member.end - member.start
    largest = max(range(len(sources)), key=share.__getitem__) if sources else 0
    # A passage more than _MAX_HOLDERS sources carry word for word (a syndicated story's sentence) holds
    # runs too many passages hold to be a lifted clause: its runs are noted once, never indexed.
    carried: dict[str, list[Member]] = defaultdict(list)
    for member, _group in members:
        carried[sources[member.source].text[member.start : member.end]].append(member)
    crowded: set[int] = set()  # hashes of the runs of such passages
    for copies in carried.values():
        if len(copies) > _MAX_HOLDERS:
            held = _keys(sources, copies[0], norm)
            crowded.update(hash(held[i : i + MIN_WORDS]) for i in range(len(held) - MIN_WORDS + 1))
    words_of: dict[str, tuple[str, ...]] = {}  # the words of each text, made once

    def words(member: Member) -> tuple[str, ...] | None:
        """The words of ``member``, or None for a passage too many carry."""
        text = sources[member.source].text[member.start : member.end]
        if len(carried[text]) > _MAX_HOLDERS:
            return None
        keys = words_of.get(text)
        if keys is None:
            keys = words_of[text] = _keys(sources, member, norm)
        return keys

    others: list[tuple[int, tuple[str, ...]]] = []  # the words of each passage outside the largest source
    seen: dict[int, int] = {}  # hash of a run -> the sources outside the largest that have it, as bits
    for number, (member, _group) in enumerate(members):
        if not number % 256:
            tick(0.3 * number / max(1, len(members)))
        if member.source == largest:
            continue
        keys = words(member)
        if keys is None:
            continue
        others.append((number, keys))
        bit = 1 << member.source
        for i in range(len(keys) - MIN_WORDS + 1):
            found = hash(keys[i : i + MIN_WORDS])
            seen[found] = seen.get(found, 0) | bit
    index: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
    in_largest: set[int] = set()
    for number, (member, _group) in enumerate(members):
        if not number % 256:
            tick(0.3 + 0.5 * number / max(1, len(members)))
        if member.source != largest:
            continue
        keys = words(member)
        if keys is None:
            continue
        for i in range(len(keys) - MIN_WORDS + 1):
            window = keys[i : i + MIN_WORDS]
            found = hash(window)
            if found in seen and found not in crowded:
                in_largest.add(found)
                index[window].append((number, i))
    for count, (number, keys) in enumerate(others):
        if not count % 256:
            tick(0.8 + 0.2 * count / max(1, len(others)))
        for i in range(len(keys) - MIN_WORDS + 1):
            window = keys[i : i + MIN_WORDS]
            found = hash(window)
            bits = seen[found]
            if found in crowded:
                continue  # more passages hold it than a lifted clause
            if found in in_largest or bits & (bits - 1):  # the largest source has it, or two others do
                index[window].append((number, i))
    for holders in index.values():
        holders.sort()  # in the order of the passages, as one pass over them all would have made them
    return index


def _keys(sources: Sequence[Source], member: Member, norm: Normalization) -> tuple[str, ...]:
    """The words of ``member`` as the alignment compares them: case folded unless case counts, curly
    apostrophes straight. Straightening them in the text first finds the same words (the pattern takes
    either inside a word), in one pass instead of one a word."""
    text = sources[member.source].text[member.start : member.end]
    words = _WORD.findall(text.replace("’", "'") if norm.quotes else text)
    return tuple(map(str.casefold, words)) if norm.case else tuple(words)


def _spans(
    spans: dict[int, tuple[list[int], list[int]]],
    sources: Sequence[Source],
    members: Sequence[tuple[Member, Group]],
    number: int,
) -> tuple[list[int], list[int]]:
    """Where each word of member ``number`` starts and ends in its source (made when first asked for: only
    passages with a fragment need them)."""
    found = spans.get(number)
    if found is None:
        member = members[number][0]
        matches = list(_WORD.finditer(sources[member.source].text, member.start, member.end))
        found = spans[number] = ([m.start() for m in matches], [m.end() for m in matches])
    return found


def _already_linked(members: Sequence[tuple[Member, Group]], m: int, n: int) -> bool:
    """Are the two passages copies the alignment links anyway: the same group, verbatim or edited?"""
    (first, group), (second, other) = members[m], members[n]
    return group.id == other.id and "paraphrase" not in (first.classification, second.classification)


_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
