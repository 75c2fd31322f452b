"""Settings are written atomically too: on a full disk the previous settings file stays as it was."""

import os
from pathlib import Path

from PySide6.QtCore import QSettings

from ..store.test_hardening import fill


def test_settings_survive_a_full_disk(small_fs: Path) -> None:
    path = small_fs / "reader.ini"
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    settings.setValue("comparison/files", ["/story/a.txt"])
    settings.sync()
    before = path.read_bytes()
    fill(small_fs)
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    assert settings.isAtomicSyncRequired()  # Qt writes beside the file and renames (QSaveFile)
    settings.setValue("comparison/files", ["/story/a.txt", "x" * 100_000])
    settings.sync()
    assert settings.status() == QSettings.Status.AccessError
    assert path.read_bytes() == before
    assert sorted(os.listdir(small_fs)) == ["filler", "reader.ini"]
