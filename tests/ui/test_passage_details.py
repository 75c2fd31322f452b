"""The passage details in plain words (real panel, real alignments): sources named by their label, no
group ids, indexes or hashed file names, and every percentage saying what it measures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.comparison import Comparison
from reader.core.alignment.align import AlignOptions
from reader.core.reading.labels import source_labels
from reader.core.reading.sources import source_from_text
from reader.ui.details import DetailsPanel
from reader.ui.link_verdicts import LinkVerdictBar
from reader.ui.passage_words import how_related
from reader.ui.theme import LIGHT

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))

INTERNAL = [
    (re.compile(r"\bg\d+\b"), "a group id"),
    (re.compile(r"\bs\d+\b"), "a source index"),
    (re.compile(r"_[0-9a-f]{16}\.txt"), "a hashed file name"),
    (re.compile(r"confidence|found by|comparand|A group holds", re.IGNORECASE), "an internal word"),
    (re.compile(r"~\d"), "an unexplained approximate percentage"),
]
EXPLAINED = re.compile(r"\d+% (likely the same fact|of the words line up)")


def readers_own(alignment, shown: str, found: re.Match[str]) -> bool:
    """Reader's words, not a source's ("scored 81.9% on the CyberGym benchmark", "~40 orgs")."""
    around = shown[max(0, found.start() - 12) : found.end() + 12]
    return not any(around in source.text for source in alignment.sources)


@pytest.fixture(scope="module")
def sample():
    comparison, refused = Comparison.load([str(p) for p in SEEDS], AlignOptions())
    assert comparison is not None and not refused
    return comparison.alignment


def test_every_passage_of_the_sample_is_described_in_plain_words(qtbot, sample) -> None:
    panel = DetailsPanel(LIGHT)
    qtbot.addWidget(panel)
    labels = source_labels(sample.sources)
    for group in sample.groups:
        panel.show_group(sample, group.id, list(range(len(sample.sources))))
        shown = panel.toPlainText()
        for pattern, what in INTERNAL:
            said = [found.group() for found in pattern.finditer(shown) if readers_own(sample, shown, found)]
            assert not said, f"{what} in the details of group {group.id}: {shown[:400]}"
        for found in re.finditer(r"\d+%", shown):
            if readers_own(sample, shown, found):
                assert EXPLAINED.match(shown, found.start()), shown  # Reader's figure says what it measures
        assert all(labels[m.source] in shown for m in group.members)  # each source named by its label


def test_the_labels_are_short_unique_and_the_outlet_when_known(sample) -> None:
    labels = source_labels(sample.sources)
    assert len(set(labels)) == len(labels)
    assert labels[0] == "WIRED"  # its outlet
    assert all(len(label) <= 40 for label in labels)
    # Two titles that begin alike ("Musk Admits xAI …") are told apart by more of their words.
    assert "Musk Admits xAI Used…" in labels and "Musk Admits xAI Distilled…" in labels


def test_sources_of_one_title_are_told_apart_by_their_file_names() -> None:
    text = "The council voted on Tuesday to close the bridge for repairs."
    sources = [
        source_from_text(text, "/tmp/a.txt", title="Bridge closed"),
        source_from_text(text, "/tmp/b.txt", title="Bridge closed"),
        source_from_text(text, "/tmp/c.txt", title="Bridge closed", outlet="The Courier"),
    ]
    labels = source_labels(sources)
    assert len(set(labels)) == 3 and labels[2] == "The Courier"


def test_a_link_only_possibly_right_says_how_likely_and_that_it_is_not_counted() -> None:
    said = how_related("paraphrase", 0.3, 0.52, "WIRED")
    assert said == (
        "possibly the same fact as WIRED in other words: only 52% likely the same fact, so it is not "
        "counted in the shares"
    )
    assert how_related("paraphrase", 0.3, 0.87, "WIRED").startswith("the same fact as WIRED in other words")
    assert how_related("reworded", 0.61, 0.61, "WIRED") == (
        "an edited copy of the passage in WIRED: 61% of the words line up"
    )


def test_the_told_again_passage_names_its_first_telling_not_a_group(qtbot, sample) -> None:
    group = next(g for g in sample.groups if g.repeats is not None)
    panel = DetailsPanel(LIGHT)
    qtbot.addWidget(panel)
    panel.show_group(sample, group.id, list(range(len(sample.sources))))
    shown = panel.toPlainText()
    label = source_labels(sample.sources)[group.reference]
    first = sample.group_by_id[group.repeats].member(group.reference)
    assert f"{label} says this a second time" in shown
    assert " ".join(sample.member_text(first).split())[:60] in shown


def test_the_links_to_judge_are_named_by_label(qtbot, sample) -> None:
    bar = LinkVerdictBar()
    qtbot.addWidget(bar)
    group = next(g for g in sample.groups if g.kind == "paraphrase" and len(g.members) >= 3)
    bar.show_group(sample, group.id)
    texts = [bar.choice.itemText(i) for i in range(bar.choice.count())]
    assert texts and all("↔" in text and not re.search(r"_[0-9a-f]{16}\.txt", text) for text in texts)
    assert all(re.search(r"the same words|\d+% of the words line up|\d+% likely", text) for text in texts)
