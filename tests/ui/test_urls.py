"""Web pages in the window: File > Open URL…, pasting and dropping a link, the Library's snapshots, and
reopening offline. A real HTTP server on 127.0.0.1 serves the pages (tests/web.py)."""

from __future__ import annotations

import threading

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication

from reader.store import Library
from reader.ui.adding import AddressDialog
from reader.ui.library_dialog import LibraryDialog
from tests.ui.conftest import make_window, open_and_wait
from tests.web import Route, raw_serving, silent


def wait_for_sources(qtbot, window, count: int) -> None:
    qtbot.waitUntil(
        lambda: window.current is not None and len(window.current.sources) == count, timeout=20000
    )
    qtbot.waitUntil(lambda: window.library_work is None or bool(window.current.source_ids), timeout=20000)


def address_dialog(qtbot, window) -> AddressDialog:
    """File > Open URL…, as a person opens it: the dialog on screen, its field focused."""
    window.open_url_action.trigger()
    dialog = window.findChild(AddressDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_open_url_fetches_the_page_into_a_new_pane_and_keeps_a_snapshot(
    qtbot, window, web, seed_paths
) -> None:
    open_and_wait(qtbot, window, seed_paths[:2])
    QGuiApplication.clipboard().setText(web.url("/moved"))
    dialog = address_dialog(qtbot, window)
    assert dialog.field.toPlainText() == web.url("/moved")  # a link on the clipboard is offered
    dialog.field.setPlainText(f"{web.url('/story.html')}\nnot a link\n")
    dialog.open_button.click()
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
    assert (
        dialog.snapshot_rows.rowCount() == 1
        and web.url("/story.html") in dialog.snapshot_rows.index(0).data()
    )


def test_enter_opens_the_address_typed_and_shift_enter_starts_another_line(
    qtbot, window, web, seed_paths
) -> None:
    open_and_wait(qtbot, window, seed_paths[:1])
    QGuiApplication.clipboard().clear()
    dialog = address_dialog(qtbot, window)
    qtbot.keyClicks(dialog.field, web.url("/story.html"))
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert dialog.isVisible()  # Shift+Enter: a second line, not yet opened
    qtbot.keyClicks(dialog.field, web.url("/latin1.html"))
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    wait_for_sources(qtbot, window, 3)
    assert window.current.paths[1:] == [web.url("/story.html"), web.url("/latin1.html")]


def test_enter_in_an_empty_address_dialog_opens_nothing_and_keeps_it_open(qtbot, window) -> None:
    QGuiApplication.clipboard().clear()
    dialog = address_dialog(qtbot, window)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.isVisible() and window.paths == []
    dialog.reject()


def test_a_failing_address_says_why_and_the_other_sources_stay(qtbot, window, web, seed_paths) -> None:
    open_and_wait(qtbot, window, seed_paths[:2])
    dialog = address_dialog(qtbot, window)
    dialog.field.setPlainText(web.url("/broken"))
    with qtbot.waitSignal(window.alignment_ready, timeout=20000):
        qtbot.keyClick(dialog.field, Qt.Key.Key_Enter)
    assert len(window.current.sources) == 2
    message = window.message_bar.label.text()
    # An address is not a file: the heading counts addresses, the line names it and says what went wrong.
    assert "1 address could not be opened:" in message and "file" not in message
    assert f"{web.url('/broken')}: the server answered 500" in message


def test_files_and_addresses_that_fail_are_counted_apart(qtbot, window, web, seed_paths, tmp_path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    open_and_wait(qtbot, window, seed_paths[:2])
    with qtbot.waitSignal(window.alignment_ready, timeout=20000):
        window.open_files([str(empty), web.url("/missing"), web.url("/broken")], add=True)
    message = window.message_bar.label.text()
    assert "1 file and 2 addresses could not be opened:" in message
    assert "empty.txt: contains only white space" in message and web.url("/missing") in message


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
            qtbot.waitUntil(lambda: all(job.is_finished() for job in jobs), timeout=5000)
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
