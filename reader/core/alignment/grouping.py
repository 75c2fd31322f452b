"""From candidate pairs to groups: union-find over the pairs (best first, one passage per source), the
passages it refused moved to the group they are tied to most, split sentences joined to their neighbour's
group, each group classified against its reference wording, and members marked as moved when they are out
of order between two sources.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from reader.core.alignment.candidates import TICK_EVERY
from reader.core.alignment.records import Classification, Group, GroupKind, Member
from reader.core.alignment.relations import out_of_order, starts_by_source
from reader.core.alignment.run import AlignmentRun, Edge
from reader.core.checks.calibration import is_possible, link_chance
from reader.core.checks.claims import judge
from reader.core.checks.details import DetailKind, find_discrepancies
from reader.core.checks.discrepancy import Discrepancy
from reader.core.checks.entities import names_differ
from reader.core.checks.meaning import COMMON_SHARE, MEANING_THRESHOLD, MeaningScorer, content_stems
from reader.core.progress import Tick
from reader.core.text.dates import dateline
from reader.core.text.diffing import Edit, Tokens, bag_similarity, reversed_edits, tokenize

# The details compared: in an edited copy a replaced name is a conflict; two passages that report a fact in
# their own words name different people as a matter of course ("Savitt asked" / "Musk said").
_DETAILS: dict[str, tuple[DetailKind, ...]] = {
    "reworded": ("date", "number", "name", "quote"),
    "paraphrase": ("date", "number", "quote"),
    "identical": (),
}


def _quiet(done: float) -> None:
    """The tick of a stage run without progress (a test)."""


SPLIT_GAIN = 0.05
"""How much better two neighbouring passages must match a group together than the first one alone."""


def cluster(
    run: AlignmentRun, edges: list[Edge], wording: int | None = None, tick: Tick = _quiet
) -> list[int]:
    """Union-find over the edges, best first; a cluster holds at most one node per source. Then the
    passages the first pass had to leave out of a cluster are moved there when they are tied to it more
    than to their own (``reassign``). The first ``wording`` edges are links by wording (all of them when
    None)."""
    nodes = run.nodes
    parent = list(range(len(nodes)))
    mask = [1 << node.source for node in nodes]

    def find(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    total = max(1, len(edges))
    refused: set[int] = set()  # nodes of an edge refused for joining two passages of one source
    for number, (_, p, q) in enumerate(edges):
        if not number % TICK_EVERY:
            tick(0.8 * number / total)
        rp, rq = find(p), find(q)
        if rp == rq:
            continue
        if mask[rp] & mask[rq]:
            refused.update((p, q))
            continue
        if rq < rp:
            rp, rq = rq, rp
        parent[rq] = rp
        mask[rp] |= mask[rq]
    clusters = [find(n) for n in range(len(nodes))]
    wording = len(edges) if wording is None else wording
    return reassign(run, edges, clusters, refused, wording, lambda done: tick(0.8 + 0.2 * done))


REASSIGN_ROUNDS = 4
"""How many times the passages refused a cluster are looked at again (each round moves fewer)."""


def reassign(
    run: AlignmentRun,
    edges: list[Edge],
    clusters: list[int],
    refused: set[int],
    wording: int,
    tick: Tick = _quiet,
) -> list[int]:
    """Move a passage to another cluster when the weight of its links there exceeds the weight of its
    links in its own, the other cluster has no passage of its source, and its own cluster stays linked
    without it. Greedy merging takes the best single link first, so a passage linked by meaning to one
    passage of a source that tells the fact twice is kept from the cluster where the other sources report
    it. Links by wording are never undone: a passage tied to its cluster by wording stays."""
    if not refused:
        return clusters
    nodes, canon = run.nodes, run.canon
    moving = sorted(refused, key=canon.__getitem__)  # the canonical order: the same whatever the input order
    involved = {clusters[n] for n in moving}
    links: dict[int, list[tuple[float, int, bool]]] = defaultdict(list)  # node -> (weight, other, wording)
    for number, (weight, p, q) in enumerate(edges):
        if clusters[p] in involved or clusters[q] in involved or p in refused or q in refused:
            links[p].append((weight, q, number < wording))
            links[q].append((weight, p, number < wording))
    members: dict[int, set[int]] = defaultdict(set)
    for n, root in enumerate(clusters):
        members[root].add(n)
    for round_ in range(REASSIGN_ROUNDS):
        tick(round_ / REASSIGN_ROUNDS)
        moved = False
        for p in moving:
            own = clusters[p]
            if any(by_wording and clusters[o] == own for _, o, by_wording in links[p]):
                continue
            ties: dict[int, float] = defaultdict(float)
            for weight, other, _ in links[p]:
                ties[clusters[other]] += weight
            source = nodes[p].source
            open_ = [
                (-tie, min(canon[o] for o in members[root]), root)
                for root, tie in ties.items()
                if root != own and all(nodes[o].source != source for o in members[root])
            ]
            if not open_:
                continue
            tie, _, target = min(open_)
            if -tie <= ties.get(own, 0.0):
                continue
            rest = members[own] - {p}
            if not _connected(rest, links):
                continue
            members[own] = rest
            members[target].add(p)
            clusters[p] = target
            moved = True
        if not moved:
            break
    return clusters


def _connected(group: set[int], links: dict[int, list[tuple[float, int, bool]]]) -> bool:
    """Are the passages of ``group`` linked to each other, directly or through each other?"""
    if len(group) <= 1:
        return True
    start = next(iter(group))
    seen, todo = {start}, [start]
    while todo:
        for _, other, _ in links[todo.pop()]:
            if other in group and other not in seen:
                seen.add(other)
                todo.append(other)
    return len(seen) == len(group)


def attach_splits(run: AlignmentRun, clusters: list[int], tick: Tick) -> dict[int, int]:
    """Unmatched passages that complete a neighbour's match: {extra node: the neighbour it joins}."""
    nodes, canon, tokens_of, sources = run.nodes, run.canon, run.tokens, run.sources
    threshold = run.options.threshold
    size = Counter(clusters)
    members: dict[int, list[int]] = defaultdict(list)
    total = max(1, len(nodes))
    for n, root in enumerate(clusters):
        if not n % TICK_EVERY:
            tick(0.2 * n / total)
        members[root].append(n)
    extended: dict[int, int] = {}
    taken: set[int] = set()
    for done, p in enumerate(sorted(range(len(nodes)), key=canon.__getitem__)):
        if not done % TICK_EVERY:
            tick(0.2 + 0.8 * done / total)
        if size[clusters[p]] != 1 or not nodes[p].key:
            continue
        best: tuple[float, int] | None = None
        for q in (p - 1, p + 1):
            if not 0 <= q < len(nodes) or q in taken or q in extended:
                continue
            node_p, node_q = nodes[p], nodes[q]
            if node_q.source != node_p.source or node_q.passage.paragraph != node_p.passage.paragraph:
                continue
            if size[clusters[q]] < 2:
                continue
            others = [o for o in members[clusters[q]] if o != q]
            if all(nodes[o].key == node_q.key for o in others):
                continue  # q already matches word for word: adding p cannot make it better
            other = max(others, key=lambda o: (bag_similarity(tokens_of(q), tokens_of(o)), canon[o]))
            first, second = (q, p) if q < p else (p, q)
            joined = sources[node_p.source].text[nodes[first].passage.start : nodes[second].passage.end]
            alone = run.diff(node_q.text, nodes[other].text, tokens_of(q), tokens_of(other)).similarity
            together = run.diff(joined, nodes[other].text, None, tokens_of(other)).similarity
            gain = together - alone
            if together >= threshold and gain >= SPLIT_GAIN and (best is None or gain > best[0]):
                best = (gain, q)
        if best is not None:
            extended[p] = best[1]
            taken.add(best[1])
    return extended


