"""A shared library on a real PostgreSQL server (a private cluster the tests start): addresses, the one
migration history, copying a personal library in without losing anything, schema versions and older
clients, the change log with authors, and client-made ids. Many tests run on both engines."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from reader.address import AddressError, configured, parse, without_password
from reader.core.reading.fetch import Fetched
from reader.core.reading.sources import source_from_text
from reader.store import Library, NewTarget, StoreError
from reader.store import db as store_db
from reader.store.copying import copy_library

TEXT = "Musk said it is standard practice to use other AIs to validate your AI. Savitt: So that's a yes."
ROOT = Path(__file__).resolve().parents[2]


def _add_text(library: Library, path: str, text: str = TEXT) -> int:
    return library.import_source(source_from_text(text, path)).source_id


# -- addresses -----------------------------------------------------------------------------------------
def test_an_address_is_a_file_or_a_postgresql_server_and_nothing_else(tmp_path: Path) -> None:
    assert parse(str(tmp_path / "lib.sqlite3")).path == tmp_path / "lib.sqlite3"
    server = parse("postgresql://ana:s3cret@db.example.org:5432/newsroom?sslmode=verify-full")
    assert server.is_server and server.path is None
    assert "s3cret" not in server.shown and "***" in server.shown and "sslmode=verify-full" in server.shown
    assert "s3cret" not in server.saved and ":***" not in server.saved
    assert (
        without_password("postgresql://u@h/d?password=x&sslmode=require")
        == "postgresql://u@h/d?sslmode=require"
    )
    for wrong in ("mysql://u@h/db", "http://example.org/library", "sqlite:///tmp/x"):
        with pytest.raises(AddressError, match="PostgreSQL"):
            parse(wrong)
    with pytest.raises(AddressError, match="names no database"):
        parse("postgresql://u@h/")


def test_reader_db_with_a_server_address_makes_no_folder_of_that_name(
    postgres, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    url = postgres.new_database()
    monkeypatch.setenv("READER_DB", url)
    assert configured().url == url
    library = Library.open()
    try:
        assert library.is_server and library.shown.startswith("postgresql://")
        _add_text(library, "/story/a.txt")
        assert [s.path for s in library.sources()] == ["/story/a.txt"]
    finally:
        library.close()
    assert list(tmp_path.iterdir()) == []  # no "postgresql:" folder, no library file


def test_a_server_that_does_not_answer_is_one_line_naming_the_address_without_its_password(
    tmp_path: Path,
) -> None:
    with pytest.raises(StoreError) as caught:
        Library.open(f"postgresql://ana:s3cret@/newsroom?host={tmp_path}")
    message = str(caught.value)
    assert "\n" not in message and "s3cret" not in message
    assert message.startswith("postgresql://ana:***@/newsroom") and "no server answers there" in message


def test_a_missing_database_and_another_programs_database_are_refused(postgres) -> None:
    with pytest.raises(StoreError, match="no such database"):
        Library.open(postgres.url("no_such_database"))
    url = postgres.new_database()
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("CREATE TABLE invoices (id serial primary key, total numeric)")
    with pytest.raises(StoreError, match="another program"):
        Library.open(url)
    with psycopg.connect(url) as connection:
        names = [
            row[0] for row in connection.execute("SELECT tablename FROM pg_tables WHERE schemaname='public'")
        ]
    assert names == ["invoices"]  # left unchanged


# -- one migration history on both engines -------------------------------------------------------------
def test_the_migrations_build_the_same_tables_on_both_engines(postgres, tmp_path: Path) -> None:
    import sqlalchemy as sa

    from reader.store.models import Base

    shapes = []
    for address in (str(tmp_path / "lib.sqlite3"), postgres.new_database()):
        library = Library.open(address)
        try:
            inspector = sa.inspect(library.engine)
            shapes.append(
                {
                    # "search" is PostgreSQL's full-text column (0009); SQLite's index is its FTS5 tables.
                    table: sorted(c["name"] for c in inspector.get_columns(table) if c["name"] != "search")
                    for table in Base.metadata.tables
                }
            )
            assert store_db.current_revision(library.engine) == store_db.HEAD_REVISION
        finally:
            library.close()
    assert shapes[0] == shapes[1]


def test_an_upgrade_waits_for_older_readers_and_an_older_reader_reads_a_newer_schema(postgres) -> None:
    url = postgres.new_database()
    engine = __import__("sqlalchemy").create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    store_db.migrate(engine, "0008")
    engine.dispose()
    older = psycopg.connect(url, application_name="reader 0008")  # a colleague's older Reader
    try:
        with pytest.raises(StoreError, match="1 older Reader is still connected"):
            Library.open(url)
    finally:
        older.close()
    library = Library.open(url)  # now it upgrades
    assert store_db.current_revision(library.engine) == store_db.HEAD_REVISION
    _add_text(library, "/story/a.txt")
    library.close()
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")  # a newer Reader's schema
    newer = Library.open(url)
    try:
        assert newer.read_only and "newer Reader" in (newer.report.read_only or "")
        assert [s.path for s in newer.sources()] == ["/story/a.txt"]
        with pytest.raises(StoreError, match="read-only"):
            _add_text(newer, "/story/b.txt")
    finally:
        newer.close()


# -- copying a personal library into a shared one ---------------------------------------------------------
def _personal_library(path: Path) -> Library:
    library = Library.open(path)
    first = _add_text(library, "/story/a.txt")
    library.import_source(source_from_text(TEXT + " The judge nodded.", "/story/a.txt"))  # a second version
    second = _add_text(library, "/story/b.txt", "Other words. " + TEXT)
    library.add_tag("needs source", "#123456")
    library.add_annotation(
        [NewTarget(first, 0, 4)], ["disputed", "needs source"], "Check the transcript; 100% sure?"
    )
    library.add_annotation([NewTarget(first, 5, 9), NewTarget(second, 13, 17)], ["verified"], "")
    library.judge_link(NewTarget(first, 0, 20), NewTarget(second, 13, 33), "rejected", "quoted, not copied")
    library.save_comparison(["/story/a.txt", "/story/b.txt"], {"threshold": 0.5}, hidden=["/story/b.txt"])
    page = Fetched(
        "https://example.org/a",
        "https://example.org/a",
        200,
        (("Content-Type", "text/html"),),
        b"<p>Hi</p>",
        datetime(2026, 1, 2, tzinfo=UTC),
    )
    library.add_snapshot(page)
    return library


def _everything(library: Library) -> dict[str, object]:
    return {
        "sources": library.sources(),
        "versions": [library.versions(s.id) for s in library.sources()],
        "annotations": [
            (a.id, a.note, a.tags, a.targets, a.created_at, a.uid, a.created_by)
            for a in library.annotations()
        ],
        "tags": library.tags(),
        "verdicts": library.verdicts(),
        "comparisons": [(c.name, c.paths, c.hidden, c.options) for c in library.comparisons()],
        "snapshots": [(s.url, s.sha256) for s in library.snapshots()],
        "page": library.snapshot("https://example.org/a"),
    }


def test_a_personal_library_copied_into_a_shared_one_keeps_everything(postgres, tmp_path: Path) -> None:
    personal = _personal_library(tmp_path / "mine.sqlite3")
    shared = Library.open(postgres.new_database())
    try:
        report = copy_library(personal, shared)
        assert report.counts["annotations"] == 2 and report.counts["source_revisions"] == 1
        assert _everything(shared) == _everything(personal)
        # New rows on the server take new ids, after the copied ones.
        newer = shared.add_annotation([NewTarget(shared.sources()[0].id, 0, 3)], ["verified"])
        assert newer.id > max(a.id for a in personal.annotations())
        with pytest.raises(StoreError, match="already holds"):
            copy_library(personal, shared)  # nothing copied twice
    finally:
        personal.close()
        shared.close()


def test_reader_library_copy_and_info_from_the_command_line(postgres, tmp_path: Path) -> None:
    _personal_library(tmp_path / "mine.sqlite3").close()
    url = postgres.new_database()
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "reader", "library", *args], capture_output=True, text=True, cwd=ROOT
    )
    copied = run("copy", str(tmp_path / "mine.sqlite3"), url)
    assert copied.returncode == 0, copied.stderr
    assert "2 sources, 1 earlier versions, 1 snapshots, 1 comparisons, 2 annotations" in copied.stdout
    info = run("info", "--db", url)
    assert info.returncode == 0 and "PostgreSQL server" in info.stdout and "annotations: 2" in info.stdout
    refused = run("info", "--db", "mysql://u@h/db")
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and "PostgreSQL" in refused.stderr


# -- authors, the change log, client-made ids -------------------------------------------------------------
def test_every_change_records_its_author_and_other_readers_read_it_from_the_log(library_address: str) -> None:
    ana, ben = Library.open(library_address), Library.open(library_address)
    try:
        ana.author, ben.author = "Ana", "Ben"
        start = ben.last_seq()
        source = _add_text(ana, "/story/a.txt")
        made = ana.add_annotation([NewTarget(source, 0, 4)], ["disputed"], "first")
        assert (made.created_by, made.modified_by, made.version) == ("Ana", "Ana", 1)
        changed = ben.update_annotation(made.id, note="second")
        assert (changed.created_by, changed.modified_by, changed.version) == ("Ana", "Ben", 2)
        seen = ben.changes_since(start)
        assert [(c.kind, c.author, c.remote) for c in seen] == [
            ("annotation_added", "Ana", True),
            ("annotation_changed", "Ben", False),
        ]
        assert seen[0].ids == (made.id,) and seen[0].seq is not None and seen[1].seq == seen[0].seq + 1
        assert ana.changes_since(seen[1].seq or 0) == []
    finally:
        ana.close()
        ben.close()


def test_a_change_sent_twice_with_its_client_made_id_lands_once(library_address: str) -> None:
    library = Library.open(library_address)
    try:
        source = _add_text(library, "/story/a.txt")
        first = library.add_annotation([NewTarget(source, 0, 4)], ["disputed"], "once", uid="c0ffee-1")
        again = library.add_annotation([NewTarget(source, 0, 4)], ["disputed"], "once", uid="c0ffee-1")
        assert again == first and len(library.annotations()) == 1 and first.uid == "c0ffee-1"
    finally:
        library.close()


def test_the_change_log_numbers_follow_the_commit_order_under_concurrent_writers(postgres) -> None:
    url = postgres.new_database()
    libraries = [Library.open(url) for _ in range(8)]
    try:
        source = _add_text(libraries[0], "/story/a.txt")
        watcher = libraries[0]
        seen: list[int] = []
        done = threading.Event()

        def follow() -> None:  # what a window does: read everything after the last number it saw
            last = watcher.last_seq()
            while not done.is_set() or watcher.changes_since(last):
                for change in watcher.changes_since(last):
                    assert change.seq == (last + 1), f"{change.seq} after {last}: a change was skipped"
                    last = change.seq
                    seen.append(last)

        def write(library: Library) -> None:
            for index in range(15):
                library.add_annotation([NewTarget(source, 0, 4)], note=f"{index}")

        reader = threading.Thread(target=follow)
        reader.start()
        writers = [threading.Thread(target=write, args=(library,)) for library in libraries]
        for thread in writers:
            thread.start()
        for thread in writers:
            thread.join()
        done.set()
        reader.join()
        assert len(seen) == 8 * 15
    finally:
        for library in libraries:
            library.close()


def test_the_default_author_is_the_system_user_unless_reader_author_names_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import getpass

    library = Library.open(tmp_path / "lib.sqlite3")
    assert library.author == getpass.getuser()
    library.close()
    monkeypatch.setenv("READER_AUTHOR", "Ana Ruiz")
    library = Library.open(tmp_path / "lib.sqlite3")
    assert library.author == "Ana Ruiz"
    library.close()
    assert os.environ["READER_AUTHOR"] == "Ana Ruiz"
