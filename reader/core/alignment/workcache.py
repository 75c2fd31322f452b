"""What an alignment worked out that depends on its inputs alone, kept by content hash for the next one.

Adding one source to an open comparison aligns all of them again; most of what that computes (each
source's passages and keys, the word diffs of pairs of passages) is what the last alignment computed
already. A ``WorkCache`` keeps those pure results under the sha256 of a kind tag, every option that changes
the result, and the texts; an alignment given one asks it first (``AlignmentRun.cached``).

In memory it keeps the most recently used ``max_entries`` results. ``save`` writes them to a file (an
SQLite database of its own, never the library: backups stay small, and losing it loses nothing) in a
temporary file renamed into place, newest first up to ``max_bytes``; the next session's first alignment
reads it (``load``). A file that cannot be read (damaged, cut short, from another version of Reader, a
folder in its place) is ignored, with one line in the log naming it, and replaced at the next save.
Values are stored as JSON by a codec per kind, never pickled: a file from elsewhere is data, never code.

Thread safety: one alignment at a time uses a cache, on a worker thread, while ``save`` may run on
another; the entries are guarded by a lock.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from reader import __version__
from reader.core import atomic

T = TypeVar("T")

FORMAT = "reader-work-cache"
LAYOUT = 1
"""The file's tables; a file of another layout is ignored."""
ALGORITHM = 1
"""Bump when a stage computes a cached result differently (segmenting, keys, word diffs, what is cached
through ``AlignmentRun.cached``): a cache made before is then ignored. A file made by another version of
Reader is ignored too (``engine``)."""
ENGINE = f"{__version__}/{ALGORITHM}"

MAX_ENTRIES = 250_000  # about 150 MB of word diffs in memory at most
MAX_BYTES = 48 * 1024 * 1024  # of the file
FILE_NAME = "alignment.sqlite3"


def _warn(message: str, *args: object) -> None:
    """One line in the log (logging and sqlite3 are loaded only when the file is used: ``reader align``
    without ``--cache`` starts without them)."""
    import logging

    logging.getLogger(__name__).warning(message, *args)


@dataclass(frozen=True, slots=True)
class Codec:
    """How values of one kind are stored: as JSON text (in ASCII, json's default: a lone surrogate in a
    text stays storable), and back (``decode`` raises ValueError, TypeError,
    KeyError or IndexError on what it cannot read, which is then worked out again)."""

    encode: Callable[[Any], str]
    decode: Callable[[str], Any]


def _scalar(text: str) -> float | int | str | bool | None:
    import json

    value = json.loads(text)
    if value is not None and not isinstance(value, float | int | str | bool):
        raise TypeError(value)
    return value


def _scalar_text(value: float | int | str | bool | None) -> str:
    import json

    return json.dumps(value)


SCALAR = Codec(_scalar_text, _scalar)
"""A number, a string, True/False or None: what a kind without a codec of its own is stored as."""

_CODECS: dict[str, Codec] = {}


def register(kind: str, codec: Codec) -> None:
    """Store results of ``kind`` with ``codec`` (results of a kind without one are kept in the file only
    when they are scalars, and in memory whatever they are)."""
    _CODECS[kind] = codec


def _codec(kind: str, value: object) -> Codec | None:
    codec = _CODECS.get(kind)
    if codec is not None:
        return codec
    if value is None or isinstance(value, float | int | str | bool):
        return SCALAR
    return None


_MISSING = object()


class _Entry:
    """One result: its kind, the value (``_MISSING`` until a stored one is first read) and its stored form
    (None until it is first saved)."""

    __slots__ = ("kind", "stored", "value")

    def __init__(self, kind: str, value: object, stored: str | None) -> None:
        self.kind = kind
        self.value = value
        self.stored = stored


def path_beside(library: str | os.PathLike[str]) -> Path:
    """Where the work cache of the library at ``library`` is kept: in ``<library file name>.cache/`` next
    to it (not in the library: its backups stay small, and a lost cache loses nothing)."""
    library = Path(library)
    return library.with_name(library.name + ".cache") / FILE_NAME


def content_key(kind: str, parts: Iterable[str]) -> bytes:
    """The sha256 of ``kind`` and ``parts``, the parts' lengths first (so no two lists of parts share a
    key)."""
    parts = tuple(parts)
    head = ",".join([str(len(part)) for part in parts])
    return hashlib.sha256("\x00".join((kind, head, *parts)).encode("utf-8", "surrogatepass")).digest()


