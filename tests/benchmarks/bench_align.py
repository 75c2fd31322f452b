"""Alignment speed, against baselines measured in the same run. Not a test: run it by hand.

    python tests/benchmarks/bench_align.py [--quick] [--no-collatex] [--large] [--baseline DIR]

``--baseline DIR`` runs the same figures again, right after, on another checkout of Reader (the previous
version): these machines are noisy, so only figures from one run compare. ``--instructions`` also counts
the instructions of the whole processes (valgrind's callgrind, `apt-get install valgrind`): unlike times,
they do not swing with the machine's load, so small changes compare (about a minute more). ``--large``
measures only figure 2, with the floor of any Python process beside it (`python -c pass`, and importing the
alignment engine), as whole processes too.

Needs, besides Reader: `pip install -e '.[bench]'` (CollateX with python-levenshtein), git, and a large prose
text. The large text is Debian's fortune cookies (`apt-get install fortunes`): real English prose, about 2.5
MB, installed from a package registry rather than downloaded at run time.

Figures:
1. The five seeds: the alignment itself (median of 20 runs, in process), and `reader align --json` as a whole
   process against CollateX collating the same five files as a whole process.
2. Two versions of a 1 MB text and of a 2 MB text (reworded, deleted and inserted sentences, moved
   paragraphs): `reader align` as a whole process against `git diff --no-index --word-diff`, and peak memory.
3. N articles of about 10 KB aligned together, N = 5 ... 50: time and growth with N.
"""

from __future__ import annotations

import argparse
import compileall
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
FORTUNES = Path("/usr/share/games/fortunes")
CODE = Path(os.environ.get("BENCH_READER_CODE", ROOT))  # the checkout measured (--baseline sets it)
sys.path.insert(0, str(CODE))

from reader.core.alignment.align import align  # noqa: E402
from reader.core.reading.sources import read_source, source_from_text  # noqa: E402

COLLATEX_SCRIPT = """
import sys
from collatex import Collation, collate
collation = Collation()
for number, path in enumerate(sys.argv[1:]):
    collation.add_plain_witness(f"w{number}", open(path, encoding="utf-8").read())
collate(collation, output="json", segmentation=True)
"""


def run_process(command: list[str]) -> tuple[float, float]:
    """Wall time in seconds and peak memory (MB) of one run of ``command``, output discarded."""
    start = time.perf_counter()
    environment = {**os.environ, "PYTHONPATH": str(CODE)}  # `python -m reader` is the measured checkout's
    # ... and from the checkout's folder: `python -m` puts the working directory before PYTHONPATH, so run
    # from another checkout it would measure that one (until 2026-12-02 the baseline's processes measured
    # the checkout the benchmark was started in).
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment, cwd=CODE
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode not in (0, 1):  # git diff exits 1 when files differ
        raise SystemExit(f"{' '.join(command[:3])} failed ({process.returncode}): {stderr[-500:]}")
    return elapsed, usage.ru_maxrss / 1024


def instructions(command: list[str]) -> str:
    """The instructions one run of ``command`` executes, counted by valgrind (billions), or why not."""
    if shutil.which("valgrind") is None:
        return "valgrind not installed"
    environment = {**os.environ, "PYTHONPATH": str(CODE)}
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        cwd=CODE,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    return f"{int(found.group(1)) / 1e9:.3f} G instructions" if found else "valgrind gave no count"


def median_process(command: list[str], repeat: int) -> tuple[float, float]:
    runs = [run_process(command) for _ in range(repeat)]
    return statistics.median(t for t, _ in runs), max(m for _, m in runs)


# -- data -------------------------------------------------------------------------------------------------


