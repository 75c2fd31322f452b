"""Settings are a table of options; the keys and values are those earlier versions wrote, so a user's
settings file reads back unchanged and is written back the same."""

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from reader.core.alignment.align import AlignOptions
from reader.core.text.normalize import Normalization
from reader.ui.settings import BoolOption, ListOption, Settings

# Written by Reader 0048f97 (before the options table) for the values below.
EARLIER = r"""[comparison]
files=/a b/é.txt, /c.txt
hidden=@Invalid()
order=/c.txt

[export]
folder=/tmp/x

[options]
case=false
dashes=true
granularity=paragraph
punctuation=true
quotes=true
threshold=0.65
whitespace=true

[view]
comfortable_measure=false
point_size=13.5
sync_scrolling=false

[window]
geometry=@ByteArray(\x1\x2geo)
"""
OPTIONS = AlignOptions("paragraph", 0.65, Normalization(case=False, punctuation=True))


def _settings(path: Path) -> Settings:
    return Settings(QSettings(str(path), QSettings.Format.IniFormat))


def test_an_earlier_settings_file_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "reader.ini"
    path.write_text(EARLIER, encoding="utf-8")
    settings = _settings(path)
    assert settings.files == ["/a b/é.txt", "/c.txt"]
    assert settings.display_order == ["/c.txt"] and settings.hidden == []
    assert settings.options == OPTIONS
    assert settings.export_folder == "/tmp/x"
    assert settings.sync_scrolling is False and settings.comfortable_measure is False
    assert settings.point_size == 13.5
    assert settings.window_state("geometry") == QByteArray(b"\x01\x02geo")
    assert settings.window_state("state") is None


def test_the_table_writes_the_file_earlier_versions_wrote(tmp_path: Path) -> None:
    path = tmp_path / "reader.ini"
    settings = _settings(path)
    settings.files = ["/a b/é.txt", "/c.txt"]
    settings.display_order = ["/c.txt"]
    settings.hidden = []
    settings.options = OPTIONS
    settings.export_folder = "/tmp/x"
    settings.sync_scrolling = False
    settings.comfortable_measure = False
    settings.point_size = 13.5
    settings.point_size = None  # no size chosen: the one stored stays
    settings.set_window_state("geometry", QByteArray(b"\x01\x02geo"))
    settings.sync()
    assert path.read_text(encoding="utf-8") == EARLIER


def test_nothing_stored_reads_as_each_options_default(tmp_path: Path) -> None:
    settings = _settings(tmp_path / "reader.ini")
    table = Settings.table()
    assert set(table) == {
        "files",
        "display_order",
        "hidden",
        "options",
        "export_folder",
        "sync_scrolling",
        "comfortable_measure",
        "point_size",
        "display_name",
        "library",
        "recent_libraries",
    }
    for name, option in table.items():
        assert getattr(settings, name) == option.default, name
    assert settings.options == AlignOptions()


def test_hand_edited_values_fall_back_to_the_default(tmp_path: Path) -> None:
    path = tmp_path / "reader.ini"
    path.write_text(
        "[comparison]\nfiles=one.txt\n[options]\nthreshold=abc\ngranularity=word\ncase=no\n"
        "[view]\npoint_size=big\nsync_scrolling=0\n[export]\nfolder=\n",
        encoding="utf-8",
    )
    settings = _settings(path)
    assert settings.files == ["one.txt"]
    assert settings.options == AlignOptions(normalization=Normalization(case=False))
    assert settings.point_size is None and settings.export_folder is None
    assert settings.sync_scrolling is False and settings.comfortable_measure is True


def test_an_option_declared_in_a_table_is_its_own_accessor(tmp_path: Path) -> None:
    class More(Settings):
        recent = ListOption("more/recent")
        compact = BoolOption("more/compact", False)

    more = More(QSettings(str(tmp_path / "reader.ini"), QSettings.Format.IniFormat))
    assert more.recent == [] and more.compact is False
    more.recent = ["a.txt"]
    more.compact = True
    assert more.recent == ["a.txt"] and more.compact is True
    assert more.store.value("more/recent") == ["a.txt"]
