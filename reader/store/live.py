"""Following a library's change log as other Readers write to it: the changes a colleague (or another
Reader on the same file) commits reach an open window within a second, each exactly once and in order,
also after being away. No Qt here; the window hands the changes to its views (``reader.ui.live_changes``).

- The change log (``Store.changes_since``) is the truth: a follower remembers the last number it handed on
  and reads everything after it, so a follower that was away (stopped, disconnected, the server restarted)
  catches up exactly, missing none and repeating none.
- On a server, a dedicated connection LISTENs on ``reader_changes``: a NOTIFY only wakes the follower (its
  payload, a number, is never trusted for content), and a catch-up every ``CATCH_UP_S`` seconds covers a
  notification lost while the connection was down. When the server goes away the follower says so, tries
  again with growing pauses, and catches up from its last number when it is back.
- On a file, SQLite's ``PRAGMA data_version`` on a connection of the follower's own moves when any other
  connection commits; it is read every ``POLL_S`` seconds (a few microseconds) and the log read only then.
- Closing the library (``Store.close``, or ``retire``: its engine disposed) stops the follower as well.
- Changes this same Store made (``remote`` False) were announced to its subscribers when they were written:
  they are not handed on again.

    follower = Follower(library, lambda changes: print(changes)).start()
    ...
    follower.close()
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import event

from reader.store.db import HEAD_REVISION, describe
from reader.store.records import Change
from reader.store.transactions import CHANNEL, Store

log = logging.getLogger(__name__)

POLL_S = 0.3
"""How often a follower of a file reads ``PRAGMA data_version``."""
CATCH_UP_S = 5.0
"""How often a follower of a server reads the log even without a notification (one may be lost)."""
BACKOFF_S = (0.2, 5.0)
"""The first and the longest pause before connecting again to a server that went away."""
PAGE = 10_000  # changes read at once; a follower far behind reads page after page

Deliver = Callable[[list[Change]], None]
Status = Callable[[bool, str], None]  # connected, and why not (empty when connected)


class Follower:
    """Hands the changes other Readers commit to ``deliver`` (on the follower's thread, oldest first, each
    once), from ``since`` on (default: the newest change when it starts). ``status`` hears when the
    library is reachable (True) or away (False, with a one-line reason)."""

    def __init__(
        self,
        store: Store,
        deliver: Deliver,
        status: Status | None = None,
        since: int | None = None,
        poll_s: float = POLL_S,
        catch_up_s: float = CATCH_UP_S,
    ) -> None:
        self.store = store
        self._deliver = deliver
        self._status = status
        self._seq = since
        self.poll_s, self.catch_up_s = poll_s, catch_up_s
        self._stop = threading.Event()
        self._ready = threading.Event()  # the starting number is known: changes after it are followed
        self._wake_r, self._wake_w = os.pipe()  # wakes the thread's select at once (close, wake)
        self._pipe_lock = threading.Lock()
        self._pipe_open = True
        self._thread = threading.Thread(target=self._run, name="reader-live", daemon=True)
        self.connected: bool | None = None  # None until the first attempt
        self.listener_pid: int | None = None  # the server process of the LISTEN connection (for tests)
        self.problem = ""
        self._listening = False  # on the engine's engine_disposed

    # -- control -------------------------------------------------------------------------------------------
    def start(self) -> Follower:
        # Closing the library (``Store.close``, ``retire``) disposes its engine: the follower stops then
        # too, and lets go of its own connection before the caller goes on (a backup restored in place
        # of the file needs it alone).
        event.listen(self.store.engine, "engine_disposed", self._disposed)
        self._listening = True
        self._thread.start()
        return self

    def _disposed(self, _engine: object) -> None:
        self._listening = False  # SQLAlchemy is calling its listeners: this one is not removed now
        self.close()

    def wait_ready(self, timeout_s: float = 10.0) -> bool:
        """Wait until the follower knows where it starts from (changes committed after that reach it)."""
        return self._ready.wait(timeout_s)

    @property
    def seq(self) -> int | None:
        """The number of the last change read (handed on, or this Store's own)."""
        return self._seq

    def wake(self) -> None:
        """Read the log now (the window became active, say), not at the next poll or notification."""
        with self._pipe_lock:
            if self._pipe_open:
                with contextlib.suppress(OSError):
                    os.write(self._wake_w, b"w")

    def _close_pipe(self) -> None:
        with self._pipe_lock:
            if self._pipe_open:
                self._pipe_open = False
                for fd in (self._wake_r, self._wake_w):
                    with contextlib.suppress(OSError):
                        os.close(fd)

    def close(self, timeout_s: float = 5.0) -> None:
        """Stop following and wait for the thread to end (a callback running finishes first)."""
        if self._stop.is_set():
            return
        self._stop.set()
        if self._listening:
            self._listening = False
            with contextlib.suppress(Exception):
                event.remove(self.store.engine, "engine_disposed", self._disposed)
        self.wake()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout_s)
        if self._thread.ident is None:
            self._close_pipe()  # never started; else the thread closes it as it ends

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    # -- the thread ----------------------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            if self.store.is_server:
                self._follow_server()
            else:
                self._follow_file()
        except Exception:  # never expected; the window goes on without live changes
            log.exception("following the library's changes stopped")
            self._say(False, "live changes stopped")
        finally:
            self._close_pipe()

    def _say(self, connected: bool, problem: str = "") -> None:
        changed = connected != self.connected or problem != self.problem
        self.connected, self.problem = connected, problem
        if changed and self._status is not None:
            try:
                self._status(connected, problem)
            except Exception:
                log.exception("a status callback failed")

    def _begin(self) -> None:
        if self._seq is None:
            self._seq = self.store.last_seq()
        self._ready.set()

    def _catch_up(self) -> None:
        """Read every change after the last one read and hand on the remote ones, page by page."""
        while not self._stop.is_set():
            assert self._seq is not None
            changes = self.store.changes_since(self._seq, limit=PAGE)
            if not changes:
                return
            remote = [change for change in changes if change.remote]
            last = changes[-1].seq
            assert last is not None
            self._seq = last  # before the callback: a failing callback does not get them twice
            if remote:
                try:
                    self._deliver(remote)
                except Exception:
                    log.exception("a live change could not be handed on")
            if len(changes) < PAGE:
                return

    def _pause(self, seconds: float) -> bool:
        """Sleep ``seconds`` or until woken; True when the follower is to stop."""
        ready, _, _ = select.select([self._wake_r], [], [], max(0.0, seconds))
        if ready:
            with contextlib.suppress(OSError):
                os.read(self._wake_r, 4096)
        return self._stop.is_set()

    # -- a file --------------------------------------------------------------------------------------------
    def _follow_file(self) -> None:
        pause = BACKOFF_S[0]
        watch: sqlite3.Connection | None = None
        opened = False
        version: int | None = None
        while not self._stop.is_set():
            try:
                if not opened:
                    watch, opened, version = _watch_connection(self.store), True, None
                if not self._ready.is_set():
                    self._begin()
                now = _data_version(watch) if watch is not None else self.store.last_seq()
                if now != version:
                    version = now  # read before the log: a commit after this read moves it again
                    self._catch_up()
                self._say(True)
                pause = BACKOFF_S[0]
                if self._pause(self.poll_s):
                    break
            except Exception as error:
                self._say(False, f"{self.store.shown}: cannot read the library's changes ({describe(error)})")
                if watch is not None:
                    with contextlib.suppress(Exception):
                        watch.close()
                watch, opened = None, False
                if self._pause(pause):
                    break
                pause = min(pause * 2, BACKOFF_S[1])
        if watch is not None:
            watch.close()

    # -- a server ------------------------------------------------------------------------------------------
    def _follow_server(self) -> None:
        pause = BACKOFF_S[0]
        while not self._stop.is_set():
            connection: Any = None
            try:
                connection = _listen_connection(self.store)
                self.listener_pid = connection.info.backend_pid
                self._begin()  # after LISTEN: nothing committed after this number goes unnoticed
                self._catch_up()
                self._say(True)
                pause = BACKOFF_S[0]
                self._listen(connection)
            except Exception as error:
                if self._stop.is_set():
                    break
                from reader.store.server import connection_problem

                self._say(False, connection_problem(self.store.address, error))
                if self._pause(pause):
                    break
                pause = min(pause * 2, BACKOFF_S[1])
            finally:
                if connection is not None:
                    with contextlib.suppress(Exception):
                        connection.close()

    def _listen(self, connection: Any) -> None:
        """Wait for notifications (and for ``close``); read the log when one comes, and every
        ``catch_up_s`` seconds anyway. Raises when the connection breaks."""
        due = time.monotonic() + self.catch_up_s
        while not self._stop.is_set():
            if list(connection.notifies(timeout=0.0)):  # those that came, also during the ping
                self._catch_up()
                continue
            left = due - time.monotonic()
            if left <= 0:
                connection.execute("SELECT 1")  # the connection is alive: a cut shows here
                self._catch_up()
                due = time.monotonic() + self.catch_up_s
                continue
            ready, _, _ = select.select([connection.fileno(), self._wake_r], [], [], left)
            if self._wake_r in ready:
                with contextlib.suppress(OSError):
                    os.read(self._wake_r, 4096)
                if self._stop.is_set():
                    return
                self._catch_up()


