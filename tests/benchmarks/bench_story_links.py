"""What Reader claims about real same-story articles, judged by reading: links, copying, differing details.

Runs ``reader align --json`` (as a whole process, from this checkout and from a baseline revision in the same
run) on each story folder of a half written by ``story_corpus.py`` and writes what a reader would have to
believe, one item per line, for judging:

- ``links``: every link between two sources' passages (a member and its comparand), with its relation (found
  exactly, edited, by meaning, told again), confidence and, where the version says so, "possibly the same";
- ``pairs``: sentence pairs of two articles that share content words, drawn without looking at Reader, so
  that judged "same fact" pairs measure how many shared facts Reader links (recall);
- ``details``: every differing detail reported, with both passages;
- ``copying``: every copying share reported between two sources, with how much of the shared text lies in
  quotation marks in both (counted here, independently of Reader's own quotation finder).

The window shows a group as one fact, so two members of a group are judged too ("in one group"), and
a shared fact counts as linked when its two sentences are in one group or in a link. Verdicts are kept
apart, by the hash of the two texts (``--verdicts FILE``: JSON lines with ``key`` and
``verdict``), so a link both versions make is judged once; ``--report`` prints the figures from them.

    python tests/benchmarks/bench_story_links.py --stories /work/evaldata/stories/tune --baseline 6a7dc21 \
        --out /work/evaldata/judged/tune
    python tests/benchmarks/bench_story_links.py --out /work/evaldata/judged/tune --sample --batches 4 \
        --verdicts /work/evaldata/judged/verdicts/*.jsonl
    python tests/benchmarks/bench_story_links.py --out /work/evaldata/judged/tune --report \
        --verdicts /work/evaldata/judged/verdicts.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+|\d[\d,.]*")
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "as",
        "is",
        "was",
        "were",
        "be",
        "been",
        "are",
        "has",
        "have",
        "had",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "his",
        "her",
        "their",
        "them",
        "who",
        "which",
        "what",
        "when",
        "where",
        "said",
        "says",
        "will",
        "would",
        "could",
        "not",
        "no",
        "than",
        "then",
        "also",
        "after",
        "before",
        "over",
        "into",
        "about",
        "more",
        "most",
        "some",
        "such",
        "there",
        "one",
        "two",
        "new",
    ]
)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’)]*|\n|$)")


def key(a: str, b: str) -> str:
    first, second = sorted((a.strip(), b.strip()))
    return hashlib.sha1((first + "\x00" + second).encode()).hexdigest()[:16]


def _checkout(rev: str) -> Path:
    folder = Path(tempfile.gettempdir()) / f"reader-story-base-{rev}"
    if not folder.exists():
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "-f", "--detach", str(folder), rev], check=True
        )
    return folder


def align(root: Path, files: list[Path]) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(root))
    done = subprocess.run(
        [sys.executable, "-m", "reader", "align", "--json", *map(str, files)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    )
    return json.loads(done.stdout)


def _quoted_mask(text: str) -> list[bool]:
    """Characters inside double quotation marks (straight or curly), by a simple count per paragraph."""
    mask = [False] * len(text)
    for paragraph in re.finditer(r"[^\n]+", text):
        inside = False
        for i in range(paragraph.start(), paragraph.end()):
            ch = text[i]
            if ch in '“”"':
                inside = ch == "“" or (ch == '"' and not inside)
                continue
            mask[i] = inside
    return mask


def links_of(result: dict[str, Any]) -> list[dict[str, Any]]:
    groups = result["groups"]
    by_id = {g["id"]: g for g in groups}
    names = {s["id"]: s["name"] for s in result["sources"]}
    found = []
    for group in groups:
        if len(group["members"]) < 2 and group["kind"] != "repeated":
            continue
        for member in group["members"]:
            other_id = member.get("compared_with")
            if other_id is None or other_id == member["source"] or member["classification"] == "unique":
                continue
            others = [m for m in group["members"] if m["source"] == other_id]
            if not others and group.get("repeats"):
                others = [m for m in by_id[group["repeats"]]["members"] if m["source"] == other_id]
            if not others:
                continue
            other = others[0]
            relation = "told again" if group["kind"] == "repeated" else member["classification"]
            found.append(
                {
                    "key": key(member["text"], other["text"]),
                    "relation": relation,
                    "found_by": member.get("found_by"),
                    "confidence": member.get("confidence"),
                    "possible": bool(member.get("possible")),
                    "source_a": names[other_id],
                    "source_b": names[member["source"]],
                    "text_a": other["text"],
                    "text_b": member["text"],
                }
            )
    # The window shows a group as one fact: two members neither of which is the other's comparand are
    # joined too, through the reference ("in one group").
    for group in groups:
        members = group["members"]
        for x, first in enumerate(members):
            for second in members[x + 1 :]:
                if (
                    first.get("compared_with") == second["source"]
                    or second.get("compared_with") == first["source"]
                ):
                    continue
                found.append(
                    {
                        "key": key(first["text"], second["text"]),
                        "relation": "in one group",
                        "found_by": None,
                        "confidence": None,
                        "possible": bool(first.get("possible") or second.get("possible")),
                        "source_a": names[first["source"]],
                        "source_b": names[second["source"]],
                        "text_a": first["text"],
                        "text_b": second["text"],
                    }
                )
    for link in result.get("links", []):  # ties beside the groups (schema 2)
        found.append(
            {
                "key": key(link["a_text"], link["b_text"]),
                "relation": link["classification"],
                "found_by": {"identical": "exact", "reworded": "edited"}.get(
                    link["classification"], "meaning"
                ),
                "confidence": link["confidence"],
                "possible": bool(link.get("possible")),
                "beside": True,
                "source_a": names[link["sources"][0]],
                "source_b": names[link["sources"][1]],
                "text_a": link["a_text"],
                "text_b": link["b_text"],
            }
        )
    return found


def details_of(result: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    texts = {s["id"]: s["text"] for s in result["sources"]}
    for group in result["groups"]:
        for member in group["members"]:
            for d in member.get("discrepancies", []) or []:
                other = member.get("compared_with")
                others = [m for m in group["members"] if m["source"] == other]
                pair = sorted((d.get("a_text", ""), d.get("b_text", "")))
                found.append(
                    {
                        "key": key(
                            d["kind"] + ":" + pair[0] + "\x00" + pair[1],
                            "".join(sorted((member["text"], others[0]["text"] if others else ""))),
                        ),
                        "detail": d,
                        "text_a": others[0]["text"] if others else texts.get(other, "")[:0],
                        "text_b": member["text"],
                    }
                )
    unique = {item["key"]: item for item in found}  # a detail is reported on both members, mirrored
    return list(unique.values())


def copying_of(result: dict[str, Any]) -> list[dict[str, Any]]:
    sources = {s["id"]: s for s in result["sources"]}
    masks = {i: _quoted_mask(s["text"]) for i, s in sources.items()}
    found = []
    for copy in result.get("copying", []):
        copier = copy["copier"]
        quoted = total = 0
        for passage in copy.get("passages", []):
            start, end = passage["span"]
            total += end - start
            quoted += sum(masks[copier][start:end])
        found.append(
            {
                "copier": sources[copier]["name"],
                "origin": sources[copy["origin"]]["name"],
                "share": copy["share"],
                "credited": copy.get("characters", {}).get("credited", 0),
                "quoted_share_of_copied": quoted / total if total else 0.0,
                "both_quote": copy.get("both_quote") or copy.get("quoted"),
            }
        )
    return found


def _content(sentence: str) -> set[str]:
    return {w.lower().rstrip(".,") for w in _WORD.findall(sentence) if w.lower() not in _STOP and len(w) > 2}


def sentence_pairs(folder: Path, rng: random.Random, per_story: int) -> list[dict[str, Any]]:
    """Pairs of sentences from two articles of one story that share at least two content words, drawn by
    their word overlap alone (half from the most alike, half at random among the rest)."""
    sentences: list[tuple[str, str]] = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for m in _SENTENCE.finditer(text):
            s = m.group().strip()
            if len(s) > 40 and not s.startswith("Outlet:"):
                sentences.append((path.name, s))
    words = [_content(s) for _, s in sentences]
    frequency = Counter(w for ws in words for w in ws)
    n = len(sentences)
    scored = []
    for i in range(n):
        for j in range(i + 1, n):
            if sentences[i][0] == sentences[j][0]:
                continue
            shared = words[i] & words[j]
            if len(shared) < 2:
                continue
            weight = sum(math.log(n / frequency[w]) for w in shared)
            scored.append((weight, i, j))
    scored.sort(reverse=True)
    top = scored[: per_story // 2]
    rest = scored[per_story // 2 :]
    chosen = top + rng.sample(rest, min(len(rest), per_story - len(top)))
    return [
        {
            "key": key(sentences[i][1], sentences[j][1]),
            "source_a": sentences[i][0],
            "source_b": sentences[j][0],
            "text_a": sentences[i][1],
            "text_b": sentences[j][1],
        }
        for _, i, j in chosen
    ]


def linked(pair: dict[str, Any], links: list[dict[str, Any]], counted_only: bool) -> bool:
    """Whether a link joins passages that hold the two sentences (a passage may hold more than one sentence,
    and Reader may cut a sentence where this script's simple splitter does not: either may hold the other)."""
    a, b = pair["text_a"].strip(), pair["text_b"].strip()

    def holds(one: str, other: str) -> bool:
        return one in other or (len(other) >= 20 and other in one)

    for link in links:
        if counted_only and link["possible"]:
            continue
        x, y = link["text_a"].strip(), link["text_b"].strip()
        if (holds(a, x) and holds(b, y)) or (holds(a, y) and holds(b, x)):
            return True
    return False


def collect(args: argparse.Namespace) -> None:
    versions = {"this": ROOT}
    if args.baseline:
        versions["base"] = _checkout(args.baseline)
    rng = random.Random(31)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    stories = sorted(p for p in args.stories.iterdir() if p.is_dir())
    pairs = []
    for story in stories:
        for pair in sentence_pairs(story, rng, args.pairs_per_story):
            pairs.append({"story": story.name, **pair})
    (out / "pairs.jsonl").write_text("".join(json.dumps(p) + "\n" for p in pairs))
    for name, root in versions.items():
        rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for story in stories:
            files = sorted(story.glob("*.txt"))
            result = align(root, files)
            for kind, found in (
                ("links", links_of(result)),
                ("details", details_of(result)),
                ("copying", copying_of(result)),
            ):
                rows[kind].extend({"story": story.name, **item} for item in found)
        for kind, items in rows.items():
            (out / f"{name}-{kind}.jsonl").write_text("".join(json.dumps(i) + "\n" for i in items))
        print(
            f"{name}: {len(rows['links'])} links, {len(rows['details'])} details, {len(rows['copying'])} copying pairs"
        )


def _read(path: Path) -> list[dict[str, Any]]:
    return (
        [json.loads(line) for line in path.read_text().splitlines() if line.strip()] if path.exists() else []
    )


def report(args: argparse.Namespace) -> None:
    verdicts = {v["key"]: v["verdict"] for f in args.verdicts for v in _read(f)}
    pairs = _read(args.out / "pairs.jsonl")
    for name in ("base", "this"):
        links = _read(args.out / f"{name}-links.jsonl")
        if not links:
            continue
        print(f"== {name}")
        by_relation: dict[str, Counter[str]] = defaultdict(Counter)
        for link in links:
            verdict = verdicts.get(link["key"])
            if verdict:
                tier = "possibly" if link["possible"] else link["relation"]
                by_relation[tier][verdict] += 1
        shown_right = shown_all = 0
        for relation, counts in sorted(by_relation.items()):
            judged = sum(counts.values())
            right = counts["same"] + counts["conflict"]
            print(
                f"  {relation:12} {right}/{judged} right ({right / judged:.0%}), of them with a differing detail {counts['conflict']}"
            )
            if relation != "possibly":
                shown_right += right
                shown_all += judged
        if shown_all:
            print(
                f"  links shown as the same fact: {shown_right}/{shown_all} = {shown_right / shown_all:.1%} right"
            )
        possible = sum(1 for link in links if link["possible"])
        print(f"  'possibly the same': {possible}/{len(links)} = {possible / len(links):.1%} of links")
        same = [p for p in pairs if verdicts.get(p["key"]) in ("same", "conflict")]
        story_links: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for link in links:
            story_links[link["story"]].append(link)
        if same:
            hit = sum(linked(p, story_links[p["story"]], counted_only=True) for p in same)
            print(f"  shared facts linked: {hit}/{len(same)} = {hit / len(same):.1%}")
        copying = _read(args.out / f"{name}-copying.jsonl")
        quoting = [c for c in copying if c["quoted_share_of_copied"] >= 0.8 and not c["credited"]]
        above = [c for c in copying if c["share"] > 0.05]
        print(
            f"  copying pairs reported: {len(copying)}, above 5%: {len(above)}; mostly quotation (>=80% of the copied"
            f" text in quotes in the copier), uncredited: {len(quoting)}, their mean share {sum(c['share'] for c in quoting) / max(1, len(quoting)):.1%}"
        )
        quoted_chars = [c["quoted_share_of_copied"] for c in above]
        if quoted_chars:
            print(
                f"  of copying above 5%, mean share of the copied text inside quotation marks: {sum(quoted_chars) / len(quoted_chars):.0%}"
            )
        details = _read(args.out / f"{name}-details.jsonl")
        judged = [verdicts[d["key"]] for d in details if d["key"] in verdicts]
        if judged:
            real = sum(v == "real" for v in judged)
            print(
                f"  differing details: {len(details)} reported, judged {len(judged)}, real {real} ({real / len(judged):.0%})"
            )
        else:
            print(f"  differing details: {len(details)} reported")


SAMPLE = {"identical": 20, "reworded": 50, "paraphrase": 110, "told again": 50, "in one group": 60}
"""Links drawn for judging from each version, per relation (links beside the groups are "reworded",
"paraphrase" or "identical" too, drawn with the others); every one of them when fewer."""


def sample(args: argparse.Namespace) -> None:
    """Judging batches: links of both versions (stratified by relation, links beside the groups and
    "possibly the same" ones included), sentence pairs and differing details, leaving out what is judged."""
    judged = {v["key"] for f in args.verdicts for v in _read(f)}
    rng = random.Random(args.seed)
    items: dict[str, dict[str, Any]] = {}
    for name in ("base", "this"):
        by_relation: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for link in _read(args.out / f"{name}-links.jsonl"):
            tier = "possibly" if link["possible"] else link["relation"]
            by_relation[tier].append(link)
        for tier, links in sorted(by_relation.items()):
            for link in rng.sample(links, min(len(links), SAMPLE.get(tier, 60))):
                items.setdefault(link["key"], {"task": "link", **_shown(link)})
        details = _read(args.out / f"{name}-details.jsonl")
        for d in rng.sample(details, min(len(details), args.details)):
            values = {"value_a": d["detail"]["a_text"], "value_b": d["detail"]["b_text"]}
            items.setdefault(d["key"], {"task": "detail", **_shown(d), **values})
    pairs = _read(args.out / "pairs.jsonl")
    for pair in rng.sample(pairs, min(len(pairs), args.pairs)):
        items.setdefault(pair["key"], {"task": "pair", **_shown(pair)})
    todo = [item for key, item in items.items() if key not in judged]
    rng.shuffle(todo)
    folder = args.out / "batches"
    folder.mkdir(exist_ok=True)
    for number in range(args.batches):
        part = todo[number :: args.batches]
        (folder / f"batch{number}.jsonl").write_text("".join(json.dumps(i) + "\n" for i in part))
    print(f"{len(todo)} items to judge in {args.batches} batches under {folder}")


def _shown(item: dict[str, Any]) -> dict[str, Any]:
    return {"key": item["key"], "text_a": item["text_a"], "text_b": item["text_b"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=Path)
    parser.add_argument("--baseline", help="a revision measured in the same run")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--pairs-per-story", type=int, default=12)
    parser.add_argument("--report", action="store_true")
    parser.add_argument("--verdicts", type=Path, nargs="*", default=[])
    parser.add_argument("--sample", action="store_true", help="write judging batches of what is not judged")
    parser.add_argument("--batches", type=int, default=4)
    parser.add_argument("--pairs", type=int, default=200, help="sentence pairs drawn for judging")
    parser.add_argument("--details", type=int, default=60, help="differing details drawn from each version")
    parser.add_argument("--seed", type=int, default=31)
    args = parser.parse_args(argv)
    if args.sample:
        sample(args)
    elif args.report:
        report(args)
    else:
        collect(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
