from hypothesis import given
from hypothesis import strategies as st

from reader.core.text import diffing
from reader.core.text.diffing import bag_similarity, tokenize, word_diff
from reader.core.text.normalize import Normalization
from reader.resources import sample_story

NORM = Normalization()


def rebuild(a: str, b: str, diff) -> tuple[str, str]:
    left = "".join(a[e.a_start : e.a_end] for e in diff.edits if e.op != "insert")
    right = "".join(b[e.b_start : e.b_end] for e in diff.edits if e.op != "delete")
    return left, right


def test_word_level_not_character_noise() -> None:
    a = "In August 2025, Anthropic blocked OpenAI’s access after the company alleged that its terms were violated."
    b = "In August 2025, Anthropic blocked OpenAI's access after alleging that its terms were violated."
    diff = word_diff(a, b, NORM)
    changed = [
        (e.op, a[e.a_start : e.a_end] if e.op == "delete" else b[e.b_start : e.b_end])
        for e in diff.edits
        if e.op != "equal"
    ]
    assert changed == [("delete", "the company alleged "), ("insert", "alleging ")]
    assert 0.8 < diff.similarity < 1.0


def test_normalized_differences_are_equal() -> None:
    diff = word_diff("Savitt: So that’s a YES.", "Savitt: so that's a yes.", NORM)
    assert [e.op for e in diff.edits] == ["equal"] and diff.similarity == 1.0


def test_identical_and_unrelated() -> None:
    assert word_diff("same words here", "same words here", NORM).similarity == 1.0
    assert word_diff("completely different thing", "nothing alike whatsoever", NORM).similarity == 0.0


def test_bag_similarity_bounds_the_diff_similarity() -> None:
    a, b = "the cat sat on the mat today", "today the mat sat on the cat"
    diff = word_diff(a, b, NORM)
    assert bag_similarity(tokenize(a, NORM), tokenize(b, NORM)) == 1.0 > diff.similarity


def test_long_texts_are_diffed_exactly_not_given_up() -> None:
    # With diff-match-patch's default 1 s timeout a slow diff silently degrades; ours never does.
    words = [f"word{i}" for i in range(3000)]
    a = " ".join(words)
    b = " ".join(w for i, w in enumerate(words) if i % 50) + " tail"
    diff = word_diff(a, b, NORM)
    assert sum(1 for e in diff.edits if e.op == "delete") == 60
    assert diff.similarity > 0.95


words = st.lists(
    st.sampled_from(["Musk", "said", "it’s", "it's", "AI", "—", "-", ",", ".", "😀", "x", "  ", "\n"]),
    max_size=25,
)


@given(words, words, st.booleans())
def test_edits_rebuild_both_texts_exactly(
    a_words: list[str], b_words: list[str], ignore_punctuation: bool
) -> None:
    a, b = " ".join(a_words), " ".join(b_words)
    diff = word_diff(a, b, Normalization(punctuation=ignore_punctuation))
    assert rebuild(a, b, diff) == (a, b)
    assert 0.0 <= diff.similarity <= 1.0


# Encoded words as word_diff makes them: characters from U+0100 on, astral ones included.
codes = st.text(
    alphabet=st.sampled_from(["\u0100", "\u0101", "\u0102", "\u0103", "\U00010000", "\U00010001"])
)


@given(codes, codes)
def test_the_fast_differences_are_the_python_originals(a: str, b: str) -> None:
    # fast-diff-match-patch (C++) must return exactly what diff-match-patch (Python) does with no time
    # limit and no line mode: the similarity, the edits and every figure built on them depend on it.
    assert diffing._fast is not None, "fast-diff-match-patch is a dependency"
    assert diffing.diff_codes(a, b) == diffing._python_diff_codes(a, b)


def test_the_fast_differences_match_on_real_passages() -> None:
    # Longer texts with more distinct words than the random ones: sentences of the sample story diffed
    # against every other, as word_diff encodes them.
    texts = [path.read_text(encoding="utf-8") for path in sample_story()]
    sentences = [t for text in texts for t in text.split(". ")[:12] if len(t) > 40]
    assert len(sentences) > 40
    for a in sentences[::3]:
        for b in sentences[1::4]:
            codes_of: dict[str, str] = {}
            ea = diffing._encode(tokenize(a, NORM).keys, codes_of)
            eb = diffing._encode(tokenize(b, NORM).keys, codes_of)
            assert diffing.diff_codes(ea, eb) == diffing._python_diff_codes(ea, eb)
