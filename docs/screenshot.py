"""Render the window on the sample story to docs/screenshot.png, as a user sees it; with --small, to
docs/screenshot-1366.png on a laptop screen with "Who copies whom" open and WIRED's arrow to 004 chosen.

xvfb-run -s "-screen 0 1920x1080x24" python docs/screenshot.py      # a real X11 window
xvfb-run -s "-screen 0 1366x768x24" python docs/screenshot.py --small
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

from reader.core.provenance.who_first import provenance  # noqa: E402
from reader.ui.app import create_window  # noqa: E402


def wait(milliseconds: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def main(*args: str) -> None:
    small = "--small" in args
    output = str(ROOT / "docs" / ("screenshot-1366.png" if small else "screenshot.png"))
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "reader.ini"), QSettings.Format.IniFormat)
    window = create_window(settings)
    window.resize(1366, 768) if small else window.resize(1920, 1040)
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
    if small:
        window.copying_dock.show()
        window.copying_dock.raise_()
        copying = provenance(alignment).copying
        window.copying.choose(next(i for i, c in enumerate(copying) if (c.origin, c.copier) == (0, 4)))
    else:
        window.comparison.focus_source = 2
        window.comparison.select_group(group.id, origin=2)
    wait(300)
    window.grab().save(output)
    print(output)
    QApplication.quit()


if __name__ == "__main__":
    main(*sys.argv[1:])
