"""Outcomes frameworks published as nested lists rather than tables.

Councils often publish a framework in Word or as text: a heading or a bullet per theme,
the outcomes under it, the sub-outcomes under those ("Healthier → People live longer →
Fewer people smoke"). Headings and list items are read as one outline: a heading's depth is
its level, a list item sits below the heading above it at its own list depth. An outline of
three levels or more reads its top as themes; of two, as outcomes and their sub-outcomes.
Each item contributes to the one above it; a leading code ("H1", "2.3") is kept as its code.
Plain paragraphs (an introduction, notes) are not part of the outline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from commissioning.domain.plan import OutcomePlan
from commissioning.reading.readers import Document, Paragraph

_BULLET = re.compile(r"^[-*+•]\s+")
_CODE = re.compile(r"^(?P<code>[A-Z]{0,4}\d+(?:\.\d+)*[a-z]?)[.:)]?\s+(?P<title>\S.*)$")
LEVELS = ("population_result", "intermediate_outcome", "contributory_factor")
MINIMUM_ITEMS = 3  # an outline shorter than this is not a framework


@dataclass
class _Node:
    text: str
    line: int
    depth: int
    children: list[_Node] = field(default_factory=list)


def read_outcome_list(document: Document) -> list[OutcomePlan]:
    """The outcomes of a framework written as an outline; [] when the document has none (no
    list, or an outline of one level only)."""
    roots = _outline([block for block in document.blocks if isinstance(block, Paragraph)])
    height = max((_height(node) for node in roots), default=0)
    if height < 2 or sum(_count(node) for node in roots) < MINIMUM_ITEMS:
        return []
    outcomes: list[OutcomePlan] = []
    if height >= 3:
        for theme in roots:
            for child in theme.children:
                _collect(child, theme=_title(theme.text)[1], parent=None, depth=0, into=outcomes)
    else:
        for root in roots:
            _collect(root, theme=None, parent=None, depth=0, into=outcomes)
    return outcomes


def _outline(paragraphs: list[Paragraph]) -> list[_Node]:
    """Headings and list items as a tree; other paragraphs are left out."""
    heading_levels = sorted({p.level for p in paragraphs if p.level > 0})
    under_headings = len(heading_levels)
    roots: list[_Node] = []
    stack: list[_Node] = []
    for paragraph in paragraphs:
        if paragraph.level > 0:
            depth = heading_levels.index(paragraph.level)
        elif paragraph.list_level is not None:
            depth = under_headings + paragraph.list_level
        else:
            continue
        text = _BULLET.sub("", paragraph.text).strip()
        if not text:
            continue
        node = _Node(text, paragraph.line, depth)
        while stack and stack[-1].depth >= depth:
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    # A title above everything (one heading over themes, outcomes and sub-outcomes) is not
    # a theme; one heading over outcomes and sub-outcomes is taken as their theme.
    while len(roots) == 1 and _height(roots[0]) > 3:
        roots = roots[0].children
    return roots


def _height(node: _Node) -> int:
    return 1 + max((_height(child) for child in node.children), default=0)


def _count(node: _Node) -> int:
    return 1 + sum(_count(child) for child in node.children)


def _title(text: str) -> tuple[str | None, str]:
    match = _CODE.match(text)
    if match:
        return match.group("code"), match.group("title").strip()
    return None, text


def _collect(node: _Node, *, theme, parent, depth: int, into: list[OutcomePlan]) -> None:
    code, title = _title(node.text)
    into.append(
        OutcomePlan(
            code=code,
            title=title,
            level=LEVELS[min(depth, len(LEVELS) - 1)],
            theme=theme,
            parent=parent,
            line=node.line,
        )
    )
    for child in node.children:
        _collect(child, theme=theme, parent=code or title, depth=depth + 1, into=into)
