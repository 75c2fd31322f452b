"""One self-contained HTML file: opens offline in any browser, loads nothing, prints well.

The sources stand in columns and aligned passages share a table row, so they are level with each other;
highlights and legend are the window's; annotations sit under the passages they mark. All user text is
escaped and notes are sanitized Markdown.
"""

from __future__ import annotations

from html import escape
from itertools import pairwise

from reader import __version__
from reader.core.alignment.align import Alignment, Member
from reader.core.provenance.highlights import Highlight, highlights
from reader.core.provenance.who_first import provenance
from reader.export import palette
from reader.export.fragments import (
    both_quote_lines,
    copied_html,
    copying_lines,
    credit_lines,
    direction_note,
    discrepancies_html,
    first_note,
    linked_html,
    member_label,
    published_text,
    quoted_note,
    share_note,
    verdict_lines,
)
from reader.export.graph import GRAPH_SIZE, layout, to_svg
from reader.export.notes import authorship, note_html
from reader.export.report import Report, placement
from reader.store import AnnotationInfo

_DECORATION = {
    "underline": "underline solid 1.5px",
    "dashed": "underline dashed 1.5px",
    "dotted": "underline dotted 2px",
    "bold": "underline solid 2px",
    "wavy": "underline wavy 1.5px",
}


def _emphasis(kind: str) -> str:
    """The CSS of a style of ``palette.KEY``: as the window draws it (a fill, or a line under the words)."""
    style = next(s for s in palette.KEY if s.kind == kind)
    colour = getattr(palette.LIGHT, kind, palette.LIGHT.page)
    if style.form == "fill":
        return f"background: {colour};" + (" text-decoration: underline;" if kind == "changed" else "")
    if style.form == "plain":
        return ""
    css = f"text-decoration: {_DECORATION[style.form]} {colour}; text-underline-offset: 3px;"
    css += " font-weight: 600;" if style.form == "bold" else ""
    return css + (" font-style: italic;" if style.form == "dotted" else "")


MARKS = ("changed", "fragment", "discrepancy", "quoted")  # drawn over a passage's words, as in the window

EMPHASIS = "\n".join(
    [f".legend .{s.kind} {{ {_emphasis(s.kind)} }}" for s in palette.KEY]
    + [
        f"td.{kind} .passage {{ {_emphasis(kind)} }}"
        for kind in ("verbatim", "reworded", "paraphrase", "possible")
    ]
    + [f".passage .{kind} {{ {_emphasis(kind)} }}" for kind in MARKS]
    + [".legend .unique { outline: 1px solid #c8cdd3; }"]
)

