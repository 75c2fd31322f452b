"""The user's verdicts on links between passages, kept in the library: confirming or rejecting a link
(and undoing it), reading them back, and placing them on the texts of a comparison. Every write goes
through ``Store._write``; the verdicts themselves are applied in ``reader.core.alignment.verdicts``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from reader.core.alignment.verdicts import VERDICTS, LinkEnd, LinkVerdict, PlacedVerdict, Verdict, place_end
from reader.core.anchoring.anchor import Selector, make_selector
from reader.core.reading.sources import Source
from reader.core.text.display import printable
from reader.store.annotating import AnnotationStore
from reader.store.db import StoreError
from reader.store.models import SourceRevisionRow, SourceRow, VerdictRow
from reader.store.records import Change, NewTarget, check_note
from reader.store.rows import source_row


def verdict_of(row: VerdictRow) -> LinkVerdict:
    ends = []
    for side in ("a", "b"):
        selector = Selector(
            *(getattr(row, f"{side}_{name}") for name in ("start", "end", "exact", "prefix", "suffix"))
        )
        ends.append(LinkEnd(getattr(row, f"{side}_source_id"), selector, getattr(row, f"{side}_sha256")))
    verdict: Verdict = "confirmed" if row.verdict == "confirmed" else "rejected"
    return LinkVerdict(row.id, ends[0], ends[1], verdict, row.decided_at, row.note or "")


def _set_end(row: VerdictRow, side: str, end: LinkEnd) -> None:
    setattr(row, f"{side}_source_id", end.source_id)
    setattr(row, f"{side}_sha256", end.sha256)
    for name in ("start", "end", "exact", "prefix", "suffix"):
        setattr(row, f"{side}_{name}", getattr(end.selector, name))


def _row_of(verdict: LinkVerdict) -> VerdictRow:
    row = VerdictRow(id=verdict.id, verdict=verdict.verdict, decided_at=verdict.decided_at, note=verdict.note)
    _set_end(row, "a", verdict.a)
    _set_end(row, "b", verdict.b)
    return row


class VerdictStore(AnnotationStore):
    """Verdicts on links (``Library`` adds sources, snapshots and comparisons)."""

    def verdicts(self, source_ids: Iterable[int] | None = None) -> list[LinkVerdict]:
        """The verdicts, oldest first; with ``source_ids``, those with both ends in these sources."""
        statement = select(VerdictRow).order_by(VerdictRow.decided_at, VerdictRow.id)
        if source_ids is not None:
            ids = list(source_ids)
            statement = statement.where(VerdictRow.a_source_id.in_(ids), VerdictRow.b_source_id.in_(ids))
        return self._read(lambda s: [verdict_of(row) for row in s.scalars(statement)])

    def judge_link(
        self, first: NewTarget, second: NewTarget, verdict: Verdict, note: str = ""
    ) -> tuple[LinkVerdict | None, LinkVerdict]:
        """Confirm or reject the link between two passages (spans of the sources' texts as stored). A link
        judged before at these very spans takes the new verdict: the verdict it had is returned with the new
        one, for undo."""
        if verdict not in VERDICTS:
            raise StoreError(f"“{printable(str(verdict))}” is not a verdict; say confirmed or rejected")
        check_note(note)
        if first.source_id == second.source_id and (first.start, first.end) == (second.start, second.end):
            raise StoreError("a link joins two different passages")

        def operation(session: Session) -> tuple[tuple[LinkVerdict | None, LinkVerdict], Change]:
            ends = [_end(session, target) for target in (first, second)]
            row = _same_link(session, ends[0], ends[1])
            previous = verdict_of(row) if row is not None else None
            if row is None:
                row = VerdictRow()
                _set_end(row, "a", ends[0])
                _set_end(row, "b", ends[1])
                session.add(row)
            row.verdict, row.decided_at, row.note = verdict, datetime.now(), note
            session.flush()
            return (previous, verdict_of(row)), Change("verdict_changed", (row.id,))

        return self._write(operation)

    def forget_verdict(self, verdict_id: int) -> LinkVerdict:
        """Delete a verdict (undoing a first verdict on a link), returning it as it was."""

        def operation(session: Session) -> tuple[LinkVerdict, Change]:
            row = session.get(VerdictRow, verdict_id)
            if row is None:
                raise StoreError(f"there is no verdict {verdict_id} on a link (was it undone already?)")
            found = verdict_of(row)
            session.delete(row)
            return found, Change("verdict_changed", (verdict_id,))

        return self._write(operation)

    def restore_verdict(self, verdict: LinkVerdict) -> LinkVerdict:
        """Put back a verdict exactly as it was, with its id (undoing a change or a deletion)."""

        def operation(session: Session) -> tuple[LinkVerdict, Change]:
            row = session.get(VerdictRow, verdict.id)
            if row is not None:
                session.delete(row)
                session.flush()
            session.add(_row_of(verdict))
            return verdict, Change("verdict_changed", (verdict.id,))

        return self._write(operation)

    def placed_verdicts(self, sources: Sequence[Source]) -> list[PlacedVerdict]:
        """Read only: the verdicts on links between ``sources`` (both ends in them), each end placed on the
        texts as given (re-anchored in memory where a text changed since the verdict; None where its words
        are gone). Nothing is written, so an export places them on a read-only library too."""

        def query(session: Session) -> list[PlacedVerdict]:
            rows: dict[int, tuple[int, SourceRow]] = {}
            for index, source in enumerate(sources):
                row = source_row(session, source, adopt=False)
                if row is not None:
                    rows[row.id] = (index, row)
            statement = (
                select(VerdictRow)
                .where(VerdictRow.a_source_id.in_(list(rows)), VerdictRow.b_source_id.in_(list(rows)))
                .order_by(VerdictRow.decided_at, VerdictRow.id)
            )
            placed = []
            for found in session.scalars(statement):
                verdict = verdict_of(found)
                spans = []
                for end in (verdict.a, verdict.b):
                    index, row = rows[end.source_id]
                    source = sources[index]
                    old = None if end.sha256 == source.sha256 else _text_with(session, row, end.sha256)
                    spans.append(place_end(end, index, source.text, source.sha256, old))
                placed.append(PlacedVerdict(verdict, spans[0], spans[1]))
            return placed

        return self._read(query)


def _end(session: Session, target: NewTarget) -> LinkEnd:
    source = session.get(SourceRow, target.source_id)
    if source is None:
        raise StoreError(f"there is no source {target.source_id} in the library")
    try:
        selector = make_selector(source.text, target.start, target.end)
    except ValueError:
        raise StoreError(
            f"{printable(source.path)}: characters {target.start}-{target.end} are not in its text"
        ) from None
    return LinkEnd(source.id, selector, source.sha256)


def _same_link(session: Session, a: LinkEnd, b: LinkEnd) -> VerdictRow | None:
    """The verdict already given on the link between these very ends (either way round), if any."""

    def at(side: str, end: LinkEnd) -> list[ColumnElement[bool]]:
        return [
            getattr(VerdictRow, f"{side}_source_id") == end.source_id,
            getattr(VerdictRow, f"{side}_sha256") == end.sha256,
            getattr(VerdictRow, f"{side}_start") == end.selector.start,
            getattr(VerdictRow, f"{side}_end") == end.selector.end,
        ]

    statement = select(VerdictRow).where(or_(and_(*at("a", a), *at("b", b)), and_(*at("a", b), *at("b", a))))
    return session.scalars(statement.order_by(VerdictRow.id.desc()).limit(1)).first()


def _text_with(session: Session, row: SourceRow, sha256: str) -> str | None:
    """The source's text that had ``sha256`` (now or an earlier version), if the library kept it."""
    if row.sha256 == sha256:
        return row.text
    return session.scalar(
        select(SourceRevisionRow.text)
        .where(SourceRevisionRow.source_id == row.id, SourceRevisionRow.sha256 == sha256)
        .limit(1)
    )
