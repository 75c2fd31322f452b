"""Notes of hostile Markdown: time and peak memory to render one note to safe HTML. Not a test.

    python tests/benchmarks/bench_notes.py [--baseline DIR] [--timeout SECONDS] [--sizes 100000,336000]
        [--only SHAPE] [--what note,html,pdf]

``note``: ``note_html`` alone, what the HTML export runs on every note and what the note preview shows
(issue 30: a 336 KB note took 277 s to export; 500 links in one paragraph took 1.4 s per keystroke).
``html`` and ``pdf``: a whole export of a two-source comparison whose one annotation has the note (the PDF
renders the report's Markdown, notes included, once more). Each case runs in a
process of its own, so its peak memory (the process's maximum resident size) is its own. With ``--baseline
DIR`` (``git worktree add DIR main``) the previous version renders the same notes in the same run; a case
still running after ``--timeout`` seconds is stopped, and the larger sizes of that shape are not tried.

Shapes: links (one paragraph of Markdown links), emphasis (``*a*  **b**  _c_``...), open-tags (``<a `` over
and over, never closed), nested-lists, brackets (``[[[...]]]``), table (200 columns).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SHAPES = {
    "links": "''.join(f'[link {i}](https://example.com/{i}) ' for i in range(n // 30 + 1))[:n]",
    "emphasis": "''.join(f'*a {i}* **b** _c_ __d__ `e` ' for i in range(n // 25 + 1))[:n]",
    "open-tags": "('<a ' * (n // 3 + 1))[:n]",
    "nested-lists": "''.join('  ' * (i % 12) + f'- item {i}\\n' for i in range(n // 16 + 1))[:n]",
    "brackets": "'[' * (n // 2) + ']' * (n // 2)",
    "table": "('|' + 'a|' * 200 + '\\n') + ('|' + '-|' * 200 + '\\n') + ('|' + 'a|' * 200 + '\\n') * (n // 402)",
}

CHILD = """
import os, resource, sys, tempfile, time
sys.path.insert(0, {root!r})
n = {size}
note = {shape}
if {what!r} == "note":
    from reader.export.notes import note_html
    start = time.perf_counter()
    note_html(note)
else:
    from pathlib import Path
    from reader.core.alignment.align import align
    from reader.core.reading.sources import source_from_text
    from reader.export.formats import export
    from reader.export.report import build_report
    from reader.store import Library, NewTarget
    folder = Path(tempfile.mkdtemp())
    library = Library.open(folder / "library.sqlite3")
    texts = ["Musk said it is standard practice. He then left the court.", "Musk said it was standard. He left."]
    alignment = align([source_from_text(t, path=str(folder / f"s{{i}}.txt")) for i, t in enumerate(texts)])
    ids = [library.import_source(source).source_id for source in alignment.sources]
    library.add_annotation([NewTarget(ids[0], 0, 4)], ["disputed"], note)
    start = time.perf_counter()
    export(build_report(alignment, library), folder / "report.{what}")
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{{took:.2f}} {{peak:.0f}} {{len(note)}}")
"""


def measure(root: Path, what: str, shape: str, size: int, timeout: float) -> str:
    code = CHILD.format(root=str(root), size=size, shape=SHAPES[shape], what=what)
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env=environment,
        )
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s"
    if done.returncode != 0:
        return "failed: " + (done.stderr.strip().splitlines() or ["?"])[-1][:60]
    took, peak, _length = done.stdout.split()
    return f"{float(took):.2f} s, {float(peak):.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="a checkout of the previous version")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--sizes", default="100000,336000,1000000")
    parser.add_argument("--only", help="one shape")
    parser.add_argument("--what", default="note,html,pdf", help="note (note_html), html, pdf (exports)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    roots = [("this", ROOT)] + ([("baseline", args.baseline)] if args.baseline else [])
    print(f"{'':5} {'shape':14} {'size':>9}  " + "  ".join(f"{name:>20}" for name, _ in roots), flush=True)
    over: set[tuple[str, str, str]] = set()  # (what, checkout, shape) past the timeout: no larger size
    for what in args.what.split(","):
        for shape in [args.only] if args.only else SHAPES:
            for size in sizes:
                cells = []
                for name, root in roots:
                    if (what, name, shape) in over:
                        cells.append("(not tried)")
                        continue
                    cell = measure(root, what, shape, size, args.timeout)
                    if cell.startswith(">"):
                        over.add((what, name, shape))
                    cells.append(cell)
                row = f"{what:5} {shape:14} {size:>9,}  " + "  ".join(f"{c:>20}" for c in cells)
                print(row, flush=True)


if __name__ == "__main__":
    main()
