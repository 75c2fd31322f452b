"""The relations between passages: the same fact in other words, copied fragments, conflicting details."""

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.alignment.align import Alignment, align
from reader.core.checks import details as details_module
from reader.core.checks import entities, meaning
from reader.core.checks.details import details, find_discrepancies
from reader.core.checks.meaning import MeaningScorer, content_stems
from reader.core.reading.sources import source_from_text
from reader.core.text import lexicon
from reader.core.text.diffing import word_diff
from reader.core.text.normalize import Normalization
from reader.core.text.rules import MONTHS, sub_at_word_starts

FILLER_A = [
    "The city council approved a new budget for road repairs on Tuesday.",
    "Heavy rain is expected across the north of the country this weekend.",
    "The museum will reopen its modern art wing after two years of work.",
]
FILLER_B = [
    "A local bakery won a national prize for its sourdough bread.",
    "The football club announced the signing of a young goalkeeper.",
    "Shares in the airline fell after it cut its forecast for the summer.",
]


def pair(a: str, b: str, fillers: bool = True):
    first = "\n\n".join([a, *FILLER_A] if fillers else [a]) + "\n"
    second = "\n\n".join([*FILLER_B, b] if fillers else [b]) + "\n"
    return align([source_from_text(first, "a.txt"), source_from_text(second, "b.txt")])


def group_of(alignment, source: int, text: str):
    start = alignment.sources[source].text.index(text)
    member, group = alignment.member_at(source, start)
    return member, group


def test_the_same_fact_in_other_words_is_linked_as_meaning_with_a_confidence() -> None:
    a = "Seventy years on, Parata, now 75, has supervised the restoration of the carved meeting house."
    b = "Seven decades later, Parata, 75, has now overseen the restoration of the carved meeting house."
    alignment = pair(a, b)
    member, group = group_of(alignment, 1, "Seven decades later")
    assert group.sources == {0, 1} and group.kind in ("paraphrase", "reworded")
    other = group.member(0)
    assert other is not None and other.start == alignment.sources[0].text.index("Seventy")
    assert member.found_by in ("meaning", "edited") and 0 < member.confidence <= 1


def test_a_paraphrase_with_few_shared_words_in_order_is_a_meaning_link() -> None:
    a = "Elon Musk testified that xAI had partly distilled OpenAI models to train Grok."
    b = "According to testimony by Musk, Grok was trained in part by distilling models made by OpenAI."
    alignment = pair(a, b)
    member, group = group_of(alignment, 1, "According to testimony")
    assert group.kind == "paraphrase" and member.classification == "paraphrase"
    assert member.found_by == "meaning" and member.confidence >= 0.46
    assert alignment.kind_counts()["paraphrase"] == 1


def test_unrelated_sentences_are_not_linked() -> None:
    alignment = pair(FILLER_A[0], FILLER_B[0], fillers=False)
    assert [g.kind for g in alignment.groups] == ["unique", "unique"]


def test_the_same_kind_of_event_elsewhere_is_not_the_same_fact() -> None:
    a = "A suicide bomber killed 13 people at a restaurant in central Somalia on Sunday."
    b = "A suicide bomber killed a guard at the embassy in Turkey on Friday."
    assert all(g.kind == "unique" for g in pair(a, b).groups if g.sources == {0} or g.sources == {1})
    scorer = MeaningScorer.of([a, b])
    assert scorer.score(0, 1) == 0.0  # both name a place, and not the same one


# One story, as outlets tell it: every passage shares the story's words (Musk, OpenAI, xAI).
STORY_A = [
    "Musk testified that xAI used OpenAI's models to train its own Grok models.",
    "OpenAI's lawyer asked Musk whether xAI had ever distilled OpenAI models.",
    "Musk said that OpenAI was founded as a nonprofit to counter Google.",
    "xAI did not respond to a request for comment about Musk's testimony on OpenAI.",
]
STORY_B = [
    "OpenAI was set up by Musk as a nonprofit to balance Google's power, he told the jury.",
    "Elon Musk admitted under oath that his company xAI trained Grok on OpenAI models.",
    "Musk's xAI and OpenAI compete to sell AI models to businesses.",
    "Musk denied that xAI copied OpenAI code.",
]


