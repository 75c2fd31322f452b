"""Fetching a page from a URL, and the snapshot Reader keeps of it (a WARC response record).

``fetch`` follows redirects, gives up after ``TIMEOUT_S`` without an answer, stops reading beyond
``MAX_BYTES``, hears Cancel between chunks (``tick``), and turns every failure into ``FetchError``: one line
naming the URL and the problem (no network, the server's name not found, refused, 404, 500, timeout, not a
web page, too large). Only http and https are fetched.

A fetched page is kept as a WARC record (warcio, Apache 2.0: the web archives' standard format) with the
URL, the time it was fetched and the HTTP headers, so a comparison reopens offline exactly as it was, and a
page fetched again is a new version beside the old one.
"""

from __future__ import annotations

import functools
import hashlib
import io
import urllib.parse
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from reader.core.display import one_line, printable
from reader.core.progress import AlignmentCancelled, Tick

if TYPE_CHECKING:
    import urllib.request

TIMEOUT_S = 20.0
"""How long a server may stay silent (connecting, or between two chunks) before the fetch gives up."""
MAX_BYTES = 50 * 1024 * 1024
"""The most Reader fetches of one page, the same as the largest file it opens."""
CHUNK = 64 * 1024
USER_AGENT = "Reader/0.1 (comparing sources; +https://github.com/reader)"
_READABLE = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown", "application/pdf")


class FetchError(Exception):
    """``str()`` is one line naming the URL and the problem."""

    def __init__(self, url: str, problem: str) -> None:
        super().__init__(f"{printable(url)}: {one_line(problem)}")
        self.url = url
        self.problem = problem


@dataclass(frozen=True)
class Fetched:
    """A page as the server sent it."""

    url: str  # as asked for: the source's identity
    final_url: str  # after redirects
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: datetime  # UTC

    @property
    def content_type(self) -> str:
        return _content_type(self.headers)[0]

    @property
    def charset(self) -> str | None:
        return _content_type(self.headers)[1]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    # -- snapshots -----------------------------------------------------------------------------------------
    def to_warc(self) -> bytes:
        """One WARC/1.1 response record (gzip-compressed), with the asked-for URL as WARC-Target-URI."""
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        out = io.BytesIO()
        writer = WARCWriter(out, gzip=True, warc_version="1.1")
        http_headers = StatusAndHeaders(f"{self.status} OK", list(self.headers), protocol="HTTP/1.1")
        record = writer.create_warc_record(
            self.url,
            "response",
            payload=io.BytesIO(self.body),
            http_headers=http_headers,
            warc_headers_dict={
                "WARC-Date": self.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "WARC-Refers-To-Target-URI": self.final_url,
            },
        )
        writer.write_record(record)
        return out.getvalue()

    @classmethod
    def from_warc(cls, data: bytes) -> Fetched:
        from warcio.archiveiterator import ArchiveIterator

        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            final = record.rec_headers.get_header("WARC-Refers-To-Target-URI") or url
            when = datetime.strptime(record.rec_headers.get_header("WARC-Date"), "%Y-%m-%dT%H:%M:%SZ")
            status = int((record.http_headers.get_statuscode() or "200")[:3])
            headers = tuple((str(k), str(v)) for k, v in record.http_headers.headers)
            return cls(url, final, status, headers, record.content_stream().read(), when.replace(tzinfo=UTC))
        raise ValueError("no response record in the snapshot")


def _content_type(headers: tuple[tuple[str, str], ...]) -> tuple[str, str | None]:
    """The media type ("text/html") and the charset a Content-Type header declares."""
    import email.message

    message = email.message.Message()
    message["content-type"] = dict((k.lower(), v) for k, v in headers).get("content-type", "")
    charset = message.get_param("charset")
    return message.get_content_type(), charset if isinstance(charset, str) else None


