"""Do two checkouts of Reader link the same passages, in the same way? Not a test: run it by hand around a
change to the alignment that should keep its quality (issue 34: "same links on the 5-50 source runs, or
every difference explained").

    git worktree add /tmp/reader-before <commit>
    python tests/benchmarks/same_links.py --baseline /tmp/reader-before [--show 40] [--sizes 5,10,20,50]
        [--versions /work/scale/v]

Runs `reader align --json --no-text` as whole processes in both checkouts (A: the baseline, B: this one) on
the five seeds and on N versions of one story (tests/benchmarks/story_versions.py, its fixed seed; or the
first N of --versions DIR), and
compares what a user reads as claims about pairs of passages, each passage named by its file name and its
[start, end) in the text:

- two passages in one group: the group says they say the same thing. The pair's kind is the classification
  of the one compared with the other (``identical``, ``reworded``, ``paraphrase``; ", possibly" when
  Reader shows it as only possibly the same), and its details are the differing details (discrepancies,
  and a "differs" between claims) reported on that comparison. Two members that are both compared with
  the group's reference are not compared with each other: their kind is the weaker of the two (identical,
  then reworded, then paraphrase), and the JSON reports no details between them.
- ``links[]``, ``fragments[]`` (tied to the passages that hold them) and a ``repeated`` group's member with
  the passage it tells again: their kind says which ("link, reworded", "fragment", "repeated, identical"),
  with the fragment's words or the repeated member's details.

Prints, per input, how many pairs are the same, only in A, only in B, of another kind, or with other
details; then up to --show differences, each with both passages' text and what each side said. Exits 0
when everything is the same, 1 when anything differs, 2 when a run failed.

A group is kept as its members, never as its pairs (a group of 250 members has 31,000): pairs of members
that are the same on both sides are counted without being visited, and only pairs that touch a changed
member, or that one side splits, are looked at one by one.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))

import story_versions  # noqa: E402

Key = tuple[str, int, int]
"""A passage: its source's file name, and its [start, end) in the source's text."""
Pair = tuple[Key, Key]  # always in order: the smaller key first
CATEGORIES = ("same", "only in A", "only in B", "kind changed", "details changed")
_RANK = {"identical": 0, "reworded": 1, "paraphrase": 2}


@dataclass(frozen=True, slots=True)
class Member:
    """What a run says about one group member: everything a pair's claim is made of (equal records give
    equal claims)."""

    classification: str
    possible: bool
    comparand: Key | None
    reference: bool
    details: tuple[tuple[str, str, str], ...] = ()  # (kind, the comparand's words, this member's)
    differs: str = ""  # what its claim says differently, its own wording first


class Said(NamedTuple):
    """One claim a run makes about a pair; ``how`` is shown, never compared."""

    kind: str
    details: tuple[str, ...]
    how: str


@dataclass
class Run:
    """One checkout's alignment of one input, as pair claims (read by ``read_run``)."""

    members: dict[Key, Member] = field(default_factory=dict)
    group_of: dict[Key, int] = field(default_factory=dict)  # index into ``groups``
    groups: list[tuple[Key, ...]] = field(default_factory=list)
    group_ids: list[str] = field(default_factory=list)
    extra: dict[Pair, list[Said]] = field(default_factory=dict)  # links, fragments, repeated members
    texts: dict[Key, str] = field(default_factory=dict)
    scores: dict[Key, str] = field(default_factory=dict)  # "similarity 0.56, confidence 0.56": shown only


def _pair(p: Key, q: Key) -> Pair:
    return (p, q) if p <= q else (q, p)


def _drop_diff(entry: dict[str, Any]) -> dict[str, Any]:
    entry.pop("diff", None)  # the bulk of the document, and no claim of its own: freed as it is parsed
    return entry


