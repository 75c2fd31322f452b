"""Every list view shows a model with named roles (``UserRole + n``), not a QListWidget of its own items."""

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QListView, QListWidget

from reader.core.provenance.who_first import provenance
from reader.store import Library, SnapshotInfo, VersionInfo
from reader.ui.copying import PairRole, PassageRole
from reader.ui.library_dialog import LibraryDialog, SnapshotListModel, SnapshotRole
from reader.ui.versions import VersionListModel, VersionRole, VersionsDialog

from .conftest import open_and_wait

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def _named(model, role) -> str:
    return bytes(model.roleNames()[role.value].data()).decode()


def test_the_copying_lists_carry_their_pair_and_passage_by_named_roles(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    assert not window.findChildren(QListWidget)
    panel, found = window.copying, provenance(window.alignment)
    pairs, passages = panel.pair_rows, panel.passage_rows
    assert panel.pairs.model() is pairs and panel.passages.model() is passages
    assert Qt.ItemDataRole.UserRole + 1 == PairRole.COPY and _named(pairs, PairRole.COPY) == "copy"
    assert [pairs.index(row).data(PairRole.COPY) for row in range(len(found.copying))] == list(
        range(len(found.copying))
    )
    last = pairs.index(pairs.rowCount() - 1)
    assert last.data(PairRole.COPY) == -1 and last.data(Qt.ItemDataRole.ForegroundRole) is not None
    panel.choose(0)
    copy = found.copying[0]
    first = passages.index(0)
    assert (first.data(PassageRole.SOURCE), first.data(PassageRole.START)) == (
        copy.copier,
        copy.passages[0].start,
    )
    assert (first.data(PassageRole.OTHER), first.data(PassageRole.OTHER_START)) == (
        copy.origin,
        copy.passages[0].other_start,
    )
    assert _named(passages, PassageRole.OTHER_START) == "other_start"
    with qtbot.waitSignal(panel.passage_chosen) as chosen:
        panel.passages.clicked.emit(first)
    assert chosen.args == [copy.copier, copy.passages[0].start, copy.origin, copy.passages[0].other_start]


def test_the_snapshot_list_is_a_model_of_the_librarys_snapshots(qtbot, tmp_path: Path) -> None:
    fetched = datetime(2026, 5, 9, 12, 30, tzinfo=UTC)
    info = SnapshotInfo(1, "https://example.org/story", fetched, 200, "text/html", 2048, "ab" * 32)
    model = SnapshotListModel([info])
    index = model.index(0)
    assert (
        index.data().startswith("https://example.org/story\nfetched ")
        and "· text/html · 2 KB" in index.data()
    )
    assert index.data(Qt.ItemDataRole.ToolTipRole) == f"{info.url}\nHTTP 200, SHA-256 {'ab' * 8}…"
    assert index.data(SnapshotRole.INFO) is info and index.data(SnapshotRole.FETCHED_AT) == fetched
    assert model.roleNames()[SnapshotRole.URL.value] == QByteArray(b"url")
    library = Library.open(tmp_path / "library.sqlite3")
    try:
        dialog = LibraryDialog(library)
        qtbot.addWidget(dialog)
        assert isinstance(dialog.snapshots, QListView) and dialog.snapshots.model() is dialog.snapshot_rows
        assert dialog.snapshot_rows.rowCount() == 0 and dialog.tabs.tabText(1) == "Fetched pages (0)"
    finally:
        library.close()


def test_the_version_timeline_is_a_model_of_the_versions(qtbot) -> None:
    first = VersionInfo(1, 7, "Old text.", "a" * 64, datetime(2026, 5, 1, 9, 0), datetime(2026, 5, 2), None)
    second = VersionInfo(2, None, "New text.", "b" * 64, datetime(2026, 5, 2, 9, 0), None, None)
    model = VersionListModel([first, second])
    assert model.index(0).data() == (
        "Version 1 · 2026-05-01 09:00\n   next version: annotations were not counted then"
    )
    assert model.index(1).data() == "Version 2 (current) · 2026-05-02 09:00"
    assert model.index(1).data(VersionRole.INFO) is second and model.index(0).data(VersionRole.NUMBER) == 1
    dialog = VersionsDialog("story", [first, second])
    qtbot.addWidget(dialog)
    assert isinstance(dialog.timeline, QListView) and dialog.timeline.model().rowCount() == 2
