"""Fetching pages from a real HTTP server on 127.0.0.1 (tests/web.py): the text Reader shows, the one-line
message for every failure, and the snapshot that lets a comparison reopen offline."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from reader.comparison import Comparison, snapshot_first
from reader.core.fetch import Fetched, FetchError, fetch
from reader.core.progress import AlignmentCancelled
from reader.core.sources import source_from_page
from reader.store import Library
from tests.web import STORY, Route


def test_a_page_is_fetched_through_its_redirect_and_read_for_its_article(web) -> None:
    page = fetch(web.url("/moved"))
    assert page.url == web.url("/moved") and page.final_url == web.url("/story.html")
    source = source_from_page(page)
    assert source.path == web.url("/moved")  # the source is the address the user gave
    assert source.title == "Musk admits xAI distilled OpenAI models"
    assert "standard practice to use other AIs" in source.text and "Technology" not in source.text
    assert source.outlet == "The Example Times" and source.published is not None
    assert source.published.iso == "2026-04-30T13:41-04:00"


def test_the_encoding_the_server_declares_is_respected(web) -> None:
    source = source_from_page(fetch(web.url("/latin1.html")))
    assert "Le café de la gare, déjà célèbre" in source.text


def test_a_pdf_from_a_server_is_read_as_a_pdf(web) -> None:
    source = source_from_page(fetch(web.url("/release.pdf")))
    assert source.format == "pdf" and "The lab used the models to check its own." in source.text


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/missing", "the server answered 404 Not Found"),
        ("/broken", "the server answered 500 Internal Server Error"),
        ("/loop", "the server answered 302, redirecting in a loop or too often"),
        (
            "/to-disk",
            "the server answered 302, a redirect to file:///etc/passwd, which Reader does not follow",
        ),
        ("/image.png", "is not a web page or a document Reader reads (the server sent image/png)"),
        ("/huge.html", "is larger than 50 MB, the most Reader fetches"),
        ("/empty.html", "the server sent an empty page"),
        ("/slow", "the server did not answer within 0.5 s"),
    ],
)
def test_every_failure_is_one_line_naming_the_address(web, path: str, problem: str) -> None:
    with pytest.raises(FetchError) as failed:
        fetch(web.url(path), timeout=0.5)
    message = str(failed.value)
    assert message.startswith(f"{web.url(path)}: {problem}") and "\n" not in message


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        (f"http://127.0.0.1:{free_port()}/story.html", "the server refused the connection"),
        ("http://reader-test.invalid/story.html", "the server's name could not be found"),
        ("ftp://example.org/story.html", "is not a web address Reader can fetch"),
        ("https://", "is not a web address Reader can fetch"),
    ],
)
def test_no_server_no_name_and_other_schemes_get_a_line_too(url: str, problem: str) -> None:
    with pytest.raises(FetchError, match=problem):
        fetch(url, timeout=2)


def test_cancel_is_heard_while_a_page_is_read(web) -> None:
    web.pages["/long.html"] = Route(b"<p>" + b"word " * 400_000 + b"</p>")

    def tick(done: float) -> None:
        if done > 0:
            raise AlignmentCancelled

    with pytest.raises(AlignmentCancelled):
        fetch(web.url("/long.html"), tick=tick)


def test_a_snapshot_keeps_the_page_exactly_with_its_headers(web) -> None:
    page = fetch(web.url("/moved"))
    again = Fetched.from_warc(page.to_warc())
    assert again == page
    assert again.content_type == "text/html" and again.charset == "utf-8"


def test_a_comparison_of_pages_and_files_reopens_offline_from_its_snapshots(
    web, tmp_path: Path, seed_paths
) -> None:
    library = Library.open(tmp_path / "library.sqlite3")
    urls = [web.url("/story.html"), web.url("/missing")]
    comparison, refused = Comparison.load([*urls, seed_paths[0]])
    assert comparison is not None and len(comparison.sources) == 2
    assert [str(e) for e in refused] == [f"{urls[1]}: the server answered 404 Not Found"]
    comparison.attach(library)
    (snapshot,) = library.snapshots()
    assert (snapshot.url, snapshot.status, snapshot.content_type) == (urls[0], 200, "text/html")
    text = comparison.sources[0].text
    web.stop()  # offline from here on

    reopened, refused = Comparison.load([urls[0], seed_paths[0]], fetcher=snapshot_first(library))
    assert reopened is not None and not refused and reopened.sources[0].text == text
    reopened.attach(library)
    assert len(library.snapshots()) == 1  # the same page is not kept twice
    library.close()


def test_a_page_fetched_again_after_it_changed_is_a_new_snapshot_beside_the_old(web, tmp_path: Path) -> None:
    library = Library.open(tmp_path / "library.sqlite3")
    url = web.url("/story.html")
    first, _ = Comparison.load([url])
    assert first is not None
    first.attach(library)
    web.pages["/story.html"] = Route(STORY.replace("about a minute", "nearly two minutes").encode())
    second, _ = Comparison.load([url])
    assert second is not None
    second.attach(library)
    newest, oldest = library.snapshots(url)
    assert newest.id > oldest.id and newest.sha256 != oldest.sha256
    old_page = library.snapshot(url, oldest.id)
    assert old_page is not None and b"about a minute" in old_page.body
    assert library.previous_text(second.source_ids[0]) == first.sources[0].text  # the old version is kept
    library.close()
