"""A shared library on a PostgreSQL server: connecting, checking what is there, and upgrading it.

- One migration history serves both engines (``reader/store/migrations``); on PostgreSQL an upgrade is one
  transaction as well (its DDL is transactional), taken under an advisory lock so that two Readers starting
  at once do not both upgrade.
- Every connection names itself ``reader <schema>`` (``application_name``), so a newer Reader can see the
  older ones still connected: it then opens the library read-only and says why, instead of upgrading the
  schema under them. A Reader older than the server's schema opens it read-only with one line saying so.
- A database of another program (tables, but not Reader's) is never changed.
- Connection problems (no server, wrong password, no such database) are one line naming the address.
"""

from __future__ import annotations

import os

from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.engine import URL

from reader.address import Address, has_password, keyring_password
from reader.core.text.display import one_line, printable
from reader.store.db import (
    HEAD_REVISION,
    KNOWN_REVISIONS,
    READER_TABLES,
    NeedsUpgrade,
    NoLibrary,
    OpenReport,
    StoreError,
    current_revision,
    describe,
    migrate,
)

CONNECT_TIMEOUT_S = 5
APPLICATION = "reader"


def engine_url(address: Address) -> URL:
    """The SQLAlchemy URL for a server address: the psycopg driver, a password from the keyring when the
    address and the environment give none (libpq reads PGPASSWORD and ~/.pgpass itself)."""
    assert address.url is not None
    url = make_url(address.url).set(drivername="postgresql+psycopg")
    if not has_password(address.url) and "PGPASSWORD" not in os.environ:
        password = keyring_password(address)
        if password:
            url = url.set(password=password)
    return url


def server_engine(address: Address, revision: str) -> Engine:
    return create_engine(
        engine_url(address),
        pool_pre_ping=True,  # a server restarted under an open window: the next use reconnects
        pool_size=5,
        max_overflow=5,
        connect_args={
            "application_name": f"{APPLICATION} {revision}",
            "connect_timeout": CONNECT_TIMEOUT_S,
        },
    )


def connection_problem(address: Address, error: BaseException) -> str:
    """One line for a failed connection, naming the address (never its password)."""
    original = getattr(error, "orig", None) or error
    words = one_line(str(original))
    lowered = words.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        reason = "the server refused the password (set it in ~/.pgpass, PGPASSWORD or the system keyring)"
    elif "does not exist" in lowered and "database" in lowered:
        reason = "there is no such database on the server; ask its administrator to create it"
    elif "role" in lowered and "does not exist" in lowered:
        reason = "the server has no such user"
    elif "connection refused" in lowered or "no such file or directory" in lowered:
        reason = "no server answers there (is it running?)"
    elif "timeout" in lowered:
        reason = f"the server did not answer within {CONNECT_TIMEOUT_S} s"
    elif "not permitted to log in" in lowered or "permission denied" in lowered:
        reason = "the server does not let this user in"
    else:
        reason = words or type(original).__name__
    return f"{printable(address.shown)}: cannot connect to the library ({reason})"


def older_clients(engine: Engine, revision: str) -> int:
    """How many other Readers of an older schema are connected to this database now."""
    with engine.connect() as connection:
        count = connection.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND application_name LIKE :reader "
                "AND application_name <> :this"
            ),
            {"reader": f"{APPLICATION} %", "this": f"{APPLICATION} {revision}"},
        ).scalar()
    return int(count or 0)


def tables(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        ).all()
    return {row[0] for row in rows}


def database_name(address: Address) -> str:
    assert address.url is not None
    return make_url(address.url).database or ""


def open_server(address: Address, read_only: bool = False) -> tuple[Engine, OpenReport]:
    """Connect to the shared library at ``address``, creating its tables in an empty database and
    upgrading an older schema; read-only when asked, when the schema is newer than this Reader, or when
    older Readers are still connected to a schema this one would upgrade. Raises StoreError (one line)."""
    shown = printable(address.shown)
    engine = server_engine(address, HEAD_REVISION)
    report = OpenReport(address.local_stem(), where=address.shown)
    try:
        present = tables(engine)
        revision = current_revision(engine) if "alembic_version" in present else None
    except Exception as error:
        engine.dispose()
        raise StoreError(connection_problem(address, error)) from None
    present.discard("alembic_version")
    if present and not present >= READER_TABLES:
        engine.dispose()
        listed = ", ".join(sorted(present)[:5]) + (", …" if len(present) > 5 else "")
        raise StoreError(
            f"{shown}: this database belongs to another program (tables: {printable(listed)}), it is not "
            "a Reader library; Reader left it unchanged"
        )
    why_read_only: str | None = "opened read-only on request" if read_only else None
    if revision is not None and revision not in KNOWN_REVISIONS:
        why_read_only = f"the library was made by a newer Reader (schema {printable(revision)}); update Reader to change it"
    elif (
        revision not in (None, HEAD_REVISION)
        and why_read_only is None
        and (others := older_clients(engine, HEAD_REVISION))
    ):
        engine.dispose()  # their Readers would break on the new schema: refused, not forced on them
        raise StoreError(
            f"{shown}: this Reader would bring the library up to date (schema {printable(str(revision))} "
            f"to {HEAD_REVISION}), but {others} older Reader{'s are' if others > 1 else ' is'} still "
            "connected and would stop working; close or update them, then open it again"
        )
    if why_read_only is not None:
        if revision is None:
            engine.dispose()
            raise NoLibrary(f"{shown}: there is no library here yet")
        if revision in KNOWN_REVISIONS and revision != HEAD_REVISION:
            engine.dispose()
            raise NeedsUpgrade(
                f"{shown}: the library was made by an older Reader and must be brought up to date before "
                "this one reads it; open it without read-only"
            )
        return engine, OpenReport(address.local_stem(), where=address.shown, read_only=why_read_only)
    try:
        migrate(engine)
    except Exception as error:
        engine.dispose()
        raise StoreError(
            f"{shown}: the library could not be brought up to date ({describe(error)}); it was left as it was"
        ) from None
    return engine, report
