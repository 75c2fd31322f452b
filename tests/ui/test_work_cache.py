"""The window keeps one work cache for the open library: adding a source aligns again reusing it, and it is
saved beside the library (off the GUI thread) for the next opening."""

from pathlib import Path

from reader.core.alignment.align import align
from reader.core.alignment.workcache import WorkCache
from tests.conftest import SEEDS
from tests.ui.conftest import open_and_wait


def test_adding_a_source_reuses_the_cache_kept_beside_the_library(qtbot, window, tmp_path: Path) -> None:
    cache = window.workspace.cache
    assert cache.path == tmp_path / "library.sqlite3.cache" / "alignment.sqlite3"
    open_and_wait(qtbot, window, SEEDS[:3])
    qtbot.waitUntil(lambda: cache.path is not None and cache.path.is_file(), timeout=20000)
    reused = cache.counts["passages", "hit"]
    open_and_wait(qtbot, window, SEEDS[3:4], add=True)
    assert cache.counts["passages", "hit"] == reused + 3  # the three open already: not split again
    assert cache.counts["word diff", "hit"] > 0
    current = window.current
    assert current is not None and len(current.sources) == 4
    assert current.alignment.groups == align(list(current.as_read)).groups  # as without a cache
    # The next opening reads what this one saved.
    qtbot.waitUntil(lambda: not cache.unsaved, timeout=20000)
    following = WorkCache(cache.path)
    align(list(current.as_read), cache=following)
    assert following.counts["passages", "miss"] == 0 and following.counts["word diff", "miss"] == 0
