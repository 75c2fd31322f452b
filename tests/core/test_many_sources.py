"""Hundreds of sources: the work done once per distinct text, pairwise provenance limited to close pairs, and
the same groups as passage by passage would give."""

import random
from itertools import combinations

import pytest

from reader.core.alignment.align import align
from reader.core.alignment.candidates import _ALL_PAIRS_UP_TO as EXACT_ALL_PAIRS_UP_TO
from reader.core.alignment.distinct import ALL_PAIRS_UP_TO
from reader.core.alignment.records import sure_members
from reader.core.alignment.relations import (
    CLOSEST,
    PAIRWISE_UP_TO,
    _add_group,
    _in_arrays,
    _pair_similarity,
    close_pairs,
    shares,
)
from reader.core.checks.meaning import MEANING_THRESHOLD, MeaningScorer
from reader.core.provenance.who_first import provenance
from reader.core.reading.sources import read_source, source_from_text
from reader.core.text.segment import segment
from reader.export.alignment_json import alignment_to_dict
from tests.conftest import SEEDS

STORY = [
    "The company said on Tuesday that it would close its plant in Ohio by the end of the year.",
    "About 1,200 workers will lose their jobs when the factory shuts down in December.",
    "The governor called the decision a blow to a town that had depended on the plant for decades.",
    "Union leaders said they had not been told of the plan before the announcement.",
    "Shares in the company rose 4 percent in early trading after the news.",
    "The firm will move production to a newer site in Tennessee, a spokeswoman said.",
]
OTHERS = [
    "A small bakery in the harbour district won a national prize for its rye bread.",
    "The football club signed a young goalkeeper from a rival team on a three-year deal.",
    "Heavy snow closed the mountain pass to traffic for the second time this month.",
    "The library will stay open late on Thursdays while the exams go on.",
    "A rare orchid was found growing wild in a park near the river.",
    "The choir sang at the cathedral on Sunday to raise money for the roof.",
]


