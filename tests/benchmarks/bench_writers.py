"""Concurrent writers on shared annotations: writes per second, races detected against races expected, and
acknowledged writes lost. Not a test.

    python tests/benchmarks/bench_writers.py [--writers 8,16,32] [--writes 30] [--annotations 4]
        [--think-ms 4] [--shared 0.3] [--engines postgresql,sqlite] [--seed 35]

Each writer is a thread with a Library of its own (its own engine and connections), as a colleague's
Reader is. A write reads one of a few shared annotations (its version), thinks a moment, and saves its note
with one token added: to the writer's own line of the note (a colleague's edit of another line merges
cleanly) or, with probability ``--shared``, to the last line all writers add to (two such edits racing are
a conflict to keep). Every acknowledged write is recorded with its token, the version it started from and
the version it made.

Versioned: ``save_annotation(..., based_on=the record read)``. Afterwards:
- races expected, counted from the final state: the versions an annotation went through are consecutive,
  so a write that made version v and started from anything but v - 1 was based on a version another write
  had already replaced (and the change log confirms who made each version, in commit order);
- races detected: the writes the store said were merged or kept as a conflict; they must be the same writes;
- acknowledged writes lost: a token is in the final note, or in a kept conflict's text; else it is lost.

Baseline, same run, same load: plain last-write-wins saves (``update_annotation`` without ``based_on``);
acknowledged writes lost are the tokens in neither place.

PostgreSQL runs on a private cluster (tests/postgres.py, unix socket, fsync off); SQLite on a temporary
file (WAL, synchronous FULL) for comparison. Two shared cores make absolute rates modest; the ratios and
the counts are the point.

Figures (2 shared cores under load average 6.5, 30 writes per writer, 4 annotations), writes per second
versioned / last write wins, races detected of expected, acknowledged writes lost versioned / baseline:
    PostgreSQL  8 writers   59.0 /  60.8   181 of 181   0 (29 kept as conflicts) / 137 of 240
    PostgreSQL 16 writers   92.5 / 124.5   426 of 426   0 (82 kept as conflicts) / 338 of 480
    PostgreSQL 32 writers   83.8 /  88.9   926 of 926   0 (209 kept as conflicts) / 757 of 960
    SQLite      8 writers   56.4 /  69.6    98 of 98    0 (17 kept as conflicts) / 159 of 240
    SQLite     16 writers   59.9 /  54.4   251 of 251   0 (50 kept as conflicts) / 333 of 480
    SQLite     32 writers   63.9 /  93.9   574 of 574   0 (130 kept as conflicts) / 847 of 960
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from reader.core.reading.sources import source_from_text  # noqa: E402
from reader.store import AnnotationInfo, Library, NewTarget, StoreError  # noqa: E402
from reader.store.models import ChangeLogRow  # noqa: E402

TEXT = "Musk said it is standard practice to use other AIs to validate your AI. Savitt: So that's a yes."
SHARED = "shared:"
TOKEN = re.compile(r"\[w\d\d\.\d{3}\]")


@dataclass(frozen=True)
class Write:
    writer: int
    annotation_id: int
    token: str
    based_on: int
    made: int  # the version the write made
    outcome: str  # saved, merged, conflict (versioned); saved (last write wins)
    seconds: float
    began: float
    read_tokens: frozenset[str]  # the tokens in the note it read


@dataclass
class Run:
    engine: str
    writers: int
    mode: str
    writes: list[Write] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    expected: int = 0
    detected: int = 0
    mismatched: int = 0
    lost: int = 0
    in_conflicts: int = 0
    log_ok: bool = True


def initial_note(writers: int) -> str:
    return "\n".join([*(f"w{w:02d}:" for w in range(writers)), SHARED])


def with_token(note: str, writer: int, token: str, shared: bool) -> str:
    lines = note.split("\n")
    prefix = SHARED if shared else f"w{writer:02d}:"
    for index, line in enumerate(lines):
        if line.startswith(prefix):
            lines[index] = f"{line} {token}"
            return "\n".join(lines)
    raise AssertionError(f"no line {prefix} in the note")  # the note lost a line: a bug worth seeing


def run_load(address: str, engine: str, writers: int, mode: str, args: argparse.Namespace) -> Run:
    setup = Library.open(address)
    setup.author = "setup"
    source = setup.import_source(source_from_text(TEXT, "/story/a.txt")).source_id
    ids = [
        setup.add_annotation([NewTarget(source, index, index + 4)], ["shared"], initial_note(writers)).id
        for index in range(args.annotations)
    ]
    libraries = [Library.open(address) for _ in range(writers)]
    for index, library in enumerate(libraries):
        library.author = f"w{index:02d}"
    run = Run(engine, writers, mode)
    lock = threading.Lock()
    start = threading.Barrier(writers + 1)

    def write(index: int) -> None:
        library, rng = libraries[index], random.Random(args.seed * 1000 + index)
        start.wait()
        for number in range(args.writes):
            annotation_id = rng.choice(ids)
            token = f"[w{index:02d}.{number:03d}]"
            began = time.perf_counter()
            try:
                read: AnnotationInfo = library.annotation(annotation_id)
                time.sleep(rng.uniform(0, 2 * args.think_ms) / 1000)
                note = with_token(read.note, index, token, rng.random() < args.shared)
                if mode == "versioned":
                    saved = library.save_annotation(annotation_id, None, note, read)
                    made, outcome = saved.annotation.version, saved.outcome
                else:
                    made, outcome = library.update_annotation(annotation_id, note=note).version, "saved"
            except StoreError as error:
                with lock:
                    run.failed.append(str(error))
                continue
            took = time.perf_counter() - began
            tokens = frozenset(TOKEN.findall(read.note))
            done = Write(index, annotation_id, token, read.version, made, outcome, took, began, tokens)
            with lock:
                run.writes.append(done)

    threads = [threading.Thread(target=write, args=(index,)) for index in range(writers)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - began
    check(run, setup, ids)
    for library in libraries:
        library.close()
    setup.close()
    return run


def committed(library: Library, run: Run, annotation_id: int) -> list[Write]:
    """The acknowledged writes of one annotation in commit order, read from the change log (which names
    the writer of each change; a writer's own writes follow one another)."""
    authors = library._read(
        lambda s: list(
            s.scalars(
                select(ChangeLogRow.author)
                .where(
                    ChangeLogRow.kind == "annotation_changed", ChangeLogRow.ids == json.dumps([annotation_id])
                )
                .order_by(ChangeLogRow.seq)
            )
        )
    )
    queues: dict[str, list[Write]] = {}
    for write in sorted(run.writes, key=lambda w: w.began):
        if write.annotation_id == annotation_id:
            queues.setdefault(f"w{write.writer:02d}", []).append(write)
    order = [queues[author].pop(0) for author in authors if queues.get(author)]
    if len(order) != len(authors) or any(queues.values()):
        run.log_ok = False  # a change the writers did not acknowledge, or one acknowledged but not logged
    return order


def check(run: Run, library: Library, ids: list[int]) -> None:
    """Races expected against detected, the change log's order, and acknowledged writes lost."""
    kept = {i: "\n".join(c.mine for c in library.note_conflicts(i, open_only=False)) for i in ids}
    finals = {i: library.annotation(i) for i in ids}
    for annotation_id in ids:
        order = committed(library, run, annotation_id)
        if run.mode == "versioned" and [w.made for w in order] != list(range(2, 2 + len(order))):
            run.log_ok = False  # each write made the next version (added at 1), in commit order
        before: frozenset[str] = frozenset()  # the tokens the previous commit left in the note
        for write in order:
            if run.mode == "versioned":
                expected = write.based_on != write.made - 1
            else:  # versions are not kept up under last write wins: the note it read was not the last one
                expected = write.read_tokens != before
                before = write.read_tokens | {write.token}
            detected = write.outcome != "saved"
            run.expected += expected
            run.detected += detected
            run.mismatched += expected != detected
            if write.token in finals[annotation_id].note:
                continue
            if write.token in kept[annotation_id]:
                run.in_conflicts += 1
            else:
                run.lost += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", default="8,16,32")
    parser.add_argument("--writes", type=int, default=30, help="per writer")
    parser.add_argument("--annotations", type=int, default=4)
    parser.add_argument("--think-ms", type=float, default=4.0, help="mean pause between read and save")
    parser.add_argument("--shared", type=float, default=0.3, help="share of writes to the shared line")
    parser.add_argument("--engines", default="postgresql,sqlite")
    parser.add_argument("--seed", type=int, default=35)
    args = parser.parse_args()
    counts = [int(n) for n in args.writers.split(",")]
    engines = args.engines.split(",")

    from tests.postgres import Cluster

    cluster = Cluster.start() if "postgresql" in engines else None
    folder = Path(tempfile.mkdtemp(prefix="bench-writers-"))
    runs: list[Run] = []
    try:
        for engine in engines:
            for writers in counts:
                for mode in ("versioned", "last-write-wins"):
                    if engine == "postgresql":
                        assert cluster is not None
                        address = cluster.new_database()
                    else:
                        address = str(folder / f"{writers}-{mode}.sqlite3")
                    run = run_load(address, engine, writers, mode, args)
                    runs.append(run)
                    print(line(run), flush=True)
    finally:
        if cluster is not None:
            cluster.remove()
    print()
    print(
        f"{args.writes} writes per writer on {args.annotations} shared annotations, think {args.think_ms} ms "
        f"(mean), {args.shared:.0%} to the shared line"
    )


def line(run: Run) -> str:
    acknowledged = len(run.writes)
    rate = acknowledged / run.seconds if run.seconds else 0.0
    latencies = sorted(w.seconds for w in run.writes) or [0.0]
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] * 1000
    merged = sum(w.outcome == "merged" for w in run.writes)
    conflicts = sum(w.outcome == "conflict" for w in run.writes)
    text = (
        f"{run.engine:10} {run.writers:2} writers {run.mode:15} {acknowledged:4} acknowledged "
        f"{rate:7.1f} writes/s  p50 {p50:6.1f} ms p99 {p99:7.1f} ms  "
        f"races expected {run.expected:4} detected {run.detected:4} (mismatched {run.mismatched})"
    )
    if run.mode == "versioned":
        text += f"  merged {merged} kept as conflicts {conflicts}"
    text += f"  acknowledged writes lost: {run.lost}"
    if run.mode == "versioned":
        text += f" ({run.in_conflicts} kept in note_conflicts)"
    if not run.log_ok:
        text += "  VERSIONS OR CHANGE LOG OUT OF ORDER"
    if run.failed:
        text += f"  failed {len(run.failed)}: {run.failed[0]}"
    return text


if __name__ == "__main__":
    main()
