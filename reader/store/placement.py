"""Where stored annotation targets land on a new version of their source's text (re-anchoring, for the
library to write or for an export to show in memory), and the rows and selectors they are stored as."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reader.core.anchoring.anchor import PositionMap, Selector, make_selector, reanchor
from reader.store.models import TargetRow
from reader.store.records import AnnotationInfo, TargetInfo


def placement(target: TargetRow | TargetInfo, text: str, positions: PositionMap | None) -> dict[str, Any]:
    """Where a stored target goes in a new version ``text``: its new selector fields, status and previous
    quote, for a row to take or a record to be replaced with. An orphan keeps its old selectors; its offsets
    no longer point into the previous text, so it gets no position map."""
    old = selector_of(target)
    anchor = reanchor(old, text, positions=positions if target.status != "orphaned" else None)
    fresh = old if anchor.status == "orphaned" else make_selector(text, anchor.start, anchor.end)
    evidence = {
        "anchored": target.evidence,  # it stayed: why it was placed where it is still holds
        "moved": f"moved with its words (the text around them agrees {anchor.context:.0%})",
        "edited": f"re-attached to edited words, {anchor.similarity:.0%} alike",
        "orphaned": f"orphaned: {anchor.reason or 'its words are gone from the source'}",
    }[anchor.status]
    return {
        "evidence": evidence,
        "start": fresh.start,
        "end": fresh.end,
        "exact": fresh.exact,
        "prefix": fresh.prefix,
        "suffix": fresh.suffix,
        "status": anchor.status,
        "previous_exact": target.exact if anchor.status == "edited" else target.previous_exact,
    }


def placed_in_memory(
    info: AnnotationInfo, changed: dict[int, tuple[str, PositionMap | None]]
) -> AnnotationInfo:
    targets = []
    for target in info.targets:
        if target.source_id not in changed:
            targets.append(target)
            continue
        text, positions = changed[target.source_id]
        targets.append(replace(target, **placement(target, text, positions)))
    return replace(info, targets=tuple(targets))


def selector_of(target: TargetRow | TargetInfo) -> Selector:
    return Selector(target.start, target.end, target.exact, target.prefix, target.suffix)


def target_row(
    source_id: int, selector: Selector, status: str, previous: str | None = None, evidence: str | None = None
) -> TargetRow:
    return TargetRow(
        source_id=source_id,
        start=selector.start,
        end=selector.end,
        exact=selector.exact,
        prefix=selector.prefix,
        suffix=selector.suffix,
        status=status,
        previous_exact=previous,
        evidence=evidence,
    )
