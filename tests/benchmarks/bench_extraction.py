"""Article extraction from saved web pages, on real pages with known article text. Not a test.

    python tests/benchmarks/bench_extraction.py --data DIR [--part tune|test|all]

DIR is a checkout of the public scrapinghub/article-extraction-benchmark (MIT licence; 181 news and blog
pages, ``html/*.html.gz``, with their article text in ``ground-truth.json``), kept out of this repository.
Without a work tree (a bare mirror), export one first:

    git --git-dir MIRROR archive HEAD ground-truth.json html | tar -x -C DIR

The pages, sorted by name, are split in two: the even ones were used to choose trafilatura's settings
(``tune``), the odd ones are reported (``test``). For each page, Reader reads the file as a user opening it
would (``read_source``), and so does the previous extractor (Reader's own, ``reader.core.reading.htmltext``), in the
same run; trafilatura with its defaults is shown as a peer. Figures:

- mean F1 of word 3-grams against the expected article text (per page, then averaged), and the benchmark's
  own aggregate F1 of word 4-grams, to compare with its published table;
- pages refused (no text at all);
- the date: against the day in the page's URL (``/2019/11/19/``, ``2019-11-19``), where there is one;
- title and byline: against the headline and author the page declares in its JSON-LD (``headline``,
  ``author.name``), where it declares them (a page's own declaration, which trafilatura also reads: this says
  whether Reader shows what the publisher says, not whether it finds what is hidden);
- time per page (median and the slowest);
- ``--fetch``: fetching a page of about 1 MB (the benchmark's largest, 1.5 MB) from a
  local HTTP server and reading it, median of 5, against the previous extractor on the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.core.reading.htmltext import extract  # noqa: E402  (the previous extractor, Reader's own)
from reader.core.reading.sources import SourceError, read_source  # noqa: E402

_TOKEN = re.compile(r"\w+")
_URL_DAY = re.compile(r"(20\d\d)[/-](\d\d)[/-](\d\d)(?:\D|$)")
_LD = re.compile(r"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def shingles(text: str, n: int) -> Counter[tuple[str, ...]]:
    words = _TOKEN.findall(text.lower())
    return Counter(tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)))


def counts(true: str, pred: str, n: int) -> tuple[float, float, float]:
    a, b = shingles(true, n), shingles(pred, n)
    tp = sum((a & b).values())
    return tp, sum(b.values()) - tp, sum(a.values()) - tp


def f1(true: str, pred: str, n: int = 3) -> float:
    tp, fp, fn = counts(true, pred, n)
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def benchmark_f1(pairs: list[tuple[str, str]]) -> float:
    """The benchmark's own figure: per-page normalized TP/FP/FN of 4-grams, summed, then F1."""
    tp = fp = fn = 0.0
    for true, pred in pairs:
        t, p, n = counts(true, pred, 4)
        total = t + p + n or 1
        tp, fp, fn = tp + t / total, fp + p / total, fn + n / total
    return 2 * tp / (2 * tp + fp + fn)


def declared(html: str) -> dict[str, str]:
    """The headline and author a page declares in JSON-LD."""
    found: dict[str, str] = {}
    for block in _LD.findall(html):
        try:
            data = json.loads(block.strip())
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.append(item["@graph"])
                if isinstance(item.get("headline"), str):
                    found.setdefault("title", item["headline"])
                author = item.get("author")
                author = author[0] if isinstance(author, list) and author else author
                if isinstance(author, dict) and isinstance(author.get("name"), str):
                    found.setdefault("author", author["name"])
                elif isinstance(author, str):
                    found.setdefault("author", author)
    return found


def same(a: str | None, b: str | None) -> bool:
    def norm(s: str | None) -> str:
        return " ".join(_TOKEN.findall((s or "").lower()))

    return bool(a) and bool(b) and (norm(a) == norm(b) or norm(b) in norm(a) or norm(a) in norm(b))


def previous(path: Path, html: str) -> dict[str, str | None]:
    page = extract(html)
    return {"text": page.text, "title": page.title, "author": page.author, "date": page.date}