def _story():
    return align(
        [
            source_from_text("\n\n".join(STORY_A) + "\n", "a.txt"),
            source_from_text("\n\n".join(STORY_B) + "\n", "b.txt"),
        ]
    )


def test_in_one_story_the_story_s_words_still_count_for_their_rarity_in_english(monkeypatch) -> None:
    """Among passages that all name Musk, OpenAI and xAI, those names are common; they are still rarer in
    English than "said" or "models", so the same fact in other words is found, and other facts of the
    story that share those names are not linked."""
    nonprofit = ("Musk said that OpenAI was founded", "OpenAI was set up by Musk as a nonprofit")
    testimony = ("Musk testified that xAI used", "Elon Musk admitted under oath")
    alignment = _story()
    for a, b in (nonprofit, testimony):
        assert group_of(alignment, 0, a)[1] is group_of(alignment, 1, b)[1], (a, b)
        assert group_of(alignment, 0, a)[1].kind == "paraphrase"
    for other in ("Musk's xAI and OpenAI compete", "Musk denied that xAI copied"):
        assert len(group_of(alignment, 1, other)[1].members) == 1, other
    # Without the English word list, the rarity among these few passages alone misses the first fact.
    monkeypatch.setattr(lexicon, "english_zipf", dict)
    alignment = _story()
    assert group_of(alignment, 0, nonprofit[0])[1] is not group_of(alignment, 1, nonprofit[1])[1]


def test_the_english_word_list_ranks_common_words_above_a_story_s_words() -> None:
    zipf = lexicon.english_zipf()
    assert len(zipf) > 20000
    assert zipf["the"] > 7 > zipf["model"] > zipf["distillation"] > zipf.get("openai", 0.0)


def test_synonyms_count_as_part_of_a_shared_word_and_never_alone(monkeypatch) -> None:
    table = lexicon.synonyms()
    assert not table["murder"].isdisjoint(table["kill"]) and not table["admit"].isdisjoint(
        table["acknowledg"]
    )
    assert table["kill"].isdisjoint(table["elect"])
    texts = [
        "Two American officers were murdered in Kabul as the unrest entered a fifth day.",
        "Two American officers were killed in Kabul as the unrest went on.",
        "The officers murdered people.",
        "The officers killed the plan.",
    ]
    scorer = MeaningScorer.of(texts)
    with_synonyms = scorer.score(0, 1)
    assert scorer.score(2, 3) == 0.0  # one shared word and a synonym: not yet evidence of one fact
    monkeypatch.setattr(lexicon, "synonyms", dict)
    monkeypatch.setattr(lexicon, "related", dict)
    without = MeaningScorer.of(texts).score(0, 1)
    assert 0 < without < with_synonyms


def test_related_words_are_the_ones_news_uses_alike_and_never_opposites_or_siblings() -> None:
    near, never, senses = lexicon.related(), lexicon.unlike(), lexicon.synonyms()
    stem = meaning.stem
    assert stem("ambassador") in near[stem("diplomat")] and stem("zambian") in near[stem("zambia")]
    for a, b in [("higher", "lower"), ("monday", "tuesday"), ("killed", "wounded"), ("rise", "fall")]:
        assert stem(b) not in near.get(stem(a), ()), (a, b)
    # WordNet gives these a sense in common; they are still other facts.
    for a, b in [("rise", "fall"), ("million", "billion")]:
        assert not senses[stem(a)].isdisjoint(senses[stem(b)]) and stem(b) in never[stem(a)]


@pytest.fixture
def fresh_alike_words():
    """alike_words keeps what it read from the tables: a test that swaps a table clears it before and after."""
    lexicon.alike_words.cache_clear()
    yield
    lexicon.alike_words.cache_clear()


