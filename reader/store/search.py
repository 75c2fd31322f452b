"""Searching the library: one interface over SQLite's FTS5 and PostgreSQL's full-text search (migration
0009 makes the index; ``reader.store.search_query`` is the query language), and "where else does this
passage appear", found through the same index.

What is searched: every source's text and titles, its earlier versions (a hit there is a passage the current
text no longer has), annotation quotes, notes and tag names. A hit is a frozen ``SearchHit``: what kind of
text matched, the source it belongs to, the annotation when there is one, the span to open in the source's
text, a snippet with the matched words marked, and the engine's rank (bm25 on SQLite, ts_rank_cd on
PostgreSQL; higher is better). Snippets and spans are found here, from the stored texts, the same way on
both engines.

Every statement is fixed text chosen from the tables below; what the user typed reaches the database only
as bound parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

from reader.core.text.diffing import word_diff
from reader.core.text.display import printable
from reader.core.text.normalize import Normalization, find_all, normalize_with_map
from reader.store.db import StoreError
from reader.store.search_query import (
    Found,
    Query,
    QueryError,
    Snippet,
    Term,
    find,
    parse,
    snippet,
    words_of,
)
from reader.store.transactions import Store

HitKind = Literal["text", "version", "quote", "note", "tag"]
KINDS: dict[HitKind, str] = {
    "text": "source text",
    "version": "earlier version",
    "quote": "quote",
    "note": "note",
    "tag": "tag",
}
"""Each kind of hit and how it is named to the user."""


@dataclass(frozen=True)
class SearchHit:
    """One place a search matched.

    ``kind``: the current text or a title of a source ("text"), an earlier version of its text only
    ("version"), an annotation's quote, its note or one of its tags. ``span``: the [start, end) of the
    match in the source's current text (the annotation's words for a quote, note or tag; None when it is
    not in the current text: a title, an earlier version, an orphaned annotation). ``revision_id``: the
    earlier version, for "version". ``rank``: higher is better."""

    kind: HitKind
    source_id: int
    source_path: str
    source_title: str
    annotation_id: int | None
    revision_id: int | None
    span: tuple[int, int] | None
    snippet: Snippet
    rank: float


EditKind = Literal["verbatim", "edited"]


@dataclass(frozen=True)
class Appearance:
    """A source whose current text carries a passage: word for word (after case, quotes, dashes and
    white space) or edited, at ``span``; ``similarity`` 0..1 of its words to the passage's."""

    source_id: int
    source_path: str
    source_title: str
    how: EditKind
    span: tuple[int, int]
    similarity: float
    text: str


@dataclass(frozen=True)
class _Filters:
    source_ids: tuple[int, ...] | None
    tag: str | None
    author: str | None

    @property
    def annotations_only(self) -> bool:
        return self.tag is not None or self.author is not None


# -- the statements --------------------------------------------------------------------------------------
# kind -> (FTS5 index, table, the annotation id column, the source id column or None for "via targets")
_TABLES: dict[HitKind, tuple[str, str, str | None, str | None]] = {
    "text": ("search_sources", "sources", None, "x.id"),
    "version": ("search_versions", "source_revisions", None, "x.source_id"),
    "quote": ("search_quotes", "targets", "x.annotation_id", "x.source_id"),
    "note": ("search_notes", "annotations", "x.id", None),
    "tag": ("search_tags", "tags", "at.annotation_id", None),
}
_SELECTED: dict[HitKind, str] = {
    "text": "x.id, CAST(NULL AS integer)",
    "version": "x.id, CAST(NULL AS integer)",
    "quote": "x.id, CAST(NULL AS integer)",
    "note": "x.id, CAST(NULL AS integer)",
    "tag": "at.annotation_id, x.id",
}
_TS_QUERY = "to_tsquery('simple'::regconfig, :q)"


