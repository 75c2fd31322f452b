"""The library under faults: locked by another program, unreadable, foreign, read-only, busy, on a full disk.

Every test uses real SQLite files, and real second processes hold the locks. Where root's powers would hide
a permission problem, the check runs in a child process without them (setpriv drops CAP_DAC_OVERRIDE).
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reader.core.reading.sources import source_from_text
from reader.store import Library, NewTarget, StoreError
from reader.store import db as store_db

TEXT = "Musk said it is standard practice to use other AIs to validate your AI. Savitt: So that's a yes."
HOLD_LOCK = textwrap.dedent(
    """
    import sqlite3, sys, time
    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    if sys.argv[2] == "exclusive":  # nobody may even read: what another program's exclusive lock does
        connection.execute("PRAGMA locking_mode = EXCLUSIVE")
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("UPDATE tags SET name = name")
    else:  # a writer in progress: readers go on, other writers wait
        connection.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    time.sleep(float(sys.argv[3]))
    connection.execute("COMMIT")
    """
)


def fill(folder: Path) -> None:
    """Fill the file system of ``folder`` to the last byte."""
    descriptor = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(descriptor, b"\0" * 4096)
    except OSError:
        pass
    try:
        while True:
            os.write(descriptor, b"\0")
    except OSError:
        pass
    finally:
        os.close(descriptor)


def reader_export(source: Path, out: Path, library: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "reader", "export", str(source), "-o", str(out), "--db", str(library)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hold_lock(path: Path, kind: str, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path), kind, str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def without_root_powers(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` as this user but subject to file permissions, as any user who is not root is."""
    command = [sys.executable, "-c", script, *args]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root reads any file, and setpriv is missing to drop that power")
        command = ["setpriv", "--inh-caps", "-all", "--bounding-set", "-all", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def annotated(tmp_path: Path) -> Path:
    """A library with one source and one annotation, closed."""
    path = tmp_path / "library.sqlite3"
    library = Library.open(path)
    source = library.import_source(source_from_text(TEXT, path="/story/a.txt"))
    library.add_annotation([NewTarget(source.source_id, 0, 4)], ["disputed"], "Check this.")
    library.close()
    return path


@pytest.fixture
def patience(monkeypatch):
    """Short waits, so that tests of giving up do not take the real ten seconds."""
    monkeypatch.setattr(store_db, "LOCK_PATIENCE_S", 0.6)
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 100)


def test_a_library_locked_by_another_program_is_not_taken_for_damaged(annotated: Path, patience) -> None:
    before = sorted(p.name for p in annotated.parent.iterdir())
    holder = hold_lock(annotated, "exclusive", 5)
    try:
        with pytest.raises(StoreError, match="locked by another program") as refused:
            Library.open(annotated)
        assert "\n" not in str(refused.value)
    finally:
        holder.kill()
        holder.wait()
    # Nothing renamed aside, nothing damaged: the file is where it was and opens with its annotation.
    assert not list(annotated.parent.glob("*.damaged-*")) and annotated.name in before
    assert annotated.is_file()
    library = Library.open(annotated)
    assert [a.note for a in library.annotations()] == ["Check this."]
    library.close()


def test_opening_waits_for_a_short_lock_to_pass(annotated: Path, monkeypatch) -> None:
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 100)
    holder = hold_lock(annotated, "exclusive", 1.0)
    try:
        library = Library.open(annotated)  # waits (LOCK_PATIENCE_S is 10 s) instead of failing
        assert [a.note for a in library.annotations()] == ["Check this."]
        library.close()
    finally:
        holder.wait()


def test_a_busy_write_is_retried_until_the_other_writer_is_done(annotated: Path, monkeypatch) -> None:
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 100)  # each try gives up fast; the retries wait
    library = Library.open(annotated)
    source_id = library.sources()[0].id
    holder = hold_lock(annotated, "write", 1.5)
    try:
        started = time.monotonic()
        added = library.add_annotation([NewTarget(source_id, 5, 9)], ["verified"])
        assert time.monotonic() - started >= 1.0  # it did wait for the other writer
    finally:
        holder.wait()
    assert library.annotation(added.id).tags == ("verified",)
    library.close()


def test_a_write_that_stays_busy_is_refused_in_one_line_and_changes_nothing(
    annotated: Path, patience
) -> None:
    library = Library.open(annotated)
    (annotation,) = library.annotations()
    holder = hold_lock(annotated, "write", 4)
    try:
        with pytest.raises(StoreError, match="busy") as refused:
            library.update_annotation(annotation.id, note="A new note")
    finally:
        holder.kill()
        holder.wait()
    assert "\n" not in str(refused.value) and "sqlalche.me" not in str(refused.value)
    assert library.annotation(annotation.id).note == "Check this."
    assert library.update_annotation(annotation.id, note="A new note").note == "A new note"  # once free
    library.close()


