"""Backups: made at start only when the library changed, five kept, listed, and restored without losing the
library they replace."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from reader.core.reading.sources import source_from_text
from reader.store import Library, NewTarget
from reader.store import backups as copies
from tests.store.old_libraries import STORY, add_annotations, add_source, counts, old_library
from tests.store.test_hardening import fill, hold_lock


def notes(path: Path) -> set[str]:
    library = Library.open(path, read_only=True)
    try:
        return {info.note for info in library.annotations()}
    finally:
        library.close()


def annotate(path: Path, note: str) -> None:
    library = Library.open(path)
    source = library.import_source(source_from_text(STORY, path="/story/a.txt"))
    library.add_annotation([NewTarget(source.source_id, 0, 4)], ["disputed"], note)
    library.close()


def test_a_start_makes_a_backup_only_when_the_library_changed(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    annotate(path, "first")
    Library.open(path).close()
    assert len(copies.backups(path)) == 1  # the first start after a change
    for _ in range(3):  # starts that change nothing copy nothing
        Library.open(path).close()
    assert len(copies.backups(path)) == 1
    annotate(path, "second")  # nothing changed since the backup: this start copies nothing
    Library.open(path).close()  # "second" was written since: a copy
    made = copies.backups(path)
    assert len(made) == 2
    assert notes(made[0]) == {"first", "second"}  # the newest backup has everything committed


def test_five_start_up_backups_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    for number in range(8):
        annotate(path, f"note {number}")
    kept = copies.backups(path)
    assert len(kept) == copies.BACKUPS_KEPT
    assert notes(kept[0]) == {f"note {n}" for n in range(7)}


def test_the_list_names_each_kind_of_backup(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    old_library(path, "0005")
    Library.open(path).close()  # the upgrade: a copy from before it
    Library.open(path).close()  # the upgrade changed the library: a start-up backup
    listed = copies.all_backups(path)
    assert [info.kind for info in listed] == ["start-up", "before upgrade"]
    assert listed[1].revision == "0005" and listed[1].path.name.startswith("library.sqlite3-before-0005-")
    assert all(info.size == info.path.stat().st_size > 0 for info in listed)
    assert listed[0].made_at >= listed[1].made_at


def test_a_restore_puts_the_backup_in_place_and_keeps_the_library_it_replaces(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    annotate(path, "kept in the backup")
    Library.open(path).close()
    (chosen,) = copies.backups(path)
    annotate(path, "written after the backup")
    replaced = copies.restore(path, chosen)
    assert notes(path) == {"kept in the backup"}
    assert replaced is not None and replaced.parent == path.parent
    assert notes(replaced) == {"kept in the backup", "written after the backup"}  # nothing deleted
    assert counts(path)["integrity"] and counts(replaced)["integrity"]
    annotate(path, "after the restore")  # the restored library is a working library
    assert notes(path) == {"kept in the backup", "after the restore"}


def test_a_restored_copy_from_before_an_upgrade_is_upgraded_again(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    old_library(path, "0003")
    source = add_source(path, "/story/a.txt", STORY, "2024-01-01 00:00:00")
    add_annotations(path, source, STORY, 12)
    Library.open(path).close()
    (before,) = copies.upgrade_copies(path)
    annotate(path, "new")
    copies.restore(path, before)
    library = Library.open(path)
    assert len(library.annotations()) == 12
    library.close()


def test_a_damaged_backup_is_not_restored(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    annotate(path, "mine")
    Library.open(path).close()
    (chosen,) = copies.backups(path)
    chosen.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    with pytest.raises(copies.BackupError) as refused:
        copies.restore(path, chosen)
    assert "\n" not in str(refused.value) and chosen.name in str(refused.value)
    assert notes(path) == {"mine"}
    assert [p.name for p in tmp_path.iterdir() if "replaced" in p.name or "restoring" in p.name] == []


def test_a_library_another_program_is_writing_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    annotate(path, "mine")
    Library.open(path).close()
    (chosen,) = copies.backups(path)
    holder = hold_lock(path, "immediate", 5)
    try:
        with pytest.raises(copies.BackupError, match="in use by another program"):
            copies.restore(path, chosen)
    finally:
        holder.kill()
        holder.wait()
    assert notes(path) == {"mine"}


def test_a_restore_on_a_full_disk_changes_nothing(tmp_path: Path, small_fs: Path) -> None:
    path = small_fs / "library.sqlite3"
    annotate(path, "mine")
    Library.open(path).close()
    (chosen,) = copies.backups(path)
    annotate(path, "newer")
    fill(small_fs)
    with pytest.raises(copies.BackupError) as refused:
        copies.restore(path, chosen)
    assert "disk is full" in str(refused.value) and "left as it was" in str(refused.value)
    (small_fs / "filler").unlink()
    assert notes(path) == {"mine", "newer"}
    assert not [p for p in small_fs.iterdir() if p.name.startswith(".")]


def test_a_backup_that_cannot_be_made_is_said_and_drops_no_older_one(small_fs: Path) -> None:
    path = small_fs / "library.sqlite3"
    annotate(path, "first")
    Library.open(path).close()
    annotate(path, "second")  # a change: the next start copies the library
    fill(small_fs)
    library = Library.open(path)
    message = library.report.message or ""
    library.close()
    assert "No backup of it could be made at this start (its disk is full)" in message
    assert str(small_fs / "backups") in message and "\n" not in message
    (kept,) = copies.backups(path)
    assert notes(kept) == {"first"}


def test_libraries_of_one_name_with_other_suffixes_keep_their_own_backups(tmp_path: Path) -> None:
    first, second = tmp_path / "notes.sqlite3", tmp_path / "notes.db"
    annotate(first, "in notes.sqlite3")
    annotate(second, "in notes.db")
    Library.open(second).close()  # notes.db changed since it had no backup: a copy of it
    assert [p.name.startswith("notes.db-") for p in copies.backups(second)] == [True]
    assert copies.backups(first) == [] and copies.all_backups(first) == []
    first.write_bytes(b"this is not a database" * 500)  # damaged, and no backup of its own
    recovered = Library.open(first)
    try:  # a new, empty library, never the other library's notes
        assert recovered.report.recovered_from is None and recovered.annotations() == []
    finally:
        recovered.close()
    assert notes(second) == {"in notes.db"}


def test_backups_named_by_an_earlier_reader_are_found_where_unambiguous(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    annotate(path, "first")
    Library.open(path).close()
    (made,) = copies.backups(path)
    assert made.name.startswith("library.sqlite3-")
    older = made.with_name("library-20260101-120000-000000.sqlite3")  # as Reader named it before
    older_upgrade = made.with_name("library-before-0003-20260101-110000-000000.sqlite3")
    for name in (older, older_upgrade):
        name.write_bytes(made.read_bytes())
    assert copies.backups(path) == [made, older]
    assert [(i.path, i.revision) for i in copies.all_backups(path)] == [
        (made, None),
        (older, None),
        (older_upgrade, "0003"),
    ]
    other = tmp_path / "library.db"  # the old names are never taken for another suffix's copies
    annotate(other, "other")
    Library.open(other).close()
    assert older not in copies.backups(other) and older_upgrade not in copies.upgrade_copies(other)
    (tmp_path / "library").write_bytes(b"")  # a library named "library" owns those names now
    assert copies.backups(path) == [made]


def test_half_written_copies_a_kill_left_are_removed_at_the_next_backup(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    annotate(path, "first")
    folder = copies.backup_dir(path)
    folder.mkdir()
    copy_name = ".library.sqlite3-before-0003-20261207-101010-123456.sqlite3.0a1b2c3d.tmp"
    old = [
        folder / copy_name,
        folder / (copy_name + "-journal"),
        folder / ".other.db-20261207-101010-123456.sqlite3.deadbeef.tmp",
    ]
    young = folder / ".library.sqlite3-20261207-121010-123456.sqlite3.12345678.tmp"  # another Reader's, now
    others = [folder / ".notes.tmp", folder / "library.sqlite3-20261207-101010-123456.sqlite3.0a1b2c3d.tmp"]
    hour_ago = time.time() - 3600
    for file in [*old, young, *others]:
        file.write_bytes(b"\0" * 4096)
        if file is not young:
            os.utime(file, (hour_ago, hour_ago))
    Library.open(path).close()  # the library changed: a backup, and the leftovers of a killed one go
    assert len(copies.backups(path)) == 1
    assert not any(file.exists() for file in old)
    assert young.exists() and all(file.exists() for file in others)  # not Reader's leftovers, or too young


def test_a_backup_on_a_nearly_full_disk_says_the_disk_is_full(small_fs: Path) -> None:
    path = small_fs / "library.sqlite3"
    library = Library.open(path)
    story = " ".join(f"Sentence {n} of a long story." for n in range(4000))  # and its index
    library.import_source(source_from_text(story, path="/story/long.txt"))
    library.close()
    fill(small_fs)
    filler = small_fs / "filler"
    full = filler.stat().st_size
    said = set()
    for free in range(0, path.stat().st_size + 64 * 1024, 4096):  # up to a little more than the library
        os.truncate(filler, full - free)
        made, why = copies.startup_backup(path, force=True)
        if made is None:
            said.add(why)
        else:
            made.unlink()
        assert [p.name for p in copies.backup_dir(path).iterdir()] == []  # nothing half-written left
    assert said == {"its disk is full"}
