"""Pieces shared by the window's details panel and the exports: HTML fragments (all user text escaped) and
the sentences that say who had what first."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING

from reader.core.alignment.align import Alignment, Group, Member
from reader.core.alignment.records import Fragment
from reader.core.provenance.who_first import (
    both_quote_sentence,
    copying_sentence,
    origin_sentence,
    provenance,
    quote_label,
)
from reader.core.reading.sources import Source
from reader.core.text.diffing import Edit

if TYPE_CHECKING:
    from reader.core.alignment.verdicts import Span


def published_text(source: Source) -> str:
    """ "Apr 30, 2026 1:41 PM", or "date unknown"."""
    return source.published.shown if source.published else "date unknown"


def copying_lines(alignment: Alignment) -> list[str]:
    """Who copies whom, one sentence per pair of sources that share copied text."""
    names = alignment.labels
    return [copying_sentence(copy, names) for copy in provenance(alignment).copying]


def both_quote_lines(alignment: Alignment) -> list[str]:
    """Pairs of sources that both quote a third party's words, one sentence each: not copying."""
    names = alignment.labels
    return [both_quote_sentence(found, names) for found in provenance(alignment).both_quote]


def quoted_note(alignment: Alignment, member: Member) -> str:
    """ "both quote Musk with s1": the words of ``member`` that another source quotes too (a speaker's
    words, not copying); "" when none."""
    quoted = provenance(alignment).quoted_in(member.source, member.start, member.end)
    if not quoted:
        return ""
    names = alignment.labels
    others = ", ".join(names[s] for s in sorted({p.other for p in quoted}))
    return f"{quote_label([p.speaker for p in quoted if p.speaker])} with {others}"


def credit_lines(alignment: Alignment) -> list[str]:
    """ "Musk Admits xAI Distilled… credits WIRED 5 times, The Verge (not compared)": one line per
    source that credits."""
    lines = []
    names = alignment.labels
    found = provenance(alignment)
    for index in range(len(alignment.sources)):
        counted: dict[str, int] = {}
        for credit in found.credits_of(index):
            if credit.credited is None:
                name = f"{credit.outlet} (not compared)"
            elif names[credit.credited].casefold() == credit.outlet.casefold():
                name = names[credit.credited]
            else:
                name = f"{credit.outlet} ({names[credit.credited]})"
            counted[name] = counted.get(name, 0) + 1
        if counted:
            listed = ", ".join(name + (f" {n} times" if n > 1 else "") for name, n in counted.items())
            lines.append(f"{names[index]} credits {listed}")
    return lines


def direction_note(alignment: Alignment) -> str:
    """How the direction of copying was found, with this story's own example: "Direction comes from the
    publication dates and from credits (here: s5 credits WIRED (s1) 5 times)."."""
    found = provenance(alignment)
    dated = sum(1 for published in found.published if published is not None)
    dates = "the publication dates" if dated >= 2 else "the publication dates (here too few are known)"
    compared = [c for c in found.credits if c.credited is not None]
    if not compared:
        return f"Direction comes from {dates} and from credits; no source here credits another one compared."
    pairs = [(c.source, c.credited) for c in compared]
    credit = max(compared, key=lambda c: pairs.count((c.source, c.credited)))  # the most often credited
    times = pairs.count((credit.source, credit.credited))
    names = alignment.labels
    credited = names[credit.credited or 0]
    named = f"{names[credit.source]} credits {credit.outlet}" + (
        "" if credited == credit.outlet else f" ({credited})"
    )
    return f"Direction comes from {dates} and from credits (here: {named}" + (
        f" {times} times)." if times > 1 else ")."
    )


