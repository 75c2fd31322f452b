"""What finding credits and outlets costs, against the previous version in the same run. Not a test.

    git worktree add --detach /tmp/base <previous commit>
    python tests/benchmarks/bench_credits.py --base /tmp/base

Texts: the sample story's five write-ups repeated to 1 MB (prose with credits in it), and 1 MB of a text
dense with what the finders look at ("reported", "according to", capitalised names, apostrophes). Each is
timed for reading (``source_from_text``: the header, the file's name, the words a text names itself with)
and for ``find_credits`` over it and the five seeds; then ``reader align --json`` on the seeds as a whole
process. Best of five runs each.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from checkouts import from_checkout

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
DENSE = (
    "Officials in Washington reported on Tuesday, according to Senate Democrats, that The Committee "
    "had reported nothing. Musk's lawyers said the Times's reporters, who reported it, told Reuters "
    "the deal was off, per company filings. As Smith reported, the New York Daily News is reporting "
    "a later date; citing sources, CNN said so. "
)


def best(run: Callable[[], Any], times: int = 5) -> float:
    found = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        found.append(time.perf_counter() - start)
    return min(found)


def measure(root: Path) -> dict[str, float]:
    source_from_text, find_credits = from_checkout(
        root,
        "reader.core.reading.sources:source_from_text",
        "reader.core.provenance.attribution:find_credits",
    )
    seeds = [source_from_text(path.read_text(encoding="utf-8"), path.name) for path in SEEDS]
    story = "\n\n".join(source.text for source in seeds)
    texts = {
        "story": (story * (1_000_000 // len(story) + 1))[:1_000_000],
        "dense": (DENSE * 4000)[:1_000_000],
    }
    result = {}
    for name, text in texts.items():
        result[f"read {name}"] = best(lambda text=text: source_from_text(text, "big.txt"))
        big = source_from_text(text, "big.txt")
        result[f"credits {name}"] = best(lambda big=big: find_credits([big, *seeds]))
    environment = {**os.environ, "PYTHONPATH": str(root)}
    command = [sys.executable, "-m", "reader", "align", "--json", *map(str, SEEDS)]
    result["align --json seeds"] = best(
        lambda: subprocess.run(command, env=environment, capture_output=True, check=True), times=5
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base", type=Path, required=True, help="a checkout of the previous version")
    base_root = parser.parse_args().base.resolve()
    base = measure(base_root)
    now = measure(ROOT)
    print(f"{'':24} {'base':>9} {'now':>9} {'now/base':>9}")
    for key in now:
        print(f"{key:24} {base[key]:9.4f} {now[key]:9.4f} {now[key] / base[key]:9.2f}")


if __name__ == "__main__":
    main()
