"""Credits in the forms newsrooms write, tied to the compared source of the outlet they name."""

from __future__ import annotations

import pytest

from reader.core.provenance.attribution import find_credits
from reader.core.reading.sources import Source, source_from_text

NYT = source_from_text("Headline\n\nThe body of the story.\n", "a.txt", outlet="The New York Times")
POST = source_from_text("Headline\n\nThe body of the story.\n", "b.txt", outlet="The Washington Post")
WSJ = source_from_text("Headline\n\nThe body of the story.\n", "c.txt", outlet="The Wall Street Journal")


def credits_in(text: str, *others: Source, outlet: str | None = None) -> list[tuple[str, int | None]]:
    """The credits in ``text`` (the last source, after ``others``): the words, and the source credited."""
    sources = [*others, source_from_text(text, "crediting.txt", outlet=outlet)]
    found = [c for c in find_credits(sources) if c.source == len(others)]
    return [(sources[-1].text[c.start : c.end], c.credited) for c in found]


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        ("The New York Times reports that the deal is off.", "The New York Times"),
        ("The New York Times reported earlier that the deal is off.", "The New York Times"),
        ("The New York Times reported on Tuesday that the deal is off.", "The New York Times"),
        ("The New York Times is reporting that the deal is off.", "The New York Times"),
        ("The New York Times has reported that the deal is off.", "The New York Times"),
        ("The New York Times first reported that the deal is off.", "The New York Times"),
        ("The deal is off, according to the Times.", "the Times"),
        ("The deal is off, according to The New York Times.", "The New York Times"),
        ("The deal is off, according to a report in the Times.", "the Times"),
        ("The deal is off, according to the Times's reporting.", "the Times"),
        ("The deal is off, according to The New York Times’ reporting.", "The New York Times"),
        ("The Times reported that the deal is off.", "The Times"),
        ("As the Times reported, the deal is off.", "the Times"),
        ("The New York Times, which first reported the news, said so.", "The New York Times"),
        ("The deal is off (via The New York Times).", "The New York Times"),
        ("The deal was first reported by The New York Times.", "The New York Times"),
        ("The New York Times was first to report the deal.", "The New York Times"),
        ("The New York Times was the first to report the deal.", "The New York Times"),
        ("Citing The New York Times, the senator said the deal is off.", "The New York Times"),
        ("Citing a report in the Times, the senator said the deal is off.", "the Times"),
        ("In March the Times reported that the deal was off.", "the Times"),
        ("The deal is off, NYTimes.com reported.", "NYTimes.com"),
    ],
)
def test_each_form_of_credit_is_found_and_tied_to_the_source(sentence: str, words: str) -> None:
    assert credits_in(f"Headline\n\n{sentence}\n", NYT, POST) == [(words, 0)]


def test_the_post_and_the_journal_are_the_sources_whose_outlets_end_so() -> None:
    text = "Headline\n\nThe Post reported it first. According to the Journal, it is done.\n"
    assert credits_in(text, NYT, POST, WSJ) == [("The Post", 1), ("the Journal", 2)]


def test_a_short_form_that_fits_two_sources_is_kept_with_no_source() -> None:
    la_times = source_from_text("Headline\n\nBody.\n", "d.txt", outlet="Los Angeles Times")
    text = "Headline\n\nThe Times reported that the deal is off.\n"
    assert credits_in(text, NYT, la_times) == [("The Times", None)]
    assert credits_in(text, NYT, POST) == [("The Times", 0)]


def test_an_outlet_not_compared_is_still_a_credit_with_no_source() -> None:
    text = (
        "Headline\n\nReuters reported the deal. CNN is reporting more. Axios, which first reported it, "
        "said so. The Associated Press contributed to this report.\n"
    )
    assert credits_in(text, NYT) == [
        ("Reuters", None),
        ("CNN", None),
        ("Axios", None),
        ("The Associated Press", None),
    ]


def test_an_interview_is_not_a_credit() -> None:
    text = "Headline\n\nMusk told The New York Times that the deal is off. He told the Times so twice.\n"
    assert credits_in(text, NYT) == []


def test_people_and_agencies_are_not_outlets() -> None:
    text = (
        "Headline\n\nSmith reported the theft to the police. According to Musk, it is fine. As the FBI "
        "reported, the case is closed. Police reports said so. Associated Press writer Jane Doe "
        "contributed to this report. The company is reporting a loss.\n"
    )
    assert credits_in(text, NYT) == []


def test_a_source_never_credits_its_own_outlet() -> None:
    text = (
        "Headline\n\nThe Times reported last week that the deal was near. The New York Times has learned "
        "more. The Post reported it too.\n"
    )
    assert credits_in(text, POST, outlet="The New York Times") == [("The Post", 0)]
    assert credits_in(text, NYT, POST, outlet="nytimes.com") == [("The Post", 1)]


def test_an_outlet_the_text_describes_or_a_call_sign_is_a_credit_and_a_person_is_not() -> None:
    text = (
        "Headline\n\nCelebrity website TMZ reported it. An opinion poll published by Ethnos newspaper "
        "said so. WCCO-TV reported the crash. Stephen A. Smith has reported a trade. Brooklynites on "
        "Twitter reported it. The offer was made, according to William Hill.\n"
    )
    assert credits_in(text, NYT) == [("TMZ", None), ("Ethnos", None), ("WCCO-TV", None)]


def test_an_outlet_named_by_its_site_is_credited_by_its_name_and_short_form() -> None:
    daily_news = [
        source_from_text("Headline\n\nBody.\n", f"{n}.txt", outlet="nydailynews.com") for n in "abc"
    ]
    record = source_from_text("Headline\n\nBody.\n", "d.txt", outlet="swtimes.com")
    post = source_from_text("Headline\n\nBody.\n", "e.txt", outlet="www.nypost.com")
    text = (
        "Headline\n\nThe Daily News reported it. The Post reported it too. The Southwest Times Record "
        "reports more. According to the New York Times, it is done.\n"
    )
    # Three sources of one outlet: the credit goes to the first of them, not to none for being several.
    assert credits_in(text, *daily_news, record, post) == [
        ("The Daily News", 0),
        ("The Post", 4),
        ("The Southwest Times Record", 3),
        ("the New York Times", None),
    ]


def test_a_compared_outlet_said_or_wrote_it_by_name_or_short_form_but_not_the_news() -> None:
    daily_news = source_from_text("Headline\n\nBody.\n", "a.txt", outlet="nydailynews.com")
    text = (
        "Headline\n\nThe New York Daily News said the man fled. The Daily News wrote more. Then the news "
        "said otherwise. Musk said so.\n"
    )
    assert credits_in(text, daily_news) == [("The New York Daily News", 0), ("The Daily News", 0)]
