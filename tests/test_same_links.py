"""tests/benchmarks/same_links.py turns two alignments into the differences a person judges: its counts
must be those of every pair looked at one by one, though it visits only the pairs that can differ."""

from __future__ import annotations

import itertools
from collections import Counter

from reader.core.alignment.align import AlignOptions, align
from reader.core.reading.sources import source_from_text
from reader.export.alignment_json import alignment_to_dict
from tests.benchmarks.same_links import Run, category, claim, differences, read_run

TEXTS = {
    "a.txt": "The council approved the budget on Friday. Taxes will rise by 3 percent next year. The mayor "
    "was absent from the vote. Officials said the new budget plan would fund three schools and a hospital "
    "in the north.",
    "b.txt": "The council approved the budget on Friday. Taxes will rise by 4 percent next year, officials "
    "said. Weather was fine all day. The mayor, who opposed it, noted the new budget plan would fund three "
    "schools and a hospital, but not roads, bridges, parks or libraries anywhere in town.",
    "c.txt": "The council approved the budget on Wednesday. Taxes will rise by 3 percent next year. The "
    "mayor did not attend the vote.",
}


def _run(threshold: float) -> Run:
    """The real aligner's JSON document for the three texts, read as claims."""
    sources = [source_from_text(text, path=name) for name, text in TEXTS.items()]
    return read_run(alignment_to_dict(align(sources, AlignOptions(threshold=threshold)), include_text=False))


def _one_by_one(a: Run, b: Run) -> Counter[str]:
    keys = sorted(set(a.members) | set(b.members))
    found: Counter[str] = Counter()
    for p, q in itertools.combinations(keys, 2):
        cat = category(claim(a, p, q), claim(b, p, q))
        if cat is not None:
            found[cat] += 1
    return found


def test_an_alignment_is_the_same_as_itself() -> None:
    run = _run(0.5)
    report = differences(run, run)
    assert report.same
    assert +report.counts == _one_by_one(run, run) == Counter(same=8)
    assert report.groups_same == len(run.groups)


def test_a_stricter_threshold_shows_as_pairs_lost_and_kinds_changed() -> None:
    loose, strict = _run(0.5), _run(0.8)
    report = differences(loose, strict)
    assert not report.same
    assert +report.counts == _one_by_one(loose, strict)
    assert report.counts["only in A"] == 4  # "Friday" / "Wednesday" and "3" / "4 percent" leave their groups
    lost = {(d.p[0], d.q[0], d.p[1]) for d in report.shown["only in A"]}
    assert ("a.txt", "b.txt", 43) in lost  # "Taxes will rise by 3 percent ..." / "... by 4 percent ..."
    details = {d for shown in report.shown["only in A"] if shown.a is not None for d in shown.a.details}
    assert "number: 3 percent / 4 percent" in details
    changed = {(d.a.kind if d.a else None, d.b.kind if d.b else None) for d in report.shown["kind changed"]}
    # An edited sentence under the stricter threshold is linked by meaning, with the copied words beside it.
    assert ("reworded", "fragment + paraphrase") in changed
