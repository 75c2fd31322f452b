"""Re-anchoring on real revision histories, against an independent whole-document alignment. Not a test.

    python tests/benchmarks/bench_anchoring.py [--baseline DIR] [--quotes N] [--seed S] [--part tune|test]

For each pair of successive revisions in ../shared/data/revisions (102 Wikipedia articles; licence in its
README), quotes of 1-40 words are picked in the older text, and where each truly went is worked out with
difflib's SequenceMatcher over words (not diff-match-patch, which Reader uses):

- kept: every word of the quote is in one equal block -> the words' new span (words are compared without the
  punctuation glued to their ends: "government" and "government." are one word);
- edited: at least 3/4 of its words are in equal blocks, and the new span of those words is still like the
  quote (difflib's word ratio at least 0.75, the floor the issue names) -> that span (a placement overlapping
  it is right; an orphan could have been kept); "mostly gone" otherwise (a placement on the surviving words
  is right, and so is an orphan);
- moved: a quote of four words or more that difflib does not keep in place, found exactly once in the new
  text (difflib sees no moves); or a shorter one whose 5 words of context on each side occur once with it;
- moved and edited: a quote of five words or more that is gone or mostly gone in place, when one window of
  the new text (of the quote's length, and no other apart from it) is at least 0.75 like it by difflib's
  word ratio: its paragraph moved and was edited (since the re-anchoring issue's second round; before, such
  quotes counted as gone, and a placement on them as wrong) -> that window;
- sentence followed: a quote still gone or mostly gone whose sentence (or line) of six words or more has 3/4
  of its words, in order, in exactly one sentence of the new text (merged into a longer one, moved, edited
  around the quote) -> where difflib puts the quote's words in that sentence (since the re-anchoring issue's
  third round; before, these counted as gone, and a placement on them as wrong); and a short quote moved with
  its context is located at its own place inside that context (before, at the first occurrence of its words
  there, which could be a word of the context);
- gone: none of its words survives in place -> the quote has no home.

Reader's placement is then: right (overlaps the truth, on whole words), wrong (placed elsewhere, on words
that are not the quote's, or cutting a word), an orphan that could have been kept (truth kept or moved), or a
right orphan (truth gone). A placement off the truth's place is still right on one of the places
``also_right`` names (the quote's words found once, its 8-word run found once, its words unique in both
versions, a 4-word quote in an equally good alignment); "wrong by the truth alone" counts it wrong, as the
benchmark did before the re-anchoring issue's fourth round. Time per re-anchoring is also given by the new text's size (1 KB to 100 KB). Articles are split in two parts by a hash of their name: tune on one, report on the
other. ``--baseline DIR`` measures another checkout (the previous version) in the same run.
"""

from __future__ import annotations

import argparse
import collections
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


def token(word: re.Match[str]) -> str:
    """A word as the truth compares it: punctuation glued to its ends does not make it another word
    ("government" and "government." are one; since the re-anchoring issue's second round)."""
    return _EDGE_PUNCTUATION.sub("", word.group()) or word.group()


_EDGE_PUNCTUATION = re.compile(r"^[^\w]+|[^\w]+$")


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
        if len(covered) >= 0.75 * len(quote) and ratio >= 0.75:
            return "edited", start, end
        moved = moved_and_edited(old_words, new_words, first, last)
        if moved is not None:
            return "moved and edited", *moved
        follow = sentence_followed(old_text, new_text, old_words[first].start(), old_words[last].end())
        if follow is not None and follow[0] != "mostly gone":
            return follow
        return "mostly gone", start, end
    # Moved? The quote with five words of context on each side, once in the new text.
    moved = moved_and_edited(old_words, new_words, first, last)
    if moved is not None:
        return "moved and edited", *moved
    lo, hi = max(0, first - 5), min(len(old_words) - 1, last + 5)
    pattern = r"\s+".join(re.escape(w.group()) for w in old_words[lo : hi + 1])
    found = list(re.finditer(pattern, new_text))
    if len(found) == 1:
        # The quote's own words inside the context: its words are the (first - lo)-th to (last - lo)-th of
        # the match (not the first occurrence of the same words there, which may be a word of the context).
        inside = list(re.finditer(r"\S+", new_text[found[0].start() : found[0].end()]))
        if len(inside) == hi - lo + 1:
            base = found[0].start()
            return "moved", base + inside[first - lo].start(), base + inside[last - lo].end()
    follow = sentence_followed(old_text, new_text, old_words[first].start(), old_words[last].end())
    if follow is not None:
        return follow
    return "gone", -1, -1