def build_groups(
    run: AlignmentRun, clusters: list[int], extended: dict[int, int], tick: Tick
) -> tuple[Group, ...]:
    """The groups of ``clusters`` (with the passages of ``extended`` joined to their neighbours'), each
    classified against its reference wording (``_classify``), members out of order marked as moved."""
    nodes = run.nodes
    by_root: dict[int, list[int]] = defaultdict(list)
    for n, root in enumerate(clusters):
        if not n % TICK_EVERY:
            tick(0.05 * n / max(1, len(clusters)))
        if n not in extended:
            by_root[root].append(n)
    for extra, neighbour in extended.items():
        by_root[clusters[neighbour]].append(extra)
    # Nodes are numbered in (source, position) order, so sorting a group's nodes sorts them by source and
    # position, and a group's smallest node gives its reading order: the first source that carries it.
    drafts: list[list[tuple[int, list[int]]]] = []
    for number, members in enumerate(sorted(by_root.values(), key=min)):
        if not number % TICK_EVERY:
            tick(0.05 + 0.05 * number / max(1, len(by_root)))
        members.sort()
        draft: list[tuple[int, list[int]]] = []
        for n in members:
            source = nodes[n].source
            if draft and draft[-1][0] == source:
                draft[-1][1].append(n)
            else:
                draft.append((source, [n]))
        drafts.append(draft)
    groups = []
    total = max(1, len(drafts))
    for number, draft in enumerate(drafts, 1):
        if not number % TICK_EVERY:
            tick(0.1 + 0.8 * number / total)
        groups.append(_classify(run, number, draft))
    return mark_moved(groups, lambda done: tick(0.9 + 0.1 * done))


