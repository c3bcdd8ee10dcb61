"""A scenario's branches drawn as an SVG at build time: a node per step, an edge per reply.

Steps are laid out top to bottom in rows by how many replies it takes to reach them
(breadth first from the start, replies in their listed order), so the page reads like
the conversation. Decisions are rectangles; endings are shaped by outcome (success an
ellipse, partial a hexagon, failure an octagon) and say their outcome in words. Replies
are styled by quality with more than colour: best solid, good dashed, poor dotted. Every
edge carries a short label (step number and letter, such as "2B") that the text
alternative spells out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Choice, Scenario

WIDTH = 680  # fits A4 and Letter at print width; the SVG scales down on screens
NODE_W, NODE_H = 150, 46
ROW_GAP = 86
TOP, SIDE = 20, 12
MAX_PER_ROW = 4
DASH = {"best": "", "good": "8 5", "poor": "2 4"}
OUTCOME = {"success": "Success", "partial": "Partly resolved", "failure": "Not resolved"}


@dataclass(frozen=True)
class Edge:
    """One reply, from the step it is given at to the step it leads to."""

    source: str
    target: str
    label: str
    quality: str
    text: str


@dataclass
class Node:
    """One step, with its place on the map."""

    step_id: str
    title: str
    """As the text alternative says it: "Step 3" or "Ending: Success"."""
    ending: str | None
    x: float = 0
    y: float = 0
    edges: list[Edge] = field(default_factory=list)


@dataclass(frozen=True)
class BranchMap:
    """Nodes in reading order, the edges of each, and the SVG's height."""

    nodes: list[Node]
    height: float

    @property
    def edges(self) -> list[Edge]:
        """Every reply of every step."""
        return [e for n in self.nodes for e in n.edges]


def _letters(index: int) -> str:
    return chr(ord("A") + index) if index < 26 else f"{index + 1}"


def build_map(s: Scenario, order: list[str], listed: dict[str, list[Choice]]) -> BranchMap:
    """Lay out the steps of ``s`` (``order``: reading order; ``listed``: replies by step)."""
    depth = {s.start: 0}
    for step_id in order:  # breadth-first order, so a step's depth is already known
        for choice in listed[step_id]:
            depth.setdefault(choice.next, depth[step_id] + 1)
    number = {sid: i + 1 for i, sid in enumerate(x for x in order if not s.steps[x].ending)}
    nodes: dict[str, Node] = {}
    for step_id in order:
        step = s.steps[step_id]
        title = f"Ending: {OUTCOME[step.ending]}" if step.ending else f"Step {number[step_id]}"
        nodes[step_id] = Node(step_id, title, step.ending)
    for step_id in order:
        node = nodes[step_id]
        for index, choice in enumerate(listed[step_id]):
            label = f"{number[step_id]}{_letters(index)}"
            node.edges.append(Edge(step_id, choice.next, label, choice.quality, choice.text))

    rows: list[list[Node]] = []
    for level in range(max(depth.values()) + 1):
        members = [nodes[x] for x in order if depth[x] == level]
        rows += [members[i : i + MAX_PER_ROW] for i in range(0, len(members), MAX_PER_ROW)]
    y = TOP
    for row in rows:
        gap = (WIDTH - 2 * SIDE - len(row) * NODE_W) / (len(row) + 1)
        for i, node in enumerate(row):
            node.x = SIDE + gap + i * (NODE_W + gap)
            node.y = y
        y += NODE_H + ROW_GAP
    return BranchMap(list(nodes.values()), y - ROW_GAP + TOP)


@dataclass(frozen=True)
class DrawnEdge:
    """An edge with its SVG path and where its label goes."""

    edge: Edge
    path: str
    label_x: float
    label_y: float
    dash: str


def draw_edges(m: BranchMap) -> list[DrawnEdge]:
    """Paths for every edge: down to a lower row as a gentle curve, otherwise around the
    right-hand side (replies that lead back or sideways)."""
    at = {n.step_id: n for n in m.nodes}
    out: list[DrawnEdge] = []
    for node in m.nodes:
        count = len(node.edges)
        for i, edge in enumerate(node.edges):
            target = at[edge.target]
            sx = node.x + NODE_W * (i + 1) / (count + 1)
            sy = node.y + NODE_H
            if target.y > node.y:
                tx = target.x + NODE_W / 2 + (i - (count - 1) / 2) * 10
                ty = target.y
                mid = (sy + ty) / 2
                path = (
                    f"M{sx:.1f},{sy:.1f} C{sx:.1f},{mid:.1f} {tx:.1f},{mid:.1f} {tx:.1f},{ty:.1f}"
                )
                # Labels sit on the upper part of the curve, near their own step, where
                # the curves of one step have not yet met.
                lx, ly = sx + (tx - sx) * 0.12, sy + (ty - sy) * 0.3
            else:
                tx, ty = target.x + NODE_W, target.y + NODE_H / 2 + (i - (count - 1) / 2) * 8
                reach = WIDTH - SIDE / 2
                path = (
                    f"M{sx:.1f},{sy:.1f} C{sx:.1f},{sy + 30:.1f} {reach:.1f},{sy + 30:.1f} "
                    f"{reach:.1f},{(sy + ty) / 2:.1f} S{tx + 40:.1f},{ty:.1f} {tx:.1f},{ty:.1f}"
                )
                lx, ly = sx, sy + 18
            out.append(DrawnEdge(edge, path, lx, ly, DASH[edge.quality]))
    return out


def ending_shape(node: Node) -> str:
    """The SVG points of an ending's outline (hexagon or octagon); "" for an ellipse."""
    x, y, w, h = node.x, node.y, NODE_W, NODE_H
    if node.ending == "partial":
        return (
            f"{x + 14},{y} {x + w - 14},{y} {x + w},{y + h / 2} {x + w - 14},{y + h} "
            f"{x + 14},{y + h} {x},{y + h / 2}"
        )
    if node.ending == "failure":
        c = 12
        return (
            f"{x + c},{y} {x + w - c},{y} {x + w},{y + c} {x + w},{y + h - c} "
            f"{x + w - c},{y + h} {x + c},{y + h} {x},{y + h - c} {x},{y + c}"
        )
    return ""
