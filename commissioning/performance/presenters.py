"""What the performance pages show: scorecard rows judged by the pure rules, as of a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from commissioning.domain import financial_years
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
from commissioning.domain.periods import parse_period
from commissioning.performance.models import BusinessPlan, Indicator, IndicatorValue, point_of
from commissioning.programmes.models import Action
from commissioning.reports.asof import build_report
from commissioning.reports.presenters import due_text, item_label, rag_style, status_label

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
    def latest_shown(self) -> str:
        return figure(self.latest.actual, self.indicator) if self.latest else ""

    @property
    def previous_shown(self) -> str:
        return figure(self.previous.actual, self.indicator) if self.previous else ""

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


@dataclass(frozen=True, slots=True)
class StoredValue:
    """An indicator value's figures as the rules read them, without a model instance (a
    scorecard of 500 indicators × 40 periods reads 20,000 of them)."""

    indicator_id: int
    period: str
    period_end: dt.date | None
    actual: Decimal | None
    target: Decimal | None
    target_text: str
    lower: Decimal | None
    upper: Decimal | None
    baseline: bool
    comparator: Decimal | None

    def point(self) -> Point:
        return point_of(self)


STORED_FIELDS = tuple(StoredValue.__dataclass_fields__)


def values_by_indicator(indicators: list[Indicator], as_of: dt.date | None) -> dict[int, list]:
    """Each indicator's values, now or as they stood at the end of ``as_of`` (from history);
    each has the figures and ``point()``, in period order."""
    ids = [indicator.pk for indicator in indicators]
    if as_of is None:
        rows = (
            StoredValue(*row)
            for row in IndicatorValue.objects.filter(indicator_id__in=ids)
            .order_by("indicator_id", "period_end", "period")
            .values_list(*STORED_FIELDS)
        )
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
    indicators = list(indicators.order_by("theme", "code", "title"))
    values = values_by_indicator(indicators, as_of)
    rows = [judge(indicator, values[indicator.pk]) for indicator in indicators]
    if rag_filter:
        rows = [row for row in rows if str(row.rag.rag) == rag_filter]
    return rows


# --- Business plans -------------------------------------------------------------------------


@dataclass
class PlanIndicator:
    """One of a business plan's indicators: its target for the plan's year, and how it stood."""

    row: Row
    year_target: str  # the target for the plan's year as the indicator shows it; "" if none
    year_target_period: str  # the period that target is for ("2010/11", "Q4 2010/11")


@dataclass
class PlanAction:
    """One of a business plan's actions as it stood on the date: status, RAG, due, owners."""

    id: int
    programme: str
    programme_slug: str
    label: str
    status: str
    rag: str | None
    due: str
    owners: str
    progress: str

    @property
    def rag_style(self):
        return rag_style(self.rag)


@dataclass
class PlanStatus:
    """A business plan as it stood on ``as_of``: the outcomes it serves, its indicators against
    their targets and its actions, with counts of each."""

    plan: BusinessPlan
    as_of: dt.date
    outcomes: list
    indicators: list[PlanIndicator]
    actions: list[PlanAction]
    missing_actions: list[str]  # in the plan now, not yet (or no longer) in a programme then

    @property
    def action_counts(self) -> list[tuple[str, int]]:
        return sorted(_counted(action.status for action in self.actions).items())

    @property
    def rag_counts(self) -> list[tuple[str, int]]:
        return _in_rag_order(_counted(item.row.rag_label for item in self.indicators))


def business_plans(partnership) -> list[BusinessPlan]:
    """The partnership's plans, newest year first, each with ``outcome_count``,
    ``indicator_count`` and ``action_count``: one grouped query per link, not a join of all
    three (which would multiply each plan's rows by its outcomes × indicators × actions)."""
    plans = list(
        BusinessPlan.objects.filter(partnership=partnership).select_related("organisation")
    )
    ids = [plan.pk for plan in plans]
    for name in ("outcomes", "indicators", "actions"):
        through = getattr(BusinessPlan, name).through
        counts = dict(
            through.objects.filter(businessplan_id__in=ids)
            .values("businessplan_id")
            .annotate(n=Count("pk"))
            .values_list("businessplan_id", "n")
        )
        for plan in plans:
            setattr(plan, f"{name[:-1]}_count", counts.get(plan.pk, 0))
    return plans


def _in_year(period_text: str, year_start: int) -> bool:
    period = parse_period(period_text)
    if period.start is None or period.end is None:
        return False
    return dt.date(year_start, 4, 1) <= period.start and period.end <= dt.date(
        year_start + 1, 3, 31
    )


def year_target(indicator: Indicator, values: list[IndicatorValue], year: str) -> tuple[str, str]:
    """The target set for ``year``: the financial year's own, else the latest period of it
    with a target (a quarter, a month); words such as "TBC" are shown as written."""
    start = financial_years.start_year(year)
    with_target = [v for v in values if v.target is not None or v.target_text]
    own = [v for v in with_target if _financial_year_of(v.period) == year]
    chosen = own or [v for v in with_target if _in_year(v.period, start)]
    if not chosen:
        return "", ""
    value = max(chosen, key=lambda v: (v.period_end or dt.date.min, v.period))
    shown = figure(value.target, indicator) if value.target is not None else value.target_text
    return shown, value.period


