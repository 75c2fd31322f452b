"""The window on a 1366x768 laptop and on a 1920x1080 screen, each in a Reader of its own started on that
screen (the offscreen platform's screen set by a configuration file): the side panel opens on what helps
reading, its tabs are read whole, the passage details have room, and the welcome page is not cut."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def probe(tmp_path: Path, width: int, height: int) -> dict:
    screen = {"screens": [{"name": "s", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96}]}
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(screen), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-m", "tests.ui.screen_probe", str(tmp_path / "r.ini"), str(tmp_path / "l.sqlite3")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


SCREENS = [(1366, 768), (1920, 1080)]


@pytest.fixture(scope="module", params=SCREENS, ids=["1366x768", "1920x1080"])
def screen(request, tmp_path_factory) -> tuple[int, int, dict]:
    """A screen's size and what Reader showed on it (one run per screen, for the tests of this module)."""
    width, height = request.param
    return width, height, probe(tmp_path_factory.mktemp(f"screen{width}"), width, height)


def test_the_side_panel_opens_on_copying_and_passage_details_with_whole_titles(screen) -> None:
    width, height, seen = screen
    assert seen["screen"] == [width, height]
    (bar,) = seen["tabs"]
    assert bar["titles"] == ["Copying", "Annotations", "Settings"]  # the settings last
    assert bar["current"] == "Copying"  # also once the library is attached, after the first paint
    assert bar["whole"], bar  # no title cut to "Alignment op…"
    docks = seen["docks"]
    assert set(docks) == {"Copying", "Passage details"}  # both show at once
    panel = docks["Passage details"][0]
    assert panel <= 0.23 * seen["window"][0]  # the panes keep the rest (it took 340 of 1358 before)
    assert seen["central_width"] >= seen["window"][0] - panel - 10
    assert docks["Passage details"][1] >= 0.38 * seen["window"][1]  # it had 172 px of 732


def test_the_welcome_page_shows_its_sentences_whole_and_names_every_format(screen) -> None:
    from reader.core.reading.sources import NAMED_SUFFIXES

    _width, _height, seen = screen
    assert seen["subtitle_whole"] and seen["hint_whole"]
    assert all(end in seen["hint"] for end in NAMED_SUFFIXES)


def shown_tab(window) -> str:
    """The title of the dock shown in the side panel's tab group."""
    group = [window.copying_dock, *window.tabifiedDockWidgets(window.copying_dock)]
    (shown,) = [dock for dock in group if not dock.visibleRegion().isEmpty()]
    return shown.windowTitle()


def test_the_side_panel_reopens_as_the_user_left_it(qtbot, settings_path) -> None:
    from .conftest import make_window

    first = make_window(qtbot, settings_path)
    assert shown_tab(first) == "Copying"
    first.options_dock.raise_()
    qtbot.waitUntil(lambda: shown_tab(first) == "Settings")
    first.close()
    again = make_window(qtbot, settings_path, resize=False)
    qtbot.waitUntil(lambda: shown_tab(again) == "Settings")


def test_a_layout_saved_when_the_panel_opened_on_the_settings_is_set_aside(qtbot, settings_path) -> None:
    from PySide6.QtCore import QSettings

    from .conftest import make_window

    first = make_window(qtbot, settings_path)
    first.options_dock.raise_()
    qtbot.waitUntil(lambda: shown_tab(first) == "Settings")
    old = first.saveState()  # version 0: as Reader saved it before the side panel opened on the copying
    first.close()
    store = QSettings(str(settings_path), QSettings.Format.IniFormat)
    store.setValue("window/state", old)
    store.sync()
    again = make_window(qtbot, settings_path, resize=False)
    qtbot.waitUntil(lambda: shown_tab(again) == "Copying")
