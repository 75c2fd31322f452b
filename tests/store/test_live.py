"""Following a library's changes (reader/store/live.py) on both engines: two Library instances on one
library see each other's changes within 2 s, each once and in order; a follower that was stopped, whose
LISTEN connection was cut, or whose server was stopped and started again, catches up exactly."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import make_url

from reader.core.reading.sources import source_from_text
from reader.store import Change, Library, NewTarget
from reader.store.live import Follower

TEXT = "Musk said it is standard practice to use other AIs to validate your AI. Savitt: So that's a yes."


class Heard:
    """What a follower handed on, and the states it reported."""

    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.states: list[bool] = []
        self._condition = threading.Condition()

    def deliver(self, changes: list[Change]) -> None:
        with self._condition:
            self.changes.extend(changes)
            self._condition.notify_all()

    def status(self, connected: bool, _problem: str) -> None:
        with self._condition:
            self.states.append(connected)
            self._condition.notify_all()

    def wait(self, test, timeout_s: float) -> bool:
        with self._condition:
            return self._condition.wait_for(lambda: test(self), timeout_s)

    @property
    def seqs(self) -> list[int]:
        return [c.seq for c in self.changes if c.seq is not None]


class Written:
    """The change log numbers of the writes one Library made (its own announcements)."""

    def __init__(self, library: Library) -> None:
        self.seqs: list[int] = []
        library.subscribe(lambda change: self.seqs.append(change.seq) if change.seq is not None else None)


@pytest.fixture
def two(library_address: str) -> Iterator[tuple[Library, Library]]:
    """Two Readers on one library (two Library instances: two clients of the change log)."""
    first = Library.open(library_address)
    second = Library.open(library_address)
    yield first, second
    first.close()
    second.close()


def _follow(library: Library, heard: Heard, **options: float) -> Follower:
    follower = Follower(library, heard.deliver, heard.status, **options).start()  # type: ignore[arg-type]
    assert follower.wait_ready(10)
    return follower


def test_a_colleagues_changes_reach_the_other_reader_within_2_s_once_and_in_order(two) -> None:
    ana, ben = two
    written = Written(ana)
    heard, own = Heard(), Heard()
    follower = _follow(ben, heard)
    ana_follower = _follow(ana, own)
    try:
        source = ana.import_source(source_from_text(TEXT, "/story/a.txt")).source_id
        info = ana.add_annotation([NewTarget(source, 0, 4)], ["disputed"], "first")
        assert heard.wait(lambda h: len(h.changes) >= 1, 2.0), "the new annotation did not arrive in 2 s"
        ana.update_annotation(info.id, note="second")
        assert heard.wait(lambda h: len(h.changes) >= 2, 2.0), "the change did not arrive in 2 s"
        assert [(c.kind, c.ids, c.author, c.remote) for c in heard.changes] == [
            ("annotation_added", (info.id,), ana.author, True),
            ("annotation_changed", (info.id,), ana.author, True),
        ]
        assert heard.seqs == written.seqs
        ben.add_tag("from Ben", "#123456")  # the other way round
        assert own.wait(lambda h: len(h.changes) >= 1, 2.0)
        time.sleep(0.5)
        assert [c.kind for c in own.changes] == ["tag_added"]  # Ana's own writes are not handed on again
        assert [c.kind for c in heard.changes] == ["annotation_added", "annotation_changed"]  # nor Ben's
        assert heard.states[-1] is True and own.states[-1] is True
    finally:
        follower.close()
        ana_follower.close()
    assert not follower.running and not ana_follower.running


def test_a_follower_stopped_and_started_again_catches_up_exactly(two) -> None:
    ana, ben = two
    written = Written(ana)
    heard = Heard()
    follower = _follow(ben, heard)
    for n in range(5):
        ana.add_tag(f"before {n}", "#123456")
    assert heard.wait(lambda h: len(h.changes) >= 5, 2.0)
    follower.close()
    last = follower.seq
    for n in range(30):  # while it is away
        ana.add_tag(f"away {n}", "#123456")
    later = _follow(ben, heard, since=last)  # type: ignore[arg-type]
    try:
        assert heard.wait(lambda h: len(h.changes) >= 35, 5.0)
        for n in range(5):
            ana.add_tag(f"after {n}", "#123456")
        assert heard.wait(lambda h: len(h.changes) >= 40, 2.0)
        time.sleep(0.5)
    finally:
        later.close()
    assert heard.seqs == written.seqs  # none missed, none twice, in order
    assert len(set(heard.seqs)) == 40


def test_a_concurrent_writer_and_a_follower_agree_on_every_change(two) -> None:
    """Writes from a thread while the follower reads: every one handed on once, in commit order."""
    ana, ben = two
    written = Written(ana)
    heard = Heard()
    follower = _follow(ben, heard)
    try:

        def write() -> None:
            for n in range(60):
                ana.add_tag(f"t{n}", "#123456")

        writer = threading.Thread(target=write)
        writer.start()
        writer.join()
        assert heard.wait(lambda h: len(h.changes) >= 60, 5.0)
        time.sleep(0.4)
    finally:
        follower.close()
    assert heard.seqs == written.seqs == sorted(written.seqs)


# -- a server --------------------------------------------------------------------------------------------
def test_a_notification_lost_is_made_up_by_the_periodic_catch_up(postgres) -> None:
    """A change in the log without a NOTIFY (one lost on the way) still arrives: NOTIFY only wakes."""
    url = postgres.new_database()
    ana = Library.open(url)
    heard = Heard()
    follower = _follow(ana, heard, catch_up_s=0.5)
    try:
        postgres.admin_sql(
            "INSERT INTO change_log (at, author, client, kind, ids) "
            "VALUES (now(), 'Ana', 'another reader', 'tag_added', '[7]')",
            database=make_url(url).database or "",
        )
        assert heard.wait(lambda h: len(h.changes) == 1, 3.0)
        assert (heard.changes[0].kind, heard.changes[0].ids, heard.changes[0].author) == (
            "tag_added",
            (7,),
            "Ana",
        )
    finally:
        follower.close()
        ana.close()


def test_a_follower_whose_connection_is_cut_reconnects_and_misses_nothing(postgres) -> None:
    url = postgres.new_database()
    ana, ben = Library.open(url), Library.open(url)
    written = Written(ana)
    heard = Heard()
    follower = _follow(ben, heard)
    try:
        for round_ in range(3):
            pid = follower.listener_pid
            assert pid is not None
            postgres.admin_sql(f"SELECT pg_terminate_backend({pid})")
            for n in range(10):  # written at once: their notifications reach no one
                ana.add_tag(f"cut {round_} {n}", "#123456")
            assert heard.wait(lambda h, r=round_: len(h.changes) >= 10 * (r + 1), 5.0)
            assert heard.wait(lambda h, p=pid: follower.listener_pid not in (None, p), 5.0)
        time.sleep(0.5)
    finally:
        follower.close()
        ana.close()
        ben.close()
    assert heard.seqs == written.seqs
    assert False in heard.states and heard.states[-1] is True  # it said it was away, then back


def test_a_follower_catches_up_after_the_server_stopped_and_started_again(postgres) -> None:
    from tests.postgres import Cluster

    cluster = Cluster.start()  # its own: stopping the run's cluster would disturb the other tests
    try:
        url = cluster.new_database()
        ana, ben = Library.open(url), Library.open(url)
        written = Written(ana)
        heard = Heard()
        follower = _follow(ben, heard)
        try:
            ana.add_tag("before", "#123456")
            assert heard.wait(lambda h: len(h.changes) == 1, 2.0)
            cluster.stop()
            assert heard.wait(lambda h: h.states[-1] is False, 5.0), "the follower did not say it is away"
            cluster.restart()
            for n in range(20):
                ana.add_tag(f"after {n}", "#123456")  # possibly before the follower is back
            assert heard.wait(lambda h: len(h.changes) >= 21, 10.0)
            assert heard.wait(lambda h: h.states[-1] is True, 5.0)
            ana.add_tag("back", "#123456")
            assert heard.wait(lambda h: len(h.changes) >= 22, 2.0)
            time.sleep(0.5)
        finally:
            follower.close()
            ana.close()
            ben.close()
        assert heard.seqs == written.seqs
    finally:
        cluster.remove()


def test_closing_the_library_stops_its_follower(library_address: str) -> None:
    """Store.close (and retire) dispose the engine: the follower stops and lets go of its connection."""
    library = Library.open(library_address)
    follower = _follow(library, Heard())
    library.close()
    assert not follower.running
    retired = Library.open(library_address)
    other = _follow(retired, Heard())
    retired.retire("replaced by a backup")
    assert not other.running
    retired.close()
