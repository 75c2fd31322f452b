"""The Markdown report as an editor reads it, and one meaning of "share" in every export."""

import re
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path

import markdown

from reader.comparison import Comparison
from reader.core.alignment.align import AlignOptions
from reader.core.provenance.who_first import provenance
from reader.core.reading.labels import source_labels
from reader.export.graph import MOST_NODES, layout
from reader.export.html import to_html
from reader.export.markdown_report import to_markdown
from reader.export.report import Report, build_report


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _shown_text(markdown_text: str) -> str:
    """What a reader sees once the Markdown is rendered: the text of the HTML, markup gone."""
    parser = _Text()
    parser.feed(markdown.markdown(markdown_text, extensions=["extra"]))
    return "".join(parser.parts)


def _report(paths: list[Path]) -> Report:
    comparison, errors = Comparison.load([str(p) for p in paths], AlignOptions())
    assert comparison is not None and not errors
    return build_report(comparison.alignment, None)


def test_the_sample_reads_in_short_sections_with_additions_grouped_per_source(seed_paths) -> None:
    report = _report(seed_paths)
    text = to_markdown(report)
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert len(headings) < 60  # was 167, 133 of them one passage "Found in one source only"
    assert "### Found in one source only" not in text
    alignment = report.alignment
    names = source_labels(alignment.sources)
    for index in range(len(alignment.sources)):
        added = alignment.additions(index)
        count = f"{len(added)} passage" + ("" if len(added) == 1 else "s")
        assert headings.count(f"### {names[index]}: {count}") == 1
        for member in added:  # each passage one line of its source's section
            assert f"- {' '.join(alignment.member_text(member).split())}" in text.replace("\\[", "[").replace(
                "\\]", "]"
            )


def test_no_escape_shows_as_text_once_rendered(seed_paths) -> None:
    text = to_markdown(_report(seed_paths))
    assert "WIRED (Apr 30, 2026" in text and "000_96ba02d55be56b15" in text  # no escape where none is needed
    shown = _shown_text(text)
    assert "\\" not in shown
    assert "WIRED and Musk Admits xAI Distilled… both quote OpenAI" in shown


def test_hostile_passage_text_stays_text_with_no_escape_showing(tmp_path) -> None:
    hostile = (
        "*Not bold* and _not italic_ with snake_case, a [link](javascript:alert(1)), <b>no tag</b>, "
        "`code`, ~~struck~~, AT&T and &copy; as typed, a back\\slash."
    )
    for name, lead in (("a.txt", "# Heading? 1. List?"), ("b.txt", "+ plus - minus")):
        (tmp_path / name).write_text(f"{lead}\n\n{hostile}\n", encoding="utf-8")
    text = to_markdown(_report([tmp_path / "a.txt", tmp_path / "b.txt"]))
    rendered = markdown.markdown(text, extensions=["extra"])
    added = rendered.split("Found in one source only</h2>")[1]
    assert set(re.findall(r"<(\w+)", added)) == {"h3", "ul", "li"}  # no markup but the report's own
    shown = _shown_text(text)
    assert hostile in shown  # every character as typed, none lost, no backslash added
    assert "# Heading?" in shown and "\n1.\n" in shown and "+ plus - minus" in shown


def test_the_explanation_is_about_this_story(seed_paths, tmp_path) -> None:
    sample = to_markdown(_report(seed_paths))
    assert (
        "Direction comes from the publication dates and from credits (here: Musk Admits xAI Distilled… credits WIRED 5 times)"
        in (sample)
    )
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    story = (
        "The council voted on Monday to close the old bridge to all traffic for repairs before the winter."
    )
    first.write_text(f"Bridge closes\n\n{story} Officials said little else.\n", encoding="utf-8")
    second.write_text(f"Old bridge shut\n\n{story} Drivers must detour.\n", encoding="utf-8")
    other = to_markdown(_report([first, second]))
    assert "takes" in other or "share text" in other  # the two copy one sentence
    assert "WIRED" not in other and "As " not in other


