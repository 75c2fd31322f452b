"""HTTPS on 127.0.0.1: a page over TLS, a certificate Reader does not trust, and Cancel during a handshake
that never ends. The certificate is made for the test by the openssl command (skipped where there is none)."""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from reader.core.progress import AlignmentCancelled
from reader.core.reading.fetch import FetchError, fetch
from tests.core.test_fetch_time import cancelling, stopped_in_a_thread
from tests.web import raw_serving, serving, silent


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key."""
    if shutil.which("openssl") is None:
        pytest.skip("no openssl command to make a certificate with")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    command = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1"
    subprocess.run(
        [*command.split(), "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_a_page_is_fetched_over_tls_from_a_server_whose_certificate_is_trusted(
    certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))  # OpenSSL's own way to name trusted certificates
    with serving(tls=certificate) as server:
        page = fetch(server.url("/moved"), timeout=5)
    assert page.final_url == server.url("/story.html") and b"Musk admits" in page.body


def test_a_certificate_reader_does_not_trust_is_one_line(certificate: tuple[Path, Path]) -> None:
    with serving(tls=certificate) as server:
        url = server.url("/story.html")
        with pytest.raises(FetchError) as failed:
            fetch(url, timeout=5)
    assert str(failed.value) == f"{url}: the server's certificate cannot be trusted (self-signed certificate)"


def test_cancel_is_heard_during_a_handshake_that_never_ends() -> None:
    done = threading.Event()
    with raw_serving(silent(done)) as server:
        try:
            ended = stopped_in_a_thread(
                lambda stop: fetch(server.url("/page").replace("http:", "https:"), tick=cancelling(stop)),
                started=lambda: server.connections > 0,
            )
        finally:
            done.set()
    assert len(ended) == 1 and isinstance(ended[0], AlignmentCancelled)


def test_a_handshake_that_never_ends_meets_the_timeout() -> None:
    done = threading.Event()
    with raw_serving(silent(done)) as server:
        url = server.url("/page").replace("http:", "https:")
        try:
            with pytest.raises(FetchError) as failed:
                fetch(url, timeout=0.5)
        finally:
            done.set()
    assert str(failed.value) == f"{url}: the server did not answer within 0.5 s"
