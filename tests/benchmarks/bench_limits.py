"""Inputs at the size limits: time and peak memory of `reader align` as a whole process. Not a test.

    python tests/benchmarks/bench_limits.py [--timeout SECONDS] [--only NAME]

Cases (issue 9: every accepted input must finish, in time linear in its size):
- nested-html: 50,000 nested ``<div>``s around a paragraph each (about 550 KB), against a 5 KB article.
- text-49mb: a 49 MB prose file (distinct sentences made from a fixed vocabulary), against a 5 KB one.
- lines-200k: 200,000 one-word lines, against a 5 KB article.
- text-4.9mb: a tenth of the 49 MB case, so the growth from 4.9 MB to 49 MB can be read off (linear: 10x).

PDF and Word cases (issue 30, points 4 and 5; ``--only documents`` runs just these), each against the 5 KB
article: pdf-self-1kb (a form that draws itself twice at each level), pdf-stream-6mb (a Flate stream that
unpacks to 6 GB), pdf-objects-226kb (a page of 7,800 text objects), docx-nodes-16kb, -78kb and -291kb
(85,000 to 1.8 million identical paragraphs), docx-picture-8mb and -45mb (one picture). Targets: each read
or refused in one line within 60 s and 1.5 GB (the peak counts the child process that reads the document).

Issue 30, text and HTML (``--issue30``; each case is ``reader export FILE SEED -o out.html``, the whole way from
reading to the exported file, against the first seed; wall time, processor time and peak memory):
- oneline-49mb: the 49 MB prose above on one line; oneline-39mb: the same within the 40-million-character limit.
- page-40mb: a 40 MB saved page of ``<p>`` paragraphs in an ``<article>``.
- data-image-45mb: the sample story as a saved page with a 45 MB ``data:`` image.
- story-49mb: the five seeds' paragraphs over and over, each copy with a few letters changed; story-39mb: the
  same within the limit.
- markdown-39mb: the 39 MB prose as Markdown.
- lines-400k: 400,000 one-word lines, the most passages a source may have.
- md-links-250kb, md-links-5mb: one Markdown paragraph of links; md-dense-5mb: paragraphs of 99,000 characters
  dense with emphasis, links and code.
Targets: within 60 s and 1.5 GB, or refused in one line naming the limit (marked "*", with the line).

Baselines measured in the same run: Python reading the file and splitting it into words (``str.split``, the
least any aligner must do), and, with ``--baseline DIR``, the previous version of Reader checked out in DIR
(``git worktree add DIR v0.1``) on the same files. Targets: the 49 MB case within 60 s and 1.5 GB.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = sorted((ROOT / "seeds").glob("*.txt"))[0]

_WORDS = [
    "the",
    "court",
    "said",
    "witness",
    "model",
    "company",
    "data",
    "training",
    "lawyer",
    "judge",
    "asked",
    "answered",
    "distillation",
    "open",
    "source",
    "weights",
    "paper",
    "research",
    "lab",
    "engineer",
    "report",
    "earlier",
    "later",
    "because",
    "although",
    "million",
    "percent",
    "agreement",
    "license",
    "contract",
    "system",
    "benchmark",
    "claim",
    "evidence",
    "record",
    "hearing",
    "testimony",
    "counsel",
    "defense",
    "plaintiff",
    "question",
    "statement",
    "public",
    "private",
    "memo",
    "email",
    "board",
    "investor",
]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 24))]
    words.append(str(rng.randint(0, 10**6)))  # a number makes each sentence distinct
    rng.shuffle(words)
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def make_prose(path: Path, size: int, seed: int = 9) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        written = 0
        while written < size:
            paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 6))) + "\n\n"
            out.write(paragraph)
            written += len(paragraph)


def make_nested_html(path: Path, depth: int = 50_000) -> None:
    body = "".join(f"<div>p{n} " for n in range(depth)) + "</div>" * depth
    path.write_text(f"<!DOCTYPE html><html><head><title>Deep</title></head><body>{body}</body></html>")


def make_lines(path: Path, count: int = 200_000) -> None:
    rng = random.Random(3)
    path.write_text("\n".join(rng.choice(_WORDS) + str(n % 977) for n in range(count)) + "\n")


def run(command: list[str], timeout: float, pythonpath: str | None = None) -> tuple[str, float, float]:
    """(status, seconds, peak MB) of one run of ``command``; status is "ok", "exit N" or "timeout"."""
    env = dict(os.environ, PYTHONPATH=pythonpath) if pythonpath else None
    start = time.perf_counter()
    # Run from a neutral folder: with ``python -c`` the current folder comes first on sys.path.
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=tempfile.gettempdir()
    )
    killer = threading.Timer(timeout, process.kill)
    killer.start()
    _, status, usage = os.wait4(process.pid, 0)
    killer.cancel()
    elapsed = time.perf_counter() - start
    peak = usage.ru_maxrss / 1024
    if elapsed >= timeout:
        return "timeout", elapsed, peak
    code = os.waitstatus_to_exitcode(status)
    return ("ok" if code in (0, 1) else f"exit {code}"), elapsed, peak


def progress_gaps(paths: list[Path]) -> tuple[float, float]:
    """Reading and aligning ``paths`` in this process: the longest and the 99th-percentile time between two
    progress reports, in ms (how long Cancel can wait at most; the target is 50 ms)."""
    sys.path.insert(0, str(ROOT))
    from reader.comparison import Comparison

    stamps = [time.perf_counter()]

    def progress(done: float) -> bool:
        stamps.append(time.perf_counter())
        return True

    comparison, _ = Comparison.load(paths, progress=progress)
    stamps.append(time.perf_counter())  # before the result is dropped: freeing it is not the alignment's
    del comparison
    gaps = sorted(b - a for a, b in itertools.pairwise(stamps))
    return gaps[-1] * 1000, gaps[int(len(gaps) * 0.99) - 1 if len(gaps) > 1 else 0] * 1000


# -- issue 30: text and HTML inputs, read, aligned against a seed and exported ------------------------------


def make_one_line(path: Path, size: int) -> None:
    """The prose of ``make_prose`` with no line break at all."""
    make_prose(path, size)
    path.write_text(" ".join(path.read_text(encoding="utf-8").split("\n\n")).replace("\n", " "), "utf-8")


def make_page(path: Path, size: int) -> None:
    """A saved page of ``size`` bytes: prose paragraphs in an article, with navigation around it."""
    rng = random.Random(40)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            "<!DOCTYPE html><html><head><title>A long page</title></head><body><nav>Home</nav><article>"
        )
        written = 0
        while written < size:
            paragraph = "<p>" + " ".join(_sentence(rng) for _ in range(rng.randint(2, 6))) + "</p>\n"
            out.write(paragraph)
            written += len(paragraph)
        out.write("</article><footer>About us</footer></body></html>")


def make_data_image_page(path: Path, size: int) -> None:
    """The sample story as a saved page with one image of ``size`` bytes written into it (``data:``)."""
    import base64

    paragraphs = "".join(f"<p>{p}</p>" for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip())
    image = base64.b64encode(random.Random(45).randbytes(size * 3 // 4)).decode("ascii")
    path.write_text(
        f"<!DOCTYPE html><html><head><title>Story</title></head><body><article>{paragraphs}"
        f'<img alt="chart" src="data:image/png;base64,{image}"></article></body></html>',
        encoding="utf-8",
    )


def make_story(path: Path, size: int) -> None:
    """The five seeds' paragraphs over and over, each copy with one to three letters changed."""
    rng = random.Random(49)
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    paragraphs = [p for s in seeds for p in s.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    with path.open("w", encoding="utf-8") as out:
        written = 0
        while written < size:
            for paragraph in paragraphs:
                letters = list(paragraph)
                for _ in range(rng.randint(1, 3)):
                    letters[rng.randrange(len(letters))] = rng.choice("abcdefghij ")
                out.write("".join(letters) + "\n\n")
                written += len(letters) + 2


def make_markdown(path: Path, size: int, links_only: bool = False) -> None:
    """Markdown at its worst for python-markdown: one paragraph of links (``links_only``), or paragraphs of
    99,000 characters (just within the longest formatted) dense with emphasis, links and code."""
    if links_only:
        text = " ".join(f"[word {i}](http://example.com/{i}) said the court" for i in range(size // 40))
    else:
        block = " ".join(f"*w{i}* **b{i}** [l{i}](http://x/{i}) `c{i}`" for i in range(2600))[:99_000]
        text = "\n\n".join([block] * (size // len(block) + 1))
    path.write_text(text[:size], encoding="utf-8")


ISSUE30_CASES = {
    "oneline-49mb": (make_one_line, 49_000_000, ".txt"),
    "oneline-39mb": (make_one_line, 39_000_000, ".txt"),
    "page-40mb": (make_page, 40_000_000, ".html"),
    "data-image-45mb": (make_data_image_page, 45_000_000, ".html"),
    "story-49mb": (make_story, 49_000_000, ".txt"),
    "story-39mb": (make_story, 39_000_000, ".txt"),
    "markdown-39mb": (make_prose, 39_000_000, ".md"),
    "lines-400k": (make_lines, 400_000, ".txt"),
    "md-links-250kb": (lambda path, size: make_markdown(path, size, links_only=True), 250_000, ".md"),
    "md-links-5mb": (lambda path, size: make_markdown(path, size, links_only=True), 5_000_000, ".md"),
    "md-dense-5mb": (make_markdown, 5_000_000, ".md"),
}


def run_issue30(work: Path, timeout: float, baseline: str | None, only: str | None) -> None:
    """Each case exported against the first seed, as a whole process: time, peak memory, and the one line
    a refusal says; then the previous version on the same file."""
    reader = [sys.executable, "-c", "import sys; from reader.cli import main; sys.exit(main())", "export"]
    columns = ["reader export"] + (["previous version"] if baseline else [])
    print(f"\n{'case':<16} {'size':>9}  " + "  ".join(f"{c:>28}" for c in columns))
    for name, (make, size, suffix) in ISSUE30_CASES.items():
        if only and name != only:
            continue
        path = work / f"{name}{suffix}"
        make(path, size)
        roots = [str(ROOT)] + ([baseline] if baseline else [])
        shown, refusals = [], []
        for root in roots:
            out = work / "out.html"
            command = [*reader, str(path), str(SEED), "-o", str(out)]
            status, seconds, cpu, peak, said = run_export(command, timeout, root)
            shown.append(
                f"{seconds:6.1f} s {cpu:6.1f} cpu {peak:5.0f} MB"
                if status in ("ok", "refused")
                else f"{status} after {seconds:.0f} s"
            )
            if status == "refused":
                shown[-1] += "*"
                refusals.append(said)
            out.unlink(missing_ok=True)
        print(
            f"{name:<16} {path.stat().st_size / 1e6:7.2f}MB  " + "  ".join(f"{c:>28}" for c in shown),
            flush=True,
        )
        for said in refusals:
            print(f"  * refused: {said}", flush=True)
        path.unlink()


def run_export(command: list[str], timeout: float, pythonpath: str) -> tuple[str, float, float, float, str]:
    """(status, seconds, processor seconds, peak MB, the first line it said on stderr) of one export; status
    "refused" when it ended with a line on stderr and no traceback (the file refused, the seed alone)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env=dict(os.environ, PYTHONPATH=pythonpath),
            cwd=tempfile.gettempdir(),
        )
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        _, status, usage = os.wait4(process.pid, 0)
        killer.cancel()
        errors.seek(0)
        said = errors.read().decode("utf-8", "replace").strip()
    elapsed = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    peak = usage.ru_maxrss / 1024
    if elapsed >= timeout:
        return "timeout", elapsed, cpu, peak, said
    code = os.waitstatus_to_exitcode(status)
    if code == 0:
        return "ok", elapsed, cpu, peak, said
    if code in (1, 2) and said and "Traceback" not in said:
        return "refused", elapsed, cpu, peak, said.splitlines()[0]
    return f"exit {code}", elapsed, cpu, peak, said


# -- end of issue 30, text and HTML ------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--timeout", type=float, default=400.0)
    parser.add_argument("--only", help="run just this case")
    parser.add_argument("--baseline", metavar="DIR", help="a checkout of the previous version to run as well")
    parser.add_argument(
        "--issue30",
        action="store_true",
        help="run only issue 30's text and HTML cases (exported against a seed)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if args.issue30:
            run_issue30(work, args.timeout, args.baseline, args.only)
            return
        small = work / "small.txt"
        small.write_text(SEED.read_text(encoding="utf-8")[:5000], encoding="utf-8")
        cases: dict[str, Path] = {}
        cases["nested-html"] = work / "nested.html"
        make_nested_html(cases["nested-html"])
        cases["lines-200k"] = work / "lines.txt"
        make_lines(cases["lines-200k"])
        cases["text-4.9mb"] = work / "prose-4.9mb.txt"  # a tenth of the next: growth should be about 10x
        make_prose(cases["text-4.9mb"], 4_900_000)
        cases["text-49mb"] = work / "prose-49mb.txt"
        make_prose(cases["text-49mb"], 49_000_000)
        reader = [sys.executable, "-c", "import sys; from reader.cli import main; sys.exit(main())", "align"]
        columns = ["reader align"] + (["previous version"] if args.baseline else [])
        print(
            f"{'case':<12} {'size':>9}  " + "  ".join(f"{c:>22}" for c in columns) + "  python split  ratio"
        )
        for name, path in cases.items():
            if args.only and name != args.only:
                continue
            size = path.stat().st_size
            results = [run([*reader, str(path), str(small)], args.timeout, str(ROOT))]
            if args.baseline:
                results.append(run([*reader, str(path), str(small)], args.timeout, args.baseline))
            split = f"len(open({str(path)!r}, encoding='utf-8').read().split())"
            _, py_seconds, _ = run([sys.executable, "-c", split], args.timeout)
            shown = [
                f"{seconds:7.2f} s {peak:7.0f} MB" if status == "ok" else f"{status} after {seconds:.0f} s"
                for status, seconds, peak in results
            ]
            print(
                f"{name:<12} {size / 1e6:7.2f}MB  "
                + "  ".join(f"{c:>22}" for c in shown)
                + f"  {py_seconds:10.2f} s  {results[0][1] / py_seconds:5.1f}x python split",
                flush=True,
            )
        run_documents(args, work, small, reader)
        print("\nLongest wait for Cancel (time between two progress reports, in process; target 50 ms):")
        for name in ("nested-html", "lines-200k", "text-4.9mb"):
            if not args.only or name == args.only:
                longest, p99 = progress_gaps([cases[name], small])
                print(f"  {name:<12} longest {longest:6.1f} ms, 99th percentile {p99:5.1f} ms", flush=True)


# -- PDF and Word documents (issue 30, points 4 and 5) ---------------------------------------------------


DOCUMENTS = {
    "pdf-self-1kb": "self.pdf",
    "pdf-stream-6mb": "stream.pdf",
    "pdf-objects-226kb": "objects.pdf",
    "docx-nodes-16kb": "nodes-16kb.docx",
    "docx-nodes-78kb": "nodes-78kb.docx",
    "docx-nodes-291kb": "nodes-291kb.docx",
    "docx-picture-8mb": "picture-8mb.docx",
    "docx-picture-45mb": "picture-45mb.docx",
}


def make_documents(work: Path) -> None:
    """The hostile documents of issue 30 (``DOCUMENTS``), built as tests/documents.py builds them."""
    sys.path.insert(0, str(ROOT))
    from tests import documents

    picture = random.Random(30).randbytes
    builders = {
        "pdf-self-1kb": documents.self_drawing_pdf,
        "pdf-stream-6mb": lambda: documents.stream_bomb_pdf(6 * 1024**3),
        "pdf-objects-226kb": lambda: documents.text_objects_pdf(7_800),
        "docx-nodes-16kb": lambda: documents.many_nodes_docx(85_000),
        "docx-nodes-78kb": lambda: documents.many_nodes_docx(480_000),
        "docx-nodes-291kb": lambda: documents.many_nodes_docx(1_800_000),
        "docx-picture-8mb": lambda: documents.docx_with_picture(picture(8 * 1024 * 1024)),
        "docx-picture-45mb": lambda: documents.docx_with_picture(picture(45 * 1024 * 1024)),
    }
    for case, name in DOCUMENTS.items():
        (work / name).write_bytes(builders[case]())


def run_documents(args: argparse.Namespace, work: Path, small: Path, reader: list[str]) -> None:
    """Time and peak memory of `reader align DOCUMENT small.txt`, this version and the baseline's, and
    what this version says of the document."""
    if args.only and args.only != "documents" and not args.only.startswith(("pdf-", "docx-")):
        return
    # Built in a process of their own: a process started from this one inherits its size as its least
    # peak (Linux counts the memory of a fork before its exec), and building them takes a few hundred MB.
    build = f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import bench_limits, pathlib; "
    subprocess.run(
        [sys.executable, "-c", build + f"bench_limits.make_documents(pathlib.Path({str(work)!r}))"]
    )
    sys.path.insert(0, str(ROOT))
    from reader.core.reading.sources import SourceError, read_source

    columns = ["reader align"] + (["previous version"] if args.baseline else [])
    print(f"\n{'document':<18} {'size':>9}  " + "  ".join(f"{c:>22}" for c in columns) + "  what Reader says")
    for name, file_name in DOCUMENTS.items():
        if args.only and args.only not in ("documents", name):
            continue
        path = work / file_name
        results = [run([*reader, str(path), str(small)], args.timeout, str(ROOT))]
        if args.baseline:
            results.append(run([*reader, str(path), str(small)], args.timeout, args.baseline))
        shown = [
            f"{seconds:7.2f} s {peak:7.0f} MB" if status == "ok" else f"{status} after {seconds:.0f} s"
            for status, seconds, peak in results
        ]
        try:
            said = f"read ({len(read_source(path).text):,} characters)"
        except SourceError as error:
            said = error.problem
        size = _size(path.stat().st_size)
        print(f"{name:<18} {size:>9}  " + "  ".join(f"{c:>22}" for c in shown) + f"  {said}", flush=True)
    print("(exit -6: the process aborted; the peak counts the child process that reads the document)")


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / (1024 * 1024):.1f} MB"


if __name__ == "__main__":
    main()
