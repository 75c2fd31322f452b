"""Offline: changes made while the shared library's server is away, and writers while it dies. Not a test.

    python tests/benchmarks/bench_offline.py [--edits 1000] [--writers 4] [--seconds 6]

(a) A queue of ``--edits`` offline edits (adds, updates of notes and tags, deletes, mixed as a user makes
    them) made while the server is stopped, then replayed when it is back: time to queue, time to replay,
    ops applied against expected, duplicates (0), and the final state compared with the same edits applied
    online directly (the baseline, in the same run). The replay is also broken once half-way (Reader dies
    after a commit, before the op leaves the outbox) and finished by a new instance.
(b) ``--writers`` writers (each its own Reader: a library connection and an outbox) add and edit
    annotations for ``--seconds``; the server is killed (SIGKILL to the postmaster) a third of the way in
    and started again a little later. Every write acknowledged to the user (committed, or kept in the
    outbox) must be on the server at the end: acknowledged writes lost (0), and the time from the restart
    to every outbox sent. Baseline: the same writers with no kill.

Needs Debian's ``postgresql`` (tests/postgres.py starts a private cluster on a unix socket; here with
``synchronous_commit=on``, see ``DurableCluster``).

Figures (2 shared cores, other jobs running; ``--edits 1000 --writers 4 --seconds 6``):
(a) online directly 7.32 s (137 edits/s); queued offline 3.91 ms per op (durable); replayed, broken once
    half-way and finished by a new Reader, in 20.72 s (2.83x the online run); 1000 of 1000 ops applied,
    duplicates 0, final state equal to the online run (250 annotations).
(b) no kill: 477 acknowledged writes, 0 lost; killed 1.32 s with 212 writes waiting in the outboxes:
    368 acknowledged, 0 lost, every outbox sent 3.15 s after the restart (the writers writing on).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.core.reading.sources import Source, source_from_text  # noqa: E402
from reader.store import Library, NewTarget  # noqa: E402
from reader.store.models import ChangeLogRow  # noqa: E402
from reader.store.offline import OfflineWrites  # noqa: E402
from reader.store.outbox import Op, Outbox  # noqa: E402
from tests.postgres import Cluster  # noqa: E402

WORDS = "the court heard that the filing was late and counsel said it was not so the judge asked again"
TAGS = ("disputed", "checked", "quote", "later", "copied")


class DurableCluster(Cluster):
    """The tests' cluster, but a commit is acknowledged only once its WAL record is written: the tests'
    ``synchronous_commit=off`` would lose the last commits to a kill, acknowledged or not (fsync stays
    off: a killed server process leaves the operating system's copy intact)."""

    def _options(self) -> str:
        return super()._options().replace("synchronous_commit=off", "synchronous_commit=on")


def texts(count: int) -> list[Source]:
    rng = random.Random(7)
    words = WORDS.split()
    return [
        source_from_text(" ".join(rng.choice(words) for _ in range(400)) + ".", f"/story/{n:03}.txt")
        for n in range(count)
    ]


@dataclass
class Edit:
    kind: str  # add, note, tags, delete
    key: int  # the script's own number for the annotation
    uid: str = ""
    source: int = 0
    span: tuple[int, int] = (0, 1)
    note: str = ""
    tags: tuple[str, ...] = ()


def script(count: int, sources: list[Source], seed: int = 11) -> list[Edit]:
    """``count`` edits a user might make: adds, then notes and tags changed, some deleted."""
    rng = random.Random(seed)
    live: list[int] = []
    edits: list[Edit] = []
    for n in range(count):
        roll = rng.random()
        if not live or roll < 0.4:
            source = rng.randrange(len(sources))
            start = rng.randrange(0, len(sources[source].text) - 40)
            edits.append(
                Edit(
                    "add",
                    n,
                    str(uuid.uuid4()),
                    source,
                    (start, start + rng.randint(5, 30)),
                    f"note {n}",
                    ("quote",),
                )
            )
            live.append(n)
        elif roll < 0.65:
            edits.append(Edit("note", rng.choice(live), note=f"note changed at {n}"))
        elif roll < 0.85:
            edits.append(Edit("tags", rng.choice(live), tags=tuple(rng.sample(TAGS, rng.randint(0, 3)))))
        else:
            key = live.pop(rng.randrange(len(live)))
            edits.append(Edit("delete", key))
    return edits


def apply(writer: Library | OfflineWrites, edits: list[Edit], source_ids: list[int]) -> None:
    ids: dict[int, int] = {}
    for edit in edits:
        if edit.kind == "add":
            target = NewTarget(source_ids[edit.source], *edit.span)
            ids[edit.key] = writer.add_annotation([target], edit.tags, edit.note, uid=edit.uid).id
        elif edit.kind == "note":
            writer.update_annotation(ids[edit.key], note=edit.note)
        elif edit.kind == "tags":
            writer.update_annotation(ids[edit.key], tags=edit.tags)
        else:
            writer.delete_annotation(ids.pop(edit.key))


def state(library: Library) -> set[tuple[object, ...]]:
    return {
        (a.uid, a.note, a.tags, tuple((t.source_path, t.start, t.end, t.exact) for t in a.targets))
        for a in library.annotations()
    }


def logged(library: Library) -> list[tuple[str, str]]:
    from sqlalchemy import select

    rows = library._read(lambda s: s.execute(select(ChangeLogRow.kind, ChangeLogRow.ids)).all())
    return [(kind, ids) for kind, ids in rows]


def queue_replay(cluster: Cluster, count: int, folder: Path) -> None:
    sources = texts(20)
    edits = script(count, sources)
    kinds = {kind: sum(e.kind == kind for e in edits) for kind in ("add", "note", "tags", "delete")}
    print(f"(a) {count} edits: {kinds}")

    online = Library.open(cluster.new_database())
    ids = [online.import_source(s).source_id for s in sources]
    began = time.perf_counter()
    apply(online, edits, ids)
    direct_s = time.perf_counter() - began
    expected = state(online)

    library = Library.open(cluster.new_database())
    ids = [library.import_source(s).source_id for s in sources]
    writes = OfflineWrites(library, Outbox(folder / "a.outbox.sqlite3"))
    writes.know_sources(dict(zip(ids, sources, strict=True)))
    before = len(logged(library))
    cluster.stop()
    began = time.perf_counter()
    apply(writes, edits, ids)
    queue_s = time.perf_counter() - began
    queued = writes.waiting
    cluster.restart()

    class Crash(Exception):
        pass

    done = 0

    def crash(op: Op) -> None:
        nonlocal done
        done += 1
        if done == count // 2:
            raise Crash  # committed on the server, not yet removed from the outbox

    writes.before_removal = crash
    began = time.perf_counter()
    with contextlib.suppress(Crash):
        writes.replay()
    again = OfflineWrites(Library.open(library.address.url), writes.outbox)  # a new Reader finishes it
    report = again.replay()
    replay_s = time.perf_counter() - began
    log = logged(library)[before:]
    adds = [json.loads(ids_)[0] for kind, ids_ in log if kind == "annotation_added"]
    duplicates = len(adds) - len(set(adds))
    applied = (done - 1) + report.sent + report.landed  # the crashed op counts once, as landed
    final = state(library)
    print(
        f"    online directly (baseline): {direct_s:.2f} s ({count / direct_s:.0f} edits/s)\n"
        f"    queued offline: {queued} ops in {queue_s:.2f} s ({queue_s / count * 1000:.2f} ms each, durable)\n"
        f"    replayed (broken once at op {count // 2}, finished by a new Reader): {replay_s:.2f} s "
        f"({replay_s / direct_s:.2f}x the online run); ops applied {applied} of {queued} expected "
        f"(landed before the break: {report.landed}), refused {report.refused}, waiting {report.waiting}\n"
        f"    change log rows {len(log)} for {count} edits; duplicate adds {duplicates}; "
        f"final state equal to the online run: {final == expected} ({len(final)} annotations)"
    )
    for opened in (online, library, again.library):
        opened.close()


@dataclass
class Writer:
    number: int
    url: str
    folder: Path
    acknowledged: dict[str, str] = field(default_factory=dict)  # uid -> the note last acknowledged
    pace: float = 0.05  # seconds between one writer's writes
    writes: int = 0
    drained_at: float | None = None
    outbox: Outbox | None = None

    def run(self, source_id: int, stop: threading.Event, restarted: list[float]) -> None:
        rng = random.Random(self.number)
        library = Library.open(self.url)
        self.outbox = Outbox(self.folder / f"writer{self.number}.outbox.sqlite3")
        writer = OfflineWrites(library, self.outbox)
        ids: dict[str, int] = {}
        pause, next_try = 0.05, 0.0
        due = time.monotonic()
        while not stop.is_set():
            due += self.pace
            time.sleep(max(0.0, due - time.monotonic()))
            if writer.waiting and time.monotonic() >= next_try:
                if writer.replay().waiting:
                    pause, next_try = min(pause * 2, 0.5), time.monotonic() + pause
                else:
                    pause = 0.05
                    if restarted and self.drained_at is None:
                        self.drained_at = time.monotonic()
            try:
                if not ids or rng.random() < 0.5:
                    uid = str(uuid.uuid4())
                    start = rng.randrange(0, 1000)
                    note = f"writer {self.number} add {self.writes}"
                    info = writer.add_annotation([NewTarget(source_id, start, start + 10)], (), note, uid=uid)
                    ids[uid] = info.id
                else:
                    uid = rng.choice(list(ids))
                    note = f"writer {self.number} edit {self.writes}"
                    info = writer.update_annotation(ids[uid], note=note)
                    ids[uid] = info.id
            except Exception as error:  # not acknowledged: the user was told it was not saved
                print(f"    writer {self.number}: not saved: {error}")
                continue
            self.acknowledged[uid] = note  # committed, or durably queued: the user was told it is saved
            self.writes += 1
        while writer.waiting:
            if writer.replay().waiting:
                time.sleep(0.05)
        if self.drained_at is None:
            self.drained_at = time.monotonic()
        library.close()


def writers_kill(cluster: Cluster, count: int, seconds: float, folder: Path, kill: bool, pace: float) -> None:
    url = cluster.new_database()
    library = Library.open(url)
    source_id = library.import_source(texts(1)[0]).source_id
    writers = [Writer(n, url, folder / ("kill" if kill else "base"), pace=pace) for n in range(count)]
    for writer in writers:
        writer.folder.mkdir(exist_ok=True)
    stop = threading.Event()
    restarted: list[float] = []
    threads = [threading.Thread(target=w.run, args=(source_id, stop, restarted)) for w in writers]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    if kill:
        time.sleep(seconds / 3)
        cluster.kill()
        down = time.monotonic()
        time.sleep(seconds / 6)
        cluster.restart()
        restarted.append(time.monotonic())
        backlog = sum(w.outbox.count() for w in writers if w.outbox is not None)
        print(
            f"    server killed at {down - began:.1f} s, back after {restarted[0] - down:.2f} s; "
            f"{backlog} acknowledged writes waiting in the writers' outboxes then"
        )
        time.sleep(max(0.0, seconds - (time.monotonic() - began)))
    else:
        time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    on_server = {a.uid: a.note for a in Library.open(url).annotations()}
    acknowledged = {uid: note for w in writers for uid, note in w.acknowledged.items()}
    lost = sum(1 for uid in acknowledged if uid not in on_server)
    stale = sum(1 for uid, note in acknowledged.items() if uid in on_server and on_server[uid] != note)
    total = sum(w.writes for w in writers)
    label = "killed and restarted" if kill else "no kill (baseline)"
    line = (
        f"    {label}: {total} acknowledged writes by {count} writers in {elapsed:.1f} s "
        f"({total / elapsed:.0f}/s); annotations acknowledged {len(acknowledged)}, on the server "
        f"{len(on_server)}; lost {lost}; last acknowledged note not on the server {stale}"
    )
    if kill:
        caught = max(w.drained_at or 0.0 for w in writers) - restarted[0]
        line += f"; restart to every outbox sent {caught:.2f} s (the writers writing on meanwhile)"
    print(line)
    library.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--pace", type=float, default=0.05, help="seconds between one writer's writes")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-offline-"))
    cluster = DurableCluster.start()
    try:
        queue_replay(cluster, options.edits, folder)
        print(
            f"(b) {options.writers} writers for {options.seconds:.0f} s, each writing every "
            f"{options.pace * 1000:.0f} ms"
        )
        for kill in (False, True):
            writers_kill(cluster, options.writers, options.seconds, folder, kill, options.pace)
    finally:
        cluster.remove()


if __name__ == "__main__":
    main()
