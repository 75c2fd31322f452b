"""What a verdict on a link costs in the window, against aligning again (the baseline, measured in the same
run). Not a test: run it by hand.

    python tests/benchmarks/bench_verdicts.py [--runs N]

On the five seeds, with every fifth link rejected and every fifth but one confirmed: the median time of
aligning them (what showing a verdict would cost if it re-aligned), and of what a verdict does instead:
reading the verdicts from a library and placing them on the texts (``Library.placed_verdicts``), applying
them (``verdicts.apply_verdicts``) and working out who copies whom again.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reader.comparison import Comparison
from reader.core.alignment.align import align
from reader.core.alignment.verdicts import apply_verdicts, links_of
from reader.core.provenance.who_first import provenance
from reader.store import Library, NewTarget

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        library = Library.open(Path(folder) / "library.sqlite3")
        comparison, _ = Comparison.load(SEEDS)
        assert comparison is not None
        comparison.attach(library)
        alignment = comparison.alignment
        links = [pair for group in alignment.groups for pair in links_of(alignment, group)]
        judged = 0
        for number, (member, other) in enumerate(links):
            if number % 5 > 1:
                continue
            ids = comparison.source_ids
            library.judge_link(
                NewTarget(ids[member.source], member.start, member.end),
                NewTarget(ids[other.source], other.start, other.end),
                "rejected" if number % 5 == 0 else "confirmed",
            )
            judged += 1
        sources = list(alignment.sources)

        def realign() -> None:
            provenance(align(sources, alignment.options))

        def apply() -> None:
            placed = library.placed_verdicts(alignment.sources)
            provenance(apply_verdicts(alignment, placed))

        baseline = median_ms(realign, runs)
        verdicts = median_ms(apply, runs)
        print(
            f"seeds: {len(links)} links, {judged} judged (every fifth rejected, every fifth but one confirmed)"
        )
        print(f"aligning again (baseline): {baseline:8.1f} ms")
        print(f"applying the verdicts:     {verdicts:8.1f} ms  ({verdicts / baseline:.2f} of aligning again)")
        library.close()


if __name__ == "__main__":
    main()
