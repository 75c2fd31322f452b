"""The library's SQLite file: where it lives, opening it safely, migrating it, backing it up, recovering.

- WAL journal with synchronous=FULL: a committed change survives a crash or a kill -9 of Reader.
- busy_timeout: a second Reader on the same library waits for the other's write instead of failing.
- Migrations (Alembic) run at start, so a library made by an older Reader opens with everything in it.
  An upgrade is one transaction: interrupted (a kill, a full disk), it leaves the library exactly as it
  was, and the next start upgrades it again. It starts only once a copy from before it is kept
  (``backups.copy_before_upgrade``); backups are in ``reader/store/backups.py``.
- A damaged file is never modified: it is renamed aside for recovery, and Reader starts from the newest
  good backup, or a fresh library, and says which. Only real damage counts: a library that is locked by
  another program, or that this user may not read, is left where it is and the user is told; so is an
  SQLite file of another program, which Reader never adds its tables to.
- A library that cannot be written (a read-only folder or file system, a file of another user's) is opened
  read-only: everything stays readable and exportable, and every write says why it was refused.
"""

from __future__ import annotations

import os
import sqlite3
import time
import urllib.parse
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from reader.core import atomic
from reader.core.text.display import one_line, printable
from reader.store import backups as copies
from reader.store.backups import BACKUPS_KEPT as BACKUPS_KEPT  # kept here for scripts and tests
from reader.store.backups import backup as backup
from reader.store.backups import backup_dir as backup_dir
from reader.store.backups import backups as backups

HEAD_REVISION = "0011"
"""The newest migration; tests/store checks it against Alembic's own idea of the head."""
KNOWN_REVISIONS = frozenset(
    {"0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011"}
)
READER_TABLES = frozenset({"sources", "comparisons", "comparison_sources", "tags", "annotations", "targets"})
BUSY_TIMEOUT_MS = 2000
"""How long one statement waits for another program's lock before SQLite gives up (then Reader retries)."""
UPGRADE_LOCK = 3500
"""The PostgreSQL advisory lock held while a shared library's schema is upgraded."""
LOCK_PATIENCE_S = 10.0
"""How long opening, and each write, keeps retrying a locked library before telling the user."""
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class StoreError(Exception):
    """A problem with the library the user must hear about; the message names the file."""


class NeedsUpgrade(StoreError):
    """A library made by an older Reader was opened read-only: it must be opened normally to migrate."""


class NoLibrary(StoreError):
    """Opening read-only found no library at the path (nothing to read, and nothing may be created)."""


@dataclass(frozen=True)
class OpenReport:
    """What happened while opening: a recovery the user should be told about, if any."""

    path: Path
    recovered_from: Path | None = None  # the backup Reader started from
    damaged_copy: Path | None = None  # where the damaged file was kept
    problem: str | None = None
    read_only: str | None = None  # why the library can only be read, when it can
    backup_failed: str | None = None  # why the start-up backup could not be made, when it could not
    where: str | None = None  # a server's address, for messages (``path`` is then a local stem for caches)

    @property
    def shown(self) -> str:
        """The library for messages: the file, or the server's address without its password."""
        return printable(self.where if self.where is not None else str(self.path))

    @property
    def message(self) -> str | None:
        missed = (
            f"No backup of it could be made at this start ({self.backup_failed}); the earlier backups in "
            f"{printable(str(backup_dir(self.path)))} were kept."
            if self.backup_failed is not None
            else ""
        )
        if self.read_only is not None:
            return (
                f"The library {self.shown} is read-only ({self.read_only}): annotations can be "
                f"read and exported, not changed. {missed}"
            ).strip()
        if self.damaged_copy is None:
            return f"The library {printable(str(self.path))} opened. {missed}" if missed else None
        start = f"the backup {self.recovered_from.name}" if self.recovered_from else "a new, empty library"
        return (
            f"The library {self.path} could not be read ({self.problem}). It was kept unchanged as "
            f"{self.damaged_copy} for recovery, and Reader started from {start}."
        )


