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


@given(st.text(alphabet=st.sampled_from("ab 😀中\n")), st.data())
def test_round_trip_with_blank_lines_shown_between_paragraphs(text: str, data) -> None:
    gaps = sorted(set(data.draw(st.lists(st.integers(1, max(1, len(text))), max_size=5)))) if text else []
    index = Utf16Index(text, gaps)
    shown, last = [], 0
    for gap in gaps:
        shown.append(text[last:gap] + "\n")
        last = gap
    shown.append(text[last:])
    display = "".join(shown)
    for offset in range(len(text) + 1):
        qt = index.to_qt(offset)
        assert qt == utf16_length(display[: offset + sum(g <= offset for g in gaps)])
        assert index.from_qt(qt) == offset
    for position in range(utf16_length(display) + 1):
        assert 0 <= index.from_qt(position) <= len(text)
