"""Huge text and HTML inputs (issue 30, point 5): each is read in time linear in its size, or refused in one line
naming the limit before the work the limit bounds. No timings here: the work that used to be quadratic is
made large enough that it would not finish before the alarm (figures: tests/benchmarks/bench_limits.py)."""

import base64
import random
import signal

import pytest

from reader.core.htmltext import extract

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