def _classify(run: AlignmentRun, number: int, draft: list[tuple[int, list[int]]]) -> Group:
    """Group ``number`` of the passages of ``draft`` (per source, its nodes), each member classified
    against the group's reference wording."""
    nodes, rank = run.nodes, run.rank
    spans = {}
    for source, ns in draft:
        start = nodes[ns[0]].passage.start
        end = nodes[ns[-1]].passage.end
        spans[source] = (tuple(nodes[n].passage.index for n in ns), start, end)
    if len(draft) == 1:
        (source, (indexes, start, end)) = next(iter(spans.items()))
        member = Member(source, indexes, start, end, "unique", 0.0)
        return Group(number, "unique", (member,), source)
    if all(len(ns) == 1 for _, ns in draft) and len({nodes[ns[0]].key for _, ns in draft}) == 1:
        return _verbatim(number, spans, rank)  # the common case: the same words everywhere
    sources, norm, tokens_of = run.sources, run.options.normalization, run.tokens
    texts = {s: sources[s].text[start:end] for s, (_, start, end) in spans.items()}
    keys = {s: nodes[ns[0]].key if len(ns) == 1 else norm.key(texts[s]) for s, ns in draft}
    tokens: dict[int, Tokens] = {}
    node_of = dict(draft)

    def tokens_for(s: int) -> Tokens:
        if s not in tokens:
            ns = node_of[s]
            tokens[s] = tokens_of(ns[0]) if len(ns) == 1 else tokenize(texts[s], norm)
        return tokens[s]

    reference = _reference(keys, tokens_for, rank)
    ref_text, ref_start = texts[reference], spans[reference][1]
    results: dict[int, tuple[float, tuple[Edit, ...], bool]] = {}
    for source in texts:
        if source == reference:
            continue
        start = spans[source][1]
        if keys[source] == keys[reference]:
            edit = Edit("equal", ref_start, ref_start + len(ref_text), start, start + len(texts[source]))
            results[source] = (1.0, (edit,), True)
        else:
            diff = run.diff(ref_text, texts[source], tokens_for(reference), tokens_for(source))
            results[source] = (diff.similarity, _shift(diff.edits, ref_start, start), False)
    members = []
    closest = max(results, key=lambda s: (results[s][0], -rank[s]))

    def related(source: int, other: int, similarity: float, same: bool) -> tuple[Classification, float, str]:
        """How ``source`` relates to ``other``, how sure that is, and what their claims say differently."""
        if same:
            return "identical", 1.0, ""
        if similarity >= run.options.threshold:
            return "reworded", similarity, ""
        return ("paraphrase", *_meaning_link(run.meaning, texts[other], texts[source]))

    found_in: dict[int, tuple[Discrepancy, ...]] = {}
    outlets = [s.outlet for s in sources if s.outlet]
    for source in sorted(spans, key=lambda s: s == reference):  # the reference last: it mirrors its closest
        # The reference is compared with its closest member; the others with the reference.
        indexes, start, end = spans[source]
        comparand = closest if source == reference else reference
        similarity, edits, same = results[closest if source == reference else source]
        if source == reference:
            edits = reversed_edits(edits)
        kind, confidence, doubt = related(source, comparand, similarity, same)
        if source == reference:  # the details that differ between the two, seen from the other side
            found = tuple(d.mirrored() for d in found_in[closest])
        elif is_possible(kind, confidence):
            found = ()  # possibly the same: what differs may be another claim, not a detail
        else:
            found = find_discrepancies(
                texts[comparand],
                spans[comparand][1],
                texts[source],
                start,
                edits,
                _DETAILS[kind],
                outlets,  # a name that is one is compared with outlets only
            )
        found_in[source] = found
        members.append(
            Member(
                source,
                indexes,
                start,
                end,
                kind,
                similarity,
                comparand,
                edits,
                False,
                confidence,
                found,
                doubt,
            )
        )
    members.sort(key=lambda member: member.source)
    classes = {member.classification for member in members}
    group_kind: GroupKind = (
        "verbatim" if classes == {"identical"} else "paraphrase" if "paraphrase" in classes else "reworded"
    )
    return Group(number, group_kind, tuple(members), reference)


