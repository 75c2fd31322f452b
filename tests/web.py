"""A real HTTP server on 127.0.0.1 for the tests that fetch pages: saved pages, redirects, slow, failing and
foreign responses. Nothing reaches the internet. ``pages`` can be changed while it runs (a page updated)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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


class Server:
    def __init__(self, routes: dict[str, Route]) -> None:
        self.pages = routes
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.requests.append(self.path)
                route = outer.pages.get(self.path)
                if route is None:
                    route = Route(b"no such page", status=404, content_type="text/plain")
                if route.delay:
                    time.sleep(route.delay)
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                length = route.length if route.length is not None else len(route.body)
                self.send_header("Content-Length", str(length))
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                with suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(route.body)

            def log_message(self, format: str, *args: object) -> None:
                pass  # quiet

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@contextmanager
def serving(routes: dict[str, Route] | None = None) -> Iterator[Server]:
    server = Server(routes or default_routes())
    server.thread.start()
    try:
        yield server
    finally:
        server.stop()
