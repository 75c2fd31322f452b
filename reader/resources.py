"""Where Reader's resources (style sheets, icons, templates, the sample story) are, and the library.

The same lookup serves a source checkout (the top-level ``resources/`` and ``seeds/``), an installed wheel
(copies inside the package, ``reader/_data``) and a PyInstaller bundle (``sys._MEIPASS``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _roots() -> list[Path]:
    roots = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.append(Path(bundle))
    roots.append(_PACKAGE / "_data")  # an installed wheel
    roots.append(_PACKAGE.parent)  # a source checkout
    return roots


def resource_path(*parts: str) -> Path:
    """The path of a resource, e.g. ``resource_path("style.qss")``; raises FileNotFoundError."""
    for root in _roots():
        candidate = root.joinpath("resources", *parts)
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"Reader resource not found: {'/'.join(parts)}")


def sample_story() -> list[Path]:
    """The five sample articles."""
    for root in _roots():
        seeds = sorted((root / "seeds").glob("*.txt"))
        if seeds:
            return seeds
    raise FileNotFoundError("the sample story (seeds/) is not installed")


def library_path(db: str | os.PathLike[str] | None = None) -> Path:
    """Where the library is on this machine: ``--db`` wins, then ``READER_DB``, then the user's data
    directory; for a shared library on a server, a local stem in the data folder for what Reader keeps
    about it (``reader.address``). Worked out without loading the database layer (SQLAlchemy takes half a
    second): the window knows it before the library opens, so its first alignment can use the work cache
    beside it. An address Reader cannot use gives the default file's place (opening it says what is wrong)."""
    from reader.address import AddressError, configured

    try:
        return configured(db).local_stem()
    except AddressError:
        return configured(None).local_stem() if db else Path(".")
