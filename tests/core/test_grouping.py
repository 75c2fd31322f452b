"""Clustering candidate links into groups: one passage per source, and passages that greedy merging left out
of the cluster they belong to moved there afterwards."""

from reader.core.alignment.grouping import cluster
from reader.core.alignment.records import AlignOptions
from reader.core.alignment.run import AlignmentRun, Edge, Node
from reader.core.text.segment import Passage


def nodes_of(*sources: int) -> list[Node]:
    out = []
    for n, source in enumerate(sources):
        out.append(Node(source, Passage(n, 10 * n, 10 * n + 9, n), f"passage {n}", f"key {n}", 0.0))
    return out


def run_of(nodes: list[Node], canon: list[tuple[int, int]]) -> AlignmentRun:
    """The run of an alignment of ``nodes``: clustering reads the nodes and the canonical order only."""
    return AlignmentRun((), AlignOptions(), nodes, canon, [])


def groups(clusters: list[int]) -> set[frozenset[int]]:
    found: dict[int, set[int]] = {}
    for n, root in enumerate(clusters):
        found.setdefault(root, set()).add(n)
    return {frozenset(members) for members in found.values()}


# Source 1 tells the fact twice (passages 1 and 2). Greedy merging pairs 0 with 1 and 3 with 2 first; then
# 3 is refused the cluster {0, 1}, though it is linked to both of its passages, for holding a passage of
# source 1 already.
NODES = nodes_of(0, 1, 1, 2)
MEANING: list[Edge] = [(0.9, 0, 1), (0.8, 2, 3), (0.7, 0, 3), (0.6, 1, 3)]
CANON = [(0, 0), (1, 0), (1, 1), (2, 0)]


def test_a_passage_refused_a_cluster_moves_there_when_tied_to_it_more() -> None:
    assert groups(cluster(run_of(NODES, CANON), MEANING, wording=0)) == {
        frozenset({0, 1, 3}),
        frozenset({2}),
    }


def test_a_passage_tied_to_its_cluster_by_wording_stays() -> None:
    wording_first: list[Edge] = [(0.9, 0, 1), (0.8, 2, 3), (0.7, 0, 3), (0.6, 1, 3)]
    # The first two edges are links by wording: 3 is an edited copy of 2 and is not taken from it.
    assert groups(cluster(run_of(NODES, CANON), wording_first, wording=2)) == {
        frozenset({0, 1}),
        frozenset({2, 3}),
    }


def test_a_passage_stays_when_its_links_elsewhere_weigh_less() -> None:
    weaker: list[Edge] = [(0.9, 0, 1), (0.8, 2, 3), (0.3, 0, 3), (0.3, 1, 3)]
    assert groups(cluster(run_of(NODES, CANON), weaker, wording=0)) == {frozenset({0, 1}), frozenset({2, 3})}


def test_a_passage_that_holds_its_cluster_together_stays() -> None:
    # 4 (source 2) is the only link between 2 and 5: taken to {0, 1, 6}, where its links weigh more (2.1
    # against 1.7), it would leave 2 and 5 grouped with no link between them.
    sources = [0, 1, 1, 3, 2, 3, 4]
    nodes = nodes_of(*sources)
    edges: list[Edge] = [
        (0.85, 2, 4),
        (0.85, 4, 5),
        (0.8, 0, 1),
        (0.8, 0, 6),
        (0.7, 0, 4),
        (0.7, 1, 4),
        (0.7, 4, 6),
    ]
    canon = [(s, n) for n, s in enumerate(sources)]
    assert groups(cluster(run_of(nodes, canon), edges, wording=0)) == {
        frozenset({0, 1, 6}),
        frozenset({2, 4, 5}),
        frozenset({3}),
    }


def test_the_result_does_not_depend_on_the_order_of_the_input_nodes() -> None:
    # The same four passages numbered in reverse: the same groups come out.
    reverse = {0: 3, 1: 2, 2: 1, 3: 0}
    nodes = nodes_of(2, 1, 1, 0)
    edges: list[Edge] = [(w, reverse[p], reverse[q]) for w, p, q in MEANING]
    canon = [CANON[reverse[n]] for n in range(4)]
    found = groups(cluster(run_of(nodes, canon), edges, wording=0))
    assert found == {frozenset({3, 2, 0}), frozenset({1})}
