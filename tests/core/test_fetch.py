"""Fetching pages from a real HTTP server on 127.0.0.1 (tests/web.py): the text Reader shows, the one-line
message for every failure, and the snapshot that lets a comparison reopen offline."""

from __future__ import annotations

import io
import socket
from pathlib import Path

import pytest

from reader.comparison import Comparison, snapshot_first
from reader.core.progress import AlignmentCancelled
from reader.core.reading.fetch import Fetched, FetchError, fetch
from reader.core.reading.sources import source_from_page
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


HEX_LIKE = (
    "abc\r\n1f\r\nThe lab used the models to check its own.\r\nbeef\r\n0\r\n\r\nMusk left the courthouse.\r\n"
)
"""A plain-text page whose lines look like chunk sizes: de-chunked a second time, it loses lines."""


def test_a_chunked_page_reopens_from_its_snapshot_with_the_same_text_and_no_new_version(
    web, tmp_path: Path
) -> None:
    web.pages["/notes.txt"] = Route(HEX_LIKE.encode(), content_type="text/plain; charset=utf-8", chunked=True)
    url = web.url("/notes.txt")
    page = fetch(url)
    assert page.body == HEX_LIKE.encode() and page.complete
    assert "Transfer-Encoding" not in dict(page.headers)  # the body kept is no longer chunked
    library = Library.open(tmp_path / "library.sqlite3")
    comparison, refused = Comparison.load([url])
    assert comparison is not None and not refused
    comparison.attach(library)
    text = comparison.sources[0].text
    assert text.startswith("abc\n1f\nThe lab used") and "beef\n0\n\nMusk left" in text
    web.stop()  # offline from here on

    reopened, refused = Comparison.load([url], fetcher=snapshot_first(library))
    assert reopened is not None and not refused and reopened.sources[0].text == text
    assert reopened.attach(library) == []  # nothing changed: no new version
    assert len(library.snapshots(url)) == 1 and len(library.versions(comparison.source_ids[0])) == 1
    library.close()


def old_record(page: Fetched) -> bytes:
    """A snapshot as Reader wrote it before: the server's headers as they came, Transfer-Encoding: chunked
    included, beside the body urllib had already de-chunked."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version="1.1")
    headers = StatusAndHeaders(
        "200 OK", [*page.headers, ("Transfer-Encoding", "chunked")], protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        page.url,
        "response",
        payload=io.BytesIO(page.body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": page.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")},
    )
    writer.write_record(record)
    return out.getvalue()


def test_a_snapshot_written_by_the_older_reader_reads_back_its_page_unchanged(web) -> None:
    web.pages["/notes.txt"] = Route(HEX_LIKE.encode(), content_type="text/plain", chunked=True)
    page = fetch(web.url("/notes.txt"))
    again = Fetched.from_warc(old_record(page))
    assert again.body == HEX_LIKE.encode() and again.complete
    assert "Transfer-Encoding" not in dict(again.headers)
    assert source_from_page(again).text == source_from_page(page).text


def test_a_page_cut_short_is_shown_said_and_snapshotted_as_cut_short(web, tmp_path: Path) -> None:
    web.pages["/cut.txt"] = Route(b"The first words of the page.", content_type="text/plain", length=4000)
    url = web.url("/cut.txt")
    library = Library.open(tmp_path / "library.sqlite3")
    comparison, said = Comparison.load([url])
    assert comparison is not None and comparison.sources[0].text == "The first words of the page."
    assert [str(line) for line in said] == [
        f"{url}: was cut short: 28 of 4,000 bytes; the part received is shown"
    ]
    comparison.attach(library)
    snapshot = library.snapshot(url)
    assert snapshot is not None and not snapshot.complete and snapshot.body == b"The first words of the page."
    web.stop()
    _, said_again = Comparison.load([url], fetcher=snapshot_first(library))
    assert [str(line) for line in said_again] == [str(line) for line in said]  # reopened: still cut short
    library.close()


def test_a_damaged_snapshot_is_one_line_and_the_rest_reopens(web, tmp_path: Path, seed_paths) -> None:
    import sqlite3

    library_path = tmp_path / "library.sqlite3"
    library = Library.open(library_path)
    url = web.url("/story.html")
    comparison, _ = Comparison.load([url, seed_paths[0]])
    assert comparison is not None
    comparison.attach(library)
    library.close()
    with sqlite3.connect(library_path) as raw:
        (warc,) = raw.execute("SELECT warc FROM snapshots").fetchone()
        raw.execute("UPDATE snapshots SET warc = ?", (warc[: len(warc) // 2],))  # cut in the middle
    raw.close()
    library = Library.open(library_path)
    reopened, refused = Comparison.load([url, seed_paths[0]], fetcher=snapshot_first(library))
    assert reopened is not None and len(reopened.sources) == 1
    assert [str(error) for error in refused] == [
        f"{url}: its snapshot in the library is damaged; open the address again (File > Open URL…) to fetch it anew"
    ]
    library.close()
