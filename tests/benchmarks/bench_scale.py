"""Hundreds of sources: `reader align --json` as a whole process on N versions of one story (issue 34).

    python tests/benchmarks/bench_scale.py [--sizes 50,100,200,500] [--runs 3] [--baseline DIR [--baseline-up-to 160]]

The versions come from ``story_versions.py`` (a fixed seed: the same files on every machine). For each N it
prints the wall time (median of ``--runs``), the processor time (user + system, which a busy machine
swings less than the wall time) and the peak memory, and how the time grows with N between the smallest
and the largest N (as N^k). ``--baseline DIR`` measures another checkout in the same run (the previous
version), up to ``--baseline-up-to`` sources (its growth is quadratic: 500 sources take it minutes).

Targets (issue 34): 500 sources in at most 10 s and 1 GB; time growing no faster than N^1.2 from 50 to 500.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from story_versions import write  # noqa: E402


def measure(code: Path, files: list[Path]) -> tuple[float, float, float]:
    """Wall seconds, processor seconds and peak MB of one `reader align --json FILES` in checkout ``code``."""
    environment = {**os.environ, "PYTHONPATH": str(code)}
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", "align", "--json", *map(str, files)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=environment,
        cwd=code,  # `python -m` looks in the working directory first
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"reader align failed in {code}: {error[-400:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def bench(code: Path, files: list[Path], sizes: list[int], runs: int, label: str) -> None:
    print(f"{label}: {code}")
    rows: list[tuple[int, float, float]] = []
    for n in sizes:
        found = [measure(code, files[:n]) for _ in range(runs)]
        wall = statistics.median(w for w, _, _ in found)
        cpu = statistics.median(c for _, c, _ in found)
        memory = max(m for _, _, m in found)
        rows.append((n, wall, cpu))
        print(f"  {n:4d} sources: {wall:7.2f} s wall, {cpu:7.2f} s processor, peak {memory:6.0f} MB")
    if len(rows) >= 2:
        (n0, w0, c0), (n1, w1, c1) = rows[0], rows[-1]
        grow = math.log(n1 / n0)
        print(
            f"  growth {n0}->{n1}: wall N^{math.log(w1 / w0) / grow:.2f}, processor N^{math.log(c1 / c0) / grow:.2f}"
            " (target <= N^1.2)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="50,100,200,500", help="numbers of sources, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per size (the median is shown)")
    parser.add_argument("--baseline", type=Path, metavar="DIR", help="also measure this checkout")
    parser.add_argument("--baseline-up-to", type=int, default=160, help="largest N for the baseline")
    args = parser.parse_args()
    sizes = sorted(int(n) for n in args.sizes.split(","))
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M')}")
    with tempfile.TemporaryDirectory() as folder:
        files = write(max(sizes), Path(folder))
        size = sum(path.stat().st_size for path in files) / len(files) / 1000
        print(f"{len(files)} versions of one story, {size:.1f} KB each on average (story_versions.py)")
        bench(ROOT, files, sizes, args.runs, "this checkout")
        if args.baseline:
            small = [n for n in sizes if n <= args.baseline_up_to]
            bench(args.baseline.resolve(), files, small, args.runs, "baseline")


if __name__ == "__main__":
    main()
