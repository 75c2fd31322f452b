"""Differing details a reader would call differences (issue 31): the false alarms judged on real stories are
silent, and the disagreements that were missed are found. Each pair is shaped after one seen in a real
story; each is compared as Reader compares it, through the word diff of the two passages."""

from __future__ import annotations

import pytest

from reader.core.alignment.align import align
from reader.core.checks.details import DetailKind, find_discrepancies
from reader.core.reading.sources import source_from_text
from reader.core.text.diffing import word_diff
from reader.core.text.normalize import Normalization

EDITED: tuple[DetailKind, ...] = ("date", "number", "name", "quote")  # an edited copy: every kind
MEANING: tuple[DetailKind, ...] = ("date", "number", "quote")  # a link by meaning: no names


def differing(
    a: str, b: str, kinds: tuple[DetailKind, ...] = EDITED, outlets=()
) -> list[tuple[str, str, str]]:
    diff = word_diff(a, b, Normalization())
    found = find_discrepancies(a, 0, b, 0, diff.edits, kinds, outlets=outlets)
    for d in found:  # the offsets say where each detail is
        assert a[d.a_start : d.a_end] == d.a_text and b[d.b_start : d.b_end] == d.b_text
    return [(d.kind, d.a_text, d.b_text) for d in found]


SILENT = {
    "a state without its period": (
        "The plant in Little Rock, Ark will close in the spring, the company said.",
        "The plant in Little Rock, Arkansas, will close in the spring, the company said.",
    ),
    "a title in other words": (
        "Asked about the bill on Monday, Speaker Ryan said it was dead.",
        "Asked about the bill on Monday, Rep. Ryan said it was dead.",
    ),
    "a month is not a name": (
        "Ryan said in March that the bill was dead, and that talks would resume.",
        "Ryan said in April that the bill was dead, and that talks would resume.",
    ),
    "a speaker against the outlet he spoke to": (
        "The plan is dead, he told CNN on Sunday.",
        "The plan is dead, Ryan said on Sunday.",
    ),
    "a party-state designation against of <State>": (
        "The bill was written by Rep. Paul D. Ryan of Wisconsin and passed on Monday.",
        "The bill was written by Rep. Paul Ryan, R-Wis., and passed on Monday.",
    ),
    "a designation in brackets against Republican of <State>": (
        "The bill was written by Rep. Paul D. Ryan, Republican of Wisconsin, and passed on Monday.",
        "The bill was written by Rep. Paul Ryan (R-Wis.) and passed on Monday.",
    ),
    "a designation with a postal code": (
        "The measure was backed by Sen. Chuck Schumer of New York on Tuesday.",
        "The measure was backed by Sen. Chuck Schumer, D-NY, on Tuesday.",
    ),
    "two outlets' datelines": ("Published: May 23,2005", "Posted: May 24,2005 3:23 PM ET"),
    "a contraction inside a quotation": (
        "\"I know that the things I've done caused a lot of pain and I'm sorry,\" he said.",
        '"I know that the things that I\'ve done caused a lot of pain, and I am sorry," he said.',
    ),
    "the writer's words in brackets inside a quotation": (
        '"[The police] have a hard time because there\'s a lot of crime here," a barber said.',
        '"They have a hard time because there\'s a lot of crime here," a barber said.',
    ),
    "an acronym and its words": (
        "He was on probation for a previous DUI arrest, the CHP said.",
        "He was on probation for a previous DUI arrest, the California Highway Patrol said.",
    ),
    "an acronym inside a quotation": (
        'Budd said the company "encourages all Internet Explorer customers to deploy this update".',
        'Budd said the company "encourages all IE customers to deploy this update".',
    ),
    "a name in the plural": (
        "Chargers Jamal Williams was arrested for DUI on Tuesday, police said.",
        "Charger Jamal Williams was arrested on suspicion of DUI on Tuesday, police said.",
    ),
    "a country and its capital": (
        "Taban Deng, the governor of Unity state, accused Sudan of carrying out the attack.",
        "Taban Deng, the governor of Unity state, accused Khartoum of carrying out the attack.",
    ),
    "a city and the country it is in": (
        "Thousands marched through Greece on Sunday against the cuts, police said.",
        "Thousands marched through Athens on Sunday against the cuts, police said.",
    ),
    "a name with and without its accents": (
        "The shop of Jose Mendez was robbed on Sunday, police said.",
        "The shop of José Méndez was robbed on Sunday, police said.",
    ),
    "one name ending in two common words": (
        "Indonesia lies on the Ring of Fire, an arc of volcanoes encircling the Pacific Basin.",
        "Indonesia lies on the Ring of Fire, an arc of volcanoes encircling the Pacific Ocean.",
    ),
    "two officials named in one place": (
        "The arrest was confirmed by Chief Anna Berg on Sunday.",
        "The arrest was confirmed by Mayor Tom Ruiz on Sunday.",
    ),
    "small words swapped inside a quotation": (
        '"We owe it to the people of this city," the mayor said.',
        '"We owe that to the people of this city," the mayor said.',
    ),
    "one word written apart inside a quotation": (
        '"The data center will open next year," the company said.',
        '"The datacenter will open next year," the company said.',
    ),
    "an amount with its scale said once": (
        "The team offered a deal worth $140 million over seven years, the agent said.",
        "The team offered a deal worth $140 over seven years, the agent said.",
    ),
    "two phrases of one speaker at one place": (
        'On May 4 Musk said that xAI had done so "partly".',
        'On May 4 Musk said that xAI had done so "generally".',
    ),
}


