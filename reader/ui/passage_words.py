"""The words of the passage details: what a passage is to the other sources, said as a reader would say it.

Sources are named by a short label (their outlet, else the first words of their title), never by an index
or a file's hashed name; groups are never named; every percentage says what it is a percentage of.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.alignment.align import Alignment, Group, Member
from reader.core.checks.calibration import is_possible
from reader.core.provenance.who_first import provenance, quote_label
from reader.export.fragments import likely, lined_up


def how_related(classification: str, similarity: float, confidence: float, other: str) -> str:
    """What a passage is to another, named ``other``: "the same words as WIRED", "an edited copy of the
    passage in WIRED: 61% of the words line up", "the same fact as WIRED in other words (87% likely the same fact,
    judged by meaning)"."""
    if classification == "identical":
        return f"the same words as {other}"
    if classification == "reworded":
        return f"an edited copy of the passage in {other}: {lined_up(similarity)}"
    if is_possible(classification, confidence):
        return (
            f"possibly the same fact as {other} in other words: only {likely(confidence)}, so it is not "
            "counted in the shares"
        )
    return f"the same fact as {other} in other words ({likely(confidence)}, judged by meaning)"


def member_sentence(alignment: Alignment, group: Group, member: Member, labels: Sequence[str]) -> str:
    """One sentence on ``member``'s passage: what it is to the source it was compared with, and what else
    a reader should know of it (moved, a detail its claim says differently)."""
    if group.kind == "unique":
        return "No other source reports this, in any words."
    if member.compared_with is None:
        sentence = "The wording the others are compared with."
    else:
        other = labels[member.compared_with]
        related = how_related(member.classification, member.similarity, member.confidence, other)
        sentence = f"{related[0].upper()}{related[1:]}."
    if member.doubt:
        sentence += f" {differs(member.doubt, labels[member.compared_with or 0])}"
    if member.moved:
        sentence += " It comes in another order than in the source beside it (a dashed band links them)."
    return sentence


def differs(doubt: str, other: str) -> str:
    """ "differs: Friday / Wednesday" (this passage's claim first) as a sentence: "It says Friday where
    WIRED says Wednesday: maybe not the same event."."""
    mine, _, theirs = doubt.removeprefix("differs: ").partition(" / ")
    if not theirs:
        return f"Its claim differs: {doubt}."
    return f"It says {mine} where {other} says {theirs}: maybe not the same event."


def quoted_sentence(alignment: Alignment, member: Member, labels: Sequence[str]) -> str:
    """ "This and WIRED both quote Musk: those words are not copying." ("" when no other source quotes
    the same words)."""
    quoted = provenance(alignment).quoted_in(member.source, member.start, member.end)
    if not quoted:
        return ""
    others = " and ".join(labels[s] for s in sorted({p.other for p in quoted}))
    said = quote_label([p.speaker for p in quoted if p.speaker])  # "both quote Musk"
    return f"This and {others} {said}: those words are not copying."


def repeat_sentence(alignment: Alignment, group: Group, labels: Sequence[str]) -> str:
    """For a passage its source says a second time: where its first telling is, which the other sources
    are linked to."""
    assert group.repeats is not None
    where = alignment.group_by_id[group.repeats]
    own = labels[group.reference]
    first = where.member(group.reference)
    others = [labels[m.source] for m in where.members if m.source != group.reference]
    names = ", ".join(others) if others else "the other sources"
    if first is None:
        return f"{own} says this a second time; {names} report it too."
    words = " ".join(alignment.member_text(first).split())
    words = words if len(words) <= 90 else words[:89] + "…"
    return (
        f"{own} says this a second time. {names} {'is' if len(others) == 1 else 'are'} linked to its first "
        f"telling, “{words}”, so this one is marked as told again rather than found in one source only."
    )


def detail_kind(kind: str) -> str:
    return {"number": "A number", "date": "A date", "name": "A name", "quote": "Quoted words"}.get(
        kind, kind.capitalize()
    )
