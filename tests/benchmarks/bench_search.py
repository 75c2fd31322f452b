"""Search and the annotation panel on a large library: 100,000 annotations over 5,000 sources. Not a test.

    python tests/benchmarks/bench_search.py [--engines sqlite,postgresql] [--sources 5000]
        [--annotations 100000] [--runs 20]

The library is made fast with bulk inserts (the index fills as the rows go in: triggers on SQLite, the
generated column on PostgreSQL). Its sources are a few KB of real-ish prose each: sentences of the sample
story and of the fortune files (/usr/share/games/fortunes, when installed), recombined with a fixed seed;
every annotation quotes a sentence of its source, has one or two tags and, one time in three, a note.

Measured on each engine, median and p95 over ``--runs`` runs:
- ``Library.search`` for a set of queries (a rare word, a common one, two words, a phrase, a prefix, a word
  with its accent left out, a tag, a word of the notes, one filtered by tag), target 100 ms;
- the annotation panel's data: ``Library.annotations`` for one source, and for a tag, target 200 ms;
- the baseline, in the same run: each query's words found with ``LIKE '%word%'`` over the same tables
  (source texts and titles, earlier versions, quotes, notes and tag names), as a search would without the
  index.

PostgreSQL runs on a private cluster in a temporary folder, started the way the tests start theirs
(tests/postgres.py), and removed after.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, text  # noqa: E402

from reader.store import Library  # noqa: E402
from reader.store.models import (  # noqa: E402
    AnnotationRow,
    AnnotationTagRow,
    SourceRevisionRow,
    SourceRow,
    TagRow,
    TargetRow,
)
from reader.store.search_query import words_of  # noqa: E402

SEED = 35
TAGS = ["disputed", "verified", "unsourced", "quote", "correction", "needs call", "légal", "follow-up"]
QUERIES: list[tuple[str, dict[str, str]]] = [
    ("rare word", {}),  # filled in with a word of few sources
    ("common word", {}),  # filled in with a word of most sources
    ("two words", {}),
    ("phrase", {}),
    ("prefix", {}),
    ("accent folded", {}),
    ("tag", {}),
    ("note word", {}),
    ("filtered by tag", {}),
]
SENTENCE = re.compile(r"[^.!?\n]+[.!?]")


def sentences() -> list[str]:
    found: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        found += [s.strip() for s in SENTENCE.findall(path.read_text(encoding="utf-8"))]
    fortunes = Path("/usr/share/games/fortunes")
    if fortunes.is_dir():
        for path in sorted(fortunes.iterdir()):
            if path.suffix or not path.is_file():
                continue
            try:
                body = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            for entry in body.split("\n%\n"):
                found += [" ".join(s.split()) for s in SENTENCE.findall(entry)]
    return [s for s in found if 20 <= len(s) <= 400]


def build(library: Library, n_sources: int, n_annotations: int, pool: list[str]) -> dict[str, str]:
    """Fill ``library`` with bulk inserts; the words the queries use."""
    rng = random.Random(SEED)
    now = datetime(2026, 12, 1)
    sources, revisions, texts = [], [], []
    for i in range(1, n_sources + 1):
        body = " ".join(rng.choice(pool) for _ in range(rng.randint(12, 30)))
        if i % 7 == 0:
            body = body.replace("cafe", "café")  # some accents to fold
        texts.append(body)
        sources.append(
            {
                "id": i,
                "path": f"/library/story-{i:05d}.txt",
                "title": f"Story {i}: {rng.choice(pool)[:60]}",
                "format": "text",
                "encoding": "utf-8",
                "text": body,
                "sha256": f"{i:064x}",
                "imported_at": now,
                "updated_at": now,
            }
        )
        if i % 10 == 0:  # one source in ten has an earlier version
            revisions.append(
                {
                    "source_id": i,
                    "text": " ".join(rng.choice(pool) for _ in range(15)),
                    "sha256": f"{i:063x}f",
                    "replaced_at": now,
                }
            )
    tags = [{"id": k + 1, "name": name, "color": "#777777", "builtin": False} for k, name in enumerate(TAGS)]
    annotations, targets, links = [], [], []
    per_source = max(1, n_annotations // n_sources)
    for a in range(1, n_annotations + 1):
        source = (a - 1) // per_source % n_sources + 1
        body = texts[source - 1]
        spans = [m.span() for m in SENTENCE.finditer(body)] or [(0, min(40, len(body)))]
        start, end = spans[rng.randrange(len(spans))]
        annotations.append(
            {
                "id": a,
                "note": rng.choice(pool) if a % 3 == 0 else "",
                "created_at": now,
                "modified_at": now,
                "uid": str(uuid.UUID(int=rng.getrandbits(128))),
                "version": 1,
                "created_by": rng.choice(["Ana", "Ben", "Chidi"]),
                "modified_by": None,
            }
        )
        targets.append(
            {
                "annotation_id": a,
                "source_id": source,
                "start": start,
                "end": end,
                "exact": body[start:end],
                "prefix": body[max(0, start - 32) : start],
                "suffix": body[end : end + 32],
                "status": "anchored",
            }
        )
        for tag in sorted(rng.sample(range(1, len(TAGS) + 1), rng.choice((1, 1, 2)))):
            links.append({"annotation_id": a, "tag_id": tag})
    with library.engine.begin() as connection:
        connection.execute(text("DELETE FROM annotation_tags"))
        connection.execute(text("DELETE FROM tags"))
        for table, rows in (
            (SourceRow.__table__, sources),
            (SourceRevisionRow.__table__, revisions),
            (TagRow.__table__, tags),
            (AnnotationRow.__table__, annotations),
            (TargetRow.__table__, targets),
            (AnnotationTagRow.__table__, links),
        ):
            for at in range(0, len(rows), 5000):
                connection.execute(insert(table), rows[at : at + 5000])
        if library.is_server:
            for table in ("sources", "annotations", "targets", "tags", "source_revisions"):
                connection.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}")
                )
    with library.engine.connect() as connection:
        if library.is_server:
            connection.execute(text("COMMIT"))
            connection.execute(text("ANALYZE"))
        else:
            connection.execute(text("ANALYZE"))
    # Words for the queries, as the index splits them: by how many sources have them.
    counts: dict[str, int] = {}
    per_text = []
    for body in texts:
        found = {w for _s, _e, w in words_of(body) if w.isalpha() and len(w) >= 5}
        per_text.append(found)
        for word in found:
            counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts, key=lambda w: (counts[w], w))
    rare = next(w for w in ranked if counts[w] >= 3)
    common = ranked[-1]
    middle = [w for w in ranked if 50 <= counts[w] <= 500]
    pair = next(
        (a, b) for a in middle for b in middle[::-1] if a < b and any(a in t and b in t for t in per_text)
    )
    phrase_source = texts[n_sources // 2].split()
    note_word = next(w for w in ranked[len(ranked) // 2 :] if counts[w] > 10)
    return {
        "rare word": rare,
        "common word": common,
        "two words": f"{pair[0]} {pair[1]}",
        "phrase": '"' + " ".join(phrase_source[3:7]) + '"',
        "prefix": ranked[len(ranked) * 2 // 3][:4] + "*",
        "accent folded": "cafe",
        "tag": "disputed",
        "note word": note_word,
        "filtered by tag": common,
    }


def timed(function: Callable[[], object], runs: int) -> tuple[float, float, object]:
    times, result = [], None
    function()  # warm the caches once
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, result


LIKE_TABLES = [
    ("sources", "text"),
    ("sources", "title"),
    ("source_revisions", "text"),
    ("targets", "exact"),
    ("annotations", "note"),
    ("tags", "name"),
]


def like_baseline(library: Library, query: str) -> int:
    """The query's words found the way a search would without an index: a LIKE scan of every table."""
    words = re.findall(r"\w+", query.replace("*", "")) or [query]
    found = 0
    with library.engine.connect() as connection:
        for table, column in LIKE_TABLES:
            condition = " AND ".join(f"lower({column}) LIKE :w{k}" for k in range(len(words)))
            statement = text(f"SELECT count(*) FROM {table} WHERE {condition}")
            found += int(
                connection.execute(
                    statement, {f"w{k}": f"%{w.lower()}%" for k, w in enumerate(words)}
                ).scalar_one()
            )
    return found


