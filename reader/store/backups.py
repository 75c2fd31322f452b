"""Copies of the library in ``backups/`` beside it: made at start, before an upgrade, and restored on request.

- A start-up backup is made only when the library changed since the newest one: the newest start-up backup
  carries, as its modification time, the newest modification time the library and its ``-wal`` had when it
  was taken, and a start compares that with the files' times now (two ``stat`` calls, no reading). The
  newest ``BACKUPS_KEPT`` start-up backups are kept.
- Copies are named by the library's full file name (``_listing`` says which older names are found too).
- Before an upgrade, a copy named ``<file name>-before-<revision>-<time>.sqlite3`` is made, outside the
  rotation of start-up backups; without it the upgrade does not start. Once an upgraded library has opened,
  the copies from before the two newest upgrades are kept and older ones removed.
- A restore puts a chosen copy in place of the library and keeps the library it replaces, renamed, beside it:
  nothing is deleted. The library must not be open (the window closes it first).

No Qt here: the window's Backups dialog (``reader/ui/backups_dialog.py``) calls these.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sqlite3
import time
import urllib.parse
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from reader.core import atomic
from reader.core.text.display import one_line, printable

BACKUPS_KEPT = 5
UPGRADE_COPIES_KEPT = 2
COPY_ROOM = 128 * 1024  # room a copy needs beyond the library's size (see ``is_disk_full``)
_STAMP = r"\d{8}-\d{6}-\d{6}"


class BackupError(Exception):
    """A copy could not be made or restored; the message is one line for the user and names the file."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: Literal["start-up", "before upgrade"]
    made_at: datetime
    size: int
    revision: str | None = None  # for a copy from before an upgrade: the schema it was made from

    @property
    def label(self) -> str:
        if self.kind == "before upgrade":
            return "copy from before an upgrade"
        return "start-up backup"


def backup_dir(path: Path) -> Path:
    return Path(path).parent / "backups"


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-%f")


# Copies are named by the library's full file name: ``notes.db-<time>.sqlite3`` and
# ``notes.db-before-<schema>-<time>.sqlite3``, so ``notes.db`` and ``notes.sqlite3`` in one folder never
# share a copy. Reader before this named them by the stem (``notes-<time>.sqlite3``). Those are still found,
# but only for a library named ``<stem>.sqlite3`` (the default name, the only one that made them in
# practice) and only while no library named ``<stem>`` alone is beside it, whose copies now have those very
# names: anywhere else an old name could be another library's copy, and restoring that would lose work.
_KINDS = re.compile(r"-(?:before-(\d{4})-)?(" + _STAMP + r")\.sqlite3")


def _prefixes(path: Path) -> list[str]:
    prefixes = [path.name]
    if path.suffix == ".sqlite3" and path.stem and not path.with_name(path.stem).exists():
        prefixes.append(path.stem)
    return prefixes


@dataclass(frozen=True)
class _Found:
    path: Path
    stamp: str
    revision: str | None  # None for a start-up backup


def _listing(path: Path) -> list[_Found]:
    """Every copy of ``path`` in its backups folder, newest first: the one listing that recovery, the
    Backups dialog, rotation and restore all use."""
    path = Path(path)
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    prefixes = _prefixes(path)
    found = []
    for copy in folder.iterdir():
        for prefix in prefixes:
            if copy.name.startswith(prefix) and (match := _KINDS.fullmatch(copy.name, len(prefix))):
                found.append(_Found(copy, match.group(2), match.group(1)))
                break
    return sorted(found, key=lambda f: (f.stamp, f.path.name), reverse=True)


def backups(path: Path) -> list[Path]:
    """The start-up backups of ``path``, newest first (copies from before an upgrade are not among them)."""
    return [f.path for f in _listing(path) if f.revision is None]


def upgrade_copies(path: Path) -> list[Path]:
    """The copies made before upgrades of ``path``, newest first."""
    return [f.path for f in _listing(path) if f.revision is not None]


def all_backups(path: Path) -> list[BackupInfo]:
    """Every copy of ``path`` that can be restored, newest first."""
    found = []
    for copy in _listing(path):
        try:
            size = copy.path.stat().st_size
        except OSError:
            continue  # removed meanwhile
        made_at = datetime.strptime(copy.stamp, "%Y%m%d-%H%M%S-%f")
        kind: Literal["start-up", "before upgrade"] = (
            "start-up" if copy.revision is None else "before upgrade"
        )
        found.append(BackupInfo(copy.path, kind, made_at, size, copy.revision))
    return found