REPEAT_COMMON = 64
"""A stem held by more passages than this (or than a fifth of those searched) proposes no repeat: in a
long text and its next version it is a common word, and it would make the search quadratic."""


def repeat_edges(run: AlignmentRun, clusters: list[int], extended: dict[int, int], tick: Tick) -> list[Edge]:
    """Links by meaning, found after grouping, from each passage left alone to the passages of groups that
    hold a passage of its own source already. They cannot make it join such a group; they say it is told
    again (``mark_repeats``). Before grouping, links by meaning are only looked for between passages with
    no partner by wording in each other's source, so without these a second telling of a fact that a group
    links by wording (an edited copy) would be shown as found in one source only. Groups whose passages
    are all identical are not searched: a text and its next version share most passages word for word,
    and a passage told again in other words is as like the copy as the original."""
    nodes, scorer, canon = run.nodes, run.meaning, run.canon
    # Per cluster (by its root, a node's number): the sources of its members as bits, the key of its first
    # member, and whether another member has other words. Lists of numbers, not a set per cluster: two
    # long versions make ten thousand clusters.
    sources = [0] * len(nodes)
    first_key: list[str | None] = [None] * len(nodes)
    worded = bytearray(len(nodes))
    for n, root in enumerate(clusters):
        if n not in extended:
            node = nodes[n]
            sources[root] |= 1 << node.source
            key = first_key[root]
            if key is None:
                first_key[root] = node.key
            elif key != node.key:
                worded[root] = 1
    lonely = [
        n
        for n, root in enumerate(clusters)
        if not sources[root] & (sources[root] - 1)  # one source
        and n not in extended
        and nodes[n].key
        and not dateline(nodes[n].text)
    ]
    if not lonely:
        return []
    index: dict[str, list[int]] = defaultdict(list)
    bags: dict[int, frozenset[str]] = {}
    for n, root in enumerate(clusters):
        if worded[root] and sources[root] & (sources[root] - 1):  # other words, several sources
            bags[n] = scorer.bags[n] or frozenset(content_stems(nodes[n].text))
            for word in bags[n]:
                index[word].append(n)
    limit = min(REPEAT_COMMON, max(2, int(COMMON_SHARE * len(bags))))
    found: list[Edge] = []
    for number, n in enumerate(lonely):
        if not number % TICK_EVERY:
            tick(number / len(lonely))
        node = nodes[n]
        bag = scorer.bags[n] or frozenset(content_stems(node.text))
        shared = Counter(
            q
            for word in bag
            if len(index.get(word, ())) <= limit
            for q in index[word]
            if nodes[q].source != node.source and sources[clusters[q]] >> node.source & 1
        )
        for q in sorted(q for q, count in shared.items() if count >= 2):  # a pair shares two stems at least
            score = scorer.score_bags(bag, bags[q])
            if (
                score >= MEANING_THRESHOLD
                and not names_differ(node.text, nodes[q].text)
                and not judge(node.text, nodes[q].text, score).veto
            ):
                found.append((score, n, q))
    # Best first, ties in the canonical order: the same links whatever the order the files came in.
    return sorted(found, key=lambda edge: (-edge[0], canon[edge[1]], canon[edge[2]]))


