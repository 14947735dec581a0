"""The timeline: stages and actions on a months axis, as SVG for pages and PNG for Word.

Windows of a month, quarter, financial year or season are bars from start to end; a single
day is a point. Open, unreadable or missing timescales cannot be placed and are listed
apart. Both drawings come from one layout, so the SVG and the PNG show the same thing.
"""

from __future__ import annotations

import calendar
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from commissioning.domain.rag import RAG_ORDER
from commissioning.domain.timescales import Precision
from commissioning.reports.presenters import RagStyle, item_label, rag_style, readable_date
from commissioning.reports.report import Report, ReportItem

MAX_ACTIONS = 60  # more than this and the chart says how many it left out
MAX_MONTHS = 120  # the axis never spans more than ten years
MAX_UNDATED_LINES = 25
LABEL_CHARS = 44

PAD = 16
LABEL_WIDTH = 330
CHART_WIDTH = 640
RAG_WIDTH = 100
WIDTH = PAD + LABEL_WIDTH + CHART_WIDTH + RAG_WIDTH + PAD
AXIS_HEIGHT = 44
ROW_HEIGHT = 22
LINE_HEIGHT = 18
FONT_SIZE = 12
INK = "#0b0c0c"
GRID = "#b1b4b6"
SECONDARY = "#505a5f"
FONT_PATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BOLD_FONT_PATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def is_dated(item: ReportItem) -> bool:
    """Whether the item has a window to draw (not open, recurring, unreadable or unset)."""
    return item.due is not None and item.due.start is not None and item.due.end is not None


def undated_items(report: Report) -> list[ReportItem]:
    """Stages and actions whose timescale is open, unreadable or not set: listed apart."""
    return [item for item in [*report.stages, *report.actions] if not is_dated(item)]


def undated_reason(item: ReportItem) -> str:
    if item.due is None:
        return "no timescale"
    if item.due.precision is Precision.OPEN:
        return f"{item.due.text} (no fixed dates)"
    if item.due.precision is Precision.RECURRING:
        return f"{item.due.text} (recurring)"
    return f"{item.due.text} (could not be read)"


# --- layout ---


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Row:
    """One line of the chart: a heading (no item) or an item as a bar or a point."""

    y: float
    label: str
    item: ReportItem | None = None
    full_label: str = ""
    rag: RagStyle | None = None
    x0: float = 0
    x1: float = 0
    point: bool = False
    visible: bool = True  # False: its window is outside the axis


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    year: str  # the year, written under the first tick and each January


@dataclass
class Drawing:
    """Everything to draw, in pixels at scale 1."""

    title: str
    description: str
    width: int
    height: int
    chart_left: float
    chart_right: float
    chart_top: float
    chart_bottom: float
    ticks: list[Tick]
    as_of_x: float | None
    key_text: str
    rows: list[Row]
    legend: list[RagStyle]
    legend_y: float
    notes: list[tuple[float, str]] = field(default_factory=list)  # (y, text)
    bold_notes: set[float] = field(default_factory=set)


class Axis:
    """Months from ``first`` (an index) for ``months`` months across the chart."""

    def __init__(self, first: int, months: int, left: float, width: float):
        self.first = first
        self.months = months
        self.left = left
        self.width = width
        self.month_width = width / months

    def x(self, day: date) -> float:
        """Where ``day`` begins on the axis, clamped to the chart."""
        days = calendar.monthrange(day.year, day.month)[1]
        offset = month_index(day) - self.first + (day.day - 1) / days
        return self.left + max(0.0, min(float(self.months), offset)) * self.month_width

    def contains(self, start: date, end: date) -> bool:
        return month_index(end) >= self.first and month_index(start) < self.first + self.months

    def ticks(self) -> list[Tick]:
        step = 1 if self.months <= 24 else 3 if self.months <= 72 else 12
        ticks = []
        for index in range(self.first, self.first + self.months):
            day = month_start(index)
            if (day.month - 1) % step:
                continue
            if step == 12:
                label, year = str(day.year), ""
            else:
                label = day.strftime("%b")
                year = str(day.year) if not ticks or day.month == 1 else ""
            ticks.append(Tick(self.x(day), label, year))
        return ticks