def moved_and_edited(old_words, new_words, first: int, last: int) -> tuple[int, int] | None:
    """Where a quote of five words or more went when its paragraph moved and was edited (difflib sees no
    moves): the one window of the new text, of the quote's length, whose words are at least 0.75 like the
    quote's (difflib's ratio), when no other window apart from it is; None otherwise."""
    quote = [w.group().lower() for w in old_words[first : last + 1]]
    size = len(quote)
    if size < 5 or len(new_words) < size:
        return None
    words = [w.group().lower() for w in new_words]
    wanted = collections.Counter(quote)
    window = collections.Counter(words[:size])
    shared = sum((window & wanted).values())
    hits = []
    for at in range(len(words) - size + 1):
        if at:
            gone, came = words[at - 1], words[at + size - 1]
            if gone in wanted and window[gone] <= wanted[gone]:
                shared -= 1
            window[gone] -= 1
            window[came] += 1
            if came in wanted and window[came] <= wanted[came]:
                shared += 1
        if shared >= 0.75 * size:
            ratio = difflib.SequenceMatcher(None, quote, words[at : at + size], autojunk=False).ratio()
            if ratio >= 0.75:
                hits.append((ratio, at))
    if not hits:
        return None
    ratio, at = max(hits)
    if any(abs(other - at) >= size for _r, other in hits):
        return None  # two places like it: which one is its own is not known
    return new_words[at].start(), new_words[at + size - 1].end()


_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.M)
_sentences: dict[int, list[tuple[int, int, list[str]]]] = {}


def _sentences_of(text: str) -> list[tuple[int, int, list[str]]]:
    """(start, end, lowercased words) of each sentence or line of ``text``, cached per text."""
    found = _sentences.get(id(text))
    if found is None:
        found = _sentences[id(text)] = [
            (m.start(), m.end(), m.group().lower().split()) for m in _SENTENCE.finditer(text)
        ]
    return found


def sentence_followed(old_text: str, new_text: str, start: int, end: int):
    """Where a quote went when its sentence moved, or was merged into a longer one, or edited around it
    (since the re-anchoring issue's third round; before, such quotes counted as gone): the quote's sentence
    (one sentence or line of six words or more) has at least 3/4 of its words, in order, in exactly one
    sentence of the new text (difflib over words); the quote then is where difflib puts its words in that
    sentence: kept or moved (all its words), edited (3/4 of them and the span still 0.75 like the quote), or
    mostly gone (some of them). None when no single sentence carries it on."""
    own = [s for s in _sentences_of(old_text) if s[0] <= start and end <= s[1]]
    if len(own) != 1 or len(own[0][2]) < 6:
        return None
    s_start, s_end, words = own[0]
    wanted = set(words)
    hits = []
    for n_start, n_end, other in _sentences_of(new_text):
        if len(wanted.intersection(other)) < 0.75 * len(words):
            continue
        matcher = difflib.SequenceMatcher(None, words, other, autojunk=False)
        if sum(b.size for b in matcher.get_matching_blocks()) >= 0.75 * len(words):
            hits.append((n_start, n_end, other, matcher))
    if len(hits) != 1:
        return None
    n_start, n_end, other, matcher = hits[0]
    # The quote's words in its sentence: the words starting in [start, end).
    spans = [(m.start() + s_start, m.end() + s_start) for m in re.finditer(r"\S+", old_text[s_start:s_end])]
    first = next(i for i, (a, b) in enumerate(spans) if b > start)
    last = max(i for i, (a, b) in enumerate(spans) if a < end)
    new_spans = [
        (m.start() + n_start, m.end() + n_start) for m in re.finditer(r"\S+", new_text[n_start:n_end])
    ]
    covered = []
    for tag, i1, i2, j1, _j2 in matcher.get_opcodes():
        if tag == "equal":
            covered.extend(j1 + i - i1 for i in range(max(i1, first), min(i2, last + 1)))
    if not covered:
        return None
    size = last - first + 1
    at, to = new_spans[min(covered)][0], new_spans[max(covered)][1]
    if len(covered) == size and covered == list(range(covered[0], covered[0] + size)):
        return "moved", at, to
    ratio = difflib.SequenceMatcher(None, words[first : last + 1], new_text[at:to].lower().split()).ratio()
    if len(covered) >= 0.75 * size and ratio >= 0.75:
        return "moved and edited", at, to
    return "mostly gone", at, to


