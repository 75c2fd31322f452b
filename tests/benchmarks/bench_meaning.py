"""How well the alignment links the same fact in other words, and finds copied fragments. Not a test.

    python tests/benchmarks/bench_meaning.py [--split tune|test] [--trials N] [--baseline DIR]

Data (read from ../shared/data, never copied into the project): the train split of the Microsoft Research
Paraphrase Corpus and the news sentences of the STS benchmark's train split, and Wikipedia articles
(``revisions``) for planting copied fragments. Each pair is split by a stable hash of its first sentence
into a tuning half and a test half: thresholds are chosen on ``tune``, figures are reported on ``test``.

Protocol: a trial puts PAIRS sentence pairs into two documents, one sentence of each pair per document,
among FILLER unrelated news sentences each, all at random positions, one sentence per paragraph. The
unrelated sentences come from the other corpus (MSRP's news of 2003-04 for STS, the STS headlines of later
years for MSRP), and, reported too, from the same corpus: there many rows report the same events, so some
"unrelated" sentences are true paraphrases of each other, and count as false links. A third setting joins an unrelated clause to
each planted sentence of B ("…, and …"): the same fact inside a longer sentence, as outlets write it. Reader aligns the two documents; a pair is linked when
its two sentences end up in one group. A false link is a group joining two sentences that are not a pair,
counted per 1,000 unrelated sentence pairs (the sentences of A times those of B, less the planted pairs).

Baselines, same data, same run: difflib's word ratio and a stemmed bag-of-words cosine, each linking every
sentence of A to its best sentence in B when the score reaches a threshold chosen on the tuning half so that
false links stay within 0.2 per 1,000; and, with ``--baseline DIR``, the previous version of Reader.

Copied fragments: a run of 8 to 14 words of a sentence of one article is put into a sentence of another
article (between two of its words); found when Reader reports a fragment covering it in both.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import functools
import hashlib
import importlib
import math
import os
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
# ../shared/data beside the checkout, or where READER_DATA says (a worktree elsewhere)
DATA = Path(os.environ.get("READER_DATA") or ROOT.parent / "shared" / "data")
PAIRS, FILLER = 10, 40
FALSE_LINK_BUDGET = 0.2  # per 1,000 unrelated sentence pairs


def split_of(sentence: str) -> str:
    return "tune" if hashlib.sha256(sentence.encode()).digest()[0] % 2 == 0 else "test"


def load(split: str) -> tuple[list[tuple[str, str, float]], list[tuple[str, str, float]]]:
    """MSRP pairs (label 1/0) and STS news pairs (score 0-5) of one half."""
    msrp, sts, _ = load_all(split)
    return msrp, sts


def load_all(
    split: str,
) -> tuple[list[tuple[str, str, float]], list[tuple[str, str, float]], list[tuple[str, str]]]:
    """MSRP pairs, STS news pairs, and the STS headlines (another time and other events than MSRP's)."""
    csv.field_size_limit(1 << 20)
    msrp, sts, headlines = [], [], []
    with open(DATA / "paraphrase" / "msrp-train.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if split_of(row["sentence1"]) == split:
                msrp.append((row["sentence1"], row["sentence2"], float(row["label"])))
    with open(DATA / "paraphrase" / "sts-news-train.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if split_of(row["sentence1"]) == split:
                sts.append((row["sentence1"], row["sentence2"], float(row["score"])))
                if row["origin"] == "headlines":
                    headlines.append((row["sentence1"], row["sentence2"]))
    return msrp, sts, headlines


def filler_pools(
    msrp: Sequence[tuple[str, str, float]],
    sts: Sequence[tuple[str, str, float]],
    headlines: Sequence[tuple[str, str]],
) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """Unrelated sentences for each corpus, as the pairs they come in: from the other one. Within one
    corpus, many rows report the same events (a filler would often be a true paraphrase of a planted
    sentence); MSRP's news (2003-04) and the STS headlines are years apart. STS's own MSRP rows are left out
    of the MSRP fillers."""
    in_sts = {_plain(s) for p in sts for s in p[:2]}
    for_sts = [tuple(p[:2]) for p in msrp if not {_plain(s) for s in p[:2]} & in_sts]
    return [tuple(p) for p in headlines], for_sts


class Trial:
    """Two documents with planted pairs among fillers; sentence i of A is planted with planted[i] of B."""

    def __init__(
        self,
        pairs: Sequence[tuple[str, str, float]],
        fillers: Sequence[str],
        rng: random.Random,
        embed: bool = False,
    ):
        half = len(fillers) // 2
        a = [(p[0], k) for k, p in enumerate(pairs)] + [(s, None) for s in fillers[:half]]
        rest = list(fillers[half:])
        # With ``embed``, each planted sentence of B carries another, unrelated clause: "…, and …".
        second = [_joined(p[1], rest.pop()) for p in pairs] if embed else [p[1] for p in pairs]
        b = [(text, k) for k, text in enumerate(second)] + [(s, None) for s in rest]
        rng.shuffle(a)
        rng.shuffle(b)
        self.a = [s for s, _ in a]
        self.b = [s for s, _ in b]
        where_b = {k: j for j, (_, k) in enumerate(b) if k is not None}
        self.planted = {i: where_b[k] for i, (_, k) in enumerate(a) if k is not None}
        self.pair_of = {i: k for i, (_, k) in enumerate(a) if k is not None}


def _joined(sentence: str, clause: str) -> str:
    """One sentence saying both: the fact inside a longer sentence, as outlets often write it."""
    clause = clause.strip().rstrip(".")
    return f"{sentence.strip().rstrip('.')}, and {clause[:1].lower()}{clause[1:]}."


def reader_links(module_root: Path | None) -> Callable[[list[str], list[str]], set[tuple[int, int]]]:
    """Reader (this checkout, or the one in ``module_root``) as a linker of sentences."""
    if module_root is not None:
        for name in [m for m in sys.modules if m == "reader" or m.startswith("reader.")]:
            del sys.modules[name]
        sys.path.insert(0, str(module_root))
    else:
        sys.path.insert(0, str(ROOT))
    align = importlib.import_module("reader.core.alignment.align").align
    source_from_text = importlib.import_module("reader.core.reading.sources").source_from_text
    if module_root is not None:
        sys.path.pop(0)

    def links(a: list[str], b: list[str]) -> set[tuple[int, int]]:
        texts = ["\n\n".join(a) + "\n", "\n\n".join(b) + "\n"]
        starts = [_starts(a), _starts(b)]
        alignment = align([source_from_text(texts[0], "a.txt"), source_from_text(texts[1], "b.txt")])
        found = set()
        for group in alignment.groups:
            if len(group.members) < 2:
                continue
            ends = {m.source: _sentence_at(starts[m.source], m.start) for m in group.members}
            found.add((ends[0], ends[1]))
        return found

    return links


def _starts(sentences: list[str]) -> list[int]:
    out, offset = [], 0
    for sentence in sentences:
        out.append(offset)
        offset += len(sentence) + 2
    return out


def _sentence_at(starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(starts, offset) - 1


_TOKEN = re.compile(r"\w+")


def difflib_score(x: str, y: str) -> float:
    return difflib.SequenceMatcher(None, _TOKEN.findall(x.lower()), _TOKEN.findall(y.lower())).ratio()


def cosine_score(stem: Callable[[str], str]) -> Callable[[str, str], float]:
    def score(x: str, y: str) -> float:
        a = Counter(stem(w) for w in _TOKEN.findall(x.lower()))
        b = Counter(stem(w) for w in _TOKEN.findall(y.lower()))
        dot = sum(v * b[k] for k, v in a.items())
        norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
        return dot / norm if norm else 0.0

    return score


_BEST: dict[tuple[int, tuple[str, ...], tuple[str, ...]], list[tuple[int, float]]] = {}


def best_links(score: Callable[[str, str], float], threshold: float):
    """Each sentence of A linked to its best-scoring sentence of B, when the score reaches ``threshold``."""

    def links(a: list[str], b: list[str]) -> set[tuple[int, int]]:
        key = (id(score), tuple(a), tuple(b))
        if key not in _BEST:  # the scores do not depend on the threshold: made once per trial
            best = []
            for x in a:
                scores = [score(x, y) for y in b]
                j = max(range(len(b)), key=scores.__getitem__)
                best.append((j, scores[j]))
            _BEST[key] = best
        return {(i, j) for i, (j, value) in enumerate(_BEST[key]) if value >= threshold}

    return links


def trials(
    pairs: Sequence[tuple[str, str, float]],
    pool: Sequence[tuple[str, ...]],
    count: int,
    seed: int,
    embed: bool = False,
) -> list[Trial]:
    """Trials of PAIRS planted pairs among 2 * FILLER unrelated sentences. The fillers are taken at most one
    from each cluster of the pool's pairs (sentences joined by being paired, directly or through a sentence
    the corpus repeats in several pairs): the two sentences of one pair were paired for being alike, so
    both in one trial would be a planted paraphrase counted as a false link (since the meaning issue's
    fourth round; before, about one per trial was)."""
    rng = random.Random(seed)
    chosen = list(pairs)
    rng.shuffle(chosen)
    clusters = _clusters(tuple(pool))
    out = []
    for start in range(0, min(len(chosen), count * PAIRS), PAIRS):
        planted = chosen[start : start + PAIRS]
        # The corpora repeat some sentences in several pairs: a filler never repeats a planted sentence.
        used = {_plain(s) for p in planted for s in p[:2]}
        open_clusters = [sentences for keys, sentences in clusters if not used & keys]
        fillers = [rng.choice(c) for c in rng.sample(open_clusters, 2 * FILLER)]
        out.append(Trial(planted, fillers, rng, embed))
    return out


@functools.cache
def _clusters(pool: tuple[tuple[str, ...], ...]) -> list[tuple[frozenset[str], tuple[str, ...]]]:
    """The pool's clusters: (the plain forms of its sentences, one sentence as written per plain form)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first: dict[str, str] = {}  # plain form -> the sentence as written (one per plain form)
    for pair in pool:
        keys = [_plain(s) for s in pair]
        for key, sentence in zip(keys, pair, strict=True):
            first.setdefault(key, sentence)
        for key in keys[1:]:
            parent[root(key)] = root(keys[0])
    members: dict[str, list[str]] = {}
    for key in sorted(first):
        members.setdefault(root(key), []).append(key)
    return [(frozenset(keys), tuple(first[key] for key in keys)) for _, keys in sorted(members.items())]


def _plain(sentence: str) -> str:
    return " ".join(_TOKEN.findall(sentence.lower()))


def evaluate(links: Callable[[list[str], list[str]], set[tuple[int, int]]], runs: list[Trial], pairs_of):
    """Linked share of planted pairs by their label or score band, and false links per 1,000."""
    linked: Counter[Any] = Counter()
    planted: Counter[Any] = Counter()
    false = unrelated = 0
    seconds = 0.0
    for trial, labels in zip(runs, pairs_of, strict=True):
        started = time.perf_counter()
        found = links(trial.a, trial.b)
        seconds += time.perf_counter() - started
        for i, j in trial.planted.items():
            band = labels[trial.pair_of[i]]
            planted[band] += 1
            linked[band] += (i, j) in found
        false += sum(1 for i, j in found if trial.planted.get(i) != j)
        unrelated += len(trial.a) * len(trial.b) - len(trial.planted)
    rates = {band: linked[band] / planted[band] for band in planted}
    return rates, 1000 * false / max(1, unrelated), seconds


def band_msrp(label: float) -> str:
    return "paraphrase" if label >= 1 else "not paraphrase"


def band_sts(score: float) -> str:
    return "4-5" if score >= 4 else "0-1" if score <= 1 else "1-4"


def plant_fragments(count: int, seed: int) -> list[tuple[str, str, str]]:
    """(article with the words, other article with them planted, the words)."""
    rng = random.Random(seed)
    folders = sorted(p for p in (DATA / "revisions").iterdir() if p.is_dir())
    texts = [(folder / "0.txt").read_text(encoding="utf-8") for folder in folders]
    out = []
    sentence = re.compile(r"[^.!?\n]{60,400}[.!?]")
    while len(out) < count:
        x, y = rng.sample(range(len(texts)), 2)
        donors = sentence.findall(texts[x])
        hosts = [m for m in sentence.finditer(texts[y])]
        if not donors or not hosts:
            continue
        words = rng.choice(donors).split()
        if len(words) < 14:
            continue
        length = rng.randint(8, 14)
        start = rng.randint(0, len(words) - length)
        fragment = " ".join(words[start : start + length]).strip(',;:()"')
        if len(fragment.split()) < 8:
            continue
        host = rng.choice(hosts)
        host_words = host.group().split()
        cut = rng.randint(1, max(1, len(host_words) - 1))
        planted = " ".join([*host_words[:cut], "—", fragment, "—", *host_words[cut:]])
        other = texts[y][: host.start()] + planted + texts[y][host.end() :]
        out.append((texts[x][:20000], other[:20000], fragment))
    return out


def fragments_found(
    align: Callable[..., Any], source_from_text: Callable[..., Any], cases
) -> tuple[float, float]:
    """The share of planted fragments Reader reports, covering the planted words (give or take a word's
    edge) in the host article and starting at them in the donor."""
    found = 0
    started = time.perf_counter()
    for donor, host, fragment in cases:
        alignment = align([source_from_text(donor, "donor.txt"), source_from_text(host, "host.txt")])
        at_b, at_a = host.index(fragment), donor.find(fragment)
        for f in getattr(alignment, "fragments", ()):
            spans = {f.source_a: (f.a_start, f.a_end), f.source_b: (f.b_start, f.b_end)}
            b_start, b_end = spans.get(1, (0, 0))
            covers_b = b_start <= at_b + 5 and b_end >= at_b + len(fragment) - 5
            if covers_b and (at_a < 0 or spans.get(0, (0, 0))[0] <= at_a + 5):
                found += 1
                break
    return found / len(cases), time.perf_counter() - started


def tune_threshold(score: Callable[[str, str], float], runs: list[Trial], labels) -> float:
    """The lowest threshold whose false links stay within the budget on these trials."""
    best = 1.0
    for step in range(100, 0, -2):
        threshold = step / 100
        _, false, _ = evaluate(best_links(score, threshold), runs, labels)
        if false > FALSE_LINK_BUDGET:
            break
        best = threshold
    return best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", choices=("tune", "test"), default="test")
    parser.add_argument("--trials", type=int, default=60)
    parser.add_argument("--fragments", type=int, default=200)
    parser.add_argument("--baseline", metavar="DIR", help="a checkout of the previous version of Reader")
    parser.add_argument("--meaning-threshold", type=float, help="try another threshold (tuning only)")
    args = parser.parse_args()

    import snowballstemmer

    stemmer = snowballstemmer.stemmer("english")
    cosine = cosine_score(functools.lru_cache(maxsize=None)(stemmer.stemWord))
    tune_msrp, tune_sts, tune_headlines = load_all("tune")
    msrp, sts, headlines = load_all(args.split)
    other_pools = dict(zip(("MSRP", "STS news"), filler_pools(msrp, sts, headlines), strict=True))
    own_pools = {
        corpus: [tuple(p[:2]) for p in pairs] for corpus, pairs in (("MSRP", msrp), ("STS news", sts))
    }
    tune_pool, _ = filler_pools(tune_msrp, tune_sts, tune_headlines)
    tuning = trials(tune_msrp, tune_pool, min(args.trials, 40), seed=1)
    tuning_labels = [[band_msrp(p[2]) for p in tune_msrp_chunk(tune_msrp, k)] for k in range(len(tuning))]
    thresholds = {
        "difflib word ratio": tune_threshold(difflib_score, tuning, tuning_labels),
        "stemmed bag-of-words cosine": tune_threshold(cosine, tuning, tuning_labels),
    }
    linkers: dict[str, Callable[[list[str], list[str]], set[tuple[int, int]]]] = {
        "Reader": reader_links(None),
    }
    current_align = importlib.import_module("reader.core.alignment.align").align
    current_source = importlib.import_module("reader.core.reading.sources").source_from_text
    if args.meaning_threshold is not None:
        importlib.import_module("reader.core.alignment.align").MEANING_THRESHOLD = args.meaning_threshold
    for name, threshold in thresholds.items():
        score = difflib_score if name.startswith("difflib") else cosine
        linkers[f"{name} (>= {threshold:.2f})"] = best_links(score, threshold)
    if args.baseline:
        linkers["previous Reader"] = reader_links(Path(args.baseline))

    print(f"Split: {args.split}; {PAIRS} pairs and {2 * FILLER} unrelated sentences per trial\n")
    modes = (
        ("the other corpus", other_pools, False),
        ("the same corpus", own_pools, False),
        ("the other corpus; B's sentence carries an unrelated clause too", other_pools, True),
    )
    for fillers, pools, embed in modes:
        for corpus, pairs, band in (("MSRP", msrp, band_msrp), ("STS news", sts, band_sts)):
            runs = trials(pairs, pools[corpus], args.trials, seed=7, embed=embed)
            labels = [[band(p[2]) for p in chunk(pairs, k, seed=7)] for k in range(len(runs))]
            print(f"{corpus} ({len(runs)} trials), unrelated sentences from {fillers}:")
            for name, links in linkers.items():
                rates, false, seconds = evaluate(links, runs, labels)
                shown = ", ".join(f"{b} {rates[b]:.1%}" for b in sorted(rates, reverse=True))
                print(f"  {name:<42} linked: {shown}; false links {false:.2f} per 1,000; {seconds:.2f} s")
            print()
    cases = plant_fragments(args.fragments, seed=3)
    share, seconds = fragments_found(current_align, current_source, cases)
    print(
        f"Copied fragments of 8-14 words planted in other articles: {share:.1%} found ({len(cases)}, {seconds:.1f} s)"
    )


def chunk(pairs: Sequence[tuple[str, str, float]], k: int, seed: int) -> list[tuple[str, str, float]]:
    """The planted pairs of trial ``k`` (trials() shuffles the pairs with the same seed)."""
    rng = random.Random(seed)
    chosen = list(pairs)
    rng.shuffle(chosen)
    return chosen[k * PAIRS : (k + 1) * PAIRS]


def tune_msrp_chunk(pairs: Sequence[tuple[str, str, float]], k: int) -> list[tuple[str, str, float]]:
    return chunk(pairs, k, seed=1)


if __name__ == "__main__":
    main()
