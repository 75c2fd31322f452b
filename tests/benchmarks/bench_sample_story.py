"""Recall and precision of Reader's links on the sample story, against facts written down by hand
(tests/data/sample_story_facts.json). Not a test.

    python tests/benchmarks/bench_sample_story.py [--baseline DIR]

Recall: for each fact and each pair of sources that both report it, is some passage of the fact in one
grouped with some passage of it in the other? Precision: of Reader's links (two passages of different
sources in one group) between passages that the facts name, the share that join two passages of one fact.
(The facts do not name every passage, so links between passages they do not name are not judged.) The
threshold was not tuned on this story: it is far too small to tune on.
"""

from __future__ import annotations

import argparse
import json
import sys
from itertools import combinations
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from checkouts import from_checkout

ROOT = Path(__file__).resolve().parents[2]
FACTS = ROOT / "tests" / "data" / "sample_story_facts.json"


def measure(root: Path) -> tuple[float, float, int, int]:
    align, read_source = from_checkout(
        root, "reader.core.alignment.align:align", "reader.core.reading.sources:read_source"
    )
    sources = [read_source(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    alignment = align(sources)
    facts = json.loads(FACTS.read_text(encoding="utf-8"))["facts"]
    group_of: dict[tuple[int, int], int] = {}  # (source, passage start) -> group
    starts: dict[tuple[int, str], tuple[int, int]] = {}
    for group in alignment.groups:
        for member in group.members:
            group_of[(member.source, member.start)] = group.id
    named: dict[tuple[int, int], set[int]] = {}  # member (source, start) -> the facts it reports
    by_fact: list[dict[int, set[int]]] = []
    for number, fact in enumerate(facts):
        places: dict[int, set[int]] = {}
        for source, anchor in fact["passages"]:
            offset = sources[source].text.index(anchor)
            found = alignment.member_at(source, offset)
            assert found is not None, anchor
            member, group = found
            places.setdefault(source, set()).add(group.id)
            named.setdefault((source, member.start), set()).add(number)
            starts[(source, anchor)] = (source, member.start)
        by_fact.append(places)
    # Links beside the groups (a sentence of two facts tied to both), where the version has them.
    tied = {
        frozenset({(link.source_a, link.group_a), (link.source_b, link.group_b)})
        for link in getattr(alignment, "links", ())
    }
    pairs = linked = 0
    for places in by_fact:
        for i, j in combinations(sorted(places), 2):
            pairs += 1
            linked += bool(places[i] & places[j]) or any(
                frozenset({(i, a), (j, b)}) in tied for a in places[i] for b in places[j]
            )
    judged = right = 0
    for group in alignment.groups:
        for first, second in combinations(group.members, 2):
            a, b = (first.source, first.start), (second.source, second.start)
            if a in named and b in named:
                judged += 1
                right += bool(named[a] & named[b])
    for link in getattr(alignment, "links", ()):
        a, b = (link.source_a, link.a_start), (link.source_b, link.b_start)
        a, b = _member_start(alignment, *a), _member_start(alignment, *b)
        if a in named and b in named:
            judged += 1
            right += bool(named[a] & named[b])
    return linked / pairs, (right / judged if judged else 1.0), pairs, judged


def _member_start(alignment: Any, source: int, offset: int) -> tuple[int, int]:
    found = alignment.member_at(source, offset)
    return (source, found[0].start if found else offset)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline", metavar="DIR", help="a checkout of the previous version of Reader")
    args = parser.parse_args()
    runs = [("Reader", ROOT)] + ([("previous Reader", Path(args.baseline))] if args.baseline else [])
    for name, root in runs:
        recall, precision, pairs, judged = measure(root)
        print(
            f"{name:<16} recall {recall:.2f} ({pairs} fact-source pairs), precision {precision:.2f} ({judged} links judged)"
        )


if __name__ == "__main__":
    main()
