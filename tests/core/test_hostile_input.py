"""Files a careless user or an attacker may hand Reader: each is refused with one line naming it, or read
safely; one bad file never stops the others."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.alignment.align import align
from reader.core.reading.htmltext import extract
from reader.core.reading.sources import SourceError, read_source, read_sources, source_from_text
from reader.core.text.display import one_line, printable

ARTICLE = "Musk said it is standard practice. The court heard more testimony on Tuesday.\n"


@pytest.fixture
def alarm():
    """Fails a test that hangs instead of letting it block the suite (a FIFO opened for reading waits for
    a writer forever)."""

    def timeout(_signum, _frame):
        raise AssertionError("blocked: reading this file never returned")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path, alarm) -> None:
    fifo = tmp_path / "story.txt"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match="named pipe") as refused:
        read_source(fifo)
    assert str(refused.value).startswith(str(fifo))


def test_reader_align_skips_a_fifo_and_aligns_the_rest(tmp_path: Path, seed_paths) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "reader", "align", str(fifo), *map(str, seed_paths[:2])],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"reader: {fifo}: is a named pipe (FIFO), not a regular file"
    ]
    assert "Copied text: the share of each row" in result.stdout


def test_a_device_and_a_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="is a device, not a regular file"):
        read_source("/dev/zero")
    with pytest.raises(SourceError, match="is a folder"):
        read_source(tmp_path)


@pytest.mark.parametrize(
    "charset", ["undefined", "unicode_escape", "raw_unicode_escape", "rot13", "zlib", "nonsense-42"]
)
def test_a_page_declaring_a_hostile_charset_is_read_as_if_it_declared_none(tmp_path: Path, charset) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(
        f'<html><head><meta charset="{charset}"><title>T</title></head><body><article><p>'
        "Caf\u00e9 owners said the court heard testimony \\ud800 here.</p></article></body></html>".encode()
    )
    source = read_source(page)
    assert "Café owners said the court heard testimony \\ud800 here." in source.text
    assert source.encoding == "utf-8"


def test_one_hostile_page_costs_only_itself(tmp_path: Path, seed_paths) -> None:
    bad = tmp_path / "bad.html"
    bad.write_bytes(b'<html><meta charset="undefined"><body><p>\xff\xfe broken \x80 bytes</p></body></html>')
    escape = tmp_path / "escape.html"
    escape.write_bytes(b'<html><meta charset="unicode_escape"><body><p>\\ud800 \xe9t\xe9</p></body></html>')
    sources, errors = read_sources([bad, escape, *seed_paths[:2]])
    assert len(sources) >= 2 and all(isinstance(e, SourceError) for e in errors)
    for source in sources:
        assert source.sha256  # no lone surrogate survives to break hashing or storing
        source.text.encode("utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "reader", "align", str(bad), str(escape), *map(str, seed_paths[:2])],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode in (0, 1) and "Copied text: the share of each row" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_lone_surrogate_in_text_from_memory_becomes_the_replacement_character() -> None:
    source = source_from_text("A claim \ud800 and a quote \udfff here.")
    assert source.text == "A claim \ufffd and a quote \ufffd here."
    assert len(source.sha256) == 64
    assert align([source, source_from_text("A claim and a quote here.", path="b.txt")]).groups


def test_file_names_with_line_breaks_and_escape_codes_stay_on_one_printable_line(tmp_path: Path) -> None:
    name = tmp_path / "evil\n\x1b[31mred\u202e.txt"
    name.write_bytes(b"")
    with pytest.raises(SourceError) as refused:
        read_source(name)
    message = str(refused.value)
    assert "\n" not in message and "\x1b" not in message and "\u202e" not in message
    assert "evil\\n\\x1b[31mred\\u202e.txt: is empty" in message
    result = subprocess.run(
        [sys.executable, "-m", "reader", "align", str(name)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2 and "\x1b" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2  # the refusal, then "no file could be read"


def test_printable_and_one_line_keep_visible_text_and_escape_the_rest() -> None:
    assert printable("Café 😀 “quoted”") == "Café 😀 “quoted”"
    assert printable("a\tb\rc\x00\x7f") == "a\\tb\\rc\\x00\\x7f"
    assert one_line("first line\nBackground on this error at: https://sqlalche.me/e/20/e3q8") == "first line"


def test_deeply_nested_markup_is_read_in_one_pass() -> None:
    depth = 20_000  # quadratic handling would take minutes here; linear takes a fraction of a second
    page = (
        "<html><body>"
        + "<div>" * depth
        + "<p>The deepest paragraph.</p>"
        + "</div>" * depth
        + "</body></html>"
    )
    assert extract(page).text == "The deepest paragraph."


def test_a_sentence_repeated_hundreds_of_times_pairs_each_copy_with_its_counterpart() -> None:
    """A refrain (or a one-word line) repeated far more often than any sentence of prose: each copy pairs
    with the copy at the same place in the other source, and the work stays linear in the copies."""
    lines = "\n\n".join(f"Refrain again.\n\nVerse number {n} of the song." for n in range(300))
    first = source_from_text(lines, path="a.txt")
    second = source_from_text(lines, path="b.txt")
    alignment = align([first, second])
    refrains = [g for g in alignment.groups if alignment.member_text(g.members[0]) == "Refrain again."]
    assert len(refrains) == 300 and all(g.kind == "verbatim" and len(g.members) == 2 for g in refrains)
    assert all(g.members[0].passages == g.members[1].passages for g in refrains)
    assert not any(m.moved for g in refrains for m in g.members)


@pytest.mark.parametrize("chunk", [1, 7, 64, 8192])
def test_a_page_read_in_pieces_reads_as_it_does_whole(chunk: int) -> None:
    page = (
        "<html><head><title>T &amp; x</title><script>if (a < b) { x = '</p>'; }</script></head><body>"
        "<nav>Home</nav><article><h1>Caf&eacute; &#8220;news&#8221;</h1><p>First <b>bold</b> words"
        " &mdash; and more.</p><pre>  kept\n    as is</pre><!-- a comment --><p>Last.</p></article>"
        "</body></html>"
    )
    whole, pieces = extract(page, chunk=len(page)), extract(page, chunk=chunk)
    assert pieces == whole
    assert whole.text.startswith("Café “news”") and "First bold words — and more." in whole.text
