"""The facts written down for the sample story (tests/data/sample_story_facts.json) point at real passages."""

import json
from pathlib import Path

from reader.core.reading.sources import read_source

ROOT = Path(__file__).resolve().parents[1]


def test_every_anchor_is_found_once_in_its_seed() -> None:
    seeds = [read_source(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    facts = json.loads((ROOT / "tests" / "data" / "sample_story_facts.json").read_text(encoding="utf-8"))[
        "facts"
    ]
    assert len(facts) >= 10
    for fact in facts:
        sources = {source for source, _ in fact["passages"]}
        assert len(sources) >= 2, fact["fact"]  # a fact reported by one source only links nothing
        for source, anchor in fact["passages"]:
            assert seeds[source].text.count(anchor) == 1, (source, anchor)
