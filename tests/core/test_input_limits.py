"""Huge text and HTML inputs (issue 30, point 5): each is read in time linear in its size, or refused in one line
naming the limit before the work the limit bounds. No timings here: the work that used to be quadratic is
made large enough that it would not finish before the alarm (figures: tests/benchmarks/bench_limits.py)."""

import base64
import random
import signal
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import pytest

from reader.core.alignment.align import align
from reader.core.checks.meaning import MeaningScorer
from reader.core.progress import AlignmentCancelled
from reader.core.reading.htmltext import extract
from reader.core.reading.sources import MAX_PASSAGES, SourceError, read_source, source_from_text
from reader.core.text.segment import MAX_PASSAGE_CHARS, segment

STORY = (
    "Musk said it is standard practice to distill other models. The court heard more testimony on Tuesday.\n\n"
    "OpenAI declined to comment on the lawsuit."
)


@pytest.fixture
def alarm():
    """Fails a test whose work grows quadratically instead of letting it run for minutes."""

    def timeout(_signum, _frame):
        raise AssertionError("still running after 20 s: the work is not linear in the input")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


# -- the limits ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_a_text_longer_than_the_limit_is_refused_in_one_line_naming_it(tmp_path: Path, suffix: str) -> None:
    words = ("The court heard more testimony on Tuesday " * 40)[:1200]
    path = tmp_path / f"long{suffix}"
    path.write_text(f"<html><body><p>{words}</p></body></html>" if suffix == ".html" else words)
    with pytest.raises(SourceError) as refused:
        read_source(path, max_chars=1000)
    message = str(refused.value)
    assert message == (
        f"{path}: 1,200 characters of text are more than Reader compares (at most 1,000 per source); "
        "compare a part of it"
    )
    assert read_source(path, max_chars=1200).text.strip() == words.strip()


def test_a_page_is_bounded_by_the_text_it_reads_as_not_by_its_markup(tmp_path: Path) -> None:
    """A saved page carries images and scripts far larger than its article: only the article is compared."""
    image = base64.b64encode(bytes(30_000)).decode()
    page = tmp_path / "page.html"
    page.write_text(
        f"<html><body><article><p>{STORY}</p><img src='data:image/png;base64,{image}'></article></body></html>"
    )
    assert "OpenAI declined" in read_source(page, max_chars=1000).text


def test_a_text_of_more_passages_than_the_limit_is_refused(tmp_path: Path) -> None:
    lines = tmp_path / "lines.txt"
    lines.write_text("word\n" * (MAX_PASSAGES + 1))
    with pytest.raises(SourceError) as refused:
        read_source(lines)
    assert str(refused.value) == (
        f"{lines}: 400,001 passages (sentences and lines) are more than Reader compares (at most 400,000 "
        "per source); compare a part of it"
    )
    lines.write_text("word\n" * MAX_PASSAGES)
    assert read_source(lines).text.count("\n") == MAX_PASSAGES


def test_counting_the_passages_of_a_long_text_hears_cancel(tmp_path: Path) -> None:
    lines = tmp_path / "lines.txt"
    lines.write_text("word\n" * (MAX_PASSAGES + 1))

    def stop(_done: float) -> None:
        raise AlignmentCancelled

    with pytest.raises(AlignmentCancelled):
        read_source(lines, tick=stop)


def test_full_stops_that_end_no_sentence_do_not_count_as_passages(tmp_path: Path) -> None:
    """Line breaks and end marks only bound the passages; above the bound they are counted exactly."""
    numbers = tmp_path / "numbers.txt"
    numbers.write_text("Pi is 3.14159 and " * (MAX_PASSAGES + 10) + "that is all.")
    assert read_source(numbers).text.startswith("Pi is 3.14159")


