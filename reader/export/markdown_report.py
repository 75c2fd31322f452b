"""A Markdown report to paste into a document or a ticket: each group of aligned passages with every
source's wording, the differences, the tags and notes; then a section per tag."""

from __future__ import annotations

import re

from reader import __version__
from reader.core.alignment.align import Alignment, Group, Member
from reader.core.provenance.who_first import provenance
from reader.export.fragments import (
    both_quote_lines,
    copying_lines,
    credit_lines,
    direction_note,
    fragment_label,
    group_origin,
    link_notes,
    member_label,
    published_text,
    quoted,
    quoted_note,
    share_note,
    verdict_lines,
)
from reader.export.notes import authorship, formatted_part, unformatted_rest
from reader.export.palette import KEY, LABELS
from reader.export.report import Report, placement
from reader.store import AnnotationInfo


def to_markdown(report: Report) -> str:
    alignment = report.alignment
    lines = [
        f"# {_inline(report.title)}",
        "",
        f"Exported by Reader {__version__} on {report.created:%Y-%m-%d %H:%M}.",
        "",
    ]
    lines += [
        "## Sources",
        "",
        "| | Source | Outlet | Published | Passages | Others report (any wording) | Only here |",
        "|---|---|---|---|---:|---:|---:|",
    ]
    for index, source in enumerate(alignment.sources):
        stats = alignment.stats(index)
        lines.append(
            f"| {_cell(alignment.labels[index])} | {_cell(source.title)} ({code_span(source.name)}) | {_cell(source.outlet or '')} | "
            f"{_cell(published_text(source))} | {stats.passages} | {stats.coverage:.0%} | {stats.additions} |"
        )
    counts = report.tag_counts()
    lines += [
        "",
        "Annotations by tag: "
        + (", ".join(f"{code_span(t)} {n}" for t, n in sorted(counts.items())) or "none"),
        "",
    ]
    lines += _who_had_it_first(report)
    lines += _copied_from_whom(report)
    lines += _differing_details(report)
    groups = report.groups()
    shared = [g for g in groups if g.kind != "unique"]
    if shared:
        lines += ["## Passages several sources carry", "", _key(), ""]
        for group in shared:
            lines += _group(report, group)
    lines += _additions(report, [g for g in groups if g.kind == "unique"])
    for tag in sorted(counts):
        lines += [f"## Tag: {_inline(tag)}", ""]
        for info in report.annotations:
            if tag in info.tags:
                lines += _annotation_block(report, info, with_quotes=True)
    orphans = report.orphans()
    if orphans:
        lines += [
            "## Orphaned annotations",
            "",
            "Their words are no longer in the source; they are kept with their quote.",
            "",
        ]
        for info in orphans:
            lines += _annotation_block(report, info, with_quotes=True)
    return "\n".join(lines).rstrip() + "\n"


def _who_had_it_first(report: Report) -> list[str]:
    alignment = report.alignment
    if len(alignment.sources) < 2:
        return []
    lines = ["## Who had it first", ""]
    copying = copying_lines(alignment)
    if copying:
        lines += [
            "Text a source takes from another: verbatim, edited, or 8+ words in a row. "
            + _inline(direction_note(alignment)),
            "",
        ]
        lines += [f"- {_inline(line)}" for line in copying]
        lines += ["", *_copied_table(alignment)]
    else:
        lines.append("No source takes text from another (verbatim, edited, or 8+ words in a row).")
    quoted = both_quote_lines(alignment)
    if quoted:
        lines += ["", "Both quote a third party (the same quoted words in both; not counted as copying):", ""]
        lines += [f"- {_inline(line)}" for line in quoted]
    credits = credit_lines(alignment)
    if credits:
        lines += ["", "Credits:", ""] + [f"- {_inline(line)}" for line in credits]
    verdicts = verdict_lines(alignment)
    if verdicts:
        lines += ["", "Links you judged:", ""] + [f"- {_inline(line)}" for line in verdicts]
    return [*lines, ""]


def _copied_table(alignment: Alignment) -> list[str]:
    """The share of each row's words copied between it and the column's source: the numbers of the
    sentences above, both ways."""
    n = len(alignment.sources)
    found = provenance(alignment)
    names = [_cell(name) for name in alignment.labels]
    lines = [
        _inline(share_note(alignment)),
        "",
        "| Share of … copied with | " + " | ".join(names) + " |",
        "|---|" + "---:|" * n,
    ]
    for i in range(n):
        cells = ["–" if i == j else f"{found.copied_share(i, j):.0%}" for j in range(n)]
        lines.append(f"| {names[i]}'s words | " + " | ".join(cells) + " |")
    return lines


