"""The work cache: what an alignment reuses from the last, in memory and in a file beside the library."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from reader.core.alignment import workcache
from reader.core.alignment.align import AlignOptions, align
from reader.core.alignment.workcache import WorkCache
from reader.core.reading.sources import Source, source_from_text
from reader.core.text.normalize import Normalization
from reader.export.alignment_json import to_json
from reader.store import Library
from reader.store import backups as copies
from tests.benchmarks.story_versions import versions

CACHE_LOG = "reader.core.alignment.workcache"


@pytest.fixture(scope="module")
def story() -> list[Source]:
    return [source_from_text(text, path=f"/story/v{n:02}.txt") for n, text in enumerate(versions(9))]


@pytest.fixture(scope="module")
def fresh(story: list[Source]) -> str:
    """The alignment of all nine versions without a cache, as JSON."""
    return to_json(align(story))


def test_a_source_added_reuses_what_was_aligned_and_aligns_the_same(
    tmp_path: Path, story: list[Source], fresh: str
) -> None:
    cache = WorkCache(tmp_path / "cache" / "alignment.sqlite3")
    align(story[:8], cache=cache)
    before = cache.hits  # one alignment asks for some diffs twice already
    added = align(story, cache=cache)
    assert cache.hits > before
    for kind in ("passages", "keys"):
        assert cache.counts[kind, "hit"] == 8  # all but the new source's
    assert cache.counts["word diff", "hit"] > 0
    assert to_json(added) == fresh


def test_the_next_session_reads_the_saved_cache(tmp_path: Path, story: list[Source], fresh: str) -> None:
    path = tmp_path / "library.sqlite3.cache" / "alignment.sqlite3"
    first = WorkCache(path)
    align(story, cache=first)
    assert first.save()
    assert path.is_file()
    assert not first.save()  # nothing new: not written again
    second = WorkCache(path)
    again = align(story, cache=second)
    for kind in ("passages", "keys", "tokens", "word diff"):
        assert second.counts[kind, "miss"] == 0 and second.counts[kind, "hit"] > 0, kind
    assert to_json(again) == fresh


def test_options_that_change_the_result_are_part_of_the_key(story: list[Source]) -> None:
    cache = WorkCache()
    align(story[:3], cache=cache)
    # Another normalization: other keys and diffs; the same passages.
    options = AlignOptions(normalization=Normalization(case=False))
    alone = WorkCache()
    expected = to_json(align(story[:3], options, cache=alone))
    before = len(cache)
    assert to_json(align(story[:3], options, cache=cache)) == expected
    assert len(cache) == before + len(alone) - 3
    assert cache.counts["passages", "hit"] == 3 and cache.counts["keys", "hit"] == 0
    # Another granularity: other passages and keys (a paragraph of one sentence has the same diffs).
    options = AlignOptions(granularity="paragraph")
    assert to_json(align(story[:3], options, cache=cache)) == to_json(align(story[:3], options))
    assert cache.counts["passages", "hit"] == 3 and cache.counts["keys", "hit"] == 0


def _damaged(path: Path, how: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if how == "garbage":
        path.write_bytes(b"\x00\xff not a database at all " * 40)
    elif how == "folder":
        path.mkdir()
        (path / "inside").write_text("something")
    else:
        good = WorkCache(path)
        good.cached("number", ("a",), lambda: 1.5)
        good.cached("number", ("b",), lambda: 2.5)
        assert good.save()
        if how == "truncated":
            data = path.read_bytes()
            path.write_bytes(data[: len(data) // 2])
        elif how == "future":
            with sqlite3.connect(path) as connection:
                connection.execute("UPDATE meta SET value = '99.0/99' WHERE name = 'engine'")
            connection.close()
        elif how == "foreign":
            with sqlite3.connect(path) as connection:
                connection.execute("UPDATE meta SET value = 'somebody else' WHERE name = 'format'")
            connection.close()
        elif how == "short":  # intact pages, a row missing
            with sqlite3.connect(path) as connection:
                connection.execute("DELETE FROM entries WHERE rowid = 1")
            connection.close()


@pytest.mark.parametrize("how", ["garbage", "truncated", "future", "foreign", "short", "folder"])
def test_a_cache_file_that_cannot_be_used_is_ignored_with_one_line(
    tmp_path: Path, story: list[Source], how: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "library.sqlite3.cache" / "alignment.sqlite3"
    _damaged(path, how)
    cache = WorkCache(path)
    with caplog.at_level(logging.WARNING, logger=CACHE_LOG):
        aligned = align(story[:4], cache=cache)
    assert to_json(aligned) == to_json(align(story[:4]))
    assert cache.counts["passages", "hit"] == 0  # nothing came from the file
    lines = [record.getMessage() for record in caplog.records if record.name == CACHE_LOG]
    assert len(lines) == 1 and str(path) in lines[0] and "\n" not in lines[0]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger=CACHE_LOG):
        written = cache.save()
    if how == "folder":  # a folder is not replaced: the cache stays in memory, and the log says so
        assert not written and str(path) in caplog.records[-1].getMessage()
        assert (path / "inside").is_file()
        return
    assert written
    reread = WorkCache(path)
    align(story[:4], cache=reread)
    assert reread.counts["word diff", "miss"] == 0  # replaced by a good one


def test_a_stored_value_that_cannot_be_read_is_worked_out_again(tmp_path: Path) -> None:
    path = tmp_path / "alignment.sqlite3"
    cache = WorkCache(path)
    assert cache.cached("word diff", ("x", "y"), lambda: workcache_diff()) == workcache_diff()
    assert cache.save()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE entries SET value = '[1.0, [9, 1]]'")
    connection.close()
    reread = WorkCache(path)
    assert reread.cached("word diff", ("x", "y"), workcache_diff) == workcache_diff()
    assert reread.counts["word diff", "miss"] == 1


def workcache_diff() -> object:
    from reader.core.alignment import run  # registers the kinds an alignment keeps

    assert run.DIFF == "word diff"
    from reader.core.text.diffing import word_diff

    return word_diff("one two three", "one three", Normalization())


def test_values_without_a_codec_stay_in_memory_and_scalars_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "alignment.sqlite3"
    cache = WorkCache(path)
    cache.cached("score", ("a", "b"), lambda: 0.375)
    cache.cached("set", ("a",), lambda: {1, 2})
    assert cache.cached("set", ("a",), lambda: set()) == {1, 2}
    assert cache.save()
    reread = WorkCache(path)
    reread.load()
    assert len(reread) == 1
    assert reread.cached("score", ("a", "b"), lambda: 0.0) == 0.375


def test_the_cache_is_bounded_dropping_the_least_recently_used(tmp_path: Path) -> None:
    cache = WorkCache(tmp_path / "alignment.sqlite3", max_entries=100)
    for number in range(100):
        cache.cached("n", (str(number),), lambda number=number: number)
    cache.cached("n", ("0",), lambda: -1)  # used again: the newest
    cache.cached("n", ("new",), lambda: 100)
    assert len(cache) <= 100
    assert cache.cached("n", ("0",), lambda: -1) == 0
    assert cache.cached("n", ("1",), lambda: -1) == -1  # the least recently used went
    small = WorkCache(tmp_path / "small.sqlite3", max_bytes=2000)
    for number in range(200):
        small.cached("n", (str(number),), lambda number=number: number)
    assert small.save()
    reread = WorkCache(tmp_path / "small.sqlite3")
    reread.load()
    assert 0 < len(reread) < 200
    assert reread.cached("n", ("199",), lambda: -1) == 199  # the newest are kept


def test_the_cache_lives_beside_the_library_and_stays_out_of_its_backups(
    tmp_path: Path, story: list[Source]
) -> None:
    path = tmp_path / "library.sqlite3"
    library = Library.open(path)
    library.import_source(story[0])
    library.close()
    cache = WorkCache.beside(path)
    assert cache.path == tmp_path / "library.sqlite3.cache" / workcache.FILE_NAME
    align(story[:5], cache=cache)
    assert cache.save()
    made = copies.backup(path, force=True)
    assert made is not None
    with sqlite3.connect(made) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert "entries" not in tables
    assert made.stat().st_size < cache.path.stat().st_size + path.stat().st_size
    assert not any(workcache.FILE_NAME in p.name for p in copies.backup_dir(path).rglob("*"))
    assert copies.backup_dir(path) != cache.path.parent


def test_texts_with_a_lone_surrogate_are_kept_and_read_back(tmp_path: Path) -> None:
    """A text decoded with surrogateescape keeps an undecodable byte as a lone surrogate."""
    from reader.core.alignment.run import KEYS, TOKENS  # noqa: F401  (registers the codecs)

    text = "caf\udce9 \U0001f600 “quoted”"
    path = tmp_path / "alignment.sqlite3"
    cache = WorkCache(path)
    cache.cached("keys", (text,), lambda: (text, "plain"))
    assert cache.save()
    reread = WorkCache(path)
    assert reread.cached("keys", (text,), lambda: ()) == (text, "plain")
