"""Notes are Markdown, rendered with the ``markdown`` package and sanitized with nh3 (ammonia): no script
runs, no style or event attribute survives, and nothing remote loads (no images, frames or objects; links
stay as links but only to http, https and mailto)."""

from __future__ import annotations

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "del", "ins", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def note_html(note: str) -> str:
    """Safe HTML for a note written in Markdown."""
    rendered = markdown.markdown(note, extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
