"""Reading WordNet 3.1's database files (its dict folder), for the scripts that make Reader's lexicon."""

from __future__ import annotations

from pathlib import Path

POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
LINKS = "+\\&<="  # derivation, pertainym, similar to, participle, attribute


Pointer = tuple[str, str, str]  # (symbol, target synset, word numbers: "0000" for the whole synset)


def read_wordnet(
    folder: Path,
) -> tuple[
    dict[str, list[list[str]]],
    dict[str, list[str]],
    dict[str, list[str]],
    list[tuple[str, int, str, int, str]],
]:
    """(lemma -> its synsets by frequency, one list per part of speech; synset -> its lemmas; synset -> the
    synsets it is a kind of; antonym and ``LINKS`` pointers as (synset, word number, synset, word number,
    symbol), word number 0 for the whole synset). A synset is its part of speech and offset: "v01323958"."""
    lemmas: dict[str, list[str]] = {}
    kinds: dict[str, list[str]] = {}
    links: list[tuple[str, int, str, int, str]] = []
    for synset, (words, pointers) in read_pointers(folder, tuple(POS)).items():
        lemmas[synset] = [word.lower() for word in words]
        kinds[synset] = []
        for symbol, other, numbers in pointers:
            if symbol in ("@", "@i"):
                kinds[synset].append(other)
            elif symbol == "!" or symbol in LINKS:
                links.append((synset, int(numbers[:2], 16), other, int(numbers[2:], 16), symbol))
    senses: dict[str, list[list[str]]] = {}
    for name, pos in POS.items():
        for line in (folder / f"index.{name}").read_text(encoding="utf-8").splitlines():
            if line.startswith("  "):
                continue
            fields = line.split()
            pointers = int(fields[3])
            senses.setdefault(fields[0], []).append([pos + offset for offset in fields[6 + pointers :]])
    return senses, lemmas, kinds, links


def read_pointers(
    folder: Path, names: tuple[str, ...] = ("noun", "adj")
) -> dict[str, tuple[list[str], list[Pointer]]]:
    """synset -> (its lemmas as written, with "_" between words; its pointers), for the parts of speech
    ``names``: the one reading of WordNet's data files."""
    found: dict[str, tuple[list[str], list[Pointer]]] = {}
    for name in names:
        pos = POS[name]
        for line in (folder / f"data.{name}").read_text(encoding="utf-8").splitlines():
            if line.startswith("  "):
                continue  # the licence header
            fields = line.partition("|")[0].split()
            count = int(fields[3], 16)
            words = [fields[4 + 2 * k].partition("(")[0] for k in range(count)]
            at = 4 + 2 * count
            pointers = []
            for k in range(int(fields[at])):
                symbol, offset, target, numbers = fields[at + 1 + 4 * k : at + 5 + 4 * k]
                pointers.append((symbol, ("a" if target == "s" else target) + offset, numbers))
            found[pos + fields[0]] = (words, pointers)
    return found