def _statement(dialect: str, kind: HitKind, filters: _Filters) -> TextClause:
    """The fixed statement for ``kind`` with the filters asked for: (id, tag id, score), best first."""
    index, table, annotation, source = _TABLES[kind]
    if dialect == "postgresql":
        weights = ""
        source_from = f"{table} x"
        match = f"x.search @@ {_TS_QUERY}"
        score = f"ts_rank_cd(x.search, {_TS_QUERY})"
    else:
        weights = ", 4.0, 4.0, 1.0" if kind == "text" else ""
        source_from = f"{index} JOIN {table} x ON x.id = {index}.rowid"
        match = f"{index} MATCH :q"
        score = f"-bm25({index}{weights})"
    if kind == "tag":
        # The few matching tags ranked once, then their annotations (16,000 with one tag in the benchmark:
        # ranked row by row, the tag's rank was worked out 16,000 times).
        tags = (
            f"SELECT id, {score} AS tag_rank FROM tags x WHERE {match}"
            if dialect == "postgresql"
            else f"SELECT rowid AS id, {score} AS tag_rank FROM {index} WHERE {match}"
        )
        parts = [
            f"WITH x AS MATERIALIZED ({tags}) SELECT {_SELECTED[kind]}, x.tag_rank AS score FROM x "
            "JOIN annotation_tags at ON at.tag_id = x.id WHERE 1 = 1"
        ]
    else:
        parts = [f"SELECT {_SELECTED[kind]}, {score} AS score FROM {source_from} WHERE {match}"]
    if kind == "version":  # only what the current text no longer has
        if dialect == "postgresql":
            parts.append(
                f"AND NOT EXISTS (SELECT 1 FROM sources s WHERE s.id = x.source_id AND s.search @@ {_TS_QUERY})"
            )
        else:
            parts.append(
                "AND x.source_id NOT IN (SELECT rowid FROM search_sources WHERE search_sources MATCH :q)"
            )
    if filters.source_ids is not None:
        if source is not None:
            parts.append(f"AND {source} IN :ids")
        else:
            parts.append(
                f"AND EXISTS (SELECT 1 FROM targets t WHERE t.annotation_id = {annotation} AND t.source_id IN :ids)"
            )
    if filters.tag is not None:
        # EXISTS on the tag's id, known beforehand: a probe of the primary key for each match, not a set
        # of every annotation with the tag made first (16,000 of 100,000 in the benchmark: most of its time).
        parts.append(
            "AND EXISTS (SELECT 1 FROM annotation_tags at2 "
            f"WHERE at2.annotation_id = {annotation} AND at2.tag_id = :tag_id)"
        )
    if filters.author is not None:
        parts.append(
            f"AND {annotation} IN (SELECT a2.id FROM annotations a2 "
            "WHERE lower(a2.created_by) = lower(:author) OR lower(a2.modified_by) = lower(:author))"
        )
    parts.append("ORDER BY score DESC, 1 LIMIT :limit")
    statement = text(" ".join(parts))
    if filters.source_ids is not None:
        statement = statement.bindparams(bindparam("ids", expanding=True))
    return statement


def _union(dialect: str, kinds: Sequence[HitKind], filters: _Filters) -> TextClause:
    """The statements of ``kinds`` as one (one round trip to a server instead of five): kind, id, tag id,
    score; each kind's best first, up to the limit."""
    selects = [
        f"SELECT '{kind}' AS kind, k{n}.* FROM ({_statement(dialect, kind, filters).text}) AS k{n}"
        for n, kind in enumerate(kinds)
    ]
    statement = text(" UNION ALL ".join(selects))
    if filters.source_ids is not None:
        statement = statement.bindparams(bindparam("ids", expanding=True))
    return statement


