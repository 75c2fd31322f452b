import configparser
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from reader import __version__
from reader.resources import resource_path, sample_story

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def test_resources_and_sample_story_are_found() -> None:
    assert resource_path("style.qss").read_text(encoding="utf-8").startswith("/*")
    assert resource_path("icons", "reader.svg").is_file()
    for size in (16, 32, 48, 64, 128, 256, 512):
        assert resource_path("icons", f"reader-{size}.png").is_file()
    assert [p.name for p in sample_story()] == sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))


def test_the_meaning_scorer_s_word_tables_are_found_and_read() -> None:
    # Each table is empty when it cannot be read (the scorer then goes without it), so a table left out
    # of a package would only show as worse alignments: check that every one is there and has words.
    from reader.core.text import lexicon

    for name in ("synonyms", "related", "unlike", "places"):
        assert resource_path("lexicon", f"{name}.tsv.gz").is_file(), name
    tables = (lexicon.english_zipf(), lexicon.synonyms(), lexicon.related(), lexicon.unlike())
    assert all(len(table) > 1000 for table in tables), [len(table) for table in tables]
    assert len(lexicon.places()) > 3000 and "egypt" in lexicon.places()["cairo"][0]


def test_desktop_entry_and_appstream_metadata_agree() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(PACKAGING / "io.github.reader.Reader.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Exec"].startswith("reader ")
    assert desktop["Icon"] == "io.github.reader.Reader"
    component = ElementTree.parse(PACKAGING / "io.github.reader.Reader.metainfo.xml").getroot()
    assert component.findtext("id") == "io.github.reader.Reader"
    assert component.find("launchable").text == "io.github.reader.Reader.desktop"
    assert component.find("releases/release").get("version") == __version__
    assert component.findtext("project_license") == "MIT"


def test_version_is_printed() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"Reader {__version__}"


def test_about_lists_qt_and_library_versions() -> None:
    from reader.ui.about import about_text, library_versions

    versions = library_versions()
    assert set(versions) >= {"Python", "Qt", "PySide6", "diff-match-patch", "markdown", "sqlalchemy"}
    assert "not installed" not in versions.values()
    assert __version__ in about_text() and "MIT" in about_text()
