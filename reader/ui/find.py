"""Find in the panes: every match of a query marked in every source, and a current match to step through,
comparing as the alignment does (by default case, curly or straight quotes and dashes do not count)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from reader.core.alignment.align import Alignment
from reader.core.text.normalize import NormalizedText, find_all, normalize_with_map
from reader.ui.pane import SourcePane
from reader.ui.theme import Theme

MAX_FIND_MARKS = 2000  # per pane; more would slow painting without helping anyone


class Finder:
    """The matches of the last query in the panes of one comparison view, and which one is current."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.matches: list[tuple[int, int, int]] = []  # (source, start, end)
        self.index = -1
        self.query = ""
        self._texts: dict[tuple[int, int], NormalizedText] = {}

    def forget(self) -> None:
        """A new alignment: the matches found in the old one no longer point anywhere."""
        self.matches, self.index = [], -1

    def step(
        self,
        alignment: Alignment,
        panes: Mapping[int, SourcePane],
        query: str,
        forward: bool,
        restart: bool,
        say: Callable[[str], None],
    ) -> tuple[int, int, int] | None:
        """Mark every match of ``query`` (anew when it changed or ``restart``) and make the next one current;
        the current match, or None when there is none."""
        if restart or not self.matches or self.query != query:
            self.query = query
            self.matches = []
            norm = alignment.options.normalization
            for source, pane in panes.items():
                found = find_all(self._normalized(alignment, source), query, norm) if query else []
                pane.view.set_layer("find", found[:MAX_FIND_MARKS], self.theme.found, self.theme.found_text)
                self.matches.extend((source, s, e) for s, e in found)
            self.index = -1
        if not self.matches:
            for pane in panes.values():
                pane.view.set_layer("find-current", [], self.theme.found)
            say(f"No matches for “{query}”." if query else "")
            return None
        self.index = (self.index + (1 if forward else -1)) % len(self.matches)
        source, start, end = self.matches[self.index]
        current, text = self.theme.found_current, self.theme.found_current_text
        for other, pane in panes.items():
            pane.view.set_layer("find-current", [(start, end)] if other == source else [], current, text)
        sources = len({s for s, _, _ in self.matches})
        say(f"Match {self.index + 1} of {len(self.matches)} in {sources} source{'s' if sources > 1 else ''}.")
        return source, start, end

    def clear(self, panes: Mapping[int, SourcePane]) -> None:
        self.forget()
        for pane in panes.values():
            pane.view.set_layer("find", [], self.theme.found)
            pane.view.set_layer("find-current", [], self.theme.found)

    def _normalized(self, alignment: Alignment, source: int) -> NormalizedText:
        """The source's text as Find compares it, made once per alignment."""
        key = (id(alignment), source)
        if key not in self._texts:
            self._texts = {k: v for k, v in self._texts.items() if k[0] == key[0]}
            self._texts[key] = normalize_with_map(
                alignment.sources[source].text, alignment.options.normalization
            )
        return self._texts[key]
