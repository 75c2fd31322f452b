"""Fit the confidence of links by meaning (``reader/core/calibration.py``) on judged links. Not a test.

    python tests/benchmarks/fit_calibration.py [--judged FILE] [--write]

Judged links: one JSON object per line with ``text_a``, ``text_b``, ``relation`` and ``verdict`` ("same",
"different", "partly"; only "same" counts as right), optionally ``story`` (the passages of one story are
scored together, as one comparison). Without ``--judged``, the tuning half of the paraphrase data of
``bench_meaning.py`` stands in: an MSRP pair is right when its label is 1, an STS news pair when its score
is at least 3.5 (4: "mostly equivalent, unimportant details differ"; 3: "some important information
differs"), scored by chunks of 50 pairs.

Each pair is scored again with this checkout's scorer and claims check. The links fitted are those Reader
would now make by meaning: a score at least ``MEANING_THRESHOLD``, not refused by the claims check, and a
word diff below the edited-copy threshold (above it the link is an edited copy, not a link by meaning).
The fit is a logistic regression (Newton's method, a little L2 so that a feature few pairs have stays near
0) on the score, a differing number and a differing day or occurrence (a prior when too few links have one). It prints the constants, a table of
predicted against observed rates, and what the claims check refused; ``--write`` puts the constants into
calibration.py.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_meaning import load  # noqa: E402

from reader.core import calibration  # noqa: E402
from reader.core.alignment import DEFAULT_THRESHOLD  # noqa: E402
from reader.core.claims import Verdict, judge  # noqa: E402
from reader.core.diffing import word_diff  # noqa: E402
from reader.core.meaning import MEANING_THRESHOLD, MeaningScorer  # noqa: E402
from reader.core.normalize import Normalization  # noqa: E402

CHUNK = 50
MIN_DOUBTFUL = 10
DOUBT_PRIOR = -3.0
"""Where fewer than MIN_DOUBTFUL kept links have a differing day or occurrence, their coefficient is this
prior: such a link is kept only because the rest agrees strongly, and is shown as possibly the same."""
Row = tuple[str, str, bool, str]  # text a, text b, right, where from


def paraphrase_rows() -> list[tuple[str, list[Row]]]:
    msrp, sts = load("tune")
    rows = [(a, b, label >= 1, "MSRP") for a, b, label in msrp]
    rows += [(a, b, score >= 3.5, "STS news") for a, b, score in sts]
    return [(f"chunk {k}", rows[k : k + CHUNK]) for k in range(0, len(rows), CHUNK)]


def judged_rows(path: Path) -> list[tuple[str, list[Row]]]:
    stories: dict[str, list[Row]] = defaultdict(list)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        entry = json.loads(line)
        story = str(entry.get("story", f"chunk {number // CHUNK}"))
        right = entry["verdict"] == "same"
        stories[story].append((entry["text_a"], entry["text_b"], right, str(entry.get("relation", ""))))
    return sorted(stories.items())


def scored(stories: list[tuple[str, list[Row]]]) -> Iterator[tuple[Row, float, Verdict, float]]:
    """Each pair with its score, its verdict and its word-diff similarity, scored with its story."""
    norm = Normalization()
    for _story, rows in stories:
        texts = [text for a, b, _, _ in rows for text in (a, b)]
        scorer = MeaningScorer.of(texts)
        for row in rows:
            score = scorer.score_texts(row[0], row[1])
            similarity = word_diff(row[0], row[1], norm).similarity
            yield row, score, judge(row[0], row[1], score), similarity


def features(score: float, verdict: Verdict) -> list[float]:
    return [1.0, score, float(verdict.numbers), float(verdict.doubtful or verdict.veto)]


def fit(xs: list[list[float]], ys: list[bool], l2: float = 1.0, rounds: int = 50) -> list[float]:
    """Logistic regression by Newton's method, an L2 penalty on all but the intercept."""
    k = len(xs[0])
    w = [0.0] * k
    for _ in range(rounds):
        grad = [0.0] * k
        hess = [[0.0] * k for _ in range(k)]
        for x, y in zip(xs, ys, strict=True):
            p = 1 / (1 + math.exp(-sum(a * b for a, b in zip(w, x, strict=True))))
            for i in range(k):
                grad[i] += (p - y) * x[i]
                for j in range(k):
                    hess[i][j] += p * (1 - p) * x[i] * x[j]
        for i in range(1, k):
            grad[i] += l2 * w[i]
            hess[i][i] += l2
        step = _solve(hess, grad)
        w = [a - b for a, b in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-9:
            break
    return w


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (a is small and positive definite)."""
    n = len(b)
    m = [[*row[:], b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(n):
            if r != col and m[col][col]:
                f = m[r][col] / m[col][col]
                m[r] = [x - f * y for x, y in zip(m[r], m[col], strict=True)]
    return [m[i][n] / m[i][i] for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--judged", type=Path, help="judged links, one JSON object per line")
    parser.add_argument("--write", action="store_true", help="write the constants into calibration.py")
    args = parser.parse_args()
    stories = judged_rows(args.judged) if args.judged else paraphrase_rows()
    origin = f"{args.judged.name}" if args.judged else "the tuning half of MSRP and STS news"
    xs: list[list[float]] = []
    ys: list[bool] = []
    refused: Counter[tuple[str, bool]] = Counter()
    kept_conflicts: Counter[tuple[str, bool]] = Counter()
    examples: list[str] = []
    for (a, b, right, where), score, verdict, similarity in scored(stories):
        if score < MEANING_THRESHOLD or similarity >= DEFAULT_THRESHOLD:
            continue  # not a link by meaning
        if verdict.veto:
            for kind in {c.kind for c in verdict.conflicts}:
                refused[(kind, right)] += 1
            if right and len(examples) < 12:
                examples.append(f"  refused but right ({where}; {verdict.reason}):\n    {a}\n    {b}")
            continue
        for kind in {c.kind for c in verdict.conflicts}:
            kept_conflicts[(kind, right)] += 1
        xs.append(features(score, verdict))
        ys.append(right)
    print(f"Links by meaning re-scored: {len(xs)} kept ({sum(ys)} right), from {origin}")
    print("Refused by the claims check (kind: right / wrong):")
    for kind in sorted({k for k, _ in refused}):
        print(f"  {kind}: {refused[(kind, True)]} / {refused[(kind, False)]}")
    print("Kept with a difference (kind: right / wrong):")
    for kind in sorted({k for k, _ in kept_conflicts}):
        print(f"  {kind}: {kept_conflicts[(kind, True)]} / {kept_conflicts[(kind, False)]}")
    print("\n".join(examples))
    if not xs:
        sys.exit("no links to fit on")
    doubtful = sum(1 for x in xs if x[3])
    if doubtful < MIN_DOUBTFUL:  # too few to fit on: the prior, and the other features fitted without it
        w = [*fit([x[:3] for x in xs], ys), DOUBT_PRIOR]
        print(f"{doubtful} kept links with a differing day or occurrence: DOUBT is the prior {DOUBT_PRIOR}")
    else:
        w = fit(xs, ys)
    if w[1] <= 0 or w[2] > 0 or w[3] > 0:
        sys.exit(
            f"the fit is not monotone (score {w[1]:.3f}, number {w[2]:.3f}, day {w[3]:.3f}): not written"
        )
    print(f"\nINTERCEPT = {w[0]:.4f}\nSCORE = {w[1]:.4f}\nNUMBER = {w[2]:.4f}\nDOUBT = {w[3]:.4f}")
    predicted = [1 / (1 + math.exp(-sum(a * b for a, b in zip(w, x, strict=True)))) for x in xs]
    print("\npredicted    links  right  observed")
    bins: dict[int, list[bool]] = defaultdict(list)
    for p, y in zip(predicted, ys, strict=True):
        bins[min(9, int(p * 10))].append(y)
    for k in sorted(bins):
        got = bins[k]
        print(f"{k / 10:.1f}-{(k + 1) / 10:.1f}  {len(got):7d}  {sum(got):5d}  {sum(got) / len(got):8.2f}")
    possible = [y for p, y in zip(predicted, ys, strict=True) if p < calibration.POSSIBLE_BELOW]
    sure = [y for p, y in zip(predicted, ys, strict=True) if p >= calibration.POSSIBLE_BELOW]
    for name, got in (("possibly the same", possible), ("the same", sure)):
        rate = f"{sum(got) / len(got):.2f} right" if got else "none"
        print(f"{name} (below/from {calibration.POSSIBLE_BELOW}): {len(got)} links, {rate}")
    if args.write:
        path = ROOT / "reader" / "core" / "calibration.py"
        text = path.read_text(encoding="utf-8")
        block = (
            f"INTERCEPT = {w[0]:.4f}\nSCORE = {w[1]:.4f}\nNUMBER = {w[2]:.4f}\nDOUBT = {w[3]:.4f}\n"
            f'FITTED_ON = "{len(xs)} links by meaning of {origin}"\n'
        )
        text = re.sub(
            r"(# -- fitted by .*?\n)(.*?)(# -- end of fitted constants --)",
            lambda m: m.group(1) + block + m.group(3),
            text,
            flags=re.S,
        )
        path.write_text(text, encoding="utf-8")
        print(f"written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
