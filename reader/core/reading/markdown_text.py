"""Markdown to HTML in time that grows with the text, for Markdown files and for notes.

python-markdown's own shortcut for links rescans the rest of a paragraph at every link (a 250 KB paragraph of
links took 4.6 minutes), and its raw-HTML block parser rescans to the end of the text at every unclosed tag.
``bounded_markdown`` replaces the first (``_SharedBracketEnds``: the same HTML, tested against stock
python-markdown) and leaves out the second: raw HTML tags then pass as inline HTML, which the readers of
the HTML (the sanitizer of notes, the text extractor of sources) handle as before.
"""

from __future__ import annotations

import markdown
from markdown.inlinepatterns import LinkInlineProcessor

# Markdown's "extra" without md_in_html, whose HTML parser rescans an unclosed tag to the end at every "<".
EXTRA = ["abbr", "attr_list", "def_list", "fenced_code", "footnotes", "tables"]
EXTENSIONS = [*EXTRA, "sane_lists"]
"""What notes and Markdown files are read with (the report's PDF uses ``EXTRA``)."""


def bracket_ends(text: str) -> list[int | None]:
    """For each index of ``text``, the index just past the ``]`` that closes a bracket opened before it, or
    None if it never closes (python-markdown's own algorithm, which is private to it)."""
    ends: list[int | None] = [None] * (len(text) + 1)
    depth = 0
    waiting: list[tuple[int, int]] = []  # indexes still waiting for a closing bracket, and their depth
    for position in range(len(text) + 1):
        while waiting and depth < waiting[-1][1]:
            ends[waiting.pop()[0]] = position
        waiting.append((position, depth))
        if position < len(text):
            if text[position] == "[":
                depth += 1
            elif text[position] == "]":
                depth -= 1
    return ends


class _SharedBracketEnds:
    """The ``getText`` of python-markdown's link processors, with no rescan in Python at each link.

    python-markdown finds where each ``[`` closes for a whole paragraph at once, and does it again for every
    link, because each match rebuilds the paragraph's text: 500 links took 1.4 s. Where a ``[`` closes
    depends only on the text after it, and the text after a match is the text after it before the match; so
    the ends found once serve every later ``[`` whose rest of the text is the same (checked by a comparison
    in C, as fast as python-markdown's own rebuilding of the text)."""

    def __init__(self) -> None:
        self.text = ""
        self.ends: list[int | None] = [None]

    def get_text(self, data: str, index: int) -> tuple[str, int, bool]:
        offset = len(self.text) - (len(data) - index)  # where data[index:] would start in self.text
        if data is self.text:
            offset = index
        elif offset < 0 or not self.text.endswith(data[index:]):  # a copy and compare in C: no rescan
            self.text, self.ends = data, bracket_ends(data)
            offset = index
        end = self.ends[offset]
        if end is None:
            return "", len(data), False  # the callers ignore the text of an unclosed bracket
        end += index - offset
        return data[index : end - 1], end, True


def bounded_markdown(extensions: list[str] = EXTENSIONS) -> markdown.Markdown:
    """A python-markdown converter with ``extensions`` (not md_in_html) whose link processors share one
    ``_SharedBracketEnds`` and without raw HTML blocks: their tags are inline HTML (then sanitized), and
    an indented code block holding "<a " is no longer fed to an HTML parser that rescans it at every "<"."""
    converter = markdown.Markdown(extensions=extensions, output_format="html")
    converter.preprocessors.deregister("html_block")
    brackets = _SharedBracketEnds()
    for processor in converter.inlinePatterns:
        if isinstance(processor, LinkInlineProcessor):
            processor.getText = brackets.get_text  # type: ignore[method-assign]
    return converter