class SearchStore(Store):
    """``Library.search`` and ``Library.where_else``."""

    def search(
        self,
        query: str,
        tag: str | None = None,
        author: str | None = None,
        source: int | str | None = None,
        limit: int = 50,
    ) -> list[SearchHit]:
        """The best ``limit`` hits for ``query`` (``search_query`` describes the language), best first.
        ``tag``, ``author``: only annotations with that tag, made or last changed by that author (any
        case; their quotes, notes and tags: source texts are left out). ``source``: a source id, or words
        of its path or title. StoreError with one line for a query that is not a search, or a source
        filter that names no source."""
        try:
            parsed = parse(query)
        except QueryError as error:
            raise StoreError(str(error)) from None
        if limit <= 0:
            return []

        def read(session: Session) -> list[SearchHit]:
            ids = None if source is None else tuple(_source_ids(session, source))
            filters = _Filters(
                ids, tag.strip() if tag is not None else None, author.strip() if author is not None else None
            )
            wanted_tag = None
            if filters.tag is not None:
                wanted_tag = session.execute(
                    text("SELECT id FROM tags WHERE name = :tag"), {"tag": filters.tag}
                ).scalar()
                if wanted_tag is None:
                    return []  # no such tag: no annotation has it
            engine_query = self._engine_query(session, parsed)
            if engine_query is None:
                return []
            if self.engine.dialect.name == "postgresql" and any(t.prefix for t in parsed.terms):
                # PostgreSQL guesses a prefix matches 2% of the rows, and scans 100,000 quotes rather than
                # ask the GIN index (74 ms against 19 ms in the benchmark): for this search only, it may not.
                session.execute(text("SET LOCAL enable_seqscan = off"))
            parameters: dict[str, Any] = {"q": engine_query, "limit": limit}
            if ids is not None:
                parameters["ids"] = list(ids)
            if filters.tag is not None:
                parameters["tag_id"] = wanted_tag
            if filters.author is not None:
                parameters["author"] = filters.author
            kinds = [k for k in KINDS if not (filters.annotations_only and k in ("text", "version"))]
            order = {kind: n for n, kind in enumerate(KINDS)}
            found: list[tuple[float, int, HitKind, int, int | None]] = []
            statement = _union(self.engine.dialect.name, kinds, filters)
            for kind, row_id, tag_id, score in session.execute(statement, parameters):
                found.append((float(score), -order[kind], kind, row_id, tag_id))
            found.sort(key=lambda f: (-f[0], -f[1], f[3]))
            return _hits(session, parsed, [(f[0], f[2], f[3], f[4]) for f in found[:limit]])

        return self._read(read)

    def _engine_query(self, session: Session, parsed: Query, any_term: bool = False) -> str | None:
        """The query as the engine reads it. On PostgreSQL each word is first folded by the index's own
        ``reader_search_fold`` (its ``unaccent`` knows letters Python does not decompose: "ł", "æ")."""
        if self.engine.dialect.name != "postgresql":
            return parsed.fts5_any() if any_term else parsed.fts5()
        words = sorted({w for term in parsed.terms for w in term.words})
        rows = session.execute(
            text("SELECT w, reader_search_fold(w) FROM unnest(CAST(:words AS text[])) AS w"),
            {"words": words},
        ).all()
        folded = {w: tuple(f.lower().split()) for w, f in rows}
        terms = []
        for term in parsed.terms:
            split = tuple(part for w in term.words for part in folded.get(w, (w,)))
            if split:
                terms.append(Term(split, term.prefix))
        if not terms:
            return None
        engine = Query(parsed.text, tuple(terms))
        return engine.tsquery_any() if any_term else engine.tsquery()

    # -- where else ----------------------------------------------------------------------------------------
    def where_else(
        self, passage: str, exclude_source_id: int | None = None, limit: int = 20
    ) -> list[Appearance]:
        """The sources whose current text carries ``passage``, verbatim or edited, best first. Found
        through the index: the passage's rarest words ask it for candidates, and each candidate's text is
        then compared with the passage here (``reader.core.text.diffing``)."""
        words = [w for _s, _e, w in words_of(passage)]
        if not words:
            raise StoreError("choose a passage with some words to look for")

        def read(session: Session) -> list[Appearance]:
            rare = self._rarest(session, sorted(set(words)))
            if not rare:
                return []
            candidates_query = Query(passage, tuple(Term((w,)) for w in rare))
            engine_query = self._engine_query(session, candidates_query, any_term=True)
            if engine_query is None:
                return []
            statement = _statement(self.engine.dialect.name, "text", _Filters(None, None, None))
            rows = session.execute(statement, {"q": engine_query, "limit": CANDIDATES}).all()
            ids = [r[0] for r in rows if r[0] != exclude_source_id]
            found = []
            for source_id, path, title, user_title, body in _sources(session, ids):
                placed = locate(passage, body, set(rare))
                if placed is not None:
                    how, span, similarity = placed
                    found.append(
                        Appearance(
                            source_id,
                            path,
                            user_title or title,
                            how,
                            span,
                            similarity,
                            body[span[0] : span[1]],
                        )
                    )
            found.sort(key=lambda a: (a.how != "verbatim", -a.similarity, a.source_id))
            return found[:limit]

        return self._read(read)

    def _rarest(self, session: Session, words: list[str]) -> list[str]:
        """Up to ``RARE_WORDS`` of ``words`` that the fewest sources have (longer first among equals);
        words no source has are left out."""
        if self.engine.dialect.name == "postgresql":
            # Every word folded and counted in one statement (a count stops at 1,000: common is common).
            rows = session.execute(
                text("SELECT w, reader_search_fold(w) FROM unnest(CAST(:words AS text[])) AS w"),
                {"words": words},
            ).all()
            folded: dict[str, str] = {row[0]: row[1] for row in rows}
            asked = {w: Term(tuple(folded.get(w, w).lower().split())) for w in words}
            asked = {w: term for w, term in asked.items() if term.words}
            statement = text(
                "SELECT q.w, (SELECT count(*) FROM (SELECT 1 FROM sources s WHERE s.search @@ "
                "to_tsquery('simple'::regconfig, q.tq) LIMIT 1000) AS found) "
                "FROM unnest(CAST(:words AS text[]), CAST(:queries AS text[])) AS q(w, tq)"
            )
            parameters = {"words": list(asked), "queries": [term.tsquery() for term in asked.values()]}
            counts = {w: int(n) for w, n in session.execute(statement, parameters)}
        else:
            statement = text("SELECT term, doc FROM search_sources_vocab WHERE term IN :words").bindparams(
                bindparam("words", expanding=True)
            )
            counts = {term: int(doc) for term, doc in session.execute(statement, {"words": words})}
        present = [w for w in words if counts.get(w, 0) > 0]
        present.sort(key=lambda w: (counts[w], -len(w), w))
        return present[:RARE_WORDS]