def test_a_related_word_lifts_a_paraphrase_and_an_opposite_does_not(monkeypatch, fresh_alike_words) -> None:
    texts = [
        "Palestinian diplomat injured in explosion in Prague",
        "Palestinian ambassador injured in apartment blast",
        "Shares of the carmaker rose by two million after the report.",
        "Shares of the carmaker fell by two billion after the report.",
        "The football club announced the signing of a young goalkeeper.",
    ]
    scorer = MeaningScorer.of(texts)
    paraphrase, opposite = scorer.score(0, 1), scorer.score(2, 3)
    assert paraphrase >= meaning.MEANING_THRESHOLD
    monkeypatch.setattr(lexicon, "related", dict)
    lexicon.alike_words.cache_clear()
    assert MeaningScorer.of(texts).score(0, 1) < meaning.MEANING_THRESHOLD
    monkeypatch.setattr(lexicon, "unlike", dict)
    lexicon.alike_words.cache_clear()
    assert MeaningScorer.of(texts).score(2, 3) > opposite  # "rose"/"fell" counted alike without the table


def reference_synonym_weight(scorer: MeaningScorer, first: frozenset[str], second: frozenset[str]) -> float:
    """The synonym weight by its definition: each word of ``first`` in sorted order takes the first word of
    ``second`` in sorted order, not yet taken, that is a related word or has a WordNet sense in common and
    is not unlike it; each pair adds SYNONYM_WEIGHT of the pair's mean weight."""
    near, senses, never = lexicon.related(), lexicon.synonyms(), lexicon.unlike()
    taken: set[str] = set()
    total = 0.0
    for word in sorted(first):
        for other in sorted(second):
            alike = other in near.get(word, ()) or (
                not senses.get(word, frozenset()).isdisjoint(senses.get(other, ()))
                and other not in never.get(word, ())
            )
            if alike and other not in taken:
                taken.add(other)
                weight = scorer.weights.get(word, scorer.rare) + scorer.weights.get(other, scorer.rare)
                total += meaning.SYNONYM_WEIGHT * weight / 2
                break
    return total


def test_the_synonym_weight_pairs_words_as_its_definition_says() -> None:
    # The weight is found through each word's alike words (made once per word) and each bag's words that
    # have any (made once per bag): on random bags of lexicon words it must pair exactly as the definition.
    rng = random.Random(11)
    stems = sorted(lexicon.synonyms())
    texts = [" ".join(rng.sample(stems, 12)) for _ in range(20)]
    scorer = MeaningScorer.of(texts)
    with_alike = 0
    for _ in range(400):
        a = frozenset(rng.sample(stems, rng.randint(1, 12)))
        # the other bag: alike words of the first's words, and others
        b = {rng.choice(sorted(lexicon.alike_words(w)) or stems) for w in a if rng.random() < 0.7}
        b = frozenset(b | set(rng.sample(stems, rng.randint(0, 6)))) - a
        expected = reference_synonym_weight(scorer, a, b)
        with_alike += expected > 0
        shared = frozenset(rng.sample(stems, 3)) - a - b  # in both bags: never paired
        got = scorer._synonym_weight(scorer._in_lexicon(a | shared), scorer._in_lexicon(b | shared), shared)
        assert got == pytest.approx(expected), (sorted(a), sorted(b))
    assert with_alike > 300


def test_a_short_template_with_other_facts_is_not_an_edited_copy() -> None:
    template = pair(
        "Suicide bomber kills 3 at US base in Afghanistan.",
        "Suicide bomber kills 13 at restaurant in central Somalia.",
    )
    member, group = group_of(template, 0, "Suicide bomber")
    assert len(group.members) == 1  # half the words, two events
    edited = pair(
        "Singapore shares open 0.28% lower on Thursday.", "Singapore shares open 0.31% lower on Thursday."
    )
    member, group = group_of(edited, 1, "Singapore")
    assert len(group.members) == 2 and member.found_by == "edited"
    assert {(d.a_text, d.b_text) for d in member.discrepancies} == {("0.28%", "0.31%")}


