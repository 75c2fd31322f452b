"""Copies of the library in ``backups/`` beside it: made at start, before an upgrade, and restored on request.

- A start-up backup is made only when the library changed since the newest one: the newest start-up backup
  carries, as its modification time, the newest modification time the library and its ``-wal`` had when it
  was taken, and a start compares that with the files' times now (two ``stat`` calls, no reading). The
  newest ``BACKUPS_KEPT`` start-up backups are kept.
- Before an upgrade, a copy named ``<library>-before-<revision>-<time>.sqlite3`` is made, outside the
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
import urllib.parse
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from reader.core import atomic
from reader.core.display import one_line, printable

BACKUPS_KEPT = 5
UPGRADE_COPIES_KEPT = 2
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


def _startup_name(path: Path) -> re.Pattern[str]:
    return re.compile(re.escape(path.stem) + "-(" + _STAMP + r")\.sqlite3")


def _upgrade_name(path: Path) -> re.Pattern[str]:
    return re.compile(re.escape(path.stem) + r"-before-(\d{4})-(" + _STAMP + r")\.sqlite3")


def backups(path: Path) -> list[Path]:
    """The start-up backups of ``path``, newest first (copies from before an upgrade are not among them)."""
    path = Path(path)
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    pattern = _startup_name(path)
    return sorted((p for p in folder.iterdir() if pattern.fullmatch(p.name)), reverse=True)


def upgrade_copies(path: Path) -> list[Path]:
    """The copies made before upgrades of ``path``, newest first."""
    path = Path(path)
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    pattern = _upgrade_name(path)
    found = [(match.group(2), p) for p in folder.iterdir() if (match := pattern.fullmatch(p.name))]
    return [p for _, p in sorted(found, reverse=True)]


def all_backups(path: Path) -> list[BackupInfo]:
    """Every copy of ``path`` that can be restored, newest first."""
    path = Path(path)
    found = []
    for copy in backups(path):
        found.append(_info(copy, "start-up", _startup_name(path).fullmatch(copy.name), 1, None))
    for copy in upgrade_copies(path):
        match = _upgrade_name(path).fullmatch(copy.name)
        found.append(_info(copy, "before upgrade", match, 2, match.group(1) if match else None))
    return sorted((info for info in found if info is not None), key=lambda i: i.made_at, reverse=True)


def _info(
    copy: Path,
    kind: Literal["start-up", "before upgrade"],
    match: re.Match[str] | None,
    group: int,
    revision: str | None,
) -> BackupInfo | None:
    try:
        size = copy.stat().st_size
    except OSError:
        return None  # removed meanwhile
    made_at = datetime.strptime(match.group(group), "%Y%m%d-%H%M%S-%f") if match else datetime.now()
    return BackupInfo(copy, kind, made_at, size, revision)


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
        if state:
            os.utime(temporary, ns=(state, state))


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
    target = backup_dir(path) / f"{path.stem}-{_stamp()}.sqlite3"
    try:
        target.parent.mkdir(exist_ok=True)
        _copy(path, target)
    except (OSError, sqlite3.Error) as error:
        return None, "its disk is full" if is_disk_full(error, target.parent, _size(path)) else _words(error)
    for old in backups(path)[keep:]:
        old.unlink(missing_ok=True)
    return target, None


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
    return "disk I/O error" in str(error) and stats.f_bavail * stats.f_frsize < needed


def copy_before_upgrade(path: Path, revision: str) -> Path:
    """The copy of the library kept before upgrading it from ``revision``; raises BackupError (one line)
    when it cannot be made, and then the upgrade must not start."""
    path = Path(path)
    for earlier in upgrade_copies(path):  # an upgrade that failed before left one of this very library
        if earlier.name.startswith(f"{path.stem}-before-{revision}-") and _same_state(earlier, path):
            return earlier
    target = backup_dir(path) / f"{path.stem}-before-{revision}-{_stamp()}.sqlite3"
    try:
        target.parent.mkdir(exist_ok=True)
        _copy(path, target)
    except (OSError, sqlite3.Error) as error:
        why = "its disk is full" if is_disk_full(error, target.parent, _size(path)) else _words(error)
        raise BackupError(
            f"{printable(str(path))}: the library was made by an older Reader and must be brought up to "
            f"date, but no copy of it could be kept first in {printable(str(target.parent))} ({why}); "
            "nothing was changed. Free some space and start Reader again"
        ) from None
    return target


def upgrade_succeeded(path: Path, keep: int = UPGRADE_COPIES_KEPT) -> None:
    """The upgraded library opened: copies from before older upgrades than the ``keep`` newest go."""
    for old in upgrade_copies(path)[keep:]:
        old.unlink(missing_ok=True)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _words(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return one_line(str(error)) or "unknown problem"


def restore(path: Path, chosen: Path) -> Path | None:
    """Put the copy ``chosen`` in place of the library at ``path`` (which must not be open). The library it
    replaces is kept beside it as ``<name>-replaced-<time>.sqlite3`` and returned (None when there was no
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
    kept = path.with_name(f"{path.stem}-replaced-{_stamp()}.sqlite3")
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