def test_a_pair_shows_the_same_share_in_html_markdown_and_the_graph(seed_paths) -> None:
    report = _report(seed_paths)
    alignment = report.alignment
    copying = provenance(alignment).copying
    assert copying
    html = to_html(report)
    text = to_markdown(report)
    rows = {
        line.split("|")[1].strip(): line.split("|")[2:-1]
        for line in text.splitlines()
        if "'s words |" in line
    }
    labels = {edge.copy: edge.label for edge in layout(alignment, 640, 360).edges}
    names = source_labels(alignment.sources)
    for index, copy in enumerate(copying):
        for source, other, share in (
            (copy.copier, copy.origin, copy.share),
            (copy.origin, copy.copier, copy.reverse_share),
        ):
            shown = f"{share:.0%}"
            assert rows[f"{names[source]}'s words"][other].strip() == shown
            title = f"{shown} of {names[source]}'s words are copied between it and {names[other]}"
            assert f'title="{escape(title)}">{shown}<' in html
        if index in labels:  # an arrow carries its taker's share, a line without a head its first one's
            assert labels[index] == f"{copy.share:.0%}"
        sentence = (
            f"{copy.share:.0%} of its text from"
            if copy.known
            else f"({copy.share:.0%} of {names[copy.copier]}'s"
        )
        assert sentence in text and sentence in unescape(html)


def test_what_is_copied_from_whom_lists_the_passages_and_the_edited_originals(seed_paths) -> None:
    report = _report(seed_paths)
    text = to_markdown(report)
    section = text[
        text.index("## What is copied from whom") : text.index("## Passages several sources carry")
    ]
    assert "### Musk Admits xAI Distilled… takes 15% of its text from WIRED" in section
    assert "- Word for word, credited: “Savitt: Has xAI done that with OpenAI?”" in section
    edited = "- Edited, credited: “The Trump administration has also taken steps to prevent Chinese companies"
    assert edited in section
    after = section[section.index(edited) :].splitlines()[1]
    assert after.startswith("    - WIRED wrote: “The Trump administration has also taken steps")
    copy = provenance(report.alignment).copying[0]
    assert section.count("\n- ") >= len(copy.passages)


def test_details_that_differ_have_a_section_naming_both_sources() -> None:
    from reader.core.alignment.align import align
    from reader.core.reading.sources import source_from_text
    from tests.export.test_relation_exports import FIRST, SECOND

    alignment = align(
        [source_from_text(FIRST, "/tmp/first.txt"), source_from_text(SECOND, "/tmp/second.txt")]
    )
    text = to_markdown(build_report(alignment, None))
    section = text[text.index("## Details that differ") :].split("\n## ")[0]
    names = source_labels(alignment.sources)
    assert f"- Number: {names[1]} says “$62 million”, {names[0]} says “$62.6 million” (in “" in section
    assert f"- Date: {names[1]} says “May 9”, {names[0]} says “May 4” (in “" in section


def test_exports_word_a_link_as_passage_details_does(seed_paths) -> None:
    # The window says "87% likely the same fact" and "61% of the words line up": so do the exports, never
    # a bare "confidence 0.87" or "61% similar".
    report = _report(seed_paths)
    for text in (to_markdown(report), unescape(to_html(report))):
        assert "likely the same fact" in text and "of the words line up" in text
        assert "confidence 0." not in text and "% similar" not in text and "% sure" not in text


def test_a_story_of_many_sources_draws_the_largest_pairs_and_says_so(tmp_path) -> None:
    # Fifty dots on a ring were a blot: the graph draws the sources of the largest pairs, and says so.
    from tests.syndicated import write_story

    report = _report(write_story(tmp_path, 30))
    alignment = report.alignment
    graph = layout(alignment, 640, 360)
    drawn = {node.source for node in graph.nodes}
    assert len(drawn) <= MOST_NODES and graph.left_out == 30 - len(drawn)
    largest = max(provenance(alignment).copying, key=lambda c: c.share)
    assert {largest.origin, largest.copier} <= drawn
    assert all(
        {copy.origin, copy.copier} <= drawn
        for copy in (provenance(alignment).copying[e.copy] for e in graph.edges)
    )
    assert f"The graph draws the {len(drawn)} sources of the largest pairs, of 30" in to_html(report)
