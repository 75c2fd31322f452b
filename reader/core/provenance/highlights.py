"""What each source's text should show: the spans of shared, reworded, paraphrased and added passages, the
words a rewording changed, the words copied into another source's sentence (fragments), the details
that differ from the linked passage (discrepancies) and the quoted words another source quotes too. Pure data, so the window, the HTML export and the tests all draw the same thing."""

from __future__ import annotations

from typing import Literal, NamedTuple

from reader.core.alignment.align import Alignment
from reader.core.provenance.who_first import provenance
from reader.core.text.spans import strip_span

Kind = Literal[
    "verbatim", "reworded", "paraphrase", "possible", "unique", "changed", "fragment", "discrepancy", "quoted"
]  # "possible": a link by meaning that is only possibly the same (``Member.possible``), drawn quieter
OVERLAYS: frozenset[str] = frozenset({"changed", "fragment", "discrepancy", "quoted"})  # drawn over passages


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
        elif member.possible:
            kind = "possible"
        elif member.classification == "paraphrase":
            kind = "paraphrase"
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
        for found in member.discrepancies:
            result.append(Highlight(found.b_start, found.b_end, "discrepancy", group.id))
    # The other end of a discrepancy: the comparand's detail, marked too.
    for group in alignment.groups:
        for member in group.members:
            if member.compared_with == source:
                for found in member.discrepancies:
                    result.append(Highlight(found.a_start, found.a_end, "discrepancy", group.id))
    for fragment in alignment.fragments_of(source):
        if provenance(alignment).quoted_fragment(fragment) is not None:
            continue  # words both quote: drawn as such below, not as copied
        if fragment.source_a == source:
            result.append(Highlight(fragment.a_start, fragment.a_end, "fragment", fragment.group_a))
        if fragment.source_b == source:
            result.append(Highlight(fragment.b_start, fragment.b_end, "fragment", fragment.group_b))
    # Words another source quotes too: a third party's words both quote, not copying.
    for quoted in provenance(alignment).quoted_in(source, 0, len(alignment.sources[source].text)):
        result.append(Highlight(quoted.start, quoted.end, "quoted", quoted.group))
    return result