def _additions(report: Report, groups: list[Group]) -> list[str]:
    """Passages found in one source only, one section per source, one line per passage."""
    if not groups:
        return []
    alignment = report.alignment
    lines = ["## Found in one source only", ""]
    by_source: dict[int, list[Group]] = {}
    for group in groups:
        by_source.setdefault(group.members[0].source, []).append(group)
    for source, added in sorted(by_source.items()):
        count = f"{len(added)} passage" + ("" if len(added) == 1 else "s")
        lines += [f"### {_inline(alignment.labels[source])}: {count}", ""]
        for group in added:
            (member,) = group.members
            lines.append(f"- {_inline(alignment.member_text(member))}")
            lines += _member_details(report, member)
            annotations = report.group_annotations(group)
            for info in annotations:
                lines += [""] + [
                    f"    {line}" if line else "" for line in _annotation_block(report, info, False)
                ]
        lines.append("")
    return lines


def _group(report: Report, group: Group) -> list[str]:
    alignment = report.alignment
    label = "told again" if group.kind == "repeated" else LABELS[group.kind]
    heading = label[0].upper() + label[1:]
    lines = [f"### {heading} (g{group.id})", ""]
    if group.repeats is not None:
        lines += [f"Its source says this elsewhere too; other sources report it in g{group.repeats}.", ""]
    origin = group_origin(alignment, group)
    if origin:
        lines += [_inline(origin), ""]
    for member in group.members:
        moved = ", moved" if member.moved else ""
        both = quoted_note(alignment, member)
        moved += f", {both}" if both else ""
        lines.append(
            f"- **{_inline(alignment.labels[member.source])}**"
            f" ({_inline(member_label(member, group))}{moved}): “{_inline(alignment.member_text(member))}”"
        )
        lines += _member_details(report, member)
    lines.append("")
    for info in report.group_annotations(group):
        lines += _annotation_block(report, info, with_quotes=False)
    return lines


def _member_details(report: Report, member: Member) -> list[str]:
    """Under a passage, one nested item each: its differences, the words it shares with other passages, its
    links beside the groups, its differing details."""
    alignment = report.alignment
    lines: list[str] = []
    if member.classification == "reworded":  # other words for one fact: a word diff would strike all
        lines.append(f"    - Differences: {_differences(report, member)}")
    for start, end, other, fragment in alignment.copied_in(member):
        words = alignment.sources[member.source].text[start:end]
        how = fragment_label(alignment, fragment)
        head = "Copied word for word" if how == "also in" else "The same quoted words"
        lines.append(
            f"    - {head} ({fragment.words} words), {how}"
            f" {_inline(alignment.sources[other].name)}: “{_inline(words)}”"
        )
    for where, text in link_notes(alignment, member):
        lines.append(f"    - {_inline(where[0].upper() + where[1:])}: “{_inline(text)}”")
    if member.discrepancies and member.compared_with is not None:
        comparand = _inline(alignment.sources[member.compared_with].name)
        for found in member.discrepancies:
            lines.append(
                f"    - Differs ({found.kind}): {_inline(quoted(found.b_text))} here,"
                f" {_inline(quoted(found.a_text))} in {comparand}"
            )
    return lines


_HOW_COPIED = {"verbatim": "Word for word", "edited": "Edited", "fragment": "8+ words in a row"}


def _copied_from_whom(report: Report) -> list[str]:
    """Each pair that shares copied text, with the passages: the copier's words, and the origin's where
    they were edited."""
    alignment = report.alignment
    found = provenance(alignment)
    if not found.copying:
        return []
    names = alignment.labels
    lines = ["## What is copied from whom", ""]
    for copy in found.copying:
        copier, origin = names[copy.copier], names[copy.origin]
        if copy.known:
            heading = f"{copier} takes {copy.share:.0%} of its text from {origin}"
        else:
            heading = f"{copier} and {origin} share text; which came first is unknown"
        lines += [f"### {_inline(heading)}", ""]
        for passage in copy.passages:
            words = alignment.sources[passage.source].text[passage.start : passage.end]
            credited = ", credited" if passage.credited else ""
            lines.append(f"- {_HOW_COPIED[passage.kind]}{credited}: “{_inline(words)}”")
            if passage.kind == "edited":
                before = alignment.sources[copy.origin].text[passage.other_start : passage.other_end]
                lines.append(f"    - {_inline(names[copy.origin])} wrote: “{_inline(before)}”")
        lines.append("")
    return lines


def _differing_details(report: Report) -> list[str]:
    """Numbers, dates, names and quoted words that differ between passages telling one fact."""
    alignment = report.alignment
    lines: list[str] = []
    names = alignment.labels
    for group in report.groups():
        for member in group.members:
            if not member.discrepancies or member.compared_with is None or member.source == group.reference:
                continue
            here, there = _inline(names[member.source]), _inline(names[member.compared_with])
            for found in member.discrepancies:
                lines.append(
                    f"- {found.kind.capitalize()}: {here} says {_inline(quoted(found.b_text))}, {there} says "
                    f"{_inline(quoted(found.a_text))} (in “{_inline(alignment.member_text(member))}”)"
                )
    return ["## Details that differ", "", *lines, ""] if lines else []


