"""A real HTTP server on 127.0.0.1 for the tests that fetch pages: saved pages, redirects, slow, failing and
foreign responses. Nothing reaches the internet. ``pages`` can be changed while it runs (a page updated)."""

from __future__ import annotations

import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.documents import make_pdf, text_page

STORY = """<!doctype html><html class="no-js comments"><head><meta charset="utf-8">
<title>Musk testifies | The Example Times</title>
<meta property="og:site_name" content="The Example Times">
<meta property="article:published_time" content="2026-04-30T13:41:00-04:00"></head><body>
<nav><a href="/">Home</a> <a href="/tech">Technology</a></nav>
<article><h1>Musk admits xAI distilled OpenAI models</h1>
<p>While testifying on Thursday in federal court, Elon Musk said it is standard practice to use other
AIs to validate your AI, and that his lab had partly done so.</p>
<p>OpenAI's lawyer, William Savitt, asked him again whether that was a yes, and Musk answered that it
was partly so, before the judge called a recess.</p>
<p>The exchange lasted about a minute, and Musk left the courthouse without speaking to reporters.</p>
</article><footer>© 2026 The Example Times</footer></body></html>"""


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    length: int | None = None  # a Content-Length to announce instead of the body's
    chunked: bool = False  # sent with Transfer-Encoding: chunked, in chunks of ``chunk`` bytes
    chunk: int = 7


def default_routes() -> dict[str, Route]:
    pdf = make_pdf([text_page(1, 1, ["Musk admits it", "", "The lab used the models to check its own."])])
    return {
        "/story.html": Route(STORY.encode()),
        "/latin1.html": Route(
            "<html><body><article><p>Le café de la gare, déjà célèbre, a fermé ses portes à midi.</p>"
            "</article></body></html>".encode("cp1252"),
            content_type="text/html; charset=windows-1252",
        ),
        "/moved": Route(status=301, headers={"Location": "/story.html"}),
        "/loop": Route(status=302, headers={"Location": "/loop"}),
        "/to-disk": Route(status=302, headers={"Location": "file:///etc/passwd"}),
        "/to-ftp": Route(status=302, headers={"Location": "ftp://127.0.0.1/secret.txt"}),
        "/missing": Route(b"not here", status=404, content_type="text/plain"),
        "/broken": Route(b"oops", status=500, content_type="text/plain"),
        "/slow": Route(STORY.encode(), delay=3.0),
        "/image.png": Route(b"\x89PNG\r\n\x1a\n" + bytes(64), content_type="image/png"),
        "/huge.html": Route(b"<p>big</p>", length=10**10),
        "/empty.html": Route(b""),
        "/release.pdf": Route(pdf, content_type="application/pdf"),
    }


def _chunked(body: bytes, size: int) -> bytes:
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"


class Server:
    def __init__(self, routes: dict[str, Route], tls: tuple[Path, Path] | None = None) -> None:
        self.pages = routes
        self.requests: list[str] = []  # the request targets, as sent
        self.hosts: list[str] = []  # their Host headers
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.requests.append(self.path)
                outer.hosts.append(self.headers.get("Host", ""))
                route = outer.pages.get(self.path)
                if route is None:
                    route = Route(b"no such page", status=404, content_type="text/plain")
                if route.delay:
                    time.sleep(route.delay)
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                if route.chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                else:
                    length = route.length if route.length is not None else len(route.body)
                    self.send_header("Content-Length", str(length))
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                with suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(_chunked(route.body, route.chunk) if route.chunked else route.body)

            def log_message(self, format: str, *args: object) -> None:
                pass  # quiet

        Handler.protocol_version = "HTTP/1.1"  # chunked bodies are HTTP/1.1's
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.scheme = "http"
        if tls is not None:  # (certificate, key): HTTPS, the handshake in each request's thread
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.httpd.socket = context.wrap_socket(
                self.httpd.socket, server_side=True, do_handshake_on_connect=False
            )
            self.scheme = "https"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@contextmanager
def serving(routes: dict[str, Route] | None = None, tls: tuple[Path, Path] | None = None) -> Iterator[Server]:
    server = Server(default_routes() if routes is None else routes, tls)
    server.thread.start()
    try:
        yield server
    finally:
        server.stop()


class RawServer:
    """A server on 127.0.0.1 that answers each connection with ``reply(connection)``, whatever bytes it
    sends: for replies that are not valid HTTP, trickling ones, and ones that never come. The request is
    read first (up to its blank line, if it is text); the connection is closed when ``reply`` returns."""

    def __init__(self, reply: Callable[[socket.socket], None]) -> None:
        self.reply = reply
        self.connections = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}{path}"

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection, suppress(OSError):
            connection.settimeout(5)
            request = b""
            while b"\r\n\r\n" not in request and len(request) < 65536:
                data = connection.recv(4096)
                if not data:
                    break
                request += data
                if not request[:1].isalpha():  # a TLS handshake, say: no HTTP request to wait for
                    break
            self.reply(connection)

    def stop(self) -> None:
        self.stopping.set()
        self.listener.close()
        self.thread.join(2)


@contextmanager
def raw_serving(reply: Callable[[socket.socket], None]) -> Iterator[RawServer]:
    server = RawServer(reply)
    try:
        yield server
    finally:
        server.stop()


def sending(data: bytes) -> Callable[[socket.socket], None]:
    """A reply of exactly ``data``, then the connection closed."""
    return lambda connection: connection.sendall(data)


def trickling(
    head: bytes, every: float, stopping: threading.Event, most: int = 10_000
) -> Callable[[socket.socket], None]:
    """``head``, then one byte every ``every`` seconds (at most ``most`` bytes, or until ``stopping``)."""

    def reply(connection: socket.socket) -> None:
        connection.sendall(head)
        for _ in range(most):
            if stopping.wait(every):
                return
            connection.sendall(b"x")

    return reply


def silent(stopping: threading.Event) -> Callable[[socket.socket], None]:
    """No answer at all, until ``stopping`` (a server that accepted the connection and hangs)."""

    def reply(connection: socket.socket) -> None:
        stopping.wait(60)

    return reply


def resetting(connection: socket.socket) -> None:
    """The connection reset (RST) instead of an answer."""
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