def test_reader_align_refuses_the_huge_file_in_one_line_and_aligns_the_others(
    tmp_path: Path, seed_paths: list[Path]
) -> None:
    huge = tmp_path / "huge.txt"
    huge.write_text("word\n" * (MAX_PASSAGES + 1))
    result = subprocess.run(
        [sys.executable, "-m", "reader", "align", str(huge), *map(str, seed_paths[:2])],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"reader: {huge}: 400,001 passages (sentences and lines) are more than Reader compares (at most "
        "400,000 per source); compare a part of it"
    ]
    assert "Copied text: the share of each row" in result.stdout


# -- work that was quadratic ---------------------------------------------------------------------------------


@pytest.mark.parametrize("quote", ["", '"', "'"])
def test_a_huge_unfinished_tag_is_not_scanned_again_at_every_chunk(quote: str, alarm) -> None:
    """A saved page with an image written into it (``data:``): the parser keeps the tag it has not seen the
    end of and scans it again whenever it is fed; fed a chunk at a time, that was quadratic (45 MB: 226 s)."""
    image = base64.b64encode(random.Random(1).randbytes(1_500_000)).decode()
    page = (
        f"<html><body><article><p>{STORY}</p><img src={quote}data:image/png;base64,{image}{quote}>"
        "<p>After the image.</p></article></body></html>"
    )
    read = extract(page, chunk=64)
    assert read == extract(page, chunk=len(page))
    assert read.text.endswith("After the image.") and image[:100] not in read.text


def test_a_huge_comment_and_script_are_read_in_linear_time(alarm) -> None:
    filler = "x = 1; " * 300_000
    page = f"<html><body><!-- {filler} --><script>{filler}</script><p>{STORY}</p></body></html>"
    assert extract(page, chunk=64).text == extract(page, chunk=len(page)).text
    assert "OpenAI declined" in extract(page, chunk=64).text


def test_meaning_candidates_are_the_pairs_across_sources_and_only_them(alarm) -> None:
    """One long text beside a short one: thousands of its passages hold a stem the short one has too. Only
    the pairs across the two are candidates; trying every pair within the long text was quadratic."""
    many = 39_999  # just under the share of passages (20%) from which a stem proposes no candidates
    bags = [frozenset({"court", f"w{n}"}) for n in range(many)] + [frozenset({"court"})]
    bags += [frozenset({f"other{n}"}) for n in range(200_000 - len(bags))]
    sources = [0] * many + [1] + [0] * (200_000 - many - 1)
    scorer = MeaningScorer(tuple(bags), {}, ("",) * len(bags), (1.0,) * len(bags), 1.0)
    assert _candidates(scorer, sources) == {(n, many) for n in range(many)}


def test_meaning_candidates_equal_every_pair_across_sources_sharing_a_stem() -> None:
    rng = random.Random(5)
    stems = [f"s{n}" for n in range(12)]
    bags = [frozenset(rng.sample(stems, 3)) for _ in range(300)]
    sources = [rng.randrange(3) for _ in bags]
    scorer = MeaningScorer(tuple(bags), {}, ("",) * len(bags), (1.0,) * len(bags), 1.0)
    expected = {
        (p, q) for p, q in combinations(range(len(bags)), 2) if sources[p] != sources[q] and bags[p] & bags[q]
    }
    limit = int(0.2 * len(bags))  # a stem held by more passages than this proposes none (COMMON_SHARE)
    common = {s for s in stems if sum(s in bag for bag in bags) > limit}
    expected = {(p, q) for p, q in expected if (bags[p] & bags[q]) - common}
    assert _candidates(scorer, sources) == expected


def _candidates(scorer: MeaningScorer, sources: list[int]) -> set[tuple[int, int]]:
    """The candidate pairs of passages across sources, each passage its own distinct text."""
    texts = [([n], 1 << source) for n, source in enumerate(sources)]
    found = scorer.text_candidates(texts, lambda done: None)
    return {
        (min(p, q), max(p, q))
        for first, second in found
        for p in first
        for q in second
        if sources[p] != sources[q]
    }


