"""A fact one source tells twice: is its second telling marked as told again (reported by the others), or
shown as found in one source only? Not a test.

    python tests/benchmarks/bench_told_twice.py [--split tune|test] [--baseline DIR]

Data, read from ../shared/data and split as in bench_meaning.py (never copied into the project): sentences
the corpora pair as paraphrases (MSRP label 1, STS 4-5) are joined into clusters through the sentences they
pair more than once; each cluster of three or more gives a triple of sentences that report one fact. Each
triple is planted three ways, each of its sentences once the one that document B carries: document A carries
the other two (the source that tells the fact twice), each document among FILLER unrelated sentences from
the other corpus (as bench_meaning.py), TRIPLES triples per trial, at random positions.

Per planted triple: linked (B's sentence is grouped with one of A's two); told again (A's other sentence
is a "repeated" group that points to that group); found in one source only (A's other sentence is shown
as unique: what a reader is told when the second telling is missed). False: fillers marked as told again,
per 1,000 fillers. Nothing here was tuned: Reader's settings come from bench_meaning.py's tuning half.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_meaning as meaning
from checkouts import from_checkout

ROOT = Path(__file__).resolve().parents[2]
FILLER, TRIPLES = 40, 4

Case = tuple[tuple[str, str], str]  # (A's two sentences, B's sentence)


def triples(split: str) -> dict[str, list[tuple[str, str, str]]]:
    """The triples of each corpus of one half."""
    msrp, sts, _ = meaning.load_all(split)
    found: dict[str, list[tuple[str, str, str]]] = {}
    for corpus, pairs, least in (("MSRP", msrp, 1.0), ("STS news", sts, 4.0)):
        positive = tuple(tuple(p[:2]) for p in pairs if p[2] >= least)
        found[corpus] = [
            (sentences[0], sentences[1], sentences[2])
            for _, sentences in meaning._clusters(positive)
            if len(sentences) >= 3
        ]
    return found


def cases(triple: tuple[str, str, str]) -> list[Case]:
    x, y, z = triple
    return [((y, z), x), ((x, z), y), ((x, y), z)]


def trials(split: str, seed: int = 5) -> list[tuple[list[str], list[str], list[Case]]]:
    """(A's sentences, B's sentences, the cases planted in them)."""
    msrp, sts, headlines = meaning.load_all(split)
    pools = dict(zip(("MSRP", "STS news"), meaning.filler_pools(msrp, sts, headlines), strict=True))
    rng = random.Random(seed)
    out = []
    for corpus, found in sorted(triples(split).items()):
        clusters = meaning._clusters(tuple(pools[corpus]))
        planted = [case for triple in found for case in cases(triple)]
        rng.shuffle(planted)
        while planted:
            chosen: list[Case] = []
            used: set[str] = set()
            for case in list(planted):
                words = {meaning._plain(s) for s in (*case[0], case[1])}
                if len(chosen) < TRIPLES and not words & used:
                    chosen.append(case)
                    used |= words
                    planted.remove(case)
            open_clusters = [sentences for keys, sentences in clusters if not used & keys]
            fillers = [rng.choice(c) for c in rng.sample(open_clusters, 2 * FILLER)]
            a = [s for case in chosen for s in case[0]] + fillers[:FILLER]
            b = [case[1] for case in chosen] + fillers[FILLER:]
            rng.shuffle(a)
            rng.shuffle(b)
            out.append((a, b, chosen))
    return out


def measure(root: Path, runs: Sequence[tuple[list[str], list[str], list[Case]]]) -> dict[str, float]:
    align, source_from_text = from_checkout(
        root, "reader.core.alignment.align:align", "reader.core.reading.sources:source_from_text"
    )
    counts = {"cases": 0, "linked": 0, "told again": 0, "unique": 0, "fillers": 0, "false": 0}
    for a, b, chosen in runs:
        texts = ["\n\n".join(a) + "\n", "\n\n".join(b) + "\n"]
        alignment = align([source_from_text(texts[0], "a.txt"), source_from_text(texts[1], "b.txt")])
        documents = (a, b)

        def group_of(source: int, sentence: str, alignment: Any = alignment, documents=documents) -> Any:
            offset = meaning._starts(documents[source])[documents[source].index(sentence)]
            return alignment.member_at(source, offset)[1]

        planted = set()
        for (first, second), alone in chosen:
            counts["cases"] += 1
            planted |= {first, second}
            home = group_of(1, alone)
            told = [group_of(0, first), group_of(0, second)]
            if home not in told:
                continue
            counts["linked"] += 1
            (other,) = [g for g in told if g is not home]
            counts["told again"] += other.kind == "repeated" and getattr(other, "repeats", None) == home.id
            counts["unique"] += other.kind == "unique"
        for sentence in a:
            if sentence not in planted:
                counts["fillers"] += 1
                counts["false"] += group_of(0, sentence).kind == "repeated"
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", choices=("tune", "test"), default="test")
    parser.add_argument("--baseline", metavar="DIR", help="a checkout of the previous version of Reader")
    args = parser.parse_args()
    runs = trials(args.split)
    print(f"Split: {args.split}; {sum(len(c) for *_, c in runs)} planted cases in {len(runs)} trials\n")
    for name, root in [("Reader", ROOT)] + (
        [("previous Reader", Path(args.baseline))] if args.baseline else []
    ):
        c = measure(root, runs)
        linked = c["linked"] or 1
        print(
            f"{name:<16} linked {c['linked'] / c['cases']:.1%} of {c['cases']}; of those, the second telling is "
            f"told again {c['told again'] / linked:.1%}, found in one source only {c['unique'] / linked:.1%}; "
            f"fillers marked told again {1000 * c['false'] / max(1, c['fillers']):.2f} per 1,000"
        )


if __name__ == "__main__":
    main()
