"""The overview of many sources by passages: which source carries which passage, and in which form.

One row per source, earliest published first (sources without a date last); one column per passage that
more than one source carries, in story order; in each cell the form in which that source carries that
passage, seen from the passage's first carrier (``reader.core.provenance.who_first``): the first carrier itself, a
word-for-word copy, an edited copy, the same fact in other words, words both quote from a third party, or
only possibly the same passage; an empty cell when the source does not carry it. A passage one source alone
tells is not a column: each row counts its own.

Story order: the passages in the order the earliest source tells them, with those a later source adds put
right after the passage that precedes them in it. Cells are kept as one byte each (``FORMS``), so the
overview of hundreds of sources by thousands of passages stays small. Pure data, no Qt.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from reader.core.alignment.memo import query
from reader.core.alignment.records import Alignment, Classification, Group, Member
from reader.core.provenance.who_first import Origin, Provenance, provenance
from reader.core.text.dates import Published
from reader.core.text.spans import union

Form = Literal["first", "verbatim", "edited", "other words", "both quote", "possible"]
FORMS: tuple[Form, ...] = ("first", "verbatim", "edited", "other words", "both quote", "possible")
"""The forms a cell can hold; a cell's byte is its form's index plus one (0: the source lacks the passage),
with ``DIFFERS`` added when a detail of it differs from the passage it was compared with."""
DIFFERS = 0x80
_CODE = {form: number for number, form in enumerate(FORMS, 1)}
_FORM_OF: dict[Classification, Form] = {
    "identical": "verbatim",
    "reworded": "edited",
    "paraphrase": "other words",
}
QUOTED_SHARE = 0.5
"""A passage is "both quote" when at least this share of it is words another carrier quotes too."""

FORM_WORDS: dict[Form, str] = {
    "first": "the first source known to carry it",
    "verbatim": "word for word",
    "edited": "an edited copy",
    "other words": "the same fact in other words",
    "both quote": "words both quote from a third party",
    "possible": "possibly the same passage",
}
"""How a cell's form reads in a sentence ("The Daily Ledger carries it word for word")."""


@dataclass(frozen=True)
class Row:
    """One source: its index in the alignment, its date, the columns it carries, its passages no other
    source carries, and the source it shares most copied text with (``partner``; None when none)."""

    source: int
    published: Published | None
    carried: int
    own: int
    partner: int | None


@dataclass(frozen=True)
class Column:
    """One passage more than one source carries: its group, its first carrier (None when the dates and
    credits cannot tell), whether that is known for sure or could be preceded by ``unsure`` sources, and
    how many sources carry it."""

    group: int
    first: int | None
    known: bool
    carriers: int
    unsure: tuple[int, ...] = ()


@dataclass(frozen=True)
class Overview:
    rows: tuple[Row, ...]  # earliest published first, then the sources without a date
    columns: tuple[Column, ...]  # story order
    cells: tuple[bytes, ...]  # per row, one byte per column
    dated: int  # how many rows have a date: the rows from here on have none

    def cell(self, row: int, column: int) -> int:
        return self.cells[row][column]

    def form(self, row: int, column: int) -> Form | None:
        """How the row's source carries the column's passage; None when it does not."""
        code = self.cells[row][column] & ~DIFFERS
        return FORMS[code - 1] if code else None

    def differs(self, row: int, column: int) -> bool:
        """Does a detail of the row's passage (a number, date, name or quoted word) differ from the passage
        it was compared with?"""
        return bool(self.cells[row][column] & DIFFERS)

    def row_of(self, source: int) -> int:
        return self._row_index[source]

    def column_of(self, group: int) -> int | None:
        return self._column_index.get(group)

    def carriers(self, column: int) -> list[int]:
        """The sources that carry the column's passage, in row order."""
        return [row.source for row, cells in zip(self.rows, self.cells, strict=True) if cells[column]]

    def counts(self, column: int) -> dict[Form, int]:
        """How many sources carry the column's passage in each form."""
        found: dict[Form, int] = defaultdict(int)
        for cells in self.cells:
            code = cells[column] & ~DIFFERS
            if code:
                found[FORMS[code - 1]] += 1
        return dict(found)

    @cached_property
    def _row_index(self) -> dict[int, int]:
        return {row.source: index for index, row in enumerate(self.rows)}

    @cached_property
    def _column_index(self) -> dict[int, int]:
        return {column.group: index for index, column in enumerate(self.columns)}


def publication_order(published: Sequence[Published | None]) -> list[int]:
    """Source indexes, earliest published first (by the middle of the instants each date could mean; ties
    in the given order), then those without a date in the given order."""
    dated = [i for i, p in enumerate(published) if p is not None]

    def middle(i: int) -> float:
        found = published[i]
        assert found is not None
        start, end = found.span()
        return (start.timestamp() + end.timestamp()) / 2

    return sorted(dated, key=lambda i: (middle(i), i)) + [i for i, p in enumerate(published) if p is None]


def story_order(rows: Sequence[Sequence[int]]) -> list[int]:
    """The groups of ``rows`` (each source's groups in text order, the earliest source first) in story
    order: the first row's order, with each group a later row adds placed right after the group that
    precedes it in that row (or first, when nothing precedes it)."""
    head = -1  # stands before every group
    following: dict[int, list[int]] = defaultdict(list)
    placed: set[int] = set()
    for row in rows:
        previous = head
        for group in row:
            if group not in placed:
                placed.add(group)
                # Right after the previous group, before what earlier rows put there: a passage this row
                # adds between two others lands between them.
                following[previous].insert(0, group)
            previous = group
    order: list[int] = []
    stack = list(reversed(following[head]))
    while stack:  # depth first, without recursion: a long story is a deep chain
        group = stack.pop()
        order.append(group)
        stack.extend(reversed(following.get(group, ())))
    return order