def mark_repeats(
    run: AlignmentRun, groups: tuple[Group, ...], edges: list[Edge], wording: int, tick: Tick
) -> tuple[Group, ...]:
    """A passage alone in its group that is linked to a passage of a group of several sources was kept out
    of it because its own source is there already: the source tells the fact twice (a key point, then the
    body). It is not found in one source only: its group becomes "repeated", with ``repeats`` the group
    where the others report it, and its member is compared with the member there that it is linked to most
    (by wording when the first ``wording`` edges link them, else by meaning)."""
    nodes, sources, norm = run.nodes, run.sources, run.options.normalization
    node_at = {(node.source, node.passage.index): n for n, node in enumerate(nodes)}
    group_of: dict[int, Group] = {}
    lonely: dict[int, Group] = {}
    for group in groups:
        for member in group.members:
            for index in member.passages:
                group_of[node_at[(member.source, index)]] = group
        if group.kind == "unique" and len(group.members[0].passages) == 1:
            member = group.members[0]
            lonely[node_at[(member.source, member.passages[0])]] = group
    best: dict[int, tuple[float, int, bool]] = {}
    for number, (weight, p, q) in enumerate(edges):
        if not number % TICK_EVERY:
            tick(0.5 * number / max(1, len(edges)))
        if p not in lonely and q not in lonely:
            continue  # most links: between passages of groups
        for one, two in ((p, q), (q, p)):
            if (
                one in lonely
                and weight > best.get(one, (0.0,))[0]
                and len(group_of[two].members) > 1
                and nodes[one].source in group_of[two].sources  # it tells again what it says there
            ):
                best[one] = (weight, two, number < wording)
    repeated: dict[int, Group] = {}
    for done, (n, (weight, partner, by_wording)) in enumerate(sorted(best.items())):
        if not done % TICK_EVERY:
            tick(0.5 + 0.5 * done / max(1, len(best)))
        group, home = lonely[n], group_of[partner]
        (member,) = group.members
        other = home.member(nodes[partner].source)
        assert other is not None  # the partner's member in its group
        text, other_text = nodes[n].text, sources[other.source].text[other.start : other.end]
        kind: Classification
        doubt = ""
        if nodes[n].key == norm.key(other_text):
            kind, similarity, confidence = "identical", 1.0, 1.0
            edits: tuple[Edit, ...] = (Edit("equal", other.start, other.end, member.start, member.end),)
        else:
            diff = run.diff(other_text, text)
            kind = "reworded" if by_wording else "paraphrase"
            similarity = diff.similarity
            confidence, doubt = (similarity, "") if by_wording else _meaning_link(weight, other_text, text)
            edits = _shift(diff.edits, other.start, member.start)
        if is_possible(kind, confidence):
            found: tuple[Discrepancy, ...] = ()
        else:
            found = find_discrepancies(other_text, other.start, text, member.start, edits, _DETAILS[kind])
        linked = member._replace(
            classification=kind,
            similarity=similarity,
            compared_with=other.source,
            diff=edits,
            confidence=confidence,
            discrepancies=found,
            doubt=doubt,
        )
        repeated[group.id] = Group(group.id, "repeated", (linked,), member.source, home.id)
    return tuple(repeated.get(group.id, group) for group in groups)