def read_run(document: dict[str, Any]) -> Run:
    """The claims of one `reader align --json` document (docs/json-schema.md)."""
    run = Run()
    names = {source["id"]: source["name"] for source in document["sources"]}
    member_in: dict[tuple[str, str], Key] = {}  # (group id, source id) -> passage
    for group in document["groups"]:
        for m in group["members"]:
            member_in[group["id"], m["source"]] = (names[m["source"]], m["start"], m["end"])
    for group in document["groups"]:
        keys = tuple(member_in[group["id"], m["source"]] for m in group["members"])
        for key, m in zip(keys, group["members"], strict=True):
            run.texts[key] = m["text"]
            run.group_of[key] = len(run.groups)
            run.scores[key] = f"similarity {m['similarity']}, confidence {m.get('confidence', 0)}"
            comparand = None
            if "compared_with" in m:
                home = group["repeats"] if group["kind"] == "repeated" else group["id"]
                comparand = member_in[home, m["compared_with"]]
            details = tuple((d["kind"], d["a_text"], d["b_text"]) for d in m.get("discrepancies", ()))
            record = Member(
                m["classification"],
                bool(m.get("possible")),
                comparand,
                m["source"] == group["reference"],
                details,
                m.get("differs", ""),
            )
            if group["kind"] == "repeated" and comparand is not None:
                kind, found, _ = _edge(record, key, comparand)
                which = 1 if key < comparand else 2
                run.extra.setdefault(_pair(key, comparand), []).append(
                    Said(
                        f"repeated, {kind}",
                        found,
                        f"{which} tells again what its source says elsewhere, {run.scores[key]}",
                    )
                )
                record = Member("repeated", False, None, True)  # its tie is the claim above
            run.members[key] = record
        run.groups.append(keys)
        run.group_ids.append(group["id"])
    for link in document["links"]:
        p = (names[link["sources"][0]], *link["a"])
        q = (names[link["sources"][1]], *link["b"])
        run.texts.setdefault(p, link["a_text"])
        run.texts.setdefault(q, link["b_text"])
        how = f"similarity {link['similarity']}, confidence {link['confidence']}"
        run.extra.setdefault(_pair(p, q), []).append(Said(f"link, {link['classification']}", (), how))
    for fragment in document["fragments"]:
        (a, b), (ga, gb) = fragment["sources"], fragment["groups"]
        p, q = member_in[ga, a], member_in[gb, b]
        found = (f"{fragment['words']} words: {fragment['text']}",)
        run.extra.setdefault(_pair(p, q), []).append(Said("fragment", found, ""))
    return run


def _edge(member: Member, own: Key, comparand: Key) -> tuple[str, tuple[str, ...], str]:
    """The kind and details of ``member`` (passage ``own``) compared with ``comparand``, the details'
    words in the pair's order (passage 1, the smaller key, first), and which was compared with which."""
    first = comparand < own  # the comparand's words come first
    details = [f"{kind}: {a} / {b}" if first else f"{kind}: {b} / {a}" for kind, a, b in member.details]
    if member.differs:
        own_words, slash, other_words = member.differs.partition(" / ")
        ordered = (
            f"{other_words} / {own_words}" if first and slash and " / " not in other_words else member.differs
        )
        details.append(f"claims differ: {ordered}")
    kind = member.classification + (", possibly" if member.possible else "")
    return kind, tuple(sorted(details)), "2 against 1" if first else "1 against 2"


def _short(key: Key) -> str:
    return f"{key[0]} {key[1]}-{key[2]}"


def group_claim(run: Run, p: Key, q: Key) -> Said | None:
    """What ``run``'s groups say about passages ``p`` < ``q``: None when they are not in one group."""
    mp, mq = run.members.get(p), run.members.get(q)
    if mp is None or mq is None or run.group_of[p] != run.group_of[q]:
        return None
    # The reference and its closest member are compared both ways (mirrored): the other one's is the claim.
    if mq.comparand == p and not (mp.comparand == q and mq.reference):
        kind, details, how = _edge(mq, q, p)
        return Said(kind, details, f"{how}, {run.scores[q]}")
    if mp.comparand == q:
        kind, details, how = _edge(mp, p, q)
        return Said(kind, details, f"{how}, {run.scores[p]}")
    worse = max(mp.classification, mq.classification, key=lambda c: _RANK.get(c, 3))
    kind = worse + (", possibly" if mp.possible or mq.possible else "")
    via = f"{_short(mp.comparand)}" if mp.comparand else "?"
    return Said(kind, (), f"both against {via}, not against each other")


