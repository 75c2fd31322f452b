"""The human-readable report of ``reader align``: who shares what, who adds what."""

from __future__ import annotations

import textwrap

from reader.core.alignment.align import Alignment
from reader.core.provenance.who_first import provenance, quote_label
from reader.core.text.display import printable
from reader.export.fragments import (
    both_quote_lines,
    copying_lines,
    credit_lines,
    published_text,
    quoted_note,
)

_MATRIX_LIMIT = 12  # more sources than this are listed pair by pair instead of as a table


def summary(alignment: Alignment, width: int | None = None) -> str:
    """The report as text. Every passage is whole; with a ``width`` (a terminal's columns) it is wrapped to
    that width, each line indented under its first, instead of running off the edge of the screen."""
    lines: list[str] = []

    def passage(prefix: str, text: str) -> None:
        lines.extend(_passage(prefix, text, width))

    sources = alignment.sources
    names = alignment.labels
    lines.append(f"Sources ({len(sources)})")
    for index, source in enumerate(sources):
        details = ", ".join(
            x for x in (source.outlet, source.author, published_text(source)) if x and x != names[index]
        )
        count = len(alignment.passages[index])
        lines.append(f"  {names[index]}  {source.name}  {count} passages  ({details})")
        passage("      ", source.title)
    lines.append("")
    lines.extend(_shares(alignment))
    lines.extend(_copying(alignment))
    counts = alignment.discrepancy_counts()
    if counts:
        lines.append("")
        lines.append("Details that differ between linked passages (numbers, dates, names, quoted words)")
        for (i, j), count in sorted(counts.items()):
            lines.append(f"  {names[i]} ~ {names[j]}: {count}")
    lines.append("")
    lines.append("Additions: passages found in one source only")
    for index in range(len(sources)):
        added = alignment.additions(index)
        lines.append(f"  {names[index]}: {len(added)} of {len(alignment.passages[index])} passages")
        for member in added:
            passage("    + ", alignment.member_text(member))
    lines.append("")
    # Also the word-for-word copies in a group that another source reports in its own words.
    copies = [(g, [m for m in g.members if m.classification == "identical"]) for g in alignment.groups]
    verbatim = [(g, same) for g, same in copies if len(same) >= 2]
    lines.append(f"Shared verbatim by several sources ({len(verbatim)})")
    for group, same in verbatim:
        listed = ", ".join(names[m.source] for m in same)
        passage(f"  [{listed}] ", alignment.member_text(group.members[0]))
    for kind, title in (
        ("reworded", "Reworded across sources"),
        ("paraphrase", "The same fact in other words"),
    ):
        chosen = [g for g in alignment.groups if g.kind == kind]
        lines.append("")
        lines.append(f"{title} ({len(chosen)})")
        for group in chosen:
            for member in group.members:
                label = (
                    "="
                    if member.classification == "identical"
                    else f"?{member.confidence:.0%}"
                    if member.possible
                    else f"~{member.confidence:.0%}"
                    if member.classification == "paraphrase"
                    else f"{member.similarity:.0%}"
                )
                passage(f"  {names[member.source]} {label:>4}  ", alignment.member_text(member))
                if member.possible:
                    lines.append(
                        "          ? possibly the same" + (f"; {member.doubt}" if member.doubt else "")
                    )
                elif member.doubt:
                    lines.append(f"          ≠ {member.doubt}")
                for found in member.discrepancies:
                    lines.append(f"          ≠ {found.kind}: {found.b_text!r} vs {found.a_text!r}")
                note = quoted_note(alignment, member)
                if note:
                    lines.append(f"          “ {note}")
            lines.append("")
    repeated = [g for g in alignment.groups if g.repeats is not None]
    if repeated:
        lines.append(f"Told again by their source; other sources report them ({len(repeated)})")
        for group in repeated:
            (member,) = group.members
            where = f"{names[member.source]} g{group.id} → g{group.repeats}"
            passage(f"  {where}  ", alignment.member_text(member))
        lines.append("")
    if alignment.fragments:
        lines.append(f"Copied fragments ({len(alignment.fragments)})")
        for f in alignment.fragments:
            text = alignment.sources[f.source_a].text[f.a_start : f.a_end]
            speakers = provenance(alignment).quoted_fragment(f)
            quoted = "" if speakers is None else f" ({quote_label(speakers)})"
            passage(f"  {names[f.source_a]}, {names[f.source_b]}  {f.words} words{quoted}: ", text)
        lines.append("")
    if width is not None:  # the sentences too (who copies whom, differing details) fit the screen
        lines = [part for line in lines for part in _fitted(line, width)]
    return "\n".join(lines).rstrip() + "\n"


