"""Differing details on real same-story articles: how many each version reports, by kind, and every one of
them written out for a reader to judge (real, or a false alarm?). Not a test.

    python tests/benchmarks/bench_details.py --stories DIR [--baseline REV] [--dump FILE]

DIR holds one folder per story, each with the outlets' articles as .txt files; each story is aligned as
Reader aligns it (``read_source`` and ``align``). ``--baseline`` is a git revision (``main``, ``HEAD~1``) or
a folder holding a checkout: its version runs on the same stories in the same run, from a temporary
``git worktree`` of that revision. ``--dump`` writes one JSON line per reported detail: the version, the
story, the kind, both sources, the differing words and both linked passages in full, and how the link was
found (edited, meaning, told again) with its confidence.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from checkouts import from_checkout

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("date", "number", "name", "quote")


@contextmanager
def checkout(revision: str) -> Iterator[Path]:
    """A folder holding ``revision``: the folder itself when it is one, else a temporary git worktree."""
    if Path(revision).is_dir():
        yield Path(revision)
        return
    with tempfile.TemporaryDirectory(prefix="reader-details-base-") as parent:
        folder = Path(parent) / "checkout"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(folder), revision], check=True
        )
        try:
            yield folder
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder)], check=True)


def stories(folder: Path) -> list[tuple[str, list[Path]]]:
    found = []
    for story in sorted(p for p in folder.iterdir() if p.is_dir()):
        files = sorted(story.glob("*.txt"))
        if len(files) >= 2:
            found.append((story.name, files))
    return found


def measure(root: Path, name: str, cases: list[tuple[str, list[Path]]]) -> tuple[dict[str, Any], list[dict]]:
    align, read_source = from_checkout(
        root, "reader.core.alignment.align:align", "reader.core.reading.sources:read_source"
    )
    grouping = sys.modules["reader.core.alignment.grouping"]
    searching = [0.0]  # the time spent finding details, of the time aligning
    find = grouping.find_discrepancies

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return find(*args, **kwargs)
        finally:
            searching[0] += time.perf_counter() - started

    grouping.find_discrepancies = timed
    counts: Counter[str] = Counter()
    rows: list[dict] = []
    seconds = 0.0
    for story, files in cases:
        sources = [read_source(path) for path in files]
        started = time.perf_counter()
        alignment = align(sources)
        seconds += time.perf_counter() - started
        texts = [source.text for source in sources]
        for group in alignment.groups:
            for member in group.members:
                if member.compared_with is None:
                    continue
                counts["linked members"] += 1
                if member.source == group.reference and len(group.members) > 1:
                    continue  # the reference mirrors its closest member's details: one pair, counted once
                for found in member.discrepancies:
                    counts[found.kind] += 1
                    counts[f"{found.kind} by {member.found_by}"] += 1
                    other, _ = alignment.member_at(member.compared_with, found.a_start)
                    rows.append(
                        {
                            "version": name,
                            "story": story,
                            "kind": found.kind,
                            "a_source": files[member.compared_with].name,
                            "b_source": files[member.source].name,
                            "a_text": found.a_text,
                            "b_text": found.b_text,
                            "a_passage": texts[member.compared_with][other.start : other.end],
                            "b_passage": texts[member.source][member.start : member.end],
                            "found_by": member.found_by,
                            "classification": member.classification,
                            "confidence": round(member.confidence, 3),
                        }
                    )
    summary: dict[str, Any] = dict(counts)
    summary["seconds"] = seconds
    summary["details seconds"] = searching[0]
    return summary, rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stories", required=True, type=Path, metavar="DIR")
    parser.add_argument("--baseline", metavar="REV", help="a git revision or a checkout's folder")
    parser.add_argument("--dump", type=Path, metavar="FILE", help="write every reported detail as JSONL")
    args = parser.parse_args()
    cases = stories(args.stories)
    if not cases:
        sys.exit(f"{args.stories}: no story folders with two or more .txt files")
    print(f"Stories: {len(cases)} in {args.stories}, {sum(len(f) for _, f in cases)} articles\n")
    results = [("Reader", *measure(ROOT, "Reader", cases))]
    if args.baseline:
        with checkout(args.baseline) as folder:
            results.append((f"base {args.baseline}", *measure(folder, "base", cases)))
    header = (
        f"{'':<20}"
        + "".join(f"{kind:>8}" for kind in KINDS)
        + f"{'total':>8}{'linked':>8}{'align s':>9}{'details s':>11}"
    )
    print(header)
    for name, summary, _ in results:
        total = sum(summary.get(kind, 0) for kind in KINDS)
        print(
            f"{name:<20}"
            + "".join(f"{summary.get(kind, 0):>8}" for kind in KINDS)
            + f"{total:>8}{summary.get('linked members', 0):>8}{summary['seconds']:>9.2f}"
            + f"{summary['details seconds']:>11.3f}"
        )
    for name, summary, _ in results:
        split = {k: v for k, v in sorted(summary.items()) if " by " in k}
        print(f"{name}: by how the link was found: {split}")
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as out:
            for _, _, rows in results:
                for row in rows:
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"\n{sum(len(rows) for *_, rows in results)} details written to {args.dump}")


if __name__ == "__main__":
    main()
