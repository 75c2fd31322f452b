"""A window on a shared library whose server goes away: what the user writes waits in the outbox, the status
bar says how many changes wait, and once the server is back they are sent and the word goes away. Against
the real private cluster (stopped and started again; a login revoked)."""

from __future__ import annotations

import contextlib
import urllib.parse
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow

from reader.store import AnnotationInfo, Library, NewTarget
from reader.ui.annotation_controller import AnnotationController
from reader.ui.app import create_window
from reader.ui.offline_status import OfflineStatus
from tests.ui.conftest import open_and_wait

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


@pytest.fixture(autouse=True)
def _local_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the outbox of a server lives there


@pytest.fixture
def server(postgres):
    yield postgres.new_database()
    with contextlib.suppress(Exception):  # running already, unless the test stopped it
        postgres.restart()


def test_the_window_says_how_many_changes_wait_and_sends_them_when_the_server_is_back(
    qtbot, tmp_path: Path, postgres, server: str
) -> None:
    library = Library.open(server)
    window = create_window(QSettings(str(tmp_path / "reader.ini"), QSettings.Format.IniFormat), library)
    window.destroyed.connect(lambda *_: library.close())
    qtbot.addWidget(window)
    window.show()
    open_and_wait(qtbot, window, SEEDS[:2])
    controller = window.annotations
    assert controller is not None and controller.writes is not None
    status = window.library_work.findChild(OfflineStatus)
    assert status is not None and not status.label.isVisible()
    comparison = window.current
    assert comparison is not None
    text = comparison.sources[0].text
    made: list[AnnotationInfo] = []

    postgres.stop()
    try:
        window.library_work.annotate(((0, 0, 12), None))  # words selected in the first pane, annotated
        qtbot.waitUntil(lambda: status.text == "Offline — 1 change waiting", timeout=20000)
        made.append(window.annotation_panel.current)
        assert made[0] is not None and made[0].id < 0  # shown in the panel, waiting for the server
        controller.set_tag(made[0], "disputed", True)
        controller.update(made[0], note="typed while away, and more")
        qtbot.waitUntil(lambda: status.text == "Offline — 3 changes waiting", timeout=20000)
        assert window.statusBar().findChild(type(status.label), "offlineLabel") is status.label
    finally:
        postgres.restart()
    qtbot.waitUntil(lambda: status.text == "", timeout=30000)  # tried again, sent, the word gone
    assert controller.writes.waiting == 0
    (saved,) = library.annotations()
    assert saved.note == "typed while away, and more" and saved.tags == ("disputed",)
    assert saved.uid == made[0].uid and saved.targets[0].exact == text[0:12]
    panel = window.annotation_panel
    assert panel is not None
    qtbot.waitUntil(lambda: [a.id for a in panel.model.annotations] == [saved.id], timeout=10000)
    window.close()


def test_a_revoked_login_is_said_in_one_line_and_the_change_is_kept(
    qtbot, tmp_path: Path, postgres, server: str
) -> None:
    owner = Library.open(server)
    from reader.core.reading.sources import read_source

    source_id = owner.import_source(read_source(SEEDS[0])).source_id
    kept = owner.add_annotation([NewTarget(source_id, 0, 10)], [], "owner's")
    database = urllib.parse.urlsplit(server).path.strip("/")
    postgres.admin_sql("DROP ROLE IF EXISTS bo_offline")
    postgres.admin_sql("CREATE ROLE bo_offline LOGIN")
    postgres.admin_sql("GRANT ALL ON ALL TABLES IN SCHEMA public TO bo_offline", database)
    postgres.admin_sql("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO bo_offline", database)
    library = Library.open(postgres.url(database, user="bo_offline"))
    window = QMainWindow()
    qtbot.addWidget(window)
    controller = AnnotationController(library, window)
    status = OfflineStatus(controller, window.statusBar())
    window.show()
    info = library.annotation(kept.id)
    postgres.admin_sql("ALTER ROLE bo_offline NOLOGIN")
    postgres.admin_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'bo_offline'")
    try:
        controller.update(info, note="bo's words")
        qtbot.waitUntil(lambda: status.text == "Offline — 1 change waiting", timeout=20000)
        assert window.statusBar().currentMessage() == (
            "The server no longer lets bo_offline in; your 1 change is kept and will be sent when it does."
        )
    finally:
        postgres.admin_sql("ALTER ROLE bo_offline LOGIN")
    status.try_server()
    qtbot.waitUntil(lambda: status.text == "", timeout=30000)
    assert owner.annotation(kept.id).note == "bo's words"
    assert window.statusBar().currentMessage() == ""
    window.close()
    library.close()
    owner.close()
