"""Where a library is: a file on this machine (SQLite, the default) or a PostgreSQL server, shared by a team.

``--db``, ``READER_DB`` and the window's Library > Choose library all take either. An address is told apart
by its scheme: ``postgresql://`` (or ``postgres://``) is a server, anything without a scheme is a file; any
other scheme (``mysql://``, ``http://``, ``sqlite://``) is refused with one line instead of becoming a folder
of that name.

A password is never stored by Reader: in the address it is used for this session only and shown as ``***``;
otherwise libpq reads ``PGPASSWORD`` or ``~/.pgpass`` itself, and Reader asks the system keyring
(``keyring``) for one stored under the address without its password. TLS settings (``sslmode``,
``sslrootcert``, …) and every other libpq parameter pass through unchanged.

No SQLAlchemy here: the window works out the address (and the work cache's folder) before the database
layer loads.
"""

from __future__ import annotations

import hashlib
import os
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

KEYRING_SERVICE = "Reader"
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
_SERVER_SCHEMES = frozenset({"postgresql", "postgres", "postgresql+psycopg"})


class AddressError(ValueError):
    """An address Reader cannot use; the message is one line for the user."""


@dataclass(frozen=True)
class Address:
    """A library's address: ``path`` for a file, ``url`` (with any password) for a server."""

    path: Path | None = None
    url: str | None = None

    @property
    def is_server(self) -> bool:
        return self.url is not None

    @property
    def shown(self) -> str:
        """The address for messages and the window: a server's password replaced by ``***``."""
        if self.path is not None:
            return str(self.path)
        assert self.url is not None
        return without_password(self.url, mask="***")

    @property
    def saved(self) -> str:
        """The address as Reader may write it down (settings, recent libraries): never a password."""
        return str(self.path) if self.path is not None else without_password(self.url or "")

    @property
    def keyring_key(self) -> str:
        """The name a password for this server is stored under in the system keyring."""
        return without_password(self.url or "")

    def local_folder(self) -> Path:
        """A folder on this machine for what Reader keeps about the library (the work cache, changes
        waiting while a server is away): beside a file library, in the data folder for a server."""
        if self.path is not None:
            return self.path.parent
        from platformdirs import user_data_dir

        digest = hashlib.sha256(self.keyring_key.encode("utf-8")).hexdigest()[:16]
        return Path(user_data_dir("Reader", appauthor=False)) / "servers" / digest

    def local_stem(self) -> Path:
        """A path whose name other files are derived from (``<stem>.cache``, ``<stem>.outbox``)."""
        if self.path is not None:
            return self.path
        return self.local_folder() / "library"


def parse(text: str | os.PathLike[str]) -> Address:
    """The address in ``text``: a ``postgresql://`` URL, or a file path (``~`` expanded)."""
    if isinstance(text, os.PathLike):
        return Address(path=Path(text))
    match = _SCHEME.match(text)
    if match is None:
        if not text.strip():
            raise AddressError("no library address was given")
        return Address(path=Path(text).expanduser())
    scheme = match.group(1).lower()
    if scheme == "file":
        return Address(path=Path(urllib.parse.unquote(urllib.parse.urlsplit(text).path)))
    if scheme not in _SERVER_SCHEMES:
        raise AddressError(
            f"{without_password(text, mask='***')}: Reader's shared library runs on PostgreSQL; give a "
            "postgresql:// address, or the path of a library file"
        )
    parts = urllib.parse.urlsplit(text)
    if not parts.path.strip("/"):
        raise AddressError(
            f"{without_password(text, mask='***')}: the address names no database "
            "(postgresql://host/DATABASE)"
        )
    return Address(url=text)


def configured(db: str | os.PathLike[str] | None = None) -> Address:
    """``--db`` wins, then ``READER_DB``, then the file in the user's data directory."""
    if db:
        return parse(db)
    value = os.environ.get("READER_DB")
    if value:
        return parse(value)
    from platformdirs import user_data_dir

    return Address(path=Path(user_data_dir("Reader", appauthor=False)) / "library.sqlite3")


def without_password(url: str, mask: str | None = None) -> str:
    """``url`` with its password removed (or replaced by ``mask``), in the netloc and in the query."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        user, has_password, _password = userinfo.partition(":")
        if has_password:
            userinfo = f"{user}:{mask}" if mask else user
        netloc = f"{userinfo}@{host}"
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    kept = [(key, mask if key == "password" and mask else value) for key, value in query]
    if mask is None:
        kept = [(key, value) for key, value in kept if key != "password"]
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc, query=urllib.parse.urlencode(kept)))


def has_password(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    if "@" in parts.netloc and ":" in parts.netloc.rsplit("@", 1)[0]:
        return True
    return any(key == "password" for key, _ in urllib.parse.parse_qsl(parts.query))


def keyring_password(address: Address) -> str | None:
    """A password stored for this server in the system keyring, or None (no keyring, none stored, or a
    keyring that cannot be reached: libpq then tries PGPASSWORD and ~/.pgpass)."""
    try:
        import keyring
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, address.keyring_key)
    except Exception:  # a locked or absent keyring backend: not a reason to fail the connection
        return None


def store_password(address: Address, password: str) -> str | None:
    """Keep ``password`` for this server in the system keyring; the reason when it cannot be kept."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, address.keyring_key, password)
    except Exception as error:
        return f"the system keyring could not keep it ({type(error).__name__}: {error})"
    return None
