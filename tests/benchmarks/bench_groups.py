"""What row-level security costs a group's member: the annotation panel filled and a source read by a
member (policies apply) against the same by the library's superuser (no policies), in the same run, on the
same rows. Not a test.

    python tests/benchmarks/bench_groups.py [--sources 1000] [--annotations 20000] [--groups 5] [--runs 15]

A private PostgreSQL cluster (tests/postgres.py) holds a library of ``--annotations`` annotations over
``--sources`` sources spread over ``--groups`` groups (rows written in bulk); ``ana`` is a member of the
first group, with the least privileges docs/shared-library.md lists. Each figure is the median of
``--runs`` calls after one warm-up call, the owner's and the member's interleaved; both sides get the same answer (checked).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, make_url  # noqa: E402

from reader.store import Library  # noqa: E402
from reader.store.groups import add_member, create_group  # noqa: E402
from reader.store.models import AnnotationRow, AnnotationTagRow, SourceRow, TagRow, TargetRow  # noqa: E402
from tests.postgres import Cluster  # noqa: E402

WORDS = "The minister said the figures were final, and officials later said they were not. "


def build(library: Library, sources: int, annotations: int, groups: int) -> dict[int, list[int]]:
    """Bulk rows; returns each group's source ids."""
    group_ids = [create_group(library, f"Desk {n}").id for n in range(groups)]
    now = datetime.now()
    text = WORDS * 40
    per_source = annotations // sources
    by_group: dict[int, list[int]] = {g: [] for g in group_ids}
    with library.engine.begin() as connection:
        tag_ids = [
            connection.execute(
                insert(TagRow).values(name=f"bench-{n}", color="#777777", builtin=False).returning(TagRow.id)
            ).scalar_one()
            for n in range(4)
        ]
        source_rows = [
            {
                "path": f"/bench/{n}.txt",
                "title": f"Story {n}",
                "format": "text",
                "encoding": "utf-8",
                "text": text,
                "sha256": f"{n:064d}",
                "imported_at": now,
                "updated_at": now,
                "group_id": group_ids[n % groups],
            }
            for n in range(sources)
        ]
        ids = connection.execute(insert(SourceRow).returning(SourceRow.id, SourceRow.group_id), source_rows)
        made = ids.all()
        for source_id, group_id in made:
            by_group[group_id].append(source_id)
        annotation_rows = [
            {
                "note": f"note {s}-{k}",
                "created_at": now,
                "modified_at": now,
                "uid": f"{s:018d}-{k:017d}",
                "version": 1,
                "group_id": group_id,
            }
            for s, group_id in made
            for k in range(per_source)
        ]
        annotated = connection.execute(
            insert(AnnotationRow).returning(AnnotationRow.id, AnnotationRow.uid), annotation_rows
        ).all()
        targets, tags = [], []
        for annotation_id, uid in annotated:
            source_id, k = int(uid[:18]), int(uid[19:])
            start = (k * 37) % (len(text) - 40)
            targets.append(
                {
                    "annotation_id": annotation_id,
                    "source_id": source_id,
                    "start": start,
                    "end": start + 30,
                    "exact": text[start : start + 30],
                    "prefix": text[max(0, start - 32) : start],
                    "suffix": text[start + 30 : start + 62],
                    "status": "anchored",
                }
            )
            tags.append({"annotation_id": annotation_id, "tag_id": tag_ids[k % len(tag_ids)]})
        connection.execute(insert(TargetRow), targets)
        connection.execute(insert(AnnotationTagRow), tags)
        connection.exec_driver_sql("ANALYZE")
    return {n: by_group[g] for n, g in enumerate(group_ids)}


def grant(cluster: Cluster, url: str, member: str) -> None:
    database = make_url(url).database
    cluster.admin_sql(f"CREATE ROLE {member} LOGIN")
    cluster.admin_sql(f'GRANT CONNECT ON DATABASE "{database}" TO {member}')
    for statement in (
        f"GRANT USAGE ON SCHEMA public TO {member}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {member}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {member}",
    ):
        cluster.admin_sql(statement, database)


def medians_ms(first: Callable[[], object], second: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median milliseconds of each, their calls interleaved (the machine's load falls on both alike)."""
    first(), second()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for call, kept in ((first, times[0]), (second, times[1])):
            began = time.perf_counter()
            call()
            kept.append(time.perf_counter() - began)
    return statistics.median(times[0]) * 1000, statistics.median(times[1]) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--annotations", type=int, default=20_000)
    parser.add_argument("--groups", type=int, default=5)
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()
    cluster = Cluster.start()
    try:
        url = cluster.new_database()
        owner = Library.open(url)
        began = time.perf_counter()
        by_group = build(owner, options.sources, options.annotations, options.groups)
        grant(cluster, url, "ana")
        add_member(owner, "Desk 0", "ana")
        member = Library.open(url.replace("postgresql://reader@", "postgresql://ana@"))
        print(
            f"library: {options.sources} sources, {options.annotations} annotations in {options.groups} "
            f"groups, built in {time.perf_counter() - began:.1f} s; ana is in 1 group "
            f"({len(by_group[0])} sources)"
        )
        panel = by_group[0][:5]  # a comparison of five of the group's stories
        whole = by_group[0]
        one = by_group[0][len(whole) // 2]
        cases: list[tuple[str, Callable[[Library], object]]] = [
            ("panel: annotations of a 5-source comparison", lambda lib: lib.annotations(source_ids=panel)),
            ("panel filtered by tag and text", lambda lib: lib.annotations(panel, "bench-1", "note")),
            ("all of the group's annotations", lambda lib: lib.annotations(source_ids=whole)),
            ("source read: its versions and text", lambda lib: lib.versions(one)),
            ("library's sources listed", lambda lib: len(lib.sources())),
        ]
        print(f"{'':46} {'owner ms':>9} {'member ms':>10} {'ratio':>6}")
        for name, case in cases:
            mine, theirs = case(member), case(owner)
            if name.startswith("library"):
                assert mine == len(whole) and theirs == options.sources, (mine, theirs)
            else:
                assert mine == theirs, name  # the same rows on both sides
            baseline, measured = medians_ms(partial(case, owner), partial(case, member), options.runs)
            print(f"{name:46} {baseline:9.1f} {measured:10.1f} {measured / baseline:6.2f}")
        member.close()
        owner.close()
    finally:
        cluster.remove()


if __name__ == "__main__":
    main()
