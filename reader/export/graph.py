"""The "who copies whom" graph: sources as boxes, an arrow from the source a text came from to the one that
took it, as thick as the share taken. One layout (no Qt) for the window's view and the HTML and PDF exports.

The boxes sit on an ellipse, clockwise from the top left in order of publication (sources without a date
last), so the arrows of a story that spreads run mostly clockwise. A pair whose direction is not known is a
dashed line without a head.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from html import escape

from reader.core.alignment.align import Alignment
from reader.core.provenance.who_first import Copying, provenance
from reader.export import palette

RADIUS = 8.0  # a source is a dot, its label (reader.core.reading.labels) and its day outward of it
LABEL_W = 150.0  # at most this wide; less when the sources sit closer together
LABEL_H = 46.0  # a label on two lines, and the day (a rare third line takes from the margin)
MIN_LABEL_W = 128.0  # "Musk Admits xAI" on a line: narrower, labels break into too many lines
CHAR_W = 7.0  # about how wide a character of an edge's label is (12 px, bold): to keep labels apart
MIN_SHARE = 0.005  # a pair sharing less than half a percent is listed, not drawn


@dataclass(frozen=True)
class Node:
    source: int
    x: float  # centre
    y: float
    label: str
    date: str
    above: bool  # the name and date are written above the circle (the top half), else below: outward


@dataclass(frozen=True)
class Edge:
    copy: int  # index into provenance.copying
    x1: float  # from the origin's box ...
    y1: float
    x2: float  # ... to the copier's
    y2: float
    width: float
    known: bool
    label: str
    label_x: float = -1.0  # where the label is centred: along the edge, clear of the other labels
    label_y: float = -1.0

    def distance(self, x: float, y: float) -> float:
        """How far the point is from this edge's line segment."""
        dx, dy = self.x2 - self.x1, self.y2 - self.y1
        length = dx * dx + dy * dy
        t = 0.0 if length == 0 else max(0.0, min(1.0, ((x - self.x1) * dx + (y - self.y1) * dy) / length))
        return math.hypot(x - (self.x1 + t * dx), y - (self.y1 + t * dy))

    @property
    def middle(self) -> tuple[float, float]:
        return (self.x1 + self.x2) / 2, (self.y1 + self.y2) / 2


@dataclass(frozen=True)
class Graph:
    width: float
    height: float
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    label_width: float  # how wide a source's name and date may be written
    left_out: int = 0  # sources not drawn: more than ``MOST_NODES``, none of the largest pairs


MOST_NODES = 8
_AREA_PER_NODE = 9000.0  # square points a dot with its two-line label and its arrows need
"""The most sources the graph draws. With more, it draws the largest copying pairs (by share) while their
sources fit, and only those pairs: fifty dots on a ring, or every pair among eight syndicated copies, are a
blot; the pairs are all listed beside the graph, and the overview of sources shows every source."""


def drawn(alignment: Alignment, most: int = MOST_NODES) -> tuple[list[int], set[int] | None]:
    """The sources the graph draws and the pairs (indexes into ``provenance.copying``) it draws between
    them: every source and every pair (None), or, with more than ``most`` sources, the largest pairs added
    one by one while their sources fit, at most ``most`` of them."""
    count = len(alignment.sources)
    if count <= most:
        return list(range(count)), None
    chosen: list[int] = []
    pairs: set[int] = set()
    # Already by share, largest first: the largest pairs are the first ones, not a sort of every pair away
    # (125,000 of them for 500 sources that all share text, and the window's graph is laid out at each resize).
    for index, copy in enumerate(provenance(alignment).copying):
        if copy.share < MIN_SHARE:
            break
        new = [s for s in (copy.origin, copy.copier) if s not in chosen]
        if len(chosen) + len(new) <= most:
            chosen += new
            pairs.add(index)
        if len(pairs) == most:  # as many arrows as dots: more, between syndicated copies, are a blot
            break
    return sorted(chosen), pairs


