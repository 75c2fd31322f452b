"""Export speed: the sample story with 50 annotations, each format. Not a test: run it by hand.

    python tests/benchmarks/bench_export.py

Prints each format's time (median of 5, in process, annotations already stored) against the alignment of
the same five files measured in the same run, and `reader export` as a whole process.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from reader.core.alignment.align import align  # noqa: E402
from reader.core.reading.sources import read_source  # noqa: E402
from reader.export.formats import FORMATS, export  # noqa: E402
from reader.export.report import build_report  # noqa: E402
from reader.store import Library, NewTarget  # noqa: E402

TAGS = ["disputed", "verified", "unsourced", "quote", "correction"]


def median(action, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    sources = [read_source(p) for p in seeds]
    alignment = align(sources)
    library = Library.open(folder / "library.sqlite3")
    report = build_report(alignment, library)
    members = [(m, g) for g in alignment.groups for m in g.members][:50]
    for number, (member, _group) in enumerate(members):
        library.add_annotation(
            [NewTarget(report.source_ids[member.source], member.start, member.end)],
            [TAGS[number % len(TAGS)]],
            f"Note {number}: *checked* against the court transcript.",
        )
    baseline = median(lambda: align(sources))
    print(f"alignment of the five seeds (baseline): {baseline * 1000:.0f} ms")
    for fmt, suffix in ((f.name, f.suffix) for f in FORMATS.values()):
        elapsed = median(
            lambda fmt=fmt, suffix=suffix: export(
                build_report(alignment, library), folder / f"out{suffix}", fmt
            )
        )
        print(
            f"export {fmt:4} with 50 annotations: {elapsed * 1000:.0f} ms ({elapsed / baseline:.1f}x the alignment; target < 2 s)"
        )
    library.close()
    command = [
        sys.executable,
        "-m",
        "reader",
        "export",
        *map(str, seeds),
        "--db",
        str(folder / "library.sqlite3"),
    ]
    for suffix in (".html", ".pdf"):
        start = time.perf_counter()
        subprocess.run([*command, "-o", str(folder / f"cli{suffix}")], check=True, capture_output=True)
        print(f"reader export -o {suffix} as a whole process: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
