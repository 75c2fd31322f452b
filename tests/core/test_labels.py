"""One short, unique label per source."""

from pathlib import Path

import pytest

from reader.core.reading.labels import LONG, SHORT, source_labels
from reader.core.reading.sources import Source, read_source

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def source(title: str, outlet: str | None = None, path: str = "story.txt") -> Source:
    return Source(path, "Some text.", title, "text", "utf-8", outlet=outlet)


def test_the_sample_story_gets_its_outlet_and_short_titles_told_apart() -> None:
    labels = source_labels([read_source(p) for p in SEEDS])
    assert labels == [
        "WIRED",
        "Elon Musk Admits xAI…",
        "Musk Admits xAI Used…",
        "Musk Says xAI Partly…",
        "Musk Admits xAI Distilled…",
    ]


def test_titles_that_share_a_prefix_are_told_apart_by_the_words_where_they_part() -> None:
    titles = [
        "Musk Admits xAI Used OpenAI Models for Training",
        "Musk Admits xAI Distilled OpenAI Models to Train Grok",
        "Musk Admits xAI Used OpenAI Models in Court",
        "Musk Admits",
    ]
    labels = source_labels([source(t) for t in titles])
    assert len({label.casefold() for label in labels}) == len(labels)
    stems = [label.removesuffix("…").split() for label in labels[:3]]
    for i, mine in enumerate(stems):  # no label is the start of another: each says something of its own
        assert all(mine != theirs[: len(mine)] for j, theirs in enumerate(stems) if j != i)
    assert labels[1] == "Musk Admits xAI Distilled…"
    assert labels[0] == "Musk Admits … for Training"  # past LONG characters, the shared words are elided
    assert labels[3] == "Musk Admits"


def test_a_long_shared_prefix_is_elided_and_the_label_stays_short() -> None:
    lead = "Live updates: the Musk and OpenAI trial enters its"
    labels = source_labels([source(f"{lead} {day} day in federal court") for day in ("third", "fourth")])
    assert labels == ["Live updates: … third day in…", "Live updates: … fourth day in…"]
    assert all(len(label) <= LONG for label in labels)


def test_the_same_outlet_twice_is_numbered_in_order_and_case_does_not_tell_labels_apart() -> None:
    labels = source_labels([source("A", "WIRED"), source("B", "Reuters"), source("C", "wired")])
    assert labels == ["WIRED (1)", "Reuters", "wired (2)"]


@pytest.mark.parametrize(
    ("title", "path", "expected"),
    [
        ("", "/tmp/notes/0042_story.txt", "0042_story"),
        ("   ", "https://example.com/news/story", "story"),
        (
            "Supercalifragilisticexpialidocious-Mega-Title wins",
            "a.txt",
            "Supercalifragilisticexpialidocious-Mega-Title…",
        ),
    ],
)
def test_without_outlet_or_title_the_file_names_it_and_a_long_word_is_kept_whole(
    title: str, path: str, expected: str
) -> None:
    assert source_labels([source(title, path=path)]) == [expected]


def test_labels_are_short() -> None:
    titles = [f"Headline number {n} about a long and winding story of the day" for n in range(40)]
    labels = source_labels([source(t) for t in titles])
    assert len(set(labels)) == 40
    assert max(len(label) for label in labels) <= LONG + 1
    assert all(len(label) <= SHORT + 1 for label in source_labels([source(t) for t in titles[:1]]))