def orm_annotations(library: Library, source_ids: list[int] | None, tag: str | None) -> list[object]:
    """The baseline: ``Library.annotations`` as it read before (ORM objects with their targets and tags
    loaded, then made records), the same filters."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from reader.store.models import AnnotationRow, TagRow, TargetRow
    from reader.store.rows import annotation_info, source_paths

    def query(session: object) -> list[object]:
        statement = select(AnnotationRow).options(
            selectinload(AnnotationRow.targets), selectinload(AnnotationRow.tags)
        )
        if source_ids is not None:
            statement = statement.where(AnnotationRow.targets.any(TargetRow.source_id.in_(source_ids)))
        if tag:
            statement = statement.where(AnnotationRow.tags.any(TagRow.name == tag))
        rows = session.scalars(statement.order_by(AnnotationRow.id)).all()  # type: ignore[attr-defined]
        paths = source_paths(session)  # type: ignore[arg-type]
        return [annotation_info(row, paths) for row in rows]

    return library._read(query)  # type: ignore[arg-type]


def measure(name: str, library: Library, runs: int, n_sources: int, n_annotations: int) -> None:
    pool = sentences()
    started = time.perf_counter()
    words = build(library, n_sources, n_annotations, pool)
    print(
        f"\n== {name}: {n_sources} sources, {n_annotations} annotations built in {time.perf_counter() - started:.1f} s "
        f"({len(pool)} sentences to draw from)"
    )
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: other work slows every figure)")
    print(f"{'search':<18}{'query':<34}{'hits':>5}{'median':>10}{'p95':>9}{'LIKE scan':>12}{'ratio':>8}")
    for label, _ in QUERIES:
        query = words[label]
        tag = "verified" if label == "filtered by tag" else None
        median, p95, hits = timed(lambda q=query, t=tag: library.search(q, tag=t), runs)
        base_median, _p95, _n = timed(lambda q=query: like_baseline(library, q), max(3, runs // 4))
        count = len(hits) if isinstance(hits, list) else 0
        print(
            f"{label:<18}{query[:32]:<34}{count:>5}{median:>8.1f}ms{p95:>7.1f}ms{base_median:>10.1f}ms"
            f"{base_median / median:>7.1f}x"
        )
    one = n_sources // 3
    print(f"{'panel':<18}{'':<34}{'':>5}{'median':>10}{'p95':>9}{'ORM read':>12}{'ratio':>8}")
    for label, source_ids, tag in (
        ("panel: one source", [one], None),
        ("panel: tag", None, "needs call"),
    ):
        median, p95, found = timed(
            lambda s=source_ids, t=tag: library.annotations(source_ids=s, tag=t), max(3, runs // 4)
        )
        base, _p95, before = timed(lambda s=source_ids, t=tag: orm_annotations(library, s, t), 3)
        assert before == found, "the plain read must give the records the ORM read gives"
        count = len(found) if isinstance(found, list) else 0
        print(
            f"{label:<18}{'':<34}{count:>5}{median:>8.1f}ms{p95:>7.1f}ms{base:>10.1f}ms{base / median:>7.1f}x"
        )
    passage = " ".join(words["phrase"].strip('"').split())
    median, p95, _found = timed(lambda: library.where_else(passage), max(3, runs // 4))
    print(f"{'where else':<18}{passage[:32]:<34}{'':>5}{median:>8.1f}ms{p95:>7.1f}ms")


@contextmanager
def engine_library(engine: str) -> Iterator[Library]:
    if engine == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            library = Library.open(Path(folder) / "bench.sqlite3")
            try:
                yield library
            finally:
                library.close()
        return
    from tests.postgres import running

    with running() as cluster:
        library = Library.open(cluster.new_database())
        try:
            yield library
        finally:
            library.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--sources", type=int, default=5000)
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()
    for engine in options.engines.split(","):
        with engine_library(engine) as library:
            measure(engine, library, options.runs, options.sources, options.annotations)


if __name__ == "__main__":
    main()