def _meaning_link(scorer: MeaningScorer | float, comparand: str, member: str) -> tuple[float, str]:
    """The calibrated chance that a link by meaning between a member and its comparand is right, and what
    their claims say differently, the member's first ("differs: Friday / Wednesday"; empty when nothing
    does). ``scorer`` is the comparison's scorer, or the pair's score when it is known already."""
    score = scorer if isinstance(scorer, float) else scorer.score_texts(comparand, member)
    probability, verdict = link_chance(score, comparand, member)
    return probability, verdict.reason


def _verbatim(number: int, spans: dict[int, tuple[tuple[int, ...], int, int]], rank: list[int]) -> Group:
    """A group whose members all have the same words: each is compared with the reference, the reference
    with the next member in canonical order."""
    reference, closest = sorted(spans, key=rank.__getitem__)[:2]
    members = []
    for source, (indexes, start, end) in spans.items():
        other = closest if source == reference else reference
        _, a_start, a_end = spans[other]
        edit = Edit("equal", a_start, a_end, start, end)
        members.append(Member(source, indexes, start, end, "identical", 1.0, other, (edit,), confidence=1.0))
    return Group(number, "verbatim", tuple(members), reference)


def _reference(keys: dict[int, str], tokens_for: Callable[[int], Tokens], rank: list[int]) -> int:
    """The wording most members share verbatim; otherwise the one whose words the others share most."""
    counts = Counter(keys.values())
    top = max(counts.values())
    if top >= 2:
        best_key = min(key for key, count in counts.items() if count == top)
        return min((s for s in keys if keys[s] == best_key), key=rank.__getitem__)
    if len(keys) == 2:  # two different wordings: neither is more typical, take the canonical first
        return min(keys, key=rank.__getitem__)
    bags = {s: set(tokens_for(s).keys) for s in keys}
    everywhere: Counter[str] = Counter()
    for bag in bags.values():
        everywhere.update(bag)

    def typicality(s: int) -> float:
        words = bags[s]
        if not words:
            return 0.0
        return sum(len(word) * (everywhere[word] - 1) for word in words) / sum(len(word) for word in words)

    return max(keys, key=lambda s: (typicality(s), -rank[s]))


def _shift(edits: Iterable[Edit], a_offset: int, b_offset: int) -> tuple[Edit, ...]:
    return tuple(
        Edit(e.op, e.a_start + a_offset, e.a_end + a_offset, e.b_start + b_offset, e.b_end + b_offset)
        for e in edits
    )


def mark_moved(groups: list[Group], tick: Tick) -> tuple[Group, ...]:
    """Flag members whose group is out of order between their source and their comparand's."""
    moved: dict[tuple[int, int], frozenset[int]] = {}
    starts = starts_by_source(groups)
    result = []
    for number, group in enumerate(groups):
        if not number % TICK_EVERY:
            tick(number / max(1, len(groups)))
        flags = []
        for member in group.members:
            if member.compared_with is None:
                flags.append(False)
                continue
            pair = (min(member.source, member.compared_with), max(member.source, member.compared_with))
            if pair not in moved:
                moved[pair] = out_of_order(groups, *pair, starts)
            flags.append(group.id in moved[pair])
        if any(flags):
            members = tuple(
                m._replace(moved=True) if f else m for m, f in zip(group.members, flags, strict=True)
            )
            group = Group(group.id, group.kind, members, group.reference)
        result.append(group)
    return tuple(result)
