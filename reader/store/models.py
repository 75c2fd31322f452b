"""The library's tables (SQLAlchemy 2.x declarative mapping). Changes to them go through a migration."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class SourceRow(Base):
    """A file Reader has read, with the text annotations point into."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(Text, unique=True)
    title: Mapped[str] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(16))
    encoding: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # What the user set in the window (since 0003): None is "as the file says"; "" is "none" (no outlet,
    # date unknown). Reading the file again never touches these.
    user_title: Mapped[str | None] = mapped_column(Text)
    user_outlet: Mapped[str | None] = mapped_column(Text)
    user_published: Mapped[str | None] = mapped_column(
        Text
    )  # ISO 8601 (reader.core.text.dates.Published.iso)
    revisions: Mapped[list[SourceRevisionRow]] = relationship(
        back_populates="source", cascade="all, delete-orphan", order_by="SourceRevisionRow.id"
    )
    # A group's source is seen by its members alone (since 0010; None: everyone in the library).
    group_id: Mapped[int | None] = mapped_column(Integer, index=True)


class SourceRevisionRow(Base):
    """An earlier text of a source, kept when the file changed (to show what changed). Since 0002."""

    __tablename__ = "source_revisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    replaced_at: Mapped[datetime] = mapped_column(DateTime)
    # What the next version did to the annotations (since 0006; None when not counted).
    stayed: Mapped[int | None] = mapped_column(Integer)
    moved: Mapped[int | None] = mapped_column(Integer)
    edited: Mapped[int | None] = mapped_column(Integer)
    orphaned: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[SourceRow] = relationship(back_populates="revisions")


class ComparisonRow(Base):
    """A named set of sources with its alignment options."""

    __tablename__ = "comparisons"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(Text, unique=True)  # the sorted paths: one row per set of files
    options: Mapped[str] = mapped_column(Text)  # JSON of AlignOptions
    created_at: Mapped[datetime] = mapped_column(DateTime)
    opened_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    members: Mapped[list[ComparisonSourceRow]] = relationship(
        cascade="all, delete-orphan", order_by="ComparisonSourceRow.position"
    )


class ComparisonSourceRow(Base):
    __tablename__ = "comparison_sources"
    comparison_id: Mapped[int] = mapped_column(
        ForeignKey("comparisons.id", ondelete="CASCADE"), primary_key=True
    )
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[SourceRow] = relationship()


class TagRow(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    color: Mapped[str] = mapped_column(String(16))
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str | None] = mapped_column(Text)  # since 0010


class AnnotationRow(Base):
    """Tags and a note on passages: one target per source that carries them."""

    __tablename__ = "annotations"
    id: Mapped[int] = mapped_column(primary_key=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    modified_at: Mapped[datetime] = mapped_column(DateTime)
    # Since 0010: a client-made id (a queued change sent twice adds one annotation), a version that every
    # change raises (a save made on an older one lost a race), who made it and who changed it last, and the
    # group whose members alone see it (None: everyone in the library).
    uid: Mapped[str | None] = mapped_column(String(36), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_by: Mapped[str | None] = mapped_column(Text)
    modified_by: Mapped[str | None] = mapped_column(Text)
    group_id: Mapped[int | None] = mapped_column(Integer, index=True)
    targets: Mapped[list[TargetRow]] = relationship(cascade="all, delete-orphan", order_by="TargetRow.id")
    tags: Mapped[list[TagRow]] = relationship(secondary="annotation_tags", order_by="TagRow.name")


class AnnotationTagRow(Base):
    __tablename__ = "annotation_tags"
    annotation_id: Mapped[int] = mapped_column(
        ForeignKey("annotations.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True
    )  # the index since 0009 (the annotations with a tag)


class TargetRow(Base):
    """Where an annotation sits in one source: position and quote selectors, and how well it is placed."""

    __tablename__ = "targets"
    __table_args__ = (UniqueConstraint("annotation_id", "source_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    annotation_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    exact: Mapped[str] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(Text)
    suffix: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="anchored")
    previous_exact: Mapped[str | None] = mapped_column(Text)  # the words before an edit re-anchored them
    evidence: Mapped[str | None] = mapped_column(Text)  # why it is where it is, for the user (since 0007)


class SnapshotRow(Base):
    """One fetch of a URL, as a WARC response record (reader.core.reading.fetch.Fetched.to_warc). Since 0005."""

    __tablename__ = "snapshots"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, index=True)
    fetched_at: Mapped[datetime] = mapped_column(DateTime)  # UTC
    status: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))  # of the body
    size: Mapped[int] = mapped_column(Integer)  # of the body, in bytes
    warc: Mapped[bytes] = mapped_column(LargeBinary)


class VerdictRow(Base):
    """The user's word on a link between two passages (since 0008): "confirmed" or "rejected", when, an
    optional note, and both ends as text anchors (position and quote selectors, and the sha256 of the text
    they were made on), so that it applies to any later alignment where the words are still found."""

    __tablename__ = "link_verdicts"
    id: Mapped[int] = mapped_column(primary_key=True)
    verdict: Mapped[str] = mapped_column(String(16))
    decided_at: Mapped[datetime] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    a_source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    a_sha256: Mapped[str] = mapped_column(String(64))
    a_start: Mapped[int] = mapped_column(Integer)
    a_end: Mapped[int] = mapped_column(Integer)
    a_exact: Mapped[str] = mapped_column(Text)
    a_prefix: Mapped[str] = mapped_column(Text)
    a_suffix: Mapped[str] = mapped_column(Text)
    b_source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    b_sha256: Mapped[str] = mapped_column(String(64))
    b_start: Mapped[int] = mapped_column(Integer)
    b_end: Mapped[int] = mapped_column(Integer)
    b_exact: Mapped[str] = mapped_column(Text)
    b_prefix: Mapped[str] = mapped_column(Text)
    b_suffix: Mapped[str] = mapped_column(Text)


class GroupRow(Base):
    """A group of the library's users: its members alone read and write its sources and annotations. On a
    server each group is a database role, and membership is that role granted to a member's own role
    (row-level security enforces it). Since 0010."""

    __tablename__ = "groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    role: Mapped[str] = mapped_column(Text, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ChangeLogRow(Base):
    """One committed write, in commit order: what open windows follow to show colleagues' changes, and
    what a client that was away reads to catch up exactly (everything after the last ``seq`` it saw).
    Since 0010."""

    __tablename__ = "change_log"
    __table_args__ = ({"sqlite_autoincrement": True},)
    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    at: Mapped[datetime] = mapped_column(DateTime)
    author: Mapped[str] = mapped_column(Text)
    client: Mapped[str] = mapped_column(String(36))  # the Reader that made it (it skips its own)
    kind: Mapped[str] = mapped_column(String(32))
    ids: Mapped[str] = mapped_column(Text)  # JSON list of the changed rows' ids
    # The group of the changed rows (since 0011; None: library-wide): on a server, members of other groups
    # do not even learn the ids of its rows from the log (row-level security, reader/store/groups.py).
    group_id: Mapped[int | None] = mapped_column(Integer, index=True)


class NoteConflictRow(Base):
    """A note two people changed at once: the text whose save lost the race is kept here with the one that
    won and the one both started from, until the user chooses. Since 0010."""

    __tablename__ = "note_conflicts"
    id: Mapped[int] = mapped_column(primary_key=True)
    annotation_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"), index=True)
    base: Mapped[str] = mapped_column(Text)
    mine: Mapped[str] = mapped_column(Text)
    theirs: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
