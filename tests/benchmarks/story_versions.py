"""Versions of one news story, as a syndicated story appears in many outlets: the generator of issue 34's benchmark.

Each version keeps a random half of the story's sentences, in shuffled order, plus a dozen sentences of
other news stories, so that every pair of versions shares about a quarter of the story and each version
has text no other has. A fixed seed makes the same versions on every machine.

The story is the longest of the sample story's write-ups (``seeds/004_*.txt``, 6.75 KB, real news text
shipped with Reader); the other stories' sentences are the news sentences of the STS benchmark's news
genre in ``../shared/data/paraphrase/sts-news-train.tsv`` (read from there, never copied into the project;
CC BY-SA 4.0, headlines from the European Media Monitor), or, without ``../shared``, sentences of the other
seeds. Use ``--story`` and ``--others`` for other texts.

    python tests/benchmarks/story_versions.py 500 /tmp/versions   # writes version000.txt ...
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
SEED = 20261207


def shared_folder() -> Path | None:
    """``../shared`` beside the checkout (or beside the main checkout, from a git worktree)."""
    for parent in [ROOT, *ROOT.parents]:
        candidate = parent.parent / "shared"
        if (candidate / "data").is_dir():
            return candidate
    return None


def default_story() -> str:
    return max(sorted((ROOT / "seeds").glob("*.txt")), key=lambda p: p.stat().st_size).read_text("utf-8")


def sentences(text: str) -> list[str]:
    """The story's sentences as Reader splits them (so that each version keeps whole sentences)."""
    from reader.core.text.segment import segment  # the checkout the benchmark lives in

    return [text[p.start : p.end].strip() for p in segment(text, "sentence") if text[p.start : p.end].strip()]


def other_sentences() -> list[str]:
    """Sentences of other news stories."""
    shared = shared_folder()
    table = shared / "data" / "paraphrase" / "sts-news-train.tsv" if shared else None
    if table and table.is_file():
        with table.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
        found = {
            row[2].strip()
            for row in rows[1:]
            if len(row) >= 4
            and len(row[2].split()) >= 8
            and row[2][:1].isupper()
            and row[2].rstrip()[-1:] in '.!?"'
        }
        return sorted(found)
    story = default_story()
    return sorted(
        {s for path in sorted((ROOT / "seeds").glob("*.txt")) for s in sentences(path.read_text("utf-8"))}
        - set(sentences(story))
    )


def versions(
    count: int, story: str | None = None, others: list[str] | None = None, seed: int = SEED
) -> list[str]:
    """``count`` versions of ``story``: each a random half of its sentences, shuffled, with 12 others."""
    rng = random.Random(seed)
    own = sentences(story if story is not None else default_story())
    pool = others if others is not None else other_sentences()
    out: list[str] = []
    for _ in range(count):
        kept = rng.sample(own, max(1, len(own) // 2)) + rng.sample(pool, min(12, len(pool)))
        rng.shuffle(kept)
        # Paragraphs of two or three sentences, as news pages have; a line with no closing punctuation (a
        # headline, a dateline) stays a paragraph of its own, as on a page.
        paragraphs: list[str] = []
        while kept:
            take = rng.choice((1, 2, 3))
            line = []
            for sentence in kept[:take]:
                if sentence.rstrip()[-1:] not in '.!?"”’)':
                    break
                line.append(sentence)
            take = max(1, len(line))
            paragraphs.append(" ".join(kept[:take]))
            del kept[:take]
        out.append("\n\n".join(paragraphs) + "\n")
    return out


def write(count: int, folder: Path, story: str | None = None, others: list[str] | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, text in enumerate(versions(count, story, others)):
        path = folder / f"version{number:03}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--story", type=Path, help="the story (plain text); default: the longest seed")
    parser.add_argument("--others", type=Path, help="other stories' text, one sentence per line")
    args = parser.parse_args()
    story = args.story.read_text("utf-8") if args.story else None
    others = (
        [line.strip() for line in args.others.read_text("utf-8").splitlines() if line.strip()]
        if args.others
        else None
    )
    paths = write(args.count, args.folder, story, others)
    print(
        f"{len(paths)} versions in {args.folder}, about {sum(p.stat().st_size for p in paths) / len(paths) / 1000:.1f} KB each"
    )


if __name__ == "__main__":
    main()
