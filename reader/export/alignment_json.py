"""The alignment as JSON: the stable, documented format other tools read (docs/json-schema.md).

Output is deterministic: the same inputs give the same bytes (keys in a fixed order, floats rounded).
"""

from __future__ import annotations

from typing import Any

import orjson

from reader import __version__
from reader.core.alignment.align import Alignment, Group, Member
from reader.core.alignment.records import Fragment, Link
from reader.core.alignment.relations import close_pairs, shares
from reader.core.provenance.attribution import Credit
from reader.core.provenance.who_first import BothQuote, Copying, provenance
from reader.core.text.dates import Published
from reader.core.text.diffing import Edit

SCHEMA = "reader.alignment/2"
"""Version 2 (docs/json-schema.md): ``links`` ties passages of different groups; a copying share counts the
words taken (of an edited passage, its words equal in the diff), and words
both sources quote from a third party are not copying: they are listed in "both_quote" (and counted in a
copying entry's "characters.both_quote", a member's "quoted") unless a credit covers them."""


def source_id(index: int) -> str:
    return f"s{index + 1}"


def group_id(group: Group) -> str:
    return f"g{group.id}"


def alignment_to_dict(alignment: Alignment, include_text: bool = True) -> dict[str, Any]:
    sources = []
    labels = alignment.labels
    for index, source in enumerate(alignment.sources):
        entry: dict[str, Any] = {
            "id": source_id(index),
            "label": labels[index],  # the name the window, the graph and the reports call it by
            "path": source.path,
            "name": source.name,
            "title": source.title,
            "outlet": source.outlet,
            "author": source.author,
            "date": source.date,
            "published": _published(source.published),
            "outlet_from": source.outlet_from,
            "outlet_how": source.outlet_how,
            "format": source.format,
            "encoding": source.encoding,
            "sha256": source.sha256,
            "length": len(source.text),
            "passages": len(alignment.passages[index]),
        }
        if include_text:
            entry["text"] = source.text
        sources.append(entry)
    close = close_pairs(alignment)  # beyond 64 sources, each source's closest only (docs/json-schema.md)
    pairs = [
        {"sources": [source_id(i), source_id(j)], "shared": round(share, 4)}
        for (i, j), share in sorted(shares(alignment).items())
        if close is None or j in close[i]
    ]
    return {
        "schema": SCHEMA,
        "generator": f"Reader {__version__}",
        "options": alignment.options.to_dict(),
        "sources": sources,
        "pairs": pairs,
        "groups": [_group(alignment, group) for group in alignment.groups],
        "fragments": [_fragment(alignment, fragment) for fragment in alignment.fragments],
        "links": [_link(alignment, link) for link in alignment.links],
        "discrepancy_counts": [
            {"sources": [source_id(i), source_id(j)], "count": count}
            for (i, j), count in sorted(alignment.discrepancy_counts().items())
        ],
        "copying": [_copying(copy) for copy in provenance(alignment).copying],
        "both_quote": [_both_quote(alignment, found) for found in provenance(alignment).both_quote],
        "credits": [_credit(credit) for credit in provenance(alignment).credits],
        **_verdicts(alignment),
    }


def _verdicts(alignment: Alignment) -> dict[str, Any]:
    """The user's verdicts on links, when the library has any for these sources (an optional key: output
    without verdicts is as before)."""
    judged = alignment.judged
    if judged is None or not judged.verdicts:
        return {}
    applied = {id(link.verdict) for link in (*judged.confirmed, *judged.rejected)}
    lost = {id(placed) for placed in judged.lost}
    entries = []
    for placed in judged.verdicts:
        verdict = placed.verdict
        ends = [
            {"source": None if span is None else source_id(span.source),
             "span": None if span is None else [span.start, span.end], "text": end.selector.exact}
            for span, end in ((placed.a, verdict.a), (placed.b, verdict.b))
        ]  # fmt: skip
        status = "applied" if id(placed) in applied else "lost" if id(placed) in lost else "unlinked"
        entries.append(
            {
                "verdict": verdict.verdict,
                "decided_at": verdict.decided_at.isoformat(timespec="seconds"),
                "note": verdict.note,
                "status": status,
                "ends": ends,
            }
        )
    return {"verdicts": entries}


def _credit(credit: Credit) -> dict[str, Any]:
    return {
        "source": source_id(credit.source),
        "span": [credit.start, credit.end],
        "outlet": credit.outlet,
        "credited": None if credit.credited is None else source_id(credit.credited),
    }


def _published(published: Published | None) -> dict[str, Any] | None:
    if published is None:
        return None
    return {
        "iso": published.iso,
        "shown": published.shown,
        "has_time": published.has_time,
        "has_zone": published.when.tzinfo is not None,
        "words": published.words,
    }


def _copying(copy: Copying) -> dict[str, Any]:
    return {
        "copier": source_id(copy.copier),
        "origin": source_id(copy.origin),
        "direction_known": copy.known,
        "evidence": copy.evidence,
        "reason": copy.reason,
        "share": round(copy.share, 4),
        "reverse_share": round(copy.reverse_share, 4),
        "characters": {"verbatim": copy.verbatim, "edited": copy.edited, "fragments": copy.fragments,
                       "total": copy.total, "credited": copy.credited, "both_quote": copy.quoted},
        "credits": copy.credits,
        "later_by_seconds": None if copy.gap is None else int(copy.gap.total_seconds()),
        "passages": [
            {"group": f"g{p.group}", "span": [p.start, p.end], "kind": p.kind, "credited": p.credited,
             "characters": p.copied, "both_quote": p.quoted}
            for p in copy.passages
        ],
    }  # fmt: skip