@query(texts_only=False)
def overview(alignment: Alignment) -> Overview:
    """The overview of ``alignment``'s sources by the passages more than one of them carries: worked out
    once per alignment (a query), in the window off the GUI thread, with who had it first."""
    found = provenance(alignment)
    sources = range(len(alignment.sources))
    order = publication_order([source.published for source in alignment.sources])
    shared = {group.id: group for group in alignment.groups if len(group.members) > 1}
    text_order = [[g.id for _m, g in alignment.by_source[source] if g.id in shared] for source in order]
    columns_order = story_order(text_order)
    column_of = {group: index for index, group in enumerate(columns_order)}
    cells = [bytearray(len(columns_order)) for _ in sources]
    columns = []
    for index, group_id in enumerate(columns_order):
        group = shared[group_id]
        origin = found.origins[group_id]
        for member, form in forms(alignment, group, origin):
            cells[member.source][index] = _CODE[form] | (DIFFERS if member.discrepancies else 0)
        first = origin.first
        columns.append(Column(group_id, first, origin.known, len(group.members), origin.unsure))
    rows = []
    closest = partners(found)
    for source in order:
        own = sum(1 for _m, g in alignment.by_source[source] if g.kind == "unique")
        carried = sum(1 for _m, g in alignment.by_source[source] if g.id in column_of)
        rows.append(Row(source, alignment.sources[source].published, carried, own, closest.get(source)))
    dated = sum(1 for source in order if alignment.sources[source].published is not None)
    return Overview(tuple(rows), tuple(columns), tuple(bytes(cells[s]) for s in order), dated)


def ahead(alignment: Alignment, sources_from: int) -> None:
    """Work out ``alignment``'s overview now when it has ``sources_from`` sources or more: in a job, off the
    GUI thread, so that the window showing it reads it from the alignment's memo."""
    if len(alignment.sources) >= sources_from:
        overview(alignment)


def forms(alignment: Alignment, group: Group, origin: Origin) -> list[tuple[Member, Form]]:
    """Each member of ``group`` with the form in which it carries the passage: against the first carrier's
    words when it is known, else against the group's reference (which then takes the closest form any
    other member has with it)."""
    found = provenance(alignment)
    carriers = group.sources
    result: list[tuple[Member, Form]] = []
    wordings = dict(origin.wordings)
    for member in group.members:
        form: Form
        if member.source == origin.first:
            form = "first"
        elif member.possible:
            form = "possible"
        elif _mostly_quoted(found, member, carriers):
            form = "both quote"
        elif origin.first is not None:
            form = _FORM_OF.get(wordings.get(member.source, member.classification), "other words")
        elif member.source == group.reference:
            others = [
                _FORM_OF.get(m.classification) for m in group.members if m is not member and not m.possible
            ]
            form = min((f for f in others if f is not None), key=FORMS.index, default="other words")
        else:
            form = _FORM_OF.get(member.classification, "other words")
        result.append((member, form))
    return result


def _mostly_quoted(found: Provenance, member: Member, carriers: frozenset[int]) -> bool:
    """Is most of ``member`` words that another carrier of its passage quotes too?"""
    length = member.end - member.start
    if length <= 0:
        return False
    covered: list[tuple[int, int]] = []
    for quoted in found.quoted_in(member.source, member.start, member.end):
        if quoted.other in carriers:
            covered.append((max(quoted.start, member.start), min(quoted.end, member.end)))
    total = sum(end - start for start, end in union(covered) if end > start)  # several quote the same words
    return total >= QUOTED_SHARE * length


def partner(found: Provenance, source: int) -> int | None:
    """The source ``source`` shares most copied text with, read beside it when its row is chosen: the one
    it is known to take most from, else (the earliest source, or an unknown direction) the one that shares
    most of its text."""
    return partners(found).get(source)


def partners(found: Provenance) -> dict[int, int]:
    """``partner`` of every source that has one, in one pass over the pairs (asking source by source went
    over all of them once per source: 500 sources share 125,000 pairs)."""
    taken: dict[int, tuple[tuple[float, int], int]] = {}  # copier: the best (share, -origin), the origin
    shared: dict[int, tuple[int, float]] = {}  # source: the other source sharing most of its text, its share
    for copy in found.copying:
        if copy.known:
            key = (copy.share, -copy.origin)
            if copy.copier not in taken or key > taken[copy.copier][0]:
                taken[copy.copier] = (key, copy.origin)
        for mine, source, other in (
            (copy.share, copy.copier, copy.origin),
            (copy.reverse_share, copy.origin, copy.copier),
        ):
            best = shared.get(source)
            # The first pair with the largest share wins, and of equal shares the lower other source.
            if mine > (best[1] if best else 0.0) or (
                best is not None and mine == best[1] and other < best[0]
            ):
                shared[source] = (other, mine)
    found_partners = {source: best[0] for source, best in shared.items()}
    found_partners.update((copier, best[1]) for copier, best in taken.items())
    return found_partners