def open_engine(path: Path, read_only: bool = False) -> tuple[Engine, OpenReport]:
    """Open (creating, migrating, or recovering) the library at ``path``; read-only when it cannot be
    written or when ``read_only`` asks for it. Raises StoreError with one line for the user."""
    path = Path(path)
    shown = printable(str(path))
    why_read_only = "opened read-only on request" if read_only else _not_writable(path)
    new = not path.exists()
    if new:
        if read_only:
            raise NoLibrary(f"{shown}: there is no library here yet")
        if why_read_only is not None:
            raise StoreError(f"{shown}: cannot create the library here ({why_read_only})")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"{printable(str(path.parent))}: cannot create the folder for the library ({error.strerror})"
            ) from None
    report = OpenReport(path, read_only=why_read_only)
    upgrading = False
    upgrade_copy: Path | None = None
    if path.exists():
        state, problem = _wait_while_locked(path)
        if state == "unreadable":
            raise StoreError(f"{shown}: the library cannot be opened ({problem}); it was left as it is")
        if state == "locked":
            raise StoreError(_locked(shown, problem or "locked", waited=True))
        if state == "damaged":
            if why_read_only is not None:
                raise StoreError(
                    f"{shown}: the library is damaged ({problem}) and was left as it is; open Reader's window "
                    "once to recover it from its newest backup"
                )
            report = _recover(path, problem or "damaged")
        else:
            revision = _refuse_foreign(path)
            if why_read_only is None:
                upgrading = revision is not None and revision != HEAD_REVISION
                if upgrading:
                    try:  # no upgrade without a copy from before it (kept apart from start-up backups)
                        upgrade_copy = copies.copy_before_upgrade(path, str(revision))
                    except copies.BackupError as error:
                        raise StoreError(str(error)) from None
                else:
                    _made, failed = copies.startup_backup(path)
                    report = replace(report, backup_failed=failed)
    engine = _engine(path, read_only=why_read_only is not None)
    if why_read_only is None and (full := _disk_full(engine)):
        engine.dispose()
        if new:  # nothing of the user's here: say what happened, not that an old library needs upgrading
            _remove_if_empty(path)
            raise StoreError(f"{shown}: cannot create the library here ({full})")
        why_read_only = full
        report = replace(report, read_only=why_read_only)
        engine = _engine(path, read_only=True)
    try:
        if why_read_only is not None:
            if current_revision(engine) != HEAD_REVISION:
                raise NeedsUpgrade(
                    f"{shown}: the library was made by an older Reader and cannot be brought up to date "
                    f"while it is read-only ({why_read_only}); copy it to a folder you may write and open "
                    "the copy there"
                )
        else:
            migrate(engine)
    except StoreError:
        engine.dispose()
        raise
    except Exception as error:
        engine.dispose()
        problem = describe(error)
        if is_busy(problem):
            raise StoreError(_locked(shown, problem, waited=False)) from None
        if new:
            raise StoreError(f"{shown}: cannot create the library here ({_plain(problem)})") from None
        raise StoreError(
            f"{shown}: the library could not be brought up to date ({_plain(problem)}); it was left as it was, "
            "and the next start tries again"
        ) from None
    if upgrading:
        copies.upgrade_succeeded(path, upgrade_copy)
    return engine, report


def _plain(problem: str) -> str:
    return "its disk is full" if "full" in problem else problem


def _remove_if_empty(path: Path) -> None:
    """Remove what opening made of a library that could not be created (empty files only)."""
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if file.stat().st_size == 0:
                file.unlink()
        except OSError:
            pass


def is_busy(problem: str) -> bool:
    """Does SQLite's message say another connection holds the lock (as opposed to real trouble)?"""
    return "locked" in problem or "busy" in problem


def _locked(shown: str, problem: str, waited: bool) -> str:
    patience = f"; Reader waited {LOCK_PATIENCE_S:.0f} s" if waited else ""
    return (
        f"{shown}: the library is locked by another program ({problem}){patience}. Close the other "
        "program, or wait, and start Reader again"
    )


def _disk_full(engine: Engine) -> str | None:
    """Why a library that may be written cannot be now (its disk is full), or None."""
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except Exception as error:
        problem = describe(error)
        if "disk I/O error" in problem or "full" in problem:
            return "its disk is full"
    return None


def describe(error: BaseException) -> str:
    """One line for a database error: the driver's own words, without SQLAlchemy's statement and link."""
    original = getattr(error, "orig", None)
    return one_line(str(original if original is not None else error)) or type(error).__name__


