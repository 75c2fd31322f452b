"""Write a file so that a failure never destroys the previous one.

The new content goes to a temporary file in the same folder (so the final rename stays on one file system),
is flushed to disk, and only then renamed over the target: a full disk, a killed process or an exception
mid-way leaves the old file exactly as it was, and no half-written file under the target's name.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; renamed onto ``path`` when the block ends without error.

    The file is created (empty) before the block runs, with the permissions a new file would get (the
    umask applies), or those of the file it replaces.
    """
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    mode = 0o666
    with contextlib.suppress(OSError):
        mode = target.stat().st_mode & 0o777
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    os.close(descriptor)
    try:
        yield temporary
        _fsync(temporary)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _fsync_folder(target.parent)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    with atomic_path(path) as temporary, open(temporary, "wb") as handle:
        handle.write(data)


def write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` as is (no newline translation)."""
    write_bytes(path, text.encode(encoding))


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform can open a folder, which is fine."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
