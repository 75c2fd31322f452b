"""How likely a link by meaning is to be right: its score, its shared words and its claims' verdict as a
probability.

A logistic curve over four features: the meaning score (``meaning.MeaningScorer``), the log of 1 + the
content words (stemmed) the two passages share, whether a number for the same thing differs, and whether a
day or an occurrence differs (``claims``). On links judged on real same-story articles the meaning score
alone says little of whether a link is right (its ranking of right above wrong links: 0.54, where 0.5 is
chance); the words shared say more (0.72): a dateline, a headline or a four-word line that shares three
words with a sentence is a weak link. Its constants are fitted
by ``tests/benchmarks/fit_calibration.py`` on judged links (a link is right when both passages make the same
claim) and written below by that script; the curve is in docs/alignment.md. Monotone by construction: the
chance grows with the score and falls with each difference (the script refuses a fit that would not).
"""

from __future__ import annotations

import math

from reader.core.checks.claims import Verdict, judge
from reader.core.checks.meaning import content_stems

# -- fitted by tests/benchmarks/fit_calibration.py: do not edit by hand --
INTERCEPT = 0.0533
SCORE = 0.0000
SHARED = 0.9530
NUMBER = -0.3000
DOUBT = -3.0000
FITTED_ON = "138 links by meaning (117 right) of tune_links.jsonl"
# -- end of fitted constants --

POSSIBLE_BELOW = 0.78
"""A link by meaning whose chance of being right is below this is shown as possibly the same: quieter,
and not counted in shares, who had it first, or differing details. Chosen on the judged tuning links so
that links possibly the same stay under a tenth of all links (issue 31): at 0.78, 9 of 138 links by
meaning (78% right; the other 129, 85% right); at 0.8 it would be 41 (76% right; the others 89%). With the
fit of this file, a link is possibly the same when its passages share two content words or fewer (three
or fewer when a number differs), or a day or an occurrence differs."""


def chance(score: float, shared: int, verdict: Verdict) -> float:
    """The estimated probability, 0..1, that a link by meaning with this score, ``shared`` content words
    in common and this verdict joins two passages that report a common fact. A refused pair (met inside a
    group, through a third passage) has a day or occurrence difference's penalty at least."""
    doubt = verdict.doubtful or verdict.veto
    z = INTERCEPT + SCORE * score + SHARED * math.log1p(shared) + NUMBER * verdict.numbers + DOUBT * doubt
    return 1.0 / (1.0 + math.exp(-z))


def link_chance(score: float, comparand: str, member: str) -> tuple[float, Verdict]:
    """The chance that a link by meaning (``score``) between two passages is right, and their claims'
    verdict (``claims.judge``), the member's wording first."""
    verdict = judge(member, comparand, score)
    shared = len(set(content_stems(comparand)).intersection(content_stems(member)))
    return chance(score, shared, verdict), verdict


def is_possible(classification: str, confidence: float) -> bool:
    """Is a link only possibly the same: one by meaning whose chance is below ``POSSIBLE_BELOW``?"""
    return classification == "paraphrase" and confidence < POSSIBLE_BELOW
