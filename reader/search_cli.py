"""``reader search QUERY``: the library's sources (every version), quotes, notes and tags, best first.

One hit a line: what matched (source text, earlier version, quote, note, tag), the source's title and path
with the span of the passage, and a snippet with the matched words marked (bold on a terminal, in
[brackets] in a file or a pipe). Every piece is made printable: nothing stored in the library can break
the line or send escape codes to the terminal. ``--json`` writes the hits as a JSON list instead.

Exit status: 0 with hits; 1 with no hits or a query that is not a search (one line on standard error says
which); 2 when the library cannot be opened.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from reader.core.text.display import printable, say

if TYPE_CHECKING:  # the store loads SQLAlchemy: only once the command runs
    from reader.store import SearchHit

EXIT_OK, EXIT_NOTHING, EXIT_USAGE = 0, 1, 2
BOLD, PLAIN = "\x1b[1m", "\x1b[0m"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader search",
        description='Search the library: words (all must match), "a phrase", prefix* ; case and accents '
        "do not count. Searches every source's text (and earlier versions), titles, annotation quotes, "
        "notes and tags.",
    )
    parser.add_argument("query", metavar="QUERY", help="what to look for (quote it for the shell)")
    parser.add_argument("--tag", metavar="TAG", help="only annotations with this tag")
    parser.add_argument("--author", metavar="NAME", help="only annotations made or last changed by NAME")
    parser.add_argument(
        "--source", metavar="SOURCE", help="only this source: its id, path or words of its title"
    )
    parser.add_argument("--limit", type=int, default=50, metavar="N", help="at most N hits (default: 50)")
    parser.add_argument(
        "--db", metavar="ADDRESS", help="the library: a file or postgresql:// address (default: $READER_DB)"
    )
    parser.add_argument("--json", action="store_true", help="write the hits as JSON")
    return parser


def run_search(args: list[str]) -> int:
    options = _parser().parse_args(args)
    from reader.store import Library, StoreError

    try:
        library = Library.open_to_read(options.db)
    except StoreError as error:
        say(str(error))
        return EXIT_USAGE
    if library is None:
        from reader.address import configured

        say(f"{configured(options.db).shown}: there is no library here yet: nothing to search")
        return EXIT_NOTHING
    try:
        hits = library.search(
            options.query, tag=options.tag, author=options.author, source=options.source, limit=options.limit
        )
    except StoreError as error:
        say(str(error))
        return EXIT_NOTHING
    finally:
        library.close()
    if not hits:
        say(f"no hits for {printable(options.query.strip()[:80])} in {library.shown}")
        return EXIT_NOTHING
    if options.json:
        print(json.dumps([_as_json(hit) for hit in hits], ensure_ascii=True, indent=1))
        return EXIT_OK
    bold = sys.stdout.isatty()
    for hit in hits:
        print(line(hit, bold))
    return EXIT_OK


def line(hit: SearchHit, bold: bool = False) -> str:
    """One hit on one printable line."""
    from reader.store import KINDS

    where = f":{hit.span[0]}-{hit.span[1]}" if hit.span is not None else ""
    annotation = f" (annotation {hit.annotation_id})" if hit.annotation_id is not None else ""
    before, after = (BOLD, PLAIN) if bold else ("[", "]")
    snippet = hit.snippet.marked(before, after, printable)
    title = printable(" ".join(hit.source_title.split())) or "(untitled)"
    return f"{KINDS[hit.kind]}{annotation} · {title} · {printable(hit.source_path)}{where} · {snippet}"


def _as_json(hit: SearchHit) -> dict[str, object]:
    return {
        "kind": hit.kind,
        "source_id": hit.source_id,
        "source_path": hit.source_path,
        "source_title": hit.source_title,
        "annotation_id": hit.annotation_id,
        "revision_id": hit.revision_id,
        "span": list(hit.span) if hit.span is not None else None,
        "snippet": hit.snippet.text,
        "marks": [list(mark) for mark in hit.snippet.marks],
        "rank": round(hit.rank, 6),
    }