@functools.cache
def _opener() -> urllib.request.OpenerDirector:
    """The opener that fetches pages, made at the first fetch: urllib's HTTP, TLS and e-mail modules are
    imported only then (30 ms at every start of ``reader align`` on files otherwise)."""
    import urllib.error
    import urllib.request

    class WebRedirects(urllib.request.HTTPRedirectHandler):
        """Redirects are followed to http and https addresses only: a page must not send Reader to ftp:// or
        to a file on the user's disk."""

        def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
            if urllib.parse.urlsplit(newurl).scheme.lower() not in ("http", "https"):
                raise urllib.error.HTTPError(
                    newurl, code, f"a redirect to {newurl}, which Reader does not follow", headers, fp
                )
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(WebRedirects)


def is_url(text: str) -> bool:
    return text.strip().lower().startswith(("http://", "https://"))


def fetch(
    url: str, timeout: float = TIMEOUT_S, max_bytes: int = MAX_BYTES, tick: Tick | None = None
) -> Fetched:
    """The page at ``url``. Raises FetchError (a line for the user) or AlignmentCancelled (from ``tick``)."""
    import urllib.error
    import urllib.request

    url = url.strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "is not a web address Reader can fetch (only http:// and https:// are)")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5"})
    if tick is not None:
        tick(0.0)
    try:
        response = _opener().open(request, timeout=timeout)  # follows up to 10 redirects, to http(s) only
    except urllib.error.HTTPError as error:
        reason = str(error.reason)
        if 300 <= error.code < 400 and ("does not follow" in reason or "not allowed" in reason):
            where = error.filename or "another kind of address"
            raise FetchError(
                url, f"the server answered {error.code}, a redirect to {where}, which Reader does not follow"
            ) from None
        if 300 <= error.code < 400:
            raise FetchError(
                url, f"the server answered {error.code}, redirecting in a loop or too often"
            ) from None
        raise FetchError(url, f"the server answered {error.code} {error.reason or ''}".rstrip()) from None
    except urllib.error.URLError as error:
        raise FetchError(url, _network_problem(error.reason, timeout)) from None
    except TimeoutError:
        raise FetchError(url, f"the server did not answer within {timeout:g} s") from None
    except (OSError, ValueError) as error:
        raise FetchError(url, _network_problem(error, timeout)) from None
    with response:
        headers = tuple((str(k), str(v)) for k, v in response.headers.items())
        final_url, status, fetched_at = (
            response.geturl(),
            response.status,
            datetime.now(UTC).replace(microsecond=0),
        )
        kind = _content_type(headers)[0]
        if kind not in _READABLE and not kind.startswith("text/"):
            raise FetchError(url, f"is not a web page or a document Reader reads (the server sent {kind})")
        too_large = FetchError(
            url, f"is larger than {max_bytes // (1024 * 1024)} MB, the most Reader fetches"
        )
        length = response.headers.get("Content-Length")
        announced = int(length) if length and length.isdigit() else None
        if announced is not None and announced > max_bytes:
            raise too_large
        body = bytearray()
        try:
            while chunk := response.read(CHUNK):
                body += chunk
                if len(body) > max_bytes:
                    raise too_large
                if tick is not None:
                    tick(min(0.99, len(body) / announced) if announced else 0.5)
        except AlignmentCancelled:
            raise
        except TimeoutError:
            raise FetchError(url, f"the server stopped sending for more than {timeout:g} s") from None
        except OSError as error:
            raise FetchError(url, f"the connection broke while reading ({error})") from None
    if not body:
        raise FetchError(url, "the server sent an empty page")
    return Fetched(url, final_url, status, headers, bytes(body), fetched_at)


def _network_problem(reason: object, timeout: float) -> str:
    import socket
    import ssl

    if isinstance(reason, socket.gaierror):
        return "the server's name could not be found (no network, or a mistyped address?)"
    if isinstance(reason, TimeoutError):
        return f"the server did not answer within {timeout:g} s"
    if isinstance(reason, ConnectionRefusedError):
        return "the server refused the connection"
    if isinstance(reason, ssl.SSLError):
        return f"the secure connection failed ({getattr(reason, 'reason', None) or reason})"
    if isinstance(reason, OSError) and reason.strerror:
        return f"could not connect ({reason.strerror})"
    return f"could not be fetched ({reason})"
