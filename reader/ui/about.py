"""Help > About: version, license, and the versions of Qt and the libraries."""

from __future__ import annotations

import platform
from html import escape
from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion

from reader import __version__

LIBRARIES = ("diff-match-patch", "fast-diff-match-patch", "markdown", "sqlalchemy", "charset-normalizer")


def library_versions() -> dict[str, str]:
    versions = {"Python": platform.python_version(), "Qt": qVersion(), "PySide6": pyside_version}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def about_text() -> str:
    rows = "".join(
        f"<tr><td>{escape(k)}</td><td>{escape(v)}</td></tr>" for k, v in library_versions().items()
    )
    return (
        f"<h3>Reader {escape(__version__)}</h3>"
        "<p>Compare several write-ups of one story: what they copy, reword and add.</p>"
        "<p>Released under the MIT License.</p>"
        f"<table cellspacing='4'>{rows}</table>"
    )
