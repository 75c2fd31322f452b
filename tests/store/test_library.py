import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.core.reading.sources import read_source, source_from_text
from reader.store import Library, NewTarget, StoreError
from reader.store import db as store_db

TEXT = "Musk said it is standard practice to use other AIs to validate your AI. Savitt: So that's a yes."


@pytest.fixture
def library(any_library: Library) -> Library:
    """A fresh library on each engine: these tests run on SQLite and on PostgreSQL."""
    return any_library


@pytest.fixture
def file_library(tmp_path: Path) -> Library:
    """A library file, for what only a file has (its write-ahead log, its backups)."""
    lib = Library.open(tmp_path / "library.sqlite3")
    yield lib
    lib.close()


def test_annotations_round_trip_with_events(library: Library) -> None:
    changes = []
    library.subscribe(changes.append)
    source = library.import_source(source_from_text(TEXT, path="/story/a.txt"))
    other = library.import_source(source_from_text("Other outlet: " + TEXT, path="/story/b.txt"))
    note = "Not what he said: see the **transcript**."
    added = library.add_annotation(
        [NewTarget(source.source_id, 0, 71), NewTarget(other.source_id, 14, 85)], ["disputed", "my tag"], note
    )
    assert [t.exact for t in added.targets] == [TEXT[:71], TEXT[:71]]
    assert added.tags == ("disputed", "my tag") and added.note == note
    assert library.annotations(tag="disputed")[0].id == added.id
    assert library.annotations(tag="verified") == []
    assert len(library.annotations(source_ids=[other.source_id])) == 1
    assert (
        len(library.annotations(text="TRANSCRIPT")) == 1
        and len(library.annotations(text="validate your")) == 1
    )
    updated = library.update_annotation(added.id, tags=["verified"], note="Checked.")
    assert (updated.tags, updated.note) == (("verified",), "Checked.")
    deleted = library.delete_annotation(added.id)
    assert library.annotations() == []
    restored = library.restore_annotation(deleted)
    assert library.annotation(added.id) == restored
    assert [c.kind for c in changes] == [
        "annotation_added",
        "annotation_changed",
        "annotation_deleted",
        "annotation_added",
    ]


def test_builtin_and_user_tags(library: Library) -> None:
    names = [t.name for t in library.tags()]
    assert set(names) >= {"disputed", "verified", "unsourced", "quote", "correction"}
    tag = library.add_tag("needs call", "#123456")
    assert (tag.name, tag.color, tag.builtin) == ("needs call", "#123456", False)
    assert library.add_tag("needs call", "#000000").id == tag.id  # no duplicates
    with pytest.raises(StoreError):
        library.add_tag("  ", "#000000")


def test_reimport_reanchors_and_keeps_what_changed(library: Library) -> None:
    source = library.import_source(source_from_text(TEXT, path="/story/a.txt"))
    quote = library.add_annotation([NewTarget(source.source_id, 0, 71)], ["quote"])
    yes = library.add_annotation([NewTarget(source.source_id, 72, 96)], ["disputed"])
    assert library.import_source(source_from_text(TEXT, path="/story/a.txt")).status == "unchanged"
    edited_text = "Update: " + TEXT.replace("standard practice", "common practice").replace(
        "Savitt: So that's a yes.", ""
    )
    report = library.import_source(source_from_text(edited_text, path="/story/a.txt"))
    assert (report.status, report.edited, report.orphaned) == ("changed", 1, 1)
    assert report.previous_text == TEXT and library.previous_text(source.source_id) == TEXT
    assert "1 could not be placed" in report.message
    placed = library.annotation(quote.id).targets[0]
    assert placed.status == "edited" and placed.previous_exact == TEXT[:71]
    assert edited_text[placed.start : placed.end] == placed.exact
    orphan = library.annotation(yes.id)
    assert orphan.orphaned and orphan.targets[0].exact == "Savitt: So that's a yes."