def test_a_library_this_user_may_not_read_is_left_alone(annotated: Path) -> None:
    annotated.chmod(0o000)
    try:
        result = without_root_powers(
            "import sys\nfrom reader.store import Library, StoreError\n"
            "try:\n    Library.open(sys.argv[1])\nexcept StoreError as e:\n    print(e)\n",
            str(annotated),
        )
    finally:
        annotated.chmod(0o644)
    assert result.returncode == 0, result.stderr
    assert "cannot be opened (permission denied)" in result.stdout and "left as it is" in result.stdout
    assert not list(annotated.parent.glob("*.damaged-*"))
    assert Library.open(annotated).annotations()[0].note == "Check this."


def test_another_programs_database_is_refused_and_not_changed(tmp_path: Path) -> None:
    foreign = tmp_path / "contacts.sqlite3"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        connection.execute("INSERT INTO contacts VALUES ('Ada', '555')")
    connection.close()
    before = digest(foreign)
    with pytest.raises(StoreError, match="another program's database \\(tables: contacts\\)"):
        Library.open(foreign)
    assert digest(foreign) == before
    assert not (tmp_path / "backups").exists() and not list(tmp_path.glob("*.damaged-*"))


def test_a_library_of_a_newer_reader_is_refused(annotated: Path) -> None:
    with sqlite3.connect(annotated) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    connection.close()
    with pytest.raises(StoreError, match="made by a newer Reader"):
        Library.open(annotated)