RUN = 8
"""Words in a run that, found once in the new text, shows where the quote's words went."""


def _run_pattern(words) -> str:
    return r"\s+".join(re.escape(w.group()) for w in words)


def also_right(old: str, new: str, start: int, end: int) -> list[tuple[int, int]]:
    """Other places a placement is right on, though the truth above names one (since the re-anchoring
    issue's fourth round; a placement there was counted wrong before, and the figures give both counts).
    Each is where the quote's own words went by evidence as strong as the truth's:

    - a quote of four words or more found exactly once in the new text (the truth's own "moved" rule, also
      when difflib kept most of its words elsewhere: a paragraph copied in two places);
    - a run of ``RUN`` consecutive words of the old text that holds the quote (a short quote) or lies inside
      it (a long one), found exactly once in the new text: the quote's words in it (a table row or a
      sentence moved with the quote, a clause of a long quote that survived a rewrite);
    - the quote's words (letters and digits, whatever the spacing and punctuation between them) found exactly
      once in the old text and exactly once in the new: the same words, as patience diff anchors on lines
      unique in both versions ("gili tepekong" in a list sorted anew, "asbestos,silicates" spaced out);
    - for a quote of four words or more, an equally good word alignment: its words, unchanged, at a place
      where difflib's matches before and after it, plus the quote, are as many as difflib's matches of the
      whole texts (a paragraph that the new version has twice). Not for shorter ones: a deleted sentence's
      "of an" can always be aligned with an "of an" left in another sentence without losing a match.

    A placement on one of them is right; an orphan is not counted against Reader for them."""
    old_words = _words_of(old)
    first = next(i for i, w in enumerate(old_words) if w.end() > start)
    last = max(i for i, w in enumerate(old_words) if w.start() < end)
    size = last - first + 1
    spans = []
    if size >= 4:
        found = list(re.finditer(_run_pattern(old_words[first : last + 1]), new))
        if len(found) == 1:
            spans.append((found[0].start(), found[0].end()))
    if size < RUN:
        windows = [
            (lo, lo + RUN - 1) for lo in range(max(0, last - RUN + 1), min(first, len(old_words) - RUN) + 1)
        ]
    else:
        windows = [(lo, lo + RUN - 1) for lo in range(first, last - RUN + 2)]
    for lo, hi in windows:
        found = list(re.finditer(_run_pattern(old_words[lo : hi + 1]), new))
        if len(found) != 1:
            continue
        inside = list(re.finditer(r"\S+", found[0].group()))
        base = found[0].start()
        a, b = max(first, lo) - lo, min(last, hi) - lo
        spans.append((base + inside[a].start(), base + inside[b].end()))
    words = _WORD_CHARS.findall(old[old_words[first].start() : old_words[last].end()])
    if words:
        pattern = re.compile(r"(?<!\w)" + r"\W+".join(re.escape(w) for w in words) + r"(?!\w)")
        in_new = list(pattern.finditer(new))
        if len(in_new) == 1 and len(pattern.findall(old)) == 1:
            spans.append((in_new[0].start(), in_new[0].end()))
    if size >= 4:
        spans.extend(_equal_alignments(old_words, _words_of(new), first, last))
    return spans


_WORD_CHARS = re.compile(r"\w+")


def _words_of(text: str) -> list[re.Match[str]]:
    found = _word_cache.get(id(text))
    if found is None:
        found = _word_cache[id(text)] = list(_WORD.finditer(text))
    return found


_word_cache: dict[int, list[re.Match[str]]] = {}


