"""Web pages in the window: File > Open URL…, pasting and dropping a link, the Library's snapshots, and
reopening offline. A real HTTP server on 127.0.0.1 serves the pages (tests/web.py)."""

from __future__ import annotations

import threading

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QInputDialog

from reader.store import Library
from reader.ui.library_dialog import LibraryDialog
from tests.ui.conftest import make_window, open_and_wait
from tests.web import Route, raw_serving, silent


def wait_for_sources(qtbot, window, count: int) -> None:
    qtbot.waitUntil(
        lambda: window.current is not None and len(window.current.sources) == count, timeout=20000
    )
    qtbot.waitUntil(lambda: window.library_work is None or bool(window.current.source_ids), timeout=20000)


def test_open_url_fetches_the_page_into_a_new_pane_and_keeps_a_snapshot(
    qtbot, window, web, seed_paths, monkeypatch
) -> None:
    open_and_wait(qtbot, window, seed_paths[:2])
    asked = []

    def answer(parent, title, label, text):
        asked.append(text)
        return f"{web.url('/story.html')}\nnot a link\n", True

    QGuiApplication.clipboard().setText(web.url("/moved"))
    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(answer))
    window.open_url_action.trigger()
    assert asked == [web.url("/moved")]  # a link on the clipboard is offered
    wait_for_sources(qtbot, window, 3)
    assert window.current.paths[2] == web.url("/story.html")
    pane = window.comparison.panes[2]
    assert "Musk admits xAI distilled OpenAI models" in pane.view.toPlainText()
    assert "not a link: is not a web address" in window.message_bar.label.text()
    assert [s.url for s in window.library.snapshots()] == [web.url("/story.html")]
    host = web.url("/").removeprefix("http://").rstrip("/")
    assert window.current.sources[2].name == f"{host}/story.html"  # a page is named by its site
    assert window.statusBar().currentMessage() != "Fetching pages and aligning…"
    dialog = LibraryDialog(window.library, window)
    qtbot.addWidget(dialog)
    assert dialog.snapshots.count() == 1 and web.url("/story.html") in dialog.snapshots.item(0).text()


def test_a_failing_address_says_why_and_the_other_sources_stay(qtbot, window, web, seed_paths) -> None:
    open_and_wait(qtbot, window, seed_paths[:2])
    with qtbot.waitSignal(window.alignment_ready, timeout=20000):
        window.open_files([web.url("/broken")], add=True)
    assert len(window.current.sources) == 2
    qtbot.waitUntil(lambda: "the server answered 500" in window.message_bar.label.text(), timeout=5000)


def test_pasting_and_dropping_links_add_the_pages(qtbot, window, web, seed_paths) -> None:
    open_and_wait(qtbot, window, seed_paths[:1])
    window.comparison.panes[0].view.setFocus()
    QGuiApplication.clipboard().setText(web.url("/story.html"))
    qtbot.keyClick(window.comparison.panes[0].view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    wait_for_sources(qtbot, window, 2)
    data = QMimeData()
    data.setUrls([QUrl(web.url("/latin1.html"))])
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    wait_for_sources(qtbot, window, 3)
    assert window.current.paths[1:] == [web.url("/story.html"), web.url("/latin1.html")]


def test_a_comparison_with_pages_reopens_offline_as_it_was(qtbot, web, seed_paths, settings_path) -> None:
    first = make_window(qtbot, settings_path)
    open_and_wait(qtbot, first, [seed_paths[0]])
    first.open_files([web.url("/story.html")], add=True)
    wait_for_sources(qtbot, first, 2)
    text = first.current.sources[1].text
    first.close()
    web.stop()
    second = make_window(qtbot, settings_path)
    library: Library = second.library
    info = library.comparisons()[0]
    second.open_comparison(info)
    wait_for_sources(qtbot, second, 2)
    assert second.current.sources[1].text == text
    assert not second.message_bar.isVisible()


def test_cancel_ends_the_fetch_of_a_server_that_never_answers(qtbot, window, seed_paths) -> None:
    open_and_wait(qtbot, window, seed_paths[:2])
    shown = window.alignment
    answer = threading.Event()
    with raw_serving(silent(answer)) as server:
        try:
            window.open_files([server.url("/page.html")], add=True)
            qtbot.waitUntil(lambda: server.connections > 0, timeout=10000)
            jobs = set(window.runner._jobs)  # the worker threads: each must end, not linger 20 s on a socket
            window.cancel_button.click()
            qtbot.waitUntil(lambda: all(job.isFinished() for job in jobs), timeout=5000)
        finally:
            answer.set()
    assert window.alignment is shown and len(window.current.sources) == 2


def test_a_page_cut_short_opens_and_the_bar_says_it_is_incomplete(qtbot, window, web, seed_paths) -> None:
    web.pages["/cut.txt"] = Route(b"The first words of the page.", content_type="text/plain", length=4000)
    open_and_wait(qtbot, window, seed_paths[:1])
    window.open_files([web.url("/cut.txt")], add=True)
    wait_for_sources(qtbot, window, 2)
    message = window.message_bar.label.text()
    assert "Opened, but incomplete:" in message and "could not be opened" not in message
    assert f"{web.url('/cut.txt')}: was cut short: 28 of 4,000 bytes" in message
