"""The text rules several readers share: each rule's results, and where two similar rules part."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.text import rules as text_rules
from reader.core.text.rules import (
    CREDITED_OUTLET,
    MONTH_NUMBERS,
    MONTHS,
    QUOTED_NAME,
    SELF_NAMED_OUTLET,
    SPEAKER_NAME,
    first_of_sentence,
    from_word_boundary,
    opens_sentence_or_quote,
    starts_word,
    sub_at_word_starts,
)


def test_each_month_has_its_number_and_its_abbreviations() -> None:
    assert MONTH_NUMBERS["sept"] == MONTH_NUMBERS["september"] == 9 and MONTH_NUMBERS["may"] == 5
    assert text_rules.MONTH_NAMES <= MONTHS and len(text_rules.MONTH_NAMES) == 12
    assert text_rules.MONTH_ABBREVIATIONS == MONTHS - text_rules.MONTH_NAMES
    assert "may" not in text_rules.MONTH_ABBREVIATIONS


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        (CREDITED_OUTLET, "as The New York Times reported", "The New York Times"),
        (
            SELF_NAMED_OUTLET,
            "The Atlanta Journal Constitution Staff Writers",
            "The Atlanta Journal Constitution Staff Writers",
        ),
        (
            CREDITED_OUTLET,
            "The Atlanta Journal Constitution Staff Writers",
            "The Atlanta Journal Constitution Staff",
        ),
        (SPEAKER_NAME, "said Sen. Rand Paul on Monday", "Sen. Rand Paul"),
        (QUOTED_NAME, "wrote xAI in a post", "xAI"),
        (SPEAKER_NAME, "wrote xAI in a post", "AI"),  # camel case is a quoted name, not a speaker word
    ],
)
def test_names_are_runs_of_capitalised_words(pattern: str, text: str, found: str | None) -> None:
    match = re.search(pattern, text)
    assert (match.group() if match else None) == found


def test_the_two_sentence_start_rules_part_where_their_docstrings_say() -> None:
    text = 'Rain fell. "Ann left," he said\nBob ran — Cal too. Paul D. Ryan'
    start = {word: text.index(word) for word in ("Rain", "Ann", "he", "Bob", "Cal", "Ryan")}
    assert first_of_sentence(text, start["Rain"]) and opens_sentence_or_quote(text, start["Rain"])
    assert first_of_sentence(text, start["Ann"]) and opens_sentence_or_quote(text, start["Ann"])
    said = text.index("said")
    assert not first_of_sentence(text, said) and not opens_sentence_or_quote(text, said)
    # a straight quote may open or close: after one, the wider rule says a sentence may start
    assert not first_of_sentence(text, start["he"]) and opens_sentence_or_quote(text, start["he"])
    assert first_of_sentence(text, start["Bob"]) and not opens_sentence_or_quote(text, start["Bob"])
    assert first_of_sentence(text, start["Cal"]) and not opens_sentence_or_quote(text, start["Cal"])
    assert not first_of_sentence(text, start["Ryan"]) and opens_sentence_or_quote(text, start["Ryan"])
    mid = 'He said "Ann'
    assert opens_sentence_or_quote(mid, mid.index("Ann")) and not first_of_sentence(mid, mid.index("Ann"))


PROSE = st.text(alphabet="ab_ .,é1\n'", max_size=40)


@given(PROSE)
def test_matching_from_a_word_boundary_finds_what_a_leading_boundary_finds(text: str) -> None:
    for pattern in (r"\b[ab]+", r"\b\.", r"\b(?:a|é1)"):
        expected = [(m.start(), m.end()) for m in re.finditer(pattern, text)]
        assert [(m.start(), m.end()) for m in from_word_boundary(pattern)(text)] == expected


@given(PROSE)
def test_replacing_at_word_starts_is_a_sub_after_no_word_character(text: str) -> None:
    for pattern in (r"[ab]+", r"\.a", r"é1"):
        expected = re.sub(rf"(?<!\w){pattern}", lambda m: m.group().upper(), text)
        assert sub_at_word_starts(re.compile(pattern), str.upper, text) == expected


def test_a_word_boundary_is_also_a_words_end_a_word_start_is_not() -> None:
    text = "ab."
    assert [m.start() for m in from_word_boundary(r"\b\.")(text)] == [2]  # after "ab": a boundary
    assert not starts_word(text, 2)  # but no word starts there
    assert starts_word(text, 0) and starts_word("a b", 2) and not starts_word("a_b", 2)