def prose_corpus() -> str:
    if not FORTUNES.is_dir():
        raise SystemExit("the large-text benchmarks need Debian's fortunes: apt-get install fortunes")
    paragraphs: list[str] = []
    for path in sorted(FORTUNES.iterdir()):
        if path.suffix or path.is_symlink() or path.name in ("art", "ascii-art"):
            continue
        for cookie in path.read_text(encoding="utf-8", errors="replace").split("\n%\n"):
            lines = [line.strip() for line in cookie.splitlines() if line.strip()]
            text = " ".join(lines)
            if len(text) > 40 and sum(c.isalpha() for c in text) > 0.6 * len(text):
                paragraphs.append(text)
    return "\n\n".join(paragraphs)


def take(corpus: str, size: int, offset: int = 0) -> str:
    chunk = corpus[offset : offset + size]
    return chunk[: chunk.rfind("\n\n")]


SENTENCE = re.compile(r"(?<=[.!?])\s+")


def edited(text: str, rng: random.Random, extra: list[str], rate: float = 0.03, move: float = 0.01) -> str:
    """Reword, delete and insert about ``rate`` of the sentences each; move about ``move`` of paragraphs."""
    paragraphs = text.split("\n\n")
    out: list[str] = []
    for paragraph in paragraphs:
        sentences = []
        for sentence in SENTENCE.split(paragraph):
            roll = rng.random()
            if roll < rate:
                continue  # deleted
            if roll < 2 * rate:
                words = sentence.split()
                for _ in range(max(1, len(words) // 6)):
                    words[rng.randrange(len(words))] = rng.choice(["indeed", "reportedly", "notably", "new"])
                sentence = " ".join(words)
            sentences.append(sentence)
            if rng.random() < rate:
                sentences.append(rng.choice(extra))
        if sentences:
            out.append(" ".join(sentences))
    for _ in range(max(1, int(len(out) * move))):
        paragraph = out.pop(rng.randrange(len(out)))
        out.insert(rng.randrange(len(out)), paragraph)
    return "\n\n".join(out)


# -- benchmarks -------------------------------------------------------------------------------------------


def bench_seeds(with_collatex: bool, count: bool) -> None:
    sources = [read_source(path) for path in SEEDS]
    align(sources)
    times = []
    for _ in range(20):
        start = time.perf_counter()
        align(sources)
        times.append(time.perf_counter() - start)
    print(f"seeds: alignment alone, median of 20: {statistics.median(times) * 1000:.1f} ms (target < 100 ms)")
    reader_time, reader_memory = median_process(
        [sys.executable, "-m", "reader", "align", "--json", *map(str, SEEDS)], 5
    )
    print(
        f"seeds: reader align --json, whole process, median of 5: {reader_time:.3f} s, peak {reader_memory:.0f} MB"
    )
    if count:
        command = [sys.executable, "-m", "reader", "align", "--json", *map(str, SEEDS)]
        print(f"seeds: reader align --json, whole process: {instructions(command)}")
    if with_collatex:
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
            script.write(COLLATEX_SCRIPT)
        collatex_time, collatex_memory = run_process([sys.executable, script.name, *map(str, SEEDS)])
        os.unlink(script.name)
        print(f"seeds: CollateX, whole process, 1 run: {collatex_time:.1f} s, peak {collatex_memory:.0f} MB")
        print(f"seeds: Reader is {collatex_time / reader_time:.0f}x faster than CollateX (target >= 100x)")


def bench_floor(repeat: int) -> None:
    """What any Python process costs, and one that imports the alignment engine: the floor of figure 2."""
    for label, code in (
        ("python -c pass", "pass"),
        ("import the engine", "import reader.core.alignment.align"),
    ):
        elapsed, memory = median_process([sys.executable, "-c", code], repeat)
        print(f"floor: {label}, whole process: {elapsed:.3f} s, peak {memory:.0f} MB")


def bench_large(corpus: str, folder: Path, repeat: int, count: bool) -> None:
    rng = random.Random(20261122)
    extra = SENTENCE.split(corpus[-200_000:])
    results = {}
    for megabytes in (1, 2):
        original = take(corpus, megabytes * 1_000_000)
        a = folder / f"{megabytes}mb-a.txt"
        b = folder / f"{megabytes}mb-b.txt"
        a.write_text(original, encoding="utf-8")
        b.write_text(edited(original, rng, extra), encoding="utf-8")
        git_time, _ = median_process(["git", "diff", "--no-index", "--word-diff", str(a), str(b)], repeat)
        reader_time, memory = median_process(
            [sys.executable, "-m", "reader", "align", str(a), str(b)], repeat
        )
        results[megabytes] = reader_time
        print(
            f"{megabytes} MB pair ({a.stat().st_size / 1e6:.2f} + {b.stat().st_size / 1e6:.2f} MB): "
            f"reader align {reader_time:.2f} s, peak {memory:.0f} MB; git diff --word-diff {git_time:.3f} s; "
            f"ratio {reader_time / git_time:.1f}x (target <= 15x)"
        )
        if count and megabytes == 1:
            command = [sys.executable, "-m", "reader", "align", str(a), str(b)]
            print(f"1 MB pair: reader align, whole process: {instructions(command)}")
    print(f"2 MB / 1 MB time: {results[2] / results[1]:.2f} (target <= 2.1)")


def bench_many(corpus: str, counts: list[int]) -> None:
    rng = random.Random(7)
    base = take(corpus, 10_500, offset=300_000)
    extra = SENTENCE.split(corpus[-100_000:])
    articles = [
        source_from_text(edited(base, rng, extra, rate=0.08, move=0.05), path=f"article{n:02}.txt")
        for n in range(max(counts))
    ]
    previous = None
    for count in counts:
        start = time.perf_counter()
        alignment = align(articles[:count])
        elapsed = time.perf_counter() - start
        growth = ""
        if previous:
            exponent = math.log(elapsed / previous[1]) / math.log(count / previous[0])
            growth = f", grows as N^{exponent:.2f} since N={previous[0]}"
        size = sum(len(a.text) for a in articles[:count]) / count / 1000
        print(f"{count} articles of {size:.1f} KB: {elapsed:.2f} s, {len(alignment.groups)} groups{growth}")
        previous = (count, elapsed)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="one run per process measurement, N up to 20")
    parser.add_argument("--no-collatex", action="store_true", help="skip CollateX (about 30 s)")
    parser.add_argument("--baseline", type=Path, metavar="DIR", help="then measure this checkout too")
    parser.add_argument("--instructions", action="store_true", help="count instructions too (valgrind)")
    parser.add_argument("--large", action="store_true", help="only the two large pairs (figure 2)")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; Reader from {CODE}")
    # An installed Reader runs from bytecode (pip and the bundle compile it). Where PYTHONDONTWRITEBYTECODE
    # is set, as on these machines, every process would compile the sources again, and a checkout with more
    # code would be measured slower for it: compile them once, here.
    compileall.compile_dir(CODE / "reader", quiet=1)
    # Likewise the programs of its regular expressions (reader.core.text.patterns), kept beside the bytecode
    # by the first process that may write it: one run here, as a user's first.
    first_run = {**os.environ, "PYTHONPATH": str(CODE)}
    first_run.pop("PYTHONDONTWRITEBYTECODE", None)
    seeds = [sys.executable, "-m", "reader", "align", "--json", *map(str, SEEDS)]
    subprocess.run(seeds, env=first_run, cwd=CODE, stdout=subprocess.DEVNULL, check=True)
    if not args.large:
        bench_seeds(not args.no_collatex, args.instructions)
    corpus = prose_corpus()
    if args.large:
        bench_floor(repeat)
    with tempfile.TemporaryDirectory() as folder:
        bench_large(corpus, Path(folder), repeat, args.instructions)
    if not args.large:
        bench_many(corpus, [5, 10, 20] if args.quick else [5, 10, 20, 30, 50])
    if args.baseline:
        print()
        again = [a for a in sys.argv[1:] if a != "--baseline" and a != str(args.baseline)]
        environment = {**os.environ, "BENCH_READER_CODE": str(args.baseline.resolve())}
        subprocess.run([sys.executable, __file__, "--no-collatex", *again], env=environment, check=True)


if __name__ == "__main__":
    main()
