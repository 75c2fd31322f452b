"""One alignment's working state: what every stage of ``reader.core.alignment.align`` takes, built once by ``align``.

The stages (``candidates``, ``grouping``, ``links``) used to be handed the same eight to eleven values one
by one (the sources, the passages as nodes, the normalization, the threshold, the canonical order, the
tokens, the diffs kept for classification, the meaning scorer, progress); they now take an
``AlignmentRun`` and read what they need from it, with the tick of their own phase of the work.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from reader.core.alignment.records import AlignOptions
from reader.core.alignment.workcache import Codec, WorkCache, register
from reader.core.checks.meaning import MeaningScorer
from reader.core.progress import Tick, Ticker
from reader.core.reading.sources import Source
from reader.core.text.diffing import Edit, Op, Tokens, WordDiff, tokenize, word_diff
from reader.core.text.normalize import Normalization
from reader.core.text.segment import Passage

T = TypeVar("T")


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
    reports progress and hears Cancel; ``cache`` keeps what depends on the texts alone for the next
    alignment (``workcache``)."""

    sources: Sequence[Source]
    options: AlignOptions
    nodes: list[Node]
    canon: list[tuple[int, int]]
    rank: list[int]
    ticker: Ticker = field(default_factory=lambda: Ticker(None))
    diffs: dict[tuple[str, str], WordDiff] = field(default_factory=dict)
    scorer: MeaningScorer | None = None
    cache: WorkCache | None = None

    def with_scorer(self, scorer: MeaningScorer) -> AlignmentRun:
        return replace(self, scorer=scorer)

    @property
    def meaning(self) -> MeaningScorer:
        """The scorer of links by meaning; asked for only by the stages after it is known."""
        if self.scorer is None:
            raise RuntimeError("the meaning scorer is made after the links by wording are found")
        return self.scorer

    def tokens(self, n: int) -> Tokens:
        """Node ``n``'s tokens, made when first asked and kept on the node (and in the cache, by text)."""
        node = self.nodes[n]
        if node.tokens is None:
            norm, text = self.options.normalization, node.text
            if self.cache is None:
                node.tokens = tokenize(text, norm)
            else:
                node.tokens = self.cache.cached(
                    TOKENS, (normalization_key(norm), text), lambda: tokenize(text, norm)
                )
        return node.tokens

    def diff(
        self, a: str, b: str, a_tokens: Tokens | None = None, b_tokens: Tokens | None = None
    ) -> WordDiff:
        """The word diff of two texts under this alignment's normalization (``diffing.word_diff``), made
        once per pair of texts in one alignment: versions of one story pair the same two wordings in many
        sources, and the grouping asks again for the diffs the candidates made. With a ``cache``, made
        once for all the alignments that share it."""
        found = self.diffs.get((a, b))
        if found is None:
            norm = self.options.normalization
            if self.cache is None:
                found = word_diff(a, b, norm, a_tokens, b_tokens)
            else:
                found = self.cache.cached(
                    DIFF, (normalization_key(norm), a, b), lambda: word_diff(a, b, norm, a_tokens, b_tokens)
                )
            self.diffs[(a, b)] = found
        return found

    def cached(self, kind: str, texts: tuple[str, ...], compute: Callable[[], T]) -> T:
        """``compute()``, a function of ``texts`` and this alignment's options alone, kept in the cache by
        their content (computed each time without one). Results of a kind are kept between sessions when
        they are scalars, or when the kind has a codec (``workcache.register``)."""
        if self.cache is None:
            return compute()
        return self.cache.cached(kind, (options_key(self.options), *texts), compute)

    def phase(self, start: float, end: float) -> Tick:
        """A tick for one phase of the work, spanning [start, end] of the whole."""
        return self.ticker.phase(start, end)


# -- what the work cache keeps of an alignment --------------------------------------------------------------

DIFF = "word diff"
TOKENS = "tokens"
PASSAGES = "passages"
KEYS = "keys"


@functools.lru_cache(maxsize=16)
def options_key(options: AlignOptions) -> str:
    """The options as a part of a content key."""
    return repr(options.to_dict())


@functools.lru_cache(maxsize=16)
def normalization_key(normalization: Normalization) -> str:
    return repr(normalization.to_dict())


_OPS: tuple[Op, ...] = ("equal", "delete", "insert")
_OP_NUMBER = {op: number for number, op in enumerate(_OPS)}


def _encode_diff(diff: WordDiff) -> str:
    import json  # only when the cache's file is read or written

    flat: list[int] = []
    for edit in diff.edits:
        flat += (_OP_NUMBER[edit.op], edit.a_start, edit.a_end, edit.b_start, edit.b_end)
    return json.dumps([diff.similarity, flat])


def _decode_diff(text: str) -> WordDiff:
    import json  # only when the cache's file is read or written

    similarity, flat = json.loads(text)
    if not isinstance(similarity, float | int) or len(flat) % 5:
        raise ValueError(text[:40])
    edits = tuple(Edit(_OPS[flat[i]], *map(int, flat[i + 1 : i + 5])) for i in range(0, len(flat), 5))
    return WordDiff(edits, float(similarity))


def _encode_passages(passages: tuple[Passage, ...]) -> str:
    import json  # only when the cache's file is read or written

    return json.dumps([value for p in passages for value in (p.start, p.end, p.paragraph)])


def _decode_passages(text: str) -> tuple[Passage, ...]:
    import json  # only when the cache's file is read or written

    flat = json.loads(text)
    if len(flat) % 3 or not all(isinstance(value, int) for value in flat):
        raise ValueError(text[:40])
    return tuple(Passage(i // 3, flat[i], flat[i + 1], flat[i + 2]) for i in range(0, len(flat), 3))


def _decode_keys(text: str) -> tuple[str, ...]:
    import json  # only when the cache's file is read or written

    keys = json.loads(text)
    if not all(isinstance(key, str) for key in keys):
        raise ValueError(text[:40])
    return tuple(keys)


def _encode_tokens(tokens: Tokens) -> str:
    import json

    return json.dumps([tokens.length, tokens.starts, tokens.keys])


def _decode_tokens(text: str) -> Tokens:
    import json

    length, starts, keys = json.loads(text)
    if not (isinstance(length, int) and len(starts) == len(keys) and all(isinstance(k, str) for k in keys)):
        raise ValueError(text[:40])
    return Tokens(tuple(map(int, starts)), tuple(keys), length, sum(map(len, keys)), Counter(keys))


register(DIFF, Codec(_encode_diff, _decode_diff))
register(TOKENS, Codec(_encode_tokens, _decode_tokens))
register(PASSAGES, Codec(_encode_passages, _decode_passages))


def _encode_keys(keys: tuple[str, ...]) -> str:
    import json

    return json.dumps(keys)


register(KEYS, Codec(_encode_keys, _decode_keys))
