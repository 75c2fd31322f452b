"""The readable text of a saved article page, without scripts, styles, navigation and page furniture.

A small, predictable extractor on the standard library's HTML parser: block elements become paragraphs,
page furniture (nav, header/footer outside the article, asides, forms, share bars, cookie banners, ...) is
dropped, and when the page marks its article (``<article>``, ``<main>``, ``role=main``) only that is kept.
It also reads the title and the metadata a page declares (author, date, site name).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from reader.core.progress import Tick

_SKIP_ALWAYS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "canvas",
        "iframe",
        "object",
        "embed",
        "nav",
        "aside",
        "form",
        "button",
        "select",
        "textarea",
        "label",
        "dialog",
        "menu",
        "head",
    ]
)
_SKIP_OUTSIDE_ARTICLE = frozenset({"header", "footer"})
_BLOCK = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "blockquote",
        "pre",
        "tr",
        "table",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "figure",
        "figcaption",
        "dd",
        "dt",
        "dl",
        "address",
        "hr",
        "br",
    ]
)
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_FURNITURE_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert"}
)
_FURNITURE_WORDS = re.compile(
    r"(?:^|[\s_-])(nav|navbar|menu|footer|sidebar|breadcrumbs?|share|sharing|social|related|comments?|"
    r"advert|ads|ad|promo|newsletter|subscribe|cookie|cookies|consent|popup|modal|paywall|skip-link)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")


@dataclass
class HtmlText:
    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    site_name: str | None = None


@dataclass
class _Block:
    parts: list[str] = field(default_factory=list)
    in_article: bool = False
    preformatted: bool = False
    heading: bool = False


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, skipping, is_article)
        # Kept beside the stack so that no tag has to scan it: deeply nested pages stay linear.
        self.open_tags: Counter[str] = Counter()
        self.article_depth = 0
        self.blocks: list[_Block] = [_Block()]
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.in_title = False
        self.first_h1: list[str] | None = None
        self.in_h1 = False
        self.time_datetime: str | None = None

    # -- state -----------------------------------------------------------------------------------------
    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    @property
    def in_article(self) -> bool:
        return self.article_depth > 0

    def _push(self, tag: str, skipping: bool, is_article: bool) -> None:
        self.stack.append((tag, skipping, is_article))
        self.open_tags[tag] += 1
        self.article_depth += is_article

    def _pop(self) -> str:
        tag, _skipping, is_article = self.stack.pop()
        self.open_tags[tag] -= 1
        self.article_depth -= is_article
        return tag

    def _new_block(self, heading: bool = False, pre: bool = False) -> None:
        if self.blocks[-1].parts:
            self.blocks.append(_Block())
        block = self.blocks[-1]
        block.in_article = self.in_article
        block.heading = heading
        block.preformatted = pre

    # -- parser callbacks ------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: (value or "") for name, value in attrs}
        if tag == "meta":
            self._meta(values)
            return
        if tag == "title":
            self.in_title = True
        if tag == "time" and not self.time_datetime and values.get("datetime"):
            self.time_datetime = values["datetime"]
        if tag in _VOID:
            if tag in ("br", "hr") and not self.skipping:
                self._new_block()
            return
        skipping = self.skipping or self._is_furniture(tag, values)
        is_article = tag in ("article", "main") or values.get("role") == "main"
        self._push(tag, skipping, is_article)
        if tag == "h1" and not skipping and self.first_h1 is None:
            self.first_h1 = []
            self.in_h1 = True
        if tag in _BLOCK and not skipping:
            self._new_block(heading=tag[0] == "h" and tag[1:].isdigit(), pre=tag == "pre")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag == "h1":
            self.in_h1 = False
        if not self.open_tags[tag]:
            return  # a stray end tag: browsers ignore it too
        while self.stack and self._pop() != tag:
            pass
        if tag in _BLOCK and not self.skipping:
            self._new_block()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skipping:
            return
        if self.in_h1 and self.first_h1 is not None:
            self.first_h1.append(data)
        self.blocks[-1].parts.append(data)

    # -- helpers ---------------------------------------------------------------------------------------
    def _meta(self, values: dict[str, str]) -> None:
        key = (values.get("name") or values.get("property") or values.get("itemprop") or "").lower()
        if key and values.get("content"):
            self.meta.setdefault(key, values["content"].strip())

    def _is_furniture(self, tag: str, values: dict[str, str]) -> bool:
        if tag in _SKIP_ALWAYS:
            return True
        if tag in _SKIP_OUTSIDE_ARTICLE and not self.in_article:
            return True
        if "hidden" in values or values.get("aria-hidden") == "true":
            return True
        if values.get("role", "").lower() in _FURNITURE_ROLES:
            return True
        names = f"{values.get('class', '')} {values.get('id', '')}"
        return bool(names.strip()) and _FURNITURE_WORDS.search(names) is not None


_FEED_CHARS = 8192  # the parser is fed this much at a time, with a tick between (deep markup is slow)


def extract(html: str, tick: Tick | None = None, chunk: int = _FEED_CHARS) -> HtmlText:
    """The readable text of ``html``: paragraphs separated by blank lines. ``tick`` hears how far it got."""
    parser = _Extractor()
    size = max(1, len(html))
    start = 0
    while start < len(html):
        if tick is not None:
            tick(0.9 * start / size)
        # The parser keeps what it could not finish (a tag, a comment, a script) and scans it again from
        # its start at the next feed: each feed is at least as long as what is waiting, so that a 45 MB
        # ``data:`` address is scanned a few times over in all, not once per chunk (226 s).
        step = max(chunk, len(parser.rawdata))
        parser.feed(html[start : start + step])
        start += step
    parser.close()
    blocks = [block for block in parser.blocks if block.parts]
    article = [block for block in blocks if block.in_article]
    article_chars = sum(len("".join(block.parts).strip()) for block in article)
    if article_chars >= 200 or (article and article_chars * 4 >= sum(len("".join(b.parts)) for b in blocks)):
        blocks = article
    paragraphs = []
    for number, block in enumerate(blocks):
        if tick is not None and not number % 256:
            tick(0.9 + 0.1 * number / len(blocks))
        raw = "".join(block.parts)
        text = raw.strip("\n") if block.preformatted else _SPACE.sub(" ", raw).strip()
        if text:
            paragraphs.append(text)
    meta = parser.meta
    title = _clean(parser.first_h1) or meta.get("og:title") or _clean(parser.title_parts)
    return HtmlText(
        text="\n\n".join(paragraphs),
        title=title or None,
        author=meta.get("author") or meta.get("article:author") or meta.get("byl") or None,
        date=meta.get("article:published_time")
        or meta.get("date")
        or meta.get("datepublished")
        or meta.get("dc.date")
        or parser.time_datetime,
        site_name=meta.get("og:site_name") or meta.get("application-name") or None,
    )


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML file declares in its first bytes, if any."""
    match = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", head[:4096], re.IGNORECASE)
    return match.group(1).decode("ascii") if match else None


def _clean(parts: list[str] | None) -> str:
    return _SPACE.sub(" ", "".join(parts or [])).strip()