def _matched(a: list[str], b: list[str]) -> int:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def _equal_alignments(old_words, new_words, first: int, last: int) -> list[tuple[int, int]]:
    old_tokens = [token(w) for w in old_words]
    new_tokens = [token(w) for w in new_words]
    quote = old_tokens[first : last + 1]
    size = len(quote)
    if len(old_tokens) * len(new_tokens) > 4_000_000:
        return []  # too long to align three times over (a few of the largest articles)
    whole = _matched(old_tokens, new_tokens)
    spans = []
    for at in range(len(new_tokens) - size + 1):
        if new_tokens[at : at + size] != quote:
            continue
        around = _matched(old_tokens[:first], new_tokens[:at]) + _matched(
            old_tokens[last + 1 :], new_tokens[at + size :]
        )
        if around + size >= whole:
            spans.append((new_words[at].start(), new_words[at + size - 1].end()))
    return spans


def load(root: Path):
    for name in [m for m in sys.modules if m == "reader" or m.startswith("reader.")]:
        del sys.modules[name]
    sys.path.insert(0, str(root))
    try:
        anchoring = importlib.import_module("reader.core.anchoring.anchor")
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
                None, [token(w) for w in old_words], [token(w) for w in new_words], autojunk=False
            )
            opcodes = matcher.get_opcodes()
            for _ in range(quotes):
                length = rng.choice([1, 2, 3, 5, 8, 15, 25, 40])
                first = rng.randrange(0, len(old_words) - length)
                last = first + length - 1
                kind, start, end = truth(old_words, new_words, opcodes, first, last, new, old)
                found.append((old, new, old_words[first].start(), old_words[last].end(), kind, start, end))
    return found


BANDS = ["<1 KB", "1-10 KB", "10-30 KB", "30-100 KB", ">100 KB"]


def size_band(size: int) -> str:
    for limit, band in (
        (1024, BANDS[0]),
        (10 * 1024, BANDS[1]),
        (30 * 1024, BANDS[2]),
        (100 * 1024, BANDS[3]),
    ):
        if size < limit:
            return band
    return BANDS[4]


def word_bounds(text: str, start: int, end: int) -> bool:
    before = start == 0 or not text[start - 1].isalnum() or not text[start].isalnum()
    after = end == len(text) or not text[end].isalnum() or not text[end - 1].isalnum()
    return before and after


def _wrong(kind: str, old: str, new: str, start: int, end: int, t_start: int, t_end: int, anchor):
    """(wrong, wrong by the truth alone): a placement cutting a word is wrong; one off the truth's place is
    wrong unless it is on one of the places ``also_right`` names."""
    if not word_bounds(new, anchor.start, anchor.end):
        return True, True
    if kind != "gone" and anchor.start < t_end and t_start < anchor.end:
        return False, False
    return not any(anchor.start < b and a < anchor.end for a, b in also_right(old, new, start, end)), True


def measure(anchoring, found, verbose: bool = False) -> dict[str, float]:
    wrong_by: dict[tuple[str, int], int] = {}
    counts = {"right": 0, "wrong": 0, "keepable_orphan": 0, "right_orphan": 0, "strict_wrong": 0}
    by_size: dict[str, list[float]] = {}
    positions_cache: dict[tuple[int, int], object] = {}
    for old, new, start, end, kind, t_start, t_end in found:
        key = (id(old), id(new))
        if key not in positions_cache:
            positions_cache[key] = anchoring.PositionMap(old, new)
        selector = anchoring.make_selector(old, start, end)
        began = time.perf_counter()
        anchor = anchoring.reanchor(selector, new, positions=positions_cache[key])
        by_size.setdefault(size_band(len(new.encode("utf-8"))), []).append(time.perf_counter() - began)
        words = len(old[start:end].split())
        if not anchor.placed:
            counts["right_orphan" if kind in ("gone", "mostly gone") else "keepable_orphan"] += 1
            if kind not in ("gone", "mostly gone") and verbose:
                print("  keepable orphan", kind, words, repr(old[start:end][:60]))
        else:
            wrong, strictly_wrong = _wrong(kind, old, new, start, end, t_start, t_end, anchor)
            counts["strict_wrong"] += strictly_wrong
            counts["wrong" if wrong else "right"] += 1
            if not wrong:
                continue
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
                print("    was:", repr(old[max(0, start - 60) : end + 60]))
                print("    now:", repr(new[max(0, anchor.start - 60) : anchor.end + 60]))
    if verbose:
        print("  wrong by (truth, words; 4 = 4 or more):", dict(sorted(wrong_by.items())))
    total = len(found)
    times = [t for values in by_size.values() for t in values]
    bands = {}
    for band, values in sorted(by_size.items(), key=lambda item: BANDS.index(item[0])):
        p99 = sorted(values)[int(0.99 * (len(values) - 1))]
        bands[f"{band} median/p99 ms"] = (
            f"{1000 * statistics.median(values):.2f}/{1000 * p99:.1f} (n={len(values)})"
        )
    return {
        "cases": total,
        "wrong %": 100 * counts["wrong"] / total,
        "wrong by the truth alone %": 100 * counts["strict_wrong"] / total,
        "keepable orphans %": 100 * counts["keepable_orphan"] / total,
        "right %": 100 * counts["right"] / total,
        "right orphans %": 100 * counts["right_orphan"] / total,
        "median ms": 1000 * statistics.median(times),
        "p99 ms": 1000 * sorted(times)[int(0.99 * (len(times) - 1))],
        **bands,
    }