def _not_writable(path: Path) -> str | None:
    """Why the library at ``path`` cannot be written, or None when it can (the file and its folder: SQLite
    keeps its journal beside the file)."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "it is on a read-only file system"
    except (OSError, AttributeError):
        pass
    if path.exists() and not os.access(path, os.W_OK):
        return "the file may not be written"
    if not os.access(folder, os.W_OK):
        return "its folder may not be written"
    return None


def _uri(path: Path, read_only: bool, immutable: bool = False) -> str:
    query = "?mode=ro" if read_only else "?mode=rwc"
    if immutable:
        query += "&immutable=1"
    return "file:" + urllib.parse.quote(str(path.resolve())) + query


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    """A connection; a read-only library where SQLite cannot create its WAL index (a read-only folder, a
    full disk) is opened as immutable: nobody can write there either."""
    timeout = BUSY_TIMEOUT_MS / 1000
    connection = sqlite3.connect(_uri(path, read_only), uri=True, timeout=timeout, check_same_thread=False)
    if not read_only:
        return connection
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection
    except sqlite3.OperationalError as error:
        connection.close()
        if not any(word in str(error) for word in ("unable to open", "readonly", "disk I/O error")):
            raise  # locked, say, is not a reason to read past the lock
        return sqlite3.connect(
            _uri(path, True, immutable=True), uri=True, timeout=timeout, check_same_thread=False
        )


def _engine(path: Path, read_only: bool = False) -> Engine:
    # A creator instead of a URL: a file name with "?" or "#" stays a file name, and read-only is a URI mode.
    engine = create_engine("sqlite://", creator=lambda: _connect(path, read_only), poolclass=QueuePool)

    @event.listens_for(engine, "connect")
    def _pragmas(connection: sqlite3.Connection, _record: object) -> None:  # every connection, every time
        cursor = connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not read_only:
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
    """Bring the schema to ``revision`` (the newest by default), all or nothing.

    Python's sqlite3 (legacy transaction control) opens no transaction before DDL, so each ALTER TABLE and
    CREATE TABLE of a migration used to commit on its own, before the data changes: an interrupted upgrade
    left, say, a column added while the library still said the older revision, and every later open failed
    ("duplicate column name"). Here the driver's own transaction handling is off (``isolation_level =
    None``) and one ``BEGIN IMMEDIATE`` holds every statement of every step, the version stamp included,
    until the one COMMIT: SQLite's DDL is transactional, so a kill or a full disk anywhere leaves the file
    as it was. (No step toggles ``PRAGMA foreign_keys``, which cannot change inside a transaction, and the
    batch operations only add columns, which SQLite does in place.)"""
    if revision == "head" and current_revision(engine) == HEAD_REVISION:
        return  # up to date: no need to load Alembic (a noticeable part of a command's start-up)
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with engine.connect() as connection:
        if connection.dialect.name != "sqlite":  # PostgreSQL: its DDL is transactional too
            with connection.begin():
                # Two Readers starting at once: the second waits here, then finds the schema up to date.
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({UPGRADE_LOCK})")
                # A step that changes rows must reach every row: under row-level security (groups,
                # reader/store/groups.py) a role that may not see them all fails instead of skipping some.
                connection.exec_driver_sql("SET LOCAL row_security = off")
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
            return
        driver = connection.connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        usual = driver.isolation_level
        driver.isolation_level = None
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # waits for another writer (busy_timeout)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
        finally:
            driver.isolation_level = usual  # the pooled connection goes back to the driver's usual handling


FileState = Literal["ok", "locked", "unreadable", "damaged"]

# SQLite's words for a file that is not (or no longer) a database; anything else is not damage.
_DAMAGE = ("file is not a database", "malformed", "disk image", "not a database", "corrupt")


def check_file(path: Path) -> str | None:
    """Why ``path`` is not a usable SQLite database, or None when it is (kept for scripts; see inspect)."""
    state, problem = inspect_file(path)
    return None if state == "ok" else problem


def inspect_file(path: Path) -> tuple[FileState, str | None]:
    """Whether the library file is usable, locked by another program, unreadable, or truly damaged."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except PermissionError:
        return "unreadable", "permission denied"
    except OSError as error:
        return "unreadable", error.strerror or str(error)
    if head and head != b"SQLite format 3\x00":
        return "damaged", "it is not an SQLite database"
    try:
        connection = _connect(path, read_only=True)
        try:
            result = connection.execute("PRAGMA quick_check").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        message = str(error)
        if is_busy(message):
            return "locked", message
        if any(word in message for word in _DAMAGE):
            return "damaged", message
        return "unreadable", message
    if not result or result[0] != "ok":
        return "damaged", f"integrity check failed: {result[0] if result else 'no answer'}"
    return "ok", None


def _wait_while_locked(path: Path) -> tuple[FileState, str | None]:
    deadline = time.monotonic() + LOCK_PATIENCE_S
    delay = 0.05
    while True:
        state, problem = inspect_file(path)
        if state != "locked" or time.monotonic() >= deadline:
            return state, problem
        time.sleep(delay)
        delay = min(delay * 2, 1.0)


def _refuse_foreign(path: Path) -> str | None:
    """An SQLite file of another program is never changed: Reader refuses it rather than add its tables.
    Returns the library's schema revision (None for an empty database)."""
    connection = _connect(path, read_only=True)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = None
        if "alembic_version" in tables:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        connection.close()
    tables.discard("sqlite_sequence")
    if not tables:
        return None  # an empty database: Reader may make it a library
    shown = printable(str(path))
    if not tables >= READER_TABLES:
        listed = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
        raise StoreError(
            f"{shown}: this is another program's database (tables: {printable(listed)}), not a Reader "
            "library; Reader left it unchanged. Choose another file with --db"
        )
    if revision is not None and revision[0] not in KNOWN_REVISIONS:
        raise StoreError(
            f"{shown}: the library was made by a newer Reader (schema {printable(str(revision[0]))}); "
            "Reader left it unchanged. Open it with that version"
        )
    return str(revision[0]) if revision is not None else None


def _recover(path: Path, problem: str) -> OpenReport:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    damaged = path.with_name(f"{path.name}.damaged-{stamp}")
    os.replace(path, damaged)  # a rename: the damaged bytes stay exactly as they were
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, damaged.with_name(damaged.name + suffix))
    for candidate in (info.path for info in copies.all_backups(path)):  # an older schema is upgraded after
        if check_file(candidate) is None:
            atomic.write_bytes(path, candidate.read_bytes())
            return OpenReport(path, candidate, damaged, problem)
    return OpenReport(path, None, damaged, problem)