def choose_axis(items: list[ReportItem], as_of: date) -> tuple[int, int]:
    """The first month and number of months: the dated items and the reporting date, capped."""
    if items:
        first = min(month_index(item.due.start) for item in items)
        last = max(month_index(item.due.end) for item in items)
        first, last = min(first, month_index(as_of)), max(last, month_index(as_of))
    else:
        first, last = month_index(as_of) - 5, month_index(as_of) + 6
    if last - first + 1 > MAX_MONTHS:
        # Too long to read: keep the ten years that start a few years before the report date.
        first = max(first, month_index(as_of) - MAX_MONTHS // 4)
        last = first + MAX_MONTHS - 1
    return first, last - first + 1


def drawn_actions(report: Report) -> tuple[list[ReportItem], int]:
    """The dated actions drawn (at most ``MAX_ACTIONS``) and how many dated ones are left out."""
    drawn: list[ReportItem] = []
    left_out = 0
    for item in report.actions:
        if not is_dated(item):
            continue
        if len(drawn) < MAX_ACTIONS:
            drawn.append(item)
        else:
            left_out += 1
    return drawn, left_out


def describe(report: Report, stages: list, actions: list, left_out: int, undated: int) -> str:
    rags: dict[str, int] = {}
    for item in [*stages, *actions]:
        word = rag_style(item.rag).word
        rags[word] = rags.get(word, 0) + 1
    order = [*RAG_ORDER, "No RAG"]
    counts = ", ".join(f"{rags[word]} {word}" for word in order if word in rags)
    text = (
        f"{len(stages)} stages and {len(actions)} actions by due date as of "
        f"{readable_date(report.as_of)}"
    )
    if counts:
        text += f": {counts}"
    text += "."
    if left_out:
        text += f" {left_out:,} more actions are not drawn."
    if undated:
        text += f" {undated:,} items with no dates are listed below the chart."
    return text


def layout(report: Report, *, list_undated: bool = True) -> Drawing:
    """Place every row, tick and note of the timeline."""
    stages = [item for item in report.stages if is_dated(item)]
    actions, left_out = drawn_actions(report)
    undated = undated_items(report)
    first, months = choose_axis([*stages, *actions], report.as_of)
    chart_left = PAD + LABEL_WIDTH
    axis = Axis(first, months, chart_left, CHART_WIDTH)

    rows: list[Row] = []
    y = PAD + AXIS_HEIGHT
    for heading, items in (("Stages", stages), ("Actions", actions)):
        if not items:
            continue
        rows.append(Row(y=y, label=heading))
        y += ROW_HEIGHT
        for item in items:
            start, end = item.due.start, item.due.end
            point = item.due.precision is Precision.DAY and start == end
            label = item_label(item)
            rows.append(
                Row(
                    y=y,
                    label=shorten(label),
                    item=item,
                    full_label=f"{label}: {item.due.text}, {rag_style(item.rag).word}",
                    rag=rag_style(item.rag),
                    x0=axis.x(start),
                    x1=axis.x(start) if point else axis.x(end + timedelta(days=1)),
                    point=point,
                    visible=axis.contains(start, end),
                )
            )
            y += ROW_HEIGHT
    chart_bottom = y + 4
    as_of_x = axis.x(report.as_of) if axis.contains(report.as_of, report.as_of) else None

    used = {row.rag.word for row in rows if row.rag}
    legend = [rag_style(word) for word in RAG_ORDER if word in used]
    if "No RAG" in used:
        legend.append(rag_style(None))
    legend_y = chart_bottom + 12
    y = legend_y + LINE_HEIGHT + 8

    notes: list[tuple[float, str]] = []
    bold: set[float] = set()
    hidden = sum(1 for row in rows if row.item is not None and not row.visible)
    if left_out:
        notes.append((y, f"and {left_out:,} more actions"))
        y += LINE_HEIGHT
    if hidden:
        notes.append((y, f"{hidden:,} items fall outside the dates shown"))
        y += LINE_HEIGHT
    if list_undated and undated:
        y += 6
        notes.append((y, "Not on the chart (no fixed dates):"))
        bold.add(y)
        y += LINE_HEIGHT
        for item in undated[:MAX_UNDATED_LINES]:
            notes.append((y, f"{shorten(item_label(item), 70)}: {undated_reason(item)}"))
            y += LINE_HEIGHT
        if len(undated) > MAX_UNDATED_LINES:
            notes.append((y, f"and {len(undated) - MAX_UNDATED_LINES:,} more with no dates"))
            y += LINE_HEIGHT

    return Drawing(
        title=f"Timeline: {report.programme}, as of {readable_date(report.as_of)}",
        description=describe(report, stages, actions, left_out, len(undated)),
        width=WIDTH,
        height=int(y + PAD),
        chart_left=chart_left,
        chart_right=chart_left + CHART_WIDTH,
        chart_top=PAD + AXIS_HEIGHT,
        chart_bottom=chart_bottom,
        ticks=axis.ticks(),
        as_of_x=as_of_x,
        key_text=(
            "Bars: a month or longer. Points: a single day. "
            f"Dashed line: {readable_date(report.as_of)}, the reporting date."
        ),
        rows=rows,
        legend=legend,
        legend_y=legend_y,
        notes=notes,
        bold_notes=bold,
    )


# --- SVG ---


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _diamond(x: float, y: float, r: float) -> str:
    return f"{_f(x)},{_f(y - r)} {_f(x + r)},{_f(y)} {_f(x)},{_f(y + r)} {_f(x - r)},{_f(y)}"


def timeline_svg(report: Report, *, id_prefix: str = "timeline", list_undated: bool = True) -> str:
    """The timeline as an accessible SVG (role="img" with a title and a description)."""
    d = layout(report, list_undated=list_undated)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{d.width}" '
        f'height="{d.height}" viewBox="0 0 {d.width} {d.height}" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc" class="app-timeline" '
        f'font-family="Arial, Helvetica, sans-serif" font-size="{FONT_SIZE}">',
        f'<title id="{id_prefix}-title">{escape(d.title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(d.description)}</desc>',
        f'<rect width="{d.width}" height="{d.height}" fill="#ffffff"/>',
    ]
    top, bottom = d.chart_top, d.chart_bottom
    for tick in d.ticks:
        out.append(
            f'<line class="timeline-tick" x1="{_f(tick.x)}" y1="{_f(top - 4)}" '
            f'x2="{_f(tick.x)}" y2="{_f(bottom)}" stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{_f(tick.x + 2)}" y="{_f(top - 8)}" fill="{INK}">{escape(tick.label)}</text>'
        )
        if tick.year:
            out.append(
                f'<text x="{_f(tick.x + 2)}" y="{_f(top - 24)}" fill="{INK}" '
                f'font-weight="bold">{tick.year}</text>'
            )
    out.append(
        f'<line x1="{_f(d.chart_left)}" y1="{_f(bottom)}" x2="{_f(d.chart_right)}" '
        f'y2="{_f(bottom)}" stroke="{INK}" stroke-width="1"/>'
    )
    rag_x = d.chart_right + 10
    out.append(
        f'<text x="{_f(rag_x)}" y="{_f(top - 8)}" fill="{INK}" font-weight="bold">RAG</text>'
    )
    for row in d.rows:
        mid = row.y + ROW_HEIGHT / 2
        if row.item is None:
            out.append(
                f'<text x="{PAD}" y="{_f(mid + 4)}" fill="{INK}" font-weight="bold">'
                f"{escape(row.label)}</text>"
            )
            continue
        kind = row.item.kind
        data = f'data-kind="{kind}" data-id="{row.item.id}" data-rag={quoteattr(row.rag.word)}'
        out.append('<g class="timeline-row">')
        out.append(f"<title>{escape(row.full_label)}</title>")
        out.append(f'<text x="{PAD}" y="{_f(mid + 4)}" fill="{INK}">{escape(row.label)}</text>')
        if row.visible and row.point:
            if kind == "stage":
                shape = f'<polygon points="{_diamond(row.x0, mid, 7)}"'
            else:
                shape = f'<circle cx="{_f(row.x0)}" cy="{_f(mid)}" r="5.5"'
            out.append(
                f'{shape} class="timeline-point" {data} fill="{row.rag.fill}" '
                f'stroke="{INK}" stroke-width="1"/>'
            )
        elif row.visible:
            width = max(row.x1 - row.x0, 2)
            out.append(
                f'<rect class="timeline-bar" {data} x="{_f(row.x0)}" y="{_f(mid - 6)}" '
                f'width="{_f(width)}" height="12" rx="2" fill="{row.rag.fill}" '
                f'stroke="{INK}" stroke-width="1"/>'
            )
        out.append(
            f'<text x="{_f(rag_x)}" y="{_f(mid + 4)}" fill="{INK}">{escape(row.rag.word)}</text>'
        )
        out.append("</g>")
    if d.as_of_x is not None:
        out.append(
            f'<line class="timeline-as-of" x1="{_f(d.as_of_x)}" y1="{_f(top - 4)}" '
            f'x2="{_f(d.as_of_x)}" y2="{_f(bottom)}" stroke="{INK}" stroke-width="2" '
            f'stroke-dasharray="5 3"/>'
        )
    x = PAD
    out.append('<g class="timeline-legend">')
    out.append(f'<text x="{x}" y="{_f(d.legend_y + 12)}" fill="{INK}">Key:</text>')
    x += 40
    for style in d.legend:
        out.append(
            f'<rect x="{x}" y="{_f(d.legend_y + 2)}" width="14" height="12" '
            f'fill="{style.fill}" stroke="{INK}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{x + 20}" y="{_f(d.legend_y + 12)}" fill="{INK}">{escape(style.word)}</text>'
        )
        x += 34 + 8 * len(style.word)
    out.append(
        f'<text x="{x + 10}" y="{_f(d.legend_y + 12)}" fill="{SECONDARY}">'
        f"{escape(d.key_text)}</text>"
    )
    out.append("</g>")
    for y, text in d.notes:
        weight = ' font-weight="bold"' if y in d.bold_notes else ""
        out.append(
            f'<text class="timeline-note" x="{PAD}" y="{_f(y + 12)}" fill="{INK}"{weight}>'
            f"{escape(text)}</text>"
        )
    out.append("</svg>")
    return "\n".join(out)


