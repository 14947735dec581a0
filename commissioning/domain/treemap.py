"""A squarified treemap layout (Bruls, Huizing and van Wijk, 2000) as a pure function.

``squarify(values, width, height)`` splits the rectangle into one rectangle per value, each
with an area in proportion to its value, laid out in rows that keep every rectangle as close
to a square as the order allows. Values are taken largest first; zero and negative values get
no rectangle. Nothing here draws: callers turn the rectangles into SVG.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rect:
    """One value's rectangle: ``index`` is its position in the values given."""

    index: int
    x: float
    y: float
    width: float
    height: float

    @property
    def area(self) -> float:
        return self.width * self.height


def _worst(row: list[float], side: float) -> float:
    """The worst aspect ratio of a row of areas laid along a side of length ``side``."""
    total = sum(row)
    if total <= 0 or side <= 0:
        return float("inf")
    biggest, smallest = max(row), min(row)
    return max(side * side * biggest / (total * total), (total * total) / (side * side * smallest))


def squarify(values: list[float], width: float, height: float) -> list[Rect]:
    """Rectangles filling ``width`` × ``height``, one per positive value, largest first."""
    order = sorted(
        (index for index, value in enumerate(values) if value > 0),
        key=lambda index: -values[index],
    )
    total = sum(values[index] for index in order)
    if not order or width <= 0 or height <= 0:
        return []
    scale = width * height / total
    areas = [(index, values[index] * scale) for index in order]
    rects: list[Rect] = []
    x, y, w, h = 0.0, 0.0, float(width), float(height)
    row: list[tuple[int, float]] = []
    while areas:
        side = min(w, h)
        candidate = [*row, areas[0]]
        if not row or _worst([a for _, a in candidate], side) <= _worst([a for _, a in row], side):
            row = candidate
            areas.pop(0)
            continue
        x, y, w, h = _lay_row(row, x, y, w, h, rects)
        row = []
    if row:
        _lay_row(row, x, y, w, h, rects)
    return rects


def _lay_row(row, x, y, w, h, rects):
    """Lay ``row`` along the shorter side; return the rectangle left over."""
    total = sum(area for _, area in row)
    if w >= h:  # a column at the left, as wide as the row's area over the height
        thickness = total / h if h else 0
        offset = y
        for index, area in row:
            length = area / thickness if thickness else 0
            rects.append(Rect(index, x, offset, thickness, length))
            offset += length
        return x + thickness, y, w - thickness, h
    thickness = total / w if w else 0
    offset = x
    for index, area in row:
        length = area / thickness if thickness else 0
        rects.append(Rect(index, offset, y, length, thickness))
        offset += length
    return x, y + thickness, w, h - thickness