def _key() -> str:
    """The colour key of the window and the HTML export, in words: what each kind of passage means."""
    return "Key: " + "; ".join(f"*{_inline(style.label)}*: {_inline(style.tip)}" for style in KEY) + "."


def _differences(report: Report, member: Member) -> str:
    alignment = report.alignment
    if member.compared_with is None:
        return "none"
    own = alignment.sources[member.source].text
    other = alignment.sources[member.compared_with].text
    parts = []
    for edit in member.diff:
        if edit.op == "insert":
            parts.append(f"**+{_inline(own[edit.b_start : edit.b_end].strip())}**")
        elif edit.op == "delete":
            parts.append(f"~~{_inline(other[edit.a_start : edit.a_end].strip())}~~")
    return " ".join(parts) or "none"


def _annotation_block(report: Report, info: AnnotationInfo, with_quotes: bool) -> list[str]:
    tags = " ".join(code_span(t) for t in info.tags) or "`untagged`"
    who = authorship(info)
    lines = [f"- Annotation {info.id}: {tags}" + (f" · {_inline(who)}" if who else "")]
    if with_quotes:
        for target in info.targets:
            how = placement(target)
            lines.append("")
            lines.append(f"    > {_inline(report.where(target))}: “{_inline(target.exact)}”")
            if how:  # how a changed text placed it: said under the quote, not inside it
                lines += ["    >", f"    > *{_inline(how)}*"]
    if info.note.strip():
        whole = info.note.strip()
        head = formatted_part(whole)
        note = safe_note(head)
        lines.append("")
        lines.extend(f"    {line}" if line else "" for line in note.splitlines())
        rest = whole[len(head) :]
        if rest:  # as in the HTML export: formatted up to the limit, the rest shown as typed (a code block)
            lines += ["", f"    *{unformatted_rest(rest)}*", ""]
            lines.extend(f"        {line}" for line in rest.splitlines())
    lines.append("")
    return lines


_LIST_MARKER = re.compile(r"^([-+*]|\d{1,9}[.)])(?=\s|$)")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")  # at a word's edge: intraword ones are text


def _inline(text: str) -> str:
    """Text shown as is, not as Markdown, and still readable as plain text: lines joined; a character escaped
    only where Markdown would read it as markup (a backtick, an asterisk, an underscore at a word's edge, a
    bracket, a tilde pair, a table bar, a heading or list marker at the start), and ``<`` and ``&`` before
    a name as entities, so no HTML tag or entity can form (and the second of two tildes, which could strike
    through in GitHub's Markdown)."""
    text = " ".join(text.split())
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text).replace("<", "&lt;")
    text = text.replace("\\", "\\\\")
    for char in "`*[]|":
        text = text.replace(char, "\\" + char)
    text = _EMPHASIS_UNDERSCORE.sub(r"\\_", text).replace(
        "~~", "~&#126;"
    )  # no backslash: not every renderer takes \~
    if text.startswith(("#", ">", "=")):
        text = "\\" + text
    return _LIST_MARKER.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], text)


def code_span(text: str) -> str:
    """``text`` as one Markdown code span, whatever it holds: the fence is one backtick longer than the
    longest run of backticks inside, so no backtick in a tag name can end the span and let markup out."""
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


_SAFE_DESTINATION = re.compile(r"\s*(?:https?://|mailto:|#)", re.IGNORECASE)
_REFERENCE = re.compile(r"^( {0,3})\[([^\]\n]*)\]:[ \t]*\n?[ \t]*(\S*)", re.MULTILINE)


def safe_note(note: str) -> str:
    """A note's Markdown kept as Markdown, made safe to render anywhere: raw HTML is shown as text (entities),
    no image is left (nothing remote loads when the report is viewed), and a link survives only to http,
    https or mailto (``javascript:`` and ``data:`` links become plain text)."""
    note = note.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    note = note.replace("![", "!\\[")

    def inline(match: re.Match[str]) -> str:
        # Matched in place: a copy of the rest of the note at every link made 500 links quadratic.
        return match.group(0) if _SAFE_DESTINATION.match(note, match.end()) else "]\\("

    note = re.sub(r"\]\(", inline, note)

    def reference(match: re.Match[str]) -> str:
        if _SAFE_DESTINATION.match(match.group(3)):
            return match.group(0)
        return f"{match.group(1)}\\[{match.group(2)}\\]:" + match.group(0).split("]:", 1)[1]

    return _REFERENCE.sub(reference, note)


def _cell(text: str) -> str:
    return _inline(text)
