"""Are Reader's outputs byte for byte those of another checkout? Not a test: run it by hand around any change
that should not change what Reader says (a restructuring, a speed-up).

    git worktree add /tmp/reader-before <commit>
    python tests/benchmarks/same_output.py --baseline /tmp/reader-before

Runs `reader align` (text and --json) and `reader export` (HTML, Markdown, W3C JSON, CSV; the PDF's text
through pdftotext where installed) as whole processes in both checkouts, on the same inputs:

- the five seeds, with a library of annotations made by the baseline's own Python API;
- two versions of a 1 MB text (Debian's fortunes, `apt-get install fortunes`, edited as bench_align edits it);
- real revision chains of edited articles (../shared/data/revisions: four versions each, five articles);
- a story syndicated by 20 outlets (tests/syndicated.py).

The moment of export (a date and time in the exports) is masked; everything else must be equal.
Prints one line per output, "same" or "DIFFERS" with the first differing line, and exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _shared_revisions() -> Path:
    """../shared/data/revisions beside this checkout, or beside the main checkout of a git worktree."""
    places = [ROOT]
    common = subprocess.run(
        ["git", "rev-parse", "--path-format=absolute", "--git-common-dir"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if common.returncode == 0:
        places.append(Path(common.stdout.strip()).parent)
    for place in places:
        if (place.parent / "shared" / "data" / "revisions").is_dir():
            return place.parent / "shared" / "data" / "revisions"
    return ROOT.parent / "shared" / "data" / "revisions"


SHARED = _shared_revisions()
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))

from bench_align import SENTENCE, edited, prose_corpus, take  # noqa: E402

from tests.syndicated import write_story  # noqa: E402

EXPORTED = re.compile(rb"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d)?")
ANNOTATE = """
import sys
from pathlib import Path
from reader.core.reading.sources import read_source
from reader.store import Library, NewTarget

library = Library.open(sys.argv[1])
tags = ["disputed", "verified", "unsourced", "quote", "correction"]
for number, path in enumerate(sorted(sys.argv[2:])):
    source = read_source(path)
    report = library.import_source(source)
    length = len(source.text)
    for k in range(4):
        start = (length * (2 * k + 1)) // 9
        library.add_annotation(
            [NewTarget(report.source_id, start, min(length, start + 60 + 10 * k))],
            tags=[tags[(number + k) % len(tags)]],
            note=f"Note {number}-{k}: *check* <b>this</b> & that." if k % 2 == 0 else "",
        )
library.close() if hasattr(library, "close") else None
"""


def inputs(folder: Path) -> dict[str, list[Path]]:
    """The input sets, written once into ``folder`` and read by both checkouts."""
    sets: dict[str, list[Path]] = {"seeds": sorted((ROOT / "seeds").glob("*.txt"))}
    corpus = prose_corpus()
    rng = random.Random(20261122)
    original = take(corpus, 1_000_000)
    pair = [folder / "1mb-a.txt", folder / "1mb-b.txt"]
    pair[0].write_text(original, encoding="utf-8")
    pair[1].write_text(edited(original, rng, SENTENCE.split(corpus[-200_000:])), encoding="utf-8")
    sets["1 MB pair"] = pair
    if not SHARED.is_dir():
        raise SystemExit(f"{SHARED}: no revision chains there (the shared evaluation data)")
    if SHARED.is_dir():
        for article in sorted(p for p in SHARED.iterdir() if p.is_dir())[:5]:
            versions = sorted(article.glob("*.txt"), key=lambda p: int(p.stem) if p.stem.isdigit() else 0)
            if len(versions) >= 2:
                sets[f"revisions: {article.name}"] = versions[:4]
    syndicated = folder / "syndicated"
    syndicated.mkdir()
    sets["20 syndicated outlets"] = write_story(syndicated, 20, seed=7)
    return sets


def run(code: Path, arguments: list[str], output: Path | None = None) -> bytes:
    """``python -m reader ARGUMENTS`` from checkout ``code``; its standard output, or the file it wrote."""
    environment = {**os.environ, "PYTHONPATH": str(code), "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.run(
        [sys.executable, "-m", "reader", *arguments], capture_output=True, env=environment, cwd=code
    )
    if process.returncode not in (0, 1):
        return b"exit %d: %s" % (process.returncode, process.stderr[-400:])
    if output is None:
        return process.stdout
    if not output.exists():
        return b"no file written: " + process.stderr[-400:]
    data = output.read_bytes()
    if output.suffix == ".pdf":
        if shutil.which("pdftotext") is None:
            return b"(pdftotext not installed: PDF not compared)"
        text = subprocess.run(["pdftotext", "-layout", str(output), "-"], capture_output=True)
        data = text.stdout
    # The moment of export ("Exported by Reader on ...", "generated") is the one thing allowed to differ.
    return EXPORTED.sub(b"TIME", data.replace(str(output.parent).encode(), b"OUT"))


def outputs(code: Path, sets: dict[str, list[Path]], folder: Path, library: Path) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for name, paths in sets.items():
        files = [str(p) for p in paths]
        found[f"{name}: align"] = run(code, ["align", *files])
        found[f"{name}: align --json"] = run(code, ["align", "--json", *files])
        if name == "seeds" or name.startswith("revisions"):
            for suffix in ("html", "md", "json", "csv", "pdf"):
                db = folder / f"library-{suffix}.sqlite3"
                shutil.copy(library, db)
                out = folder / f"export.{suffix}"
                found[f"{name}: export .{suffix}"] = run(
                    code, ["export", *files, "-o", str(out), "--db", str(db)], out
                )
                out.unlink(missing_ok=True)
    return found


def _same_json(a: bytes, b: bytes) -> bool:
    """Are both JSON documents of the same value?"""
    try:
        return bool(json.loads(a) == json.loads(b))
    except ValueError:
        return False


def first_difference(a: bytes, b: bytes) -> str:
    lines_a = a.decode("utf-8", "replace").splitlines()
    lines_b = b.decode("utf-8", "replace").splitlines()
    for line in difflib.unified_diff(lines_a, lines_b, "baseline", "this", n=0, lineterm=""):
        if line.startswith(("-", "+")) and not line.startswith(("---", "+++")):
            return line[:160]
    return f"lengths {len(a)} and {len(b)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="the other checkout")
    arguments = parser.parse_args()
    baseline = arguments.baseline.resolve()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        sets = inputs(folder)
        library = folder / "annotated.sqlite3"
        annotated = [
            str(p) for name, paths in sets.items() if name == "seeds" or name.startswith("rev") for p in paths
        ]
        environment = {**os.environ, "PYTHONPATH": str(baseline)}
        subprocess.run(
            [sys.executable, "-c", ANNOTATE, str(library), *annotated], env=environment, check=True
        )
        started = time.perf_counter()
        before = outputs(baseline, sets, folder, library)
        after = outputs(ROOT, sets, folder, library)
        differ = 0
        for key in before:
            if before[key] == after[key]:
                print(f"same     {key} ({len(after[key]):,} bytes)")
            elif _same_json(before[key], after[key]):
                # Since issue 34 the alignment's JSON is indented by two (orjson), not one.
                print(f"same     {key} (the same JSON value, laid out differently)")
            else:
                differ += 1
                print(f"DIFFERS  {key}: {first_difference(before[key], after[key])}")
        print(
            f"{len(before) - differ} of {len(before)} outputs the same as {baseline} "
            f"({time.perf_counter() - started:.0f} s)"
        )
    raise SystemExit(1 if differ else 0)


if __name__ == "__main__":
    main()
