"""Where a source's outlet comes from: its metadata, its file's name, or the words it names itself with."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from reader.core.provenance.attribution import find_credits
from reader.core.provenance.who_first import provenance
from reader.core.reading.sources import outlet_origin, read_source, source_from_text


def outlet(text: str, path: str = "untitled.txt") -> tuple[str | None, str | None, str | None]:
    source = source_from_text(text, path)
    return source.outlet, source.outlet_how, source.outlet_from


def test_words_an_outlet_writes_only_of_itself_give_the_outlet_surely() -> None:
    assert outlet("Headline\n\nFox News has learned that the deal is off.\n") == (
        "Fox News",
        "self-reference",
        "Fox News has learned",
    )
    assert outlet("Headline\n\nHuffPost reached out to the campaign.\n")[:2] == (
        "The Huffington Post",
        "self-reference",
    )
    assert outlet("Headline\n\nBody.\n\n© 2012 The Huffington Post\n")[:2] == (
        "The Huffington Post",
        "self-reference",
    )
    assert outlet("Headline\n\nBody.\n\nCopyright 2012 The Associated Press. All rights reserved.\n") == (
        "The Associated Press",
        "self-reference",
        "Copyright 2012 The Associated Press",
    )
    assert outlet("Headline\n\nBody. Associated Press writer Jane Doe contributed to this report.\n")[:2] == (
        "The Associated Press",
        "self-reference",
    )
    assert outlet("Headline\n\nOther jurors contacted by The Atlanta Journal-Constitution declined.\n")[
        :2
    ] == (
        "The Atlanta Journal-Constitution",
        "self-reference",
    )


def test_a_plain_mention_gives_the_outlet_as_a_guess_and_other_outlets_words_give_none() -> None:
    assert outlet("Headline\n\nA new Fox News poll shows a tie.\n") == (
        "Fox News",
        "plain mention",
        "A new Fox News poll",
    )
    assert outlet("Headline\n\nWired.com takes a look back at the ten actors.\n")[:2] == (
        "WIRED",
        "plain mention",
    )
    for text in (
        "Musk told Fox News that the deal is off.",  # an interview: any outlet writes it
        "According to a Fox News poll, it is a tie.",
        "He told FoxNews.com so.",
        "The deal is off, NYTimes.com reported.",
        "The Associated Press contributed to this report.",  # a wire service's material, not its own text
        "Investigators have learned that the fire was set.",
        "The Times reported last week that the deal was near.",
    ):
        assert outlet(f"Headline\n\n{text}\n") == (None, None, None), text


def test_a_file_named_after_an_outlet_or_its_site_gives_the_outlet() -> None:
    assert outlet("Headline\n\nBody.\n", "stories/nytimes.txt") == (
        "The New York Times",
        "file name",
        "nytimes.txt",
    )
    assert outlet("Headline\n\nBody.\n", "fox_story.txt")[:2] == ("Fox News", "file name")
    assert outlet("Headline\n\nBody.\n", "cbsnews.com_2ecbplus.txt")[:2] == ("CBS News", "file name")
    assert outlet("Headline\n\nBody.\n", "uk.eonline.com_6.txt")[:2] == ("eonline.com", "file name")
    assert outlet("Headline\n\nBody.\n", "bbc.co.uk_1.txt")[:2] == ("BBC", "file name")
    # A header wins over the file's name, the file's name over the text's words; everyday words are not outlets.
    assert outlet("Outlet: The Daily Planet\n\nFox News has learned it.\n", "nytimes.txt")[:2] == (
        "The Daily Planet",
        "header",
    )
    assert outlet("Headline\n\nFox News has learned it.\n", "nytimes.txt")[:2] == (
        "The New York Times",
        "file name",
    )
    assert outlet("Headline\n\nBody.\n", "time.txt") == (None, None, None)
    assert outlet("Headline\n\nBody.\n", "000_96ba02d55be56b15.txt") == (None, None, None)


def test_a_self_reference_ties_the_credits_of_others_and_is_not_a_credit_of_its_own() -> None:
    ajc = source_from_text(
        "Headline\n\nThe jurors, contacted by The Atlanta Journal-Constitution, declined. The Journal-"
        "Constitution reported in March that the trial would be long.\n"
    )
    other = source_from_text(
        "Headline\n\nThe judge ruled, The Atlanta Journal-Constitution reported. The Journal-Constitution "
        "said more.\n"
    )
    credits = find_credits([ajc, other])
    assert [(c.source, c.outlet, c.credited) for c in credits] == [
        (1, "The Atlanta Journal-Constitution", 0),
        (1, "The Journal-Constitution", 0),
    ]


def test_a_plain_mention_does_not_silence_a_credit() -> None:
    guessed = source_from_text("Headline\n\nA new Fox News poll shows a tie. Fox News reported it first.\n")
    assert guessed.outlet_how == "plain mention"
    assert [(c.outlet, c.credited) for c in find_credits([guessed])] == [("Fox News", None)]


def test_the_json_says_how_each_outlet_was_found(tmp_path: Path) -> None:
    (tmp_path / "nytimes.txt").write_text("Headline\n\nThe deal is off, officials said on Tuesday.\n")
    (tmp_path / "b.txt").write_text("Headline\n\nFox News has learned the deal is off, the Times reported.\n")
    (tmp_path / "c.txt").write_text("Outlet: The Daily Planet\n\nHeadline\n\nThe deal is off.\n")
    (tmp_path / "d.txt").write_text("Headline\n\nNothing names an outlet here.\n")
    paths = [str(tmp_path / name) for name in ("nytimes.txt", "b.txt", "c.txt", "d.txt")]
    run = subprocess.run(
        [sys.executable, "-m", "reader", "align", "--json", *paths],
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(run.stdout)
    assert [(s["outlet"], s["outlet_how"]) for s in found["sources"]] == [
        ("The New York Times", "file name"),
        ("Fox News", "self-reference"),
        ("The Daily Planet", "header"),
        (None, None),
    ]
    assert found["sources"][1]["outlet_from"] == "Fox News has learned"
    assert [(c["source"], c["outlet"], c["credited"]) for c in found["credits"]] == [
        ("s2", "the Times", "s1")
    ]
    assert outlet_origin(read_source(paths[0])) == "from the file's name “nytimes.txt”"


def test_the_outlet_the_user_sets_ties_the_credits_to_that_source(seed_paths) -> None:
    from reader.comparison import Comparison
    from reader.store import source_details

    comparison, _ = Comparison.load(seed_paths)
    assert comparison is not None
    verge = [c for c in provenance(comparison.alignment).credits if c.outlet == "The Verge"]
    assert verge and all(c.credited is None for c in verge)  # no compared source is The Verge's
    comparison.set_details(1, source_details(None, "The Verge", None))
    assert (comparison.sources[1].outlet, comparison.sources[1].outlet_how) == ("The Verge", "user")
    verge = [c for c in provenance(comparison.alignment).credits if c.outlet == "The Verge"]
    assert [c.source for c in verge] == [3, 4] and all(c.credited == 1 for c in verge)
