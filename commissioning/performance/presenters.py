"""What the performance pages show: scorecard rows judged by the pure rules, as of a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from commissioning.domain.indicators import (
    Change,
    Comparison,
    ComparisonResult,
    Point,
    Rag,
    RagResult,
    TrendResult,
    change_from_baseline,
    compare,
    in_period_order,
    rag,
    trend,
    variance,
)
from commissioning.performance.models import Indicator, IndicatorValue

RAG_LABELS = {
    "Green": "Green",
    "Amber": "Amber",
    "Red": "Red",
    "no_target": "No target",
    "no_actual": "No actual yet",
    "no_judgement": "No judgement",
}
TREND_LABELS = {
    "improving": ("↑", "Improving"),
    "getting_worse": ("↓", "Getting worse"),
    "no_significant_change": ("→", "No significant change"),
    "increasing": ("↗", "Increasing"),
    "decreasing": ("↘", "Decreasing"),
    "not_computed": ("", "Not computed (fewer than 3 points)"),
}


@dataclass
class Row:
    """One indicator on the scorecard."""

    indicator: Indicator
    points: list[Point]
    latest: Point | None
    previous: Point | None
    target: Point | None  # the point whose target is judged (the latest with an actual)
    rag: RagResult
    variance: Decimal | None
    trend: TrendResult
    change: Change
    comparison: ComparisonResult

    @property
    def rag_label(self) -> str:
        return RAG_LABELS[str(self.rag.rag)]

    @property
    def rag_class(self) -> str:
        return str(self.rag.rag).lower().replace("_", "-")

    @property
    def trend_arrow(self) -> str:
        return TREND_LABELS[str(self.trend.trend)][0]

    @property
    def trend_label(self) -> str:
        return TREND_LABELS[str(self.trend.trend)][1]

    @property
    def trend_class(self) -> str:
        return str(self.trend.trend).replace("_", "-")

    @property
    def target_shown(self) -> str:
        if self.target is None:
            return ""
        if self.target.target is not None:
            return figure(self.target.target, self.indicator)
        return self.target.target_text or ""


def figure(value: Decimal | None, indicator: Indicator) -> str:
    """A figure as the indicator shows it: its decimals and unit."""
    if value is None:
        return ""
    text = f"{value:,.{indicator.decimals}f}"
    return f"{text}%" if indicator.unit == "%" else text


def end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


def values_by_indicator(indicators: list[Indicator], as_of: dt.date | None) -> dict[int, list]:
    """Each indicator's values, now or as they stood at the end of ``as_of`` (from history)."""
    ids = [indicator.pk for indicator in indicators]
    if as_of is None:
        rows = IndicatorValue.objects.filter(indicator_id__in=ids)
    else:
        rows = IndicatorValue.history.as_of(end_of(as_of)).filter(indicator_id__in=ids)
    found: dict[int, list] = {pk: [] for pk in ids}
    for value in rows:
        found[value.indicator_id].append(value)
    return found


def judge(indicator: Indicator, values: list[IndicatorValue]) -> Row:
    points = [value.point() for value in values]
    ordered = [p for p in in_period_order(points) if p.actual is not None]
    latest = ordered[-1] if ordered else None
    previous = ordered[-2] if len(ordered) > 1 else None
    target = latest
    if latest is None or (latest.target is None and not latest.target_text):
        target = next(
            (p for p in reversed(in_period_order(points)) if p.target is not None or p.target_text),
            latest,
        )
    polarity = indicator.rule_polarity
    if target is not None:
        result = rag(target, polarity=polarity, tolerance=indicator.tolerance)
    else:
        result = RagResult(Rag.NO_TARGET, "no values yet" if not points else "no target is set")
    return Row(
        indicator=indicator,
        points=points,
        latest=latest,
        previous=previous,
        target=target,
        rag=result,
        variance=variance(target).value if target is not None else None,
        trend=trend(points, polarity=polarity),
        change=change_from_baseline(points),
        comparison=(
            compare(latest, polarity=polarity)
            if latest is not None
            else ComparisonResult(Comparison.NOT_COMPARED, "", "no actual")
        ),
    )


def scorecard(partnership, *, outcome=None, as_of=None, theme="", rag_filter="") -> list[Row]:
    """The scorecard rows: every indicator of the partnership (or of one outcome)."""
    indicators = Indicator.objects.filter(partnership=partnership).select_related(
        "owner_organisation"
    )
    if as_of is not None:  # only the indicators that existed by then
        then = Indicator.history.as_of(end_of(as_of)).filter(partnership_id=partnership.pk)
        indicators = indicators.filter(pk__in=[indicator.pk for indicator in then])
    if outcome is not None:
        indicators = indicators.filter(outcomes=outcome)
    if theme:
        indicators = indicators.filter(theme=theme)
    indicators = list(
        indicators.prefetch_related(Prefetch("outcomes")).order_by("theme", "code", "title")
    )
    values = values_by_indicator(indicators, as_of)
    rows = [judge(indicator, values[indicator.pk]) for indicator in indicators]
    if rag_filter:
        rows = [row for row in rows if str(row.rag.rag) == rag_filter]
    return rows
