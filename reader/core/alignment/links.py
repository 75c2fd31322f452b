"""Links beside the groups: a passage tied to passages of another source that are in other groups.

A group holds one passage per source, so when a sentence reports two facts ("Musk, who testified on
Thursday, said xAI had used OpenAI's models") and another source reports them in two sentences, the
sentence joins the group of one of them and its tie to the other was refused while grouping. That tie is
kept as a ``Link``: shown beside the group, counted in what two sources share and, when the words were
taken, in who copies whom.

A refused tie becomes a link when the two passages are of different sources and different groups, neither
of them found in one source only, the tie is not already shown as a passage told again (``mark_repeats``), and it was found by wording (at the
alignment's threshold) or by meaning at ``LINK_MEANING`` at least, with claims that agree (``claims``) and
a calibrated chance of being right that is not "possibly the same": with no group to confirm it, a tie
found by meaning alone needs more evidence than one that joins a group.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.alignment.candidates import TICK_EVERY
from reader.core.alignment.records import Classification, Group, Link
from reader.core.alignment.run import AlignmentRun, Edge
from reader.core.checks.calibration import is_possible, link_chance
from reader.core.checks.meaning import MEANING_THRESHOLD
from reader.core.progress import Tick
from reader.core.text.diffing import bag_similarity

LINK_MEANING = MEANING_THRESHOLD + 0.1
"""The least meaning score of a link beside the groups."""

MAX_LINKS_PER_PASSAGE = 2
"""A passage gets at most this many links beside its group to one other source, the best first: a
sentence rarely reports more than two or three facts."""


def extra_links(
    run: AlignmentRun, groups: Sequence[Group], edges: Sequence[Edge], wording: int, tick: Tick
) -> tuple[Link, ...]:
    """The ties of ``edges`` (best first; the first ``wording`` found by wording) that the groups do not
    show."""
    nodes, tokens_of = run.nodes, run.tokens
    node_at = {(node.source, node.passage.index): n for n, node in enumerate(nodes)}
    group_of: dict[int, Group] = {}
    for group in groups:
        for member in group.members:
            for index in member.passages:
                group_of[node_at[(member.source, index)]] = group
    found: list[Link] = []
    per_passage: dict[tuple[int, int], int] = {}
    seen: set[tuple[int, int]] = set()
    for number, (score, p, q) in enumerate(edges):
        if not number % TICK_EVERY:
            tick(number / max(1, len(edges)))
        if p > q:
            p, q = q, p
        first, second = nodes[p], nodes[q]
        if first.source == second.source or (p, q) in seen:
            continue
        group_p, group_q = group_of.get(p), group_of.get(q)
        if (
            group_p is None
            or group_q is None
            or group_p.id == group_q.id
            or "unique" in (group_p.kind, group_q.kind)
        ):
            continue  # a passage no other source reports in its group is left so: "found in one source only"
        if group_p.repeats == group_q.id or group_q.repeats == group_p.id:
            continue  # shown as a passage the source tells again
        by_wording = number < wording
        if not by_wording and score < LINK_MEANING:
            continue
        if any(
            per_passage.get((n, nodes[o].source), 0) >= MAX_LINKS_PER_PASSAGE for n, o in ((p, q), (q, p))
        ):
            continue
        kind: Classification
        if first.key == second.key:
            kind, similarity, confidence = "identical", 1.0, 1.0
        elif by_wording:
            kind, similarity, confidence = "reworded", score, score
        else:
            confidence, verdict = link_chance(score, first.text, second.text)
            if verdict.veto or is_possible("paraphrase", confidence):
                continue
            kind, similarity = "paraphrase", bag_similarity(tokens_of(p), tokens_of(q))
        seen.add((p, q))
        per_passage[(p, second.source)] = per_passage.get((p, second.source), 0) + 1
        per_passage[(q, first.source)] = per_passage.get((q, first.source), 0) + 1
        found.append(
            Link(
                first.source,
                first.passage.start,
                first.passage.end,
                group_p.id,
                second.source,
                second.passage.start,
                second.passage.end,
                group_q.id,
                kind,
                round(similarity, 4),
                round(confidence, 4),
            )
        )
    return tuple(sorted(found, key=lambda link: (link.source_a, link.a_start, link.source_b, link.b_start)))