def _fitted(line: str, width: int) -> list[str]:
    """A line longer than ``width`` wrapped, its next lines indented two more than its own indent."""
    if len(line) <= width:
        return [line]
    indent = " " * (len(line) - len(line.lstrip()) + 2)
    return _passage(line[: len(indent) - 2], line.lstrip(), width, indent)


def _copying(alignment: Alignment) -> list[str]:
    found = provenance(alignment)
    if not found.copying and not found.credits and not found.both_quote:
        return []
    lines = [
        "",
        "Who copies whom (the words taken: verbatim, edited or 8+ words; direction from dates and credits)",
    ]
    lines += [f"  {line}" for line in copying_lines(alignment)]
    if not found.copying:
        lines.append("  No source copies text from another.")
    lines += [f"  {line}" for line in credit_lines(alignment)]
    if found.both_quote:
        lines += ["", "Both quote a third party (the same quoted words in both; not counted as copying)"]
        lines += [f"  {line}" for line in both_quote_lines(alignment)]
    return lines


SHARES_HEADING = (
    "Copied text: the share of each row's words copied between it and the column's source "
    "(verbatim, edited or 8+ words in a row; words both quote not counted)"
)


def _shares(alignment: Alignment) -> list[str]:
    n = len(alignment.sources)
    names = alignment.labels
    found = provenance(alignment)
    lines = [SHARES_HEADING]
    if n < 2:
        return [*lines, "  (one source: nothing to compare)"]
    if n > _MATRIX_LIMIT:
        for i in range(n):
            for j in range(n):
                share = found.copied_share(i, j)
                if i != j and share:
                    lines.append(f"  {share:.0%} of {names[i]}'s words are in {names[j]}")
        return lines
    # Rows by label; the columns, too narrow for labels, by the rows' numbers.
    width = max(len(name) for name in names) + 5
    header = " " * (width + 2) + "".join(f"{f'({j + 1})':>6}" for j in range(n))
    lines.append(header)
    for i in range(n):
        cells = [f"{'-':>6}" if i == j else f"{found.copied_share(i, j):>6.0%}" for j in range(n)]
        lines.append(f"  {f'({i + 1}) {names[i]}':<{width}}" + "".join(cells))
    return lines


_NARROWEST = 24  # the fewest columns a wrapped passage gets, however long its prefix or narrow the screen


def _passage(prefix: str, text: str, width: int | None, indent: str | None = None) -> list[str]:
    """``prefix`` and the whole passage on one line, or wrapped to ``width`` with the lines after the first
    indented as far as the prefix (or by ``indent``)."""
    text = printable(" ".join(text.split()))  # a control character in a source never reaches the terminal
    if width is None:
        return [prefix + text]
    indent = " " * len(prefix) if indent is None else indent
    if len(indent) + _NARROWEST > width:  # a long prefix (two labels) on its own lines, the passage under it
        lead = " " * (len(prefix) - len(prefix.lstrip()))
        head = textwrap.wrap(prefix.strip(), width=width, initial_indent=lead, subsequent_indent=lead + "  ")
        body = lead + "    "
        return head + textwrap.wrap(
            text, width=width, initial_indent=body, subsequent_indent=body, break_on_hyphens=False
        )
    wrapped = textwrap.wrap(
        text, width=width, initial_indent=prefix, subsequent_indent=indent, break_on_hyphens=False
    )
    return wrapped or [prefix.rstrip()]
