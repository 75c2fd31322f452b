"""One row per annotation, for spreadsheets: UTF-8 with a byte-order mark (so Excel reads the accents), and
any cell that a spreadsheet would run as a formula is prefixed with an apostrophe: one starting with
= + - @ or their full-width forms (which some spreadsheets read as the same), also after leading white
space or line breaks, or starting with a tab or a carriage return."""

from __future__ import annotations

import csv
import io

from reader.export.fragments import link_notes, quoted_note
from reader.export.report import Report
from reader.store import AnnotationInfo

COLUMNS = [
    "id",
    "source",
    "quote",
    "tags",
    "note",
    "position",
    "status",
    "evidence",
    "relation",
    "differs",
    "created",
    "modified",
    "created_by",
    "modified_by",
]
_FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_CONTROL_STARTS = ("\t", "\r", "\n")


def neutralize(value: str) -> str:
    if value.startswith(_CONTROL_STARTS) or value.lstrip().startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(report: Report) -> str:
    """The CSV text, starting with the BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for info in report.annotations:
        names = []
        positions = []
        evidence = []  # how a changed text moved, re-attached or orphaned each target
        for target in info.targets:
            index = report.source_index(target.source_id)
            name = report.alignment.sources[index].name if index is not None else target.source_path
            names.append(name)
            positions.append(f"{name}:{target.start}-{target.end}" if target.placed else f"{name}:orphaned")
            if target.evidence:
                evidence.append(f"{name}: {target.evidence}")
        row = [
            str(info.id),
            "; ".join(names),
            info.targets[0].exact if info.targets else "",
            ", ".join(info.tags),
            info.note,
            "; ".join(positions),
            ", ".join(sorted({t.status for t in info.targets})),
            "; ".join(evidence),
            *_relation(report, info),
            info.created_at.isoformat(timespec="seconds"),
            info.modified_at.isoformat(timespec="seconds"),
            info.created_by or "",
            info.modified_by or "",
        ]
        writer.writerow([neutralize(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()


def _relation(report: Report, info: AnnotationInfo) -> tuple[str, str]:
    """How the annotated passage relates to the other sources (its group's kind and how many carry it),
    and the details in it that differ from the linked passage."""
    alignment = report.alignment
    for target in info.targets:
        index = report.source_index(target.source_id)
        found = alignment.member_at(index, target.start) if index is not None and target.placed else None
        if found is None:
            continue
        member, group = found
        relation = {
            "verbatim": "shared verbatim",
            "reworded": "reworded",
            "paraphrase": "the same fact in other words",
            "repeated": "told again",
            "unique": "found in one source only",
        }[group.kind]
        if member.possible:
            relation = "possibly the same"  # a link by meaning not sure enough to count
        if group.repeats is not None:
            relation += f" (others report it in g{group.repeats})"
        elif group.kind != "unique":
            relation += f" ({len(group.members)} sources)"
        both = quoted_note(alignment, member)
        relation += f"; {both}" if both else ""
        relation += "".join(f"; {where}" for where, _text in link_notes(alignment, member))
        differs = "; ".join(f"{d.kind}: {d.b_text} / {d.a_text}" for d in member.discrepancies)
        return relation, differs
    return "", ""
