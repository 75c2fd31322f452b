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
from typing import TYPE_CHECKING

import markdown
import nh3

from reader.core.reading.markdown_text import bounded_markdown

if TYPE_CHECKING:  # the note preview renders notes before the database layer loads
    from reader.store.records import AnnotationInfo

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "del", "ins", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}

MARKDOWN_LIMIT = 50_000  # characters of a note formatted as Markdown; about 0.5 s for the worst shapes


_local = threading.local()  # a Markdown instance is not thread-safe; the preview renders off the GUI thread


def _markdown() -> markdown.Markdown:
    converter: markdown.Markdown | None = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = bounded_markdown()
    converter.reset()
    return converter


def authorship(info: AnnotationInfo) -> str:
    """Who wrote an annotation, for reports: "by Ana", "by Ana, last changed by Ben", or nothing for one
    made before Reader recorded authors."""
    made, changed = info.created_by, info.modified_by
    if made and changed and changed != made:
        return f"by {made}, last changed by {changed}"
    if made:
        return f"by {made}"
    return f"last changed by {changed}" if changed else ""


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
    return f"{safe}{as_typed(said, rest)}"


def as_typed(said: str, text: str) -> str:
    """HTML of ``text`` exactly as typed (escaped, its line breaks kept), after the line ``said``."""
    lines = "<br>".join(html.escape(line) for line in text.split("\n"))
    return f"<p><em>{said}</em></p><p>{lines}</p>"
