"""The library's SQLite file: where it lives, opening it safely, migrating it, backing it up, recovering.

- WAL journal with synchronous=FULL: a committed change survives a crash or a kill -9 of Reader.
- busy_timeout: a second Reader on the same library waits for the other's write instead of failing.
- Migrations (Alembic) run at start, after a backup, so a library made by an older Reader opens with
  everything in it.
- A damaged file is never modified: it is renamed aside for recovery, and Reader starts from the newest
  good backup, or a fresh library, and says which.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

HEAD_REVISION = "0002"
"""The newest migration; tests/store checks it against Alembic's own idea of the head."""
BACKUPS_KEPT = 5
BUSY_TIMEOUT_MS = 5000
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class StoreError(Exception):
    """A problem with the library the user must hear about; the message names the file."""


@dataclass(frozen=True)
class OpenReport:
    """What happened while opening: a recovery the user should be told about, if any."""

    path: Path
    recovered_from: Path | None = None  # the backup Reader started from
    damaged_copy: Path | None = None  # where the damaged file was kept
    problem: str | None = None

    @property
    def message(self) -> str | None:
        if self.damaged_copy is None:
            return None
        start = f"the backup {self.recovered_from.name}" if self.recovered_from else "a new, empty library"
        return (
            f"The library {self.path} could not be read ({self.problem}). It was kept unchanged as "
            f"{self.damaged_copy} for recovery, and Reader started from {start}."
        )


def default_path() -> Path:
    """``--db`` wins, then ``READER_DB``, then the user's data directory."""
    configured = os.environ.get("READER_DB")
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("Reader", appauthor=False)) / "library.sqlite3"


def backup_dir(path: Path) -> Path:
    return path.parent / "backups"


def open_engine(path: Path) -> tuple[Engine, OpenReport]:
    """Open (creating, migrating, or recovering) the library at ``path``."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            f"{path.parent}: cannot create the folder for the library ({error.strerror})"
        ) from None
    report = OpenReport(path)
    if path.exists():
        problem = check_file(path)
        if problem is not None:
            report = _recover(path, problem)
        else:
            backup(path)
    engine = _engine(path)
    try:
        migrate(engine)
    except Exception as error:
        engine.dispose()
        raise StoreError(f"{path}: the library could not be brought up to date ({error})") from error
    return engine, report


def _engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)

    @event.listens_for(engine, "connect")
    def _pragmas(connection, _record) -> None:  # every connection, every time
        cursor = connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    return engine


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        try:
            return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        except Exception:  # no table yet: a new library
            return None


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (the newest by default)."""
    if revision == "head" and current_revision(engine) == HEAD_REVISION:
        return  # up to date: no need to load Alembic (a noticeable part of a command's start-up)
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def check_file(path: Path) -> str | None:
    """Why ``path`` is not a usable SQLite database, or None when it is."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            result = connection.execute("PRAGMA quick_check").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return str(error)
    if not result or result[0] != "ok":
        return f"integrity check failed: {result[0] if result else 'no answer'}"
    return None


def backup(path: Path, keep: int = BACKUPS_KEPT) -> Path | None:
    """A consistent copy of the library in ``backups/`` (SQLite's online backup); the oldest are dropped."""
    folder = backup_dir(path)
    try:
        folder.mkdir(exist_ok=True)
        target = folder / f"{path.stem}-{datetime.now().strftime('%Y%m%d-%H%M%S-%f')}.sqlite3"
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
    except (OSError, sqlite3.Error):
        return None  # a missed backup must not stop Reader from starting
    for old in backups(path)[keep:]:
        old.unlink(missing_ok=True)
    return target


def backups(path: Path) -> list[Path]:
    """The backups of ``path``, newest first."""
    folder = backup_dir(Path(path))
    return sorted(folder.glob(f"{Path(path).stem}-*.sqlite3"), reverse=True) if folder.is_dir() else []


def _recover(path: Path, problem: str) -> OpenReport:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    damaged = path.with_name(f"{path.name}.damaged-{stamp}")
    os.replace(path, damaged)  # a rename: the damaged bytes stay exactly as they were
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, damaged.with_name(damaged.name + suffix))
    for candidate in backups(path):
        if check_file(candidate) is None:
            shutil.copy2(candidate, path)
            return OpenReport(path, candidate, damaged, problem)
    return OpenReport(path, None, damaged, problem)
