"""What an export contains: the comparison, its annotations placed on the aligned groups, and the filters.

Every format (HTML, Markdown, PDF, JSON, CSV) is written from a ``Report``, so they agree on what is in it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from reader.core.align import Alignment, Group, Member
from reader.store import AnnotationInfo, Library, TagInfo


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
        return next((t.color for t in self.tags if t.name == name), "#777777")

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


def build_report(
    alignment: Alignment, library: Library | None, options: ExportOptions | None = None
) -> Report:
    """Import the sources into ``library`` (so annotations are re-anchored to these texts) and collect what
    the export shows. Without a library, the export has the alignment and no annotations."""
    options = options or ExportOptions()
    source_ids: dict[int, int] = {}
    annotations: list[AnnotationInfo] = []
    tags: list[TagInfo] = []
    if library is not None:
        for index, source in enumerate(alignment.sources):
            source_ids[index] = library.import_source(source).source_id
        annotations = library.annotations(list(source_ids.values()))
        tags = library.tags()
        if options.tags is not None:
            annotations = [a for a in annotations if set(a.tags) & options.tags]
    return Report(alignment, annotations, source_ids, tags, options)
