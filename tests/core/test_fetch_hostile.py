"""Hostile and odd addresses and replies: each one is one line naming the address, and never stops the run.
Replies that are not valid HTTP come from raw servers on 127.0.0.1 (tests/web.py); no traffic leaves this
machine: addresses that could name another host fail before any look-up."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.comparison import Comparison
from reader.core.reading.fetch import FetchError, fetch
from reader.core.reading.weburl import BadAddress, wire_address
from reader.core.text.display import printable
from tests.documents import make_docx
from tests.web import STORY, Route, raw_serving, resetting, sending, serving


def one_line_about(error: FetchError, url: str) -> str:
    message, url = str(error), printable(url)
    assert message.startswith(f"{url}: ") and "\n" not in message and "\r" not in message
    assert "Error" not in message and "Traceback" not in message  # words, not exception names
    return message.removeprefix(f"{url}: ")


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        (
            "http://exa mple.org/story.html",
            "has a space or another character that cannot be in a server's name",
        ),
        ("http://example.org:eighty/", "has a port that is not a number from 1 to 65535"),
        ("http://example.org:99999/", "has a port that is not a number from 1 to 65535"),
        ("http://[::1", "is not a valid web address (a bracket around the server's address is not closed)"),
        ("http://[example]/", "has a server address in brackets that is not an IPv6 address"),
        ("http://a..b/", "has a server name that cannot be written as an internet domain name"),
        (
            "http://" + "a" * 64 + ".org/",
            "has a server name that cannot be written as an internet domain name",
        ),
        ("http://999.1.1.1/", "has a server address that is not a valid IPv4 address"),
        ("http:///story.html", "is not a web address Reader can fetch"),
        ("http://exa\uff03mple.org/", "has a server name with characters that cannot be in one"),
    ],
)
def test_an_address_that_cannot_be_sent_is_one_line(url: str, problem: str) -> None:
    with pytest.raises(FetchError) as failed:
        fetch(url, timeout=2)
    assert one_line_about(failed.value, url).startswith(problem)


def test_tabs_and_line_breaks_are_dropped_and_spaces_sent_encoded_as_a_browser_does(web) -> None:
    web.pages["/a%20page.html"] = Route(STORY.encode())
    page = fetch(web.url("/a page.html"))
    assert web.requests[-1] == "/a%20page.html" and b"Musk" in page.body
    assert page.url == web.url("/a page.html")  # the source stays the address the user gave
    fetch(web.url("/sto\try.\r\nhtml") + " \n")
    assert web.requests[-1] == "/story.html"


def test_non_ascii_paths_and_queries_are_sent_as_utf8_and_escapes_are_kept(web) -> None:
    web.pages["/caf%C3%A9/d%C3%A9j%C3%A0.html?q=%C3%A9t%C3%A9&r=a%20b"] = Route(STORY.encode())
    fetch(web.url("/café/déjà.html?q=été&r=a b"))
    fetch(web.url("/caf%C3%A9/d%C3%A9j%C3%A0.html?q=%C3%A9t%C3%A9&r=a%20b"))  # already escaped: as it is
    fetch(web.url("/caf%C3%A9/déjà.html?q=%C3%A9té&r=a%20b"))  # half and half
    assert web.requests == ["/caf%C3%A9/d%C3%A9j%C3%A0.html?q=%C3%A9t%C3%A9&r=a%20b"] * 3


def test_a_redirect_to_a_non_ascii_address_is_followed(web) -> None:
    web.pages["/%C3%A9t%C3%A9.html"] = Route(STORY.encode())
    # Servers send the Location's bytes as UTF-8; BaseHTTPRequestHandler writes a str as Latin-1.
    web.pages["/summer"] = Route(status=302, headers={"Location": "/été.html".encode().decode("latin-1")})
    page = fetch(web.url("/summer"))
    assert web.requests[-1] == "/%C3%A9t%C3%A9.html" and page.final_url == web.url("/été.html")


def test_international_domain_names_are_sent_in_idna() -> None:
    address = wire_address("https://Bücher.Example:8443/ä?x=ü#part")
    assert (address.host, address.port, address.target) == ("xn--bcher-kva.example", 8443, "/%C3%A4?x=%C3%BC")
    assert address.host_header == "xn--bcher-kva.example:8443"
    assert wire_address("http://例え.テスト/").host == "xn--r8jz45g.xn--zckzah"
    assert wire_address("http://[::1]:8080").host_header == "[::1]:8080"
    assert wire_address("http://%65xample.org/").host == "example.org"


def head(*lines: bytes) -> bytes:
    return b"\r\n".join(lines) + b"\r\n\r\n"


HEADERS_101 = head(b"HTTP/1.1 200 OK", *(b"X-Filler-%d: yes" % i for i in range(101)))


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        (HEADERS_101, "the server's reply is not valid HTTP (more than 100 header lines)"),
        (
            b"HTTP/1.1 200 " + b"O" * 70_000 + b"\r\n\r\n",
            "the server's reply is not valid HTTP (a line of it is longer",
        ),
        (
            head(b"HTTP/1.1 200 OK", b"X-Long: " + b"x" * 70_000),
            "the server's reply is not valid HTTP (a line of it",
        ),
        (b"SSH-2.0-OpenSSH_9.6\r\n", "the server's reply is not HTTP (is this address a web server?)"),
        (b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + bytes(40), "the server's reply is not HTTP"),
        (b"", "the server closed the connection without answering"),
        (
            head(b"HTTP/1.1 200 OK", b"Content-Length: 40"),
            "the server stopped before sending any of the page",
        ),
        (
            head(b"HTTP/1.1 200 OK", b"Transfer-Encoding: chunked") + b"zz\r\n",
            "the server stopped before sending",
        ),
        (
            head(b"HTTP/1.1 200 OK", b"Content-Type: image/gif", b"Content-Length: 3") + b"GIF",
            "is not a web page",
        ),
    ],
)
def test_a_reply_that_is_not_valid_http_is_one_line(reply: bytes, problem: str) -> None:
    with raw_serving(sending(reply)) as server:
        url = server.url("/page.html")
        with pytest.raises(FetchError) as failed:
            fetch(url, timeout=5)
    assert one_line_about(failed.value, url).startswith(problem)


@pytest.mark.parametrize(
    ("reply", "body", "said"),
    [
        (
            head(b"HTTP/1.1 200 OK", b"Content-Type: text/plain", b"Content-Length: 1000")
            + b"The first words",
            b"The first words",
            "was cut short: 15 of 1,000 bytes; the part received is shown",
        ),
        (
            head(b"HTTP/1.1 200 OK", b"Content-Type: text/plain", b"Transfer-Encoding: chunked")
            + b"6\r\nThe fi\r\n9\r\nrst words\r\n40\r\nand then",
            b"The first wordsand then",
            "was cut short: the server stopped after 23 bytes; the part received is shown",
        ),
    ],
)
def test_a_page_cut_short_is_kept_and_said_to_be(reply: bytes, body: bytes, said: str) -> None:
    with raw_serving(sending(reply)) as server:
        page = fetch(server.url("/cut.txt"), timeout=5)
    assert page.body == body and not page.complete and page.cut_short == said
    assert dict(page.headers).keys() >= {"Content-Type"} and "Transfer-Encoding" not in dict(page.headers)


def damaged_docx() -> bytes:
    """A real .docx whose word/document.xml has its compressed data overwritten: zlib refuses it."""
    data = bytearray(make_docx([("p", "The lab used the models to check its own.")]))
    header = data.index(b"word/document.xml") - 30
    name_length, extra_length = struct.unpack("<HH", data[header + 26 : header + 30])
    start = header + 30 + name_length + extra_length
    data[start : start + 4] = b"\xff\xff\xff\xff"
    return bytes(data)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_a_damaged_word_document_from_a_server_is_one_line_and_the_rest_is_read(web) -> None:
    web.pages["/statement.docx"] = Route(damaged_docx(), content_type=DOCX)
    web.pages["/statement.pdf"] = Route(b"%PDF-1.7\n" + bytes(range(256)) * 4, content_type="application/pdf")
    urls = [web.url("/story.html"), web.url("/statement.docx"), web.url("/statement.pdf")]
    comparison, refused = Comparison.load(urls)
    assert comparison is not None and comparison.paths == urls[:1]
    assert [error.path for error in refused] == urls[1:]
    for error in refused:
        message = str(error)
        assert "\n" not in message and "Error" not in message and "zlib" not in message
    assert str(refused[0]).startswith(f"{urls[1]}: ")


def test_a_good_word_document_from_a_server_is_read(web) -> None:
    web.pages["/statement.docx"] = Route(
        make_docx([("p", "The lab used the models to check its own.")]), content_type=DOCX
    )
    comparison, refused = Comparison.load([web.url("/statement.docx")])
    assert not refused and comparison is not None
    assert "The lab used the models" in comparison.sources[0].text


REPLIES = st.one_of(
    st.binary(max_size=3000),
    st.builds(
        lambda status, lines, body: (
            b"HTTP/1.1 " + status + b"\r\n" + b"\r\n".join(lines) + b"\r\n\r\n" + body
        ),
        st.sampled_from([b"200 OK", b"301 Moved", b"302", b"404 Nope", b"999 ?", b"20 x", b"-1"]),
        st.lists(
            st.one_of(
                st.sampled_from(
                    [
                        b"Content-Type: text/html",
                        b"Content-Type: text/plain; charset=utf-16",
                        b"Content-Type: application/pdf",
                        b"Transfer-Encoding: chunked",
                        b"Content-Length: 5",
                        b"Content-Length: -3",
                        b"Content-Length: 99999999999999999999",
                        b"Location: /",
                        b"Location: http://[::1",
                        b"Location: file:///etc/passwd",
                        b"Location: http://999.0.0.1/",
                    ]
                ),
                st.binary(max_size=60),
            ),
            max_size=8,
        ),
        st.binary(max_size=2000),
    ),
)


def test_any_reply_is_a_page_or_one_line() -> None:
    with raw_serving(sending(b"")) as server:
        url = server.url("/page")

        @settings(max_examples=150, deadline=None)
        @given(reply=REPLIES)
        def check(reply: bytes) -> None:
            server.reply = sending(reply)
            try:
                page = fetch(url, timeout=3, deadline=6)
            except FetchError as error:
                one_line_about(error, url)
            else:
                assert page.body

        check()


URL_TAILS = st.text(
    alphabet=st.sampled_from(list(":/?#[]@%!$&'()*+,;= \t\r\n\\.-_~éü例\x00\x7f") + list("abc019")),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=60))
def test_any_text_is_an_address_or_a_reason_why_not(text: str) -> None:
    for candidate in (text, f"http://{text}", f"https://example.org/{text}"):
        try:
            address = wire_address(candidate)
        except BadAddress as problem:
            assert str(problem) and "\n" not in str(problem)
        else:
            address.target.encode("ascii") and address.host.encode("ascii")
            assert " " not in address.target and "\n" not in address.target


def test_any_address_on_this_machine_is_fetched_or_one_line() -> None:
    with raw_serving(sending(head(b"HTTP/1.1 200 OK", b"Content-Length: 2") + b"ok")) as server:

        @settings(max_examples=150, deadline=None)
        @given(tail=URL_TAILS)
        def check(tail: str) -> None:
            url = server.url("") + tail
            try:
                host = wire_address(url).host
            except BadAddress:
                host = "127.0.0.1"  # refused before any look-up
            if host != "127.0.0.1":  # "http://127.0.0.1:port@elsewhere/": never contact another host
                return
            try:
                fetch(url, timeout=3, deadline=6)
            except FetchError as error:
                one_line_about(error, url.strip())

        check()


def test_the_command_line_aligns_the_good_sources_and_gives_the_bad_address_one_line(web, seed_paths) -> None:
    not_http = head(b"HTTP/1.1 200 OK", *(b"X-%d: y" % i for i in range(200)))
    with raw_serving(sending(not_http)) as server:
        bad = server.url("/story.html")
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "reader",
                "align",
                web.url("/story.html"),
                bad,
                "http://[::1",
                str(seed_paths[0]),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert run.returncode == 1, run.stderr  # some refused, the others aligned
    assert run.stderr.splitlines() == [
        f"reader: {bad}: the server's reply is not valid HTTP (more than 100 header lines)",
        "reader: http://[::1: is not a valid web address (a bracket around the server's address is not closed)",
    ]
    assert Path(seed_paths[0]).name in run.stdout and "127.0.0.1" in run.stdout


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_connection_reset_instead_of_an_answer_is_one_line(scheme: str) -> None:
    with raw_serving(resetting) as server:
        url = server.url("/page.html").replace("http:", f"{scheme}:")
        with pytest.raises(FetchError) as failed:
            fetch(url, timeout=5)
    assert one_line_about(failed.value, url) in (
        "the server reset the connection",
        "the server closed the connection without answering",
    )


def test_any_damage_to_a_word_document_from_a_server_is_one_line_or_its_text() -> None:
    original = make_docx([("p", "The lab used the models to check its own."), ("p", "Musk left.")])
    with serving({}) as server:
        url = server.url("/statement.docx")

        @settings(max_examples=60, deadline=None)
        @given(flips=st.lists(st.tuples(st.integers(0, len(original) - 1), st.integers(0, 255)), max_size=6))
        def check(flips: list[tuple[int, int]]) -> None:
            data = bytearray(original)
            for at, value in flips:
                data[at] = value
            server.pages["/statement.docx"] = Route(bytes(data), content_type=DOCX)
            comparison, refused = Comparison.load([url])
            if comparison is None:
                (error,) = refused
                assert str(error).startswith(f"{url}: ") and "\n" not in str(error)
                assert "Error" not in str(error) and "zlib" not in str(error)

        check()
