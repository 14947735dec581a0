"""Draw the partnership's structure as an accessible SVG chart: bodies and their posts.

Each body is a box, indented under the body it sits within; each post is a line of text
saying whether it is filled (and by whom) or vacant, so nothing is told by colour alone.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from commissioning.partnership.governance_presenters import BodyRow, flatten

WIDTH = 760
INDENT = 32
LINE = 20
PADDING = 10
GAP = 14
MAX_CHARACTERS = 90


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def post_line(post) -> str:
    remit = f" ({post.remit})" if post.remit else ""
    holder = f"filled by {post.holder}" if post.holder else "vacant"
    return f"{post.title}{remit}: {holder}"


def describe(rows: list[BodyRow]) -> str:
    """The chart in one paragraph, for its <desc>."""
    flat = flatten(rows)
    filled = sum(row.filled for row in flat)
    total = sum(row.total for row in flat)
    return (
        f"{len(flat)} bodies with {total} posts, {filled} filled and {total - filled} vacant. "
        "Bodies within another body are drawn indented beneath it."
    )


def structure_chart(rows: list[BodyRow], *, chart_id: str = "structure-chart") -> str:
    """The SVG markup for the bodies in ``rows`` (a tree from ``structure``)."""
    parts: list[str] = []
    y = PADDING
    for row in flatten(rows):
        x = PADDING + row.depth * INDENT
        width = WIDTH - x - PADDING
        limit = MAX_CHARACTERS - row.depth * 4
        lines = [post_line(post) for post in row.posts] or ["No posts"]
        height = PADDING * 2 + LINE * (len(lines) + 1)
        if row.depth:
            parts.append(
                f'<path d="M{x - INDENT / 2} {y - GAP} V{y + LINE} H{x}" '
                'fill="none" stroke="#505a5f" stroke-width="2"/>'
            )
        parts.append(
            f'<rect x="{x}" y="{y}" width="{width}" height="{height}" rx="4" '
            'fill="#ffffff" stroke="#0b0c0c" stroke-width="2"/>'
        )
        heading = f"{row.name}: {row.filled_summary}"
        parts.append(
            f'<text x="{x + PADDING}" y="{y + PADDING + 14}" font-weight="bold" '
            f'font-size="16">{escape(_clip(heading, limit))}</text>'
        )
        for number, line in enumerate(lines, start=1):
            vacant = line.endswith(": vacant")
            style = ' font-style="italic"' if vacant else ""
            parts.append(
                f'<text x="{x + PADDING + 12}" y="{y + PADDING + 14 + number * LINE}" '
                f'font-size="14" fill="#0b0c0c"{style}>{escape(_clip(line, limit))}</text>'
            )
        y += height + GAP
    height = y + PADDING - GAP
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id={quoteattr(chart_id)} role="img" '
        f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {WIDTH} {max(height, 40)}" '
        f'width="100%" font-family="Arial, sans-serif">'
        f'<title id="{title_id}">Structure of the partnership</title>'
        f'<desc id="{desc_id}">{escape(describe(rows))}</desc>' + "".join(parts) + "</svg>"
    )
