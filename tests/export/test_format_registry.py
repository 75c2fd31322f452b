"""The export formats are declared once: the command line, the Export dialog and ``export`` read one table."""

from pathlib import Path

import pytest

from reader.cli import _export_parser
from reader.core.alignment.align import align
from reader.core.reading.sources import source_from_text
from reader.export.formats import (
    EXPORT_FORMATS,
    FORMATS,
    ExportError,
    ExportFormat,
    export,
    file_filters,
    format_for,
    format_of_filter,
)
from reader.export.report import build_report


def test_every_suffix_of_a_format_picks_it_and_no_suffix_is_claimed_twice() -> None:
    suffixes = [suffix for fmt in EXPORT_FORMATS for suffix in fmt.suffixes]
    assert len(suffixes) == len(set(suffixes))
    for fmt in EXPORT_FORMATS:
        for suffix in fmt.suffixes:
            assert format_for(f"story{suffix.upper()}") == fmt.name


def test_each_dialog_filter_maps_back_to_its_own_format() -> None:
    filters = file_filters().split(";;")
    assert [format_of_filter(f) for f in filters] == [fmt.name for fmt in EXPORT_FORMATS]
    assert format_of_filter("All files (*)") is None


def test_the_command_line_offers_the_formats_of_the_table() -> None:
    (action,) = [a for a in _export_parser()._actions if a.dest == "format"]
    assert tuple(action.choices) == tuple(FORMATS)
    with pytest.raises(ExportError, match="html, md, pdf, json, csv"):
        format_for("story.docx")


def test_a_format_writes_text_or_a_file_never_both() -> None:
    assert {fmt.name: fmt.writes for fmt in EXPORT_FORMATS} == {
        "html": "text",
        "md": "text",
        "pdf": "file",
        "json": "text",
        "csv": "text",
    }
    with pytest.raises(ValueError):
        ExportFormat("odt", (".odt",), "Writer", "ODT", "ODT")


def test_export_writes_each_format_with_its_own_suffix(tmp_path: Path) -> None:
    alignment = align(
        [
            source_from_text("Ann said so. It rained.", path="a.txt"),
            source_from_text("Ann said so.", path="b.txt"),
        ]
    )
    report = build_report(alignment, None)
    for fmt in EXPORT_FORMATS:
        path = tmp_path / f"out{fmt.suffix}"
        assert export(report, path) == fmt.name
        assert path.stat().st_size > 0
