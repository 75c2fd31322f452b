"""Annotations as the W3C Web Annotation Data Model (JSON-LD), with the alignment beside them.

Each annotation: tags are ``tagging`` bodies, the note a ``commenting`` body (text/markdown), and each
target names its source file with a TextQuoteSelector and a TextPositionSelector (code points, as the
model counts). An orphaned target keeps only its quote: its position no longer means anything.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reader import __version__
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
    return {
        "id": f"urn:reader:annotation:{info.id}",
        "type": "Annotation",
        "created": info.created_at.isoformat(timespec="seconds"),
        "modified": info.modified_at.isoformat(timespec="seconds"),
        "body": bodies,
        "target": [_target(target) for target in info.targets],
    }


def _target(target: TargetInfo) -> dict[str, Any]:
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": target.exact, "prefix": target.prefix, "suffix": target.suffix}
    ]
    if target.placed:
        selectors.append({"type": "TextPositionSelector", "start": target.start, "end": target.end})
    return {"source": Path(target.source_path).absolute().as_uri(), "selector": selectors}