def test_copied_fragments_are_found_between_any_two_sources() -> None:
    """Runs of words are indexed only when two sources have them: the largest source's are kept only when
    another has them, the others' when any other source does."""
    clause = "the witness had lied to the court about the deal"
    long = source_from_text(
        "Nothing in the filing surprised anyone at all.\n\n"
        + "\n\n".join(f"Paragraph {n} talks about weather and football scores." for n in range(40))
        + f"\n\nIn a rambling statement outside the federal building, lawyers insisted {clause} years ago.",
        path="long.txt",
    )
    second = source_from_text(
        f"Reporters covering the trial since spring heard prosecutors say {clause}, loudly.\n\n"
        "Markets closed higher.",
        path="second.txt",
    )
    third = source_from_text(
        f"According to three people familiar with the matter, {clause} during the summer.\n\n"
        "Tickets sold out.",
        path="third.txt",
    )
    alignment = align([long, second, third])
    pairs = {
        (f.source_a, f.source_b) if f.source_a < f.source_b else (f.source_b, f.source_a)
        for f in alignment.fragments
    }
    assert pairs == {(0, 1), (0, 2), (1, 2)}
    for fragment in alignment.fragments:
        text_a = alignment.sources[fragment.source_a].text[fragment.a_start : fragment.a_end]
        text_b = alignment.sources[fragment.source_b].text[fragment.b_start : fragment.b_end]
        assert text_a.lower() == text_b.lower() and clause in text_a


# -- passages of bounded length ------------------------------------------------------------------------------


def test_a_paragraph_longer_than_a_passage_may_be_is_cut_between_its_sentences() -> None:
    sentences = [f"Witness {n} told the court what {n % 7} lawyers had said." for n in range(6_000)]
    text = "Headline\n\n" + " ".join(sentences)
    passages = segment(text, "paragraph")
    assert len(text) - 10 > MAX_PASSAGE_CHARS and len(passages) > 2
    assert passages[0].text(text) == "Headline"
    pieces = [p.text(text) for p in passages[1:]]
    assert all(len(piece) <= MAX_PASSAGE_CHARS and piece.endswith("said.") for piece in pieces)
    assert " ".join(pieces) == " ".join(sentences)  # every sentence, in order, each whole
    assert {p.paragraph for p in passages[1:]} == {1}


@pytest.mark.parametrize("granularity", ["sentence", "paragraph"])
def test_a_sentence_longer_than_a_passage_may_be_is_cut_between_words(granularity) -> None:
    """A text with no sentence ends (all in lower case) or in one line is cut between words, and a run of
    letters with no space between characters; nothing is left out."""
    words = " ".join(f"word{n}" for n in range(40_000))
    letters = "x" * (MAX_PASSAGE_CHARS * 2 + 5)
    text = f"{words}\n\n{letters}"
    passages = segment(text, granularity)
    assert all(p.end - p.start <= MAX_PASSAGE_CHARS for p in passages)
    in_words = [p.text(text) for p in passages if p.paragraph == 0]
    assert len(in_words) > 1 and " ".join(in_words) == words
    assert "".join(p.text(text) for p in passages if p.paragraph == 1) == letters


# -- legacy encodings ----------------------------------------------------------------------------------------


def _reads_as_western_one_by_one(text: str) -> bool:
    """The rule of ``encoding._reads_as_western`` applied to every character in turn (its first version)."""
    letters = accented = inside = non_ascii = 0
    for index, char in enumerate(text):
        if char.isalpha():
            letters += 1
            if ord(char) > 127:
                accented += 1
                non_ascii += 1
        elif ord(char) > 127:
            non_ascii += 1
            between = 0 < index < len(text) - 1 and text[index - 1].isalpha() and text[index + 1].isalpha()
            if between and char not in "’‘–—·":
                inside += 1
    return accented <= 0.25 * letters and inside <= max(1, 0.02 * non_ascii)


