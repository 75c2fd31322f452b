"""Regular expressions compiled once per installation: the pattern from a kept program is re.compile's."""

import re

import pytest

from reader.core.checks import amounts, claim_words, claims, detail_names, details, entities, quotes
from reader.core.provenance import attribution
from reader.core.reading import outlets
from reader.core.text import dates, patterns, segment

MODULES = (
    amounts,
    attribution,
    claim_words,
    claims,
    detail_names,
    details,
    entities,
    quotes,
    outlets,
    dates,
    segment,
)
OWN = [
    (r"(?P<year>\d{4})-(?P<month>\d\d)(?:-(\d\d))?", 0),
    (r"(?<![\w'’])(?:said|told)\s+(?P<who>[A-Z]\w+)\b", re.MULTILINE),
    (r"^\s*caf[eé]\s*$", re.IGNORECASE | re.MULTILINE),
]
TEXT = "On 2024-05-17 she told Reuters: “Café” said Musk.\n  CAFÉ \n"


@pytest.fixture
def kept_in(tmp_path, monkeypatch):
    """The programs kept in a file of this test's, none read or made yet."""
    monkeypatch.setattr(patterns, "CACHE_FILE", tmp_path / "patterns.marshal")
    monkeypatch.setattr(patterns, "_programs", None)
    monkeypatch.setattr(patterns, "_made", {})
    return tmp_path / "patterns.marshal"


def module_patterns() -> list[re.Pattern[str]]:
    found: list[re.Pattern[str]] = []
    for module in MODULES:
        for value in vars(module).values():
            found.extend(
                v for v in (value if isinstance(value, tuple) else (value,)) if isinstance(v, re.Pattern)
            )
    return found


def test_reader_s_patterns_are_those_re_compile_makes() -> None:
    # Made at import, from the programs kept in __pycache__ when they were there.
    found = module_patterns()
    assert len(found) > 50 and quotes._AFTER in found
    for pattern in found:
        assert pattern == re.compile(pattern.pattern, pattern.flags), pattern.pattern[:60]


def test_a_pattern_made_from_its_kept_program_matches_as_re_compile_s(kept_in) -> None:
    wanted = [*OWN, *((p.pattern, p.flags) for p in module_patterns())]
    first = [patterns.compiled(text, flags) for text, flags in wanted]
    patterns.save(force=True)
    assert kept_in.is_file() and not patterns._made

    patterns._programs = None  # as the next process: everything read from the file
    again = [patterns.compiled(text, flags) for text, flags in wanted]
    assert not patterns._made
    assert again == first == [re.compile(text, flags) for text, flags in wanted]
    for kept, (text, flags) in zip(again[: len(OWN)], OWN, strict=True):
        fresh = re.compile(text, flags)
        assert kept.groupindex == fresh.groupindex and kept.groups == fresh.groups
        assert [m.groups() for m in kept.finditer(TEXT)] == [m.groups() for m in fresh.finditer(TEXT)] != []


def test_a_damaged_file_costs_only_the_time_it_saves(kept_in) -> None:
    kept_in.write_bytes(b"\x00not a marshalled table")
    assert patterns.compiled(*OWN[0]) == re.compile(*OWN[0])
    kept_in.write_bytes(b"")
    patterns._programs = None
    assert patterns.compiled(*OWN[1]) == re.compile(*OWN[1])


def test_nothing_is_written_where_python_writes_no_bytecode(kept_in, monkeypatch) -> None:
    monkeypatch.setattr("sys.dont_write_bytecode", True)
    patterns.compiled(*OWN[2])
    patterns.save()
    assert not kept_in.exists() and patterns._made