def test_a_heading_is_not_a_fact_inside_every_sentence_naming_its_two_words() -> None:
    scorer = MeaningScorer.of(
        [
            "What this means for Grok and xAI",
            "Elon Musk just admitted that his company xAI used OpenAI's technology to help build Grok.",
            "Elon Musk said xAI trained Grok on OpenAI's models.",
        ]
    )
    assert scorer.score(0, 1) < meaning.MEANING_THRESHOLD
    assert scorer.score(1, 2) >= meaning.MEANING_THRESHOLD


def test_stems_join_word_forms_and_leave_out_function_words() -> None:
    assert content_stems("Musk testified; his testimony was that the companies distilled") == (
        "musk",
        "testifi",
        "testimoni",
        "compani",
        "distil",
    )


def test_a_clause_copied_into_a_rewritten_sentence_is_found_in_both_with_exact_offsets() -> None:
    clause = "a farmer from Iowa who never went to law school"
    a = f"The plaintiff, {clause}, argued his own case before the appeals court in March."
    b = f"Observers were surprised that {clause} could win a ruling against the state."
    alignment = pair(a, b)
    (fragment,) = alignment.fragments
    texts = [s.text for s in alignment.sources]
    ends = {
        fragment.source_a: (fragment.a_start, fragment.a_end),
        fragment.source_b: (fragment.b_start, fragment.b_end),
    }
    assert texts[0][slice(*ends[0])] == clause and texts[1][slice(*ends[1])] == clause
    assert fragment.words == 10
    assert fragment.group_a == alignment.member_at(0, ends[0][0])[1].id
    assert fragment.group_b == alignment.member_at(1, ends[1][0])[1].id
    assert alignment.fragments_of(0) == alignment.fragments_of(1) == [fragment]


def test_a_shared_run_shorter_than_eight_words_is_not_a_fragment() -> None:
    a = "Critics said the plan would raise taxes for most families in the state next year."
    b = "Supporters argued that the plan would raise taxes only for the very richest."
    assert pair(a, b).fragments == ()


def test_copies_the_alignment_links_anyway_are_not_fragments() -> None:
    sentence = "The committee will publish its full report on the causes of the fire next month."
    assert pair(sentence, sentence).fragments == ()


def test_conflicting_dates_amounts_and_quoted_words_are_discrepancies() -> None:
    a = 'On May 4 the company paid $62.6 million, and Musk said it was "standard practice".'
    b = 'On May 9 the company paid $62 million, and Musk said it was "common practice".'
    alignment = pair(a, b)
    member, _ = group_of(alignment, 1, "On May 9")
    found = {(d.kind, d.a_text, d.b_text) for d in member.discrepancies}
    assert found == {
        ("date", "May 4", "May 9"),
        ("number", "$62.6 million", "$62 million"),
        ("quote", '"standard practice"', '"common practice"'),
    }
    texts = [s.text for s in alignment.sources]
    for d in member.discrepancies:
        assert texts[0][d.a_start : d.a_end] == d.a_text and texts[1][d.b_start : d.b_end] == d.b_text
    assert alignment.discrepancy_counts() == {(0, 1): 3}


def test_equal_details_written_differently_are_not_discrepancies() -> None:
    a = "Prices rose 6.6 percent in eight cities, Elon Musk said on Monday."
    b = "Prices rose 6.6% in 8 cities, Musk said on Monday."
    alignment = pair(a, b)
    member, _ = group_of(alignment, 1, "Prices rose 6.6%")
    assert member.discrepancies == ()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The F.B.I. said on Monday it would look into the memo.",
            "The FBI said on Monday it would look into the memo.",
        ),
        (
            "The plant in Little Rock, Ark., will close in the spring, the company said.",
            "The plant in Little Rock, Arkansas, will close in the spring, the company said.",
        ),
        (
            "The bill was written by Sen. Warren and her staff last year.",
            "The bill was written by Senator Warren and her staff last year.",
        ),
    ],
)
def test_an_abbreviation_and_its_full_form_are_the_same_detail(a: str, b: str) -> None:
    # Issue 31: "F.B.I" against "FBI" and "Ark" against "Arkansas" were false alarms.
    diff = word_diff(a, b, Normalization())
    assert find_discrepancies(a, 0, b, 0, diff.edits) == ()