@pytest.mark.parametrize("case", sorted(SILENT))
def test_forms_of_one_detail_and_details_in_other_roles_are_not_differences(case: str) -> None:
    a, b = SILENT[case]
    assert differing(a, b) == []
    assert differing(b, a) == []


MEANING_SILENT = {
    "two phrases of one speaker": (
        'Musk said it was "standard practice" across the industry.',
        'Musk said "generally all the AI companies" do it.',
    ),
    "equal values in other forms": (
        "The fund lost $5.6bn, five banks failed and 10 percent of 1,000 firms closed.",
        "Five banks failed, 10% of 1000 firms closed and the fund lost $5.6 billion.",
    ),
    "a number said to be approximate": (
        "About 1.5 million people voted early, officials said.",
        "Officials said 1,523,000 people had voted early.",
    ),
    "a rounded number that agrees at its precision": (
        "Officials said 1.5 million people voted early.",
        "Officials said 1,523,000 people had voted early.",
    ),
    "a time and an age": (
        "Johnson was walking in a crosswalk outside the store when she was struck around 7 p.m. Wednesday.",
        "LuAnn Marie Johnson, 66, of Burnsville was killed Wednesday night as she walked outside the store.",
    ),
    "two teams' records": (
        "The Saints (11-5) face the Seahawks on Saturday in a wildcard game.",
        "The Colts (11-4) face the Seahawks on Saturday in a wildcard game.",
    ),
    "two players' points": (
        "Hansbrough finished the game with 20 points and nine rebounds.",
        "Vaughn finished with 16 points and nine rebounds in the first half.",
    ),
    "an amount and its conversion": (
        "Damage to the Wasilla Bible Church was estimated at $1 million, authorities said Saturday.",
        "Damage to the church was estimated at $US1 million ($1.52 million), authorities said.",
    ),
    "a bound the exact number keeps": (
        "More than 1,500 people were evacuated from the coast, the agency said.",
        "The agency said 1,612 people were evacuated along the coast.",
    ),
}


@pytest.mark.parametrize("case", sorted(MEANING_SILENT))
def test_numbers_that_can_both_be_true_and_two_quotations_are_not_differences(case: str) -> None:
    a, b = MEANING_SILENT[case]
    assert differing(a, b, MEANING) == []
    assert differing(b, a, MEANING) == []