def claim(run: Run, p: Key, q: Key, extras: bool = True) -> Said | None:
    """Everything ``run`` says about the pair ``p`` < ``q`` (its group, and its links, fragments and
    repeated ties unless not ``extras``), or None."""
    said = [s for s in [group_claim(run, p, q)] if s is not None]
    if extras:
        said.extend(run.extra.get((p, q), ()))
    if not said:
        return None
    said.sort()
    return Said(
        " + ".join(s.kind for s in said),
        tuple(sorted({d for s in said for d in s.details})),
        "; ".join(s.how for s in said if s.how),
    )


def category(a: Said | None, b: Said | None) -> str | None:
    if a is None and b is None:
        return None
    if b is None:
        return "only in A"
    if a is None:
        return "only in B"
    if a.kind != b.kind:
        return "kind changed"
    return "details changed" if a.details != b.details else "same"


class Difference(NamedTuple):
    category: str
    p: Key
    q: Key
    a: Said | None
    b: Said | None


@dataclass
class Report:
    counts: Counter[str] = field(default_factory=Counter)
    shown: dict[str, list[Difference]] = field(default_factory=lambda: defaultdict(list))
    groups_same: int = 0
    groups: tuple[int, int] = (0, 0)

    @property
    def same(self) -> bool:
        return all(self.counts[c] == 0 for c in CATEGORIES[1:])


def differences(a: Run, b: Run, show: int = 40) -> Report:
    """Count the pair claims of ``a`` and ``b`` by category, keeping up to ``show`` differences of each."""
    report = Report(groups=(len(a.groups), len(b.groups)))
    in_b = {tuple(sorted(keys)) for keys in b.groups}
    report.groups_same = sum(tuple(sorted(keys)) in in_b for keys in a.groups)
    del in_b
    extra = set(a.extra) | set(b.extra)

    def note(p: Key, q: Key, cat: str | None, full: bool = False) -> None:
        if cat is None:
            return
        report.counts[cat] += 1
        if cat != "same" and len(report.shown[cat]) < show and (full or (p, q) not in extra):
            report.shown[cat].append(Difference(cat, p, q, claim(a, p, q), claim(b, p, q)))

    # 1. Pairs in the groups, from what each group-only claim says (links etc. are corrected in 2.).
    for one, other, split in ((a, b, "only in A"), (b, a, "only in B")):  # (a may be b)
        for keys in one.groups:
            if len(keys) < 2:
                continue
            parts: dict[Key | int, list[Key]] = defaultdict(list)
            for key in keys:
                parts[other.group_of.get(key, key)].append(key)  # not in the other run: a part alone
            sizes = [len(part) for part in parts.values()]
            report.counts[split] += len(keys) * (len(keys) - 1) // 2 - sum(n * (n - 1) // 2 for n in sizes)
            for p, q in _across(list(parts.values())):
                if len(report.shown[split]) >= show:
                    break
                if (p, q) not in extra:
                    report.shown[split].append(Difference(split, p, q, claim(a, p, q), claim(b, p, q)))
            if split == "only in B":  # the pairs together on both sides are counted once, from A
                continue
            for part in parts.values():  # together on both sides: compare the pairs that can differ
                changed = [k for k in part if a.members[k] != b.members.get(k)]
                unchanged = len(part) - len(changed)
                report.counts["same"] += unchanged * (unchanged - 1) // 2
                done: set[Key] = set()
                for k in changed:
                    done.add(k)
                    for other_key in part:
                        if other_key not in done:
                            p, q = _pair(k, other_key)
                            note(p, q, category(claim(a, p, q, False), claim(b, p, q, False)))
    # 2. Pairs with a link, fragment or repeated tie: take back what 1. counted, count what all says.
    for p, q in sorted(extra):
        counted = category(claim(a, p, q, False), claim(b, p, q, False))
        if counted is not None:
            report.counts[counted] -= 1
        note(p, q, category(claim(a, p, q), claim(b, p, q)), full=True)
    return report