def test_a_replaced_state_is_still_a_differing_detail() -> None:
    a = "The plant in Little Rock, Ark., will close in the spring, the company said."
    b = "The plant in Little Rock, Calif., will close in the spring, the company said."
    diff = word_diff(a, b, Normalization())
    assert [(d.kind, d.a_text, d.b_text) for d in find_discrepancies(a, 0, b, 0, diff.edits)] == [
        ("name", "Ark", "Calif")
    ]


@settings(max_examples=60, deadline=None)
@given(
    value=st.decimals(min_value=1, max_value=999, places=1, allow_nan=False),
    unit=st.sampled_from(["percent", "per cent", "%"]),
    other=st.sampled_from(["percent", "per cent", "%"]),
)
def test_a_number_is_the_same_detail_whatever_its_unit_is_called(value, unit, other) -> None:
    space = "" if unit == "%" else " "
    space_other = "" if other == "%" else " "
    a = f"Inflation reached {value}{space}{unit} in the capital last year."
    b = f"Inflation reached {value}{space_other}{other} in the capital last year."
    norm = Normalization()
    diff = word_diff(a, b, norm)
    assert find_discrepancies(a, 0, b, 0, diff.edits) == ()
    assert [d.value for d in details(a)] == [d.value for d in details(b)]


def test_a_replaced_name_conflicts_in_an_edited_copy_and_a_possessive_is_the_same_name() -> None:
    a = "The lawyer for OpenAI, William Savitt, asked about the memo on Thursday morning in court."
    b = "The lawyer for OpenAI's team, William Toberoff, asked about the memo on Thursday morning in court."
    alignment = pair(a, b)
    member, group = group_of(alignment, 1, "The lawyer for OpenAI's team")
    assert group.kind == "reworded"
    assert [(d.kind, d.a_text, d.b_text) for d in member.discrepancies] == [("name", "Savitt", "Toberoff")]


