"""Reader's library of sources, comparisons, tags and annotations (SQLite through SQLAlchemy). No Qt here.

from reader.store import Library
"""

from reader.store.conflicts import ConflictError, NoteConflict, Saved
from reader.store.db import StoreError
from reader.store.library import Library
from reader.store.records import (
    DEFAULT_TAG_COLOR,
    AnnotationInfo,
    Change,
    ComparisonInfo,
    ImportReport,
    NewTarget,
    SnapshotInfo,
    SourceDetails,
    TagInfo,
    TargetInfo,
    VersionInfo,
    VersionOutcome,
    source_details,
    tag_color,
    valid_color,
)
from reader.store.search import KINDS, Appearance, SearchHit

__all__ = [
    "DEFAULT_TAG_COLOR",
    "KINDS",
    "AnnotationInfo",
    "Appearance",
    "Change",
    "ComparisonInfo",
    "ConflictError",
    "ImportReport",
    "Library",
    "NewTarget",
    "NoteConflict",
    "Saved",
    "SearchHit",
    "SnapshotInfo",
    "SourceDetails",
    "StoreError",
    "TagInfo",
    "TargetInfo",
    "VersionInfo",
    "VersionOutcome",
    "source_details",
    "tag_color",
    "valid_color",
]