def test_comparisons_are_remembered_most_recent_first(library: Library, seed_paths) -> None:
    sources = [read_source(p) for p in seed_paths]
    for s in sources:
        library.import_source(s)
    paths = [s.path for s in sources]
    first = library.save_comparison(paths[:2], {"threshold": 0.5})
    second = library.save_comparison(paths[2:], {"threshold": 0.7}, hidden=[paths[3]])
    assert library.save_comparison(paths[:2], {"threshold": 0.6}) == first  # same files: same comparison
    listed = library.comparisons()
    assert [c.id for c in listed] == [first, second]
    assert listed[0].options == {"threshold": 0.6} and listed[1].hidden == (paths[3],)
    library.rename_comparison(second, "Distillation story")
    assert library.comparisons()[1].name == "Distillation story"
    library.delete_comparison(first)
    assert [c.id for c in library.comparisons()] == [second]


def test_saving_the_newest_comparison_unchanged_writes_nothing(file_library: Library, seed_paths) -> None:
    library = file_library
    for p in seed_paths[:3]:
        library.import_source(read_source(p))
    paths = [read_source(p).path for p in seed_paths[:3]]
    first = library.save_comparison(paths[:2], {"threshold": 0.5})
    second = library.save_comparison(paths[1:], {"threshold": 0.5})
    seen: list[object] = []
    library.subscribe(seen.append)
    db_file = library.path
    before = db_file.with_name(db_file.name + "-wal").stat().st_mtime_ns, db_file.stat().st_mtime_ns
    opened = library.comparisons()[0].opened_at
    assert library.save_comparison(paths[1:], {"threshold": 0.5}) == second  # a restart reopening it
    assert seen == [] and library.comparisons()[0].opened_at == opened
    assert (db_file.with_name(db_file.name + "-wal").stat().st_mtime_ns, db_file.stat().st_mtime_ns) == before
    # an older one reopened, unchanged, still comes first in the list of recent comparisons
    assert library.save_comparison(paths[:2], {"threshold": 0.5}) == first
    assert [c.id for c in library.comparisons()] == [first, second] and len(seen) == 1
    library.save_comparison(paths[:2], {"threshold": 0.5}, hidden=[paths[0]])  # a change is saved
    assert library.comparisons()[0].hidden == (paths[0],) and len(seen) == 2