def timing_by_size(anchoring, found, sizes_kb=(1, 10, 30, 100), per_size: int = 300) -> dict[str, str]:
    """Median and p99 ms per re-anchoring in documents of about 1, 10, 30 and 100 KB: each revision pair is
    cut to the size (the quote kept inside) or padded to it, on both sides alike, with text of the other
    articles (unchanged text, as in a long article where one part was edited). Includes the document diff
    (PositionMap), made once per document pair, spread over its quotes, as a re-import does."""
    padding = "\n\n".join(old for old, *_ in {id(c[0]): c for c in found}.values())
    results = {}
    rng = random.Random(3)
    for size_kb in sizes_kb:
        size = size_kb * 1024
        sample = rng.sample(found, min(per_size, len(found)))
        times = []
        for old, new, start, end, *_ in sample:
            if len(old) > size:  # a window of the old text around the quote, and the same part of the new
                begin = max(0, min(start - size // 2, len(old) - size))
                old_part = old[begin : begin + size]
                ratio = len(new) / max(1, len(old))
                new_part = new[int(begin * ratio) : int((begin + size) * ratio)]
                start, end = start - begin, end - begin
                if not 0 <= start < end <= len(old_part):
                    continue
            else:
                extra = padding[: max(0, size - len(old))]
                old_part, new_part = old + "\n\n" + extra, new + "\n\n" + extra
            selector = anchoring.make_selector(old_part, start, end)
            began = time.perf_counter()
            anchoring.reanchor(selector, new_part, positions=anchoring.PositionMap(old_part, new_part))
            times.append(time.perf_counter() - began)
        times.sort()
        results[f"{size_kb} KB median/p99 ms"] = (
            f"{1000 * statistics.median(times):.1f}/{1000 * times[int(0.99 * (len(times) - 1))]:.1f}"
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline", type=Path)
    parser.add_argument("--quotes", type=int, default=20, help="quotes per revision pair")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--part", choices=["tune", "test", "all"], default="test")
    parser.add_argument("--verbose", action="store_true", help="print each wrong placement and kept orphan")
    parser.add_argument(
        "--sizes",
        action="store_true",
        help="time re-anchoring in 1, 10, 30 and 100 KB documents (diff included)",
    )
    args = parser.parse_args()
    found = cases(args.part, args.quotes, args.seed)
    kinds = {
        k: sum(1 for c in found if c[4] == k)
        for k in ("kept", "edited", "moved", "moved and edited", "mostly gone", "gone")
    }
    print(f"Re-anchoring: {len(found)} quotes on the {args.part} part ({kinds})")
    roots = [("this version", ROOT)] + ([("baseline", args.baseline)] if args.baseline else [])
    for label, root in roots:
        result = measure(load(root), found, args.verbose and label == "this version")
        print(
            f"  {label:12}  "
            + "  ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in result.items())
        )
        if args.sizes:
            sizes = timing_by_size(load(root), found)
            print(f"  {label:12}  " + "  ".join(f"{k} {v}" for k, v in sizes.items()))


if __name__ == "__main__":
    main()