RARE_WORDS = 8
"""How many of a passage's rarest words ask the index for candidates (any of them may match)."""
CANDIDATES = 60
"""How many candidate sources, best ranked first, are compared with the passage."""
EDITED_SIMILARITY = 0.5
"""The least word similarity for a place to count as the passage edited."""
_NORMAL = Normalization()


def locate(
    passage: str, body: str, rare: set[str] | None = None
) -> tuple[EditKind, tuple[int, int], float] | None:
    """Where ``body`` carries ``passage``: word for word, else edited (the region around the passage's
    rarest words, ``rare``, trimmed to the words the two share); None when it does not."""
    exact = find_all(normalize_with_map(body, _NORMAL), passage, _NORMAL)
    if exact:
        return "verbatim", exact[0], 1.0
    wanted = [w for _s, _e, w in words_of(passage)]
    if not wanted:
        return None
    keys = rare or set(wanted)
    words = words_of(body)
    positions = [i for i, (_s, _e, w) in enumerate(words) if w in keys]
    if not positions:
        return None
    n = len(wanted)
    best, best_at = 0, (positions[0], positions[0])
    j = 0
    for i, at in enumerate(positions):  # the window of the passage's length that holds most rare words
        while j < len(positions) and positions[j] - at < max(n, 1) * 2:
            j += 1
        covered = len({words[p][2] for p in positions[i:j]})
        if covered > best:
            best, best_at = covered, (at, positions[j - 1])
    first = max(0, best_at[0] - n)
    last = min(len(words) - 1, best_at[1] + n)
    region_start = words[first][0]
    region = body[region_start : words[last][1]]
    diff = word_diff(passage, region, _NORMAL)
    shared = [e for e in diff.edits if e.op == "equal"]
    if not shared:
        return None
    start, end = region_start + shared[0].b_start, region_start + shared[-1].b_end
    start, end = _widen(words, wanted, start, end)
    while end > start and body[end - 1].isspace():  # the white space an equal word carries
        end -= 1
    similarity = word_diff(passage, body[start:end], _NORMAL).similarity
    if similarity < EDITED_SIMILARITY:
        return None
    return "edited", (start, end), similarity


