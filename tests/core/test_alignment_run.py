"""The run context every stage of an alignment takes: tokens made once and kept, the diff under the run's
normalization, the meaning scorer known only once it is made, progress and Cancel through its ticker."""

from __future__ import annotations

import pytest

from reader.core.alignment.candidates import exact_edges
from reader.core.alignment.distinct import Distinct
from reader.core.alignment.records import AlignOptions
from reader.core.alignment.run import AlignmentRun, Node
from reader.core.checks.meaning import MeaningScorer
from reader.core.progress import AlignmentCancelled, Ticker
from reader.core.reading.sources import source_from_text
from reader.core.text.diffing import word_diff
from reader.core.text.normalize import Normalization
from reader.core.text.segment import Passage

TEXTS = ["The Council met on Friday.", "the council met on Friday."]


def _run(options: AlignOptions | None = None, ticker: Ticker | None = None) -> AlignmentRun:
    options = options or AlignOptions()
    sources = [source_from_text(text, f"{n}.txt") for n, text in enumerate(TEXTS)]
    nodes = [
        Node(n, Passage(0, 0, len(text), 0), text, options.normalization.key(text), 0.0)
        for n, text in enumerate(TEXTS)
    ]
    return AlignmentRun(sources, options, nodes, [(n, 0) for n in range(2)], [0, 1], ticker or Ticker(None))


def test_tokens_are_made_once_and_kept_on_the_node() -> None:
    run = _run()
    first = run.tokens(0)
    assert run.nodes[0].tokens is first and run.tokens(0) is first


def test_the_diff_uses_the_runs_normalization() -> None:
    exact = AlignOptions(normalization=Normalization(case=False))
    a, b = TEXTS
    assert _run().diff(a, b).similarity == word_diff(a, b, AlignOptions().normalization).similarity == 1.0
    assert _run(exact).diff(a, b).similarity < 1.0


def test_the_scorer_is_asked_for_only_once_it_is_known() -> None:
    run = _run()
    with pytest.raises(RuntimeError):
        run.meaning  # noqa: B018
    scorer = MeaningScorer.of(TEXTS, lambda done: None, [0, 1])
    known = run.with_scorer(scorer)
    assert known.meaning is scorer and known.nodes is run.nodes and known.diffs is run.diffs


def test_stages_read_the_nodes_from_the_run() -> None:
    run = _run()
    edges = exact_edges(run, lambda done: None)
    assert edges == [(1.0, 0, 1)]
    assert Distinct.of(run).identical_masks(run) == [0b11, 0b11]


def test_a_stage_hears_cancel_through_the_runs_ticker() -> None:
    run = _run(ticker=Ticker(lambda done: False))
    with pytest.raises(AlignmentCancelled):
        exact_edges(run, run.phase(0.0, 1.0))