def test_without_the_word_list_or_the_synonyms_the_scorer_still_scores(monkeypatch, tmp_path) -> None:
    """A broken or missing resource costs its help, never the alignment."""
    broken = tmp_path / "synonyms.tsv.gz"
    broken.write_bytes(b"not gzip")
    monkeypatch.setattr(lexicon.importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(lexicon, "resource_path", lambda *parts: broken)
    lexicon.english_zipf.cache_clear()
    lexicon.synonyms.cache_clear()
    try:
        assert lexicon.english_zipf() == {} and lexicon.synonyms() == {}
        scorer = MeaningScorer.of(
            ["Musk testified that xAI used OpenAI models.", "Musk said xAI used OpenAI models."]
        )
        assert scorer.score(0, 1) > 0
    finally:
        lexicon.english_zipf.cache_clear()
        lexicon.synonyms.cache_clear()


def test_a_capital_after_a_colon_is_not_taken_for_a_name() -> None:
    # A transcript line starts its answer with a capital: "Generally" names no one, so the report of the
    # answer is not ruled out for naming someone else.
    assert entities.names("Musk: Generally all the AI companies do.") == frozenset()
    assert entities.names("Asked again, Savitt: Musk said so.") == frozenset({"savitt"})
    said = "Savitt asked about it. Musk: Generally all the AI companies do that, every one of them."
    reported = "Musk stated under oath that generally all the AI companies do that."
    alignment = align([source_from_text(said, "a.txt"), source_from_text(reported, "b.txt")])
    member, group = group_of(alignment, 0, "Musk: Generally")
    assert len(group.members) == 2, member


def test_a_name_that_starts_the_other_sentence_is_the_same_name() -> None:
    # Each passage's first word is a name the other writes inside its sentence: the first word's capital
    # says nothing, but the two passages still name the same people.
    a = "Druce will face murder charges, Conte said."
    b = "Conte said Druce will be charged with murder."
    assert entities.names(a) == {"conte"} and entities.names(b) == {"druce"}
    assert not entities.names_differ(a, b)
    member, group = group_of(pair(a, b), 1, "Conte said")
    assert group.sources == {0, 1} and member.found_by == "meaning"
    # Other people, wherever they stand, still differ.
    assert entities.names_differ(a, "Smith will face murder charges, Jones said.")
    assert entities.names_differ("Jones said Smith will face murder charges.", b)


def test_a_day_or_a_month_is_not_a_name() -> None:
    # "September" and "Sept." are when, not who: the two reports name no one different.
    a = "It's the first such drill since the September 11 terrorist attacks on New York and Washington."
    b = "It is the nation's first large-scale counterterrorism exercise since the Sept. 11 terrorist attacks."
    assert entities.names(a) == {"york", "washington"} and entities.names(b) == frozenset()
    assert entities.names("The vote is on Monday, Smith said in May.") == {"smith"}
    member, group = group_of(pair(a, b), 1, "It is the nation")
    assert group.sources == {0, 1} and member.found_by == "meaning"


def test_the_united_states_is_one_word_however_it_is_written() -> None:
    written = ("the U.S.", "the US", "the USA", "the U.S.A.", "the United States")
    assert {content_stems(f"Troops left {name} on Friday.") for name in written} == {
        ("troop", "left", "usa", "friday")
    }
    assert content_stems("Tell us what you think.") == ("tell", "think")  # the word "us" says nothing
    assert content_stems("The U.N. and the U.K. agreed.") == content_stems("The UN and the UK agreed.")
    a = "The computers were reportedly located in the U.S., Canada and South Korea."
    b = "The PCs are scattered across the United States, Canada and South Korea."
    member, group = group_of(pair(a, b), 1, "The PCs")
    assert group.sources == {0, 1} and member.found_by == "meaning"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["U.S.", "US", "USA", "U.S.A.", "United States", "U.N.", "x", "é", "_", "9", " ", "."]
        ),
        max_size=12,
    )
)
def test_the_united_states_patterns_find_what_word_boundaries_would(pieces: list[str]) -> None:
    """The patterns check the word boundary where a match starts (a leading \\b is slow in Python's re)."""
    text = "".join(pieces)
    plain_us = re.sub(r"\b(?:U\.S\.(?:A\.)?|USA?\b|United States\b)", "USA", text)
    plain = re.sub(r"\b(?:[A-Z]\.){2,}", lambda m: m.group().replace(".", "") + " ", plain_us)
    fast_us = sub_at_word_starts(meaning._UNITED_STATES, lambda _: "USA", text)
    assert fast_us == plain_us
    assert sub_at_word_starts(meaning._INITIALISM, meaning._initialisms, fast_us) == plain


def test_many_names_are_not_a_headline_in_title_case() -> None:
    # A sentence with many names has many capitals, but writes its other long words in lower case.
    sentence = "Burma's Aung San Suu Kyi to address parliament on June visit"
    assert {"aung", "san", "suu", "kyi"} <= entities.names(sentence)
    assert entities.names("Aung San Suu Kyi To Address British Parliament") == frozenset()
    assert not entities.names_differ("Aung San Suu Kyi to address British MPs", sentence)


def test_the_details_search_reads_title_case_as_the_scorer_does() -> None:
    # One definition of a title-case headline: names are compared in a sentence full of names, and not in
    # a headline whose every long word has a capital.
    sentence = "Aung San Suu Kyi to address British MPs"
    assert [d.value for d in details(sentence) if d.kind == "name"] == ["aung san suu kyi", "british mps"]
    assert [d for d in details("Aung San Suu Kyi To Address British Parliament") if d.kind == "name"] == []


def test_names_alone_are_not_a_fact() -> None:
    # Two names in common and nothing else (names as the texts write them: inside a sentence, or in mixed
    # case): a heading about three companies is not a sentence about two of them, and a writer's
    # biography listing companies holds no heading that names three of them.
    heading = "Why OpenAI, Anthropic and Google care"
    sentence = "Since August, Anthropic has been more aggressive than OpenAI about protecting its models."
    _, group = group_of(pair(heading, sentence), 0, heading)
    assert len(group.members) == 1
    biography = (
        "She turns complex announcements from companies like OpenAI, Anthropic, Google, Microsoft, "
        "Tesla, and xAI into clear, practical analysis for readers who want the context, risks, and "
        "commercial impact behind the headline."
    )
    cut_off = "Anthropic Already Cut Off Both OpenAI and xAI"
    _, group = group_of(pair(biography, cut_off), 0, biography)
    assert len(group.members) == 1
    # The names with the words of the fact still link.
    _, group = group_of(
        pair(sentence, "OpenAI says Anthropic has been more aggressive about its models."), 0, sentence
    )
    assert len(group.members) == 2


