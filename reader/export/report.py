"""What an export contains: the comparison, its annotations placed on the aligned groups, and the filters.

Every format (HTML, Markdown, PDF, JSON, CSV) is written from a ``Report``, so they agree on what is in it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from reader.core.alignment.align import Alignment, Group, Member
from reader.store import DEFAULT_TAG_COLOR, AnnotationInfo, Library, TagInfo, TargetInfo, tag_color


@dataclass(frozen=True)
class ExportOptions:
    tags: frozenset[str] | None = None  # only annotations with one of these tags (None: all)
    annotated_only: bool = False  # only passages that carry an annotation
    full_texts: bool = (
        True  # every passage, and (JSON) the sources' texts; else only differences and annotations
    )


@dataclass
class Report:
    alignment: Alignment
    annotations: list[AnnotationInfo]
    source_ids: dict[int, int]  # alignment source index -> library source id
    tags: list[TagInfo]
    options: ExportOptions = field(default_factory=ExportOptions)
    created: datetime = field(default_factory=datetime.now)

    @property
    def title(self) -> str:
        first = self.alignment.sources[0].title if self.alignment.sources else "Comparison"
        return f"{first}: {len(self.alignment.sources)} sources compared"

    def tag_color(self, name: str) -> str:
        # Checked again here: a library written by something else must not inject CSS into an export.
        return tag_color(next((t.color for t in self.tags if t.name == name), DEFAULT_TAG_COLOR))

    def source_index(self, library_id: int) -> int | None:
        return next((i for i, sid in self.source_ids.items() if sid == library_id), None)

    def annotations_on(self, member: Member) -> list[AnnotationInfo]:
        """Annotations with a placed target overlapping this member's passage."""
        library_id = self.source_ids.get(member.source)
        found = []
        for info in self.annotations:
            for target in info.targets:
                if (
                    target.source_id == library_id
                    and target.placed
                    and target.start < member.end
                    and target.end > member.start
                ):
                    found.append(info)
                    break
        return found

    def group_annotations(self, group: Group) -> list[AnnotationInfo]:
        seen: dict[int, AnnotationInfo] = {}
        for member in group.members:
            for info in self.annotations_on(member):
                seen.setdefault(info.id, info)
        return list(seen.values())

    def groups(self) -> list[Group]:
        """The groups to show, after the filters."""
        shown = []
        for group in self.alignment.groups:
            annotated = bool(self.group_annotations(group))
            if self.options.annotated_only and not annotated:
                continue
            if not self.options.full_texts and group.kind == "verbatim" and not annotated:
                continue
            shown.append(group)
        return shown

    def tag_counts(self) -> Counter[str]:
        return Counter(tag for info in self.annotations for tag in info.tags)

    def orphans(self) -> list[AnnotationInfo]:
        return [info for info in self.annotations if info.orphaned]

    def where(self, target: TargetInfo) -> str:
        """The label of a target's source in this report ("WIRED"), or its path when not compared."""
        index = self.source_index(target.source_id)
        return self.alignment.labels[index] if index is not None else target.source_path


def placement(target: TargetInfo) -> str | None:
    """How a changed source's text placed the target, for the reader of an export ("moved with its words
    (the text around them agrees 92%)", "orphaned: …"); None for a target that never had to move."""
    if target.evidence:
        return target.evidence
    return target.status if target.status in ("moved", "edited", "orphaned") else None


def build_report(
    alignment: Alignment, library: Library | None, options: ExportOptions | None = None
) -> Report:
    """Collect what the export shows: the alignment, and the annotations ``library`` holds for its sources,
    placed on these texts (re-anchored in memory when a text changed). Without a library, the export has the
    alignment and no annotations."""
    options = options or ExportOptions()
    source_ids: dict[int, int] = {}
    annotations: list[AnnotationInfo] = []
    tags: list[TagInfo] = []
    if library is not None:
        # Read only: an export never writes to the library, so it works on a read-only library or a full disk.
        source_ids, annotations = library.placed_annotations(alignment.sources)
        tags = library.tags()
        if options.tags is not None:
            annotations = [a for a in annotations if set(a.tags) & options.tags]
    return Report(alignment, annotations, source_ids, tags, options)
