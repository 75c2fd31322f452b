"""The open comparison, without Qt: its files and sources, their library identities, the order and hidden
sources, the alignment and its options, importing and re-anchoring, and the report for exports.

The window, ``reader align`` and ``reader export`` all go through it, so they agree on which files make a
comparison and on which library source each one is:

    comparison, refused = Comparison.load(["a.txt", "b.html"], AlignOptions())
    comparison.attach(library)              # import into the library: ids, re-anchoring, remembered
    report = comparison.report(ExportOptions(tags=frozenset({"disputed"})))
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.core.alignment.align import Alignment, AlignOptions, align
from reader.core.alignment.workcache import WorkCache
from reader.core.progress import AlignmentCancelled, Progress, Tick, Ticker, within
from reader.core.reading.fetch import Fetched, FetchError, fetch, is_url
from reader.core.reading.sources import Source, SourceError, read_sources, source_from_page

if TYPE_CHECKING:  # the store loads SQLAlchemy: `reader align` never needs it, and starts faster without
    from reader.attaching import Attached
    from reader.export.report import ExportOptions, Report
    from reader.store import AnnotationInfo, ImportReport, Library, SourceDetails


def _log_exception(message: str, url: str) -> None:
    import logging  # only on a failure: `reader align` starts without it

    logging.getLogger(__name__).exception(message, url)


def source_key(path: str | os.PathLike[str]) -> str:
    """The one spelling of a source that Reader stores and compares: a URL as given (without surrounding
    space), and a file's path absolute, with symbolic links resolved, so ``seeds/a.txt`` typed in the
    checkout, the same file by its full path and a link to it are one source (migration 0004 merged the rows
    older Readers made for each spelling)."""
    text = os.fspath(path)
    if is_url(text):
        return text.strip()
    if is_version(text):
        return text
    return os.path.realpath(text)


VERSION_PREFIX = "reader-version:"
"""Paths of earlier versions read side by side (``reader-version:<source id>:<number>``): in memory only."""


def version_path(source_id: int, number: int) -> str:
    return f"{VERSION_PREFIX}{source_id}:{number}"


def is_version(path: str) -> bool:
    return path.startswith(VERSION_PREFIX)


Fetcher = Callable[[str, Tick], Fetched]
"""Gets the page at a URL (from the network, or from a snapshot in the library); raises FetchError."""


def fetch_from_network(url: str, tick: Tick) -> Fetched:
    return fetch(url, tick=tick)


class PartlyRead(SourceError):
    """A source read and kept, with something the user must be told about it (a page cut short): among
    the errors ``Comparison.load`` returns, but not refused."""


def _page_source(page: Fetched, tick: Tick) -> Source:
    """The source of a fetched page. Whatever a damaged document from a server makes its reader raise is a
    line naming the address (a bug in a reader must cost one page, not the whole comparison)."""
    try:
        return source_from_page(page, tick)
    except (SourceError, AlignmentCancelled):
        raise
    except (MemoryError, RecursionError):
        raise SourceError(page.url, "is too large or too deeply nested for Reader to read") from None
    except Exception:
        _log_exception("reading the page at %s failed", page.url)
        raise SourceError(
            page.url,
            f"could not be read: the {_kind(page)} the server sent is damaged or not what it claims to be",
        ) from None


def _kind(page: Fetched) -> str:
    data = page.body[:8]
    if page.content_type == "application/pdf" or data.startswith(b"%PDF-"):
        return "PDF"
    if data.startswith(b"PK"):
        return "Word document"
    return "page"


def snapshot_first(library: Library) -> Fetcher:
    """Reopening a comparison: each URL's newest snapshot in ``library``, so it opens offline and exactly as
    it was; only a URL never fetched is fetched from the network."""

    def fetcher(url: str, tick: Tick) -> Fetched:
        try:
            page = library.snapshot(url)
        except ValueError:
            _log_exception("the snapshot of %s cannot be read", url)
            raise FetchError(
                url,
                "its snapshot in the library is damaged; open the address again (File > Open URL…) to fetch it anew",
            ) from None
        return page or fetch_from_network(url, tick)

    return fetcher


@dataclass
class Comparison:
    """Sources aligned together. ``alignment.sources[i]`` came from ``paths[i]``; ``order`` is the display
    order (indexes into the sources) and ``hidden`` the sources not shown; ``source_ids`` maps a source's
    index to its id in the attached library. In the window it is part of the ``reader.workspace.Workspace``,
    which alone arranges it (and tells the views)."""

    paths: list[str]
    alignment: Alignment
    order: list[int] = field(default_factory=list)
    hidden: set[int] = field(default_factory=set)
    library: Library | None = None
    source_ids: dict[int, int] = field(default_factory=dict)
    _as_read: tuple[Source, ...] = ()  # the sources as their files say, before the user's details
    pages: dict[str, Fetched] = field(default_factory=dict)  # the fetched pages, by URL (its path)
    # Counted, so views know whether they show the alignment as it is now without comparing objects: each
    # time the alignment is replaced (the user's details, verdicts on links), and each time its groups are.
    revision: int = field(default=0, compare=False)
    grouping: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        if not self.order:
            self.order = list(range(len(self.alignment.sources)))

    # -- making one ----------------------------------------------------------------------------------------
    @classmethod
    def load(
        cls,
        paths: Iterable[str | os.PathLike[str]],
        options: AlignOptions | None = None,
        known: Mapping[str, Source] | None = None,
        progress: Progress | None = None,
        fetcher: Fetcher = fetch_from_network,
        cache: WorkCache | None = None,
    ) -> tuple[Comparison | None, list[SourceError]]:
        """Read the files and fetch the URLs (those in ``known`` are not read again) and align them: the
        comparison (None when nothing could be read) and the files and URLs refused. ``progress`` hears
        reading as the first fifth of the work; returning False from it raises AlignmentCancelled. Pages
        come from ``fetcher`` and are kept in ``pages``, for ``attach`` to store as snapshots. ``cache``:
        what earlier alignments worked out, reused and added to (the caller saves it)."""
        unique = list(dict.fromkeys(source_key(p) for p in paths))
        known = known or {}
        read: list[tuple[str, Source]] = []
        errors: list[SourceError] = []
        pages: dict[str, Fetched] = {}
        tick = Ticker(progress)
        share = 0.2 / max(1, len(unique))
        for number, path in enumerate(unique):
            tick.force(share * number)
            if path in known:
                read.append((path, known[path]))
                continue
            phase = tick.phase(share * number, share * (number + 1))
            if is_url(path):
                try:
                    page = fetcher(path, within(phase, 0.0, 0.6))
                    read.append((path, _page_source(page, within(phase, 0.6, 1.0))))
                    pages[path] = page
                    if page.cut_short:  # kept, and the user told
                        errors.append(PartlyRead(path, page.cut_short))
                except FetchError as error:
                    errors.append(SourceError(path, error.problem))
                except SourceError as error:
                    errors.append(error)
                continue
            sources, refused = read_sources([path], phase)
            read.extend((path, source) for source in sources)
            errors.extend(refused)
        if not read:
            return None, errors

        def aligning(done: float) -> bool:
            return progress is None or progress(0.2 + 0.55 * done)

        def working_out(done: float) -> bool:  # who had it first: a quarter of the time at 50 sources
            return progress is None or progress(0.75 + 0.25 * done)

        from reader.core.provenance.who_first import (
            work_out,  # loads the quotation rules: only once aligning
        )

        alignment = align([source for _, source in read], options or AlignOptions(), aligning, cache)
        work_out(alignment, working_out)  # with the alignment (off the GUI thread in the window)
        return cls([path for path, _ in read], alignment, pages=pages), errors

    # -- what it shows -------------------------------------------------------------------------------------
    @property
    def sources(self) -> tuple[Source, ...]:
        return self.alignment.sources

    @property
    def as_read(self) -> tuple[Source, ...]:
        """The sources as their files say, without the title, outlet and date the user set."""
        return self._as_read or self.sources

    @property
    def options(self) -> AlignOptions:
        return self.alignment.options

    def arrange(self, order_paths: Sequence[str], hidden_paths: Iterable[str] = ()) -> None:
        """Display order and hidden sources from paths (as saved); sources not named keep their place after."""
        index = {path: i for i, path in enumerate(self.paths)}
        named = [index[p] for p in map(source_key, order_paths) if p in index]
        self.order = list(dict.fromkeys(named + list(range(len(self.paths)))))
        self.hidden = {index[p] for p in map(source_key, hidden_paths) if p in index}

    def display_paths(self) -> tuple[list[str], list[str]]:
        """The paths in display order, and those hidden (what a saved comparison remembers)."""
        return [self.paths[i] for i in self.order], [self.paths[i] for i in sorted(self.hidden)]

    # -- the library ---------------------------------------------------------------------------------------
    def attach(self, library: Library) -> list[ImportReport]:
        """Import the sources into ``library`` (``attaching.attach_sources``) and show what it says of them.
        Returns the imports that changed something. StoreError propagates: the caller says it once."""
        from reader.attaching import attach_sources

        attached = attach_sources(library, self.as_read, self.alignment, self.pages, self.display_paths())
        self.take(library, attached)
        return attached.changed

    def take(self, library: Library, attached: Attached) -> None:
        """Show what matching with ``library`` gave (worked out by ``attaching.attach_sources``)."""
        self.library, self.source_ids = library, dict(attached.source_ids)
        self._as_read = attached.as_read
        if attached.alignment is not self.alignment:
            self._replace(attached.alignment)

    def set_details(self, index: int, details: SourceDetails) -> None:
        """Show source ``index`` with the title, outlet and date the user set (stored by the caller, or
        to be: this only changes what the comparison shows). Who-had-it-first is worked out again."""
        base = self._as_read = self.as_read
        shown = list(self.sources)
        shown[index] = details.apply(base[index])
        self._replace(self.alignment.with_sources(tuple(shown)))

    def apply_verdicts(self) -> None:
        """Show the links as the user judged them: the library's verdicts on links between these sources,
        applied to the alignment as made (``verdicts.apply_verdicts``), without aligning again."""
        from reader.attaching import with_verdicts

        if self.library is not None:
            judged = with_verdicts(self.library, self.source_ids, self.alignment)
            if judged is not None:
                self._replace(judged)

    def replace_alignment(self, alignment: Alignment) -> None:
        """Show ``alignment``, worked out from this one elsewhere (the library's verdicts, read off the GUI
        thread): a new revision, and a new grouping when its groups differ."""
        self._replace(alignment)

    def _replace(self, alignment: Alignment) -> None:
        if alignment.groups is not self.alignment.groups:
            self.grouping += 1
        self.alignment = alignment
        self.revision += 1

    def index_of(self, library_id: int) -> int | None:
        """The index of the source with this library id, if it is in the comparison."""
        for index, source_id in self.source_ids.items():
            if source_id == library_id:
                return index
        return None

    def annotations(self) -> list[AnnotationInfo]:
        """The annotations on these sources, placed on their texts as shown (for a read-only library, placed
        in memory)."""
        from reader.attaching import annotations_on

        if self.library is None:
            return []
        return annotations_on(self.library, self.sources, list(self.source_ids.values()))

    def report(self, options: ExportOptions | None = None) -> Report:
        """What an export of this comparison contains. Reads the library, never writes to it."""
        from reader.export.report import build_report

        return build_report(self.alignment, self.library, options)
