"""The article of a saved web page: its text, title, byline, outlet and publication date.

Article extraction is trafilatura's (Apache 2.0, by Adrien Barbaresi): on the public
scrapinghub/article-extraction-benchmark it finds the article text far better than Reader's own extractor
(``reader.core.reading.htmltext``), which it replaces for pages; see ``tests/benchmarks/bench_extraction.py``.
``favor_precision`` was chosen on half of that benchmark's pages: captions, share buttons and "Reuse this
content" lines are what a comparison must not show as an outlet's additions.

The text Reader shows, and that annotations point into, is the text built here: the headline as the first
paragraph (outlets' headlines differ, and are compared like the rest), then the article's paragraphs
separated by blank lines. A page trafilatura finds no article in is read by Reader's own extractor instead,
so a page with readable text is never refused.

The date: trafilatura's (htmldate's) day; the time as well when the page's own metadata declares one on that
same day (``article:published_time`` and friends), since a day alone cannot order two reports of one morning.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from reader.core.progress import Tick
from reader.core.reading.htmltext import HtmlText, extract

TRAFILATURA_MAX_CHARS = 5_000_000
"""Pages larger than this (far beyond any article: the benchmark's largest is 1.5 MB) are read by Reader's own
extractor, which reports progress and hears Cancel."""
FEW_WORDS = 20
"""Fewer words than this, where Reader's own extractor finds only page furniture, are no article."""
_FURNITURE_LINE = re.compile(
    r"(?:reuse this content|advertisement|skip advertisement|supported by|share this (?:article|story|page)"
    r"|share on \w+|read more|related (?:articles|stories|content)|sign up for our newsletters?)\W*\Z",
    re.IGNORECASE,
)
"""Lines of page furniture trafilatura sometimes keeps, known from the pages that carry them (the
Guardian's "Reuse this content", the New York Times' "Advertisement"): never an outlet's addition."""
_LINE = re.compile(r"[ \t\u00a0]*\n[ \t\u00a0\n]*")


def article(html: str, tick: Tick | None = None, largest: int | None = None) -> HtmlText:
    """The article of ``html``, or all its readable text when no article is found in it. A page larger than
    ``largest`` characters (``TRAFILATURA_MAX_CHARS``) is read by Reader's own extractor only: trafilatura
    takes about 1.5 s a megabyte here and cannot hear Cancel meanwhile."""
    # The page's own metadata (with the time of day), and the text when trafilatura finds no article.
    limit = TRAFILATURA_MAX_CHARS if largest is None else largest
    if len(html) > limit:
        return extract(html, tick)
    declared = extract(html, None if tick is None else lambda done: tick(0.4 * done))
    document = _trafilatura(html)
    if tick is not None:
        tick(1.0)
    if document is None or not (document.text or "").strip():
        return declared
    if not declared.text.strip() and len(document.text.split()) < FEW_WORDS:
        return declared  # a few words of navigation on a page of furniture are no article
    lines = (line.strip() for line in _LINE.split(document.text))
    paragraphs = [line for line in lines if line and not _FURNITURE_LINE.match(line)]
    title = _one_line(document.title) or declared.title
    if title and paragraphs and _one_line(paragraphs[0]) != title:
        paragraphs.insert(0, title)
    return replace(
        declared,
        text="\n\n".join(paragraphs),
        title=title,
        author=_one_line(document.author) or declared.author,
        date=_date(document.date, declared.date),
        site_name=_one_line(document.sitename) or declared.site_name,
    )


def _trafilatura(html: str):  # type: ignore[no-untyped-def]  # trafilatura's Document is untyped
    import trafilatura  # 0.3 s to import: only pages need it, and `reader align` on text files starts quicker

    for name in ("trafilatura", "htmldate", "courlan", "justext"):  # their complaints are not the user's
        logging.getLogger(name).setLevel(logging.CRITICAL)

    try:
        return trafilatura.bare_extraction(
            html,
            favor_precision=True,
            include_comments=False,
            include_tables=True,
            with_metadata=True,
            deduplicate=False,
        )
    except (ValueError, TypeError, RecursionError, MemoryError):  # a page lxml cannot make a tree of
        return None


def _date(found: str | None, declared: str | None) -> str | None:
    """trafilatura's day, with the declared time when the declaration is of that day."""
    if declared and found and declared[:10] == found[:10] and len(declared) > 10:
        return declared
    return found or declared


def _one_line(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None
