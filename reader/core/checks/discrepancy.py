"""The record of a differing detail between two linked passages, shared by the check that finds it
(``details``) and the alignment that carries it."""

from __future__ import annotations

from typing import Literal, NamedTuple


class Discrepancy(NamedTuple):
    """A detail that differs between a member and its comparand: a number, date, amount, name or quoted
    words. Offsets are into each one's source text (a: the comparand, b: the member)."""

    kind: Literal["number", "date", "name", "quote"]
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_text: str
    b_text: str

    def mirrored(self) -> Discrepancy:
        """The same detail seen from the other passage (b the comparand, a the member)."""
        return Discrepancy(
            self.kind, self.b_start, self.b_end, self.a_start, self.a_end, self.b_text, self.a_text
        )
