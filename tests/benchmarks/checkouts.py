"""Reader's functions from a given checkout (this one, or the previous version for a baseline measured in
the same run): its modules replace any Reader modules already loaded."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any


def from_checkout(root: Path, *names: str) -> list[Any]:
    """The objects named ``module:attribute`` (``reader.core.alignment.align:align``), imported from ``root``."""
    for name in [m for m in sys.modules if m == "reader" or m.startswith("reader.")]:
        del sys.modules[name]
    sys.path.insert(0, str(root))
    try:
        found = []
        for name in names:
            module, _, attribute = name.partition(":")
            found.append(getattr(importlib.import_module(module), attribute))
        return found
    finally:
        sys.path.pop(0)
