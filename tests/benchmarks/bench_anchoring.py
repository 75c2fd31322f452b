"""Re-anchoring on real revision histories, against an independent whole-document alignment. Not a test.

    python tests/benchmarks/bench_anchoring.py [--baseline DIR] [--quotes N] [--seed S] [--part tune|test]

For each pair of successive revisions in ../shared/data/revisions (102 Wikipedia articles; licence in its
README), quotes of 1-40 words are picked in the older text, and where each truly went is worked out with
difflib's SequenceMatcher over words (not diff-match-patch, which Reader uses):

- kept: every word of the quote is in one equal block -> the words' new span;
- edited: at least 3/4 of its words are in equal blocks, and the new span of those words is still like the
  quote (difflib's word ratio at least 0.75, the floor the issue names) -> that span (a placement overlapping
  it is right; an orphan could have been kept); "mostly gone" otherwise (a placement on the surviving words
  is right, and so is an orphan);
- moved: a quote of four words or more that difflib does not keep in place, found exactly once in the new
  text (difflib sees no moves); or a shorter one whose 5 words of context on each side occur once with it;
- gone: none of its words survives in place -> the quote has no home.

Reader's placement is then: right (overlaps the truth, on whole words), wrong (placed elsewhere, on words
that are not the quote's, or cutting a word), an orphan that could have been kept (truth kept or moved), or a
right orphan (truth gone). Articles are split in two parts by a hash of their name: tune on one, report on the
other. ``--baseline DIR`` measures another checkout (the previous version) in the same run.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import importlib
import itertools
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data" / "revisions"
_WORD = re.compile(r"\S+")


def part_of(name: str) -> str:
    return "tune" if hashlib.sha256(name.encode()).digest()[0] % 2 == 0 else "test"


def truth(old_words, new_words, opcodes, first: int, last: int, new_text: str, old_text: str):
    """(kind, start, end) in the new text for the quote made of old words [first, last]."""
    covered = []
    for tag, i1, i2, j1, _j2 in opcodes:
        if tag != "equal":
            continue
        for i in range(max(i1, first), min(i2, last + 1)):
            covered.append(j1 + i - i1)
    if len(covered) == last - first + 1 and covered == list(range(covered[0], covered[0] + len(covered))):
        return "kept", new_words[covered[0]].start(), new_words[covered[-1]].end()
    if len(covered) < 0.75 * (last - first + 1) and last - first >= 3:
        # Four words or more, once in the new text: the same words, moved (difflib sees no moves).
        inner = r"\s+".join(re.escape(w.group()) for w in old_words[first : last + 1])
        alone = list(re.finditer(inner, new_text))
        if len(alone) == 1:
            return "moved", alone[0].start(), alone[0].end()
    if covered:
        # Most words kept, and the new words as a whole still like the quote (difflib's ratio over words, at
        # least 0.75): an edited quote that should be kept. Otherwise it may go either way.
        start, end = new_words[min(covered)].start(), new_words[max(covered)].end()
        quote = [w.group() for w in old_words[first : last + 1]]
        ratio = difflib.SequenceMatcher(None, quote, new_text[start:end].split(), autojunk=False).ratio()
        kind = "edited" if len(covered) >= 0.75 * len(quote) and ratio >= 0.75 else "mostly gone"
        return kind, start, end
    # Moved? The quote with five words of context on each side, once in the new text.
    lo, hi = max(0, first - 5), min(len(old_words) - 1, last + 5)
    pattern = r"\s+".join(re.escape(w.group()) for w in old_words[lo : hi + 1])
    found = list(re.finditer(pattern, new_text))
    if len(found) == 1:
        inner = r"\s+".join(re.escape(w.group()) for w in old_words[first : last + 1])
        inside = re.search(inner, new_text[found[0].start() : found[0].end()])
        if inside:
            return "moved", found[0].start() + inside.start(), found[0].start() + inside.end()
    return "gone", -1, -1


def load(root: Path):
    for name in [m for m in sys.modules if m == "reader" or m.startswith("reader.")]:
        del sys.modules[name]
    sys.path.insert(0, str(root))
    try:
        anchoring = importlib.import_module("reader.core.anchoring")
    finally:
        sys.path.pop(0)
    return anchoring


def cases(part: str, quotes: int, seed: int):
    rng = random.Random(seed)
    found = []
    for folder in sorted(p for p in DATA.iterdir() if p.is_dir()):
        if part != "all" and part_of(folder.name) != part:
            continue
        versions = sorted(folder.glob("*.txt"), key=lambda p: int(p.stem))
        texts = [p.read_text(encoding="utf-8", errors="replace") for p in versions]
        for old, new in itertools.pairwise(texts):
            if old == new:
                continue
            old_words, new_words = list(_WORD.finditer(old)), list(_WORD.finditer(new))
            if len(old_words) < 50:
                continue
            matcher = difflib.SequenceMatcher(
                None, [w.group() for w in old_words], [w.group() for w in new_words], autojunk=False
            )
            opcodes = matcher.get_opcodes()
            for _ in range(quotes):
                length = rng.choice([1, 2, 3, 5, 8, 15, 25, 40])
                first = rng.randrange(0, len(old_words) - length)
                last = first + length - 1
                kind, start, end = truth(old_words, new_words, opcodes, first, last, new, old)
                found.append((old, new, old_words[first].start(), old_words[last].end(), kind, start, end))
    return found


def word_bounds(text: str, start: int, end: int) -> bool:
    before = start == 0 or not text[start - 1].isalnum() or not text[start].isalnum()
    after = end == len(text) or not text[end].isalnum() or not text[end - 1].isalnum()
    return before and after


def measure(anchoring, found, verbose: bool = False) -> dict[str, float]:
    wrong_by: dict[tuple[str, int], int] = {}
    counts = {"right": 0, "wrong": 0, "keepable_orphan": 0, "right_orphan": 0}
    by_size: dict[int, list[float]] = {}
    positions_cache: dict[tuple[int, int], object] = {}
    for old, new, start, end, kind, t_start, t_end in found:
        key = (id(old), id(new))
        if key not in positions_cache:
            positions_cache[key] = anchoring.PositionMap(old, new)
        selector = anchoring.make_selector(old, start, end)
        began = time.perf_counter()
        anchor = anchoring.reanchor(selector, new, positions=positions_cache[key])
        by_size.setdefault(len(new) // 10_000, []).append(time.perf_counter() - began)
        words = len(old[start:end].split())
        if not anchor.placed:
            counts["right_orphan" if kind in ("gone", "mostly gone") else "keepable_orphan"] += 1
            if kind not in ("gone", "mostly gone") and verbose:
                print("  keepable orphan", kind, words, repr(old[start:end][:60]))
        elif (
            kind == "gone"
            or not (anchor.start < t_end and t_start < anchor.end)
            or not word_bounds(new, anchor.start, anchor.end)
        ):
            counts["wrong"] += 1
            wrong_by[(kind, min(words, 4))] = wrong_by.get((kind, min(words, 4)), 0) + 1
            if verbose:
                print(
                    "  wrong",
                    kind,
                    anchor.status,
                    (anchor.start, anchor.end),
                    (t_start, t_end),
                    repr(old[start:end][:50]),
                    "->",
                    repr(new[max(0, anchor.start - 3) : anchor.end + 3][:56]),
                )
        else:
            counts["right"] += 1
    if verbose:
        print("  wrong by (truth, words; 4 = 4 or more):", dict(sorted(wrong_by.items())))
    total = len(found)
    times = [t for values in by_size.values() for t in values]
    return {
        "cases": total,
        "wrong %": 100 * counts["wrong"] / total,
        "keepable orphans %": 100 * counts["keepable_orphan"] / total,
        "right %": 100 * counts["right"] / total,
        "right orphans %": 100 * counts["right_orphan"] / total,
        "median ms": 1000 * statistics.median(times),
        "p99 ms": 1000 * sorted(times)[int(0.99 * (len(times) - 1))],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline", type=Path)
    parser.add_argument("--quotes", type=int, default=20, help="quotes per revision pair")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--part", choices=["tune", "test", "all"], default="test")
    parser.add_argument("--verbose", action="store_true", help="print each wrong placement and kept orphan")
    args = parser.parse_args()
    found = cases(args.part, args.quotes, args.seed)
    kinds = {
        k: sum(1 for c in found if c[4] == k) for k in ("kept", "edited", "moved", "mostly gone", "gone")
    }
    print(f"Re-anchoring: {len(found)} quotes on the {args.part} part ({kinds})")
    roots = [("this version", ROOT)] + ([("baseline", args.baseline)] if args.baseline else [])
    for label, root in roots:
        result = measure(load(root), found, args.verbose and label == "this version")
        print(
            f"  {label:12}  "
            + "  ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in result.items())
        )


if __name__ == "__main__":
    main()
