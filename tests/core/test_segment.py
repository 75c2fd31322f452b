import pytest

from reader.core.text.segment import paragraphs, segment, sentences


def texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in spans]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Mr. Smith went to Washington. He met Dr. Jones.",
            ["Mr. Smith went to Washington.", "He met Dr. Jones."],
        ),
        (
            "The U.S. government said so. Then it changed.",
            ["The U.S. government said so.", "Then it changed."],
        ),
        ("It happened on Apr. 30 in court. Musk spoke.", ["It happened on Apr. 30 in court.", "Musk spoke."]),
        (
            "Scores rose to 81.9% and 2.5x. That is a lot.",
            ["Scores rose to 81.9% and 2.5x.", "That is a lot."],
        ),
        (
            'He said "it is standard practice." Then he left.',
            ['He said "it is standard practice."', "Then he left."],
        ),
        ("She asked “why?” Nobody knew.", ["She asked “why?”", "Nobody knew."]),
        (
            "innovation. ” The Trump administration acted.",
            ["innovation. ”", "The Trump administration acted."],
        ),
        ("Savitt: So that’s a yes. Musk: Partly.", ["Savitt: So that’s a yes.", "Musk: Partly."]),
        ("Written by J. R. Tolkien in 1937. It sold.", ["Written by J. R. Tolkien in 1937.", "It sold."]),
        ("AI labs use e.g. distillation. And more.", ["AI labs use e.g. distillation.", "And more."]),
        ("Is it? yes it is.", ["Is it? yes it is."]),
        ("イーロン・マスクが認めた。蒸留は一般的だ。", ["イーロン・マスクが認めた。", "蒸留は一般的だ。"]),
    ],
)
def test_sentences(paragraph: str, expected: list[str]) -> None:
    assert texts(paragraph, sentences(paragraph, 0, len(paragraph))) == expected


def test_lines_without_final_punctuation_are_their_own_passages() -> None:
    text = (
        "Musk Admits xAI Used OpenAI Models\n"
        "Key Takeaways\n"
        "- ▸Musk testified that xAI may have used OpenAI's models\n"
        "- ▸The admission highlights the competitive tension\n"
        "By Jane Roe\n"
        "1. First numbered point\n"
    )
    assert [text[p.start : p.end] for p in segment(text)] == [
        "Musk Admits xAI Used OpenAI Models",
        "Key Takeaways",
        "Musk testified that xAI may have used OpenAI's models",
        "The admission highlights the competitive tension",
        "By Jane Roe",
        "First numbered point",
    ]


def test_hard_wrapped_prose_is_joined_into_paragraphs() -> None:
    line = "This is a line of hard-wrapped prose that runs on and on into the next"
    text = "\n".join([line, line, line, "and ends here."] * 2 + ["", "Heading", "", line, "ends."])
    spans = paragraphs(text)
    # A short line ends a wrapped paragraph, so the first block holds two paragraphs of four lines each.
    assert len(spans) == 4
    first = text[spans[0][0] : spans[0][1]]
    assert first.startswith(line) and first.endswith("ends here.") and first.count("\n") == 3
    assert texts(text, spans)[2] == "Heading"
    assert texts(text, spans)[3] == line + "\nends."


def test_spans_are_trimmed_and_ordered() -> None:
    text = "  First sentence here.   Second one!  \n\n\n   Third?  "
    passages = segment(text)
    assert [text[p.start : p.end] for p in passages] == ["First sentence here.", "Second one!", "Third?"]
    assert [p.paragraph for p in passages] == [0, 0, 1]
    assert [p.index for p in passages] == [0, 1, 2]


def test_paragraph_granularity() -> None:
    text = "One. Two.\n\nThree. Four."
    assert [text[p.start : p.end] for p in segment(text, "paragraph")] == ["One. Two.", "Three. Four."]


def test_seed_passages_are_not_broken(seed_paths) -> None:
    for path in seed_paths:
        text = path.read_text(encoding="utf-8")
        for passage in segment(text):
            chunk = text[passage.start : passage.end]
            assert chunk == chunk.strip() and chunk
            # no passage ends on an abbreviation or an initial
            assert not chunk.endswith((" Mr.", " U.S.", " Apr.", " Dr."))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Priebus Stays on R.N.C. Run", ["Priebus Stays on R.N.C. Run"]),
        ("The F.B.I. Director spoke on Monday.", ["The F.B.I. Director spoke on Monday."]),
        ("It is run by J.P. Morgan now.", ["It is run by J.P. Morgan now."]),
        (
            "He works for the F.B.I. The agency declined to comment.",
            ["He works for the F.B.I.", "The agency declined to comment."],
        ),
        ("She joined the R.N.C. But she left.", ["She joined the R.N.C.", "But she left."]),
        (
            'Tom Daschle, D-S.D. "I see no need," he said.',
            ["Tom Daschle, D-S.D.", '"I see no need," he said.'],
        ),
    ],
)
def test_letters_with_full_stops_between_end_a_sentence_only_before_a_function_word(
    text: str, expected: list[str]
) -> None:
    assert [text[p.start : p.end] for p in segment(text, "sentence")] == expected
