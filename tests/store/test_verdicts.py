"""Verdicts on links in the library: migration 0008 on old libraries, the round trip, undo, and verdicts
placed on a source's next version (or kept and listed when their words are gone)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.comparison import Comparison
from reader.core.alignment.relations import shares
from reader.core.reading.sources import read_source
from reader.store import Library, NewTarget, StoreError
from reader.store import db as store_db
from tests.store.old_libraries import STORY, add_annotations, add_source, counts, old_library, revision_of

MUSK = "Musk said it is standard practice to use other AIs to validate your AI."
FIRST = f"Tech news\n\n{MUSK}\n\nThe filing shows the board met twice in March.\n"
SECOND = f"Court report\n\n{MUSK}\n\nThe judge asked for the minutes of both meetings.\n"


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def two_sources(tmp_path: Path, library: Library) -> Comparison:
    paths = []
    for name, text in (("a.txt", FIRST), ("b.txt", SECOND)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    comparison, refused = Comparison.load(paths)
    assert comparison is not None and not refused
    comparison.attach(library)
    return comparison


def reject_musk(library: Library, comparison: Comparison) -> None:
    ends = [NewTarget(comparison.source_ids[i], *span(comparison.sources[i].text, MUSK)) for i in (0, 1)]
    library.judge_link(ends[0], ends[1], "rejected", "he is quoted, not copied")


def test_the_upgrade_to_0008_keeps_everything_and_adds_verdicts(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    old_library(path, "0007")
    source = add_source(path, "/story/a.txt", STORY, "2024-01-01 00:00:00")
    other = add_source(path, "/story/b.txt", STORY, "2024-01-01 00:00:00")
    add_annotations(path, source, STORY, 12)
    before = counts(path)
    library = Library.open(path)
    assert revision_of(path) == store_db.HEAD_REVISION
    assert counts(path) == before
    assert library.verdicts() == []
    first = NewTarget(source, 0, 20)
    previous, made = library.judge_link(first, NewTarget(other, 0, 20), "confirmed")
    assert previous is None and made.verdict == "confirmed" and made.a.selector.exact == STORY[:20]
    library.close()
    reopened = Library.open(path)
    assert reopened.verdicts() == [made]
    reopened.close()


def test_an_older_reader_that_left_the_table_half_made_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    old_library(path, "0007")
    with sqlite3.connect(path) as connection:  # what an interrupted upgrade of an older Reader committed
        connection.execute(
            "CREATE TABLE link_verdicts (id INTEGER PRIMARY KEY, verdict VARCHAR(16) NOT NULL, "
            "decided_at DATETIME NOT NULL, note TEXT NOT NULL, "
            + ", ".join(
                f"{side}_{name} {kind} NOT NULL"
                for side in "ab"
                for name, kind in (
                    ("source_id", "INTEGER"),
                    ("sha256", "VARCHAR(64)"),
                    ("start", "INTEGER"),
                    ("end", "INTEGER"),
                    ("exact", "TEXT"),
                    ("prefix", "TEXT"),
                    ("suffix", "TEXT"),
                )
            )
            + ")"
        )
    connection.close()
    Library.open(path).close()
    assert revision_of(path) == store_db.HEAD_REVISION
    with sqlite3.connect(path) as connection:
        indexes = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    connection.close()
    assert {"ix_link_verdicts_a_source_id", "ix_link_verdicts_b_source_id"} <= indexes


def test_a_verdict_round_trips_changes_and_undoes(tmp_path: Path) -> None:
    library = Library.open(tmp_path / "library.sqlite3")
    comparison = two_sources(tmp_path, library)
    ends = [NewTarget(comparison.source_ids[i], *span(comparison.sources[i].text, MUSK)) for i in (0, 1)]
    _, rejected = library.judge_link(ends[0], ends[1], "rejected", "both quote Musk")
    previous, confirmed = library.judge_link(ends[1], ends[0], "confirmed")  # the same link, either way round
    assert previous == rejected and confirmed.id == rejected.id and len(library.verdicts()) == 1
    assert library.restore_verdict(rejected) == rejected  # undoing the change
    (stored,) = library.verdicts()
    assert (stored.verdict, stored.note, stored.decided_at) == (
        "rejected",
        "both quote Musk",
        rejected.decided_at,
    )
    assert library.forget_verdict(stored.id) == stored  # undoing the first verdict
    assert library.verdicts() == []
    library.restore_verdict(stored)  # redo
    assert library.verdicts() == [stored]
    with pytest.raises(StoreError, match="not a verdict"):
        library.judge_link(ends[0], ends[1], "maybe")  # type: ignore[arg-type]
    with pytest.raises(StoreError) as outside:
        library.judge_link(ends[0], NewTarget(ends[1].source_id, 0, 10_000), "rejected")
    assert "b.txt" in str(outside.value) and "\n" not in str(outside.value)
    library.close()


def test_the_comparison_applies_the_verdicts_when_attached_and_again(tmp_path: Path) -> None:
    library = Library.open(tmp_path / "library.sqlite3")
    comparison = two_sources(tmp_path, library)
    shared = shares(comparison.alignment)[(0, 1)]
    assert shared > 0.3
    reject_musk(library, comparison)
    comparison.apply_verdicts()
    assert shares(comparison.alignment)[(0, 1)] < shared - 0.3
    library.close()
    read_only = Library.open(tmp_path / "library.sqlite3", read_only=True)  # as `reader export` opens it
    again, _ = Comparison.load([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert again is not None
    again.attach(read_only)
    assert shares(again.alignment)[(0, 1)] == shares(comparison.alignment)[(0, 1)]
    assert again.alignment.judged is not None and len(again.alignment.judged.rejected) == 1
    read_only.close()


def test_a_verdict_follows_an_edited_source_or_is_kept_and_listed(tmp_path: Path) -> None:
    library = Library.open(tmp_path / "library.sqlite3")
    comparison = two_sources(tmp_path, library)
    reject_musk(library, comparison)
    (tmp_path / "b.txt").write_text("Breaking news\n\n" + SECOND, encoding="utf-8")  # moved down
    moved, _ = Comparison.load([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert moved is not None
    moved.attach(library)  # imports the new version: its old text is kept
    assert moved.alignment.judged is not None and len(moved.alignment.judged.rejected) == 1
    assert shares(moved.alignment)[(0, 1)] < 0.2
    (tmp_path / "b.txt").write_text(SECOND.replace(MUSK, "Nobody said anything."), encoding="utf-8")
    gone, _ = Comparison.load([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert gone is not None
    gone.attach(library)
    assert gone.alignment.judged is not None and len(gone.alignment.judged.lost) == 1
    assert len(library.verdicts()) == 1  # kept: the user's word is not deleted
    assert read_source(tmp_path / "b.txt").text == gone.sources[1].text
    library.close()
