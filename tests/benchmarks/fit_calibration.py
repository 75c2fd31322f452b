"""Fit the confidence of links by meaning (``reader/core/checks/calibration.py``) on judged links. Not a test.

    python tests/benchmarks/fit_calibration.py [--judged FILE] [--write]

Judged links: one JSON object per line with ``text_a``, ``text_b``, ``relation`` and ``verdict`` ("same",
"conflict": the same fact with a differing detail, both right; "different", or anything else: wrong),
optionally ``story`` (the passages of one story are scored together, as one comparison). Without ``--judged``, the tuning half of the paraphrase data of
``bench_meaning.py`` stands in: an MSRP pair is right when its label is 1, an STS news pair when its score
is at least 3.5 (4: "mostly equivalent, unimportant details differ"; 3: "some important information
differs"), scored by chunks of 50 pairs.

Each pair is checked again with this checkout's claims check. The links fitted are those Reader would now
make by meaning: links by meaning it made before (``relation`` "paraphrase" or "told again", with their
old confidence as their score: the scorer is unchanged, and it scored them in their whole story) and other
pairs scoring at least ``MEANING_THRESHOLD`` among their story's judged passages, less those the claims
check refuses and those whose word diff reaches the edited-copy threshold (edited copies, not links by
meaning).
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

from reader.core.alignment.records import DEFAULT_THRESHOLD  # noqa: E402
from reader.core.checks import calibration  # noqa: E402
from reader.core.checks.claims import Verdict, judge  # noqa: E402
from reader.core.checks.meaning import MEANING_THRESHOLD, MeaningScorer, content_stems  # noqa: E402
from reader.core.text.diffing import word_diff  # noqa: E402
from reader.core.text.normalize import Normalization  # noqa: E402

CHUNK = 50
RIGHT = ("same", "conflict")
IN_STORY = (
    "paraphrase",
    "told again",
)  # relations whose confidence was the meaning score in the story  # "conflict": the same fact with a differing detail, a right link
MIN_DOUBTFUL = 10
DOUBT_PRIOR = -3.0
"""Where fewer than MIN_DOUBTFUL kept links have a differing day or occurrence, their coefficient is this
prior: such a link is kept only because the rest agrees strongly, and is shown as possibly the same."""
Row = tuple[str, str, bool, str, float | None]  # text a, text b, right, where from, score in its story


MIN_NUMBERED = 10
NUMBER_PRIOR = -0.3
"""Where fewer than MIN_NUMBERED kept links have a number that differs for the same thing, their coefficient
is this mild prior: two accounts of one fact that disagree on an amount are one fact with a differing
detail ("$1 million" / "$500,000"), which the reader should see flagged, not a link made quieter."""


def paraphrase_rows() -> list[tuple[str, list[Row]]]:
    msrp, sts = load("tune")
    rows: list[Row] = [(a, b, label >= 1, "MSRP", None) for a, b, label in msrp]
    rows += [(a, b, score >= 3.5, "STS news", None) for a, b, score in sts]
    return [(f"chunk {k}", rows[k : k + CHUNK]) for k in range(0, len(rows), CHUNK)]


def judged_rows(path: Path) -> list[tuple[str, list[Row]]]:
    stories: dict[str, list[Row]] = defaultdict(list)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        entry = json.loads(line)
        story = str(entry.get("story", f"chunk {number // CHUNK}"))
        right = entry["verdict"] in RIGHT
        relation = str(entry.get("relation", ""))
        # A link by meaning's old confidence is its meaning score in its whole story (the scorer is
        # unchanged): better than scoring it again among the few passages judged.
        known = entry.get("confidence") if relation in IN_STORY else None
        score = float(known) if isinstance(known, int | float) else None
        stories[story].append((entry["text_a"], entry["text_b"], right, relation, score))
    return sorted(stories.items())


def scored(stories: list[tuple[str, list[Row]]]) -> Iterator[tuple[Row, float, Verdict, float, int]]:
    """Each pair with its score (scored with its story when not known), its verdict, its word-diff
    similarity and how many content words (stemmed) it shares."""
    norm = Normalization()
    for _story, rows in stories:
        texts = [text for row in rows for text in row[:2]]
        scorer = MeaningScorer.of(texts)
        for row in rows:
            a, b = row[0], row[1]
            score = scorer.score_texts(a, b) if row[4] is None else row[4]
            similarity = word_diff(a, b, norm).similarity
            shared = len(set(content_stems(a)).intersection(content_stems(b)))
            yield row, score, judge(a, b, score), similarity, shared


NAMES = ("INTERCEPT", "SCORE", "SHARED", "NUMBER", "DOUBT")
SIGNS = (0, 1, 1, -1, -1)  # the sign each coefficient must have (0: any) for the chance to be monotone


def features(score: float, shared: int, verdict: Verdict) -> list[float]:
    return [
        1.0,
        score,
        math.log1p(shared),
        float(verdict.numbers),
        float(verdict.doubtful or verdict.veto),
    ]


def monotone_fit(xs: list[list[float]], ys: list[bool], fixed: dict[int, float]) -> list[float]:
    """The fit with the coefficients in ``fixed`` held, and any that comes out with the wrong sign held at 0
    and the rest fitted again: the chance must grow with the score and the words shared, and fall with
    each difference."""
    fixed = dict(fixed)
    while True:
        free = [k for k in range(len(NAMES)) if k not in fixed]
        offsets = [sum(fixed[k] * x[k] for k in fixed) for x in xs]
        w_free = fit([[x[k] for k in free] for x in xs], ys, offsets)
        w = [fixed.get(k, 0.0) for k in range(len(NAMES))]
        for k, value in zip(free, w_free, strict=True):
            w[k] = value
        wrong = [k for k in free if SIGNS[k] and w[k] * SIGNS[k] < 0]
        if not wrong:
            return w
        for k in wrong:
            print(f"{NAMES[k]} came out {w[k]:.3f}, against its sign: held at 0")
            fixed[k] = 0.0


def fit(
    xs: list[list[float]],
    ys: list[bool],
    offsets: list[float] | None = None,
    l2: float = 1.0,
    rounds: int = 50,
) -> list[float]:
    """Logistic regression by Newton's method, an L2 penalty on all but the first coefficient (the
    intercept); ``offsets`` are added to each row's sum (the part of held coefficients)."""
    k = len(xs[0])
    w = [0.0] * k
    offsets = offsets or [0.0] * len(xs)
    for _ in range(rounds):
        grad = [0.0] * k
        hess = [[0.0] * k for _ in range(k)]
        for x, y, offset in zip(xs, ys, offsets, strict=True):
            p = 1 / (1 + math.exp(-offset - sum(a * b for a, b in zip(w, x, strict=True))))
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
    outcome: Counter[tuple[str, str, bool]] = Counter()  # (where from, what happens now, right)
    for (a, b, right, where, _), score, verdict, similarity, shared in scored(stories):
        if similarity >= DEFAULT_THRESHOLD:
            outcome[(where, "an edited copy", right)] += 1
            continue  # not a link by meaning
        if score < MEANING_THRESHOLD and where not in IN_STORY:  # a member joined through another link
            outcome[(where, "below the meaning threshold", right)] += 1
            continue
        outcome[(where, "refused by the claims check" if verdict.veto else "kept", right)] += 1
        if verdict.veto:
            for kind in {c.kind for c in verdict.conflicts}:
                refused[(kind, right)] += 1
            if right and len(examples) < 12:
                examples.append(f"  refused but right ({where}; {verdict.reason}):\n    {a}\n    {b}")
            continue
        for kind in {c.kind for c in verdict.conflicts}:
            kept_conflicts[(kind, right)] += 1
        xs.append(features(score, shared, verdict))
        ys.append(right)
    print(f"Links re-scored, from {origin} (right / wrong):")
    for where in sorted({w for w, _, _ in outcome}):
        for status in (
            "an edited copy",
            "below the meaning threshold",
            "refused by the claims check",
            "kept",
        ):
            if outcome[(where, status, True)] or outcome[(where, status, False)]:
                print(
                    f"  {where or '?'}, {status}: {outcome[(where, status, True)]} / {outcome[(where, status, False)]}"
                )
    print(f"Links by meaning kept: {len(xs)} ({sum(ys)} right)")
    print("Refused by the claims check (kind: right / wrong):")
    for kind in sorted({k for k, _ in refused}):
        print(f"  {kind}: {refused[(kind, True)]} / {refused[(kind, False)]}")
    print("Kept with a difference (kind: right / wrong):")
    for kind in sorted({k for k, _ in kept_conflicts}):
        print(f"  {kind}: {kept_conflicts[(kind, True)]} / {kept_conflicts[(kind, False)]}")
    print("\n".join(examples))
    if not xs:
        sys.exit("no links to fit on")
    doubtful = sum(1 for x in xs if x[4])
    fixed: dict[int, float] = {}
    if doubtful < MIN_DOUBTFUL:  # too few to fit on: the prior, and the other features fitted without it
        fixed[4] = DOUBT_PRIOR
        print(f"{doubtful} kept links with a differing day or occurrence: DOUBT is the prior {DOUBT_PRIOR}")
    numbered = sum(1 for x in xs if x[3])
    if numbered < MIN_NUMBERED:  # too few to fit on: a mild prior, so a differing amount stays a detail
        fixed[3] = NUMBER_PRIOR
        print(f"{numbered} kept links with a differing number: NUMBER is the prior {NUMBER_PRIOR}")
    w = monotone_fit(xs, ys, fixed)
    block = "".join(f"{name} = {value:.4f}\n" for name, value in zip(NAMES, w, strict=True))
    print("\n" + block)
    predicted = [1 / (1 + math.exp(-sum(a * b for a, b in zip(w, x, strict=True)))) for x in xs]
    print("\npredicted    links  right  observed")
    bins: dict[int, list[bool]] = defaultdict(list)
    for p, y in zip(predicted, ys, strict=True):
        bins[min(9, int(p * 10))].append(y)
    for k in sorted(bins):
        got = bins[k]
        print(f"{k / 10:.1f}-{(k + 1) / 10:.1f}  {len(got):7d}  {sum(got):5d}  {sum(got) / len(got):8.2f}")
    print("\nlevel  possibly the same (right)  the others (right)")
    for level in (0.7, 0.75, 0.78, 0.8, 0.82, 0.85, 0.9):
        low = [y for p, y in zip(predicted, ys, strict=True) if p < level]
        high = [y for p, y in zip(predicted, ys, strict=True) if p >= level]
        print(
            f"{level:.2f}  {len(low):6d} ({sum(low) / max(1, len(low)):.2f})"
            f"             {len(high):6d} ({sum(high) / max(1, len(high)):.2f})"
        )
    possible = [y for p, y in zip(predicted, ys, strict=True) if p < calibration.POSSIBLE_BELOW]
    sure = [y for p, y in zip(predicted, ys, strict=True) if p >= calibration.POSSIBLE_BELOW]
    for name, got in (("possibly the same", possible), ("the same", sure)):
        rate = f"{sum(got) / len(got):.2f} right" if got else "none"
        print(f"{name} (below/from {calibration.POSSIBLE_BELOW}): {len(got)} links, {rate}")
    if args.write:
        path = ROOT / "reader" / "core" / "calibration.py"
        text = path.read_text(encoding="utf-8")
        block += f'FITTED_ON = "{len(xs)} links by meaning ({sum(ys)} right) of {origin}"\n'
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