def versions(count: int, seed: int = 3) -> list:
    """``count`` versions: each a random half of the story, shuffled, and a sentence of its own."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        kept = rng.sample(STORY, len(STORY) // 2)
        rng.shuffle(kept)
        own = f"{OTHERS[n % len(OTHERS)][:-1]} number {n} of the series."
        out.append(source_from_text("\n\n".join([*kept, own]) + "\n", f"v{n:03}.txt"))
    return out


def holders(alignment, sentence: str) -> set[int]:
    return {index for index, source in enumerate(alignment.sources) if sentence in source.text}


def group_holding(alignment, source: int, sentence: str):
    start = alignment.sources[source].text.index(sentence)
    found = alignment.member_at(source, start)
    assert found is not None
    return found[1]


def test_a_sentence_many_sources_carry_is_one_group_of_exactly_them() -> None:
    alignment = align(versions(150))
    for sentence in STORY:
        sources = holders(alignment, sentence)
        assert len(sources) > EXACT_ALL_PAIRS_UP_TO  # linked in a chain, not all with all
        group = group_holding(alignment, min(sources), sentence)
        assert group.sources == sources
        assert group.kind == "verbatim"
    for group in alignment.groups:
        assert len(group.sources) == len(group.members)  # one member per source


def test_a_wording_and_its_edit_each_carried_by_many_join_one_group() -> None:
    original = "The mayor said the bridge would reopen to traffic on Monday after three weeks of repairs."
    edited = "The mayor said the bridge would reopen to cars on Monday after three weeks of repair work."
    sources = []
    for n in range(80):  # 40 x 40 passages: more pairs than ALL_PAIRS_UP_TO, paired by nearness
        own = f"{OTHERS[n % len(OTHERS)][:-1]} number {n}."
        sources.append(source_from_text(f"{original if n % 2 else edited}\n\n{own}\n", f"s{n:02}.txt"))
    assert ALL_PAIRS_UP_TO < 40 * 40
    alignment = align(sources)
    group = group_holding(alignment, 0, edited)
    assert group.sources == set(range(80))
    assert group.kind == "reworded"
    assert {member.classification for member in group.members} == {"identical", "reworded"}


def test_a_line_repeated_in_each_of_many_sources_pairs_copies_in_turn() -> None:
    sources = [
        source_from_text(
            f"Advertisement\n\n{STORY[0]}\n\nAdvertisement\n\n{OTHERS[n % 6][:-1]} number {n}.\n",
            f"s{n:02}.txt",
        )
        for n in range(PAIRWISE_UP_TO + 6)
    ]
    alignment = align(sources)
    firsts = {group_holding(alignment, s, "Advertisement").id for s in range(len(sources))}
    assert len(firsts) == 1
    first = alignment.group_by_id[firsts.pop()]
    assert first.sources == set(range(len(sources)))
    # The second copy of each source is grouped with the other second copies, not left alone.
    seconds = set()
    for s, source in enumerate(alignment.sources):
        at = source.text.index("Advertisement", source.text.index(STORY[0]))
        found = alignment.member_at(s, at)
        assert found is not None
        seconds.add(found[1].id)
    assert len(seconds) == 1 and seconds != {first.id}


def test_shares_are_those_of_every_pair_of_members() -> None:
    """The shares, worked out once per pair of wordings, equal the sum over every pair of members."""
    alignment = align([read_source(path) for path in SEEDS])
    expected: dict[tuple[int, int], float] = {}
    for group in alignment.groups:
        members = sure_members(group)
        for first, second in combinations(members, 2):
            weight = (first.end - first.start) + (second.end - second.start)
            pair = (first.source, second.source)
            expected[pair] = expected.get(pair, 0.0) + weight * _pair_similarity(
                alignment, group, first, second, {}
            )
    found = shares(alignment)
    totals = [sum(p.end - p.start for p in passages) for passages in alignment.passages]
    links = {(min(k.source_a, k.source_b), max(k.source_a, k.source_b)) for k in alignment.links}
    for (i, j), share in found.items():
        if (i, j) not in links:  # links beside the groups add their own share
            assert share == pytest.approx(expected.get((i, j), 0.0) / (totals[i] + totals[j]), abs=1e-12)


def test_up_to_64_sources_every_pair_is_compared_and_beyond_the_closest() -> None:
    few = align([read_source(path) for path in SEEDS])
    assert close_pairs(few) is None
    assert len(alignment_to_dict(few, include_text=False)["pairs"]) == 10
    many = align(versions(PAIRWISE_UP_TO + 6))
    partners = close_pairs(many)
    assert partners is not None
    for source, others in partners.items():
        assert len(others) >= CLOSEST and source not in others
        assert all(source in partners[other] for other in others)  # both ways
        # the closest by share are among them
        by_share = sorted(
            (-share, other)
            for (i, j), share in shares(many).items()
            if source in (i, j)
            for other in ((j,) if i == source else (i,))
        )
        assert {other for _, other in by_share[:CLOSEST]} <= others
    found = provenance(many)
    assert found.copying
    for copy in found.copying:
        assert copy.origin in partners[copy.copier]
    listed = alignment_to_dict(many, include_text=False)["pairs"]
    assert len(listed) < len(many.sources) * (len(many.sources) - 1) // 2
    assert len(listed) == sum(len(others) for others in partners.values()) // 2


def test_who_had_it_first_among_many_dated_sources() -> None:
    """Beyond 64 sources each member is ordered against the sources it is compared with: the first is
    later than none of those in its group."""
    story = versions(PAIRWISE_UP_TO + 6)
    dated = [
        source_from_text(source.text, source.path, date=f"2026-05-{1 + (n * 7) % 28:02d}")
        for n, source in enumerate(story)
    ]
    alignment = align(dated)
    partners = close_pairs(alignment)
    assert partners is not None
    origins = provenance(alignment).origins
    for sentence in STORY:
        group = group_holding(alignment, min(holders(alignment, sentence)), sentence)
        origin = origins[group.id]
        assert origin.first is not None
        first = alignment.sources[origin.first].published
        assert first is not None
        for other in partners[origin.first] & group.sources:
            when = alignment.sources[other].published
            assert when is not None and when.when >= first.when


def test_a_pair_below_the_threshold_is_not_scored_and_one_above_is_scored_as_before() -> None:
    texts = []
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        texts += [text[p.start : p.end] for p in segment(text)]
    scorer = MeaningScorer.of(texts)
    skipped = 0
    for a, b in combinations(range(len(texts)), 2):
        score, linked = scorer.score(a, b), scorer.linked_score(a, b, MEANING_THRESHOLD)
        assert linked == score if score >= MEANING_THRESHOLD else linked in (0.0, score)
        skipped += linked == 0.0 and score > 0.0
    assert skipped  # some pairs are left without working out their score


def test_shares_of_many_sources_are_added_up_in_arrays_to_the_same_figures() -> None:
    alignment = align(versions(PAIRWISE_UP_TO + 6))
    n = len(alignment.sources)
    matrix = [[0.0] * n for _ in range(n)]
    for group in alignment.groups:
        _add_group(alignment, group, matrix, {})
    in_python = {(i, j): matrix[i][j] for i in range(n) for j in range(i + 1, n) if matrix[i][j]}
    assert in_python
    assert _in_arrays(alignment, {}) == in_python  # the same floats, not nearly
