"""Where the library is, worked out without loading the database layer (SQLAlchemy takes half a second):
the window knows it before the library opens, so its first alignment can use the work cache beside it."""

from __future__ import annotations

import os
from pathlib import Path


def library_path(db: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` wins, then ``READER_DB``, then the user's data directory."""
    if db:
        return Path(db)
    configured = os.environ.get("READER_DB")
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("Reader", appauthor=False)) / "library.sqlite3"
