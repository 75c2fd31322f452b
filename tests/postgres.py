"""A real, private PostgreSQL cluster for the tests and benchmarks: initdb in a temporary folder, listening
on a unix socket in that folder only (no TCP port), stopped and removed at the end.

    with Cluster.start() as cluster:
        url = cluster.new_database()   # postgresql://reader@/reader_1?host=/tmp/rpg…/socket

The binaries are Debian's ``postgresql`` package (``.ci/run`` installs it); where it is missing, the tests
that need a server are skipped (``READER_REQUIRE_POSTGRES=1``, set by CI, makes that a failure). initdb
refuses to run as root, so as root the server runs as the ``postgres`` user the package creates.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

ADMIN = "reader"  # the cluster's superuser (the tests connect as it, or as member roles they create)


def binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@dataclass
class Cluster:
    folder: Path
    bin: Path
    _numbers: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def socket(self) -> Path:
        return self.folder / "socket"

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @classmethod
    def start(cls) -> Cluster:
        bin_dir = binaries()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
        # A short path: a unix socket's path may not exceed 107 bytes.
        folder = Path(tempfile.mkdtemp(prefix="rpg", dir="/tmp"))
        cluster = cls(folder, bin_dir)
        cluster.socket.mkdir()
        if os.geteuid() == 0:
            server_user = pwd.getpwnam("postgres")
            for path in (folder, cluster.socket):
                os.chown(path, server_user.pw_uid, server_user.pw_gid)
        subprocess.run(
            _as_server_user(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(cluster.data),
                    "-U",
                    ADMIN,
                    "-A",
                    "trust",
                    "--no-sync",
                    "-E",
                    "UTF8",
                    "--locale",
                    "C.UTF-8",
                ]
            ),
            check=True,
            capture_output=True,
        )
        cluster._pg_ctl("start", "-w", "-l", str(folder / "server.log"), "-o", cluster._options())
        return cluster

    def _options(self) -> str:
        return (
            f"-k {self.socket} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=200 -c shared_buffers=64MB"
        )

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(
            _as_server_user([str(self.bin / "pg_ctl"), "-D", str(self.data), *args]),
            check=True,
            capture_output=True,
        )

    def url(self, database: str = "postgres", user: str = ADMIN) -> str:
        return f"postgresql://{user}@/{database}?host={self.socket}"

    def admin_sql(self, statement: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(host=str(self.socket), user=ADMIN, dbname=database, autocommit=True) as c:
            c.execute(statement)  # type: ignore[arg-type]

    def new_database(self) -> str:
        """A fresh, empty database; its address."""
        name = f"reader_{os.getpid()}_{next(self._numbers)}"
        self.admin_sql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self, mode: str = "fast") -> None:
        self._pg_ctl("stop", "-m", mode, "-w")

    def kill(self) -> None:
        """The server killed as by a crash (SIGKILL to the postmaster), not shut down."""
        pid = int((self.data / "postmaster.pid").read_text().split()[0])
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)

    def restart(self) -> None:
        self._pg_ctl("start", "-w", "-l", str(self.folder / "server.log"), "-o", self._options())

    def remove(self) -> None:
        with suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def running() -> Iterator[Cluster]:
    cluster = Cluster.start()
    try:
        yield cluster
    finally:
        cluster.remove()
