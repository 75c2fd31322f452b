"""Fetching a page from a URL, and the snapshot Reader keeps of it (a WARC response record).

``fetch`` follows up to ``MAX_REDIRECTS`` redirects, gives up after ``TIMEOUT_S`` without a byte from the
server and after ``DEADLINE_S`` for the whole fetch, stops reading beyond ``MAX_BYTES``, hears Cancel within
a quarter of a second (``tick``; reader.core.reading.connection), and turns every failure into ``FetchError``: one
line naming the URL and the problem (no network, the server's name not found, refused, 404, 500, timeout,
a reply that is not HTTP, not a web page, too large). Only http and https are fetched; an address with
spaces, non-ASCII letters or an international domain name is sent as browsers send it (reader.core.reading.weburl).
Redirects go to http and https only, and never from a public server to the user's own machine or network.

A fetched page is kept as a WARC record (warcio, Apache 2.0: the web archives' standard format) with the
URL, the time it was fetched and the HTTP headers, so a comparison reopens offline exactly as it was, and a
page fetched again is a new version beside the old one. The record holds the body as Reader read it (after
the HTTP chunking, which its headers then no longer announce), and is read back byte for byte; a page whose
end never came is kept, marked ``WARC-Truncated`` and said to be cut short.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import urllib.parse
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from reader.core.progress import AlignmentCancelled, Tick
from reader.core.reading.fetch_error import FetchError as FetchError  # raised here, and imported from here

if TYPE_CHECKING:
    import http.client

    from reader.core.reading.connection import Watch

TIMEOUT_S = 20.0
"""How long a server may stay silent (connecting, or between two chunks) before the fetch gives up."""
DEADLINE_S = 60.0
"""The longest one fetch may take, redirects included: a server trickling its page, or redirecting again and
again just before each timeout, is given up on then."""
MAX_BYTES = 50 * 1024 * 1024
"""The most Reader fetches of one page, the same as the largest file it opens."""
MAX_REDIRECTS = 10
CHUNK = 64 * 1024
USER_AGENT = "Reader/0.1 (comparing sources; +https://github.com/reader)"
_READABLE = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "text/markdown",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",  # .docx
    "application/msword",  # .doc: read only to say it must be saved as .docx
)
_REDIRECTS = (301, 302, 303, 307, 308)
_TRUNCATED = "disconnect"  # WARC-Truncated: the server stopped before the end of the page


@dataclass(frozen=True)
class Fetched:
    """A page as the server sent it. ``complete`` is False when the connection ended before the page did
    (fewer bytes than its Content-Length, or a chunked body cut off): the part received is kept."""

    url: str  # as asked for: the source's identity
    final_url: str  # after redirects
    status: int
    headers: tuple[tuple[str, str], ...]  # as they describe ``body`` (no Transfer-Encoding: it is de-chunked)
    body: bytes
    fetched_at: datetime  # UTC
    complete: bool = True

    @property
    def content_type(self) -> str:
        return _content_type(self.headers)[0]

    @property
    def charset(self) -> str | None:
        return _content_type(self.headers)[1]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    @property
    def cut_short(self) -> str | None:
        """What to tell the user about a page whose end never came ("was cut short: 100 of 4,000 bytes"),
        or None for a whole page."""
        if self.complete:
            return None
        length = _header(self.headers, "content-length")
        if length is not None and length.strip().isdigit() and int(length) > len(self.body):
            return f"was cut short: {len(self.body):,} of {int(length):,} bytes; the part received is shown"
        return f"was cut short: the server stopped after {len(self.body):,} bytes; the part received is shown"

    # -- snapshots -----------------------------------------------------------------------------------------
    def to_warc(self) -> bytes:
        """One WARC/1.1 response record (gzip-compressed), with the asked-for URL as WARC-Target-URI."""
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        out = io.BytesIO()
        writer = WARCWriter(out, gzip=True, warc_version="1.1")
        http_headers = StatusAndHeaders(f"{self.status} OK", list(self.headers), protocol="HTTP/1.1")
        fields = {
            "WARC-Date": self.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "WARC-Refers-To-Target-URI": self.final_url,
        }
        if not self.complete:
            fields["WARC-Truncated"] = _TRUNCATED
        record = writer.create_warc_record(
            self.url,
            "response",
            payload=io.BytesIO(self.body),
            http_headers=http_headers,
            warc_headers_dict=fields,
        )
        writer.write_record(record)
        return out.getvalue()

    @classmethod
    def from_warc(cls, data: bytes) -> Fetched:
        """The page a record holds, its body byte for byte as stored. The body is never decoded again:
        records written by earlier Readers kept ``Transfer-Encoding: chunked`` beside a body already
        de-chunked, and de-chunking it again dropped lines that look like hex numbers. Raises ValueError
        for a damaged record."""
        try:
            return cls._from_warc(data)
        except ValueError:
            raise
        except Exception as error:  # warcio's, gzip's and zlib's many ways of saying "damaged"
            raise ValueError(f"the snapshot is damaged ({error})") from None

    @classmethod
    def _from_warc(cls, data: bytes) -> Fetched:
        from warcio.archiveiterator import ArchiveIterator

        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            final = record.rec_headers.get_header("WARC-Refers-To-Target-URI") or url
            when = datetime.strptime(record.rec_headers.get_header("WARC-Date"), "%Y-%m-%dT%H:%M:%SZ")
            status = int((record.http_headers.get_statuscode() or "200")[:3])
            headers = _describing_body((str(k), str(v)) for k, v in record.http_headers.headers)
            complete = record.rec_headers.get_header("WARC-Truncated") is None
            body = record.raw_stream.read()
            digest = record.rec_headers.get_header("WARC-Payload-Digest") or ""
            if digest.startswith("sha1:") and digest[5:].upper() != _sha1(body):
                raise ValueError("the snapshot is damaged (its page is not the one it was written with)")
            return cls(url, final, status, headers, body, when.replace(tzinfo=UTC), complete)
        raise ValueError("the snapshot holds no page")


def _sha1(body: bytes) -> str:
    """The digest warcio writes as WARC-Payload-Digest (base 32): a damaged record is read short, silently."""
    import base64

    return base64.b32encode(hashlib.sha1(body, usedforsecurity=False).digest()).decode("ascii")


def _describing_body(headers: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """The headers without Transfer-Encoding: the body Reader keeps is the page, no longer chunked."""
    return tuple((k, v) for k, v in headers if k.lower() != "transfer-encoding")


def _header(headers: tuple[tuple[str, str], ...], name: str) -> str | None:
    return next((v for k, v in headers if k.lower() == name), None)


def _content_type(headers: tuple[tuple[str, str], ...]) -> tuple[str, str | None]:
    """The media type ("text/html") and the charset a Content-Type header declares."""
    import email.message

    message = email.message.Message()
    message["content-type"] = _header(headers, "content-type") or ""
    charset = message.get_param("charset")
    return message.get_content_type(), charset if isinstance(charset, str) else None


def is_url(text: str) -> bool:
    return text.strip().lower().startswith(("http://", "https://"))


def fetch(
    url: str,
    timeout: float = TIMEOUT_S,
    max_bytes: int = MAX_BYTES,
    tick: Tick | None = None,
    *,
    deadline: float = DEADLINE_S,
    public_netlocs: Collection[str] = (),
) -> Fetched:
    """The page at ``url``. Raises FetchError (a line for the user) or AlignmentCancelled (from ``tick``),
    never anything else. ``timeout``: the server's longest silence; ``deadline``: the whole fetch's.

    ``public_netlocs`` ("127.0.0.1:8080") are servers treated as public whatever their address: for tests,
    which play a public site on 127.0.0.1 to check that its redirects to this machine are refused, without
    any traffic leaving the machine."""
    from reader.core.reading.connection import Watch

    url = url.strip()
    watch = Watch(url, timeout, deadline, tick)
    if tick is not None:
        tick(0.0)
    try:
        return _fetch(url, watch, max_bytes, frozenset(public_netlocs))
    except (FetchError, AlignmentCancelled):
        raise
    except MemoryError:
        raise FetchError(url, "is too large for the memory Reader can use") from None
    except Exception:  # a reply nobody foresaw must cost this address, not the whole run
        import logging  # only here: `reader align` on files starts without it

        logging.getLogger(__name__).exception("fetching %s failed", url)
        raise FetchError(url, "could not be fetched: the server's reply could not be understood") from None


def _fetch(url: str, watch: Watch, max_bytes: int, public_netlocs: frozenset[str]) -> Fetched:
    from reader.core.reading import connection
    from reader.core.reading.weburl import BadAddress, is_local, redirect_refused, wire_address

    current, from_public, status = url, False, 0
    for _ in range(MAX_REDIRECTS + 1):
        try:
            address = wire_address(current)
        except BadAddress as problem:
            if current == url:
                raise FetchError(url, str(problem)) from None
            raise FetchError(url, f"the server redirected to {current}, which {problem}") from None
        addresses = connection.resolve(address.host, address.port, watch)
        public = address.netloc in public_netlocs
        if not public and redirect_refused(from_public, (str(a[1][0]) for a in addresses)):
            raise FetchError(
                url,
                f"the server redirected to {current}, an address on this computer or its local network, "
                "which Reader does not follow from a public site",
            )
        sock, ip = connection.connect(addresses, watch)  # the addresses checked: no second look-up
        try:
            if address.scheme == "https":
                sock = connection.secure(sock, address.host, watch)
            connection.send(sock, _request(address.target, address.host_header), watch)
            reply = _answer(url, sock, watch)
            location = reply.getheader("Location")
            status = reply.status
            if status in _REDIRECTS and location:
                current = _redirect_target(url, current, reply.status, location)
                from_public = public or not is_local(ip)
                watch.waiting()
                continue
            return _page(url, current, reply, watch, max_bytes)
        except OSError as error:  # the connection reset or broken while the request went out
            raise FetchError(url, _network_problem(error)) from None
        finally:
            sock.close()
    raise FetchError(url, f"the server answered {status}, redirecting in a loop or too often")


def _request(target: str, host: str) -> bytes:
    lines = [
        f"GET {target} HTTP/1.1",
        f"Host: {host}",
        f"User-Agent: {USER_AGENT}",
        "Accept: text/html,*/*;q=0.5",
        "Accept-Encoding: identity",
        "Connection: close",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")


def _answer(url: str, sock: object, watch: Watch) -> http.client.HTTPResponse:
    """The reply's status line and headers, or FetchError saying in words what is wrong with them."""
    import http.client

    from reader.core.reading import connection

    try:
        return connection.response(sock, watch)  # type: ignore[arg-type]
    except http.client.RemoteDisconnected:
        raise FetchError(url, "the server closed the connection without answering") from None
    except http.client.LineTooLong:
        raise FetchError(
            url, "the server's reply is not valid HTTP (a line of it is longer than 64 KB)"
        ) from None
    except (http.client.BadStatusLine, http.client.UnknownProtocol):
        raise FetchError(url, "the server's reply is not HTTP (is this address a web server?)") from None
    except http.client.HTTPException as error:
        if "headers" in str(error):
            raise FetchError(
                url, "the server's reply is not valid HTTP (more than 100 header lines)"
            ) from None
        raise FetchError(url, "the server's reply is not valid HTTP") from None
    except OSError as error:
        raise FetchError(url, _network_problem(error)) from None


