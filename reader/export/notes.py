"""Notes are Markdown, rendered with the ``markdown`` package and sanitized with nh3 (ammonia): no script
runs, no style or event attribute survives, and nothing remote loads (no images, frames or objects; links
stay as links but only to http, https and mailto).

Rendering is bounded (a 1 MB note of hostile Markdown renders in about a second, was minutes):
python-markdown's own shortcuts for links and raw HTML blocks rescan the rest of a paragraph at every link or
tag, so they are replaced (``_SharedBracketEnds``) or left out (raw HTML blocks: their tags still pass, as
inline HTML, through the sanitizer). What is left of python-markdown rebuilds a paragraph's text at every
match, so only the first ``MARKDOWN_LIMIT`` characters of a note are formatted; the rest is shown as typed,
escaped, and the rendering says so. Nothing of the note is dropped.
"""

from __future__ import annotations

import html
import threading

import markdown
import nh3
from markdown.inlinepatterns import LinkInlineProcessor

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "del", "ins", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}

MARKDOWN_LIMIT = 50_000  # characters of a note formatted as Markdown; about 0.5 s for the worst shapes
# "extra" without md_in_html, whose HTML parser rescans an unclosed tag to the end of the note at every "<".
EXTRA = ["abbr", "attr_list", "def_list", "fenced_code", "footnotes", "tables"]
EXTENSIONS = [*EXTRA, "sane_lists"]


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


_local = threading.local()  # a Markdown instance is not thread-safe; the preview renders off the GUI thread


def bounded_markdown(extensions: list[str]) -> markdown.Markdown:
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


def _markdown() -> markdown.Markdown:
    converter: markdown.Markdown | None = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = bounded_markdown(EXTENSIONS)
    converter.reset()
    return converter


def formatted_part(note: str, limit: int = MARKDOWN_LIMIT) -> str:
    """The part of ``note`` that is formatted as Markdown: all of it up to ``limit`` characters, else up to
    the last blank line (or line end) before the limit, so no paragraph is cut in two."""
    if len(note) <= limit:
        return note
    head = note[:limit]
    blank = head.rfind("\n\n")
    if blank > 0:
        return head[: blank + 2]
    line = head.rfind("\n")
    return head[: line + 1] if line > 0 else head


def unformatted_rest(rest: str) -> str:
    """The line said before the part of a note past ``MARKDOWN_LIMIT``."""
    return (
        f"The rest of this note ({len(rest):,} characters) is shown as typed: Reader formats the first "
        f"{MARKDOWN_LIMIT:,} characters of a note as Markdown."
    )


def note_html(note: str) -> str:
    """Safe HTML for a note written in Markdown: all of its text, formatted up to ``MARKDOWN_LIMIT``."""
    head = formatted_part(note)
    try:
        rendered = _markdown().convert(head)
    except RecursionError:  # markup nested thousands deep: the note is shown as typed
        _local.converter = None
        head, rendered = "", ""
    safe = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    rest = note[len(head) :]
    if not rest:
        return safe
    said = (
        unformatted_rest(rest)
        if head
        else "This note is shown as typed: its Markdown is nested too deeply to format."
    )
    lines = "<br>".join(html.escape(line) for line in rest.split("\n"))
    return f"{safe}<p><em>{said}</em></p><p>{lines}</p>"