FOUND = {
    "an ad buy said two ways": (
        "The campaign announced a $1 million ad buy in Ohio on Tuesday.",
        "On Tuesday the campaign said it had placed an ad buy of $500,000 across Ohio.",
        ("number", "$1 million", "$500,000"),
    ),
    "a count of women": (
        "1.5 million women lost coverage under the rule, the study found.",
        "The study found the rule cost 1.6 million women their insurance.",
        ("number", "1.5 million", "1.6 million"),
    ),
    "a count moved to another place in the sentence": (
        "The rule cost 1.5 million women their coverage last year, the study found.",
        "The rule cost women their coverage last year, 1.6 million of them, the study found.",
        ("number", "1.5 million", "1.6 million"),
    ),
    "an approximate count outside its precision": (
        "About 1.5 million women lost coverage under the rule, the study found.",
        "The study found the rule cost 1.6 million women their insurance.",
        ("number", "1.5 million", "1.6 million"),
    ),
    "an amount asked for with its noun missing": (
        "Trump demanded $5.6 billion for the wall before he would sign.",
        "The president wants $5.7 billion in border funding as a condition.",
        ("number", "$5.6 billion", "$5.7 billion"),
    ),
    "a rounded number that does not agree": (
        "Officials said 1.6 million people voted early.",
        "Officials said 1,523,000 people had voted early.",
        ("number", "1.6 million", "1,523,000"),
    ),
    "one player's points": (
        "Ty Lawson added 16 points for the Tar Heels, and Danny Green had 14.",
        "Danny Green scored 14 points, while Ty Lawson posted 15 points and eight assists in the win.",
        ("number", "16", "15"),
    ),
    "a temperature": (
        "Firefighters fought the blaze in temperatures of minus 17 degrees.",
        "Outside temperatures were minus-20 degrees as firefighters battled the blaze.",
        ("number", "17", "20"),
    ),
    "a death toll": (
        "In 2004 a tsunami killed 170,000 people in the province and thousands more around the ocean.",
        "In 2004, a magnitude 9.1 quake triggered a tsunami that killed some 230,000 people around the ocean.",
        ("number", "170,000", "230,000"),
    ),
    "a score": (
        "Artino scored four straight points that allowed Creighton to open a 45-36 lead with 13:41 to play.",
        "Creighton took its first double-digit lead at 45-35 on a pair of Artino free throws with 13:41 to go.",
        ("number", "45-36", "45-35"),
    ),
    "a million against a billion": (
        "The company said the fine came to $1 million, the regulator said on Monday.",
        "The company said the fine came to $1 billion, the regulator said on Monday.",
        ("number", "$1 million", "$1 billion"),
    ),
    "a figure in full against the same digits with a scale": (
        "The firm paid $2,000 for the licence, its filing shows.",
        "The firm paid $2 million for the licence, its filing shows.",
        ("number", "$2,000", "$2 million"),
    ),
    "a word changed inside a quotation both give": (
        'He warned that "they are building a nuclear bomb and we will not allow it," officials said.',
        'Netanyahu said: "They are building nuclear arms and we will not allow it."',
        ("quote", "bomb", "arms"),
    ),
}


@pytest.mark.parametrize("case", sorted(FOUND))
def test_numbers_and_quoted_words_that_disagree_are_found_in_a_link_by_meaning(case: str) -> None:
    a, b, expected = FOUND[case]
    kind, in_a, in_b = expected
    assert differing(a, b, MEANING) == [expected]
    assert differing(b, a, MEANING) == [(kind, in_b, in_a)]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (  # a different first initial is another person; a missing one is not (above)
            "The bill was written by D. Ryan and passed on Monday.",
            "The bill was written by Paul Ryan and passed on Monday.",
            ("name", "D. Ryan", "Paul Ryan"),
        ),
        (  # a speaker against a speaker, not against the outlet the other one spoke to
            "Ryan told CNN the plan was dead.",
            "Pelosi said the plan was dead.",
            ("name", "Ryan", "Pelosi"),
        ),
        (  # two outlets, both named as outlets
            "The plan is dead, Ryan told CNN on Sunday.",
            "The plan is dead, Ryan told Fox News on Sunday.",
            ("name", "CNN", "Fox News"),
        ),
        (
            "The plant in Little Rock, Ark., will close in the spring, the company said.",
            "The plant in Little Rock, Calif., will close in the spring, the company said.",
            ("name", "Ark", "Calif"),
        ),
        (  # one surname spelt two ways
            "On Friday, 36-year-old Duncan Rait died after falling from a ridge near the glacier.",
            "On Friday, 36-year-old Duncan Raite died after falling from a ridge near the glacier.",
            ("name", "Rait", "Raite"),
        ),
        (  # two cities
            "The plant near Boston will close in the spring, the company said.",
            "The plant near Chicago will close in the spring, the company said.",
            ("name", "Boston", "Chicago"),
        ),
        (
            "The measure was backed by Rep. Paul Ryan, R-Wis., on Tuesday.",
            "The measure was backed by Rep. Paul Ryan, D-Wis., on Tuesday.",
            ("name", "R-Wis.", "D-Wis."),
        ),
    ],
)
def test_names_in_the_same_role_that_differ_are_found(a: str, b: str, expected: tuple[str, str, str]) -> None:
    assert differing(a, b) == [expected]
    kind, in_a, in_b = expected
    assert differing(b, a) == [(kind, in_b, in_a)]


