"""Who had it first, measured on stories with known answers built from real text. Not a test.

    python tests/benchmarks/bench_provenance.py [--data DIR] [--seed N]

For each article of ../shared/data/revisions (its first revision), a "copier" is written from another
article's sentences with some of the first article's sentences planted in it: verbatim or with one word
changed, some with a credit ("…, the Origin Post reported."), dated a day later, undated, or undated and never
credited (then no one can tell the direction). Control pairs plant nothing. Reader's answers are compared with
what was planted:

- direction: right, unknown, or wrong (must be none); where it is knowable, how often Reader knows it;
- share of the copier's text taken: the error against the planted share (median, 90th percentile);
- credited or not, per planted passage;
- control pairs: a share above 1% is a false copying.

Baselines from the same run: the direction by dates alone (no credits), and the share by difflib's matching
blocks of 8+ words (its SequenceMatcher over words, without autojunk). Nothing in Reader was tuned on this
data; the data is read from ../shared (licence in its README) and never copied into the project.
"""

from __future__ import annotations

import argparse
import difflib
import random
import re
import statistics
import time
from pathlib import Path

from reader.core.alignment.align import align
from reader.core.provenance.who_first import provenance
from reader.core.reading.sources import source_from_text

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data" / "revisions"
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
ORIGIN_HEAD = "Outlet: Origin Post\nApr 30, 2026 1:41 PM\n\n"


def sentences(text: str) -> list[str]:
    found = []
    for paragraph in text.split("\n"):
        for sentence in _SENTENCE.split(paragraph.strip()):
            words = sentence.split()
            if 8 <= len(words) <= 60 and sentence.rstrip().endswith("."):
                joined = " ".join(words)  # the data is lower case: sentences start as in print
                found.append(joined[0].upper() + joined[1:])
    return found


def edit_one_word(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    at = rng.randrange(1, len(words) - 1)
    words[at] = rng.choice(["reportedly", "also", "largely", "still", "then"])
    return " ".join(words)


def build(origin: list[str], own: list[str], share: float, mode: str, rng: random.Random):
    """A copier text with about ``share`` of its sentences taken from ``origin``; what was planted."""
    own = own[:30]
    count = 0 if share == 0 else max(1, round(share * len(own) / (1 - share)))
    taken = rng.sample(origin, min(count, len(origin)))
    planted = []  # (text as planted, credited)
    body = list(own)
    for sentence in taken:
        text = edit_one_word(sentence, rng) if rng.random() < 0.5 else sentence
        credited = mode != "silent" and rng.random() < 0.5
        if credited:
            text = text[:-1] + ", the Origin Post reported."
        planted.append((text, credited))
        body.insert(rng.randrange(len(body) + 1), text)
    dates = {"dated": "May 2, 2026\n", "same day": "Apr 30, 2026 7:05 PM\n"}
    head = "Outlet: Copy Desk\n" + dates.get(mode, "") + "\n"
    return head + "\n\n".join(body) + "\n", planted


def difflib_share(origin: str, copier: str, total: int) -> float:
    a, b = origin.split(), copier.split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    chars = sum(len(" ".join(b[m.b : m.b + m.size])) for m in matcher.get_matching_blocks() if m.size >= 8)
    return chars / total if total else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--verbose", action="store_true", help="say which knowable directions were missed")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    articles = []
    for folder in sorted(p for p in args.data.iterdir() if p.is_dir()):
        found = sentences((folder / "0.txt").read_text(encoding="utf-8", errors="replace"))
        if len(found) >= 12:
            articles.append(found)
    direction = {"right": 0, "unknown": 0, "wrong": 0}
    knowable = known = 0
    by_dates = {"right": 0, "unknown": 0, "wrong": 0}
    errors: list[float] = []
    baseline_errors: list[float] = []
    credit_right = credit_total = 0
    false_copying = controls = 0
    took = []
    for number, origin in enumerate(articles):
        own = articles[(number + 1) % len(articles)]
        origin_text = ORIGIN_HEAD + "\n\n".join(origin[:40]) + "\n"
        control = number % 4 == 3
        mode = rng.choice(["dated", "dated", "same day", "undated", "silent"])
        share = 0.0 if control else rng.choice([0.1, 0.2, 0.3, 0.5])
        copier_text, planted = build(origin[:40], own, share, mode, rng)
        started = time.perf_counter()
        alignment = align(
            [source_from_text(origin_text, "origin.txt"), source_from_text(copier_text, "copier.txt")]
        )
        copy = provenance(alignment).between(0, 1)
        took.append(time.perf_counter() - started)
        total = sum(p.end - p.start for p in alignment.passages[1])
        measured = 0.0 if copy is None else copy.share if copy.copier == 1 else copy.reverse_share
        if control:
            controls += 1
            false_copying += measured > 0.01
            continue
        truth = sum(len(text) for text, _ in planted) / total
        errors.append(abs(measured - truth))
        baseline_errors.append(abs(difflib_share(origin_text, copier_text, total) - truth))
        can_know = mode == "dated" or any(credited for _, credited in planted)
        knowable += can_know
        if copy is None or not copy.known:
            direction["unknown"] += 1
            if can_know and args.verbose:
                print(f"  knowable but unknown: mode {mode}, share {share}, {copy and copy.reason}")
        elif (copy.origin, copy.copier) == (0, 1):
            direction["right"] += 1
            known += can_know
        else:
            direction["wrong"] += 1
        by_dates["right" if mode == "dated" else "unknown"] += (
            1  # dates alone: no zone, so "same day" is unknown
        )
        if copy is not None:
            text = alignment.sources[1].text
            credited_at = {text[p.start : p.end]: p.credited for p in copy.passages}
            for planted_text, credited in planted:
                credit_total += 1
                credit_right += credited_at.get(planted_text, False) == credited
    pairs = sum(direction.values())
    print(f"Who had it first: {pairs} planted pairs, {controls} control pairs (seed {args.seed})")
    print(
        f"  direction  right {direction['right']}, unknown {direction['unknown']}, wrong {direction['wrong']}"
        f"  | dates alone: right {by_dates['right']}, unknown {by_dates['unknown']}, wrong {by_dates['wrong']}"
    )
    print(f"  knowable directions known: {known}/{knowable} ({known / max(1, knowable):.1%})")
    print(
        f"  share error  median {statistics.median(errors):.3f}  p90 {_p90(errors):.3f}"
        f"  | difflib 8+ word blocks: median {statistics.median(baseline_errors):.3f}"
        f"  p90 {_p90(baseline_errors):.3f}"
    )
    print(
        f"  planted passages with the right credit status: {credit_right}/{credit_total} ({credit_right / max(1, credit_total):.1%})"
    )
    print(f"  control pairs reported as copying (>1%): {false_copying}/{controls}")
    print(f"  time per pair (align + provenance): median {statistics.median(took) * 1000:.0f} ms")


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]


if __name__ == "__main__":
    main()