def test_an_empty_database_file_becomes_a_library(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    library = Library.open(path)
    assert {t.name for t in library.tags()} >= {"disputed", "verified"}
    library.close()


def test_read_only_on_request_reads_everything_and_writes_nothing(annotated: Path) -> None:
    before = digest(annotated)
    backups_before = store_db.backups(annotated)
    library = Library.open(annotated, read_only=True)
    assert library.read_only and "read-only" in (library.report.message or "")
    (annotation,) = library.annotations()
    assert annotation.note == "Check this."
    with pytest.raises(StoreError, match=r"read-only.*not saved"):
        library.update_annotation(annotation.id, note="changed")
    with pytest.raises(StoreError, match="read-only"):
        library.import_source(source_from_text("new", path="/story/b.txt"))
    library.close()
    assert digest(annotated) == before and store_db.backups(annotated) == backups_before


def test_a_library_in_a_read_only_folder_opens_read_only(annotated: Path) -> None:
    """A real read-only folder: the child process lacks root's power to write anywhere."""
    folder = annotated.parent
    folder.chmod(0o555)
    try:
        result = without_root_powers(
            "import sys\nfrom reader.store import Library, StoreError\n"
            "library = Library.open(sys.argv[1])\n"
            "print(library.read_only, library.report.read_only)\n"
            "print([a.note for a in library.annotations()])\n"
            "try:\n    library.update_annotation(library.annotations()[0].id, note='x')\n"
            "except StoreError as e:\n    print(e)\n",
            str(annotated),
        )
    finally:
        folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "True its folder may not be written"
    assert lines[1] == "['Check this.']"
    assert "read-only" in lines[2] and "not saved" in lines[2]


def test_a_library_on_a_read_only_file_system_is_exported_from(
    tmp_path: Path, small_fs: Path, remount_read_only
) -> None:
    path = small_fs / "library.sqlite3"
    seed = tmp_path / "a.txt"
    seed.write_text(TEXT, encoding="utf-8")
    library = Library.open(path)
    source = library.import_source(source_from_text(TEXT, path=str(seed)))
    library.add_annotation([NewTarget(source.source_id, 0, 4)], ["disputed"], "On a read-only disk.")
    library.close()
    remount_read_only(small_fs)
    library = Library.open(path)
    assert library.report.read_only == "it is on a read-only file system"
    library.close()
    out = tmp_path / "out.csv"
    result = reader_export(seed, out, path)
    assert result.returncode == 0, result.stderr
    assert "On a read-only disk." in out.read_text(encoding="utf-8-sig")


def test_export_works_when_the_librarys_disk_is_full(tmp_path: Path, small_fs: Path) -> None:
    path = small_fs / "library.sqlite3"
    seed = tmp_path / "a.txt"
    seed.write_text(TEXT + " An update since it was stored.", encoding="utf-8")
    library = Library.open(path)
    source = library.import_source(source_from_text(TEXT, path=str(seed)))
    library.add_annotation([NewTarget(source.source_id, 0, 4)], ["disputed"], "Full disk.")
    library.close()
    fill(small_fs)
    out = tmp_path / "out.md"
    result = reader_export(seed, out, path)
    assert result.returncode == 0, result.stderr
    assert "Full disk." in out.read_text(encoding="utf-8")  # the changed source, re-anchored in memory


def test_a_write_on_a_full_disk_says_so_and_keeps_what_was_saved(tmp_path: Path, small_fs: Path) -> None:
    library = Library.open(small_fs / "library.sqlite3")
    source = library.import_source(source_from_text(TEXT, path="/story/a.txt"))
    kept = library.add_annotation([NewTarget(source.source_id, 0, 4)], ["disputed"], "saved")
    with pytest.raises(StoreError) as refused:
        for _ in range(1000):
            library.update_annotation(kept.id, note="x" * 20_000 + str(time.monotonic()))
            library.import_source(source_from_text(TEXT + os.urandom(8).hex() * 500, path="/story/a.txt"))
    assert "\n" not in str(refused.value)
    assert library.annotation(kept.id).targets  # what was committed is still there
    library.close()


def test_an_empty_span_is_the_stores_own_error(annotated: Path) -> None:
    library = Library.open(annotated)
    source_id = library.sources()[0].id
    for start, end in ((5, 5), (9, 4), (-1, 3), (0, 10_000)):
        with pytest.raises(StoreError, match="select at least one character"):
            library.add_annotation([NewTarget(source_id, start, end)])
    library.close()


def test_colours_must_be_colours_and_tag_names_one_line(annotated: Path) -> None:
    library = Library.open(annotated)
    with pytest.raises(StoreError, match="is not a colour"):
        library.add_tag("evil", "red;background-image:url(http://attacker.example/x)")
    assert library.add_tag("mine", "#ABC").color == "#aabbcc"
    with pytest.raises(StoreError, match="one line"):
        library.add_tag("two\nlines", "#123456")
    with pytest.raises(StoreError, match="broken character"):
        library.add_annotation([NewTarget(library.sources()[0].id, 0, 4)], note="bad \ud800")
    library.close()
    # A colour written by another program is never handed out as it is.
    with sqlite3.connect(annotated) as connection:
        connection.execute(
            "INSERT INTO tags (name, color, builtin) VALUES ('x', 'red;background:url(http://a.example)', 0)"
        )
    connection.close()
    library = Library.open(annotated)
    assert {t.name: t.color for t in library.tags()}["x"] == "#777777"
    library.close()


def test_a_backup_is_never_left_half_written(tmp_path: Path, small_fs: Path) -> None:
    path = small_fs / "library.sqlite3"
    library = Library.open(path)
    library.import_source(source_from_text(TEXT * 300, path="/story/a.txt"))  # about 30 KB
    library.close()
    fill(small_fs)
    library = Library.open(path)  # the backup at start cannot fit: Reader starts anyway
    assert library.sources()
    library.close()
    for backup in store_db.backups(path):
        assert store_db.check_file(backup) is None
    assert not [p for p in (small_fs / "backups").iterdir() if p.name.endswith(".tmp")]


def test_reader_export_brings_a_library_of_an_older_reader_up_to_date(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = store_db._engine(path)
    store_db.migrate(engine, "0001")  # what the first Reader created
    engine.dispose()
    with pytest.raises(store_db.NeedsUpgrade):
        Library.open(path, read_only=True)
    seed = tmp_path / "a.txt"
    seed.write_text(TEXT, encoding="utf-8")
    result = reader_export(seed, tmp_path / "out.md", path)
    assert result.returncode == 0, result.stderr
    assert store_db.current_revision(store_db._engine(path)) == store_db.HEAD_REVISION


def test_an_older_library_on_read_only_storage_says_what_to_do(
    tmp_path: Path, small_fs: Path, remount_read_only
) -> None:
    path = small_fs / "old.sqlite3"
    engine = store_db._engine(path)
    store_db.migrate(engine, "0001")  # what the first Reader created
    engine.dispose()
    before = digest(path)
    remount_read_only(small_fs)
    seed = tmp_path / "a.txt"
    seed.write_text(TEXT, encoding="utf-8")
    result = reader_export(seed, tmp_path / "out.md", path)
    assert result.returncode != 0 and not (tmp_path / "out.md").exists()
    (line,) = [line for line in result.stderr.splitlines() if str(path) in line]
    assert "made by an older Reader" in line and "it is on a read-only file system" in line
    assert line.endswith("copy it to a folder you may write and open the copy there")
    assert digest(path) == before
