"""Migration 0004 merged a file's path spellings into the row read last; when that was a relative row, older
Readers kept its relative path and its annotations were reached by no lookup. Now the kept row takes the
absolute path, and a library already upgraded that way adopts its stranded row when the file is opened."""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
from pathlib import Path

from reader.core.reading.sources import read_source
from reader.store import Library
from reader.store import db as store_db
from tests.store.old_libraries import STORY, add_annotations, add_source, old_library, sha


def story_file(tmp_path: Path) -> Path:
    file = tmp_path / "checkout" / "seeds" / "story.txt"
    file.parent.mkdir(parents=True)
    file.write_text(STORY, encoding="utf-8")
    return file


def exported_notes(file: Path, library: Path, out: Path) -> list[str]:
    """The notes `reader export` writes for ``file`` (a real run of the command, by the absolute path)."""
    command = [sys.executable, "-m", "reader", "export", str(file), "-o", str(out), "--db", str(library)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    with open(out, encoding="utf-8-sig", newline="") as handle:
        return [row["note"] for row in csv.DictReader(handle)]


def test_the_upgrade_gives_a_relative_row_read_last_the_absolute_path(tmp_path: Path) -> None:
    file = story_file(tmp_path)
    text = read_source(file).text
    path = tmp_path / "library.sqlite3"
    old_library(path, "0003")
    absolute = add_source(path, str(file), text, "2024-02-01 00:00:00")
    relative = add_source(path, "seeds/story.txt", text, "2024-03-01 00:00:00")  # read last
    add_annotations(path, absolute, text, 68)
    add_annotations(path, relative, text, 72, first=68)
    Library.open(path).close()  # the upgrade
    with sqlite3.connect(path) as connection:
        paths = [row[0] for row in connection.execute("SELECT path FROM sources")]
    connection.close()
    assert paths == [str(file)]
    notes = exported_notes(file, path, tmp_path / "out.csv")
    assert len(notes) == 140 and set(notes) == {f"note {n}" for n in range(140)}


def stranded_library(tmp_path: Path, file: Path, text: str) -> Path:
    """A library as an older Reader's 0004 left it: the file's one row under its relative path."""
    path = tmp_path / "library.sqlite3"
    old_library(path, store_db.HEAD_REVISION)
    source = add_source(path, "seeds/story.txt", text, "2024-03-01 00:00:00")
    add_annotations(path, source, text, 140)
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO comparisons (name, key, options, created_at, opened_at) "
            "VALUES ('Story', 'seeds/story.txt', '{}', '2024-03-01', '2024-03-01')"
        )
        connection.execute(
            "INSERT INTO comparison_sources (comparison_id, source_id, position) VALUES (1, ?, 0)", (source,)
        )
    connection.close()
    return path


def test_a_stranded_row_is_found_by_a_read_only_export(tmp_path: Path) -> None:
    file = story_file(tmp_path)
    path = stranded_library(tmp_path, file, read_source(file).text)
    assert len(exported_notes(file, path, tmp_path / "out.csv")) == 140  # was 0


def test_a_stranded_row_is_adopted_when_its_file_is_opened(tmp_path: Path) -> None:
    file = story_file(tmp_path)
    source = read_source(file)
    path = stranded_library(tmp_path, file, source.text)
    library = Library.open(path)
    report = library.import_source(source)
    assert report.status == "unchanged"
    assert library.source_id(str(file)) == report.source_id
    assert len(library.annotations([report.source_id])) == 140
    (comparison,) = library.comparisons()
    assert comparison.paths == (str(file),)
    library.close()


def test_a_stranded_row_of_an_earlier_version_of_the_file_is_adopted(tmp_path: Path) -> None:
    file = story_file(tmp_path)
    source = read_source(file)
    path = stranded_library(tmp_path, file, source.text + " An update.")
    with sqlite3.connect(path) as connection:  # the file's text is the row's earlier version
        connection.execute(
            "INSERT INTO source_revisions (source_id, text, sha256, replaced_at) VALUES (1, ?, ?, '2024-02-01')",
            (source.text, sha(source.text)),
        )
    connection.close()
    library = Library.open(path)
    report = library.import_source(source)
    assert library.source_id(str(file)) == report.source_id == 1
    assert len(library.annotations([1])) == 140
    library.close()


def test_a_relative_row_of_another_text_is_left_alone(tmp_path: Path) -> None:
    file = story_file(tmp_path)
    source = read_source(file)
    path = stranded_library(tmp_path, file, "A different story altogether, with nothing in common.")
    library = Library.open(path)
    report = library.import_source(source)
    assert report.status == "new" and report.source_id != 1
    assert library.annotations([report.source_id]) == []
    library.close()
