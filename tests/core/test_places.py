"""Places as anchors of a fact: one country whichever way a text names it, and two countries two events."""

from reader.core.alignment.candidates import keeps_content
from reader.core.checks import entities
from reader.core.checks.entities import anchors, other_countries, places
from reader.core.checks.meaning import MeaningScorer
from reader.core.text import lexicon

from .test_relations import group_of, pair


def countries(text: str) -> set[str]:
    return set().union(*(place[0] for place in places(text)))


def test_a_country_is_the_same_whichever_way_a_text_names_it() -> None:
    assert "egypt" in countries("Police fired tear gas at protesters in Cairo.")
    assert countries("Egyptian police fired tear gas.") == {"egypt"}
    assert countries("Protests spread across Egypt.") == {"egypt"}
    us = {"united states"}
    for text in (
        "U.S. expels Venezuelan diplomats",
        "USA expels Venezuela diplomats",
        "American officials left",
    ):
        assert us <= countries(text), text
    assert countries("Driver in Spanish train crash") == countries("Train driver in Spain crash") == {"spain"}
    # The longest name wins: "South Korea" is not "Korea" and a stray "South".
    assert places("Talks with South Korea resumed.") == ((frozenset({"south korea"}), ("south", "korea")),)
    assert "united kingdom" in countries("Fog closed airports in London.")


def test_a_name_that_is_also_an_ordinary_word_is_a_place_only_when_written_as_one() -> None:
    assert countries("Exports to China rose.") == {"china"}
    assert countries("She collected fine china and turkey feathers.") == set()
    assert countries("China stocks open lower") == set()  # the first word: a capital says nothing
    assert countries("China Stocks Open Lower On Friday") == set()  # a headline in title case
    assert countries("US troops left the base.") == {"united states"}  # capitals say it anywhere
    assert countries("Tell us more about it.") == set()


def test_names_of_places_are_compared_by_country() -> None:
    # "Venezuela" and "Venezuelan" are one name now: the two headlines are no longer two sets of names.
    first, second = (
        anchors("USA expels Venezuela diplomats in row"),
        anchors("U.S. expels Venezuelan diplomats"),
    )
    assert first == second == {"@venezuela"} and not entities.names_differ(
        "USA expels Venezuela diplomats in row", "U.S. expels Venezuelan diplomats"
    )
    assert entities.names("USA expels Venezuela diplomats in row") != entities.names(
        "U.S. expels Venezuelan diplomats"
    )
    alignment = pair(
        "Driver in Spanish train crash faces questions from judge.",
        "Train driver in Spain crash questioned by judge.",
    )
    member, group = group_of(alignment, 1, "Train driver")
    assert group.sources == {0, 1} and member.found_by == "meaning"


def test_the_same_kind_of_event_in_another_country_is_not_linked() -> None:
    a, b = "Burundi police fire tear gas at protesters.", "Police fire tear gas at protesters in Bangkok."
    assert other_countries(a, b)
    assert all(len(group.members) == 1 for group in pair(a, b).groups)  # most words alike: not an edited copy
    assert not keeps_content(a, b, 0.5)
    c, d = "Italy soldiers die in Afghanistan", "British soldier killed in Afghanistan"
    assert other_countries(c, d)  # each names a country the other does not
    assert MeaningScorer.of([c, d]).score(0, 1) == 0.0
    # One country more is a detail more, not another place: "Iran nuclear talks" / "Germany welcomes ...".
    assert not other_countries(
        "No agreement at Iran nuclear talks", "Germany welcomes Iran nuclear agreement"
    )


def test_a_person_both_name_makes_two_countries_one_story() -> None:
    a = "Joachim Gauck was elected as German president on Sunday."
    b = "The East German rights activist Gauck was elected president on Sunday."
    assert "germany" in countries(a) and "east germany" in countries(b) and not countries(a) & countries(b)
    assert not other_countries(a, b)
    assert other_countries(a.replace("Joachim Gauck was", "He was"), b)


def test_a_long_edited_passage_keeps_its_link_when_a_country_changes() -> None:
    """In a long passage a changed country is an edit to show, not another event."""
    old = (
        "The minister said on Tuesday that the government would send two hundred engineers and a field "
        "hospital to Egypt before the end of the month, after talks with the aid agencies."
    )
    new = old.replace("Egypt", "Libya")
    member, group = group_of(pair(old, new), 1, "The minister")
    assert group.sources == {0, 1} and member.found_by == "edited"
    assert [(d.kind, d.a_text, d.b_text) for d in member.discrepancies] == [("name", "Egypt", "Libya")]


def test_the_shipped_table_knows_countries_capitals_and_peoples_and_leaves_out_people() -> None:
    table = lexicon.places()
    assert table["cairo"][0] >= {"egypt"} and table["bangkok"] == (frozenset({"thailand"}), False)
    assert table["egyptians"][0] == {"egypt"} and table["british"][0] == {"united kingdom"}
    assert table["china"][1] and table["us"][1] and not table["iran"][1]
    assert "washington" in table  # a national capital, though a person's name too
    assert "lincoln" not in table  # a town, and a person's name: the name may be the person's


def test_without_the_table_no_place_is_known_and_the_alignment_still_works(monkeypatch, tmp_path) -> None:
    broken = tmp_path / "places.tsv.gz"
    broken.write_bytes(b"not gzip")
    monkeypatch.setattr(lexicon, "resource_path", lambda *parts: broken)
    lexicon._place_tables.cache_clear()
    for cached in (places, entities.countries, anchors):
        cached.cache_clear()
    try:
        assert lexicon.places() == {} and places("Protests spread across Egypt.") == ()
        alignment = pair(
            "Police fire tear gas at protesters in Cairo.", "Police fire tear gas at protesters in Cairo!"
        )
        assert any(len(group.members) == 2 for group in alignment.groups)
    finally:
        lexicon._place_tables.cache_clear()
        for cached in (places, entities.countries, anchors):
            cached.cache_clear()
