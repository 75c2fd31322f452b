"""Who had it first and the overview, as the number of sources grows: the window's work after the alignment
(who copies whom, the overview's grid, the lines of the "Who copies whom" list, the highlights of the two
panes it opens with), against a baseline checkout measured in the same run. Not a test: run it by hand.

    python tests/benchmarks/bench_provenance_scale.py --sources 50 200 --baseline /work/wt/base

The sources are versions of one story (``story_versions.py``), aligned once per count by this checkout and
kept (pickled) in ``--cache``: aligning hundreds of sources is the engine's cost, measured elsewhere
(``bench_scale.py``); here each checkout's child process loads the same alignment and times what follows it.
Peak memory is the child's peak resident set, the alignment loaded included.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

CHILD = r"""
import json, pickle, resource, sys, time
sys.setrecursionlimit(100000)
with open(sys.argv[1], "rb") as handle:
    alignment = pickle.load(handle)
loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
from reader.core.provenance.who_first import provenance
from reader.core.provenance.overview import overview, publication_order
from reader.core.provenance.highlights import highlights
from reader.export.fragments import both_quote_lines, copying_lines
times = {}
start = time.perf_counter()
found = provenance(alignment)
times["provenance"] = time.perf_counter() - start
start = time.perf_counter()
grid = overview(alignment)
times["overview"] = time.perf_counter() - start
start = time.perf_counter()
lines = copying_lines(alignment) + both_quote_lines(alignment)
times["lines"] = time.perf_counter() - start
start = time.perf_counter()
first = publication_order([s.published for s in alignment.sources])[0]
for source in {first, grid.rows[0].partner or first}:
    highlights(alignment, source)
times["highlights"] = time.perf_counter() - start
import hashlib
answer = repr((found.copying, found.both_quote, sorted(found.quoted_by_source.items()), grid, lines))
answer += repr([found.origins[group.id] for group in alignment.groups if len(group.members) > 1])
times["digest"] = hashlib.sha256(answer.encode()).hexdigest()[:16]
times["pairs"] = len(found.copying)
times["lines_made"] = len(lines)
times["loaded_mb"] = loaded
times["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("RESULT " + json.dumps(times))
"""


def aligned(count: int, cache: Path) -> Path:
    """The pickled alignment of ``count`` versions, made by this checkout when not in ``cache`` yet."""
    path = cache / f"alignment-{count}.pickle"
    if path.exists():
        return path
    from story_versions import write

    from reader.core.alignment.align import align
    from reader.core.reading.sources import read_source

    folder = Path(tempfile.mkdtemp())
    sources = [read_source(str(p)) for p in write(count, folder)]
    start = time.perf_counter()
    alignment = align(sources)
    print(f"  ({count} sources aligned in {time.perf_counter() - start:.1f} s, kept in {path})")
    sys.setrecursionlimit(100000)
    cache.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        pickle.dump(alignment, handle, protocol=5)
    return path


def run(root: Path, path: Path) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(root))
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        env=env, capture_output=True, text=True, timeout=3600, check=True, cwd=tempfile.gettempdir(),
    )  # fmt: skip
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))
    result: dict[str, Any] = json.loads(line[len("RESULT ") :])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sources", type=int, nargs="+", default=[50, 200], help="counts of sources (N)")
    parser.add_argument("--baseline", metavar="DIR", help="a checkout of the previous version, run as well")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "reader-bench-alignments")
    arguments = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    checkouts = [("this version", ROOT)]
    if arguments.baseline:
        checkouts.append(("baseline", Path(arguments.baseline)))
    keys = ("provenance", "overview", "lines", "highlights")
    for count in arguments.sources:
        path = aligned(count, arguments.cache)
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in checkouts}
        for _ in range(arguments.repeat):  # alternating: a slower minute of the machine weighs on both
            for name, root in checkouts:
                runs[name].append(run(root, path))
        results = {  # each figure's median
            name: {
                key: statistics.median(r[key] for r in found) if key in keys else found[0][key]
                for key in found[0]
            }
            for name, found in runs.items()
        }
        results = {
            name: {**result, "digests": {r["digest"] for r in runs[name]}} for name, result in results.items()
        }
        print(f"{count} sources (median of {arguments.repeat}):")
        for name, found in results.items():
            parts = ", ".join(f"{key} {found[key]:.2f} s" for key in keys)
            total = sum(found[key] for key in keys)
            print(
                f"  {name:<13} {total:6.2f} s ({parts}); {found['pairs']:.0f} pairs, "
                f"{found['lines_made']:.0f} lines; peak {found['peak_mb']:.0f} MB "
                f"(alignment loaded {found['loaded_mb']:.0f} MB)"
            )
        if len(results) > 1:
            mine, base = (sum(results[name][key] for key in keys) for name, _ in checkouts)
            same = len(set().union(*(found["digests"] for found in results.values()))) == 1
            print(
                f"  ratio to the baseline: {mine / base:.2f}x the time; who copies whom, the origins, the "
                f"grid and the lines {'the same' if same else 'DIFFERENT'} in both"
            )


if __name__ == "__main__":
    main()