def share_note(alignment: Alignment) -> str:
    """What every share shown means (tables, the graph, the sentences), with this story's largest one."""
    note = (
        "Every share is the part of one source's words copied between it and another (verbatim, edited, "
        "or 8+ words in a row; words both quote from a third party do not count)"
    )
    if not provenance(alignment).copying:
        return note + "."
    copy = provenance(alignment).copying[0]
    share = f"{copy.share:.0%}"
    names = alignment.labels
    copier, origin = names[copy.copier], names[copy.origin]
    return (
        f"{note}: {share} of {copier}'s words are copied between it and {origin}, "
        f"in the table (row {copier}, column {origin}), on the graph and in the sentences."
    )


def verdict_lines(alignment: Alignment) -> list[str]:
    """The user's verdicts on links, one line each: those applied, and those kept that name no link here
    (their words are gone, or the passages are no longer linked). Empty when there are none."""
    judged = alignment.judged
    if judged is None:
        return []
    lines = []

    def quote(span: Span | None, stored: str) -> str:
        text = alignment.sources[span.source].text[span.start : span.end] if span is not None else stored
        words = " ".join(text.split())
        return f"“{words[:80]}…”" if len(words) > 80 else f"“{words}”"

    def where(span: Span | None) -> str:
        return alignment.labels[span.source] if span is not None else "a source"

    applied = {id(link.verdict) for link in (*judged.confirmed, *judged.rejected)}
    lost = {id(placed) for placed in judged.lost}
    for placed in judged.verdicts:
        verdict = placed.verdict
        said = f"{where(placed.a)} {quote(placed.a, verdict.a.selector.exact)} and {where(placed.b)} "
        said += f"{quote(placed.b, verdict.b.selector.exact)}: {verdict.verdict} by you on {verdict.decided_at:%Y-%m-%d}"
        if id(placed) in applied:
            said += " (not counted)" if verdict.verdict == "rejected" else " (counted as sure)"
        elif id(placed) in lost:
            said += " (kept; its words are no longer found, so it applies to nothing here)"
        else:
            said += " (kept; Reader does not link these passages now, or a later verdict replaced it)"
        if verdict.note:
            said += f"; note: {verdict.note}"
        lines.append(said)
    return lines


def first_note(alignment: Alignment, member: Member, group: Group) -> str:
    """ "first here" for the member of the source that carried the passage first; "" for the others."""
    origin = provenance(alignment).origins.get(group.id)
    if origin is None or origin.first != member.source:
        return ""
    return "first here" if origin.known else "first known here"


def group_origin(alignment: Alignment, group: Group) -> str:
    """Where the group's passage appeared first, in a sentence ("" for a passage of one source)."""
    origin = provenance(alignment).origins.get(group.id)
    if origin is None:
        return ""
    sentence = origin_sentence(origin, alignment.labels, provenance(alignment).published)
    quoted = group_quoted(alignment, group)
    return f"{sentence} {quoted}" if quoted else sentence


def group_quoted(alignment: Alignment, group: Group) -> str:
    """ "Both quote Musk: those words are not copying." when the group's passages share quoted words of a
    third party ("" when not): who had the passage first says nothing of who took what."""
    sources = group.sources
    speakers: list[str] = []
    found = False
    for member in group.members:
        for p in provenance(alignment).quoted_in(member.source, member.start, member.end):
            if p.other in sources:
                found = True
                speakers += [p.speaker] if p.speaker else []
    if not found:
        return ""
    label = quote_label(speakers)
    return f"{label[0].upper()}{label[1:]}: those words are not copying."


def member_label(member: Member, group: Group) -> str:
    if group.kind == "unique":
        return "added: found only here"
    if member.classification == "identical":
        label = "verbatim"
    elif member.possible:
        label = f"possibly the same, {likely(member.confidence)}"
    elif member.classification == "paraphrase":
        label = f"same fact in other words, {likely(member.confidence)}"
    else:
        label = f"reworded, {lined_up(member.similarity)}"
    if member.doubt:
        label += f"; {member.doubt}"  # "differs: Friday / Wednesday"
    if group.repeats is not None:
        return f"told again; others report it in g{group.repeats} ({label})"
    return label


