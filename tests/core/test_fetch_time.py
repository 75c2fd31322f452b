"""A fetch has an overall deadline, and Cancel is heard while the server trickles, hangs or redirects slowly.
Real servers on 127.0.0.1 (tests/web.py). No wall-clock assertion: a stopped fetch must have ended within a
generous bound (the old code went on for 20 s to minutes), and how it ended is what is checked."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from reader.comparison import Comparison
from reader.core.progress import AlignmentCancelled
from reader.core.reading.fetch import FetchError, fetch
from tests.web import Route, raw_serving, silent, trickling

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\nThe first words"
ENDED_WITHIN_S = 8.0
"""How long a cancelled fetch may take to end here: far above the quarter second it needs, far below the
20 s (silent server) or minutes (trickling server) it took before."""


def test_a_trickling_server_is_given_up_on_at_the_deadline() -> None:
    stop = threading.Event()
    with raw_serving(trickling(HEAD, 0.5, stop)) as server:
        url = server.url("/slowly.txt")
        try:
            with pytest.raises(FetchError) as failed:
                fetch(url, timeout=20, deadline=2)
        finally:
            stop.set()
    assert str(failed.value) == (
        f"{url}: could not be fetched within 2 s, the most Reader waits for one page (redirects included)"
    )


def test_redirects_each_just_in_time_are_given_up_on_at_the_deadline(web) -> None:
    for hop in range(6):
        web.pages[f"/hop{hop}"] = Route(status=302, headers={"Location": f"/hop{hop + 1}"}, delay=0.4)
    web.pages["/hop6"] = Route(b"<p>finally</p>")
    with pytest.raises(FetchError, match=r"could not be fetched within 1\.2 s"):
        fetch(web.url("/hop0"), timeout=5, deadline=1.2)  # each hop answers well within the 5 s of silence
    assert "/hop6" not in web.requests
    assert fetch(web.url("/hop0"), timeout=5).body == b"<p>finally</p>"  # without a deadline it arrives


def stopped_in_a_thread(
    work: Callable[[threading.Event], object], started: Callable[[], bool]
) -> list[object]:
    """Runs ``work(stop)`` in a thread, sets ``stop`` once ``started()``, and returns how the work ended
    (its result or the exception it raised), failing if it did not end within ENDED_WITHIN_S."""
    stop = threading.Event()
    ended: list[object] = []

    def run() -> None:
        try:
            ended.append(work(stop))
        except BaseException as error:  # how it ended is what the test checks
            ended.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    for _ in range(100):
        if started():
            break
        threading.Event().wait(0.05)
    stop.set()
    thread.join(ENDED_WITHIN_S)
    assert not thread.is_alive(), "the fetch did not hear Cancel"
    return ended


def cancelling(stop: threading.Event) -> Callable[[float], None]:
    def tick(done: float) -> None:
        if stop.is_set():
            raise AlignmentCancelled

    return tick


@pytest.mark.parametrize("server_does", ["trickles", "never answers"])
def test_cancel_ends_a_fetch_within_a_second_whatever_the_server_does(server_does: str) -> None:
    done = threading.Event()
    reply = trickling(HEAD, 0.5, done) if server_does == "trickles" else silent(done)
    with raw_serving(reply) as server:
        try:
            ended = stopped_in_a_thread(
                lambda stop: fetch(server.url("/page.txt"), tick=cancelling(stop)),
                started=lambda: server.connections > 0,
            )
        finally:
            done.set()
    assert len(ended) == 1 and isinstance(ended[0], AlignmentCancelled)


def test_cancel_from_the_progress_callback_ends_loading_pages(web, seed_paths) -> None:
    """The window's wiring: Cancel makes the progress callback return False (reader.ui.operations.Job)."""
    done = threading.Event()
    with raw_serving(silent(done)) as server:
        try:
            ended = stopped_in_a_thread(
                lambda stop: Comparison.load(
                    [str(seed_paths[0]), server.url("/page.html")], progress=lambda _: not stop.is_set()
                ),
                started=lambda: server.connections > 0,
            )
        finally:
            done.set()
    assert len(ended) == 1 and isinstance(ended[0], AlignmentCancelled)