def test_which_words_a_comparison_writes_as_names() -> None:
    scorer = MeaningScorer.of(
        [
            "Yesterday Anthropic blocked OpenAI and xAI from its models.",
            "The Heat won the final; a heat wave followed in Miami.",
            "Ground Offensive Begins In Gaza",
        ]
    )
    assert {"anthrop", "openai", "xai", "miami"} <= scorer.named
    assert "heat" not in scorer.named  # written in lower case too
    assert "ground" not in scorer.named  # capitalised by a headline's title case only
    assert "yesterday" not in scorer.named  # a sentence's first word


def test_a_fact_told_twice_by_one_source_is_not_found_in_one_source_only() -> None:
    # A group holds one passage per source: the outlet's second telling cannot join the group where the
    # other outlet reports the fact, and is marked as told again, linked to that group, never as unique.
    first = "Elon Musk confirmed under oath that xAI used OpenAI models to train its chatbot Grok."
    again = "Later, Musk admitted in court that xAI had trained Grok on the models of OpenAI."
    other = (
        "Testifying in federal court, Musk acknowledged that his startup xAI built Grok with OpenAI models."
    )
    more = [  # enough passages that the story's words are rare enough to propose candidates
        "The library extends its opening hours during the exam season.",
        "A new ferry route links the two islands from next spring.",
        "Farmers expect a smaller harvest after the dry summer.",
        "The orchestra plays the complete symphonies over three nights.",
        "A storm closed the mountain pass for most of the week.",
        "The school board voted to build a second gymnasium.",
    ]
    alignment = align(
        [
            source_from_text("\n\n".join([first, *FILLER_A, *more[:3], again]) + "\n", "a.txt"),
            source_from_text("\n\n".join([*FILLER_B, *more[3:], other]) + "\n", "b.txt"),
        ]
    )
    _, shared = group_of(alignment, 1, other)
    told = [group_of(alignment, 0, text)[1] for text in (first, again)]
    assert shared in told and len(shared.members) == 2
    (repeated,) = (group for group in told if group is not shared)
    assert repeated.kind == "repeated" and repeated.repeats == shared.id
    (member,) = repeated.members
    assert member.compared_with == 1 and member.found_by is not None and member.confidence > 0
    assert alignment.additions(0) == [group_of(alignment, 0, text)[0] for text in [*FILLER_A, *more[:3]]]
    assert alignment.kind_counts()["repeated"] == 1


_FIRST_TELLING = "Elon Musk confirmed under oath that xAI used OpenAI models to train its chatbot Grok."
_OTHER_OUTLET = "Elon Musk confirmed in court on Thursday that xAI used OpenAI models to train Grok."


def _told_twice(again: str) -> Alignment:
    """One outlet tells a fact, then (four sentences on) ``again``; the other outlet tells it once."""
    fillers = [*FILLER_A, *FILLER_B]
    return align(
        [
            source_from_text("\n\n".join([_FIRST_TELLING, *fillers[:4], again]) + "\n", "a.txt"),
            source_from_text("\n\n".join([*fillers[4:], _OTHER_OUTLET]) + "\n", "b.txt"),
        ]
    )


def test_a_second_telling_is_found_when_the_first_is_an_edited_copy() -> None:
    # The other outlet's sentence is an edited copy of the first telling, so no link by meaning was looked
    # for between it and the second telling before grouping; after grouping it is.
    again = "Later, Musk admitted in court that xAI had trained Grok on the models of OpenAI."
    alignment = _told_twice(again)
    first, other = _FIRST_TELLING, _OTHER_OUTLET
    _, shared = group_of(alignment, 1, other)
    assert group_of(alignment, 0, first)[1] is shared and shared.kind == "reworded"
    _, told = group_of(alignment, 0, again)
    assert told.kind == "repeated" and told.repeats == shared.id
    assert told.members[0].found_by == "meaning" and told.members[0].compared_with == 1


