"""Changes made while the library's server is away wait in a local outbox and are sent when it is back: in
order, exactly once, also when Reader stops between the server's commit and the removal from the outbox.
Against the real private cluster (stopped, restarted, logins revoked); no mock of the database."""

from __future__ import annotations

import contextlib
import json
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from reader.core.reading.sources import Source, source_from_text
from reader.store import Library, NewTarget, StoreError
from reader.store.models import ChangeLogRow
from reader.store.offline import OfflineWrites
from reader.store.outbox import Op, Outbox, ServerAway, away, outbox_path

TEXT = (
    "Musk said it is standard practice to use other AIs to validate your AI. Savitt: So that's a yes. "
    "The judge asked whether the filing was late; counsel said it was not."
)


@pytest.fixture(autouse=True)
def _local_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the outbox of a server lives there


@pytest.fixture
def server(postgres) -> Iterator[str]:
    """A fresh library database; the cluster is running again after the test whatever it did."""
    yield postgres.new_database()
    with contextlib.suppress(Exception):  # it was running
        postgres.restart()


def _source(path: str = "/story/a.txt", text: str = TEXT) -> Source:
    return source_from_text(text, path)


def _span(word: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def _log(library: Library, after: int) -> list[tuple[str, list[int]]]:
    rows = library._read(
        lambda s: s.execute(
            select(ChangeLogRow.kind, ChangeLogRow.ids)
            .where(ChangeLogRow.seq > after)
            .order_by(ChangeLogRow.seq)
        ).all()
    )
    return [(kind, json.loads(ids)) for kind, ids in rows]


def test_signs_of_a_server_away_are_told_from_other_problems() -> None:
    assert away(Exception('connection to server on socket "/tmp/x" failed: No such file or directory')) == (
        "unreachable"
    )
    assert away(Exception("terminating connection due to administrator command")) == "unreachable"
    assert away(Exception('FATAL:  role "ana" is not permitted to log in')) == "revoked"
    assert away(Exception('FATAL:  password authentication failed for user "ana"')) == "revoked"
    assert away(Exception('duplicate key value violates unique constraint "uq"')) is None
    assert away(Exception("disk full")) is None


def test_the_outbox_is_durable_and_keeps_the_order(tmp_path: Path) -> None:
    path = tmp_path / "lib.outbox.sqlite3"
    first = Outbox(path)
    ops = [first.add(Op("tag", {"name": f"t{n}", "color": "#123456"})) for n in range(5)]
    again = Outbox(path)  # another Reader, later
    assert [op.op_id for op in again.ops()] == [op.op_id for op in ops]
    again.remove(ops[0])
    again.refuse(ops[1], "no")
    assert again.count() == 3 and [op.refused for op in again.ops(refused=True)] == ["no"]
    import sqlite3

    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_edits_made_while_the_server_is_stopped_wait_survive_a_restart_and_land_once_in_order(
    postgres, server: str
) -> None:
    library = Library.open(server)
    source = _source()
    sid = library.import_source(source).source_id
    kept = library.add_annotation([NewTarget(sid, *_span("Musk"))], ["checked"], "said online")
    writes = OfflineWrites(library)
    writes.know_sources({sid: source})
    writes.remember(kept)
    before = library.last_seq()
    assert outbox_path(library.address).parent.is_relative_to(Path(str(library.path)).parent)

    postgres.stop()
    try:
        made = writes.add_annotation([NewTarget(sid, *_span("Savitt"))], ["disputed"], "typed offline")
        assert made.id < 0 and made.uid is not None  # provisional: the server has not seen it
        assert writes.away is not None and not writes.away.revoked
        writes.update_annotation(made.id, note="typed offline, then edited")
        writes.update_annotation(kept.id, tags=["checked", "later"])
        gone = writes.add_annotation([NewTarget(sid, *_span("judge"))], [], "deleted offline")
        writes.delete_annotation(gone.id)
        writes.add_tag("offline tag", "#123456")
        assert writes.waiting == 6
        assert writes.annotation(made.id).note == "typed offline, then edited"  # reads: what the window has
        with pytest.raises(ServerAway, match="cannot be reached"):
            library.annotations()
        library.close()  # Reader quits while the server is away
    finally:
        postgres.restart()

    library = Library.open(server)  # a new Reader: the outbox is a file on this machine
    writes = OfflineWrites(library)
    assert writes.waiting == 6
    report = writes.replay()
    assert (report.sent, report.landed, report.refused, report.waiting) == (6, 0, 0, 0)
    assert writes.replay().sent == 0  # nothing twice

    annotations = {a.uid: a for a in library.annotations()}
    assert len(annotations) == 2 and gone.uid not in annotations
    assert annotations[made.uid].note == "typed offline, then edited"
    assert annotations[made.uid].tags == ("disputed",)
    assert annotations[made.uid].targets[0].exact == "Savitt"
    assert annotations[kept.uid].tags == ("checked", "later") and annotations[kept.uid].note == "said online"
    assert "offline tag" in {t.name for t in library.tags()}
    kinds = [kind for kind, _ids in _log(library, before)]
    assert kinds == [
        "annotation_added",
        "annotation_changed",
        "annotation_changed",
        "annotation_added",
        "annotation_deleted",
        "tag_added",
    ]
    library.close()


def test_a_replay_that_stopped_after_the_commit_sends_nothing_twice(postgres, server: str) -> None:
    library = Library.open(server)
    source = _source()
    sid = library.import_source(source).source_id
    kept = library.add_annotation([NewTarget(sid, *_span("Musk"))], [], "first")
    writes = OfflineWrites(library)
    writes.know_sources({sid: source})
    writes.remember(kept)
    postgres.stop()
    try:
        made = writes.add_annotation([NewTarget(sid, *_span("Savitt"))], ["disputed"], "offline")
        writes.update_annotation(kept.id, note="second")
        writes.update_annotation(made.id, note="offline, edited")
    finally:
        postgres.restart()
    before = library.last_seq()

    class Crash(Exception):
        pass

    def crash_at(kind: str) -> Callable[[Op], None]:
        def crash(op: Op) -> None:
            if op.kind == kind:
                raise Crash  # Reader dies after the server committed ``op``, before it left the outbox

        return crash

    writes.before_removal = crash_at("add")
    with pytest.raises(Crash):
        writes.replay()
    restarted = OfflineWrites(Library.open(server))  # Reader starts again, and dies again at the update
    restarted.before_removal = crash_at("update")
    with pytest.raises(Crash):
        restarted.replay()
    assert restarted.waiting == 2 and all(op.sending is not None for op in restarted.outbox.ops()[:1])
    # a colleague changes the note the update already set
    colleague = Library.open(server)
    colleague.update_annotation(kept.id, note="the colleague's, after mine")

    again = OfflineWrites(Library.open(server))  # Reader starts again
    assert again.waiting == 2
    report = again.replay()
    assert (report.landed, report.sent, report.waiting) == (1, 1, 0)
    assert colleague.annotation(kept.id).note == "the colleague's, after mine"  # not written over again
    annotations = {a.uid: a for a in colleague.annotations()}
    assert len(annotations) == 2 and annotations[made.uid].note == "offline, edited"
    log = _log(colleague, before)
    assert [kind for kind, _ in log].count("annotation_added") == 1
    assert log.count(("annotation_changed", [kept.id])) == 2  # mine once, the colleague's once
    assert OfflineWrites(again.library).replay().sent == 0
    for opened in (library, restarted.library, colleague, again.library):
        opened.close()


def test_a_revoked_login_keeps_the_changes_until_the_server_lets_the_user_in_again(
    postgres, server: str
) -> None:
    owner = Library.open(server)
    sid = owner.import_source(_source()).source_id
    kept = owner.add_annotation([NewTarget(sid, *_span("Musk"))], [], "owner's")
    database = urllib.parse.urlsplit(server).path.strip("/")
    postgres.admin_sql("DROP ROLE IF EXISTS ana_offline")
    postgres.admin_sql("CREATE ROLE ana_offline LOGIN")
    postgres.admin_sql("GRANT ALL ON ALL TABLES IN SCHEMA public TO ana_offline", database)
    postgres.admin_sql("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ana_offline", database)
    ana = Library.open(postgres.url(database, user="ana_offline"))
    writes = OfflineWrites(ana)
    writes.remember(ana.annotation(kept.id))
    postgres.admin_sql("ALTER ROLE ana_offline NOLOGIN")
    postgres.admin_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'ana_offline'")
    try:
        writes.update_annotation(kept.id, note="ana's, typed after her login was revoked")
        assert writes.waiting == 1 and writes.away is not None and writes.away.revoked
        assert "no longer lets this user in" in str(writes.away) and "\n" not in str(writes.away)
        assert not writes.probe() and writes.replay().waiting == 1
    finally:
        postgres.admin_sql("ALTER ROLE ana_offline LOGIN")
    assert writes.probe()
    assert writes.replay().sent == 1
    assert owner.annotation(kept.id).note == "ana's, typed after her login was revoked"
    ana.close()
    owner.close()


def test_a_change_the_server_refuses_is_kept_aside_with_its_reason(postgres, server: str) -> None:
    library = Library.open(server)
    source = _source()
    sid = library.import_source(source).source_id
    writes = OfflineWrites(library)
    writes.know_sources({sid: source, 999: _source("/story/not-on-the-server.txt")})
    postgres.stop()
    try:
        lost = writes.add_annotation([NewTarget(999, *_span("Musk"))], [], "on a source the server lacks")
        writes.update_annotation(lost.id, note="and edited")
        writes.add_annotation([NewTarget(sid, *_span("Musk"))], [], "fine")
    finally:
        postgres.restart()
    report = writes.replay()
    assert (report.sent, report.refused, report.waiting) == (1, 2, 0)
    refused = writes.refused()
    assert "not-on-the-server.txt is not in the library on the server" in (refused[0].refused or "")
    assert refused[1].data["note"] == "and edited"  # kept, not lost
    assert [a.note for a in library.annotations()] == ["fine"]
    library.close()


def test_a_queued_add_lands_on_the_words_when_the_servers_text_changed(postgres, server: str) -> None:
    library = Library.open(server)
    source = _source()
    sid = library.import_source(source).source_id
    writes = OfflineWrites(library)
    writes.know_sources({sid: source})
    postgres.stop()
    try:
        writes.add_annotation([NewTarget(sid, *_span("Savitt"))], [], "made on the old text")
    finally:
        postgres.restart()
    newer = "An editor's note comes first now. " + TEXT
    Library.open(server).import_source(_source(text=newer))  # a colleague stored a new version
    assert writes.replay().sent == 1
    (target,) = library.annotations()[0].targets
    assert newer[target.start : target.end] == "Savitt"
    library.close()


def test_a_write_while_the_server_is_away_says_so_in_one_line(postgres, server: str) -> None:
    library = Library.open(server)
    postgres.stop()
    try:
        with pytest.raises(StoreError) as raised:
            library.add_tag("x", "#123456")
        assert isinstance(raised.value, ServerAway)
        assert "cannot be reached" in str(raised.value) and "\n" not in str(raised.value)
    finally:
        postgres.restart()
    library.close()


def test_edits_made_one_after_another_offline_are_each_based_on_the_one_before(postgres, server: str) -> None:
    library = Library.open(server)
    sid = library.import_source(_source()).source_id
    kept = library.add_annotation([NewTarget(sid, *_span("Musk"))], [], "zero")
    writes = OfflineWrites(library)
    writes.remember(kept)
    postgres.stop()
    try:
        writes.update_annotation(kept.id, note="one")
        writes.remember(kept)  # the window still holds the annotation as it was before the edit
        writes.update_annotation(kept.id, note="two")
    finally:
        postgres.restart()
    assert [op.data["based_on"] for op in writes.outbox.ops()] == [kept.version, kept.version + 1]
    assert writes.replay().sent == 2
    after = library.annotation(kept.id)
    assert (after.note, after.version) == ("two", kept.version + 2)
    library.close()


def test_a_queued_note_edit_meeting_a_colleagues_is_merged_or_kept_as_a_conflict(
    postgres, server: str
) -> None:
    library = Library.open(server)
    sid = library.import_source(_source()).source_id
    kept = library.add_annotation([NewTarget(sid, *_span("Musk"))], [], "line one\nline two\nline three")
    other = library.add_annotation([NewTarget(sid, *_span("judge"))], [], "same")
    writes = OfflineWrites(library)
    writes.remember(kept, other)
    postgres.stop()
    try:
        writes.update_annotation(kept.id, note="line one, mine\nline two\nline three")
        writes.update_annotation(other.id, note="mine")
    finally:
        postgres.restart()
    colleague = Library.open(server)
    colleague.update_annotation(kept.id, note="line one\nline two\nline three, theirs")
    colleague.update_annotation(other.id, note="theirs")
    report = writes.replay()
    assert (report.sent, report.conflicts, report.waiting, report.refused) == (2, 1, 0, 0)
    assert library.annotation(kept.id).note == "line one, mine\nline two\nline three, theirs"
    assert library.annotation(other.id).note == "theirs"
    assert [c.mine for c in library.note_conflicts(other.id)] == ["mine"]


def test_a_versioned_save_while_the_server_is_away_waits_and_merges_with_a_colleagues_edit(
    postgres, server: str
) -> None:
    """The window saves notes with the version they started from (``save_annotation``): away, that save
    waits in the outbox with its base, and a colleague's edit made meanwhile is merged on replay."""
    library, colleague = Library.open(server), Library.open(server)
    sid = library.import_source(_source()).source_id
    kept = library.add_annotation([NewTarget(sid, *_span("Musk"))], [], "line one\nline two\nline three")
    writes = OfflineWrites(library)
    writes.remember(kept)
    postgres.stop()
    try:
        saved = writes.save_annotation(kept.id, None, "line one, checked\nline two\nline three", kept)
        assert saved.outcome == "saved" and writes.waiting == 1
    finally:
        postgres.restart()
    colleague.update_annotation(kept.id, note="line one\nline two\nline three, sourced")
    assert writes.replay().sent == 1 and writes.waiting == 0
    assert library.annotation(kept.id).note == "line one, checked\nline two\nline three, sourced"
    library.close()
    colleague.close()
