"""The network side of one fetch, on sockets Reader drives itself so that no wait outlasts Cancel.

Every wait (looking up the server's name, connecting, the TLS handshake, sending, each read) is cut into
slices of at most ``SLICE_S``; between two slices ``Watch.wait`` hears Cancel (the caller's ``Tick`` raises
AlignmentCancelled) and checks the two clocks: the server's silence (``idle_s``, reset by every byte it
sends) and the whole fetch's deadline (``deadline_s``, redirects included). A server trickling a byte
every half second, or redirecting six times each 15 s late, so ends at the deadline, and Cancel within
about ``SLICE_S``.

The reply is parsed by the standard library's ``http.client.HTTPResponse`` (status line and headers of at
most 64 KB each and at most 100 headers, chunked bodies), reading through the sliced socket.
"""

from __future__ import annotations

import errno
import io
import select
import socket
import threading
import time
from typing import TYPE_CHECKING

from reader.core.reading.fetch_error import FetchError

if TYPE_CHECKING:
    import http.client
    import ssl

    from reader.core.progress import Tick

SLICE_S = 0.25
"""The longest Reader waits on the network without hearing Cancel and checking its clocks."""
_IN_PROGRESS = {errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY, 10035}  # 10035: Windows' WSAEWOULDBLOCK


class Watch:
    """The clocks and the Cancel of one fetch. ``done`` is the share of the page read, told to ``tick``."""

    def __init__(self, url: str, idle_s: float, deadline_s: float, tick: Tick | None) -> None:
        self.url = url
        self.idle_s = idle_s
        self.deadline_s = deadline_s
        self.tick = tick
        self.done = 0.0
        self._deadline = time.monotonic() + deadline_s
        self._answered = False
        self._heard_at = time.monotonic()

    def waiting(self) -> None:
        """A new request (or connection) begins: the server has ``idle_s`` from now to answer."""
        self._answered = False
        self._heard_at = time.monotonic()

    def heard(self) -> None:
        """The server sent something: its silence starts again from now."""
        self._answered = True
        self._heard_at = time.monotonic()

    def wait(self) -> float:
        """How long the next wait on the network may last, at most ``SLICE_S``. Raises AlignmentCancelled
        (from ``tick``) on Cancel, and FetchError once the deadline or the server's allowed silence is over."""
        if self.tick is not None:
            self.tick(self.done)
        now = time.monotonic()
        if now >= self._deadline:
            raise FetchError(
                self.url,
                f"could not be fetched within {self.deadline_s:g} s, the most Reader waits for one page "
                "(redirects included)",
            )
        silent_for = now - self._heard_at
        if silent_for >= self.idle_s:
            if self._answered:
                raise FetchError(self.url, f"the server stopped sending for more than {self.idle_s:g} s")
            raise FetchError(self.url, f"the server did not answer within {self.idle_s:g} s")
        return max(0.001, min(SLICE_S, self.idle_s - silent_for, self._deadline - now))


Address = tuple[int, tuple[str, int] | tuple[str, int, int, int]]
"""A socket family and the address to connect to."""


def resolve(host: str, port: int, watch: Watch) -> list[Address]:
    """The addresses of ``host``. The look-up runs in a thread of its own, so Cancel is heard meanwhile
    (a look-up can take seconds when the name server does not answer)."""
    found: list[Address] = []
    failed: list[BaseException] = []
    finished = threading.Event()

    def look_up() -> None:
        try:
            for family, _, _, _, address in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
                found.append((family, address))  # type: ignore[arg-type]  # AF_INET(6) addresses only
        except (OSError, UnicodeError) as error:
            failed.append(error)
        finally:
            finished.set()

    threading.Thread(target=look_up, name="reader-resolve", daemon=True).start()
    while not finished.wait(watch.wait()):
        pass
    if failed or not found:
        raise FetchError(
            watch.url, "the server's name could not be found (no network, or a mistyped address?)"
        )
    return [(family, address) for family, address in found if family in (socket.AF_INET, socket.AF_INET6)]


def connect(addresses: list[Address], watch: Watch) -> tuple[socket.socket, str]:
    """A socket connected to the first of ``addresses`` that answers, and that address's IP."""
    problem = "the server's name could not be found (no network, or a mistyped address?)"
    for family, address in addresses:
        watch.waiting()
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setblocking(False)
            code = sock.connect_ex(address)
            while code in _IN_PROGRESS:
                _, writable, failed = select.select([], [sock], [sock], watch.wait())
                if writable or failed:
                    code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        except BaseException:
            sock.close()
            raise
        if code == 0:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return sock, address[0]
        sock.close()
        if code == errno.ECONNREFUSED:
            problem = "the server refused the connection"
        else:
            problem = f"could not connect ({_strerror(code)})"
    raise FetchError(watch.url, problem)


def secure(sock: socket.socket, host: str, watch: Watch) -> ssl.SSLSocket:
    """``sock`` with TLS, the server's certificate checked against ``host``; the handshake in slices."""
    import ssl

    context = ssl.create_default_context()
    wrapped = context.wrap_socket(sock, server_hostname=host, do_handshake_on_connect=False)
    wrapped.setblocking(False)
    try:
        while True:
            try:
                wrapped.do_handshake()
                return wrapped
            except ssl.SSLWantReadError:
                select.select([wrapped], [], [], watch.wait())
            except ssl.SSLWantWriteError:
                select.select([], [wrapped], [], watch.wait())
    except ssl.SSLCertVerificationError as error:
        wrapped.close()
        raise FetchError(
            watch.url, f"the server's certificate cannot be trusted ({error.verify_message or error.reason})"
        ) from None
    except ssl.SSLError as error:
        wrapped.close()
        raise FetchError(
            watch.url, f"the secure connection failed ({getattr(error, 'reason', None) or error})"
        ) from None
    except BaseException:
        wrapped.close()
        raise


def send(sock: socket.socket, data: bytes, watch: Watch) -> None:
    view = memoryview(data)
    while view:
        sock.settimeout(watch.wait())
        try:
            sent = sock.send(view)
        except TimeoutError:
            continue
        view = view[sent:]
    watch.waiting()


def response(sock: socket.socket, watch: Watch) -> http.client.HTTPResponse:
    """The reply's status and headers read (``begin``), its body still to read."""
    import http.client

    reply = http.client.HTTPResponse(_Sliced(sock, watch), method="GET")  # type: ignore[arg-type]
    reply.begin()
    return reply


class _Sliced:
    """What ``HTTPResponse`` reads from: a socket whose reads wait in slices."""

    def __init__(self, sock: socket.socket, watch: Watch) -> None:
        self._sock = sock
        self._watch = watch

    def makefile(self, mode: str, *args: object, **kwargs: object) -> io.BufferedReader:
        return io.BufferedReader(_SlicedReader(self._sock, self._watch))


class _SlicedReader(io.RawIOBase):
    def __init__(self, sock: socket.socket, watch: Watch) -> None:
        self._sock = sock
        self._watch = watch

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while True:
            self._sock.settimeout(self._watch.wait())
            try:
                count = self._sock.recv_into(buffer)
            except TimeoutError:
                continue
            if count:
                self._watch.heard()
            return count


def _strerror(code: int) -> str:
    try:
        import os

        return os.strerror(code)
    except ValueError:
        return f"error {code}"