def test_an_outlet_the_sources_name_is_an_outlet_whatever_its_name() -> None:
    a, b = (
        "The plan is dead, Ryan told Puck on Sunday.",
        "The plan is dead, Ryan told Semafor on Sunday.",
    )
    assert differing(a, b) == []  # told someone not named like an outlet: of little value, not shown
    assert differing(a, b, outlets=("Puck", "Semafor")) == [("name", "Puck", "Semafor")]


def test_a_headline_in_title_case_compares_no_names() -> None:
    a = "Ryan Says House Will Vote On Budget In March"
    b = "Pelosi Says House Will Vote On Budget In March"
    assert differing(a, b) == []


def test_a_link_by_meaning_in_a_real_alignment_reports_the_differing_amount() -> None:
    a = "The campaign announced a $1 million ad buy in Ohio aimed at suburban voters on Tuesday."
    b = "An ad buy of $500,000 targeting suburban Ohio voters was placed by the campaign Tuesday."
    filler_a = [
        "The city council approved a new budget for road repairs.",
        "Heavy rain is expected this week.",
    ]
    filler_b = ["A local bakery won a national prize for its bread.", "The club signed a young goalkeeper."]
    first = source_from_text("\n\n".join([a, *filler_a]) + "\n", "a.txt")
    second = source_from_text("\n\n".join([*filler_b, b]) + "\n", "b.txt")
    alignment = align([first, second])
    member, group = alignment.member_at(1, alignment.sources[1].text.index(b))
    assert len(group.members) == 2 and member.found_by == "meaning"
    assert [(d.kind, d.a_text, d.b_text) for d in member.discrepancies] == [
        ("number", "$1 million", "$500,000")
    ]


def test_the_outlets_of_the_compared_sources_are_outlets_in_their_texts() -> None:
    a = "The plan is dead and the vote is off, Ryan told Puck in an interview on Sunday."
    b = "The plan is dead and the vote is off, Ryan told Semafor in an interview on Sunday."

    def found(**outlets: str) -> list[tuple[str, str, str]]:
        first = source_from_text(a + "\n", "a.txt", outlet=outlets.get("a"))
        second = source_from_text(b + "\n", "b.txt", outlet=outlets.get("b"))
        alignment = align([first, second])
        member, group = alignment.member_at(1, 0)
        assert len(group.members) == 2
        return [(d.kind, d.a_text, d.b_text) for d in member.discrepancies]

    assert found() == []  # told someone: an outlet or a person, of little value either way
    assert found(a="Puck", b="Semafor") == [("name", "Puck", "Semafor")]


def test_a_name_is_found_as_a_word_of_its_own_as_the_pattern_finds_it() -> None:
    import re

    from reader.core.checks.detail_names import _has_word

    def pattern(word: str, text: str) -> bool:
        return re.search(r"\b" + re.escape(word) + r"(?:'s|’s)?\b", text) is not None

    words = ["ryan", "o'brien", "at&t", "u.s", "-", "'s", "e", "x_1", "é"]
    texts = ["ryan's", "bryan", "o'brien’s", "at&t.", "u.s.", "a - b", "'s", "e-mail", "x_12", "café é", ""]
    for word in words:
        for text in texts:
            assert _has_word(word, text) == pattern(word, text), (word, text)
