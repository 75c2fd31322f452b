from hypothesis import given
from hypothesis import strategies as st

from reader.ui.offsets import Utf16Index


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_emoji_and_other_astral_characters_count_twice_in_qt() -> None:
    text = "a😀b𝄞c中d"
    index = Utf16Index(text)
    assert [index.to_qt(i) for i in range(len(text) + 1)] == [
        utf16_length(text[:i]) for i in range(len(text) + 1)
    ]
    assert index.from_qt(2) == 1  # between the halves of 😀: its start
    assert index.from_qt(3) == 2


@given(st.text(alphabet=st.sampled_from("ab 😀𝄞中\nא")))
def test_round_trip(text: str) -> None:
    index = Utf16Index(text)
    for offset in range(len(text) + 1):
        assert index.to_qt(offset) == utf16_length(text[:offset])
        assert index.from_qt(index.to_qt(offset)) == offset