def _state(path: Path) -> int:
    """The newest modification time (ns) of the library and its write-ahead log: any commit changes it.
    An empty log holds nothing (a read-only connection creates one), so its time does not count."""
    times = []
    for file in (path, path.with_name(path.name + "-wal")):
        with contextlib.suppress(OSError):
            stat = file.stat()
            if stat.st_size or file == path:
                times.append(stat.st_mtime_ns)
    return max(times, default=0)


def _same_state(copy: Path, path: Path) -> bool:
    try:
        return copy.stat().st_mtime_ns == _state(path) != 0
    except OSError:
        return False


def changed_since_backup(path: Path) -> bool:
    """Whether the library may hold something its newest start-up backup lacks (True when unsure)."""
    newest = backups(path)[:1]
    return not newest or not _same_state(newest[0], Path(path))


def _read_only(path: Path) -> sqlite3.Connection:
    uri = "file:" + urllib.parse.quote(str(Path(path).resolve())) + "?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=2.0)


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of the SQLite file ``source`` (SQLite's online backup), written beside ``target``
    and renamed: a full disk or a kill leaves no truncated copy under the target's name. Carries the
    library's state (``_state``) as its modification time."""
    state = _state(source)
    with atomic.atomic_path(target) as temporary:
        reading = _read_only(source)
        writing = sqlite3.connect(temporary)
        try:
            reading.backup(writing)
            # A copy of a WAL library is one too, and reading it would need a log and an index beside
            # it (not possible on a full disk): the copy is a file that stands alone.
            writing.execute("PRAGMA journal_mode = DELETE")
        finally:
            writing.close()
            reading.close()
            for companion in ("-journal", "-wal", "-shm"):  # what a failed step left beside the copy
                temporary.with_name(temporary.name + companion).unlink(missing_ok=True)
        if state:
            os.utime(temporary, ns=(state, state))


# What ``_copy`` writes before its rename (``atomic.atomic_path``'s temporary name for a copy, and SQLite's
# journal beside it). A kill while copying leaves them, as large as the library; nothing else has these names.
_LEFTOVER = re.compile(
    r"\..+-(?:before-\d{4}-)?" + _STAMP + r"\.sqlite3\.[0-9a-f]{8}\.tmp(?:-journal|-wal|-shm)?"
)
LEFTOVER_AGE_S = 600  # younger ones may be a copy another Reader, started meanwhile, is writing


def remove_leftovers(folder: Path, age_s: float = LEFTOVER_AGE_S) -> list[Path]:
    """Remove from the backups folder ``folder`` the half-written copies a killed Reader left, once they are
    ``age_s`` seconds old; returns those removed."""
    removed = []
    now = time.time()
    with contextlib.suppress(OSError):
        for file in folder.iterdir():
            if not _LEFTOVER.fullmatch(file.name):
                continue
            with contextlib.suppress(OSError):
                if now - file.stat().st_mtime >= age_s:
                    file.unlink()
                    removed.append(file)
    return removed


def backup(path: Path, keep: int = BACKUPS_KEPT, force: bool = False) -> Path | None:
    """A start-up backup of the library, when it changed since the newest one (or ``force``); the oldest
    start-up backups beyond ``keep`` are dropped. None when none was made (nothing changed, or it failed:
    a missed backup must not stop Reader from starting; ``startup_backup`` says why)."""
    made, _problem = startup_backup(path, keep, force)
    return made


def startup_backup(
    path: Path, keep: int = BACKUPS_KEPT, force: bool = False
) -> tuple[Path | None, str | None]:
    """``backup``, and why it failed (words for the user), if it did. A failed copy drops no older one."""
    path = Path(path)
    if not force and not changed_since_backup(path):
        return None, None
    target = backup_dir(path) / f"{path.name}-{_stamp()}.sqlite3"
    failed = _copy_into_backups(path, target)
    if failed is not None:
        return None, failed
    for old in backups(path)[keep:]:
        old.unlink(missing_ok=True)
    return target, None


def _copy_into_backups(path: Path, target: Path) -> str | None:
    """Copy the library at ``path`` to ``target`` in the backups folder (made if need be, cleared of what a
    killed copy left); why it failed, in words, or None."""
    remove_leftovers(target.parent)
    try:
        target.parent.mkdir(exist_ok=True)
        _copy(path, target)
    except (OSError, sqlite3.Error) as error:
        return "its disk is full" if is_disk_full(error, target.parent, _size(path)) else _words(error)
    return None


def is_disk_full(error: BaseException, folder: Path, needed: int) -> bool:
    """Whether ``error``, writing ``needed`` bytes in ``folder``, came from a full disk. SQLite reports a
    write refused for lack of space as "disk I/O error" at times: then the free space decides."""
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    if "full" in str(error):
        return True
    try:
        stats = os.statvfs(folder)
    except (OSError, AttributeError):
        return False
    # A copy of a WAL library briefly needs SQLite's log and shared-memory index beside it (to leave WAL
    # mode): measured on a 1 MB file system, a 348 KB library's copy failed so with up to 397 KB free.
    return "disk I/O error" in str(error) and stats.f_bavail * stats.f_frsize < needed + COPY_ROOM


def copy_before_upgrade(path: Path, revision: str) -> Path:
    """The copy of the library kept before upgrading it from ``revision``; raises BackupError (one line)
    when it cannot be made, and then the upgrade must not start."""
    path = Path(path)
    for earlier in _listing(path):  # an upgrade that failed before left one of this very library
        if earlier.revision == revision and _same_state(earlier.path, path):
            return earlier.path
    target = backup_dir(path) / f"{path.name}-before-{revision}-{_stamp()}.sqlite3"
    why = _copy_into_backups(path, target)
    if why is not None:
        raise BackupError(
            f"{printable(str(path))}: the library was made by an older Reader and must be brought up to "
            f"date, but no copy of it could be kept first in {printable(str(target.parent))} ({why}); "
            "nothing was changed. Free some space and start Reader again"
        )
    return target


def upgrade_succeeded(path: Path, used: Path | None = None, keep: int = UPGRADE_COPIES_KEPT) -> None:
    """The upgraded library opened: of the copies from before upgrades, ``used`` (the one made or reused for
    this upgrade) and the newest others up to ``keep`` in all stay; the rest go. A reused copy keeps the
    time it was first made, so by name it may be the oldest: it is the one that must stay."""
    others = [copy for copy in upgrade_copies(path) if used is None or copy != Path(used)]
    for old in others[keep - 1 if used is not None else keep :]:
        old.unlink(missing_ok=True)


def _size(path: Path) -> int:
    """The library's size with its write-ahead log: what a copy of it may take."""
    total = 0
    for file in (path, path.with_name(path.name + "-wal")):
        with contextlib.suppress(OSError):
            total += file.stat().st_size
    return total


def _words(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return one_line(str(error)) or "unknown problem"


def restore(path: Path, chosen: Path) -> Path | None:
    """Put the copy ``chosen`` in place of the library at ``path`` (which must not be open). The library it
    replaces is kept beside it as ``<file name>-replaced-<time>.sqlite3`` and returned (None when there was no
    library). Raises BackupError with one line, and changes nothing, when the copy is not a usable library,
    the disk is full, or another program has the library open for writing."""
    path, chosen = Path(path), Path(chosen)
    shown = printable(str(chosen))
    try:
        with contextlib.closing(_read_only(chosen)) as connection:
            result = connection.execute("PRAGMA quick_check").fetchone()
    except sqlite3.Error as error:
        raise BackupError(f"{shown}: this copy cannot be restored ({_words(error)})") from None
    if not result or result[0] != "ok":
        raise BackupError(f"{shown}: this copy is damaged and cannot be restored")
    kept = path.with_name(f"{path.name}-replaced-{_stamp()}.sqlite3")
    incoming = path.with_name(f".{path.name}.restoring")
    log = path.with_name(path.name + "-wal")
    try:
        _copy(chosen, incoming)  # first: on a full disk this fails and nothing else has happened
        if path.exists():
            _settle(path)
            try:  # the current library keeps a name of its own while the copy replaces it in one rename
                os.link(path, kept)
            except OSError:  # a file system without hard links: two renames
                os.replace(path, kept)
        elif log.exists():  # a log without its library would be applied to the restored file
            os.replace(log, kept.with_name(kept.name + "-wal"))
        os.replace(incoming, path)
    except (OSError, sqlite3.Error) as error:
        why = "its disk is full" if is_disk_full(error, path.parent, _size(chosen)) else _words(error)
        raise BackupError(
            f"{printable(str(path))}: the backup could not be restored ({why}); the library was left as it was"
        ) from None
    finally:
        incoming.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        path.with_name(path.name + "-shm").unlink()  # the shared index of the replaced file
    return kept if kept.exists() else None


def _settle(path: Path) -> None:
    """Move everything of the library's write-ahead log into the file and remove the log, so the file alone
    is the whole library (a log left beside a restored file would be applied to it). Fails, changing
    nothing, while another program writes to the library."""
    connection = sqlite3.connect(str(path), timeout=2.0)
    try:
        busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy and busy[0]:
            raise BackupError(
                f"{printable(str(path))}: the library is in use by another program; close it and try again"
            )
        connection.execute("PRAGMA journal_mode = DELETE")  # removes the -wal file
    finally:
        connection.close()