def test_migration_from_the_first_schema_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = store_db._engine(path)
    store_db.migrate(engine, "0001")  # what the first Reader created
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO sources (id, path, title, format, encoding, text, sha256, imported_at, updated_at) "
            "VALUES (1, '/a.txt', 'A', 'text', 'utf-8', ?, 'x', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
            (TEXT,),
        )
        connection.execute(
            "INSERT INTO annotations (id, note, created_at, modified_at) VALUES (7, 'old note', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
        connection.execute(
            "INSERT INTO annotation_tags VALUES (7, (SELECT id FROM tags WHERE name = 'disputed'))"
        )
        connection.execute(
            "INSERT INTO targets (annotation_id, source_id, start, \"end\", exact, prefix, suffix) VALUES (7, 1, 0, 4, 'Musk', '', ' said')"
        )
    engine.dispose()
    library = Library.open(path)
    (annotation,) = library.annotations()
    assert (annotation.id, annotation.note, annotation.tags, annotation.targets[0].exact) == (
        7,
        "old note",
        ("disputed",),
        "Musk",
    )
    assert library.previous_text(1) is None  # the 0002 table exists and works
    assert library.source_details([1]) == {}  # the 0003 columns exist, and say "as the file says"
    library.close()


def test_what_the_user_sets_for_a_source_outlives_reading_the_file_again(library: Library, tmp_path) -> None:
    from reader.store import SourceDetails, source_details

    path = tmp_path / "story.txt"
    path.write_text("xAI Distillation\nMusk Admits xAI Distilled OpenAI Models\n\nBody.\n")
    report = library.import_source(read_source(path))
    changes = []
    library.subscribe(changes.append)
    typed = source_details("Musk Admits xAI Distilled OpenAI Models", "ReadBasket", "May 4, 2026 9:30 AM")
    assert typed == SourceDetails("Musk Admits xAI Distilled OpenAI Models", "ReadBasket", "2026-05-04T09:30")
    library.set_source_details(report.source_id, typed)
    assert changes[-1].kind == "source_details_changed" and changes[-1].ids == (report.source_id,)
    path.write_text("xAI Distillation\nMusk Admits xAI Distilled OpenAI Models\n\nBody, edited.\n")
    assert library.import_source(read_source(path)).status == "changed"
    stored = library.source_details([report.source_id])[report.source_id]
    assert stored == typed
    shown = stored.apply(read_source(path))
    assert shown.title == typed.title and shown.outlet == "ReadBasket"
    assert shown.published is not None and shown.published.shown == "May 4, 2026 9:30 AM"
    # Clearing the date is "date unknown", not "as the file says"; None goes back to the file.
    library.set_source_details(report.source_id, source_details(None, None, ""))
    cleared = library.source_details([report.source_id])[report.source_id]
    assert cleared == SourceDetails(None, None, "") and cleared.apply(shown).published is None
    library.set_source_details(report.source_id, SourceDetails())
    assert library.source_details([report.source_id]) == {}


@pytest.mark.parametrize(
    ("title", "outlet", "published", "problem"),
    [
        ("Red \x1b[31mtitle", None, None, "a title must be visible text (no control characters)"),
        (None, "x" * 201, None, "an outlet has at most 200 characters"),
        (None, None, "next Tuesday-ish", "“next Tuesday-ish” is not a date Reader can read"),
    ],
)
def test_source_details_are_checked_before_they_are_stored(title, outlet, published, problem) -> None:
    from reader.store import source_details

    with pytest.raises(StoreError) as raised:
        source_details(title, outlet, published)
    assert str(raised.value) == problem


def test_a_corrupt_library_is_kept_and_replaced_by_the_newest_backup(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    library = Library.open(path)
    source = library.import_source(source_from_text(TEXT, path="/a.txt"))
    library.add_annotation([NewTarget(source.source_id, 0, 4)], ["quote"], "kept in the backup")
    library.close()
    Library.open(path).close()  # opening makes a backup of the good file
    garbage = b"this is not a database" * 500
    path.write_bytes(garbage)
    recovered = Library.open(path)
    report = recovered.report
    assert report.damaged_copy is not None and report.damaged_copy.read_bytes() == garbage  # untouched
    assert report.recovered_from is not None
    assert "could not be read" in report.message and str(report.damaged_copy) in report.message
    assert [a.note for a in recovered.annotations()] == ["kept in the backup"]
    recovered.close()


def test_a_corrupt_library_without_backup_starts_fresh(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    path.write_bytes(b"\x00garbage" * 100)
    library = Library.open(path)
    assert library.report.recovered_from is None and "new, empty library" in library.report.message
    assert library.annotations() == [] and len(library.tags()) == 5
    library.close()


def test_backups_rotate(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    for number in range(store_db.BACKUPS_KEPT + 3):  # each start after a change: a backup
        library = Library.open(path)
        library.add_tag(f"tag {number}", "#123456")
        library.close()
    assert len(store_db.backups(path)) == store_db.BACKUPS_KEPT


def test_two_instances_share_the_library(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    one, two = Library.open(path), Library.open(path)
    source = one.import_source(source_from_text(TEXT, path="/a.txt"))
    two.add_annotation([NewTarget(source.source_id, 0, 4)], ["quote"])
    one.add_annotation([NewTarget(source.source_id, 5, 9)], ["disputed"])
    assert len(one.annotations()) == len(two.annotations()) == 2
    one.close()
    two.close()


def test_a_locked_library_says_so_and_nothing_is_half_written(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "library.sqlite3"
    library = Library.open(path)
    source = library.import_source(source_from_text(TEXT, path="/a.txt"))
    blocker = sqlite3.connect(path, timeout=0.2)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match=r"busy .*not saved"):
            library.add_annotation([NewTarget(source.source_id, 0, 4)], ["quote"], "typed while locked")
    finally:
        blocker.rollback()
        blocker.close()
    assert library.annotations() == []
    library.add_annotation([NewTarget(source.source_id, 0, 4)], ["quote"], "typed while locked")
    assert len(library.annotations()) == 1
    library.close()


WRITER = textwrap.dedent(
    """
    import sys
    from reader.core.reading.sources import source_from_text
    from reader.store import Library, NewTarget
    library = Library.open(sys.argv[1])
    source = library.import_source(source_from_text("Musk said it is standard practice.", path="/a.txt"))
    number = 0
    while True:
        info = library.add_annotation([NewTarget(source.source_id, 0, 4)], ["quote"], f"note {number}")
        print(info.id, flush=True)  # printed only after the commit returned
        number += 1
    """
)


def test_a_writer_killed_mid_session_loses_nothing_it_committed(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    committed = []
    try:
        for line in process.stdout:
            committed.append(int(line))
            if len(committed) >= 40:
                break
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    library = Library.open(path)
    stored = {a.id for a in library.annotations()}
    assert set(committed) <= stored
    library.close()


def test_the_head_revision_constant_is_alembics_head() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(store_db._MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == store_db.HEAD_REVISION


def test_migration_merges_the_rows_older_readers_made_for_one_file_without_losing_an_annotation(
    tmp_path: Path,
) -> None:
    """Reader 0.1 stored a source under the path as typed: the same file by its absolute path, through a
    symbolic link and relative to the checkout were three rows, each with its own annotations."""
    story = tmp_path / "seeds" / "a.txt"
    story.parent.mkdir()
    story.write_text(TEXT)
    link = tmp_path / "link"
    link.symlink_to(story.parent)
    older = "Intro. " + TEXT  # the linked spelling was last read before the file lost its first words
    rows = [  # id, path as typed, text, read at, user outlet
        (1, str(story), TEXT, "2026-01-03 00:00:00", None),
        (2, "seeds/a.txt", TEXT, "2026-01-02 00:00:00", None),
        (3, str(link / "a.txt"), older, "2026-01-01 00:00:00", "WIRED"),
        (4, str(tmp_path / "other.txt"), "Another story.", "2026-01-01 00:00:00", None),
    ]
    path = tmp_path / "old.sqlite3"
    engine = store_db._engine(path)
    store_db.migrate(engine, "0003")
    with sqlite3.connect(path) as connection:
        for source_id, typed, text, read_at, outlet in rows:
            connection.execute(
                "INSERT INTO sources (id, path, title, format, encoding, text, sha256, imported_at, updated_at,"
                " user_outlet) VALUES (?, ?, 'A', 'text', 'utf-8', ?, ?, ?, ?, ?)",
                (source_id, typed, text, str(hash(text)), read_at, read_at, outlet),
            )
        notes = {7: (1, "Musk"), 8: (2, "Savitt"), 9: (3, "validate")}
        for annotation_id, (source_id, word) in notes.items():
            connection.execute(
                "INSERT INTO annotations (id, note, created_at, modified_at) "
                "VALUES (?, ?, '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
                (annotation_id, f"note on {word}"),
            )
            text = rows[source_id - 1][2]
            start = text.index(word)
            connection.execute(
                'INSERT INTO targets (annotation_id, source_id, start, "end", exact, prefix, suffix) '
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    annotation_id,
                    source_id,
                    start,
                    start + len(word),
                    word,
                    text[max(0, start - 32) : start],
                    text[start + len(word) : start + len(word) + 32],
                ),
            )
        for comparison_id, members, opened in (
            (1, (1, 4), "2026-01-03"),
            (2, (2, 4), "2026-01-02"),
            (3, (3,), "2026-01-01"),
        ):
            connection.execute(
                "INSERT INTO comparisons (id, name, key, options, created_at, opened_at) "
                "VALUES (?, ?, ?, '{}', ?, ?)",
                (comparison_id, f"comparison {comparison_id}", str(comparison_id), opened, opened),
            )
            for position, source_id in enumerate(members):
                connection.execute(
                    "INSERT INTO comparison_sources (comparison_id, source_id, position, hidden) VALUES (?, ?, ?, 0)",
                    (comparison_id, source_id, position),
                )
    engine.dispose()
    library = Library.open(path)
    assert sorted(s.path for s in library.sources()) == sorted(
        [str(story.resolve()), str(tmp_path / "other.txt")]
    )
    kept = library.source_id(str(story.resolve()))
    annotations = library.annotations()
    assert [a.id for a in annotations] == [7, 8, 9]
    for annotation in annotations:
        (target,) = annotation.targets
        word = annotation.note.removeprefix("note on ")
        assert target.source_id == kept and TEXT[target.start : target.end] == word == target.exact
    assert library.previous_text(kept) == older  # the linked row's text is kept as an earlier version
    assert library.source_details([kept])[kept].outlet == "WIRED"
    comparisons = library.comparisons()
    assert sorted(c.name for c in comparisons) == ["comparison 1", "comparison 3"]
    assert {c.paths for c in comparisons} == {
        (str(story.resolve()), str(tmp_path / "other.txt")),
        (str(story.resolve()),),
    }
    library.close()


def test_each_version_of_a_source_is_kept_with_what_it_did_to_the_annotations(library: Library) -> None:
    first = TEXT + " The judge called a recess."
    report = library.import_source(source_from_text(first, path="/story/a.txt"))
    words = {"Musk": 0, "validate": first.index("validate"), "recess": first.index("recess")}
    for word, start in words.items():
        library.add_annotation([NewTarget(report.source_id, start, start + len(word))], ["disputed"], word)
    second = "Intro. " + TEXT.replace("validate", "check") + " The judge called a recess."
    library.import_source(source_from_text(second, path="/story/a.txt"))
    third = second.replace(" The judge called a recess.", "")
    library.import_source(source_from_text(third, path="/story/a.txt"))

    versions = library.versions(report.source_id)
    assert [(v.number, v.text) for v in versions] == [(1, first), (2, second), (3, third)]
    assert versions[-1].revision_id is None and versions[0].until is not None
    one, two = versions[0].outcome, versions[1].outcome
    assert one is not None and two is not None
    # 1 -> 2: every word moved by the new intro; "validate" is gone from its sentence.
    assert (one.stayed, one.moved, one.orphaned) == (0, 2, 1)
    # 2 -> 3: the recess sentence is deleted, the rest stays.
    assert (two.stayed, two.moved, two.edited, two.orphaned) == (1, 0, 0, 2)
    assert two.summary() == "annotations: 1 stayed, 0 moved, 0 re-attached, 2 orphaned"


def test_every_re_anchoring_keeps_its_evidence_and_a_hand_re_attachment_can_be_undone(
    library: Library,
) -> None:
    first = TEXT + " The judge called a recess."
    source = library.import_source(source_from_text(first, path="/story/a.txt")).source_id
    for word in (
        "Savitt: So that's a yes.",
        "standard practice to use other AIs to validate your AI",
        "recess",
    ):
        start = first.index(word)
        library.add_annotation([NewTarget(source, start, start + len(word))], ["disputed"], word)
    second = "New intro. " + TEXT.replace("validate your AI", "check your AI")
    library.import_source(source_from_text(second, path="/story/a.txt"))
    evidence = {a.note: a.targets[0].evidence for a in library.annotations()}
    assert evidence["Savitt: So that's a yes."].startswith(
        "moved with its words (the text around them agrees"
    )
    assert evidence["standard practice to use other AIs to validate your AI"].startswith(
        "re-attached to edited words, "
    )
    assert evidence["recess"].startswith("orphaned: ")

    orphan = next(a for a in library.annotations() if a.note == "recess")
    with pytest.raises(StoreError, match="choose some words"):
        library.reattach(orphan.id, source, 0, 1) if second[0].isspace() else library.reattach(
            orphan.id, source, 3, 4
        )
    with pytest.raises(StoreError, match="cannot re-attach there"):
        library.reattach(orphan.id, source, 5, len(second) + 10)
    start = second.index("So that's a yes")
    moved = library.reattach(orphan.id, source, start, start + len("So that's a yes"))
    assert moved.targets[0].exact == "So that's a yes" and moved.targets[0].previous_exact == "recess"
    assert moved.note == "recess" and moved.tags == ("disputed",)
    restored = library.replace_target(orphan.id, orphan.targets[0])
    assert restored.targets == orphan.targets
