"""Matching a comparison with the library, as a function: what the library says about its sources (their ids,
the user's details, the verdicts on links) is returned, never put into a shared object. The window runs it
off the GUI thread and applies the result there; ``Comparison.attach`` applies it at once (the CLI).

No Qt here, and no SQLAlchemy import until the library is used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.alignment.align import Alignment
from reader.core.alignment.verdicts import apply_verdicts
from reader.core.provenance.who_first import provenance
from reader.core.reading.fetch import Fetched
from reader.core.reading.sources import Source

if TYPE_CHECKING:
    from reader.store import AnnotationInfo, ImportReport, Library


@dataclass(frozen=True)
class Attached:
    """What matching with the library gave: each source's library id (by index), the sources as read
    (before the user's details), the alignment showing the user's details and verdicts, and the imports
    that changed something (re-anchored annotations, an old text kept)."""

    source_ids: dict[int, int]
    as_read: tuple[Source, ...]
    alignment: Alignment
    changed: list[ImportReport]


def attach_sources(
    library: Library,
    as_read: tuple[Source, ...],
    alignment: Alignment,
    pages: Mapping[str, Fetched],
    display: tuple[Sequence[str], Sequence[str]],
) -> Attached:
    """Import ``as_read`` into ``library`` (a changed text has its annotations re-anchored and its old text
    kept; ``pages`` are stored as snapshots first) and save the comparison, in ``display`` order with its
    hidden paths, for File > Open recent. A read-only library is only read: the ids of the sources it knows.
    StoreError propagates: the caller says it once."""
    changed: list[ImportReport] = []
    if library.read_only:
        source_ids, _ = library.placed_annotations(as_read)
    else:
        source_ids = {}
        for page in pages.values():  # kept before its text is: the page is what the text came from
            library.add_snapshot(page)
        for index, source in enumerate(as_read):  # the file's own metadata, never the user's
            report = library.import_source(source)
            source_ids[index] = report.source_id
            if report.status == "changed":
                changed.append(report)
        order, hidden = display
        library.save_comparison(list(order), alignment.options.to_dict(), list(hidden))
    shown = with_details(library, source_ids, as_read, alignment)
    judged = with_verdicts(library, source_ids, shown)  # works out who had it first when it applies any
    if judged is None and shown is not alignment:
        provenance(shown)  # worked out here, off the GUI thread when the window attaches
    return Attached(source_ids, as_read, judged or shown, changed)


def with_details(
    library: Library, source_ids: Mapping[int, int], as_read: Sequence[Source], alignment: Alignment
) -> Alignment:
    """``alignment`` showing the title, outlet and date the user set for its sources in ``library``."""
    if not source_ids:
        return alignment
    stored = library.source_details(source_ids.values())
    shown = [
        stored[source_ids[i]].apply(source) if source_ids.get(i) in stored else source
        for i, source in enumerate(as_read)
    ]
    return alignment if shown == list(alignment.sources) else alignment.with_sources(tuple(shown))


def with_verdicts(library: Library, source_ids: Mapping[int, int], alignment: Alignment) -> Alignment | None:
    """``alignment`` with the links as the user judged them in ``library`` (``verdicts.apply_verdicts``,
    without aligning again); None when there is nothing to apply."""
    if not source_ids:
        return None
    placed = library.placed_verdicts(alignment.sources)
    if not placed and alignment.judged is None:
        return None
    alignment = apply_verdicts(alignment, placed)
    provenance(alignment)  # worked out here, off the GUI thread in the window
    return alignment


def annotations_on(
    library: Library, sources: Sequence[Source], source_ids: Sequence[int]
) -> list[AnnotationInfo]:
    """The annotations on ``sources`` (with these library ids), placed on their texts as shown (for a
    read-only library, placed in memory)."""
    if library.read_only:
        return library.placed_annotations(sources)[1]
    return library.annotations(list(source_ids)) if source_ids else []
