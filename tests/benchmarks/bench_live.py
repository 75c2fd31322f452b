"""How soon a colleague's change reaches an open window: notification latency p50 and p99, from a commit in
one process to the follower's callback in another. Not a test.

    python tests/benchmarks/bench_live.py [--changes 500] [--gap-ms 20] [--only postgresql,sqlite]

A writer process (its own Library instance) changes an annotation's note ``--changes`` times, a random
pause of up to 2 x ``--gap-ms`` between two changes, and notes the time each commit returned. This process
follows the library and notes when each change reached its callback; both clocks are the system's
monotonic clock, the same in both processes. Each engine is measured twice in the same run:

- ``live``: ``reader.store.live.Follower`` (PostgreSQL: LISTEN/NOTIFY on a private cluster started by
  tests/postgres.py, a catch-up every 5 s; SQLite: ``PRAGMA data_version`` every 300 ms);
- ``poll 1 s``: the obvious alternative, ``changes_since`` read every second.

Also the cost of one look at an idle library: ``PRAGMA data_version`` against ``changes_since`` (what a
poller runs several times a second in every open window, while nothing changes).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.core.reading.sources import source_from_text  # noqa: E402
from reader.store import Change, Library, NewTarget  # noqa: E402
from reader.store.live import Follower  # noqa: E402

TEXT = "Musk said it is standard practice to use other AIs to validate your AI. Savitt: So that's a yes."

WRITER = """
import json, random, sys, time
sys.path.insert(0, {root!r})
from reader.store import Library
library = Library.open({address!r})
library.author = "writer"
seqs = []
library.subscribe(lambda change: seqs.append(change.seq))
random.seed(7)
sys.stdout.write("ready\\n"); sys.stdout.flush()
sys.stdin.readline()
committed = []
for n in range({changes}):
    library.update_annotation({annotation}, note=f"note {{n}}")
    committed.append((seqs[-1], time.monotonic()))
    time.sleep(random.uniform(0, 2 * {gap_ms} / 1000))
library.close()
print(json.dumps(committed))
"""


class Poller:
    """The baseline: read ``changes_since`` every ``period_s`` seconds."""

    def __init__(self, library: Library, deliver: Callable[[list[Change]], None], period_s: float) -> None:
        self.library, self.deliver, self.period_s = library, deliver, period_s
        self.seq = library.last_seq()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.period_s):
            changes = self.library.changes_since(self.seq)
            if changes:
                self.seq = changes[-1].seq or self.seq
                self.deliver([c for c in changes if c.remote])

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


def measure(address: str, how: str, changes: int, gap_ms: int) -> list[float]:
    """Latencies in ms of ``changes`` commits by a writer process, followed ``how`` ("live" or "poll")."""
    library = Library.open(address)
    source = library.import_source(source_from_text(TEXT, "/story/a.txt")).source_id
    annotation = library.add_annotation([NewTarget(source, 0, 4)], [], "").id
    arrived: dict[int, float] = {}
    done = threading.Event()

    def deliver(batch: list[Change]) -> None:
        now = time.monotonic()
        for change in batch:
            if change.seq is not None:
                arrived.setdefault(change.seq, now)
        if len(arrived) >= changes:
            done.set()

    if how == "live":
        follower: Follower | Poller = Follower(library, deliver)
        follower.start()
        assert follower.wait_ready(10)
    else:
        follower = Poller(library, deliver, 1.0)
    code = WRITER.format(
        root=str(ROOT), address=address, changes=changes, gap_ms=gap_ms, annotation=annotation
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None and writer.stdin is not None
    assert writer.stdout.readline().strip() == "ready"
    writer.stdin.write("go\n")
    writer.stdin.flush()
    out, _ = writer.communicate(timeout=600)
    committed = json.loads(out.strip().splitlines()[-1])
    done.wait(15)
    follower.close()
    library.close()
    missing = [seq for seq, _ in committed if seq not in arrived]
    if missing:
        raise SystemExit(f"{how} on {address}: {len(missing)} changes never arrived")
    return [(arrived[seq] - at) * 1000 for seq, at in committed]


def look_cost(address: str, rounds: int = 2000) -> tuple[float, float | None]:
    """Microseconds for one look at an idle library: ``changes_since`` (either engine) and ``PRAGMA
    data_version`` (a file only)."""
    library = Library.open(address)
    seq = library.last_seq()
    started = time.perf_counter()
    for _ in range(rounds):
        library.changes_since(seq)
    since_us = (time.perf_counter() - started) / rounds * 1e6
    version_us = None
    if library.address.path is not None:
        import sqlite3

        connection = sqlite3.connect(f"file:{library.address.path}?mode=ro", uri=True)
        started = time.perf_counter()
        for _ in range(rounds):
            connection.execute("PRAGMA data_version").fetchone()
        version_us = (time.perf_counter() - started) / rounds * 1e6
        connection.close()
    library.close()
    return since_us, version_us


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(engine: str, results: dict[str, list[float]]) -> None:
    live, poll = results["live"], results["poll"]
    for name, values in (("live", live), ("poll 1 s", poll)):
        print(
            f"{engine:<11} {name:<9} n={len(values):4d}  p50 {percentile(values, 0.5):7.1f} ms  "
            f"p99 {percentile(values, 0.99):7.1f} ms  max {max(values):7.1f} ms  "
            f"mean {statistics.fmean(values):7.1f} ms"
        )
    print(
        f"{engine:<11} poll 1 s / live: p50 x{percentile(poll, 0.5) / percentile(live, 0.5):.1f}, "
        f"p99 x{percentile(poll, 0.99) / percentile(live, 0.99):.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=500)
    parser.add_argument("--gap-ms", type=int, default=20)
    parser.add_argument("--only", default="postgresql,sqlite")
    args = parser.parse_args()
    engines = args.only.split(",")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"{args.changes} changes, a pause of 0-{2 * args.gap_ms} ms between two; "
        f"cores: {os.cpu_count()}, load average: {load}"
    )
    if "postgresql" in engines:
        from tests.postgres import Cluster

        cluster = Cluster.start()
        try:
            results = {
                how: measure(cluster.new_database(), how, args.changes, args.gap_ms)
                for how in ("live", "poll")
            }
            report("postgresql", results)
            since_us, _ = look_cost(cluster.new_database())
            print(f"postgresql  one look at an idle library: changes_since {since_us:.0f} us")
        finally:
            cluster.remove()
    if "sqlite" in engines:
        with tempfile.TemporaryDirectory() as folder:
            results = {
                how: measure(str(Path(folder) / f"{how}.sqlite3"), how, args.changes, args.gap_ms)
                for how in ("live", "poll")
            }
            report("sqlite", results)
            since_us, version_us = look_cost(str(Path(folder) / "live.sqlite3"))
            print(
                f"sqlite      one look at an idle library: changes_since {since_us:.0f} us, "
                f"PRAGMA data_version {version_us:.1f} us (x{since_us / (version_us or 1):.0f})"
            )


if __name__ == "__main__":
    main()
