"""Upgrades of libraries made by older Readers: all or nothing, never without a copy from before, and a
library that an older Reader left half-upgraded opens again."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.store import Library, StoreError
from reader.store import backups as copies
from reader.store import db as store_db
from tests.store.old_libraries import STORY, add_annotations, add_source, counts, old_library, revision_of
from tests.store.test_hardening import digest, fill

# Opens the library in a child process and stops still after the Nth statement the upgrade runs
# (SQLAlchemy's own event, so Reader's code is the code that runs); "list" prints every statement.
CHILD = textwrap.dedent(
    """
    import sys, time
    from sqlalchemy import Engine, event
    from reader.store import Library

    stop = int(sys.argv[2])
    seen = [0]

    @event.listens_for(Engine, "after_cursor_execute")
    def after(connection, cursor, statement, parameters, context, executemany):
        seen[0] += 1
        if stop < 0:
            print(seen[0], " ".join(statement.split())[:60], flush=True)
        elif seen[0] == stop:
            print("stopped", flush=True)
            time.sleep(120)

    print("opening", flush=True)
    Library.open(sys.argv[1]).close()
    print("done", flush=True)
    """
)


def big_old_library(path: Path, annotations: int) -> None:
    """A library of schema 0001 with ``annotations`` annotations over three spellings of one file and a
    second file: the upgrade adds tables and columns and merges rows (migration 0004) on the way."""
    old_library(path, "0001")
    first = add_source(path, "/story/seeds/a.txt", STORY, "2024-02-01 00:00:00")
    second = add_source(path, "seeds/a.txt", STORY, "2024-03-01 00:00:00")
    third = add_source(path, "/story/other.txt", STORY + " More.", "2024-01-01 00:00:00")
    share = annotations // 3
    add_annotations(path, first, STORY, share)
    add_annotations(path, second, STORY, share, first=share)
    add_annotations(path, third, STORY, annotations - 2 * share, first=2 * share)


def child(path: Path, stop: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_an_upgrade_killed_at_any_moment_leaves_the_library_as_it_was(tmp_path: Path) -> None:
    pristine = tmp_path / "pristine.sqlite3"
    big_old_library(pristine, 3000)
    before = counts(pristine)
    listing = tmp_path / "listing" / "library.sqlite3"
    listing.parent.mkdir()
    shutil.copy(pristine, listing)
    run = child(listing, -1)
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    statements = [line.split(" ", 1) for line in out.splitlines() if line not in ("opening", "done")]
    begin = next(int(n) for n, text in statements if text.startswith("BEGIN"))
    schema = [int(n) for n, text in statements if text.startswith(("ALTER", "CREATE"))]
    assert len(schema) >= 8  # the tables, indexes and columns of 0002 to 0007
    rest = [int(n) for n, _ in statements if int(n) > begin]
    moments = {begin, begin + 1, *schema, rest[-1], *random.Random(30).sample(rest, 6)}
    for stop in sorted(moments):
        path = tmp_path / f"kill-{stop}" / "library.sqlite3"
        path.parent.mkdir()
        shutil.copy(pristine, path)
        run = child(path, stop)
        assert run.stdout is not None and run.stdout.readline().strip() == "opening"
        assert run.stdout.readline().strip() == "stopped", run.stderr.read() if run.stderr else ""
        os.kill(run.pid, signal.SIGKILL)
        run.wait(timeout=30)
        assert revision_of(path) == "0001", f"killed after statement {stop}: the library changed"
        assert counts(path) == before
        library = Library.open(path)  # the next start upgrades it fully
        library.close()
        assert revision_of(path) == store_db.HEAD_REVISION
        after = counts(path)
        assert after["integrity"]
        assert (after["annotations"], after["notes"], after["annotation_tags"]) == (
            before["annotations"],
            before["notes"],
            before["annotation_tags"],
        ), f"killed after statement {stop}"


def test_kills_at_random_moments_of_a_large_upgrade_never_strand_a_library(tmp_path: Path) -> None:
    """The issue's case: a library of 20,000 annotations killed in the first second of its upgrade."""
    pristine = tmp_path / "pristine.sqlite3"
    big_old_library(pristine, 20_000)
    before = counts(pristine)
    chance = random.Random(7)
    for attempt in range(6):
        path = tmp_path / f"delay-{attempt}" / "library.sqlite3"
        path.parent.mkdir()
        shutil.copy(pristine, path)
        run = child(path, 10**9)
        assert run.stdout is not None and run.stdout.readline().strip() == "opening"
        try:  # the upgrade takes about 1.7 s here: most kills land in it
            run.wait(timeout=chance.uniform(0.0, 1.5))
        except subprocess.TimeoutExpired:
            os.kill(run.pid, signal.SIGKILL)
            run.wait(timeout=30)
        assert revision_of(path) in ("0001", store_db.HEAD_REVISION)  # before or after, never between
        assert counts(path) == before
        library = Library.open(path)
        assert len(library.annotations()) == before["annotations"]
        library.close()
        assert counts(path)["integrity"]


