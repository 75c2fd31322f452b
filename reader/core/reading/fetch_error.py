"""The one error a fetch raises, in a module of its own: ``fetch`` raises it and ``connection`` (the network
side of a fetch, which ``fetch`` imports) raises it too."""

from __future__ import annotations

from reader.core.text.display import one_line, printable


class FetchError(Exception):
    """``str()`` is one line naming the URL and the problem."""

    def __init__(self, url: str, problem: str) -> None:
        super().__init__(f"{printable(url)}: {one_line(problem)}")
        self.url = url
        self.problem = problem
