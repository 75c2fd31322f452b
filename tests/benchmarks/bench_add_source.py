"""Adding one source to an open comparison: aligning N+1 sources with the work cache of the N open, against
aligning the N+1 afresh (issue 34's target: at most a tenth).

The versions are those of ``story_versions.py`` (one story, fixed seed). In each round, in one process:

- afresh: ``align`` of the N+1, no cache;
- added: a cache warmed by aligning the first N (not timed), then ``align`` of the N+1 with it, what the
  window does when a source is added (its workspace keeps the cache of what is open);
- reopened: the same from the file that cache was saved to, read by a new cache (the next session), the
  read counted in.

Prints the median CPU time of each (the alignment runs on one thread; on a shared machine the wall clock
varies by half from one run to the next), the ratios against afresh and the target, and what the cache reused. With
``--profile``, the functions that take the time of an added source's alignment (what is not cached yet).

    python tests/benchmarks/bench_add_source.py                 # N = 50, 3 rounds
    python tests/benchmarks/bench_add_source.py --sizes 50 100 200 --rounds 3 --profile
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))

from story_versions import versions  # noqa: E402

from reader.core.alignment.align import align  # noqa: E402
from reader.core.alignment.workcache import WorkCache  # noqa: E402
from reader.core.reading.sources import Source, source_from_text  # noqa: E402
from reader.export.alignment_json import to_json  # noqa: E402

TARGET = 0.1


def sources(count: int) -> list[Source]:
    return [
        source_from_text(text, path=f"/story/version{n:03}.txt") for n, text in enumerate(versions(count))
    ]


def timed(work: object) -> tuple[float, object]:
    """The CPU time ``work`` took (one thread: on a shared machine, less noisy than the wall clock)."""
    started = time.process_time()
    result = work()  # type: ignore[operator]
    return time.process_time() - started, result


def measure(count: int, rounds: int, profile: bool, folder: Path) -> None:
    story = sources(count + 1)
    opened, added = story[:count], story
    afresh: list[float] = []
    warm: list[float] = []
    reopened: list[float] = []
    same = True
    cache = WorkCache()
    for number in range(rounds):
        seconds, fresh = timed(lambda: align(added))
        afresh.append(seconds)
        cache = WorkCache(folder / f"{count}-{number}" / "alignment.sqlite3")
        align(opened, cache=cache)
        cache.save()
        before = cache.counts.copy()
        seconds, with_cache = timed(lambda cache=cache: align(added, cache=cache))
        warm.append(seconds)
        reused = cache.counts - before
        assert cache.path is not None
        following = WorkCache(cache.path)
        seconds, from_file = timed(lambda following=following: align(added, cache=following))
        reopened.append(seconds)
        same = same and to_json(fresh) == to_json(with_cache) == to_json(from_file)  # type: ignore[arg-type]
    fresh_s, warm_s, reopened_s = map(statistics.median, (afresh, warm, reopened))
    print(f"N = {count} open, 1 added ({rounds} rounds, medians of CPU time)")
    print(f"  afresh (no cache)          {fresh_s:7.2f} s")
    print(
        f"  added, cache of the open   {warm_s:7.2f} s   ratio {warm_s / fresh_s:.3f}  (target <= {TARGET})"
    )
    print(f"  reopened, cache from file  {reopened_s:7.2f} s   ratio {reopened_s / fresh_s:.3f}")
    print(f"  the cache removes {1 - warm_s / fresh_s:.0%} of the time; output the same: {same}")
    kinds = sorted({kind for kind, _ in reused})
    print(
        "  reused: "
        + ", ".join(f"{k} {reused[k, 'hit']}/{reused[k, 'hit'] + reused[k, 'miss']}" for k in kinds)
    )
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        align(added, cache=cache)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(r"reader/core", 25)
        print("  where an added source's alignment spends its time (cumulative, reader/core only):")
        for line in out.getvalue().splitlines():
            if "reader/core" in line or "ncalls" in line:
                print("   ", line.strip()[:150])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[50], help="sources open (N)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile an added source's alignment")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-add-source-") as folder:
        for count in args.sizes:
            measure(count, args.rounds, args.profile, Path(folder))


if __name__ == "__main__":
    main()
