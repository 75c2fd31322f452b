"""What finding quotations costs, against the previous version measured in the same run. Not a test.

    python tests/benchmarks/bench_quotes.py --baseline DIR [--runs N] [--large]

``--baseline DIR``: another checkout of Reader (the previous version, e.g. ``git worktree add /tmp/base
main``). Figures:

1. ``reader align --json`` on the five seeds as a whole process (median of N runs each, alternating).
2. Provenance (now with quotations) of the seeds in process, median of 30, against the baseline; and
   ``find_quotes`` on 1 MB of the seeds' text repeated, beside the alignment of the seeds in process.
3. ``--large``: provenance (who copies whom, now with quotations) of two versions of 1 MB of Debian's
   fortune cookies (`apt-get install fortunes`: prose full of quotations and attributions), in process,
   this checkout against the baseline (the alignment itself is made once per checkout, not timed).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
FORTUNES = Path("/usr/share/games/fortunes")
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))

from checkouts import from_checkout  # noqa: E402


def process_time(root: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(root)}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "reader", "align", "--json", *map(str, SEEDS)],
        env=env,
        cwd=root,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def seeds_text() -> str:
    return "\n\n".join(path.read_text(encoding="utf-8") for path in SEEDS)


def edited_copy(text: str, rng: random.Random) -> str:
    """Another version: some paragraphs dropped, some words changed."""
    paragraphs = [p for p in text.split("\n") if rng.random() > 0.1]
    for index in rng.sample(range(len(paragraphs)), len(paragraphs) // 5):
        words = paragraphs[index].split(" ")
        if len(words) > 4:
            words[rng.randrange(len(words))] = "reportedly"
        paragraphs[index] = " ".join(words)
    return "\n".join(paragraphs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--large", action="store_true")
    args = parser.parse_args()
    roots = {"this": ROOT, "baseline": args.baseline.resolve()}

    times: dict[str, list[float]] = {name: [] for name in roots}
    for _ in range(args.runs):
        for name, root in roots.items():
            times[name].append(process_time(root))
    this, base = (statistics.median(times[name]) for name in ("this", "baseline"))
    print(f"reader align --json seeds: {this:.3f} s, baseline {base:.3f} s, ratio {this / base:.2f}")

    for name, root in roots.items():
        align, read_source, provenance = from_checkout(
            root,
            "reader.core.alignment.align:align",
            "reader.core.reading.sources:read_source",
            "reader.core.provenance.who_first:provenance",
        )
        alignment = align([read_source(path) for path in SEEDS])
        took = []
        for _ in range(30):
            start = time.perf_counter()
            provenance(replace(alignment))  # a copy: nothing worked out yet, in either checkout
            took.append(time.perf_counter() - start)
        print(f"provenance of the seeds, {name}: {statistics.median(took) * 1000:.1f} ms")

    find_quotes, align, read_source = from_checkout(
        ROOT,
        "reader.core.checks.quotes:find_quotes",
        "reader.core.alignment.align:align",
        "reader.core.reading.sources:read_source",
    )
    text = seeds_text()
    big = (text * (1_000_000 // len(text) + 1))[:1_000_000]
    start = time.perf_counter()
    found = find_quotes(big)
    quotes = time.perf_counter() - start
    start = time.perf_counter()
    align([read_source(path) for path in SEEDS])
    seeds = time.perf_counter() - start
    print(f"find_quotes on 1 MB: {quotes:.3f} s ({len(found)} quotations); aligning the seeds: {seeds:.3f} s")

    if args.large:
        rng = random.Random(31)
        files = sorted(p for p in FORTUNES.iterdir() if p.is_file() and not p.suffix)
        prose = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files)
        first = prose.replace("\n%\n", "\n\n")[:1_000_000]
        second = edited_copy(first, rng)
        for name, root in roots.items():
            align, source_from_text, provenance = from_checkout(
                root,
                "reader.core.alignment.align:align",
                "reader.core.reading.sources:source_from_text",
                "reader.core.provenance.who_first:provenance",
            )
            alignment = align([source_from_text(first, "a.txt"), source_from_text(second, "b.txt")])
            took = []
            for _ in range(3):
                start = time.perf_counter()
                found_pairs = provenance(replace(alignment))
                took.append(time.perf_counter() - start)
            shares = ", ".join(f"{copy.share:.0%}" for copy in found_pairs.copying)
            print(f"provenance of a 1 MB pair, {name}: {min(took):.3f} s (best of 3); copying share {shares}")


if __name__ == "__main__":
    main()