STYLE = (
    f"""
:root {{ --discrepancy: {palette.DISCREPANCY}; --fragment: {palette.FRAGMENT};
  --muted: {palette.MUTED}; --text: {palette.TEXT}; }}
* {{ box-sizing: border-box; }}
body {{ font: 15px/1.5 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: var(--text);
  margin: 24px auto; max-width: 1800px; padding: 0 24px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
h1 {{ font-size: 26px; margin: 0 0 4px; }} h2 {{ font-size: 20px; margin: 28px 0 8px; }} h3 {{ font-size: 16px; margin: 18px 0 6px; }}
.meta {{ color: var(--muted); margin: 0; }}
table {{ border-collapse: collapse; }}
.summary td, .summary th {{ border-bottom: 1px solid #d5d9de; padding: 4px 10px; text-align: left; vertical-align: top; }}
.summary td.num, .summary th.num {{ text-align: right; }}
.summary td.date {{ white-space: nowrap; }}
.legend span, .tag {{ display: inline-block; padding: 1px 7px; border-radius: 3px; margin: 1px 4px 1px 0; font-size: 13px; }}
.tag {{ color: #fff; font-weight: 600; }}
table.aligned {{ width: 100%; table-layout: fixed; }}
table.aligned th {{ position: sticky; top: 0; background: #f4f6f8; text-align: left; padding: 8px; border-bottom: 2px solid #d5d9de;
  font-size: 14px; vertical-align: bottom; }}
table.aligned th .meta {{ font-weight: normal; font-size: 12px; }}
table.aligned td {{ padding: 6px 8px; vertical-align: top; border-bottom: 1px solid #eef0f2; }}
ul.discrepancies {{ margin: 4px 0 0; padding-left: 18px; font-size: 13px; color: var(--discrepancy); }}
ul.copied {{ margin: 4px 0 0; padding-left: 18px; font-size: 13px; color: var(--fragment); }}
ul.linked {{ margin: 4px 0 0; padding-left: 18px; font-size: 13px; color: #555; }}
.passage {{ padding: 2px 4px; border-radius: 3px; }}
.label {{ display: block; color: var(--muted); font-size: 12px; margin-top: 2px; }}
.annotation {{ margin-top: 6px; padding: 4px 8px; border-left: 3px solid var(--muted); background: #fafafa; font-size: 14px; }}
.annotation p {{ margin: 2px 0; }}
.annotation .byline {{ color: var(--muted); font-size: 12px; }}
.orphan {{ border-left-color: #d55e00; }}
.placement {{ font-size: 0.85em; font-style: italic; color: #555; margin: 0.2em 0; }}
.graph svg {{ max-width: 100%; height: auto; }}
ul.copying li {{ margin: 2px 0; }}
@media print {{
  @page {{ size: A4 landscape; margin: 12mm; }}
  body {{ margin: 0; padding: 0; max-width: none; font-size: 11px; }}
  table.aligned th {{ position: static; }}
  thead {{ display: table-header-group; }}
  tr {{ break-inside: avoid; }}
  h2 {{ break-after: avoid; }}
}}
"""
    + EMPHASIS
)


# Nothing may load or run, whatever ends up in the page: no script, no remote style, font, image or frame, no
# form that sends anything. Only the page's own <style> applies. Browsers honour this from a <meta> tag in
# files opened from disk as well as from a server.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; font-src 'none'; script-src 'none'; "
    "connect-src 'none'; frame-src 'none'; object-src 'none'; form-action 'none'; base-uri 'none'"
)


