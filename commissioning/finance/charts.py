"""The pot's charts, drawn on the server as SVG (no script), each beside a table of the same
numbers: stacked bars of each partner's spend by theme, and a treemap of the themes.

Pure drawing from the matrix already counted: nothing here queries the database.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape

from commissioning.domain.treemap import squarify

# GOV.UK Frontend colours, in turn; each fill also has its name in the legend and the table.
FILLS = [
    "#1d70b8",
    "#00703c",
    "#d4351c",
    "#4c2c92",
    "#f47738",
    "#28a197",
    "#912b88",
    "#85994b",
    "#b58840",
    "#003078",
    "#5694ca",
    "#f499be",
]
TEXT = "#0b0c0c"
AXIS = "#505a5f"
NS = 'xmlns="http://www.w3.org/2000/svg"'


def fill(index: int) -> str:
    return FILLS[index % len(FILLS)]


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def text_on(colour: str) -> str:
    """White or near-black, whichever reads better on ``colour`` (WCAG contrast)."""
    light = _luminance(colour)
    on_white = 1.05 / (light + 0.05)
    on_black = (light + 0.05) / (_luminance(TEXT) + 0.05)
    return "#ffffff" if on_white >= on_black else TEXT


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def money(value: Decimal) -> str:
    """£1.2m, £350k, £900: short amounts for labels (tables give them in full)."""
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value >= 1_000_000_000:
        return f"{sign}£{value / 1_000_000_000:.1f}bn"
    if value >= 1_000_000:
        return f"{sign}£{value / 1_000_000:.1f}m"
    if value >= 1_000:
        return f"{sign}£{value / 1_000:.0f}k"
    return f"{sign}£{value:.0f}"


def stacked_bars(matrix, *, title: str) -> str:
    """One horizontal bar per partner, its segments the themes (or outcomes) it pays for."""
    rows, columns = matrix.rows, matrix.columns
    label_width, width, bar, gap, top = 230, 760, 22, 10, 10
    plot = width - label_width - 80
    biggest = max((max(row.total, Decimal(0)) for row in rows), default=Decimal(0))
    height = top + len(rows) * (bar + gap) + 30 + 22 * ((len(columns) + 2) // 3)
    parts = [
        f'<svg {NS} role="img" aria-labelledby="pot-bars-title" viewBox="0 0 {width} {height}" '
        f'width="100%" class="app-pot-chart">',
        f'<title id="pot-bars-title">{escape(title)}</title>',
    ]
    for r, row in enumerate(rows):
        y = top + r * (bar + gap)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar * 0.7:.1f}" text-anchor="end" '
            f'font-size="13" fill="{TEXT}">{escape(_short(row.label, 28))}</text>'
        )
        x = float(label_width)
        for c, amount in enumerate(row.cells):
            if amount <= 0 or biggest <= 0:
                continue
            w = float(amount / biggest) * plot
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{fill(c)}">'
                f"<title>{escape(row.label)}, {escape(columns[c].label)}: "
                f"{escape(money(amount))}</title></rect>"
            )
            x += w
        parts.append(
            f'<text x="{x + 6:.1f}" y="{y + bar * 0.7:.1f}" font-size="13" fill="{TEXT}">'
            f"{escape(money(row.total))}</text>"
        )
    legend_top = top + len(rows) * (bar + gap) + 16
    for c, column in enumerate(columns):
        x = 10 + (c % 3) * 250
        y = legend_top + (c // 3) * 22
        parts.append(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{fill(c)}"/>')
        parts.append(
            f'<text x="{x + 20}" y="{y + 12}" font-size="13" fill="{TEXT}">'
            f"{escape(column.label[:32])}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def treemap(matrix, *, title: str) -> str:
    """The themes (or outcomes) as rectangles in proportion to the money spent on each."""
    width, height = 760, 380
    columns = matrix.columns
    rects = squarify([float(column.total) for column in columns], width, height)
    parts = [
        f'<svg {NS} role="img" aria-labelledby="pot-treemap-title" '
        f'viewBox="0 0 {width} {height}" width="100%" class="app-pot-chart">',
        f'<title id="pot-treemap-title">{escape(title)}</title>',
    ]
    for rect in rects:
        column = columns[rect.index]
        parts.append(
            f'<rect x="{rect.x:.1f}" y="{rect.y:.1f}" width="{rect.width:.1f}" '
            f'height="{rect.height:.1f}" fill="{fill(rect.index)}" stroke="#ffffff" '
            f'stroke-width="2"><title>{escape(column.label)}: {escape(money(column.total))}'
            f"</title></rect>"
        )
        if rect.width > 70 and rect.height > 36:
            characters = int(rect.width / 8)
            ink = text_on(fill(rect.index))
            parts.append(
                f'<text x="{rect.x + 6:.1f}" y="{rect.y + 18:.1f}" font-size="14" '
                f'fill="{ink}">{escape(column.label[:characters])}</text>'
                f'<text x="{rect.x + 6:.1f}" y="{rect.y + 34:.1f}" font-size="13" '
                f'fill="{ink}">{escape(money(column.total))}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def per_head_line(points: list[tuple[str, Decimal | None]], *, title: str) -> str:
    """Spend per head over the years: a simple column per year (years without a population
    are left out and said so in the table beside it)."""
    known = [(year, value) for year, value in points if value is not None]
    width, height, left, bottom = 760, 220, 60, 180
    parts = [
        f'<svg {NS} role="img" aria-labelledby="per-head-title" viewBox="0 0 {width} {height}" '
        f'width="100%" class="app-pot-chart">',
        f'<title id="per-head-title">{escape(title)}</title>',
        f'<line x1="{left}" y1="{bottom}" x2="{width - 10}" y2="{bottom}" stroke="{AXIS}"/>',
    ]
    biggest = max((value for _, value in known), default=Decimal(0))
    step = (width - left - 20) / max(len(known), 1)
    for i, (year, value) in enumerate(known):
        h = float(value / biggest) * (bottom - 30) if biggest > 0 and value > 0 else 0
        x = left + i * step + step * 0.2
        parts.append(
            f'<rect x="{x:.1f}" y="{bottom - h:.1f}" width="{step * 0.6:.1f}" height="{h:.1f}" '
            f'fill="{fill(0)}"><title>{escape(year)}: £{value:,.2f} a head</title></rect>'
            f'<text x="{x + step * 0.3:.1f}" y="{bottom + 18}" text-anchor="middle" '
            f'font-size="13" fill="{TEXT}">{escape(year)}</text>'
            f'<text x="{x + step * 0.3:.1f}" y="{bottom - h - 6:.1f}" text-anchor="middle" '
            f'font-size="13" fill="{TEXT}">£{value:,.2f}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