def _financial_year_of(period_text: str) -> str | None:
    try:
        return financial_years.normalise(period_text)
    except financial_years.FinancialYearError:
        return None


def _plan_actions(actions, as_of: dt.date) -> tuple[list[PlanAction], list[str]]:
    """Each action as its programme's report of ``as_of`` has it (one report a programme)."""
    programmes = {action.programme_id: action.programme for action in actions}
    found = {}
    for programme in programmes.values():
        report = build_report(programme=programme, as_of=as_of)
        found.update({(programme.pk, item.id): item for item in report.actions})
    rows, missing = [], []
    for action in actions:
        item = found.get((action.programme_id, action.pk))
        if item is None:
            missing.append(f"{action.ref} {action.title}".strip())
            continue
        rows.append(
            PlanAction(
                id=action.pk,
                programme=action.programme.name,
                programme_slug=action.programme.slug,
                label=item_label(item),
                status=status_label(item),
                rag=item.rag,
                due=due_text(item),
                owners=", ".join(item.owners),
                progress=item.progress.text if item.progress else "",
            )
        )
    return rows, missing


def business_plan(plan: BusinessPlan, *, as_of: dt.date | None = None) -> PlanStatus:
    """The plan as it stood at the end of ``as_of`` (today if not given): each indicator
    judged on the figures of the periods that had ended by then (as recorded now, so a later
    correction shows; the year's target whatever its period), each action as its
    programme's report of that date has it (its reporting-date history).

    Its queries do not grow with the plan: a few for the plan, one report per programme."""
    day = as_of or timezone.localdate()
    indicators = list(
        plan.indicators.select_related("owner_organisation").order_by("theme", "code", "title")
    )
    values = values_by_indicator(indicators, None)
    if as_of is not None:  # the periods that had ended by then, as recorded now
        values = {
            pk: [v for v in found if v.period_end is None or v.period_end <= as_of]
            for pk, found in values.items()
        }
    rows = []
    for indicator in indicators:
        shown, period = year_target(indicator, values[indicator.pk], plan.financial_year)
        rows.append(PlanIndicator(judge(indicator, values[indicator.pk]), shown, period))
    actions = list(
        plan.actions.select_related("programme").order_by("programme__name", "order", "pk")
    )
    action_rows, missing = _plan_actions(actions, day)
    return PlanStatus(
        plan=plan,
        as_of=day,
        outcomes=list(plan.outcomes.order_by("code", "title")),
        indicators=rows,
        actions=action_rows,
        missing_actions=missing,
    )


@dataclass
class PlanSummary:
    """A business plan in a line of the board pack: its indicators by RAG and its actions by
    status, as they stood on the date."""

    plan: BusinessPlan
    rag_counts: list[tuple[str, int]]
    action_counts: list[tuple[str, int]]
    indicators: int
    actions: int


def plans_of_the_year(partnership, as_of: dt.date, rag_by_indicator: dict[int, str]):
    """The business plans for the financial year ``as_of`` falls in, each summarised: its
    indicators judged as ``rag_by_indicator`` (the scorecard's RAG, so one board pack reads
    indicators one way) and its actions as their programme's report of ``as_of`` has them.

    Returns the year and the summaries. Its queries do not grow with the plans: a few for
    the plans and their links, one report per programme."""
    year = financial_years.containing(as_of)
    plans = list(
        BusinessPlan.objects.filter(
            partnership=partnership, year_start=financial_years.start_year(year)
        ).order_by("unit_kind", "unit")
    )
    ids = [plan.pk for plan in plans]
    indicators = _links(BusinessPlan.indicators.through, "indicator_id", ids)
    links = _links(BusinessPlan.actions.through, "action_id", ids)
    actions = list(
        Action.objects.filter(pk__in={pk for pks in links.values() for pk in pks})
        .select_related("programme")
        .order_by("pk")
    )
    rows, _ = _plan_actions(actions, as_of)
    status_of = {row.id: row.status for row in rows}
    summaries = []
    for plan in plans:
        rags = _counted(rag_by_indicator.get(pk, NOT_YET) for pk in indicators[plan.pk])
        statuses = _counted(status_of[pk] for pk in links[plan.pk] if pk in status_of)
        summaries.append(
            PlanSummary(
                plan=plan,
                rag_counts=_in_rag_order(rags),
                action_counts=sorted(statuses.items()),
                indicators=len(indicators[plan.pk]),
                actions=sum(statuses.values()),
            )
        )
    return year, summaries


def _links(through, column: str, plan_ids: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {pk: [] for pk in plan_ids}
    for plan_id, linked in through.objects.filter(businessplan_id__in=plan_ids).values_list(
        "businessplan_id", column
    ):
        found[plan_id].append(linked)
    return found


NOT_YET = "Not yet on the scorecard"


def _in_rag_order(counts: dict[str, int]) -> list[tuple[str, int]]:
    order = [*RAG_LABELS.values(), NOT_YET]
    return sorted(counts.items(), key=lambda pair: order.index(pair[0]))


def _counted(labels) -> dict[str, int]:
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    return counts