class WorkCache:
    """Pure results of alignments by content hash (see the module's docstring). ``path``: the file it is
    kept in between sessions (None: in memory only)."""

    def __init__(
        self, path: str | Path | None = None, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.counts: Counter[tuple[str, str]] = Counter()  # (kind, "hit" | "miss"): what it saved
        self._entries: dict[bytes, _Entry] = {}  # least recently used first
        self._lock = threading.Lock()
        self._loaded = self.path is None
        self._added = 0  # entries added since the file was last read or written

    @classmethod
    def beside(cls, library: str | os.PathLike[str]) -> WorkCache:
        """The cache of the library at ``library`` (``path_beside``)."""
        return cls(path_beside(library))

    def keep_in(self, path: str | os.PathLike[str]) -> None:
        """Keep the cache in the file at ``path`` from now on: read it at the next alignment (what is in
        memory stays, as newer), and write what is in memory there at the next save."""
        path = Path(path)
        with self._lock:
            if path == self.path:
                return
            self.path = path
            self._loaded = False
            self._added += len(self._entries)

    @property
    def unsaved(self) -> int:
        """How many results were added since the file was last read or written."""
        return self._added

    @property
    def hits(self) -> int:
        return sum(count for (_, outcome), count in self.counts.items() if outcome == "hit")

    @property
    def misses(self) -> int:
        return sum(count for (_, outcome), count in self.counts.items() if outcome == "miss")

    def __len__(self) -> int:
        return len(self._entries)

    # -- looking up ----------------------------------------------------------------------------------------
    def cached(self, kind: str, parts: Iterable[str], compute: Callable[[], T]) -> T:
        """The result of ``compute`` for ``kind`` and ``parts`` (the texts and every option that changes
        the result): kept from before, else computed now and kept. The file is read at the first call."""
        if not self._loaded:
            self.load()
        key = content_key(kind, parts)
        found = self._get(key)
        if found is not _MISSING:
            self.counts[kind, "hit"] += 1
            return found  # type: ignore[return-value]  # stored under this kind by this very method
        self.counts[kind, "miss"] += 1
        value = compute()
        self._put(key, kind, value)
        return value

    def _get(self, key: bytes) -> object:
        with self._lock:
            entry = self._entries.pop(key, None)
            if entry is None:
                return _MISSING
            self._entries[key] = entry  # the most recently used now
        if entry.value is _MISSING:
            entry.value = self._decoded(key, entry)
        return entry.value

    def _decoded(self, key: bytes, entry: _Entry) -> object:
        codec = _CODECS.get(entry.kind, SCALAR)
        try:
            return codec.decode(entry.stored or "")
        except (ValueError, TypeError, KeyError, IndexError):  # damaged: worked out again
            with self._lock:
                self._entries.pop(key, None)
            return _MISSING

    def _put(self, key: bytes, kind: str, value: object) -> None:
        with self._lock:
            self._entries[key] = _Entry(kind, value, None)
            self._added += 1
            excess = len(self._entries) - self.max_entries
            if excess > 0:  # the least recently used go, a tenth at a time
                for old in list(islice(self._entries, excess + self.max_entries // 10)):
                    del self._entries[old]

    # -- the file ------------------------------------------------------------------------------------------
    def load(self) -> None:
        """Read the file, once (later calls do nothing). What it holds comes before what is in memory
        already (it is older); a file that cannot be read is ignored, with a line in the log."""
        with self._lock:
            if self._loaded:
                return
            self._loaded = True
        assert self.path is not None  # loaded from the start without one
        if not self.path.exists() and not self.path.is_symlink():
            return
        import sqlite3

        try:
            rows = _read(self.path)
        except _Unusable as problem:
            _warn("%s: %s; it is ignored and will be replaced", self.path, problem)
            return
        except (sqlite3.Error, OSError, ValueError) as error:
            _warn("%s: cannot be read (%s); it is ignored and will be replaced", self.path, error)
            return
        with self._lock:
            newer = self._entries
            self._entries = {key: _Entry(kind, _MISSING, stored) for key, kind, stored in rows}
            self._entries.update(newer)

    def save(self) -> bool:
        """Write the entries to the file (newest first, up to ``max_bytes``) when some were added since it
        was read or written. Never raises for a file it cannot write: says so in the log. True when
        written."""
        if self.path is None:
            return False
        self.load()
        with self._lock:
            added = self._added
            if not added:
                return False
            entries = list(self._entries.items())
        rows: list[tuple[bytes, str, str]] = []
        size = 0
        for key, entry in reversed(entries):
            stored = entry.stored
            if stored is None:
                codec = _codec(entry.kind, entry.value)
                if codec is None:
                    continue
                stored = entry.stored = codec.encode(entry.value)
            size += len(key) + len(stored) + 16
            if size > self.max_bytes or len(rows) >= self.max_entries:
                break
            rows.append((key, entry.kind, stored))
        rows.reverse()  # least recently used first, as it is read back
        import sqlite3

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with atomic.atomic_path(self.path) as temporary:
                _write(temporary, rows)
        except (sqlite3.Error, OSError, ValueError) as error:
            _warn("%s: cannot be written (%s); the work cache is kept in memory only", self.path, error)
            return False
        with self._lock:
            self._added -= added  # what was added meanwhile is saved next time
        return True


class _Unusable(Exception):
    """A cache file read without error that is not one this Reader can use."""


def _read(path: Path) -> list[tuple[bytes, str, str]]:
    import sqlite3

    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        meta = dict(connection.execute("SELECT name, value FROM meta").fetchall())
        if meta.get("format") != FORMAT:
            raise _Unusable("not a work cache of Reader")
        if meta.get("layout") != str(LAYOUT) or meta.get("engine") != ENGINE:
            raise _Unusable(f"made by another version of Reader ({meta.get('engine')})")
        rows = connection.execute("SELECT key, kind, value FROM entries ORDER BY rowid").fetchall()
    finally:
        connection.close()
    if str(len(rows)) != meta.get("entries"):  # a file cut short can read without an error
        raise _Unusable(f"holds {len(rows)} of its {meta.get('entries')} entries")
    for row in rows:
        if not (isinstance(row[0], bytes) and isinstance(row[1], str) and isinstance(row[2], str)):
            raise _Unusable("an entry is not what this Reader writes")
    return rows


def _write(path: Path, rows: list[tuple[bytes, str, str]]) -> None:
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        connection.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        connection.execute(
            "CREATE TABLE entries (key BLOB PRIMARY KEY, kind TEXT NOT NULL, value TEXT NOT NULL)"
        )
        meta = {"format": FORMAT, "layout": str(LAYOUT), "engine": ENGINE, "entries": str(len(rows))}
        connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        connection.executemany("INSERT INTO entries VALUES (?, ?, ?)", rows)
        connection.commit()
    finally:
        connection.close()
