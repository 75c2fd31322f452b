from hypothesis import given
from hypothesis import strategies as st

from reader.core.text.normalize import Normalization, normalize_with_map


def test_defaults_fold_case_quotes_dashes_and_space() -> None:
    norm = Normalization()
    assert norm.key("Savitt: So  that’s a “YES” — ok") == norm.key('savitt: so that\'s a "yes" - ok')


def test_each_option_can_be_turned_off() -> None:
    assert Normalization(case=False).key("A") != Normalization(case=False).key("a")
    assert Normalization(quotes=False).key("it’s") != Normalization(quotes=False).key("it's")
    assert Normalization(dashes=False).key("a—b") != Normalization(dashes=False).key("a-b")
    assert Normalization(whitespace=False).key("a  b") != Normalization(whitespace=False).key("a b")
    assert Normalization(punctuation=True).key("Yes, sir!") == Normalization(punctuation=True).key("yes sir")
    assert Normalization().key("Yes, sir!") != Normalization().key("yes sir")


def test_offset_map_points_into_the_original() -> None:
    text = "  Musk’s  “Answer” —\tYES 😀 ok"
    mapped = normalize_with_map(text, Normalization())
    assert mapped.key == Normalization().key(text)
    at = mapped.key.index("yes")
    start, end = mapped.original_span(at, at + 3)
    assert text[start:end] == "YES"
    at = mapped.key.index("😀")
    assert text[slice(*mapped.original_span(at, at + 1))] == "😀"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_offset_map_matches_key_and_stays_inside(text: str) -> None:
    for norm in (Normalization(), Normalization(punctuation=True), Normalization(whitespace=False)):
        mapped = normalize_with_map(text, norm)
        assert all(0 <= offset < len(text) for offset in mapped.origin)
        assert list(mapped.origin) == sorted(mapped.origin)
        assert len(mapped.origin) == len(mapped.key)


def test_find_all_compares_as_the_alignment_does_and_maps_back_to_the_text() -> None:
    from reader.core.text.normalize import find_all, normalize_with_map

    text = "Musk’s  answer — “Yes” — came LATE; musk's answer stood."
    default = Normalization()
    haystack = normalize_with_map(text, default)
    spans = find_all(haystack, "musk's answer", default)
    assert [text[s:e] for s, e in spans] == ["Musk’s  answer", "musk's answer"]
    assert [text[s:e] for s, e in find_all(haystack, '- "yes" -', default)] == ["— “Yes” —"]
    strict = Normalization(case=False, quotes=False)
    assert [text[s:e] for s, e in find_all(normalize_with_map(text, strict), "musk's", strict)] == ["musk's"]
    assert find_all(haystack, "   ", default) == []