def to_html(report: Report) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(report.title)}</title><style>{STYLE}</style></head><body>",
        f"<header><h1>{escape(report.title)}</h1>",
        f'<p class="meta">Exported by Reader {escape(__version__)} on {report.created:%Y-%m-%d %H:%M}.</p></header>',
        _summary(report),
        _who_had_it_first(report),
        '<section class="comparison"><h2>Aligned passages</h2>',
        _legend(),
        _aligned_table(report),
        "</section>",
    ]
    orphans = report.orphans()
    if orphans:
        parts.append('<section class="orphans"><h2>Orphaned annotations</h2>')
        parts.append("<p>Their words are no longer in the source; they are kept with their quote.</p>")
        parts.extend(_annotation(report, info, orphan=True) for info in orphans)
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _summary(report: Report) -> str:
    alignment = report.alignment
    names = alignment.labels
    rows = []
    for index, source in enumerate(alignment.sources):
        stats = alignment.stats(index)
        rows.append(
            f"<tr><td>{escape(names[index])}</td><td>{escape(source.title)}<br><span class='meta'>{escape(source.name)}</span></td>"
            f"<td>{escape(source.outlet or '')}</td><td class='date'>{escape(published_text(source))}</td>"
            f"<td class='num'>{stats.passages}</td>"
            f"<td class='num'>{stats.coverage:.0%}</td><td class='num'>{stats.additions}</td></tr>"
        )
    sources = (
        "<table><thead><tr><th></th><th>Source</th><th>Outlet</th><th>Published</th><th class='num'>Passages</th>"
        "<th class='num'>Others report (any wording)</th><th class='num'>Passages only here</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    count = len(alignment.sources)
    header = "".join(f"<th class='num'>{escape(names[j])}</th>" for j in range(count))
    matrix_rows = []
    for i in range(count):
        cells = "".join(
            "<td class='num'>–</td>"
            if i == j
            else _share_cell(provenance(alignment).copied_share(i, j), names[i], names[j])
            for j in range(count)
        )
        matrix_rows.append(f"<tr><th>{escape(names[i])}'s words</th>{cells}</tr>")
    matrix = f"<table><thead><tr><th>Share of … copied with</th>{header}</tr></thead><tbody>{''.join(matrix_rows)}</tbody></table>"
    kinds = alignment.kind_counts()
    counts = report.tag_counts()
    tags = " ".join(
        f"<span class='tag' style='background:{escape(report.tag_color(name))}'>{escape(name)}</span> {number}"
        for name, number in sorted(counts.items())
    )
    return (
        "<section class='summary'><h2>Summary</h2>"
        f"<p>{count} sources: {kinds['verbatim']} passages shared verbatim, {kinds['reworded']} reworded, "
        f"{kinds['paraphrase']} the same fact in other words, {kinds['repeated']} told again by their "
        f"source (others report them elsewhere), {kinds['unique']} found in one source only; "
        f"{len(report.alignment.fragments)} copied fragments, "
        f"{sum(report.alignment.discrepancy_counts().values())} differing details. "
        f"{len(report.annotations)} annotations.</p>"
        f"{sources}<h3>Copied text between sources</h3><p class='meta'>{escape(share_note(alignment))}</p>"
        f"{matrix}"
        f"<h3>Annotations by tag</h3><p>{tags or 'No annotations.'}</p></section>"
    )


def _share_cell(share: float, row: str, column: str) -> str:
    title = f"{share:.0%} of {row}'s words are copied between it and {column}"
    return f"<td class='num' title=\"{escape(title)}\">{share:.0%}</td>"


def _who_had_it_first(report: Report) -> str:
    alignment = report.alignment
    if len(alignment.sources) < 2:
        return ""
    copying = copying_lines(alignment)
    credits = credit_lines(alignment)
    parts = ["<section class='provenance'><h2>Who had it first</h2>"]
    if copying:
        parts.append(
            "<p class='meta'>An arrow goes from the source a text came from to the one that takes it (verbatim, "
            "edited, or 8+ words in a row), as thick as the share of the taker's words it took (the number on it); "
            "a dashed line: which came first is "
            f"not known. {escape(direction_note(alignment))}</p>"
        )
        parts.append(f"<div class='graph'>{to_svg(alignment)}</div>")
        drawn = len(layout(alignment, *GRAPH_SIZE).nodes)
        if drawn < len(alignment.sources):
            parts.append(
                f"<p class='meta'>The graph draws the {drawn} sources of the largest pairs, of "
                f"{len(alignment.sources)}; every pair is in the list below.</p>"
            )
        parts.append(
            "<ul class='copying'>" + "".join(f"<li>{escape(line)}</li>" for line in copying) + "</ul>"
        )
    else:
        parts.append("<p>No source takes text from another (verbatim, edited, or 8+ words in a row).</p>")
    quoted = both_quote_lines(alignment)
    if quoted:
        parts.append(
            "<h3>Both quote a third party</h3><p class='meta'>The same quoted words (a speaker's, a document's) "
            "in both sources: not counted as copying.</p><ul class='both-quote'>"
            + "".join(f"<li>{escape(line)}</li>" for line in quoted)
            + "</ul>"
        )
    if credits:
        parts.append(
            "<h3>Credits</h3><ul>" + "".join(f"<li>{escape(line)}</li>" for line in credits) + "</ul>"
        )
    verdicts = verdict_lines(alignment)
    if verdicts:
        parts.append(
            "<h3>Links you judged</h3><ul class='verdicts'>"
            + "".join(f"<li>{escape(line)}</li>" for line in verdicts)
            + "</ul>"
        )
    parts.append("</section>")
    return "".join(parts)


def _legend() -> str:
    """The colour key, with the window's words (``palette.KEY``)."""
    entries = "".join(
        f"<span class='{s.kind}' title='{escape(s.tip, quote=True)}'>{escape(s.label)}</span>"
        for s in palette.KEY
    )
    return f"<p class='legend'>{entries}</p>"


def _aligned_table(report: Report) -> str:
    alignment = report.alignment
    names = alignment.labels
    head = "".join(
        f"<th>{escape(names[i])} · {escape(s.title)}<br><span class='meta'>{escape(' · '.join(x for x in (s.outlet, published_text(s), s.name) if x))}</span></th>"
        for i, s in enumerate(alignment.sources)
    )
    rows = []
    marks = {
        s: [h for h in highlights(alignment, s) if h.kind in MARKS] for s in range(len(alignment.sources))
    }
    for group in report.groups():
        cells = []
        for index in range(len(alignment.sources)):
            member = group.member(index)
            if member is None:
                cells.append("<td></td>")
                continue
            kind = (
                "unique"
                if group.kind == "unique"
                else "possible"
                if member.possible
                else {"identical": "verbatim", "paraphrase": "paraphrase"}.get(
                    member.classification, "reworded"
                )
            )
            notes = "".join(_annotation(report, info) for info in report.annotations_on(member))
            moved = " · moved" if member.moved else ""
            first = first_note(alignment, member, group)
            moved += f" · {first}" if first else ""
            both = quoted_note(alignment, member)
            moved += f" · {both}" if both else ""
            cells.append(
                f"<td class='{kind}'><div class='passage'>{_passage(alignment, member, marks)}</div>"
                f"<span class='label'>{escape(member_label(member, group))}{moved}</span>"
                f"{discrepancies_html(alignment, member)}{copied_html(alignment, member)}"
                f"{linked_html(alignment, member)}{notes}</td>"
            )
        rows.append(f"<tr id='g{group.id}' class='{group.kind}'>{''.join(cells)}</tr>")
    return f"<table class='aligned'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _passage(alignment: Alignment, member: Member, marks: dict[int, list[Highlight]]) -> str:
    """The member's words with the window's marks: changed words, copied words, differing details and
    words both quote, each run in a span of its kinds (runs may overlap, so the text is cut at every edge)."""
    text = alignment.sources[member.source].text
    spans = [
        (max(h.start, member.start), min(h.end, member.end), h.kind)
        for h in marks[member.source]
        if h.start < member.end and h.end > member.start
    ]
    edges = sorted({member.start, member.end, *(e for s, t, _ in spans for e in (s, t))})
    parts = []
    for start, end in pairwise(edges):
        kinds = sorted({kind for s, t, kind in spans if s <= start and end <= t})
        words = escape(text[start:end])
        parts.append(f"<span class='{' '.join(kinds)}'>{words}</span>" if kinds else words)
    return "".join(parts)


def _annotation(report: Report, info: AnnotationInfo, orphan: bool = False) -> str:
    tags = "".join(
        f"<span class='tag' style='background:{escape(report.tag_color(name))}'>{escape(name)}</span>"
        for name in info.tags
    )
    quote = f"<p>“{escape(info.targets[0].exact)}”</p>" if orphan and info.targets else ""
    # How a changed source's text placed each target that had to move (or could not).
    placed = "".join(
        f"<p class='placement'>{escape(report.where(target))}: {escape(how)}</p>"
        for target in info.targets
        if (how := placement(target))
    )
    note = note_html(info.note) if info.note.strip() else ""
    who = authorship(info)
    byline = f"<p class='byline'>{escape(who)}</p>" if who else ""
    return f"<div class='annotation{' orphan' if orphan else ''}'>{tags}{quote}{placed}{note}{byline}</div>"
