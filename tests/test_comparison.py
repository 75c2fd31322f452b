"""The Comparison object without Qt: one notion of which files make a comparison and which library source
each one is, shared by the window, `reader align` and `reader export`."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.comparison import Comparison, source_key
from reader.core.alignment.align import AlignmentCancelled, AlignOptions
from reader.core.provenance.who_first import provenance
from reader.export.report import ExportOptions
from reader.store import Library, NewTarget

ROOT = Path(__file__).resolve().parents[1]
QUOTE = "Musk: It is standard practice to use other AI s to validate your AI."


def reader_export(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "reader", "export", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def annotate_quote(library: Library, comparison: Comparison) -> int:
    text = comparison.sources[0].text
    start = text.index(QUOTE)
    info = library.add_annotation(
        [NewTarget(comparison.source_ids[0], start, start + len(QUOTE))], ["disputed"]
    )
    return info.id


def annotated_library(db: Path, paths) -> Comparison:
    """A library at ``db`` with ``paths`` compared and the quote annotated, closed again."""
    library = Library.open(db)
    comparison, _ = Comparison.load(paths)
    assert comparison is not None
    comparison.attach(library)
    annotate_quote(library, comparison)
    library.close()
    return comparison


def test_relative_and_absolute_spellings_are_one_source(tmp_path: Path, seed_paths, monkeypatch) -> None:
    library = Library.open(tmp_path / "library.sqlite3")
    absolute, _ = Comparison.load(seed_paths)
    assert absolute is not None
    absolute.attach(library)
    annotation = annotate_quote(library, absolute)

    monkeypatch.chdir(ROOT)
    relative, _ = Comparison.load([str(p.relative_to(ROOT)) for p in seed_paths])
    assert relative is not None and relative.paths == absolute.paths
    relative.attach(library)
    assert relative.source_ids == absolute.source_ids
    assert len(library.sources()) == len(seed_paths)  # no duplicate rows for the new spelling
    report = relative.report()
    assert [a.id for a in report.annotations] == [annotation]
    linked_folder = tmp_path / "linked"
    linked_folder.symlink_to(seed_paths[0].parent)
    linked, _ = Comparison.load([linked_folder / p.name for p in seed_paths])
    assert linked is not None and linked.paths == absolute.paths  # a symbolic link is the file it points to
    linked.attach(library)
    assert len(library.sources()) == len(seed_paths)
    library.close()


def test_reader_export_with_relative_paths_finds_the_windows_annotations(tmp_path: Path, seed_paths) -> None:
    db = tmp_path / "library.sqlite3"
    annotated_library(db, seed_paths)
    out = tmp_path / "out.json"
    result = reader_export(*(str(p.relative_to(ROOT)) for p in seed_paths), "-o", str(out), "--db", str(db))
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["total"] == 1
    selectors = data["first"]["items"][0]["target"][0]["selector"]
    assert QUOTE in [s.get("exact") for s in selectors]


def test_order_and_hidden_sources_round_trip_through_paths(seed_paths) -> None:
    comparison, _ = Comparison.load(seed_paths)
    assert comparison is not None
    paths = comparison.paths
    comparison.arrange([paths[3], paths[0]], hidden_paths=[paths[1]])
    assert comparison.order == [3, 0, 1, 2, 4] and comparison.hidden == {1}
    order, hidden = comparison.display_paths()
    assert order == [paths[3], paths[0], paths[1], paths[2], paths[4]] and hidden == [paths[1]]


def test_attach_imports_remembers_and_reports_changed_sources(tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    second = tmp_path / "b.txt"
    first.write_text("Musk testified on Tuesday. The judge asked him twice.", encoding="utf-8")
    second.write_text("Musk testified on Tuesday. Lawyers objected.", encoding="utf-8")
    library = Library.open(tmp_path / "library.sqlite3")
    comparison, _ = Comparison.load([first, second], AlignOptions(threshold=0.6))
    assert comparison is not None
    comparison.arrange([str(second)], hidden_paths=[str(first)])
    assert comparison.attach(library) == []  # new sources: nothing changed
    (saved,) = library.comparisons()
    assert saved.paths == (source_key(second), source_key(first)) and saved.hidden == (source_key(first),)
    assert saved.options["threshold"] == 0.6
    start = comparison.sources[0].text.index("The judge")
    library.add_annotation([NewTarget(comparison.source_ids[0], start, start + 9)], ["quote"])

    first.write_text("Update: Musk testified on Tuesday. The judge asked him twice.", encoding="utf-8")
    again, _ = Comparison.load([first, second])
    assert again is not None
    (changed,) = again.attach(library)
    assert changed.status == "changed" and changed.moved == 1
    (annotation,) = again.annotations()
    target = annotation.targets[0]
    assert again.sources[0].text[target.start : target.end] == "The judge"
    assert again.index_of(target.source_id) == 0
    library.close()


def test_a_read_only_library_is_only_read(tmp_path: Path, seed_paths) -> None:
    db = tmp_path / "library.sqlite3"
    comparison = annotated_library(db, seed_paths)
    before = db.read_bytes()
    read_only = Library.open(db, read_only=True)
    again, _ = Comparison.load(seed_paths)
    assert again is not None
    assert again.attach(read_only) == [] and again.source_ids == comparison.source_ids
    assert [a.tags for a in again.annotations()] == [("disputed",)]
    assert len(again.report(ExportOptions(tags=frozenset({"disputed"}))).annotations) == 1
    read_only.close()
    assert db.read_bytes() == before


def test_refused_files_are_reported_and_the_rest_compared(tmp_path: Path, seed_paths) -> None:
    missing = tmp_path / "gone.txt"
    comparison, refused = Comparison.load([missing, *seed_paths[:2], seed_paths[0]])
    assert comparison is not None and len(comparison.sources) == 2  # the repeated file counts once
    assert [str(e) for e in refused] == [f"{missing}: no such file"]
    nothing, refused = Comparison.load([missing])
    assert nothing is None and len(refused) == 1


def test_cancel_stops_reading_and_aligning(seed_paths) -> None:
    calls: list[float] = []

    def progress(done: float) -> bool:
        calls.append(done)
        return done < 0.3

    with pytest.raises(AlignmentCancelled):
        Comparison.load(seed_paths, progress=progress)
    # The first report past 0.3 said stop, and nothing ran on after it.
    assert calls[-1] >= 0.3 and all(done < 0.3 for done in calls[:-1]) and 1.0 not in calls


def test_the_comparison_loads_no_qt_and_no_database_layer() -> None:
    code = "import sys, reader.comparison; print(sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'shiboken6', 'sqlalchemy'}))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_reader_export_before_any_library_exists_exports_the_comparison(tmp_path: Path, seed_paths) -> None:
    db = tmp_path / "not-yet" / "library.sqlite3"
    out = tmp_path / "out.md"
    result = reader_export(*map(str, seed_paths[:2]), "-o", str(out), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "## Passages several sources carry" in out.read_text(encoding="utf-8")
    assert not db.parent.exists()  # an export creates no library


def test_cancel_is_heard_while_a_deep_page_is_still_being_read(tmp_path) -> None:
    page = tmp_path / "deep.html"
    page.write_text("<div>" * 40_000 + "<p>The deepest paragraph.</p>" + "</div>" * 40_000, encoding="utf-8")
    calls: list[float] = []

    def progress(done: float) -> bool:
        calls.append(done)
        return len(calls) < 3  # the third report says stop: it comes while the page is read

    with pytest.raises(AlignmentCancelled):  # not swallowed as the page's own failure
        Comparison.load([page, page.with_name("other.txt")], progress=progress)
    assert len(calls) == 3 and 0 < calls[-1] < 0.1  # within the first file's share of the reading


def test_the_users_title_outlet_and_date_are_shown_and_change_who_came_first(
    tmp_path: Path, seed_paths
) -> None:
    from reader.store import source_details

    library = Library.open(tmp_path / "library.sqlite3")
    try:
        comparison, _ = Comparison.load(seed_paths)
        assert comparison is not None
        comparison.attach(library)
        before = provenance(comparison.alignment).between(0, 4)
        assert before is not None and before.evidence == "credit" and before.gap is None
        details = source_details("Musk distilled OpenAI's models, he says", None, "May 9, 2026")
        library.set_source_details(comparison.source_ids[4], details)
        comparison.set_details(4, details)
        after = provenance(comparison.alignment).between(0, 4)
        assert after is not None and after.evidence == "dates and credit" and after.gap is not None
        assert comparison.sources[4].title == details.title
        assert (
            comparison.as_read[4].title == "Musk Admits xAI Distilled OpenAI Models to Train Grok Under Oath"
        )
        # Opened again (a new comparison on the same library): the user's values are there, the file's kept.
        again, _ = Comparison.load(seed_paths)
        assert again is not None
        again.attach(library)
        assert again.sources[4].published is not None and again.sources[4].published.iso == "2026-05-09"
        assert library.import_source(again.as_read[4]).status == "unchanged"
        assert library.source_details([again.source_ids[4]])[again.source_ids[4]] == details
        report = again.report()
        assert report.alignment.sources[4].title == details.title
    finally:
        library.close()