def _both_quote(alignment: Alignment, found: BothQuote) -> dict[str, Any]:
    a, b = found.sources
    text = alignment.sources[a].text
    return {
        "sources": [source_id(a), source_id(b)],
        "speakers": list(found.speakers),
        "characters": list(found.characters),
        "shares": [round(found.share(a), 4), round(found.share(b), 4)],
        "passages": [
            {"group": f"g{p.group}", "a": [p.start, p.end], "b": [p.other_start, p.other_end], "speaker": p.speaker,
             "text": text[p.start : p.end]}
            for p in found.passages
        ],
    }  # fmt: skip


def to_json(alignment: Alignment, include_text: bool = True) -> str:
    # orjson, not the standard library: with indentation, json.dumps runs its encoder in Python, 3.9 s of
    # the 35 MB alignment of 500 versions of a story; orjson takes 0.3 s. Same text, indented by two.
    return (
        orjson.dumps(alignment_to_dict(alignment, include_text), option=orjson.OPT_INDENT_2).decode() + "\n"
    )


def _group(alignment: Alignment, group: Group) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": group_id(group),
        "kind": group.kind,
        "reference": source_id(group.reference),
        "members": [_member(alignment, member) for member in group.members],
    }
    if group.repeats is not None:
        entry["repeats"] = f"g{group.repeats}"
    origin = provenance(alignment).origins.get(group.id)
    if origin is not None:
        entry["origin"] = {
            "first": None if origin.first is None else source_id(origin.first),
            "known": origin.known,
            "could_be_earlier": [source_id(s) for s in origin.unsure],
            "later_wordings": [[source_id(s) for s in cluster] for cluster in origin.later_wordings],
        }
    return entry


def _member(alignment: Alignment, member: Member) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "source": source_id(member.source),
        "start": member.start,
        "end": member.end,
        "text": alignment.member_text(member),
        "classification": member.classification,
        "similarity": round(member.similarity, 4),
        "moved": member.moved,
    }
    quoted = provenance(alignment).quoted_in(member.source, member.start, member.end)
    if quoted:
        entry["quoted"] = {
            "speakers": list(dict.fromkeys(p.speaker for p in quoted if p.speaker)),
            "with": sorted({source_id(p.other) for p in quoted}),
            "characters": sum(p.end - p.start for p in quoted),
        }
    if member.found_by is not None:
        entry["found_by"] = member.found_by
        entry["confidence"] = round(member.confidence, 4)
    if member.possible:
        entry["possible"] = True  # possibly the same: not counted in shares, origins or differing details
    if member.doubt:  # what its claim says differently: "Friday / Wednesday" (this member's first)
        entry["differs"] = member.doubt.replace("differs: ", "")
    if member.compared_with is not None:
        entry["compared_with"] = source_id(member.compared_with)
        a_text = alignment.sources[member.compared_with].text
        b_text = alignment.sources[member.source].text
        entry["diff"] = [_edit(edit, a_text, b_text) for edit in member.diff]
        entry["discrepancies"] = [
            {"kind": d.kind, "a": [d.a_start, d.a_end], "b": [d.b_start, d.b_end], "a_text": d.a_text,
             "b_text": d.b_text}
            for d in member.discrepancies
        ]  # fmt: skip
    return entry


def _fragment(alignment: Alignment, fragment: Fragment) -> dict[str, Any]:
    speakers = provenance(alignment).quoted_fragment(fragment)
    quoted = {} if speakers is None else {"quoted": {"speakers": list(speakers)}}
    return {
        "sources": [source_id(fragment.source_a), source_id(fragment.source_b)],
        "a": [fragment.a_start, fragment.a_end],
        "b": [fragment.b_start, fragment.b_end],
        "words": fragment.words,
        "groups": [f"g{fragment.group_a}", f"g{fragment.group_b}"],
        "text": alignment.sources[fragment.source_a].text[fragment.a_start : fragment.a_end],
        **quoted,  # words both quote from a third party: not copying
    }


def _link(alignment: Alignment, link: Link) -> dict[str, Any]:
    a_text, b_text = alignment.sources[link.source_a].text, alignment.sources[link.source_b].text
    return {
        "sources": [source_id(link.source_a), source_id(link.source_b)],
        "a": [link.a_start, link.a_end],
        "b": [link.b_start, link.b_end],
        "groups": [f"g{link.group_a}", f"g{link.group_b}"],
        "classification": link.classification,
        "similarity": link.similarity,
        "confidence": link.confidence,
        "a_text": a_text[link.a_start : link.a_end],
        "b_text": b_text[link.b_start : link.b_end],
    }


def _edit(edit: Edit, a_text: str, b_text: str) -> dict[str, Any]:
    text = a_text[edit.a_start : edit.a_end] if edit.op == "delete" else b_text[edit.b_start : edit.b_end]
    return {"op": edit.op, "a": [edit.a_start, edit.a_end], "b": [edit.b_start, edit.b_end], "text": text}
