"""Render resources/icons/reader.svg to the PNG sizes desktops use (resources/icons/reader-SIZE.png).

QT_QPA_PLATFORM=offscreen python packaging/make_icons.py
"""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def main() -> None:
    app = QGuiApplication([])  # noqa: F841 - painting needs an application object
    renderer = QSvgRenderer(str(ICONS / "reader.svg"))
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(ICONS / f"reader-{size}.png"))
        print(ICONS / f"reader-{size}.png")


if __name__ == "__main__":
    main()
