"""Presses that need the library, made while it is still opening (it opens just after the first paint): kept,
and carried out once the library is open and the comparison on screen is matched with it. So the window
shows its annotate button, its link verdict buttons and its Library… entry as they will stay, from the
first paint on, and nothing lights up later.

No database code here: this module is loaded with the window, before SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from reader.ui.window_library import LibraryWork

NO_LIBRARY = "The library is not open, so annotations are off."
OTHER_SOURCES = "Other sources are on screen now: what you asked of the library while it opened was not done."


class LibraryWait:
    """The presses kept for the library of ``window``. ``opening`` is set while the library is on its way
    (``reader`` opens it after the first paint); without it, a press is answered with ``NO_LIBRARY``."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.opening = False
        self.work: LibraryWork | None = None
        self.ready = False  # the library is open and the comparison on screen matched with it
        self._held: list[tuple[Callable[[LibraryWork], None], object]] = []

    def run(
        self, act: Callable[[LibraryWork], None], kept: str, missing: str = NO_LIBRARY, on: object = None
    ) -> None:
        """Do ``act`` with the library's work now, or once it is open (saying ``kept`` in the status bar);
        say ``missing`` when there is no library to wait for. ``on``: the comparison the press was made on
        (the words, passage or source it names are of it); kept, it is done only if that comparison is
        still the one on screen."""
        if self.work is not None and self.ready:
            act(self.work)
        elif self.work is not None or self.opening:
            self._held.append((act, on))
            self.window.statusBar().showMessage(kept, 10000)
        else:
            self.window.statusBar().showMessage(missing, 6000)

    def opened(self, work: LibraryWork, attaching: bool) -> None:
        """The library is open; ``attaching``: the comparison on screen is still being matched with it,
        and the kept presses wait for ``work.attached``."""
        self.work, self.opening = work, False
        if attaching:
            work.attached.connect(self._attached)
        else:
            self._attached()

    def _attached(self) -> None:
        if self.ready or self.work is None:
            return
        self.ready = True
        held, self._held = self._held, []
        for act, on in held:
            if on is None or self.work.comparison is on:
                act(self.work)
            else:
                self.window.statusBar().showMessage(OTHER_SOURCES, 8000)

    def failed(self) -> None:
        """The library could not be opened (the user was told why): the kept presses cannot be done."""
        self.opening = False
        if self._held:
            self._held = []
            self.window.statusBar().showMessage(NO_LIBRARY, 8000)
