"""Outcome chains drawn by Graphviz (docs/adr/0015): SVG for the page, SVG and PNG to download.

Labels are people's text, so each is HTML-escaped into a Graphviz HTML-like label (never
raw DOT), and the SVG that comes back is checked: anything but drawing elements and links
to our own pages is taken out, so nothing a person wrote can run in the page.
"""

from __future__ import annotations

import html
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

import graphviz

from commissioning.outcomes.models import Level

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)

# Colour, and a shape too so the level never rests on colour alone.
LEVEL_STYLE = {
    Level.POPULATION_RESULT: {"fillcolor": "#1d70b8", "fontcolor": "#ffffff", "shape": "box"},
    Level.INTERMEDIATE_OUTCOME: {
        "fillcolor": "#cce2d8",
        "fontcolor": "#0b0c0c",
        "shape": "box",
        "style": "rounded,filled",
    },
    Level.CONTRIBUTORY_FACTOR: {"fillcolor": "#fff7bf", "fontcolor": "#0b0c0c", "shape": "ellipse"},
}
LEVEL_SHAPE_NAMES = {
    Level.POPULATION_RESULT: "square-cornered box",
    Level.INTERMEDIATE_OUTCOME: "rounded box",
    Level.CONTRIBUTORY_FACTOR: "oval",
}
ALLOWED_ELEMENTS = {"svg", "g", "title", "a", "polygon", "path", "ellipse", "text", "polyline"}
ALLOWED_ATTRIBUTES = {
    "id",
    "class",
    "width",
    "height",
    "viewBox",
    "transform",
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "points",
    "d",
    "cx",
    "cy",
    "rx",
    "ry",
    "x",
    "y",
    "text-anchor",
    "font-family",
    "font-size",
    "font-weight",
    "role",
    "aria-label",
    "aria-labelledby",
    "focusable",
}


@dataclass(frozen=True)
class Node:
    key: str
    code: str
    title: str
    level: str
    url: str


@dataclass(frozen=True)
class Edge:
    start: str
    end: str
    style: str = "solid"
    label: str = ""


def _label(node: Node) -> str:
    lines = textwrap.wrap(node.title, 28) or [""]
    body = "<BR/>".join(html.escape(line) for line in lines)
    if node.code:
        body = f"<B>{html.escape(node.code)}</B><BR/>{body}"
    return f"<{body}>"


def _add_node(graph, node: Node) -> None:
    style = {"style": "filled", **LEVEL_STYLE.get(node.level, {})}
    graph.node(
        node.key,
        label=_label(node),
        URL=graphviz.escape(node.url),
        tooltip=graphviz.escape(f"{node.code} {node.title}".strip()),
        target="_top",
        **style,
    )


def _graph(title: str) -> graphviz.Digraph:
    graph = graphviz.Digraph(
        graph_attr={
            "rankdir": "BT",
            "fontname": "Helvetica",
            "nodesep": "0.3",
            "ranksep": "0.5",
            "tooltip": graphviz.escape(title),
        },
        node_attr={"fontname": "Helvetica", "fontsize": "11", "margin": "0.12,0.06"},
        edge_attr={"color": "#505a5f", "arrowsize": "0.7"},
    )
    return graph


def chain_graph(title: str, nodes: Iterable[Node], edges: Iterable[Edge]) -> graphviz.Digraph:
    """A chain as a Graphviz graph: factors at the bottom, population results at the top."""
    graph = _graph(title)
    for node in nodes:
        _add_node(graph, node)
    for edge in edges:
        graph.edge(edge.start, edge.end, style=edge.style)
    return graph


def alignment_graph(
    title: str,
    council: tuple[str, Iterable[Node], Iterable[Edge]],
    partner: tuple[str, Iterable[Node], Iterable[Edge]],
    matches: Iterable[Edge],
) -> graphviz.Digraph:
    """Two chains side by side, each in its box, with the marks between them dashed."""
    graph = _graph(title)
    graph.attr(rankdir="BT", newrank="true", compound="true")
    for name, (label, nodes, edges) in (("cluster_council", council), ("cluster_partner", partner)):
        with graph.subgraph(name=name) as box:
            box.attr(label=f"<{html.escape(label)}>", style="rounded", color="#b1b4b6")
            for node in nodes:
                _add_node(box, node)
            for edge in edges:
                box.edge(edge.start, edge.end)
    for edge in matches:
        graph.edge(
            edge.start,
            edge.end,
            style="dashed",
            color="#d4351c" if edge.style == "conflicts" else "#00703c",
            constraint="false",
            dir="none",
            label=f"<{html.escape(edge.label)}>" if edge.label else "",
            fontsize="9",
        )
    return graph


def render_svg(graph: graphviz.Digraph, *, description: str) -> str:
    """The graph as SVG safe to put in a page: no prolog, no script, only our own links."""
    raw = graph.pipe(format="svg", encoding="utf-8")
    return clean_svg(raw, description=description)


def render_png(graph: graphviz.Digraph) -> bytes:
    return graph.pipe(format="png")


def clean_svg(raw: str, *, description: str) -> str:
    """Keep only drawing elements and attributes, and links to paths of this site."""
    root = ET.fromstring(raw)
    _clean(root)
    root.set("role", "img")
    root.set("aria-label", description)
    root.set("focusable", "false")
    # The prefix map is global to ElementTree and other libraries register their own: name
    # the SVG namespace as the default and xlink's prefix again, whatever was registered since.
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    return ET.tostring(root, encoding="unicode")


def _clean(element: ET.Element) -> None:
    for child in list(element):
        tag = child.tag.rsplit("}", 1)[-1]
        if tag not in ALLOWED_ELEMENTS:
            element.remove(child)
            continue
        _clean(child)
    for name in list(element.attrib):
        local = name.rsplit("}", 1)[-1]
        if name == f"{{{XLINK}}}href" or local == "href":
            value = element.attrib.pop(name)
            if value.startswith("/") and not value.startswith("//"):
                element.set(f"{{{XLINK}}}href", value)
        elif local == "title" and name.startswith(f"{{{XLINK}}}"):
            element.set(f"{{{XLINK}}}title", element.attrib.pop(name))
        elif local not in ALLOWED_ATTRIBUTES:
            del element.attrib[name]
