"""Render the window on the sample story to docs/screenshot.png, as a user sees it.

xvfb-run -s "-screen 0 1920x1080x24" python docs/screenshot.py      # a real X11 window
QT_QPA_PLATFORM=offscreen python docs/screenshot.py                 # or offscreen
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.ui.app import create_window  # noqa: E402


def wait(milliseconds: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def main(output: str = str(ROOT / "docs" / "screenshot.png")) -> None:
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "reader.ini"), QSettings.Format.IniFormat)
    window = create_window(settings)
    window.resize(1920, 1040)
    window.show()
    loop = QEventLoop()
    window.alignment_ready.connect(loop.quit)
    window.open_sample()
    loop.exec()
    wait(300)
    alignment = window.alignment
    # The same fact in other words: 002's terms-of-service point, which 004 makes too.
    group = next(
        g
        for g in alignment.groups
        if g.kind == "paraphrase"
        and alignment.member_text(g.members[0]).startswith("The admission may expose")
    )
    window.comparison.focus_source = 2
    window.comparison.select_group(group.id, origin=2)
    wait(300)
    window.grab().save(output)
    print(output)
    QApplication.quit()


if __name__ == "__main__":
    main(*sys.argv[1:])
