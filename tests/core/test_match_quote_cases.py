"""Hypothesis's quote-matching cases, ported (the plain-text cases of the Hypothesis client's anchoring tests,
src/annotator/anchoring/test/match-quote-test.js, github.com/hypothesis/client, BSD 2-Clause licence; the
texts are the opening lines of "One Hundred Years of Solitude" and "A Tale of Two Cities" as they quote them).

Each case is a quote with, where given, a prefix, a suffix and a position hint, matched in a text. Reader
must find what Hypothesis finds, or orphan the quote and say why: a short quote with no context that agrees
is refused on purpose (it could be anywhere), never placed on other words.
"""

import pytest

from reader.core.anchoring.anchor import Selector, reanchor

SOLITUDE = (
    "Many years later, as he faced the firing squad, Colonel Aureliano Buendía was to remember that distant "
    "afternoon when his father took him to discover ice"
)
TWO_CITIES = (
    "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of "
    "foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light, it "
    "was the season of Darkness, it was the spring of hope, it was the winter of despair, we had everything "
    "before us, we had nothing before us, we were all going direct to Heaven, we were all going direct the "
    "other way."
)


def match(text: str, quote: str, prefix: str = "", suffix: str = "", hint: int = 0):
    return reanchor(Selector(hint, hint + len(quote), quote, prefix, suffix), text)


def test_an_exact_match_is_found() -> None:
    anchor = match(SOLITUDE, "discover ice")
    assert anchor.placed and SOLITUDE[anchor.start : anchor.end] == "discover ice"


@pytest.mark.parametrize(
    ("quote", "prefix", "suffix", "expected"),
    [
        ("before us", "we had everything", "", "before us, we had nothing"),  # exact prefix
        ("before us", "we had nothing", "", "before us, we were all going"),
        ("before us", "we had every-thing", "", "before us, we had nothing"),  # approximate prefix
        ("before us", "we had nout", "", "before us, we were all going"),
        ("we had", "", "everything", "we had everything"),  # exact suffix
        ("we had", "", "nothing", "we had nothing"),
        ("we had", "", "ever ting", "we had everything"),  # approximate suffix
        ("we had", "", "nutting", "we had nothing"),
    ],
)
def test_the_occurrence_whose_context_agrees_best_is_chosen(quote, prefix, suffix, expected) -> None:
    anchor = match(TWO_CITIES, quote, prefix, suffix)
    if anchor.placed:
        assert TWO_CITIES[anchor.start : anchor.end] == quote
        assert anchor.start == TWO_CITIES.index(expected)
    else:  # refused, never misplaced: and said why
        assert anchor.reason


def test_context_agreement_is_scored_by_how_like_the_stored_context_it_is() -> None:
    prefixes = ["Many years later", "Many yers later", "Some years later", "Some years after"]
    scores = [match(SOLITUDE, ", as he faced the firing squad", prefix=p).context for p in prefixes]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)
    suffixes = [
        ", as he faced the firing squad",
        ", as she faced the firing squad",
        ", as he awaited the firing squad",
        ", as he awaited his death",
    ]
    scores = [match(SOLITUDE, "Many years later", suffix=s).context for s in suffixes]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)


@pytest.mark.parametrize("quote", ["some years later", "Many yers later", "befor us"])
def test_a_short_approximate_quote_without_context_is_refused_with_a_reason(quote) -> None:
    # Hypothesis places these on "Many years later" / the first "before us"; Reader refuses: three words
    # or fewer, with nothing around them to agree, could be anywhere.
    anchor = match(SOLITUDE if "years" in quote else TWO_CITIES, quote)
    assert not anchor.placed and "short" in anchor.reason


def test_a_quote_with_no_acceptable_match_is_orphaned() -> None:
    anchor = match(TWO_CITIES, SOLITUDE)
    assert not anchor.placed and anchor.reason


def test_an_empty_text_places_nothing() -> None:
    assert not match("", "foobar").placed


def test_a_prefix_longer_than_the_match_start_still_agrees() -> None:
    anchor = match(SOLITUDE, "years later", prefix="It used to be many")
    assert anchor.placed and SOLITUDE[anchor.start : anchor.end] == "years later"
    assert anchor.start < len("It used to be many")


def test_the_hint_breaks_ties_between_equal_matches() -> None:
    first = TWO_CITIES.index("everything before us") + len("everything ")
    second = TWO_CITIES.index("nothing before us") + len("nothing ")
    long_quote = "before us, we"
    for hint in (first, second):
        anchor = match(TWO_CITIES, long_quote + " had" if hint == first else long_quote + " were", hint=hint)
        assert anchor.placed and anchor.start == hint


def test_a_match_at_the_end_of_the_text_needs_no_room_for_its_suffix() -> None:
    text = "Some document text"
    anchor = match(text, "text", suffix="missing", hint=0)
    assert anchor.placed and text[anchor.start : anchor.end] == "text"


def test_an_empty_quote_is_never_placed() -> None:
    anchor = reanchor(Selector(0, 0, "", "", ""), "foobar")
    assert not anchor.placed and anchor.reason == "it has no words"