def layout(alignment: Alignment, width: float, height: float) -> Graph:
    """Place the sources and the copying between them in a ``width`` × ``height`` area."""
    found = provenance(alignment)
    # A small area (the side panel on a laptop) holds fewer labelled dots than a page.
    sources, pairs = drawn(alignment, max(3, min(MOST_NODES, int(width * height // _AREA_PER_NODE))))

    def when(source: int) -> tuple[int, datetime, int]:
        published = found.published[source]
        return (0, published.span()[0], source) if published else (1, datetime.min, source)

    ordered = sorted(sources, key=when)
    count = len(ordered)
    margin = 8.0
    rx = max(0.0, width / 2 - LABEL_W / 2 - margin)
    ry = max(0.0, height / 2 - RADIUS - LABEL_H - margin)
    # Neighbours on the ellipse are about this far apart: their labels must not run into each other.
    spacing = 2 * math.pi * math.sqrt((rx * rx + ry * ry) / 2) / max(1, count) if count > 2 else width / 2
    label_width = max(MIN_LABEL_W, min(LABEL_W, spacing - 6))
    rx = max(0.0, width / 2 - label_width / 2 - margin)
    names = alignment.labels
    nodes: dict[int, Node] = {}
    for place, source in enumerate(ordered):
        # Clockwise from the top left; two sources side by side; one in the middle.
        angle = math.pi + math.pi / 4 + 2 * math.pi * place / count if count > 2 else math.pi * (1 + place)
        x = width / 2 + (rx * math.cos(angle) if count > 1 else 0.0)
        y = height / 2 + (ry * math.sin(angle) if count > 2 else 0.0)
        published = found.published[source]
        date = published.day if published else "date unknown"
        nodes[source] = Node(source, x, y, names[source], date, y < height / 2 - 1)
    edges = []
    taken: list[tuple[float, float, float, float]] = []  # the boxes of the edge labels placed so far
    for index, copy in enumerate(found.copying):
        if copy.share < MIN_SHARE or (pairs is not None and index not in pairs):
            continue
        origin, copier = nodes[copy.origin], nodes[copy.copier]
        x1, y1 = _boundary(origin, copier)
        x2, y2 = _boundary(copier, origin)
        # An arrow's number is its taker's share; a line without a head names whose share it is.
        label = f"{copy.share:.0%}"  # whose share a line without a head carries, its tooltip says
        lx, ly = _label_place(x1, y1, x2, y2, CHAR_W * len(label) + 8, 18.0, taken)
        width_ = 1.5 + 10 * copy.share
        edges.append(Edge(index, x1, y1, x2, y2, width_, copy.known, label, lx, ly))
    left_out = len(alignment.sources) - len(sources)
    return Graph(width, height, tuple(nodes[s] for s in sources), tuple(edges), label_width, left_out)


def _label_place(
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    w: float,
    h: float,
    taken: list[tuple[float, float, float, float]],
) -> tuple[float, float]:
    """Where along the edge its label goes: the middle, or the nearest place to it that no label placed
    before covers (arrows that cross in the middle would put their labels on top of each other)."""
    for t in (0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8):
        x, y = x1 + t * (x2 - x1), y1 + t * (y2 - y1)
        box = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
            taken.append(box)
            return x, y
    return (x1 + x2) / 2, (y1 + y2) / 2


def _boundary(node: Node, toward: Node) -> tuple[float, float]:
    """Where the line from ``node``'s centre toward ``toward`` leaves its circle (plus a small gap)."""
    dx, dy = toward.x - node.x, toward.y - node.y
    length = math.hypot(dx, dy)
    if length == 0:
        return node.x, node.y
    scale = (RADIUS + 3) / length
    return node.x + dx * scale, node.y + dy * scale


def arrow_head(edge: Edge, size: float) -> list[tuple[float, float]]:
    """The triangle at the copier's end of a known edge."""
    angle = math.atan2(edge.y2 - edge.y1, edge.x2 - edge.x1)
    spread = 0.45
    return [
        (edge.x2, edge.y2),
        (edge.x2 - size * math.cos(angle - spread), edge.y2 - size * math.sin(angle - spread)),
        (edge.x2 - size * math.cos(angle + spread), edge.y2 - size * math.sin(angle + spread)),
    ]


GRAPH_SIZE = (640.0, 360.0)  # the exports' graph, in points


def to_svg(alignment: Alignment, width: float = GRAPH_SIZE[0], height: float = GRAPH_SIZE[1]) -> str:
    """The graph as an SVG element, for the HTML export (text escaped; no script, no external reference)."""
    graph = layout(alignment, width, height)
    copying: tuple[Copying, ...] = provenance(alignment).copying
    names = alignment.labels
    parts = [
        f'<svg class="copy-graph" viewBox="0 0 {width:g} {height:g}" width="{width:g}" height="{height:g}" '
        f'role="img" aria-label="Who copies whom: arrows from the source to the one that takes its text">'
    ]
    for edge in graph.edges:
        copy = copying[edge.copy]
        color = palette.TEXT if edge.known else palette.MUTED
        dash = "" if edge.known else ' stroke-dasharray="6 4"'
        title = escape(
            f"{names[copy.copier]} takes {copy.share:.0%} of its text from {names[copy.origin]}"
            if copy.known
            else f"{copy.share:.0%} of {names[copy.copier]}'s words, {copy.reverse_share:.0%} of "
            f"{names[copy.origin]}'s, are copied between them; which came first is unknown"
        )
        parts.append(
            f'<g><title>{title}</title><line x1="{edge.x1:.1f}" y1="{edge.y1:.1f}" x2="{edge.x2:.1f}" '
            f'y2="{edge.y2:.1f}" stroke="{color}" stroke-width="{edge.width:.1f}"{dash} stroke-linecap="round"/>'
        )
        if edge.known:
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in arrow_head(edge, 8 + edge.width))
            parts.append(f'<polygon points="{points}" fill="{color}"/>')
        mx, my = edge.label_x, edge.label_y
        parts.append(
            f'<text x="{mx:.1f}" y="{my + 4:.1f}" text-anchor="middle" font-size="12" font-weight="600" '
            f'fill="{palette.TEXT}" stroke="#ffffff" stroke-width="4" paint-order="stroke">{escape(edge.label)}</text></g>'
        )
    for node in graph.nodes:
        name_y = node.y - RADIUS - 20 if node.above else node.y + RADIUS + 14
        parts.append(
            f'<g><circle cx="{node.x:.1f}" cy="{node.y:.1f}" r="{RADIUS:g}" fill="{palette.MUTED}" '
            f'stroke="{palette.MUTED}" stroke-width="1.5"/>'
            f'<text x="{node.x:.1f}" y="{name_y:.1f}" text-anchor="middle" font-size="12" '
            f'font-weight="600" fill="{palette.TEXT}">{escape(node.label)}</text>'
            f'<text x="{node.x:.1f}" y="{name_y + 14:.1f}" text-anchor="middle" font-size="11" '
            f'fill="{palette.MUTED}">{escape(node.date)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