@pytest.mark.parametrize(
    "words",
    [
        "le café était très fermé à côté de la rivière où",  # French: Western
        "Zażółć gęślą jaźń w środę",  # Polish, its bytes read as Windows-1252 below: not Western
        "Илон Маск заявил суду во вторник",  # Russian, likewise
        "naïve coöperation ½ ² ³ µ ¶ § 5€ — “quoted” l’été",  # symbols, numbers and letters
    ],
)
def test_the_western_test_counts_as_it_did_one_character_at_a_time(words: str) -> None:
    from reader.core.reading.encoding import _reads_as_western

    rng = random.Random(len(words))
    for codec in ("cp1252", "utf-8", "cp1250", "cp1251"):
        try:
            as_western = words.encode(codec).decode("cp1252", "replace")
        except UnicodeEncodeError:
            continue
        for _ in range(20):
            text = " ".join(rng.choice([*as_western.split(), "plain", "words", "x"]) for _ in range(60))
            assert _reads_as_western(text) == _reads_as_western_one_by_one(text)


def test_a_large_file_in_a_legacy_code_page_is_read(tmp_path: Path) -> None:
    path = tmp_path / "french.txt"
    path.write_bytes(("Le café était fermé à côté de la rivière. " * 50_000).encode("cp1252"))
    source = read_source(path)
    assert source.encoding == "cp1252" and source.text.startswith("Le café était fermé")


# -- Markdown files ------------------------------------------------------------------------------------------


def test_a_paragraph_of_thousands_of_links_is_read_in_linear_time(tmp_path: Path, alarm) -> None:
    # 3,000 links in one paragraph (250 KB) took 277 s: python-markdown rescanned the paragraph at each link;
    # 1,900 (95 KB, within the longest paragraph formatted) took about 40 s.
    links = " ".join(f"[word {i}](http://example.com/{i}) said the court" for i in range(1900))
    path = tmp_path / "links.md"
    path.write_text(links + "\n", encoding="utf-8")
    source = read_source(path)
    assert source.format == "markdown"
    assert "[" not in source.text and "word 1899 said the court" in source.text


def test_markdown_reads_as_before_with_its_links_tables_and_notes(tmp_path: Path) -> None:
    import markdown

    from reader.core.reading.sources import _from_html, source_from_bytes

    document = (
        "# Musk testifies\n\nHe said [it is *standard*](http://example.com/a) practice [to use [other] AIs]"
        '(http://example.com/b "t").\n\n| who | said |\n| --- | --- |\n| Musk | partly |\n\n'
        "A note.[^1] And ![a picture](p.png) and [a reference][ref].\n\n[ref]: http://example.com/r\n"
        "[^1]: The footnote.\n"
    )
    # The HTML of stock python-markdown (as Reader used it before) read the same way.
    stock = markdown.markdown(document, extensions=["extra", "sane_lists"], output_format="html")
    ours = source_from_bytes("a.md", document.encode(), ".md", None)
    assert ours.text == _from_html("a.md", stock, "utf-8", "markdown").text
    assert "it is standard practice to use [other] AIs" in ours.text


@pytest.mark.parametrize("shape", ["one long paragraph", "too long in all"])
def test_markdown_past_the_bounds_is_read_as_text_with_nothing_dropped(tmp_path: Path, shape: str) -> None:
    from reader.core.reading import sources

    paragraph = " ".join(f"*w{i}* [l{i}](http://x/{i})" for i in range(400))
    text = paragraph if shape == "one long paragraph" else "\n\n".join([paragraph[:500]] * 40)
    path = tmp_path / "marks.md"
    path.write_text(text, encoding="utf-8")
    within = read_source(path)
    assert within.format == "markdown" and "*" not in within.text
    bound = {"MARKDOWN_MAX_BLOCK": 5_000} if shape == "one long paragraph" else {"MARKDOWN_MAX_CHARS": 10_000}
    saved = {name: getattr(sources, name) for name in bound}
    try:
        for name, value in bound.items():
            setattr(sources, name, value)
        past = read_source(path)
    finally:
        for name, value in saved.items():
            setattr(sources, name, value)
    assert past.format == "text"
    assert past.text == text  # the marks as typed, every character kept
