"""Annotations as the W3C Web Annotation Data Model (JSON-LD), with the alignment beside them.

Each annotation: tags are ``tagging`` bodies, the note a ``commenting`` body (text/markdown), and each
target names its source file with a TextQuoteSelector and a TextPositionSelector (code points, as the
model counts). An orphaned target keeps only its quote: its position no longer means anything. A target
that a changed text moved, re-attached or orphaned says so in ``reader:placement`` (status, evidence, the
words it had before), an extension the model allows beside its own terms.

Who wrote it is the annotation's ``creator``, a ``Person`` with the display name the author set. The model
has no term for who changed an annotation last (``modified`` is a time only): where that is someone else,
``reader:modifiedBy`` names them, beside ``modified``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reader import __version__
from reader.core.reading.fetch import is_url
from reader.export.alignment_json import alignment_to_dict
from reader.export.report import Report
from reader.store import AnnotationInfo, TargetInfo

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def to_web_annotation(report: Report) -> dict[str, Any]:
    items = [_annotation(info) for info in report.annotations]
    return {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": report.title,
        "generator": {"type": "Software", "name": f"Reader {__version__}"},
        "generated": report.created.isoformat(timespec="seconds"),
        "total": len(items),
        "first": {"type": "AnnotationPage", "items": items},
        "alignment": alignment_to_dict(report.alignment, include_text=report.options.full_texts),
    }


def to_json(report: Report) -> str:
    return json.dumps(to_web_annotation(report), ensure_ascii=False, indent=1) + "\n"


def _annotation(info: AnnotationInfo) -> dict[str, Any]:
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in info.tags
    ]
    if info.note.strip():
        bodies.append(
            {"type": "TextualBody", "purpose": "commenting", "value": info.note, "format": "text/markdown"}
        )
    result: dict[str, Any] = {
        "id": f"urn:reader:annotation:{info.id}",
        "type": "Annotation",
    }
    if info.created_by:
        result["creator"] = _person(info.created_by)
    result["created"] = info.created_at.isoformat(timespec="seconds")
    result["modified"] = info.modified_at.isoformat(timespec="seconds")
    if info.modified_by and info.modified_by != info.created_by:
        result["reader:modifiedBy"] = _person(info.modified_by)
    result["body"] = bodies
    result["target"] = [_target(target) for target in info.targets]
    return result


def _person(name: str) -> dict[str, str]:
    return {"type": "Person", "name": name}


def _target(target: TargetInfo) -> dict[str, Any]:
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": target.exact, "prefix": target.prefix, "suffix": target.suffix}
    ]
    if target.placed:
        selectors.append({"type": "TextPositionSelector", "start": target.start, "end": target.end})
    path = target.source_path
    source = path if is_url(path) else Path(path).absolute().as_uri()  # a fetched page is its address
    result: dict[str, Any] = {"source": source, "selector": selectors}
    if target.status != "anchored" or target.evidence:  # how a changed source's text moved it (Reader's own)
        placement = {
            "status": target.status,
            "evidence": target.evidence,
            "previousExact": target.previous_exact,
        }
        result["reader:placement"] = {key: value for key, value in placement.items() if value}
    return result
