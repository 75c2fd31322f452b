"""A story syndicated by many outlets, built from the sample story's sentences: one wire story, and each
outlet's copy of it (most sentences word for word, some dropped, some edited, a few of its own, a
paragraph sometimes moved), with an outlet line and a publication date at the top (a few undated).

Used by the overview's window test and its benchmark; deterministic for a given ``seed``.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta
from pathlib import Path

from reader.core.text.segment import paragraphs, sentences

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
_FIRST = (
    "Daily",
    "Evening",
    "Morning",
    "Northern",
    "Coastal",
    "Valley",
    "Metro",
    "County",
    "Harbor",
    "River",
)
_SECOND = (
    "Ledger",
    "Courier",
    "Tribune",
    "Gazette",
    "Herald",
    "Sentinel",
    "Post",
    "Observer",
    "Record",
    "Times",
)
_DATED = re.compile(r"\b(?:20\d\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|\bago\b")
_EDITS = (
    ("said", "stated"),
    ("Musk", "Elon Musk"),
    ("court", "courtroom"),
    ("models", "AI models"),
    ("the", "this"),
)


def seed_sentences() -> list[str]:
    """The sample story's sentences of 40 to 400 characters, each once, in reading order."""
    found: dict[str, None] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for start, end in paragraphs(text):
            for s, e in sentences(text, start, end):
                sentence = " ".join(text[s:e].split())
                dated = _DATED.search(sentence)  # a date would be read as the copy's publication date
                if 40 <= len(sentence) <= 400 and sentence[-1:] in '.?!”"' and not dated:
                    found.setdefault(sentence)
    return list(found)


def outlet_name(index: int) -> str:
    """ "Daily Ledger", "Evening Ledger", ... : a hundred distinct names."""
    return f"The {_FIRST[index % 10]} {_SECOND[index // 10 % 10]}" + (
        f" {index // 100 + 1}" if index >= 100 else ""
    )


def _edited(sentence: str, rng: random.Random) -> str:
    for old, new in rng.sample(_EDITS, len(_EDITS)):
        if f" {old} " in sentence:
            return sentence.replace(f" {old} ", f" {new} ", 1)
    return "Reportedly, " + sentence[0].lower() + sentence[1:]


def syndicated_story(count: int, size: int = 7000, seed: int = 1, undated: int = 3) -> list[tuple[str, str]]:
    """``count`` copies of one wire story, as (file name, text), about ``size`` characters each, in no
    particular order; copy k was published k * 47 minutes after the first, except ``undated`` copies
    that print no date."""
    rng = random.Random(seed)
    pool = seed_sentences()
    rng.shuffle(pool)
    wire: list[str] = []
    while pool and sum(len(s) + 1 for s in wire) < size:
        wire.append(pool.pop())
    extras = pool
    first = datetime(2026, 4, 30, 9, 0)
    without_date = set(rng.sample(range(1, count), min(undated, max(0, count - 1))))
    made = []
    for index in range(count):
        body = []
        for sentence in wire:
            roll = rng.random()
            if roll < 0.12 and index:
                continue  # dropped
            body.append(_edited(sentence, rng) if roll > 0.92 and index else sentence)
        for _ in range(rng.randint(0, 3) if index else 0):  # a few sentences of its own
            body.insert(rng.randrange(len(body) + 1), rng.choice(extras))
        blocks = [body[k : k + 4] for k in range(0, len(body), 4)]
        if index and rng.random() < 0.3 and len(blocks) > 3:  # a paragraph moved
            blocks.insert(rng.randrange(len(blocks)), blocks.pop(rng.randrange(len(blocks))))
        head = [f"Outlet: {outlet_name(index)}"]
        if index not in without_date:
            when = first + timedelta(minutes=47 * index)
            hour = when.hour % 12 or 12
            head.append(
                f"{when:%B} {when.day}, {when.year} {hour}:{when:%M} {'AM' if when.hour < 12 else 'PM'} EDT"
            )
        title = f"Musk testifies on model distillation ({outlet_name(index)})"
        text = "\n".join([title, *head, ""]) + "\n\n".join(" ".join(block) for block in blocks) + "\n"
        made.append((f"{rng.getrandbits(40):010x}.txt", text))
    rng.shuffle(made)
    return made


def write_story(folder: Path, count: int, size: int = 7000, seed: int = 1) -> list[Path]:
    """The story's copies written as files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in syndicated_story(count, size, seed):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
