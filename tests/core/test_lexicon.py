"""The word tables the meaning scorer reads: each read a line at a time, as its words are asked for."""

import gzip

from reader.core.text import lexicon


def test_the_shipped_pair_tables_list_each_pair_under_both_its_stems() -> None:
    # A stem's line is all that is read for it: a pair listed under one stem only would be missed from the
    # other (packaging/make_related.py writes both).
    for table in (lexicon.related(), lexicon.unlike()):
        assert len(table) > 1000
        for word in table:
            others = table[word]
            assert others and word not in others
            assert all(word in table[other] for other in others), word


def test_the_shipped_senses_list_exactly_the_stems_that_have_them() -> None:
    synonyms, members = lexicon.synonyms(), lexicon.sense_members()
    expected: dict[int, list[str]] = {}
    for word in synonyms:
        for sense in synonyms[word]:
            expected.setdefault(sense, []).append(word)
    assert len(expected) > 5000 and set(members) == set(expected)
    assert all(members[sense] == tuple(words) for sense, words in expected.items())
    assert "kill" in lexicon.alike_words("murder")


def test_a_table_gives_its_words_at_once_and_reads_a_value_when_asked() -> None:
    table = lexicon.LazyTable({"rise": "climb,increas", "fall": "drop"}, lexicon._words)
    assert len(table) == 2 and list(table) == ["rise", "fall"] and "rise" in table and "sink" not in table
    assert (
        table["rise"] == {"climb", "increas"} and table.get("sink") is None and table.get("fall") == {"drop"}
    )
    assert dict(table) == {"rise": frozenset({"climb", "increas"}), "fall": frozenset({"drop"})}


def test_a_table_that_is_not_its_lines_is_empty(monkeypatch, tmp_path) -> None:
    path = tmp_path / "table.tsv.gz"
    monkeypatch.setattr(lexicon, "resource_path", lambda *parts: path)
    for broken in (b"not gzip", gzip.compress(b"rise\tclimb\nfall drop\n")):
        path.write_bytes(broken)
        assert lexicon._stem_pairs("table.tsv.gz") == {}
    path.write_bytes(gzip.compress(b"rise\tclimb\nfall\tdrop\n"))
    assert lexicon._stem_pairs("table.tsv.gz") == {"rise": {"climb"}, "fall": {"drop"}}
    lexicon.synonyms.cache_clear()
    try:
        path.write_bytes(gzip.compress(b"rise\t0\nclimb\t0\n"))  # no senses after a blank line
        assert lexicon.synonyms() == {} and lexicon.sense_members() == {}
        lexicon.synonyms.cache_clear()
        path.write_bytes(gzip.compress(b"rise\t0\nclimb\t0\n\nrise,climb\n"))
        assert lexicon.synonyms() == {"rise": {0}, "climb": {0}}
        assert lexicon.sense_members() == {0: ("rise", "climb")}
    finally:
        lexicon.synonyms.cache_clear()
