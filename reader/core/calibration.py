"""How likely a link by meaning is to be right: its score and its claims' verdict as a probability.

A logistic curve over three features: the meaning score (``meaning.MeaningScorer``), whether a number for
the same thing differs, and whether a day or an occurrence differs (``claims``). Its constants are fitted
by ``tests/benchmarks/fit_calibration.py`` on judged links (a link is right when both passages make the same
claim) and written below by that script; the curve is in docs/alignment.md. Monotone by construction: the
chance grows with the score and falls with each difference (the script refuses a fit that would not).
"""

from __future__ import annotations

import math

from reader.core.claims import Verdict

# -- fitted by tests/benchmarks/fit_calibration.py: do not edit by hand --
INTERCEPT = -1.5081
SCORE = 2.5963
NUMBER = -0.5875
DOUBT = -3.0000
FITTED_ON = "428 links by meaning of the tuning half of MSRP and STS news"
# -- end of fitted constants --

POSSIBLE_BELOW = 0.7
"""A link by meaning whose chance of being right is below this is shown as possibly the same: quieter,
and not counted in shares, who had it first, or differing details."""


def chance(score: float, verdict: Verdict) -> float:
    """The estimated probability, 0..1, that a link by meaning with this score and verdict joins two
    passages that make the same claim. A refused pair (met inside a group, through a third passage) has
    a day or occurrence difference's penalty at least."""
    doubt = verdict.doubtful or verdict.veto
    z = INTERCEPT + SCORE * score + NUMBER * verdict.numbers + DOUBT * doubt
    return 1.0 / (1.0 + math.exp(-z))