def _across(parts: list[list[Key]]) -> Iterator[Pair]:
    """The pairs of passages in different ``parts``, lazily."""
    for i, part in enumerate(parts):
        for other in parts[i + 1 :]:
            for p in part:
                for q in other:
                    yield _pair(p, q)


# Running the two checkouts


class Failed(Exception):
    """A run of `reader align` that did not give an alignment: the message says which and why."""


def align_json(code: Path, files: list[Path], folder: Path) -> tuple[Run, float, float]:
    """``python -m reader align --json --no-text FILES`` in checkout ``code``: its claims, wall time (s) and
    peak memory (MB)."""
    out, err = folder / "out.json", folder / "err.txt"
    # From the checkout's folder: `python -m` puts the working directory before PYTHONPATH.
    environment = {**os.environ, "PYTHONPATH": str(code), "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "reader", "align", "--json", "--no-text", *map(str, files)]
    started = time.perf_counter()
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, env=environment, cwd=code)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    code_ = os.waitstatus_to_exitcode(status)
    if code_ != 0:
        raise Failed(f"{code}: reader align exited {code_}: {err.read_text('utf-8', 'replace')[-400:]}")
    try:
        with out.open(encoding="utf-8") as handle:
            run = read_run(json.load(handle, object_hook=_drop_diff))
    except (ValueError, KeyError) as problem:
        raise Failed(f"{code}: its JSON could not be read ({problem!r})") from None
    finally:
        out.unlink()
    return run, seconds, usage.ru_maxrss / 1024


# What a person reads

WIDTH = 110
LEGEND = """Each difference: passages 1 and 2 (file, start-end, text), then what A and B say about the pair: its
kind, which passage was compared with which (and the similarity and confidence of that comparison), and its
details, each written as passage 1's words / passage 2's words."""


def _wrapped(text: str, indent: str) -> str:
    text = " ".join(text.split())
    if len(text) > 700:
        text = text[:700] + " [...]"
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def _where(run: Run, key: Key) -> str:
    if key not in run.group_of:
        return "not a passage"
    number = run.group_of[key]
    size = len(run.groups[number])
    return f"{run.group_ids[number]} ({size} members)" if size > 1 else f"{run.group_ids[number]} (alone)"


def _said(label: str, said: Said | None, other: Said | None) -> list[str]:
    if said is None:
        return [f"  {label}  not linked"]
    lines = [f"  {label}  {said.kind:<32} {said.how}"]
    lines.extend(_wrapped(detail, "        ") for detail in said.details)
    if not said.details and other is not None and other.details:
        lines.append("        (no details)")
    return lines


def describe(difference: Difference, a: Run, b: Run) -> str:
    """One difference, for a person judging it: both passages' text, then what each side said."""
    lines = [f"[{difference.category}]"]
    for number, key in ((1, difference.p), (2, difference.q)):
        text = a.texts.get(key) or b.texts.get(key) or "(text unknown)"
        lines.append(f"  {number}  {_short(key)}")
        lines.append(_wrapped(text, "       "))
    lines.extend(_said("A", difference.a, difference.b))
    lines.extend(_said("B", difference.b, difference.a))
    if difference.category in ("only in A", "only in B"):
        lines.append(
            f"     groups: A: 1 in {_where(a, difference.p)}, 2 in {_where(a, difference.q)}; "
            f"B: 1 in {_where(b, difference.p)}, 2 in {_where(b, difference.q)}"
        )
    return "\n".join(lines)


