"""A sentence that reports two facts is linked to the passages of another source that report each."""

from __future__ import annotations

import json

from reader.core.alignment.align import align
from reader.core.alignment.relations import shares
from reader.core.provenance.who_first import provenance
from reader.core.reading.sources import Source, source_from_text
from reader.export.alignment_json import to_json

TWO_FACTS = (
    "Trial report\n\nMusk testified on Thursday in federal court in Oakland, where he said xAI had partly used "
    "OpenAI's models to train Grok.\n\nThe trial continues next week with more witnesses from both companies.\n"
)
ONE_EACH = (
    "Court notes\n\nElon Musk testified on Thursday in the federal court in Oakland.\n\nThe courtroom was packed "
    "with reporters and lawyers from both sides of the case.\n\nHe said xAI had partly used OpenAI's models to "
    "train its chatbot Grok.\n"
)
THIRD = "Brief\n\nxAI had partly used OpenAI's models to train Grok, Musk said in court.\n"


def _sources() -> list[Source]:
    return [
        source_from_text(TWO_FACTS, "/tmp/two-facts.txt"),
        source_from_text(ONE_EACH, "/tmp/one-each.txt"),
        source_from_text(THIRD, "/tmp/third.txt"),
    ]


def test_a_sentence_of_two_facts_is_linked_to_both_passages_of_another_source() -> None:
    alignment = align(_sources())
    two_facts = TWO_FACTS.index("Musk testified")
    tied = {
        (link.source_b, alignment.sources[link.source_b].text[link.b_start : link.b_end])
        for link in alignment.links
        if link.source_a == 0 and link.a_start == two_facts
    }
    assert (1, "He said xAI had partly used OpenAI's models to train its chatbot Grok.") in tied
    grouped = alignment.member_at(0, two_facts)
    assert grouped is not None
    other = grouped[1].member(1)
    assert other is not None and alignment.member_text(other).startswith("Elon Musk testified")
    # The details of the group name the second passage too.
    assert any(link.group_a == grouped[1].id or link.group_b == grouped[1].id for link in alignment.links)
    assert alignment.links_of(grouped[1].id)


def test_a_link_counts_in_shares_once_and_its_words_in_copying() -> None:
    alignment = align(_sources())
    without = align(_sources())
    object.__setattr__(without, "links", ())
    assert shares(alignment)[(0, 1)] > shares(without)[(0, 1)]
    copied = provenance(alignment).between(0, 1) or provenance(alignment).between(1, 0)
    before = provenance(without).between(0, 1) or provenance(without).between(1, 0)
    assert copied is not None and before is not None
    assert copied.copied > before.copied


def test_links_are_in_the_json_with_both_texts() -> None:
    alignment = align(_sources())
    data = json.loads(to_json(alignment))
    assert data["schema"] == "reader.alignment/2"
    texts = {s["id"]: s["text"] for s in data["sources"]}
    assert data["links"]
    for link in data["links"]:
        a, b = link["sources"]
        assert texts[a][slice(*link["a"])] == link["a_text"]
        assert texts[b][slice(*link["b"])] == link["b_text"]
        assert link["classification"] in {"identical", "reworded", "paraphrase"}
        assert 0 <= link["confidence"] <= 1
