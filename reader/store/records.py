"""What the library hands out and takes in: plain frozen records (never ORM objects), the typed ``Change``
every write announces, and the checks a tag name, a colour or a note passes before it is stored."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from reader.core.reading.sources import Source, short_name
from reader.core.text.dates import Published, parse_date
from reader.core.text.display import printable
from reader.store.db import StoreError

ChangeKind = Literal[
    "annotation_added",
    "annotation_changed",
    "annotation_deleted",
    "tag_added",
    "source_changed",
    "source_details_changed",
    "comparison_saved",
    "comparison_deleted",
    "snapshot_added",
    "verdict_changed",
]


@dataclass(frozen=True)
class Change:
    """What one write changed, for views to decide whether (and what) to refresh.

    ``initiator`` is whoever asked for the write (``Library.initiated_by``), so a view can skip the
    change it made itself; ``tags_added`` are tags the write created on the way (a new tag name given to
    an annotation); ``note_only`` says an annotation change touched its note and nothing else.
    """

    kind: ChangeKind
    ids: tuple[int, ...]
    initiator: object | None = None
    tags_added: tuple[int, ...] = ()
    note_only: bool = False
    author: str | None = None  # who made it (the library's display name of its author)
    seq: int | None = None  # its place in the library's change log
    remote: bool = False  # made by another Reader (a colleague, or another window on the same library)


@dataclass(frozen=True)
class TagInfo:
    id: int
    name: str
    color: str
    builtin: bool


@dataclass(frozen=True)
class TargetInfo:
    source_id: int
    source_path: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    status: str  # anchored, moved, edited or orphaned
    previous_exact: str | None = None
    evidence: str | None = None  # why it is where it is ("moved with its words, context agrees 92%")

    @property
    def placed(self) -> bool:
        return self.status != "orphaned"


@dataclass(frozen=True)
class KeptAside:
    """A note text kept aside in an open conflict (``reader.store.conflicts``), carried by a deleted
    annotation's record so that undoing the deletion brings it back too."""

    base: str
    mine: str
    theirs: str
    author: str
    at: datetime


@dataclass(frozen=True)
class AnnotationInfo:
    id: int
    note: str
    tags: tuple[str, ...]
    targets: tuple[TargetInfo, ...]
    created_at: datetime
    modified_at: datetime
    created_by: str | None = None  # who made it (None: made before Reader recorded authors)
    modified_by: str | None = None  # who changed it last
    version: int = 1  # raised by every change: a save made on an older version lost a race
    uid: str | None = None  # the client-made id that stays the same on every copy of the library
    # Only on the record ``delete_annotation`` returns: its open conflicts, which the deletion removes and
    # ``restore_annotation`` (undo) puts back.
    kept_aside: tuple[KeptAside, ...] = ()
    group_id: int | None = None  # the group whose members alone see it (None: everyone in the library)

    @property
    def orphaned(self) -> bool:
        return any(not target.placed for target in self.targets)


@dataclass(frozen=True)
class NewTarget:
    source_id: int
    start: int
    end: int


@dataclass(frozen=True)
class SourceInfo:
    id: int
    path: str
    title: str
    sha256: str


@dataclass(frozen=True)
class VersionOutcome:
    """What a new version of a source did to the annotations on the one before."""

    stayed: int
    moved: int  # with their words, elsewhere in the text
    edited: int  # re-attached to edited words
    orphaned: int

    def summary(self) -> str:
        total = self.stayed + self.moved + self.edited + self.orphaned
        if not total:
            return "no annotations"
        return (
            f"annotations: {self.stayed} stayed, {self.moved} moved, {self.edited} re-attached, "
            f"{self.orphaned} orphaned"
        )


@dataclass(frozen=True)
class VersionInfo:
    """One text a source has had: ``revision_id`` None for the current one."""

    number: int  # 1 for the first
    revision_id: int | None
    text: str
    sha256: str
    since: datetime | None  # when Reader first read it
    until: datetime | None  # when a newer one replaced it
    outcome: VersionOutcome | None  # what the next version did to the annotations (None: not counted)


@dataclass(frozen=True)
class SnapshotInfo:
    """One stored fetch of a URL (its WARC record is read with ``Library.snapshot``)."""

    id: int
    url: str
    fetched_at: datetime  # UTC
    status: int
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class SourceDetails:
    """What the user set for a source: None is "as the file says", "" is "none" (no outlet, date unknown);
    ``published`` is ISO 8601."""

    title: str | None = None
    outlet: str | None = None
    published: str | None = None

    def apply(self, source: Source) -> Source:
        """``source`` as the user sees it: their title, outlet and date in place of the file's."""
        changes: dict[str, object] = {}
        if self.title:
            changes["title"] = self.title
        if self.outlet is not None:
            changes["outlet"] = self.outlet or None
            changes["outlet_from"] = None
            changes["outlet_how"] = "user" if self.outlet else None
        if self.published is not None:
            published = Published.from_iso(self.published) if self.published else None
            changes["published"] = published
            changes["date"] = published.shown if published else None
        return replace(source, **changes) if changes else source  # type: ignore[arg-type]


