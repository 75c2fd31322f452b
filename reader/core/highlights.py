"""What each source's text should show: the spans of shared, reworded and added passages and the words a
rewording changed. Pure data, so the window, the HTML export and the tests all draw the same thing."""

from __future__ import annotations

from typing import Literal, NamedTuple

from reader.core.align import Alignment
from reader.core.spans import strip_span

Kind = Literal["verbatim", "reworded", "unique", "changed"]


class Highlight(NamedTuple):
    start: int  # code-point offsets into the source's text
    end: int
    kind: Kind
    group: int  # group id


def highlights(alignment: Alignment, source: int) -> list[Highlight]:
    """Passage highlights of ``source`` in text order, each followed by the words it changed (if any):
    the words of a reworded member that its comparand does not have."""
    result: list[Highlight] = []
    for member, group in alignment.by_source[source]:
        kind: Kind
        if group.kind == "unique":
            kind = "unique"
        elif member.classification == "identical":
            kind = "verbatim"
        else:
            kind = "reworded"
        result.append(Highlight(member.start, member.end, kind, group.id))
        if member.classification == "reworded":
            for edit in member.diff:
                if edit.op == "insert" and edit.b_end > edit.b_start:
                    start, end = strip_span(
                        alignment.sources[source].text, edit.b_start, edit.b_end, leading=False
                    )
                    if end > start:
                        result.append(Highlight(start, end, "changed", group.id))
    return result