def _redirect_target(url: str, current: str, status: int, location: str) -> str:
    # Non-ASCII letters in a Location come as UTF-8, which http.client decoded as Latin-1.
    with contextlib.suppress(UnicodeError):
        location = location.encode("latin-1").decode("utf-8")
    target = urllib.parse.urljoin(current, location.strip())
    if urllib.parse.urlsplit(target).scheme.lower() not in ("http", "https"):
        raise FetchError(
            url, f"the server answered {status}, a redirect to {target}, which Reader does not follow"
        )
    return target


def _page(url: str, final_url: str, reply: http.client.HTTPResponse, watch: Watch, max_bytes: int) -> Fetched:
    """The page the server sent in ``reply`` (a final answer: not a redirect)."""
    import http.client

    if not 200 <= reply.status < 300:
        raise FetchError(url, f"the server answered {reply.status} {reply.reason or ''}".rstrip())
    headers = tuple((str(k), str(v)) for k, v in reply.getheaders())
    fetched_at = datetime.now(UTC).replace(microsecond=0)
    kind = _content_type(headers)[0]
    if kind not in _READABLE and not kind.startswith("text/"):
        raise FetchError(url, f"is not a web page or a document Reader reads (the server sent {kind})")
    too_large = FetchError(url, f"is larger than {max_bytes // (1024 * 1024)} MB, the most Reader fetches")
    announced = reply.length if not reply.chunked else None
    if announced is not None and announced > max_bytes:
        raise too_large
    body = bytearray()
    complete = True
    try:
        while chunk := reply.read1(CHUNK):
            body += chunk
            if len(body) > max_bytes:
                raise too_large
            watch.done = min(0.99, len(body) / announced) if announced else 0.5
    except http.client.IncompleteRead:
        complete = False
    except http.client.HTTPException:
        raise FetchError(url, "the server's reply is not valid HTTP (its page is garbled)") from None
    except OSError as error:
        raise FetchError(url, f"the connection broke while reading ({_network_problem(error)})") from None
    if reply.length:  # fewer bytes came than the Content-Length announced
        complete = False
    if not body:
        raise FetchError(
            url,
            "the server sent an empty page"
            if complete
            else "the server stopped before sending any of the page",
        )
    return Fetched(url, final_url, reply.status, _describing_body(headers), bytes(body), fetched_at, complete)


def _network_problem(reason: OSError) -> str:
    import ssl

    if isinstance(reason, ssl.SSLError):
        return f"the secure connection failed ({getattr(reason, 'reason', None) or reason})"
    if isinstance(reason, ConnectionResetError):
        return "the server reset the connection"
    if reason.strerror:
        return f"the connection failed ({reason.strerror})"
    return f"the connection failed ({reason})"