def _interleaved(report: Report, limit: int) -> Iterable[Difference]:
    """Up to ``limit`` differences, taking from each category in turn."""
    queues = [list(report.shown[c]) for c in ("kind changed", "details changed", "only in A", "only in B")]
    taken = 0
    while taken < limit and any(queues):
        for queue in queues:
            if queue and taken < limit:
                taken += 1
                yield queue.pop(0)


def summary(report: Report) -> str:
    counts = ", ".join(f"{report.counts[c]:,} {c}" for c in CATEGORIES)
    a_groups, b_groups = report.groups
    groups = f"groups: {a_groups:,} in A, {b_groups:,} in B, {report.groups_same:,} with the same members"
    return f"   {groups}\n   pairs: {counts}"


def inputs(folder: Path, sizes: list[int], made: Path | None) -> list[tuple[str, list[Path]]]:
    """The seeds, and the first N versions of one story for each N: those in ``made``, else written now."""
    found = [("the five seeds", sorted((ROOT / "seeds").glob("*.txt")))]
    if not sizes:
        return found
    if made is not None:
        versions = sorted(made.glob("version*.txt"))
        if len(versions) < max(sizes):
            raise SystemExit(f"{made}: {len(versions)} version*.txt files, fewer than {max(sizes)}")
        print(f"The versions: {made}")
    else:
        versions = story_versions.write(max(sizes), folder / "versions")
        # Their other sentences come from ../shared when the checkout has it beside it (or its main
        # checkout has), else from the seeds: a checkout elsewhere gets other versions (use --versions).
        shared = story_versions.shared_folder()
        print(
            f"The versions' other sentences: {shared / 'data' if shared else 'the other seeds (no ../shared)'}"
        )
    found.extend((f"{n} versions of one story", versions[:n]) for n in sizes)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline", type=Path, required=True, help="the other checkout (A)")
    parser.add_argument("--show", type=int, default=40, metavar="K", help="differences shown per input")
    parser.add_argument("--sizes", default="5,10,20,50", help="numbers of versions (default: 5,10,20,50)")
    parser.add_argument(
        "--versions",
        type=Path,
        metavar="DIR",
        help="versions made already (story_versions.py COUNT DIR; /work/scale/v) instead of new ones",
    )
    arguments = parser.parse_args()
    baseline = arguments.baseline.resolve()
    if not (baseline / "reader" / "__main__.py").is_file():
        raise SystemExit(f"{baseline}: not a checkout of Reader (no reader/__main__.py)")
    try:
        sizes = [int(n) for n in arguments.sizes.split(",") if n.strip()]
    except ValueError:
        raise SystemExit(f"--sizes {arguments.sizes}: not numbers separated by commas") from None
    print(f"A = {baseline} (baseline)\nB = {ROOT} (this checkout)")
    failed = differ = False
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        made = inputs(folder, sizes, arguments.versions)
        print(LEGEND)
        for name, files in made:
            print(f"\n== {name} ({files[0].name} ... {files[-1].name})")
            try:
                a, a_time, a_memory = align_json(baseline, files, folder)
                b, b_time, b_memory = align_json(ROOT, files, folder)
            except Failed as problem:
                print(f"   FAILED: {problem}")
                failed = True
                continue
            print(
                f"   A {a_time:.2f} s, {a_memory:.0f} MB; B {b_time:.2f} s, {b_memory:.0f} MB "
                f"(B/A time {b_time / a_time:.2f})"
            )
            report = differences(a, b, arguments.show)
            print(summary(report))
            if report.same:
                print("   the same")
                continue
            differ = True
            for difference in _interleaved(report, arguments.show):
                print()
                print(describe(difference, a, b))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\n{'FAILED' if failed else 'DIFFERENT' if differ else 'THE SAME'} (this script's peak memory {peak:.0f} MB)"
    )
    raise SystemExit(2 if failed else 1 if differ else 0)


if __name__ == "__main__":
    main()
