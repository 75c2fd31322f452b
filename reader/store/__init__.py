"""Reader's library of sources, comparisons, tags and annotations (SQLite through SQLAlchemy). No Qt here.

from reader.store import Library
"""

from reader.store.db import StoreError
from reader.store.library import (
    AnnotationInfo,
    Change,
    ComparisonInfo,
    ImportReport,
    Library,
    NewTarget,
    TagInfo,
    TargetInfo,
)

__all__ = [
    "AnnotationInfo",
    "Change",
    "ComparisonInfo",
    "ImportReport",
    "Library",
    "NewTarget",
    "StoreError",
    "TagInfo",
    "TargetInfo",
]
