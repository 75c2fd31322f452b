"""One alignment's working state: what every stage of ``reader.core.alignment.align`` takes, built once by ``align``.

The stages (``candidates``, ``grouping``, ``links``) used to be handed the same eight to eleven values one
by one (the sources, the passages as nodes, the normalization, the threshold, the canonical order, the
tokens, the diffs kept for classification, the meaning scorer, progress); they now take an
``AlignmentRun`` and read what they need from it, with the tick of their own phase of the work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from reader.core.alignment.records import AlignOptions
from reader.core.checks.meaning import MeaningScorer
from reader.core.progress import Tick, Ticker
from reader.core.reading.sources import Source
from reader.core.text.diffing import Tokens, WordDiff, tokenize, word_diff
from reader.core.text.segment import Passage


@dataclass(slots=True)
class Node:
    """A passage being aligned: its source, where it is, its text and comparison key, its relative position
    in its source (0..1), and its tokens once a stage needed them."""

    source: int
    passage: Passage
    text: str
    key: str
    position: float  # relative position in its source, 0..1
    tokens: Tokens | None = None


Edge = tuple[float, int, int]
"""(similarity, node, node): a pair of passages that could belong together."""


@dataclass(frozen=True, slots=True)
class AlignmentRun:
    """What every stage of one alignment needs. ``nodes`` are all passages of all sources, in (source,
    position) order; ``canon`` gives each node's place in the canonical order and ``rank`` each source's
    (by content, never by the order the sources were given in: tie-breaks use these); ``diffs`` keeps the
    word diffs made, by their two texts, for the stages after; ``scorer`` finds and
    weighs links by meaning, and is known once the links by wording are (``with_scorer``); ``ticker``
    reports progress and hears Cancel."""

    sources: Sequence[Source]
    options: AlignOptions
    nodes: list[Node]
    canon: list[tuple[int, int]]
    rank: list[int]
    ticker: Ticker = field(default_factory=lambda: Ticker(None))
    diffs: dict[tuple[str, str], WordDiff] = field(default_factory=dict)
    scorer: MeaningScorer | None = None

    def with_scorer(self, scorer: MeaningScorer) -> AlignmentRun:
        return replace(self, scorer=scorer)

    @property
    def meaning(self) -> MeaningScorer:
        """The scorer of links by meaning; asked for only by the stages after it is known."""
        if self.scorer is None:
            raise RuntimeError("the meaning scorer is made after the links by wording are found")
        return self.scorer

    def tokens(self, n: int) -> Tokens:
        """Node ``n``'s tokens, made when first asked and kept on the node."""
        node = self.nodes[n]
        if node.tokens is None:
            node.tokens = tokenize(node.text, self.options.normalization)
        return node.tokens

    def diff(
        self, a: str, b: str, a_tokens: Tokens | None = None, b_tokens: Tokens | None = None
    ) -> WordDiff:
        """The word diff of two texts under this alignment's normalization (``diffing.word_diff``), made
        once per pair of texts in one alignment: versions of one story pair the same two wordings in many
        sources, and the grouping asks again for the diffs the candidates made."""
        found = self.diffs.get((a, b))
        if found is None:
            found = self.diffs[(a, b)] = word_diff(a, b, self.options.normalization, a_tokens, b_tokens)
        return found

    def phase(self, start: float, end: float) -> Tick:
        """A tick for one phase of the work, spanning [start, end] of the whole."""
        return self.ticker.phase(start, end)