def _widen(words: list[tuple[int, int, str]], wanted: list[str], start: int, end: int) -> tuple[int, int]:
    """[start, end) grown to the passage's first and last words when they are found just outside it (the
    diff's cleanup folds a short equal word between two edits into them: "your AI." and "an AI," end on
    the words before)."""
    inside = [i for i, (s, e, _w) in enumerate(words) if s >= start and e <= end]
    if not inside:
        return start, end
    reach = max(2, len(wanted) - len(inside) + 2)
    after = [
        i for i in range(inside[-1] + 1, min(len(words), inside[-1] + 1 + reach)) if words[i][2] == wanted[-1]
    ]
    if after and words[inside[-1]][2] != wanted[-1]:
        end = words[after[0]][1]
    before = [i for i in range(max(0, inside[0] - reach), inside[0]) if words[i][2] == wanted[0]]
    if before and words[inside[0]][2] != wanted[0]:
        start = words[before[-1]][0]
    return start, end


# -- reading the hits --------------------------------------------------------------------------------------
def _source_ids(session: Session, source: int | str) -> list[int]:
    """The sources ``source`` names: an id, a path, or else words of a path or title (any case); StoreError
    when it names none."""
    if isinstance(source, int) or (isinstance(source, str) and source.strip().isdigit()):
        wanted = int(source)
        if session.execute(text("SELECT 1 FROM sources WHERE id = :id"), {"id": wanted}).first() is None:
            raise StoreError(f"there is no source {wanted} in the library")
        return [wanted]
    name = source.strip()
    if not name:
        raise StoreError("name the source to search in (its path, or words of its title)")
    exact = session.execute(text("SELECT id FROM sources WHERE path = :p"), {"p": name}).scalars().all()
    if exact:
        return list(exact)
    # instr, not LIKE: "%" and "_" in a name are the characters themselves.
    position = "strpos" if session.get_bind().dialect.name == "postgresql" else "instr"
    statement = text(
        f"SELECT id FROM sources WHERE {position}(lower(path), :n) > 0 "
        f"OR {position}(lower(coalesce(user_title, title)), :n) > 0 ORDER BY id"
    )
    found = session.execute(statement, {"n": name.lower()}).scalars().all()
    if not found:
        raise StoreError(f"no source in the library has “{printable(name[:80])}” in its path or title")
    return list(found)


