"""The curve of an indicator as SVG drawn on the server: no JavaScript, the same figures in a
table beside it for those who cannot see it."""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from commissioning.domain.indicators import FORECAST_LABEL, Point, in_period_order, linear_forecast

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 60, 20, 20, 60


def _scale(values: list[Decimal]) -> tuple[float, float]:
    low, high = float(min(values)), float(max(values))
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.1
    return low - pad, high + pad


def curve_svg(points: list[Point], *, title: str, comparator_name: str = "") -> str:
    """The actuals (with confidence limits), targets, baseline, comparator and a labelled
    linear forecast of one indicator, as an SVG image with a title and description."""
    ordered = in_period_order(points)
    forecast = linear_forecast(points, ahead=1)
    figures = [
        value
        for p in ordered
        for value in (p.actual, p.target, p.lower, p.upper, p.comparator)
        if value is not None
    ] + list(forecast.values)
    description = f"{len(ordered)} periods; the same figures are in the table below."
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="curve-title curve-desc" class="app-curve">'
        f'<title id="curve-title">{escape(title)}</title>'
        f'<desc id="curve-desc">{escape(description)}</desc>'
    )
    if not figures:
        return head + (
            f'<text x="{WIDTH // 2}" y="{HEIGHT // 2}" text-anchor="middle">No values yet</text>'
            "</svg>"
        )
    low, high = _scale(figures)
    slots = len(ordered) + (1 if forecast.values else 0)
    step = (WIDTH - LEFT - RIGHT) / max(slots - 1, 1)

    def x(index: int) -> float:
        return LEFT + index * step

    def y(value: Decimal) -> float:
        return TOP + (high - float(value)) / (high - low) * (HEIGHT - TOP - BOTTOM)

    parts = [head]
    parts.append(
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" '
        'stroke="#0b0c0c"/>'
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="#0b0c0c"/>'
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end" font-size="12">{high:.4g}</text>'
        f'<text x="{LEFT - 6}" y="{HEIGHT - BOTTOM}" text-anchor="end" font-size="12">'
        f"{low:.4g}</text>"
    )
    for index, point in enumerate(ordered):
        parts.append(
            f'<text x="{x(index):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
            f'font-size="11">{escape(point.period.text)}</text>'
        )
        if point.has_limits:
            parts.append(
                f'<line x1="{x(index):.1f}" y1="{y(point.lower):.1f}" x2="{x(index):.1f}" '
                f'y2="{y(point.upper):.1f}" stroke="#505a5f" stroke-width="2"/>'
            )
        if point.target is not None:
            parts.append(
                f'<rect x="{x(index) - 6:.1f}" y="{y(point.target) - 2:.1f}" width="12" '
                'height="4" fill="#1d70b8"><title>Target</title></rect>'
            )
        if point.comparator is not None:
            name = escape(comparator_name or "Comparator")
            parts.append(
                f'<circle cx="{x(index):.1f}" cy="{y(point.comparator):.1f}" r="4" fill="none" '
                f'stroke="#f47738" stroke-width="2"><title>{name}</title></circle>'
            )
    actuals = [(i, p) for i, p in enumerate(ordered) if p.actual is not None]
    if actuals:
        path = " ".join(f"{x(i):.1f},{y(p.actual):.1f}" for i, p in actuals)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#0b0c0c" stroke-width="3"/>')
        for i, p in actuals:
            fill = "#ffffff" if p.baseline else "#0b0c0c"
            label = "Baseline" if p.baseline else "Actual"
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(p.actual):.1f}" r="5" fill="{fill}" '
                f'stroke="#0b0c0c" stroke-width="2"><title>{label}</title></circle>'
            )
    if forecast.values and actuals:
        last_i, last_p = actuals[-1]
        nxt = len(ordered)
        parts.append(
            f'<line x1="{x(last_i):.1f}" y1="{y(last_p.actual):.1f}" x2="{x(nxt):.1f}" '
            f'y2="{y(forecast.values[0]):.1f}" stroke="#505a5f" stroke-width="2" '
            f'stroke-dasharray="6 4"><title>{quoteattr(FORECAST_LABEL)[1:-1]}</title></line>'
            f'<text x="{x(nxt):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
            'font-size="11">Forecast</text>'
        )
    legend = [("#0b0c0c", "Actual (open circle: baseline)"), ("#1d70b8", "Target")]
    if any(p.comparator is not None for p in ordered):
        legend.append(("#f47738", comparator_name or "Comparator"))
    if forecast.values:
        legend.append(("#505a5f", "Linear forecast (dashed), not a prediction"))
    for index, (colour, text) in enumerate(legend):
        lx = LEFT + index * 150
        parts.append(
            f'<rect x="{lx}" y="{HEIGHT - 22}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{lx + 16}" y="{HEIGHT - 12}" font-size="11">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
