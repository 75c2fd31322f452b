"""Queries over a frozen record, each answered once per record and kept in the record's ``Memo``.

A record (``reader.core.alignment.records.Alignment``) holds a ``Memo`` as a field that takes no part in its value:
not compared, not pickled, and made afresh by ``dataclasses.replace`` (it is not an ``__init__`` field), so
a changed copy never answers with what was worked out for the original. A query is a function of the
record, declared once with ``@query``; whether its answer outlives new metadata for the same texts is
declared there too (``texts_only``), so a record that keeps what depends on its texts alone
(``Memo.keep_texts_only``) needs no list of names.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any, Generic, Protocol, TypeVar

T = TypeVar("T")


class Memo:
    """The answers to queries over one record (see the module's docstring)."""

    __slots__ = ("answers",)

    def __init__(self) -> None:
        self.answers: dict[Query[Any, Any], Any] = {}

    def __reduce__(self) -> tuple[type[Memo], tuple[()]]:
        return Memo, ()  # a copy or a pickled record starts with no answers: they are worked out again

    def keep_texts_only(self, other: Memo) -> None:
        """Take from ``other`` the answers of the queries declared ``texts_only``."""
        # A copy made in one step: the GUI thread may be adding answers to ``other`` meanwhile (attaching
        # works out a record's successor on the library's thread while the window paints the record).
        for asked, answer in dict(other.answers).items():
            if asked.texts_only:
                self.answers[asked] = answer


class Memoised(Protocol):
    @property
    def memo(self) -> Memo: ...


R = TypeVar("R", bound=Memoised, contravariant=True)


class Query(Generic[R, T]):
    """``compute`` answered once per record. ``texts_only``: the answer depends on the record's texts and
    what was worked out from them, not on its sources' titles, outlets or dates."""

    __slots__ = ("__dict__", "compute", "texts_only")

    def __init__(self, compute: Callable[[R], T], *, texts_only: bool) -> None:
        self.compute = compute
        self.texts_only = texts_only
        update_wrapper(self, compute)  # its name and docstring

    def __call__(self, record: R) -> T:
        return self.answer(record, self.compute)

    def answer(self, record: R, compute: Callable[[R], T]) -> T:
        """The answer, worked out by ``compute`` when not known yet: the query's own computation, or the
        same one told where to report progress (which may stop it, leaving nothing kept)."""
        answers = record.memo.answers
        try:
            answer: T = answers[self]
        except KeyError:
            answer = answers[self] = compute(record)
        return answer


def query(*, texts_only: bool) -> Callable[[Callable[[R], T]], Query[R, T]]:
    """Declare a function of a record as a query answered once per record (``Query``)."""

    def declare(compute: Callable[[R], T]) -> Query[R, T]:
        return Query(compute, texts_only=texts_only)

    return declare
