"""Quotations: the words a source quotes and whom it quotes, where the text says."""

import itertools

import pytest

from reader.core.checks.quotes import Quote, QuoteIndex, find_quotes


def quoted(text: str) -> list[tuple[str, str | None]]:
    """Each quotation's words and speaker."""
    return [(text[q.start : q.end], q.speaker) for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # before
        (
            "Musk said, “We used it only to check our own work.”",
            [("We used it only to check our own work.", "Musk")],
        ),
        (
            'said Musk: "It is standard practice to use other AIs."',
            [("It is standard practice to use other AIs.", "Musk")],
        ),
        (
            "In a memo, OpenAI wrote that it has “taken steps to protect and harden our models.”",
            [("taken steps to protect and harden our models.", "OpenAI")],
        ),
        (
            "According to Musk, «all the AI companies do it the same way».",
            [("all the AI companies do it the same way", "Musk")],
        ),
        # after
        (
            "“It is standard practice to use other AIs,” said Musk.",
            [("It is standard practice to use other AIs,", "Musk")],
        ),
        (
            "“It is standard practice to use other AIs,” Elon Musk said.",
            [("It is standard practice to use other AIs,", "Elon Musk")],
        ),
        # inside: the second part has the first's speaker
        (
            "“We did use it,” Musk said, “but only partly, as everyone does.”",
            [("We did use it,", "Musk"), ("but only partly, as everyone does.", "Musk")],
        ),
        (
            "“I never said that,” Musk told CNBC on Friday. “Not once in my whole life.”",
            [("I never said that,", "Musk"), ("Not once in my whole life.", "Musk")],
        ),
        (
            "“I never said that,” Musk said. Critics disagree. “He said it twice on stage.”",
            [("I never said that,", "Musk"), ("He said it twice on stage.", None)],
        ),
        (
            "“The economy is stronger than ever,” according to Biden.",
            [("The economy is stronger than ever,", "Biden")],
        ),
        (
            "President Biden said Tuesday that “the economy is stronger than ever.”",
            [("the economy is stronger than ever.", "President Biden")],
        ),
        # a pronoun: the last person named before it
        (
            "Elon Musk took the stand on Thursday.\n“It is standard practice to use other AIs,” he told reporters.",
            [("It is standard practice to use other AIs,", "Elon Musk")],
        ),
        # nobody named
        (
            "“It is standard practice to use other AIs,” he said.",
            [("It is standard practice to use other AIs,", None)],
        ),
        (
            "The memo called it “a method of theft that violates the terms.”",
            [("a method of theft that violates the terms.", None)],
        ),
        # German marks
        ("Scholz sagte: „Wir haben das so nicht gewollt.“", [("Wir haben das so nicht gewollt.", None)]),
    ],
)
def test_each_attribution_form_names_the_speaker(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert quoted(text) == expected


def test_single_quotes_inside_double_ones_belong_to_the_outer_quotation() -> None:
    text = "“He told me ‘never again’ after the vote, and he meant it,” Smith said."
    assert quoted(text) == [("He told me ‘never again’ after the vote, and he meant it,", "Smith")]


def test_apostrophes_open_nothing() -> None:
    assert (
        quoted("Musk’s lawyers didn't object; the companies' terms don’t allow it, and it’s OpenAI’s call.")
        == []
    )
    assert quoted("He called it ‘Musk’s own mistake’ twice.") == [("Musk’s own mistake", None)]
    assert quoted("“I don’t think Musk’s plan will work,” Altman said.") == [
        ("I don’t think Musk’s plan will work,", "Altman")
    ]


def test_single_curly_quotes_are_a_quotation_of_their_own() -> None:
    text = "The judge said ‘the witness will answer the question now’ and waited."
    assert quoted(text) == [("the witness will answer the question now", None)]


def test_a_quotation_runs_over_paragraphs_in_news_style() -> None:
    text = (
        "Smith said: “The first part of what I want to say is this.\n\n"
        "“And the second part follows in the next paragraph,” he added.\n\nThe hearing went on."
    )
    assert quoted(text) == [
        ("The first part of what I want to say is this.", "Smith"),
        ("And the second part follows in the next paragraph,", "Smith"),
    ]


def test_an_unclosed_quotation_ends_with_its_paragraph() -> None:
    text = (
        "OpenAI wrote that it has “taken steps to protect its models.\nIndustry Implications\n” In that memo…"
    )
    assert quoted(text) == [("taken steps to protect its models.", "OpenAI")]


def test_a_hard_wrapped_quotation_goes_on_to_its_closing_mark() -> None:
    text = 'Senator Smith said "we will not let this bill\npass without a fight," and sat down.'
    assert quoted(text) == [
        ("we will not let this bill", "Senator Smith"),
        ("pass without a fight,", "Senator Smith"),
    ]


def test_transcript_lines_are_quotations_of_their_speakers() -> None:
    text = (
        "As WIRED reported, the exchange went like this:\n"
        "Savitt: Do you know what distillation is?\n"
        "Musk: It means to use one AI model to train another AI model.\n"
        "MR. SMITH: Were you there?\n"
        "Q: Where were you? A: In the room.\n"
    )
    assert quoted(text) == [
        ("Do you know what distillation is?", "Savitt"),
        ("It means to use one AI model to train another AI model.", "Musk"),
        ("Were you there?", "MR. SMITH"),
        ("Where were you?", None),
        ("In the room.", None),
    ]
    assert {q.form for q in find_quotes(text)} == {"transcript"}


def test_turns_run_together_in_one_paragraph() -> None:
    text = "The exchange: Savitt: Has xAI done that with OpenAI? Musk: Generally all the AI companies."
    assert quoted(text) == [
        ("Has xAI done that with OpenAI?", "Savitt"),
        ("Generally all the AI companies.", "Musk"),
    ]


def test_a_lone_label_with_a_colon_is_not_a_transcript() -> None:
    text = "Photo: Getty Images\n\nThe hearing resumed.\n\nUpdate: The company has since replied.\n"
    assert quoted(text) == []
    assert quoted("Elon Musk: The Man Behind xAI\n\nA profile of the founder.") == []


def test_block_quotes_with_their_speaker() -> None:
    text = "Musk wrote on X:\n> AI will change everything we do.\n> Believe it.\nThe post was deleted."
    assert quoted(text) == [("AI will change everything we do.", "Musk"), ("Believe it.", "Musk")]
    indented = (
        "The statute reads:\n\n    No person shall sell a vehicle without a title.\n\nIt was passed in 1990."
    )
    assert [
        (text, form) for text, form in ((indented[q.start : q.end], q.form) for q in find_quotes(indented))
    ] == [("No person shall sell a vehicle without a title.", "block")]


def test_scare_quotes_are_found_but_marked() -> None:
    text = "The so-called “distillation” method and the 'standard practice' claim."
    found = find_quotes(text)
    assert [text[q.start : q.end] for q in found] == ["distillation", "standard practice"]
    assert all(q.scare for q in found)
    assert not find_quotes("He said “we will win this case”.")[0].scare


def test_the_index_finds_the_quotation_at_an_offset() -> None:
    text = "A “first quoted passage here” and “a second quoted one here”."
    found = find_quotes(text)
    index = QuoteIndex(found)
    assert index.at(text.index("first")) == found[0] and index.at(text.index("and")) is None
    assert index.overlaps(0, text.index("first") + 1) and not index.overlaps(
        text.index("and"), text.index("and") + 3
    )


def test_huge_texts_are_read_in_one_pass() -> None:
    # Open quotation marks with nothing to close them, apostrophes and attributions, over and over: each
    # mark is looked at once, and each attribution in a bounded window before and after it.
    paragraph = "Musk’s “lawyer said, 'don't “ " * 2000 + "\n" + "“Yes,” he said, “" * 2000 + "\n"
    text = paragraph * 20
    found = find_quotes(text)
    assert all(isinstance(q, Quote) and 0 <= q.start <= q.end <= len(text) for q in found)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


def test_a_straight_closing_mark_typed_after_a_space_still_closes() -> None:
    text = '"Being asked to play the Doctor is an amazing privilege, "Capaldi said on Sunday.\n'
    (quote,) = find_quotes(text)
    assert text[quote.start : quote.end] == "Being asked to play the Doctor is an amazing privilege,"
    assert quote.speaker == "Capaldi"