def test_two_datelines_are_two_dates_not_one_edited_passage() -> None:
    # Two outlets' datelines differ in their day: that is when each was published, not a detail of one
    # fact that the two report differently.
    alignment = pair("May 4, 2026", "May 9, 2026")
    _, group = group_of(alignment, 0, "May 4, 2026")
    assert len(group.members) == 1 and not alignment.discrepancy_counts()
    # The same date is still the same words, and a sentence with a date in it is still a sentence.
    assert len(group_of(pair("May 4, 2026", "May 4, 2026"), 0, "May 4, 2026")[1].members) == 2
    said = "On May 4 the company paid $62.6 million for the rights."
    edited = pair(said, "On May 9 the company paid $62.6 million for the rights.")
    assert len(group_of(edited, 0, said)[1].members) == 2 and edited.discrepancy_counts()


_PIECES = ["one", "One", "ONE", "tone", "ones", "one's", "may", "Mayor", "Sept.", "september", "dec", "decade",
           "seventeen", "seven", "sixty", "twenty-one", "the", "a,", "b;", "Cat", "_one", "7", "$", "“q”", "ſept"]  # fmt: skip
_PLAIN_MAYBE = re.compile(
    r"[0-9\"“”$€£¥]|(?:^|(?<=[a-z,;.!?] ))[A-Z]|(?i:\b(?:"
    + "|".join(details_module._NUMBER_WORDS)
    + "|"
    + "|".join(sorted(MONTHS))
    + r")\b)"
)


@settings(max_examples=400)
@given(
    st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(["", " ", ",", ".", "-"])), max_size=8),
    st.integers(0, 60),
    st.integers(0, 60),
)
def test_the_letter_tree_finds_what_the_plain_list_of_words_finds(pieces, lo, hi) -> None:
    # The pattern saying where a detail could be is built as a tree of letters for speed: anywhere in any
    # window, also one cut inside a word, it must find exactly what the plain alternation of words finds.
    text = "".join(word + gap for word, gap in pieces)
    lo, hi = min(lo, len(text)), min(max(lo, hi), len(text))
    assert bool(details_module._MAYBE.search(text, lo, hi)) == bool(_PLAIN_MAYBE.search(text, lo, hi))


@given(st.text(alphabet="abejnoprstuvy.", max_size=10))
def test_the_letter_tree_spells_exactly_its_words(text: str) -> None:
    # The dates' and amounts' patterns use the tree for their month, weekday and number words.
    words = [*sorted(MONTHS), *details_module._NUMBER_WORDS, "may", "mayor"]
    tree = re.compile(details_module._trie(words), re.IGNORECASE)
    for end in range(len(text) + 1):
        assert bool(tree.fullmatch(text[:end])) == (text[:end] in words)
    for word in words:  # every word, in capitals too, and every prefix and extension of it
        assert tree.fullmatch(word) and tree.fullmatch(word.upper())
        for other in [word[:k] for k in range(len(word))] + [word + "s", word + "."]:
            assert bool(tree.fullmatch(other)) == (other in words), other


def test_a_second_passage_with_another_claim_is_not_told_again() -> None:
    # The outlet's later sentence shares the story's names and words with the other outlet's, but says the
    # opposite: it is not the fact told again (issue 31: 5 of 16 "told again" links joined other claims).
    again = "Later, Musk denied in court that xAI had trained Grok on the models of OpenAI."
    alignment = _told_twice(again)
    first, other = _FIRST_TELLING, _OTHER_OUTLET
    _, shared = group_of(alignment, 1, other)
    assert shared is group_of(alignment, 0, first)[1]
    _, alone = group_of(alignment, 0, again)
    assert alone.kind == "unique" and alignment.kind_counts()["repeated"] == 0
