"""Same-story evaluation set: ECB+ news articles written out as one folder of texts per story.

ECB+ (Cybulska and Vossen, LREC 2014; annotations under CC BY 3.0, https://github.com/cltl/ecbPlus) holds
43 topics, each with two seminal events reported by several outlets found through Google News: the
original ECB articles (``N_Mecb.xml``) and the ECB+ articles (``N_Mecbplus.xml``, whose first sentence is
the page's address). Each event is one story here: 86 stories of 3 to 20 articles. Articles are kept in
the corpus's tokens only; this script joins them back into running text (no space before closing
punctuation, hyphens and clock times joined, quotation marks attached inwards) and writes each article as
``<story>/<outlet>_<doc>.txt`` with a one-line header naming the outlet where the address gives one.

The texts are never copied into the project: give the folder of the corpus (``ECB+/`` of a checkout) and
a folder outside the project to write to. Topics with an odd number are the tuning half, even ones the
report half (``tune/`` and ``report/``).

    python tests/benchmarks/story_corpus.py /path/to/ECB+ /work/evaldata/stories
"""

from __future__ import annotations

import argparse
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "''", "”", "’", "n't", "'s", "’s", "'"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "“", "‘", "#"}
_SUFFIXES = re.compile(r"^(?:'|’)(?:s|t|re|ve|ll|d|m)$", re.I)


def detokenize(tokens: list[str]) -> str:
    """Running text from a sentence's tokens."""
    out: list[str] = []
    open_straight = False
    glue_next = False
    for i, token in enumerate(tokens):
        token = {"``": "“", "''": "”", "-LRB-": "(", "-RRB-": ")"}.get(token, token)
        glue = glue_next or not out
        glue_next = False
        if (
            token in _NO_SPACE_BEFORE
            or _SUFFIXES.match(token)
            or (token.startswith(("'", "’")) and len(token) <= 3)
        ):
            glue = True
        if (
            token == "-"
            and out
            and i + 1 < len(tokens)
            and out[-1][-1:].isalnum()
            and tokens[i + 1][:1].isalnum()
        ):
            glue, glue_next = True, True  # "court - mandated" was one word
        if token.lower() in {"s", "t", "re", "ve", "ll", "d", "m"} and out and out[-1] in {"’", "'"}:
            glue = True  # "Lohan ’ s"
        if (
            token in {":", ".", ","}
            and out
            and out[-1].strip().isdigit()
            and i + 1 < len(tokens)
            and tokens[i + 1].isdigit()
        ):
            glue, glue_next = True, True  # "4 : 59"
        if token == '"':
            if open_straight:
                glue = True
            else:
                glue_next = True
            open_straight = not open_straight
        if token in _NO_SPACE_AFTER or token == "“":
            glue_next = True
        out.append(token if glue else " " + token)
    return "".join(out).strip()


def _open_quote(paragraph: str) -> bool:
    return paragraph.count("“") > paragraph.count("”") or paragraph.count('"') % 2 == 1


def article(path: Path) -> tuple[str | None, str]:
    """The outlet (from the page address, when the article gives one) and the text."""
    sentences: dict[int, list[str]] = defaultdict(list)
    for token in ET.parse(path).getroot().iter("token"):
        sentences[int(token.get("sentence", "0"))].append(token.text or "")
    order = sorted(sentences)
    outlet = None
    if path.name.endswith("ecbplus.xml") and order and "".join(sentences[order[0]]).startswith("http"):
        address = "".join(sentences[order[0]])
        host = re.sub(r"^https?://(?:www\d?\.|m\.)?", "", address).split("/")[0]
        outlet = host
        order = order[1:]
    paragraphs: list[str] = []
    for number in order:
        text = detokenize(sentences[number])
        if not text:
            continue
        if paragraphs and re.search(r"\d\.\Z", paragraphs[-1]) and text[:1].isdigit():
            paragraphs[-1] += text  # "an 8." + "6 magnitude quake": the corpus cut a decimal number
        elif paragraphs and _open_quote(paragraphs[-1]):
            paragraphs[-1] += " " + text  # a quotation goes on into the next sentence
        else:
            paragraphs.append(text)
    return outlet, "\n\n".join(paragraphs) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="the ECB+ folder (topics 1..45, XML files)")
    parser.add_argument("out", type=Path, help="where to write tune/ and report/ (outside the project)")
    parser.add_argument("--max-docs", type=int, default=8, help="articles kept per story (the first ones)")
    args = parser.parse_args(argv)
    stories: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(args.corpus.glob("*/*.xml")):
        topic, rest = path.stem.split("_", 1)
        kind = "plus" if rest.endswith("ecbplus") else "ecb"
        stories[f"{int(topic):02d}{kind}"].append(path)
    written = 0
    for story, paths in sorted(stories.items()):
        if len(paths) < 3:
            continue
        half = "tune" if int(story[:2]) % 2 else "report"
        folder = args.out / half / story
        folder.mkdir(parents=True, exist_ok=True)
        key = lambda p: int(re.sub(r"\D", "", p.stem.split("_", 1)[1]) or 0)  # noqa: E731
        for path in sorted(paths, key=key)[: args.max_docs]:
            outlet, text = article(path)
            doc = path.stem.split("_", 1)[1]
            name = re.sub(r"[^\w.-]+", "-", outlet or "unknown")
            header = f"Outlet: {outlet}\n\n" if outlet else ""
            (folder / f"{name}_{doc}.txt").write_text(header + text, encoding="utf-8")
            written += 1
    print(
        f"{written} articles in {len({s for s, p in stories.items() if len(p) >= 3})} stories under {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