def test_a_library_an_older_reader_left_half_upgraded_opens_again(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    old_library(path, "0002")
    source = add_source(path, "/story/a.txt", STORY, "2024-01-01 00:00:00")
    add_annotations(path, source, STORY, 24)
    with sqlite3.connect(path) as connection:  # what an interrupted upgrade of an older Reader committed
        connection.execute("ALTER TABLE sources ADD COLUMN user_title TEXT")
    connection.close()
    library = Library.open(path)  # was: "could not be brought up to date (duplicate column name: user_title)"
    assert len(library.annotations()) == 24
    library.close()
    assert revision_of(path) == store_db.HEAD_REVISION


@pytest.mark.parametrize(
    ("revision", "statement"),
    [
        ("0001", "CREATE TABLE source_revisions (id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL, "
         "text TEXT NOT NULL, sha256 VARCHAR(64) NOT NULL, replaced_at DATETIME NOT NULL)"),
        ("0005", "ALTER TABLE source_revisions ADD COLUMN stayed INTEGER"),
        ("0006", "ALTER TABLE targets ADD COLUMN evidence TEXT"),
        ("0004", "CREATE TABLE snapshots (id INTEGER PRIMARY KEY, url TEXT NOT NULL, fetched_at DATETIME "
         "NOT NULL, status INTEGER NOT NULL, content_type TEXT NOT NULL, sha256 VARCHAR(64) NOT NULL, "
         "size INTEGER NOT NULL, warc BLOB NOT NULL)"),
    ],
)  # fmt: skip
def test_every_step_an_older_reader_could_leave_half_done_is_finished(
    tmp_path: Path, revision: str, statement: str
) -> None:
    path = tmp_path / "library.sqlite3"
    old_library(path, revision)
    with sqlite3.connect(path) as connection:
        connection.execute(statement)
    connection.close()
    Library.open(path).close()
    assert revision_of(path) == store_db.HEAD_REVISION
    with sqlite3.connect(path) as connection:
        indexes = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    connection.close()
    assert {"ix_source_revisions_source_id", "ix_snapshots_url"} <= indexes


def test_an_upgrade_keeps_a_copy_from_before_it_apart_from_the_rotation(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    old_library(path, "0003")
    source = add_source(path, "/story/a.txt", STORY, "2024-01-01 00:00:00")
    add_annotations(path, source, STORY, 5)
    Library.open(path).close()
    kept = copies.upgrade_copies(path)
    assert len(kept) == 1 and kept[0].name.startswith("library.sqlite3-before-0003-")
    assert revision_of(kept[0]) == "0003" and counts(kept[0])["annotations"] == 5
    for number in range(store_db.BACKUPS_KEPT + 3):  # many starts, each after a change
        library = Library.open(path)
        library.add_tag(f"tag {number}", "#123456")
        library.close()
    assert len(copies.backups(path)) == store_db.BACKUPS_KEPT
    assert copies.upgrade_copies(path) == kept  # the rotation never drops it


def test_no_upgrade_without_room_for_the_copy_from_before(tmp_path: Path, small_fs: Path) -> None:
    path = small_fs / "library.sqlite3"
    old_library(path, "0003")
    source = add_source(path, "/story/a.txt", STORY, "2024-01-01 00:00:00")
    add_annotations(path, source, STORY, 200)
    before = digest(path)
    fill(small_fs)
    with pytest.raises(StoreError) as refused:
        Library.open(path)
    message = str(refused.value)
    assert "\n" not in message and "disk is full" in message and "nothing was changed" in message
    assert str(path) in message
    assert digest(path) == before  # not one byte changed
    assert not [p for p in (small_fs / "backups").iterdir() if p.name.endswith(".tmp")]
    (small_fs / "filler").unlink()  # space freed: the next start upgrades
    library = Library.open(path)
    assert len(library.annotations()) == 200
    library.close()
    assert revision_of(path) == store_db.HEAD_REVISION


def test_an_upgrade_that_runs_out_of_room_changes_nothing(tmp_path: Path) -> None:
    """SQLite's own limit on the file's size stands in for a full disk, reached in the middle of the
    upgrade: after the merge of 0004, at the first new table (0005)."""
    path = tmp_path / "library.sqlite3"
    old_library(path, "0003")
    first = add_source(path, "/story/a.txt", STORY, "2024-01-01 00:00:00")
    second = add_source(path, "story/a.txt", STORY, "2024-02-01 00:00:00")  # merged by 0004
    add_annotations(path, first, STORY, 300)
    add_annotations(path, second, STORY, 300, first=300)
    before = counts(path)
    engine = store_db._engine(path)
    with engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()

    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def limit(connection: sqlite3.Connection, _record: object) -> None:
        connection.execute(f"PRAGMA max_page_count = {pages}")

    engine.dispose()
    with pytest.raises(Exception, match="full"):
        store_db.migrate(engine)
    engine.dispose()
    assert revision_of(path) == "0003" and counts(path) == before
    Library.open(path).close()  # room again: the upgrade succeeds
    assert revision_of(path) == store_db.HEAD_REVISION
    assert counts(path)["annotations"] == before["annotations"]


def test_a_new_library_on_a_full_disk_is_not_called_an_old_one(small_fs: Path) -> None:
    fill(small_fs)
    path = small_fs / "new.sqlite3"
    with pytest.raises(StoreError) as refused:
        Library.open(path)
    message = str(refused.value)
    assert "cannot create the library" in message and "disk is full" in message
    assert "older Reader" not in message and "\n" not in message
    assert not path.exists()  # no empty file left to be taken for a library next time


def test_the_copy_an_upgrade_reused_is_not_removed_after_it(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    old_library(path, "0003")
    add_annotations(path, add_source(path, "/story/a.txt", STORY, "2024-01-01 00:00:00"), STORY, 3)
    made = copies.copy_before_upgrade(path, "0003")  # an upgrade that failed after its copy was made
    earlier = made.with_name("library.sqlite3-before-0003-20260101-090000-000000.sqlite3")
    made.rename(earlier)  # made long ago (a rename keeps its time, which says the library is unchanged)
    newer = [  # copies from before older upgrades, with newer names (from a library restored since)
        made.with_name(f"library.sqlite3-before-0002-2026020{day}-090000-000000.sqlite3") for day in (1, 2)
    ]
    for copy in newer:
        shutil.copyfile(earlier, copy)
    Library.open(path).close()  # the upgrade reuses the earlier copy: nothing changed since it was made
    assert revision_of(path) == store_db.HEAD_REVISION
    assert copies.upgrade_copies(path) == [newer[1], earlier]  # the copy it used, and the newest other
    assert revision_of(earlier) == "0003" and counts(earlier)["annotations"] == 3