# --- PNG ---


def _fonts(size: int):
    from PIL import ImageFont

    if FONT_PATH.exists() and BOLD_FONT_PATH.exists():
        return ImageFont.truetype(str(FONT_PATH), size), ImageFont.truetype(
            str(BOLD_FONT_PATH), size
        )
    default = ImageFont.load_default(size)
    return default, default


def timeline_png(report: Report, *, scale: int = 2) -> bytes:
    """The same timeline drawn with Pillow, for Word (which cannot show SVG everywhere)."""
    from PIL import Image, ImageDraw

    d = layout(report)
    image = Image.new("RGB", (d.width * scale, d.height * scale), "#ffffff")
    draw = ImageDraw.Draw(image)
    font, bold = _fonts(int((FONT_SIZE - 1) * scale))

    def s(value: float) -> float:
        return value * scale

    def text(x: float, baseline: float, words: str, *, fill: str = INK, strong=False) -> None:
        draw.text((s(x), s(baseline)), words, fill=fill, font=bold if strong else font, anchor="ls")

    top, bottom = d.chart_top, d.chart_bottom
    for tick in d.ticks:
        draw.line([(s(tick.x), s(top - 4)), (s(tick.x), s(bottom))], fill=GRID, width=scale)
        text(tick.x + 2, top - 8, tick.label)
        if tick.year:
            text(tick.x + 2, top - 24, tick.year, strong=True)
    draw.line([(s(d.chart_left), s(bottom)), (s(d.chart_right), s(bottom))], fill=INK, width=scale)
    text(d.chart_right + 10, top - 8, "RAG", strong=True)
    for row in d.rows:
        mid = row.y + ROW_HEIGHT / 2
        if row.item is None:
            text(PAD, mid + 4, row.label, strong=True)
            continue
        text(PAD, mid + 4, row.label)
        if row.visible and row.point:
            if row.item.kind == "stage":
                r = 7
                points = [
                    (row.x0, mid - r),
                    (row.x0 + r, mid),
                    (row.x0, mid + r),
                    (row.x0 - r, mid),
                ]
                draw.polygon([(s(x), s(y)) for x, y in points], fill=row.rag.fill, outline=INK)
            else:
                r = 5.5
                box = [s(row.x0 - r), s(mid - r), s(row.x0 + r), s(mid + r)]
                draw.ellipse(box, fill=row.rag.fill, outline=INK, width=scale)
        elif row.visible:
            x1 = max(row.x1, row.x0 + 2)
            draw.rectangle(
                [s(row.x0), s(mid - 6), s(x1), s(mid + 6)],
                fill=row.rag.fill,
                outline=INK,
                width=scale,
            )
        text(d.chart_right + 10, mid + 4, row.rag.word)
    if d.as_of_x is not None:
        y = top - 4
        while y < bottom:
            draw.line(
                [(s(d.as_of_x), s(y)), (s(d.as_of_x), s(min(y + 5, bottom)))],
                fill=INK,
                width=2 * scale,
            )
            y += 8
    x = PAD
    text(x, d.legend_y + 12, "Key:")
    x += 40
    for style in d.legend:
        draw.rectangle(
            [s(x), s(d.legend_y + 2), s(x + 14), s(d.legend_y + 14)],
            fill=style.fill,
            outline=INK,
            width=scale,
        )
        text(x + 20, d.legend_y + 12, style.word)
        x += 34 + 8 * len(style.word)
    text(
        x + 10,
        d.legend_y + 12,
        d.key_text,
        fill=SECONDARY,
    )
    for y, words in d.notes:
        text(PAD, y + 12, words, strong=y in d.bold_notes)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
