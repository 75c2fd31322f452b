"""Redirects from a public site to the user's own machine or network are refused before any request is made.
No traffic leaves this machine: the "public" site is a server on 127.0.0.1 that ``fetch`` is told to treat as
public (``public_netlocs``), and the decision itself is checked on addresses."""

from __future__ import annotations

import pytest

from reader.core.reading.fetch import FetchError, fetch
from reader.core.reading.weburl import is_local, redirect_refused
from tests.web import STORY, Route, serving

PUBLIC = ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "8.8.8.8", "100.64.0.1"]
LOCAL = [
    "127.0.0.1",
    "127.8.9.10",
    "::1",
    "10.0.0.1",
    "172.16.0.1",
    "172.31.255.254",
    "192.168.1.1",
    "169.254.169.254",  # cloud metadata services
    "fe80::1",
    "fd12:3456::1",
    "0.0.0.0",
    "::",
    "::ffff:127.0.0.1",
    "::ffff:192.168.0.1",
]


@pytest.mark.parametrize("address", LOCAL)
def test_addresses_on_this_machine_or_its_network_are_local(address: str) -> None:
    assert is_local(address)
    assert redirect_refused(True, [address])
    assert redirect_refused(True, [PUBLIC[0], address])  # a name with one local address among public ones
    assert not redirect_refused(False, [address])  # from a local page to another: the user asked for local


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_not_local(address: str) -> None:
    assert not is_local(address)
    assert not redirect_refused(True, [address]) and not redirect_refused(False, [address])


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("target", ["http://127.0.0.1:{port}/secret", "http://localhost:{port}/secret"])
def test_a_redirect_from_a_public_site_to_this_machine_is_refused_without_a_request(
    code: int, target: str
) -> None:
    with serving({"/secret": Route(b"the router's admin page")}) as home, serving({}) as public:
        port = home.httpd.server_address[1]
        location = target.format(port=port)
        public.pages["/story.html"] = Route(status=code, headers={"Location": location})
        url = public.url("/story.html")
        netloc = url.removeprefix("http://").partition("/")[0]
        with pytest.raises(FetchError) as failed:
            fetch(url, timeout=5, public_netlocs=[netloc])
    assert str(failed.value) == (
        f"{url}: the server redirected to {location}, an address on this computer or its local network, "
        "which Reader does not follow from a public site"
    )
    assert home.requests == []  # no request was made


def test_redirects_between_servers_on_this_machine_are_followed() -> None:
    with serving({"/story.html": Route(STORY.encode())}) as other, serving({}) as first:
        first.pages["/moved"] = Route(status=307, headers={"Location": other.url("/story.html")})
        page = fetch(first.url("/moved"), timeout=5)
    assert page.final_url == other.url("/story.html") and b"Musk" in page.body


def test_a_redirect_from_a_public_site_to_another_public_one_is_followed() -> None:
    with serving({"/story.html": Route(STORY.encode())}) as other, serving({}) as first:
        first.pages["/moved"] = Route(status=308, headers={"Location": other.url("/story.html")})
        public = [u.removeprefix("http://").partition("/")[0] for u in (first.url("/"), other.url("/"))]
        page = fetch(first.url("/moved"), timeout=5, public_netlocs=public)
    assert b"Musk" in page.body
