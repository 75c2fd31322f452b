"""What the user has open, without Qt: the sources (paths, and their library ids through the comparison),
the display order and hidden sources, the alignment options, and the comparison on screen with its
generation and revision numbers. It is the one owner of that state; the window's views subscribe to its
typed changes and update themselves, and the window saves and restores it (settings) while attaching the
comparison saves it in the library.

    workspace = Workspace(AlignOptions())
    workspace.subscribe(print)
    workspace.open(["a.txt", "b.txt"])           # SourcesChanged
    comparison, _ = Comparison.load(workspace.paths, workspace.options)
    workspace.receive(comparison)                # AlignmentChanged, with the arrangement applied
    workspace.move(0, 1)                         # OrderChanged

The arrangement is kept by path (what is saved, and what survives aligning again with a source added or
removed); a restored arrangement applies to the alignment when it arrives.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from reader.comparison import Comparison, is_version, source_key
from reader.core.alignment.align import AlignOptions
from reader.core.alignment.workcache import WorkCache, path_beside
from reader.core.reading.sources import Source

# -- typed changes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourcesChanged:
    """The sources asked for changed (opened, added, removed): an alignment of them is to come."""

    paths: tuple[str, ...]


@dataclass(frozen=True)
class OptionsChanged:
    options: AlignOptions


@dataclass(frozen=True)
class OrderChanged:
    """The display order or the hidden sources of the comparison on screen changed (indexes into its
    sources)."""

    order: tuple[int, ...]
    hidden: frozenset[int]


@dataclass(frozen=True)
class AlignmentChanged:
    """Another comparison is current (``generation`` counts them), or with ``replaced`` the current one
    shows its sources otherwise (``revision`` counts those: the user's details, verdicts on links;
    ``regrouped`` when its groups changed). ``new_story``: opened anew, sharing no source with the one
    before, and not reopened as saved."""

    comparison: Comparison | None
    generation: int
    revision: int
    new_story: bool = False
    replaced: bool = False
    regrouped: bool = False


Change = SourcesChanged | OptionsChanged | OrderChanged | AlignmentChanged
Listener = Callable[[Change], None]


# -- the rules of arranging panes -------------------------------------------------------------------------


def visible(order: Sequence[int], hidden: Collection[int]) -> list[int]:
    """The sources not hidden, in display order."""
    return [i for i in order if i not in hidden]


def hidden_except(order: Sequence[int], shown: Collection[int]) -> set[int]:
    """The sources to hide so that only ``shown`` are (the one rule behind "show only these")."""
    return {i for i in order if i not in shown}


def shares_no_source(paths: Iterable[str], others: Collection[str]) -> bool:
    """Is a story of ``paths`` another one than that of ``others``? (Adding or removing a source, or
    aligning again, keeps the story: what the user arranged stays.)"""
    return not any(path in others for path in paths)


@dataclass(frozen=True)
class Arrangement:
    """The display order and hidden sources by path: what is saved, and what an alignment of the same
    sources (some added or removed) is shown in."""

    order: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()


# -- the model --------------------------------------------------------------------------------------------


class Workspace:
    """What the user has open. Changes go through its methods, which tell the subscribers what changed."""

    def __init__(self, options: AlignOptions | None = None) -> None:
        self.paths: list[str] = []  # the sources asked for, in the order given (source keys)
        self.known: dict[str, Source] = {}  # sources read already: aligning again does not read them
        self.offline = False  # URLs from their snapshots in the library (reopening), not the network
        self.options = options or AlignOptions()
        self.comparison: Comparison | None = None  # the comparison on screen
        self.generation = 0  # how many comparisons have been current
        self.arrangement = Arrangement()
        self.restored = False  # the arrangement was reopened as saved, not made on screen
        # What alignments worked out from these texts, for the next one (a source added aligns again
        # reusing it); kept beside the library once its place is known (``keep_cache_beside``).
        self.cache = WorkCache()
        self._shown_revision: tuple[int, int] = (0, 0)  # what the views were last told about
        self._shown_grouping = 0
        self._listeners: list[Listener] = []

    # -- subscribing -------------------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        """Call ``listener`` with every change, in the order they happen (after the state changed)."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _emit(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    # -- sources and options -----------------------------------------------------------------------------
    def open(self, paths: Iterable[str], add: bool = False, offline: bool = False) -> None:
        """Open files and URLs (``add``: to those open). ``offline``: URLs are read from their snapshots.
        Opening anew reads the files again (they may have changed)."""
        keys = [source_key(p) for p in paths]
        self.offline = offline
        if not add:
            self.known = {}
        self._set_paths((self.paths if add else []) + keys)

    def remove(self, path: str) -> None:
        self._set_paths([p for p in self.paths if p != path])

    def read_again(self) -> None:
        """Check for updates: every file read again and every page fetched again."""
        self.known = {}
        self.offline = False

    def open_sources(self, sources: dict[str, Source]) -> None:
        """Sources read already (versions of a source side by side, in memory only)."""
        self.known = dict(sources)
        self._set_paths(list(sources))

    def _set_paths(self, paths: list[str]) -> None:
        self.paths = list(dict.fromkeys(paths))
        self._emit(SourcesChanged(tuple(self.paths)))

    def set_options(self, options: AlignOptions) -> None:
        if options != self.options:
            self.options = options
            self._emit(OptionsChanged(options))

    def restore(self, paths: Sequence[str], order: Sequence[str], hidden: Sequence[str]) -> None:
        """A saved comparison reopened: its arrangement applies when its alignment arrives."""
        self.arrangement = Arrangement(tuple(order), tuple(hidden))
        self.restored = True
        self.open(paths, offline=True)

    def keep_cache_beside(self, library: str | os.PathLike[str]) -> None:
        """Keep the work cache beside the library at ``library`` (``WorkCache.beside``), so that the next
        opening reuses it; what is in memory stays."""
        self.cache.keep_in(path_beside(library))

    @property
    def in_memory(self) -> bool:
        """Versions read side by side: neither saved nor imported."""
        return any(map(is_version, self.paths))

    # -- the comparison ----------------------------------------------------------------------------------
    def receive(self, comparison: Comparison | None) -> AlignmentChanged:
        """``comparison`` (aligned from ``paths``) is the one on screen now, in the arrangement the user
        made or reopened. None: nothing could be read."""
        if comparison is None:
            self.paths, self.comparison = [], None
            self.arrangement, self.restored = Arrangement(), False
            return self._changed(AlignmentChanged(None, self._next(), 0))
        before = set(self.comparison.paths) if self.comparison is not None else set()
        new_story = not self.restored and shares_no_source(comparison.paths, before)
        self.paths = list(comparison.paths)
        comparison.arrange(self.arrangement.order, self.arrangement.hidden)
        self.restored = False
        self.comparison = comparison
        self.arrangement = Arrangement(*map(tuple, comparison.display_paths()))
        self.known.update(zip(comparison.paths, comparison.as_read, strict=True))
        return self._changed(AlignmentChanged(comparison, self._next(), comparison.revision, new_story))

    def replaced(self) -> AlignmentChanged | None:
        """The comparison on screen shows its sources otherwise (attaching, the user's details, verdicts
        on links); None when the views show it as it is already (by its revision number)."""
        comparison = self.comparison
        if comparison is None or self.current_revision == self._shown_revision:
            return None
        regrouped = comparison.grouping != self._shown_grouping
        return self._changed(
            AlignmentChanged(
                comparison, self.generation, comparison.revision, replaced=True, regrouped=regrouped
            )
        )

    @property
    def current_revision(self) -> tuple[int, int]:
        comparison = self.comparison
        return (self.generation, comparison.revision if comparison is not None else 0)

    def _next(self) -> int:
        self.generation += 1
        return self.generation

    def _changed(self, change: AlignmentChanged) -> AlignmentChanged:
        self._shown_revision = self.current_revision
        self._shown_grouping = self.comparison.grouping if self.comparison is not None else 0
        self._emit(change)
        return change

    # -- arranging -----------------------------------------------------------------------------------------
    @property
    def order(self) -> list[int]:
        return list(self.comparison.order) if self.comparison is not None else []

    @property
    def hidden(self) -> set[int]:
        return set(self.comparison.hidden) if self.comparison is not None else set()

    def visible(self) -> list[int]:
        return visible(self.order, self.hidden)

    def arrange(self, order: Sequence[int], hidden: Collection[int]) -> None:
        """Show the sources in ``order`` with ``hidden`` hidden (indexes into the comparison's sources)."""
        comparison = self.comparison
        if comparison is None:
            return
        count = len(comparison.paths)
        order = [i for i in order if 0 <= i < count]
        order += [i for i in range(count) if i not in order]
        hidden = {i for i in hidden if 0 <= i < count}
        if order == comparison.order and hidden == comparison.hidden:
            return
        comparison.order, comparison.hidden = order, hidden  # new lists, never changed in place
        if not self.restored:  # a reopened comparison's own arrangement waits for its alignment
            self.arrangement = Arrangement(*map(tuple, comparison.display_paths()))
        self._emit(OrderChanged(tuple(order), frozenset(hidden)))

    def move(self, source: int, step: int) -> None:
        """Move ``source`` ``step`` places along the display order (stopping at either end)."""
        order = self.order
        if source not in order:
            return
        position = order.index(source)
        target = min(max(position + step, 0), len(order) - 1)
        order.insert(target, order.pop(position))
        self.arrange(order, self.hidden)

    def hide(self, source: int, hidden: bool = True) -> None:
        self.arrange(self.order, (self.hidden | {source}) if hidden else (self.hidden - {source}))

    def show_only(self, sources: Collection[int]) -> None:
        """Show ``sources`` in the user's order and hide the others (none: nothing changes)."""
        order = self.order
        wanted = {s for s in sources if s in order}
        if wanted:
            self.arrange(order, hidden_except(order, wanted))

    def saved(self) -> tuple[list[str], list[str], list[str]]:
        """The paths, the paths in display order and those hidden: what a saved comparison remembers."""
        return list(self.paths), list(self.arrangement.order), list(self.arrangement.hidden)
