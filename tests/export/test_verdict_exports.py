"""`reader export` respects the verdicts on links kept in the library: a rejected link is in no share, no
copying and no relation of every format, and the verdicts are listed (real runs of the command)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from reader.comparison import Comparison
from reader.store import Library, NewTarget

MUSK = "Musk said it is standard practice to use other AIs to validate your AI."
FIRST = f"Tech news\n\n{MUSK}\n\nThe filing shows the board met twice in March.\n"
SECOND = f"Court report\n\n{MUSK}\n\nThe judge asked for the minutes of both meetings.\n"


def export(paths: list[Path], db: Path, out: Path) -> str:
    command = [sys.executable, "-m", "reader", "export", *map(str, paths), "-o", str(out), "--db", str(db)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return out.read_text(encoding="utf-8-sig")


def test_every_export_respects_a_rejected_link(tmp_path: Path) -> None:
    paths = []
    for name, text in (("a.txt", FIRST), ("b.txt", SECOND)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    db = tmp_path / "library.sqlite3"
    library = Library.open(db)
    comparison, _ = Comparison.load(paths)
    assert comparison is not None
    comparison.attach(library)
    ends = []
    for index in (0, 1):
        start = comparison.sources[index].text.index(MUSK)
        ends.append(NewTarget(comparison.source_ids[index], start, start + len(MUSK)))
    library.add_annotation([ends[1]], ["disputed"], "who said it first?")
    library.close()

    before = json.loads(export(paths, db, tmp_path / "before.json"))["alignment"]
    assert before["pairs"][0]["shared"] > 0.3 and before["copying"] and "verdicts" not in before
    relation_before = next(csv.DictReader(export(paths, db, tmp_path / "before.csv").splitlines()))

    library = Library.open(db)
    library.judge_link(ends[0], ends[1], "rejected", "both quote Musk")
    library.close()

    after = json.loads(export(paths, db, tmp_path / "after.json"))["alignment"]
    assert after["pairs"][0]["shared"] < 0.2 and after["copying"] == []
    (verdict,) = after["verdicts"]
    assert (verdict["verdict"], verdict["status"], verdict["note"]) == (
        "rejected",
        "applied",
        "both quote Musk",
    )
    assert [end["text"] for end in verdict["ends"]] == [MUSK, MUSK]
    relation_after = next(csv.DictReader(export(paths, db, tmp_path / "after.csv").splitlines()))
    assert relation_before["relation"] != relation_after["relation"] == "found in one source only"
    markdown = export(paths, db, tmp_path / "after.md")
    assert "Links you judged" in markdown and "rejected by you" in markdown
    assert "No source takes text from another" in markdown
    html = export(paths, db, tmp_path / "after.html")
    assert "<h3>Links you judged</h3>" in html and "both quote Musk" in html
