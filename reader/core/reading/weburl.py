"""Web addresses as Reader sends them, and which addresses are on the user's own machine or network.

``wire_address`` turns what the user typed or a server's redirect said into what goes on the wire, as
browsers do (the WHATWG URL standard's rules that matter for fetching): tabs and line breaks are dropped
and spaces around the address trimmed, a backslash is a slash, the server's name is written in IDNA
("bücher.example" is asked for as "xn--bcher-kva.example"), and the path and query are percent-encoded as
UTF-8 where they hold spaces, quotes, angle brackets or non-ASCII letters; an ``%XX`` already there is kept
as it is. An address that cannot be sent raises ``BadAddress``, whose text is the problem in plain words.

``is_local`` and ``redirect_refused`` decide which redirects Reader refuses: from a public address to one on
the user's own machine or local network (loopback, the private ranges, link-local), where a page could make
Reader reach a router's admin page or a service listening on 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import re
import string
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass

_STRIPPED = re.compile(r"[\t\n\r]")
_EDGES = "".join(map(chr, range(0x21)))  # C0 controls and space
_PRINTABLE = "".join(chr(c) for c in range(0x21, 0x7F))
_PATH_SAFE = "".join(c for c in _PRINTABLE if c not in '"#<>?`{}')
_QUERY_SAFE = "".join(c for c in _PRINTABLE if c not in "\"#<>'")
_FORBIDDEN_IN_HOST = frozenset(" #%/:<>?@[\\]^|") | frozenset(map(chr, range(0x20))) | {"\x7f"}


class BadAddress(ValueError):
    """An address Reader cannot send; ``str()`` says why, in words, without the address."""


@dataclass(frozen=True)
class WireAddress:
    """An address as it goes on the wire."""

    scheme: str  # "http" or "https"
    host: str  # ASCII: an IDNA name, or an IP address (IPv6 without brackets)
    port: int
    target: str  # the path and query, percent-encoded: "/caf%C3%A9?q=1"
    explicit_port: bool  # the address named its port (it is then part of the Host header)

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}" if self.explicit_port else host

    @property
    def netloc(self) -> str:
        """``host:port``, always with the port: how ``fetch``'s ``public_netlocs`` names a server."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


def cleaned(url: str) -> str:
    """``url`` with the spaces and controls around it trimmed and tabs and line breaks inside it dropped, as a
    browser reads an address typed or pasted into its address bar."""
    return _STRIPPED.sub("", url.strip(_EDGES))


def wire_address(url: str) -> WireAddress:
    """``url`` as it is sent; raises BadAddress for an address that cannot be."""
    text = cleaned(url)
    scheme, rest = text.split(":", 1) if ":" in text else ("", text)
    if scheme.lower() in ("http", "https"):
        text = f"{scheme}:{rest.replace(chr(92), '/')}"  # http:\\host\page is http://host/page to a browser
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError:  # "http://[::1", "http://[example]/", "http://a＃b/" (＃ is # once normalised)
        if "[" in text and "]" not in text:
            raise BadAddress(
                "is not a valid web address (a bracket around the server's address is not closed)"
            ) from None
        if "[" in text:
            raise BadAddress("has a server address in brackets that is not an IPv6 address") from None
        raise BadAddress("has a server name with characters that cannot be in one") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.netloc:
        raise BadAddress("is not a web address Reader can fetch (only http:// and https:// are)")
    try:
        port = parts.port
    except ValueError:
        raise BadAddress("has a port that is not a number from 1 to 65535") from None
    if port == 0:
        raise BadAddress("has a port that is not a number from 1 to 65535")
    host = _host(parts)
    path = urllib.parse.quote(parts.path or "/", safe=_PATH_SAFE, errors="replace")
    target = (
        path
        if not parts.query
        else f"{path}?{urllib.parse.quote(parts.query, safe=_QUERY_SAFE, errors='replace')}"
    )
    default = 443 if scheme == "https" else 80
    return WireAddress(scheme, host, port or default, target, port is not None and port != default)


def _host(parts: urllib.parse.SplitResult) -> str:
    """The server's name in ASCII (IDNA), or its IP address."""
    netloc = parts.netloc.rpartition("@")[2]
    if netloc.startswith("["):  # an IPv6 address
        literal = netloc[1:].partition("]")[0]
        try:
            return str(ipaddress.IPv6Address(literal.split("%")[0]))
        except ValueError:
            raise BadAddress("has a server address in brackets that is not an IPv6 address") from None
    name = urllib.parse.unquote(parts.hostname or "", errors="replace").rstrip(".") or ""
    if not name:
        raise BadAddress("names no server (there is nothing between // and the path)")
    if _FORBIDDEN_IN_HOST & set(name):
        raise BadAddress("has a space or another character that cannot be in a server's name")
    if all(c in string.digits + "." for c in name):
        try:
            return str(ipaddress.IPv4Address(name))
        except ValueError:
            raise BadAddress("has a server address that is not a valid IPv4 address") from None
    try:
        ascii_name = name.encode("idna").decode("ascii")
    except UnicodeError:
        raise BadAddress(
            "has a server name that cannot be written as an internet domain name (a part is empty or too long?)"
        ) from None
    return ascii_name.lower()


def is_local(address: str) -> bool:
    """An IP address on this machine or its local network: loopback (127.0.0.0/8, ::1), the private ranges
    (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16, fe80::/10) and the unspecified address
    (0.0.0.0, ::, which reach this machine). A name that is not an address counts as local (the caller
    resolves names first)."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return True
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_unspecified


def redirect_refused(from_public: bool, to_addresses: Iterable[str]) -> bool:
    """Whether a redirect is refused: from a public server (``from_public``: the address the redirect came
    from is not local) to a name that resolves to a local address (any of ``to_addresses``). A redirect
    between two local servers, or from a local one, is followed: the user asked for a local page."""
    return from_public and any(is_local(address) for address in to_addresses)
