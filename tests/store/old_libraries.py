"""Libraries as older Readers left them, built from the migration history (no binary fixtures)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from reader.store import db as store_db

STORY = (
    "Musk said it is standard practice to use other AIs to validate your AI. Savitt: So that's a yes. "
    "The filing shows the board met twice in March, and the minutes were later amended. "
)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def old_library(path: Path, revision: str) -> None:
    """An empty library of schema ``revision``, as the Reader of that revision made it."""
    engine = store_db._engine(path)
    store_db.migrate(engine, revision)
    engine.dispose()


def add_source(path: Path, spelling: str, text: str, updated_at: str) -> int:
    """A sources row under ``spelling`` (any schema: the columns of the first one)."""
    with sqlite3.connect(path) as connection:
        cursor = connection.execute(
            "INSERT INTO sources (path, title, format, encoding, text, sha256, imported_at, updated_at) "
            "VALUES (?, 'Story', 'text', 'utf-8', ?, ?, '2024-01-01 00:00:00', ?)",
            (spelling, text, sha(text), updated_at),
        )
        source_id = cursor.lastrowid
    connection.close()
    assert source_id is not None
    return source_id


def add_annotations(path: Path, source_id: int, text: str, count: int, first: int = 0) -> None:
    """``count`` annotations on ``source_id``, each with a note, the tag "disputed" and one target."""
    with sqlite3.connect(path) as connection:
        tag = connection.execute("SELECT id FROM tags WHERE name = 'disputed'").fetchone()[0]
        for number in range(first, first + count):
            start = number % (len(text) - 10)
            cursor = connection.execute(
                "INSERT INTO annotations (note, created_at, modified_at) "
                "VALUES (?, '2024-01-01 00:00:00', '2024-01-01 00:00:00')",
                (f"note {number}",),
            )
            connection.execute(
                "INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)", (cursor.lastrowid, tag)
            )
            connection.execute(
                'INSERT INTO targets (annotation_id, source_id, start, "end", exact, prefix, suffix) '
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (cursor.lastrowid, source_id, start, start + 8, text[start : start + 8], "", ""),
            )
    connection.close()


def counts(path: Path) -> dict[str, int]:
    """What the user wrote, counted: annotations, their tags, notes, targets and sources."""
    with sqlite3.connect(path) as connection:
        found = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("annotations", "annotation_tags", "targets", "tags")
        }
        found["notes"] = connection.execute("SELECT count(*) FROM annotations WHERE note != ''").fetchone()[0]
        found["integrity"] = connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    return found


def revision_of(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    connection.close()
    return str(revision)