TITLE_MAX = 500
OUTLET_MAX = 200


def source_details(title: str | None, outlet: str | None, published: str | None) -> SourceDetails:
    """What the user typed, checked: one line each, not too long, and a date Reader reads; else StoreError."""
    checked = []
    for name, value, limit in (("a title", title, TITLE_MAX), ("an outlet", outlet, OUTLET_MAX)):
        if value is not None:
            value = " ".join(value.split())
            if not value.isprintable() or _SURROGATE.search(value):
                raise StoreError(f"{name} must be visible text (no control characters)")
            if len(value) > limit:
                raise StoreError(f"{name} has at most {limit} characters")
        checked.append(value)
    iso = published
    if published is not None and published.strip():
        found = parse_date(published.strip())
        if found is None:
            raise StoreError(f"“{printable(published.strip()[:60])}” is not a date Reader can read")
        iso = found.iso
    elif published is not None:
        iso = ""
    return SourceDetails(checked[0] or None if title is not None else None, checked[1], iso)


@dataclass(frozen=True)
class ComparisonInfo:
    id: int
    name: str
    paths: tuple[str, ...]
    hidden: tuple[str, ...]
    options: dict[str, object]
    opened_at: datetime


@dataclass(frozen=True)
class ImportReport:
    """What importing a source did: new, unchanged, or changed with its annotations re-anchored."""

    source_id: int
    path: str
    status: Literal["new", "unchanged", "changed"]
    previous_text: str | None = None
    moved: int = 0
    edited: int = 0
    orphaned: int = 0

    @property
    def message(self) -> str | None:
        if self.status != "changed":
            return None
        parts = []
        if self.moved:
            parts.append(f"{self.moved} moved with their words")
        if self.edited:
            parts.append(f"{self.edited} re-attached to edited words")
        if self.orphaned:
            parts.append(f"{self.orphaned} could not be placed and are shown as orphaned")
        notes = "; annotations: " + ", ".join(parts) if parts else ""
        return f"{short_name(self.path)} changed since it was last opened{notes}."


DEFAULT_TAG_COLOR = "#777777"
TAG_NAME_MAX = 64
_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_color(value: object) -> str | None:
    """``value`` as a ``#rrggbb`` colour, or None when it is not one (a colour ends up in style sheets and
    exported CSS, so nothing else may pass for one)."""
    if not isinstance(value, str) or not _COLOR.fullmatch(value.strip()):
        return None
    digits = value.strip()[1:].lower()
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


def tag_color(value: object) -> str:
    """A stored tag colour fit to use anywhere: itself when valid, else the default grey."""
    return valid_color(value) or DEFAULT_TAG_COLOR


NUL_REFUSED = (
    "contains a NUL character (U+0000), which a library cannot hold (a PostgreSQL server refuses it); "
    "it was not saved"
)


def check_text(what: str, value: str) -> None:
    """Refuse text with a NUL character before it reaches the database, with the same words on both
    engines (SQLite would keep it, PostgreSQL's text type cannot; a library must open on either)."""
    if "\x00" in value:
        raise StoreError(f"{what} {NUL_REFUSED}")


def check_source(source: Source) -> None:
    """A source's text and the details read from it, before they are stored."""
    where = printable(source.path.replace("\x00", "\\0"))
    fields = ("text", "path", "title", "outlet", "author", "date", "encoding", "format")
    for name in fields:
        value = getattr(source, name)
        if isinstance(value, str) and "\x00" in value:
            raise StoreError(f"{where}: its {name} {NUL_REFUSED.replace('saved', 'stored')}")


def tag_name(name: str) -> str:
    """A tag name as stored: one line of text, trimmed; else StoreError."""
    check_text("the tag name", name)
    name = name.strip()
    if not name:
        raise StoreError("a tag needs a name")
    if not name.isprintable():
        raise StoreError(f"the tag name “{printable(name)}” must be one line of visible text")
    if len(name) > TAG_NAME_MAX:
        raise StoreError(f"a tag name has at most {TAG_NAME_MAX} characters")
    return name


def check_note(note: str) -> None:
    check_text("the note", note)
    if _SURROGATE.search(note):
        raise StoreError("the note contains a broken character (a lone surrogate); it was not saved")
