"""The alignment is a record and what is worked out from it are queries: no module of reader/core imports
itself back (every import counts: at the top, inside a function, or for the type checker only), and the
queries' answers are kept once per alignment, carried over by ``with_sources`` only when they depend on the
texts alone."""

from __future__ import annotations

import ast
import pickle
from dataclasses import replace
from pathlib import Path

from reader.core.alignment.align import Alignment, align
from reader.core.alignment.memo import Memo
from reader.core.alignment.relations import moved_between, shares
from reader.core.provenance.who_first import provenance
from reader.core.reading.sources import source_from_text

CORE = Path(__file__).resolve().parents[2] / "reader" / "core"


def _imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    modules = {
        ".".join(path.relative_to(CORE.parent.parent).with_suffix("").parts).removesuffix(".__init__")
        for path in CORE.rglob("*.py")
    }
    for path in sorted(CORE.rglob("*.py")):
        name = ".".join(path.relative_to(CORE.parent.parent).with_suffix("").parts).removesuffix(".__init__")
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reader.core"):
                for alias in node.names:  # ``from reader.core.text import lexicon`` imports a module
                    submodule = f"{node.module}.{alias.name}"
                    found.add(submodule if submodule in modules else str(node.module))
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("reader.core."))
        graph[name] = found - {name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the modules along it, or None."""
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    path: list[str] = []

    def walk(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for other in sorted(graph.get(module, ())):
            if state.get(other) == 1:
                return [*path[path.index(other) :], other]
            if other in graph and other not in state:
                found = walk(other)
                if found:
                    return found
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state:
            found = walk(module)
            if found:
                return found
    return None


def test_no_module_of_core_imports_itself_back() -> None:
    graph = _imports()
    assert (
        "reader.core.alignment.records" in graph
        and "reader.core.reading.fetch_error" in graph["reader.core.reading.connection"]
    )
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_the_records_import_no_query() -> None:
    assert not _imports()["reader.core.alignment.records"] & {
        "reader.core.provenance.who_first",
        "reader.core.alignment.relations",
        "reader.core.provenance.shared_text",
        "reader.core.alignment.verdicts",
    }


def test_a_cycle_is_found_where_there_is_one() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


TEXT_A = "The council met on Friday. It approved the budget for the bridge. Work starts in May."
TEXT_B = "The council met on Friday. It approved a budget for the new bridge. Work starts in June."


def _alignment() -> Alignment:
    return align([source_from_text(TEXT_A, "a.txt"), source_from_text(TEXT_B, "b.txt")])


def test_a_query_is_answered_once_per_alignment() -> None:
    alignment = _alignment()
    assert provenance(alignment) is provenance(alignment)
    assert shares(alignment) is shares(alignment)
    fresh = replace(alignment)  # a changed copy starts with nothing worked out
    assert fresh.memo is not alignment.memo and fresh.memo.answers == {}
    assert provenance(fresh) is not provenance(alignment) and shares(fresh) == shares(alignment)


def test_with_sources_keeps_what_depends_on_the_texts_alone() -> None:
    alignment = _alignment()
    before_shares, before_found = shares(alignment), provenance(alignment)
    moved, rows = moved_between(alignment, 0, 1), alignment.by_source
    renamed = alignment.with_sources(
        tuple(replace(source, title=f"Title {i}") for i, source in enumerate(alignment.sources))
    )
    assert shares(renamed) is before_shares and moved_between(renamed, 0, 1) is moved
    assert renamed.by_source is rows
    assert provenance(renamed) is not before_found  # who had it first reads titles and dates
    assert renamed.labels != alignment.labels  # the names are worked out again


def test_a_pickled_alignment_carries_no_answers() -> None:
    alignment = _alignment()
    shares(alignment)
    again = pickle.loads(pickle.dumps(alignment))
    assert isinstance(again.memo, Memo) and again.memo.answers == {}
    assert again == alignment and shares(again) == shares(alignment)