def _sources(session: Session, ids: Sequence[int]) -> list[tuple[int, str, str, str | None, str]]:
    if not ids:
        return []
    statement = text("SELECT id, path, title, user_title, text FROM sources WHERE id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    rows = {r[0]: (r[0], r[1], r[2], r[3], r[4]) for r in session.execute(statement, {"ids": list(ids)})}
    return [rows[i] for i in ids if i in rows]


def _rows(session: Session, statement: str, ids: Sequence[int]) -> list[Any]:
    """``statement`` (fixed text with ``IN :ids``) run once for all of ``ids``."""
    if not ids:
        return []
    bound = text(statement).bindparams(bindparam("ids", expanding=True))
    return list(session.execute(bound, {"ids": sorted(set(ids))}).all())


_TITLE = "coalesce(nullif(s.user_title, ''), s.title)"


def _first_targets(
    session: Session, annotation_ids: Sequence[int]
) -> dict[int, tuple[int, str, str, tuple[int, int] | None]]:
    """For each annotation, the source it is opened in (its first placed target's: id, path, title) and
    its words there; an annotation whose every source was removed from the library has none."""
    rows = _rows(
        session,
        f'SELECT t.annotation_id, t.source_id, t.start, t."end", t.status, s.path, {_TITLE} FROM targets t '
        "JOIN sources s ON s.id = t.source_id WHERE t.annotation_id IN :ids ORDER BY t.id",
        annotation_ids,
    )
    first: dict[int, tuple[int, str, str, tuple[int, int] | None]] = {}
    for annotation_id, source_id, start, end, status, path, title in rows:
        placed = status != "orphaned"
        known = first.get(annotation_id)
        if known is None or (known[3] is None and placed):
            first[annotation_id] = (source_id, path, title or "", (start, end) if placed else None)
    return first


def _hits(
    session: Session, parsed: Query, chosen: Sequence[tuple[float, HitKind, int, int | None]]
) -> list[SearchHit]:
    """The hits for ``chosen`` (rank, kind, row id, tag id), in that order, read with one statement per
    kind of row."""
    wanted: dict[HitKind, list[int]] = {kind: [] for kind in KINDS}
    tag_ids = []
    for _rank, kind, row_id, tag_id in chosen:
        wanted[kind].append(row_id)
        if tag_id is not None:
            tag_ids.append(tag_id)
    sources = {r[0]: r for r in _sources(session, wanted["text"])}
    versions = {
        r[0]: r
        for r in _rows(
            session,
            f"SELECT r.id, r.source_id, r.text, s.path, {_TITLE} FROM source_revisions r "
            "JOIN sources s ON s.id = r.source_id WHERE r.id IN :ids",
            wanted["version"],
        )
    }
    quotes = {
        r[0]: r
        for r in _rows(
            session,
            f'SELECT t.id, t.annotation_id, t.source_id, t.start, t."end", t.exact, t.status, s.path, {_TITLE} '
            "FROM targets t JOIN sources s ON s.id = t.source_id WHERE t.id IN :ids",
            wanted["quote"],
        )
    }
    notes = dict(_rows(session, "SELECT id, note FROM annotations WHERE id IN :ids", wanted["note"]))
    names = dict(_rows(session, "SELECT id, name FROM tags WHERE id IN :ids", tag_ids))
    opened = _first_targets(session, wanted["note"] + wanted["tag"])
    hits = []
    for rank, kind, row_id, tag_id in chosen:
        if kind == "text" and row_id in sources:
            source_id, path, title, user_title, body = sources[row_id]
            found = find(body, parsed)
            shown = user_title or title
            if found.span is None:  # in a title only
                hits.append(
                    SearchHit(kind, source_id, path, shown, None, None, None, _short(shown, parsed), rank)
                )
            else:
                hits.append(
                    SearchHit(
                        kind, source_id, path, shown, None, None, found.span, snippet(body, found), rank
                    )
                )
        elif kind == "version" and row_id in versions:
            _id, source_id, body, path, title = versions[row_id]
            text_snippet = snippet(body, find(body, parsed))
            hits.append(SearchHit(kind, source_id, path, title or "", None, row_id, None, text_snippet, rank))
        elif kind == "quote" and row_id in quotes:
            _id, annotation_id, source_id, start, end, exact, status, path, title = quotes[row_id]
            span = (start, end) if status != "orphaned" else None
            hits.append(
                SearchHit(
                    kind, source_id, path, title or "", annotation_id, None, span, _short(exact, parsed), rank
                )
            )
        elif kind in ("note", "tag") and row_id in opened:
            source_id, path, title, span = opened[row_id]
            value = notes.get(row_id, "") if kind == "note" else names.get(tag_id, "")
            hits.append(
                SearchHit(kind, source_id, path, title, row_id, None, span, _short(value, parsed), rank)
            )
    return hits


def _short(value: str, parsed: Query) -> Snippet:
    return snippet(value, find(value, parsed))


__all__ = ["KINDS", "Appearance", "Found", "HitKind", "SearchHit", "SearchStore", "locate"]