def _watch_connection(store: Store) -> sqlite3.Connection | None:
    """A connection of the follower's own to the library's file (``data_version`` counts the commits of
    every other connection, this Reader's own pool included); None where SQLite cannot open one read-only
    (a folder that cannot hold its shared-memory file): the follower then reads the newest number."""
    path = store.address.path
    assert path is not None
    try:
        connection = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, timeout=2.0, check_same_thread=False, isolation_level=None
        )
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        return None
    return connection


def _data_version(connection: sqlite3.Connection) -> int:
    row = connection.execute("PRAGMA data_version").fetchone()
    return int(row[0])


def _listen_connection(store: Store) -> Any:
    """A connection of its own (autocommit) listening on ``reader_changes``."""
    import psycopg

    engine = store.engine
    args, kwargs = engine.dialect.create_connect_args(engine.url)
    kwargs.pop("context", None)
    from reader.store.server import APPLICATION, CONNECT_TIMEOUT_S

    connection = psycopg.connect(
        *args,
        **kwargs,
        autocommit=True,
        application_name=f"{APPLICATION} {HEAD_REVISION}",  # a Reader of this schema (older_clients)
        connect_timeout=CONNECT_TIMEOUT_S,
        keepalives=1,  # a network cut is noticed, not waited on for a quarter of an hour (TCP only)
        keepalives_idle=10,
        keepalives_interval=5,
        keepalives_count=3,
    )
    try:
        connection.execute(f"LISTEN {CHANNEL}")
    except Exception:
        connection.close()
        raise
    return connection
