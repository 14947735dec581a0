"""Charts drawn on the server as accessible SVG: no script, and the same numbers in a table.

The status chart stacks, for each reporting date, the number of items (actions and
deliverables) in each status, so a board sees how the plan moved month by month.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.utils.dateformat import format as format_date
from django.utils.html import escape

from commissioning.programmes.models import StatusChoices

# Bottom of each bar first: done work at the base, then work in hand, then the rest.
STATUS_ORDER = ["complete", "in_progress", "not_started", "blocked", "unknown", "dropped"]
# GOV.UK Frontend colours; each fill also has its name in the legend and the table.
STATUS_FILLS = {
    "complete": "#00703c",
    "in_progress": "#1d70b8",
    "not_started": "#b1b4b6",
    "blocked": "#d4351c",
    "unknown": "#ffdd00",
    "dropped": "#4c2c92",
}
TEXT_COLOUR = "#0b0c0c"
AXIS_COLOUR = "#505a5f"

WIDTH = 760
PLOT_LEFT = 48
PLOT_RIGHT = WIDTH - 12
PLOT_TOP = 16
PLOT_BOTTOM = 236
LEGEND_TOP = 272
HEIGHT = 300


def month_ends(as_of: date, count: int = 12) -> list[date]:
    """The last ``count`` month-ends up to ``as_of``, oldest first; ``as_of`` itself ends
    the list when it falls mid-month, so the last bar matches the dashboard."""
    return period_ends(as_of, months=1, count=count)


def period_ends(as_of: date, *, months: int, count: int = 12) -> list[date]:
    """The last ``count`` ends of reporting periods of ``months`` months up to ``as_of``,
    oldest first, ending with ``as_of`` itself.

    Quarters (3 months) end in June, September, December and March: the UK financial
    year's quarters. ``as_of`` stands for the period it falls in, so a date just after a
    quarter's end steps back to the previous quarter's end, then the one before.
    """
    year, month = as_of.year, as_of.month
    ends = [as_of]
    while len(ends) < count:
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        if month % months == 0:
            ends.append(date(year, month, calendar.monthrange(year, month)[1]))
    return list(reversed(ends))


@dataclass(frozen=True)
class PeriodCounts:
    """The number of items in each status on one reporting date."""

    day: date
    counts: dict[str, int]

    @property
    def label(self) -> str:
        if self.day.day == calendar.monthrange(self.day.year, self.day.month)[1]:
            return format_date(self.day, "M Y")
        return format_date(self.day, "j M Y")

    @property
    def total(self) -> int:
        return sum(self.counts.get(status, 0) for status in STATUS_ORDER)


def status_periods(days: list[date], counts: list[dict[str, int]]) -> list[PeriodCounts]:
    return [PeriodCounts(day, dict(count)) for day, count in zip(days, counts, strict=True)]


def axis_step(largest: int) -> int:
    """A round gridline step giving at most about five lines."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000):
        if largest / step <= 5:
            return step
    return 10 ** len(str(largest // 5))


def status_chart_svg(
    periods: list[PeriodCounts], *, chart_id: str, title: str, subject: str = "Items"
) -> str:
    """A stacked bar chart of ``subject`` by status on each date, with a title, description
    and legend; ids start with ``chart_id`` so two charts can share a page."""
    largest = max((period.total for period in periods), default=0)
    step = axis_step(largest)
    top = max(step, -(-largest // step) * step)
    description = describe(periods, subject)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" class="app-chart" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="arial, sans-serif" font-size="13">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        *gridlines(top, step),
        *bars(periods, top),
        *legend(),
        "</svg>",
    ]
    return "\n".join(parts)


def describe(periods: list[PeriodCounts], subject: str) -> str:
    if not periods:
        return "No reporting dates."
    first, last = periods[0], periods[-1]

    def summary(period: PeriodCounts) -> str:
        shown = [
            f"{period.counts.get(status, 0)} {StatusChoices(status).label.lower()}"
            for status in STATUS_ORDER
            if period.counts.get(status, 0)
        ]
        return f"{period.label}: {', '.join(shown) or 'none'}"

    return (
        f"{subject} by status at {len(periods)} reporting dates from {first.label} to "
        f"{last.label}. {summary(first)}. {summary(last)}. The table below gives every number."
    )


def y_for(value: float, top: int) -> float:
    return PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * value / top


def gridlines(top: int, step: int) -> list[str]:
    lines = []
    for value in range(0, top + 1, step):
        y = y_for(value, top)
        lines.append(
            f'<line x1="{PLOT_LEFT}" y1="{y:.1f}" x2="{PLOT_RIGHT}" y2="{y:.1f}" '
            f'stroke="{AXIS_COLOUR}" stroke-width="{1 if value == 0 else 0.5}"/>'
        )
        lines.append(
            f'<text x="{PLOT_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'fill="{TEXT_COLOUR}">{value}</text>'
        )
    return lines


def bars(periods: list[PeriodCounts], top: int) -> list[str]:
    if not periods:
        return []
    slot = (PLOT_RIGHT - PLOT_LEFT) / len(periods)
    width = slot * 0.6
    shapes = []
    for index, period in enumerate(periods):
        x = PLOT_LEFT + slot * index + (slot - width) / 2
        below = 0
        for status in STATUS_ORDER:
            count = period.counts.get(status, 0)
            if not count:
                continue
            y_top, y_bottom = y_for(below + count, top), y_for(below, top)
            label = f"{period.label}: {count} {StatusChoices(status).label.lower()}"
            shapes.append(
                f'<rect x="{x:.1f}" y="{y_top:.1f}" width="{width:.1f}" '
                f'height="{y_bottom - y_top:.1f}" fill="{STATUS_FILLS[status]}" '
                f'stroke="#ffffff" stroke-width="0.5"><title>{escape(label)}</title></rect>'
            )
            below += count
        shapes.append(
            f'<text x="{x + width / 2:.1f}" y="{PLOT_BOTTOM + 16}" text-anchor="middle" '
            f'fill="{TEXT_COLOUR}" font-size="11">{escape(period.label)}</text>'
        )
    return shapes


def legend() -> list[str]:
    items = []
    x = PLOT_LEFT
    for status in STATUS_ORDER:
        label = StatusChoices(status).label
        items.append(
            f'<rect x="{x}" y="{LEGEND_TOP - 11}" width="12" height="12" '
            f'fill="{STATUS_FILLS[status]}" stroke="{AXIS_COLOUR}" stroke-width="0.5"/>'
        )
        items.append(
            f'<text x="{x + 18}" y="{LEGEND_TOP}" fill="{TEXT_COLOUR}">{escape(label)}</text>'
        )
        x += 18 + 8 * len(label) + 24
    return items


@dataclass(frozen=True)
class ChartTableRow:
    """A reporting date with its counts in status order, for the table under the chart."""

    label: str
    counts: list[int]
    total: int


def status_chart_table(periods: list[PeriodCounts]) -> tuple[list[str], list[ChartTableRow]]:
    """The chart's numbers: column headings (statuses) and one row per reporting date."""
    headings = [StatusChoices(status).label for status in STATUS_ORDER]
    rows = [
        ChartTableRow(
            label=period.label,
            counts=[period.counts.get(status, 0) for status in STATUS_ORDER],
            total=period.total,
        )
        for period in periods
    ]
    return headings, rows