def discrepancies_html(alignment: Alignment, member: Member) -> str:
    """The details of ``member`` that differ from its comparand's, as a list (empty when none)."""
    if not member.discrepancies or member.compared_with is None:
        return ""
    other = alignment.labels[member.compared_with]
    items = "".join(
        f"<li>{escape(d.kind)}: {escape(quoted(d.b_text))} here, {escape(quoted(d.a_text))} in {escape(other)}</li>"
        for d in member.discrepancies
    )
    return f"<ul class='discrepancies'>{items}</ul>"


def quoted(text: str) -> str:
    """``text`` in quotation marks, unless it is a quotation already."""
    return text if text[:1] in "\"“”'‘" else f"“{text}”"


def copied_html(alignment: Alignment, member: Member) -> str:
    """The runs of words of ``member`` that another source copied word for word into another passage."""
    items = []
    for start, end, other, fragment in alignment.copied_in(member):
        text = alignment.sources[member.source].text[start:end]
        name = alignment.labels[other]
        how = fragment_label(alignment, fragment)
        items.append(f"<li>“{escape(text)}” ({fragment.words} words), {escape(how)} {escape(name)}</li>")
    return f"<ul class='copied'>{''.join(items)}</ul>" if items else ""


def likely(confidence: float) -> str:
    """ "87% likely the same fact": Reader's estimate that a link by meaning is right (the window's Passage
    details and every export say it so)."""
    return f"{confidence:.0%} likely the same fact"


def lined_up(similarity: float) -> str:
    """ "61% of the words line up": how much of an edited copy is the other passage's words."""
    return f"{similarity:.0%} of the words line up"


def link_notes(alignment: Alignment, member: Member) -> list[tuple[str, str]]:
    """The links beside the groups from ``member``'s passage, each as (where, the other passage's words):
    ("also linked to Musk Admits xAI Used… (87% likely the same fact)", "…")."""
    notes = []
    for link, other, start, end in alignment.links_from(member):
        how = {"identical": "the same words", "reworded": f"edited, {lined_up(link.similarity)}"}.get(
            link.classification, likely(link.confidence)
        )
        where = f"also linked to {alignment.labels[other]} ({how})"
        notes.append((where, alignment.sources[other].text[start:end]))
    return notes


def linked_html(alignment: Alignment, member: Member) -> str:
    """``link_notes`` as a list for the HTML and PDF exports."""
    items = [f"<li>{escape(where)}: “{escape(text)}”</li>" for where, text in link_notes(alignment, member)]
    return f"<ul class='linked'>{''.join(items)}</ul>" if items else ""


def fragment_label(alignment: Alignment, fragment: Fragment) -> str:
    """ "also in" for a fragment one source copies, "both quote Musk with" for one both quote."""
    speakers = provenance(alignment).quoted_fragment(fragment)
    return "also in" if speakers is None else f"{quote_label(speakers)} with"


def diff_html(alignment: Alignment, member: Member) -> str:
    """The member's passage with its word-level differences from its comparand: words only it has in
    <ins>, the comparand's words it lacks in <del>."""
    own = alignment.sources[member.source].text
    if member.classification not in ("reworded", "paraphrase") or member.compared_with is None:
        return escape(own[member.start : member.end])
    return edits_html(member.diff, alignment.sources[member.compared_with].text, own)


def edits_html(
    edits: Iterable[Edit], old: str, new: str, inserted: str = "<ins>{}</ins>", deleted: str = "<del>{}</del>"
) -> str:
    """Word edits from ``old`` to ``new`` as HTML: the new text, its added words in ``inserted`` and the
    old words it lacks in ``deleted`` (format strings), everything escaped."""
    parts = []
    for edit in edits:
        if edit.op == "equal":
            parts.append(escape(new[edit.b_start : edit.b_end]))
        elif edit.op == "insert":
            parts.append(inserted.format(escape(new[edit.b_start : edit.b_end])))
        else:
            parts.append(deleted.format(escape(old[edit.a_start : edit.a_end])))
    return "".join(parts)