def current(path: Path, html: str) -> dict[str, str | None]:
    try:
        source = read_source(path)
    except SourceError:
        return {"text": "", "title": None, "author": None, "date": None}
    day = source.published.iso[:10] if source.published else None
    return {"text": source.text, "title": source.title, "author": source.author, "date": day}


def trafilatura_defaults(path: Path, html: str) -> dict[str, str | None]:
    import trafilatura

    document = trafilatura.bare_extraction(html, with_metadata=True)
    if document is None:
        return {"text": "", "title": None, "author": None, "date": None}
    return {"text": document.text, "title": document.title, "author": document.author, "date": document.date}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--part", choices=("tune", "test", "all"), default="test")
    parser.add_argument("--fetch", action="store_true", help="also time fetching and reading a 1 MB page")
    args = parser.parse_args()
    if args.fetch:
        fetch_timing(args.data)
    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)
    keys = {"tune": keys[0::2], "test": keys[1::2], "all": keys}[args.part]
    extractors = {
        "Reader (trafilatura)": current,
        "previous (Reader's own)": previous,
        "trafilatura defaults": trafilatura_defaults,
    }
    print(f"{len(keys)} pages ({args.part} part) of {args.data}")
    with tempfile.TemporaryDirectory() as folder:
        for name, function in extractors.items():
            scores, pairs, times = [], [], []
            refused = dated = dates_right = titled = titles_right = bylined = bylines_right = 0
            for key in keys:
                data = gzip.decompress((args.data / "html" / f"{key}.html.gz").read_bytes())
                path = Path(folder) / f"{key[:12]}.html"
                path.write_bytes(data)
                html = data.decode("utf-8", "replace")
                started = time.perf_counter()
                got = function(path, html)
                times.append(time.perf_counter() - started)
                expected = truth[key].get("articleBody", "")
                text = got["text"] or ""
                refused += not text.strip()
                scores.append(f1(expected, text))
                pairs.append((expected, text))
                day = _URL_DAY.search(truth[key].get("url", ""))
                if day:
                    dated += 1
                    dates_right += (got["date"] or "")[:10] == "-".join(day.groups())
                page = declared(html)
                if "title" in page:
                    titled += 1
                    titles_right += same(got["title"], page["title"])
                if "author" in page:
                    bylined += 1
                    bylines_right += same(got["author"], page["author"])
            print(
                f"{name:24} F1(3-grams) mean {statistics.mean(scores):.3f} median {statistics.median(scores):.3f}"
                f" | benchmark F1(4-grams) {benchmark_f1(pairs):.3f} | refused {refused}"
                f" | date {dates_right}/{dated} | title {titles_right}/{titled} | byline {bylines_right}/{bylined}"
                f" | {1000 * statistics.median(times):.0f} ms median, {1000 * max(times):.0f} ms slowest"
            )


def fetch_timing(data_dir: Path) -> None:
    from reader.core.reading.fetch import fetch
    from reader.core.reading.sources import source_from_page
    from tests.web import Route, serving

    largest = max((data_dir / "html").glob("*.html.gz"), key=lambda p: p.stat().st_size)
    html = gzip.decompress(largest.read_bytes())
    page = html  # cut short, a page loses the article that follows its scripts: the page is taken whole
    with serving({"/page.html": Route(page)}) as server:
        fetched, read, previous_times = [], [], []
        for _ in range(5):
            started = time.perf_counter()
            got = fetch(server.url("/page.html"))
            middle = time.perf_counter()
            source_from_page(got)
            ended = time.perf_counter()
            extract(page.decode("utf-8", "replace"))
            previous_times.append(time.perf_counter() - ended)
            fetched.append(middle - started)
            read.append(ended - middle)
    print(
        f"Largest page ({len(page) / 1e6:.2f} MB, {largest.name[:12]}): fetch {1000 * statistics.median(fetched):.0f} ms, "
        f"read (trafilatura) {1000 * statistics.median(read):.0f} ms, median of 5; previous extractor "
        f"{1000 * statistics.median(previous_times):.0f} ms"
    )


if __name__ == "__main__":
    main()
