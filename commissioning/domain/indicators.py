"""The rules of performance indicators: pure functions over a series of points.

Pure functions, no database; why the rules are these is in the indicator rules ADR. Every
rule answers with an explicit result, never a silent None: "no target", "no judgement",
"not computed" each say why in ``reason``.

- ``read_value`` / ``read_target``: numbers as written ("12.5%", "1,234", "£2.3m");
  a target written "tba", "TBC", "to be renegotiated" is kept as text, never a number.
- ``in_period_order`` / ``latest``: the series by period; the last point with an actual.
- ``rag``: Green / Amber / Red against the target, by polarity and tolerance.
- ``variance``: (actual − target) / target.
- ``change_from_baseline``: the latest actual against the baseline point.
- ``trend``: improving / getting worse / no significant change over the last N points.
- ``compare``: better / similar / worse than the comparator.
- ``linear_forecast``: a straight line through the recent points, labelled as such.

Amounts are ``Decimal``: nothing is read through a float.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from commissioning.domain.money import MoneyError, read_money
from commissioning.domain.periods import Period

DEFAULT_TREND_POINTS = 5
MIN_TREND_POINTS = 3


class Polarity(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    NO_JUDGEMENT = "no_judgement"


class Rag(StrEnum):
    GREEN = "Green"
    AMBER = "Amber"
    RED = "Red"
    NO_TARGET = "no_target"  # no target set (or written as "TBC"): nothing to judge against
    NO_ACTUAL = "no_actual"  # a target, but no actual yet
    NO_JUDGEMENT = "no_judgement"  # the indicator has no better direction


class Trend(StrEnum):
    IMPROVING = "improving"
    GETTING_WORSE = "getting_worse"
    NO_SIGNIFICANT_CHANGE = "no_significant_change"
    INCREASING = "increasing"  # significant, but the indicator has no better direction
    DECREASING = "decreasing"
    NOT_COMPUTED = "not_computed"  # fewer than three points with an actual


class Comparison(StrEnum):
    BETTER = "better"
    SIMILAR = "similar"
    WORSE = "worse"
    HIGHER = "higher"  # different, but the indicator has no better direction
    LOWER = "lower"
    NOT_COMPARED = "not_compared"  # no actual or no comparator value


class IndicatorValueError(ValueError):
    """A value that is not a number as written; the message says what was seen."""


# --- Reading numbers ----------------------------------------------------------------------------

# Written where a target (or value) is not set: kept as text, treated as "no target".
_NOT_SET = re.compile(
    r"n/?a|none|nil\s+target|not\s+(?:set|applicable|available|agreed|known)|-+|\?+|x"
    r"|tb[acdr]|to\s+be\s+(?:set|agreed|confirmed|announced|determined|decided|negotiated"
    r"|renegotiated|re-negotiated|reviewed|revised|defined)|awaiting.*|pending.*|under\s+review",
    re.IGNORECASE,
)
_PLAIN = re.compile(r"-?\d{1,15}(?:\.\d{1,15})?", re.ASCII)
_PERCENT = re.compile(r"^(?P<number>.+?)\s*(?:%|per\s*cent|percent)$", re.IGNORECASE)


def read_value(text: str | None) -> Decimal | None:
    """The number ``text`` stands for ("12.5%" → 12.5, "1,234", "£2.3m"); None when not set.

    A percentage is read in percentage points ("12.5%" is 12.5). Words that say "not set"
    ("tba", "TBC", "to be renegotiated", "n/a", "-") give None. Anything else raises
    ``IndicatorValueError``.
    """
    if text is None:
        return None
    if _PLAIN.fullmatch(text):
        return Decimal(text)  # "77.1", "-3": most cells of a dataset, read at once
    cleaned = " ".join(text.replace("\u00a0", " ").split())
    if not cleaned or _NOT_SET.fullmatch(cleaned):
        return None
    percent = _PERCENT.fullmatch(cleaned)
    body = percent["number"] if percent else cleaned
    try:
        number = read_money(body)
    except MoneyError:
        raise IndicatorValueError(f"{text!r} is not a number") from None
    if number is None:
        return None
    return number


@dataclass(frozen=True)
class Target:
    """A target as written: its number, or the text that stands where a number would."""

    value: Decimal | None
    text: str | None  # kept when the target is not a number ("TBC", "to be renegotiated")

    @property
    def is_set(self) -> bool:
        return self.value is not None


def read_target(text: str | None) -> Target:
    """A target cell: a number, or kept as text and treated as "no target". Never raises."""
    if text is None or not text.strip():
        return Target(None, None)
    try:
        value = read_value(text)
    except IndicatorValueError:
        value = None
    return Target(value, None if value is not None else text.strip())


# --- The series ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One period's values of one indicator."""

    period: Period
    actual: Decimal | None = None
    target: Decimal | None = None
    target_text: str | None = None  # a target written as words: shown, never judged
    lower: Decimal | None = None  # confidence limits of the actual, when published
    upper: Decimal | None = None
    baseline: bool = False
    comparator: Decimal | None = None

    @property
    def has_limits(self) -> bool:
        return (
            self.actual is not None
            and self.lower is not None
            and self.upper is not None
            and self.lower <= self.upper
        )


def _ordered(points: Sequence[Point]) -> list[Point]:
    """The points whose period has a window, by the window's end (ties: as given).

    A point whose period could not be read has no place in time, so it takes part in no
    rule that needs the order (latest, trend, forecast), except as a flagged baseline.
    """
    dated = [(p.period.end, i, p) for i, p in enumerate(points) if p.period.end is not None]
    return [p for _, _, p in sorted(dated, key=lambda item: (item[0], item[1]))]


def in_period_order(points: Sequence[Point]) -> list[Point]:
    """The points whose period was read, by the end of their period; the rest left out."""
    return _ordered(points)


def latest(points: Sequence[Point]) -> Point | None:
    """The last point in period order that has an actual (the one a scorecard judges)."""
    return next((p for p in reversed(_ordered(points)) if p.actual is not None), None)


def _sign(polarity: Polarity) -> int:
    return -1 if polarity is Polarity.LOWER_IS_BETTER else 1


# --- RAG ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RagResult:
    rag: Rag
    reason: str


def rag(
    point: Point, *, polarity: Polarity, tolerance: Decimal = Decimal(0), relative: bool = True
) -> RagResult:
    """Green on or beyond the target, Amber short of it within the tolerance, Red beyond.

    ``tolerance`` is how far on the wrong side of the target still counts Amber: a share of
    the target when ``relative`` (0.05 = within 5% of it), else in the indicator's units.
    Tolerance 0 gives only Green and Red.
    """
    if tolerance < 0:
        raise ValueError("A tolerance cannot be negative")
    if point.target is None:
        why = (
            f"the target is written {point.target_text!r}"
            if point.target_text
            else ("no target is set")
        )
        return RagResult(Rag.NO_TARGET, why)
    if polarity is Polarity.NO_JUDGEMENT:
        return RagResult(Rag.NO_JUDGEMENT, "the indicator has no better direction")
    if point.actual is None:
        return RagResult(Rag.NO_ACTUAL, "no actual yet")
    shortfall = (point.target - point.actual) * _sign(polarity)  # > 0: on the wrong side
    band = abs(point.target) * tolerance if relative else tolerance
    if shortfall <= 0:
        return RagResult(Rag.GREEN, "on or better than target")
    if shortfall <= band:
        return RagResult(Rag.AMBER, "short of target, within the tolerance")
    return RagResult(Rag.RED, "short of target, beyond the tolerance")


# --- Variance and change from baseline ----------------------------------------------------------


@dataclass(frozen=True)
class Variance:
    """(actual − target) / target, or None with the reason it is undefined."""

    value: Decimal | None
    reason: str | None = None


def variance(point: Point) -> Variance:
    """(actual − target) / target: 0.1 is 10% above target. Undefined for no actual,
    no target, or a target of zero (division by zero: the difference is in ``difference``)."""
    if point.actual is None:
        return Variance(None, "no actual")
    if point.target is None:
        return Variance(None, "no target")
    if point.target == 0:
        return Variance(None, "the target is zero, so a share of it is undefined")
    return Variance((point.actual - point.target) / point.target)


@dataclass(frozen=True)
class Change:
    """The latest actual against the baseline: both ends, the difference and the share."""

    baseline: Point | None
    latest: Point | None
    difference: Decimal | None
    relative: Decimal | None  # difference / baseline actual; None when the baseline is 0
    reason: str | None = None


def change_from_baseline(points: Sequence[Point]) -> Change:
    """The latest actual after the baseline point, against the baseline's actual.

    The baseline is the last point flagged ``baseline`` that has an actual; the latest is
    the last point with an actual after it in period order. A flagged baseline whose period
    could not be read ("Baseline") counts as before every dated point.
    """
    undated_baselines = [p for p in points if p.period.end is None and p.baseline]
    ordered = undated_baselines + _ordered(points)
    base_index = next(
        (
            i
            for i in range(len(ordered) - 1, -1, -1)
            if ordered[i].baseline and ordered[i].actual is not None
        ),
        None,
    )
    if base_index is None:
        return Change(None, None, None, None, "no baseline with an actual")
    base = ordered[base_index]
    latest = next((p for p in reversed(ordered[base_index + 1 :]) if p.actual is not None), None)
    if latest is None:
        return Change(base, None, None, None, "no actual after the baseline")
    difference = latest.actual - base.actual
    relative = difference / base.actual if base.actual != 0 else None
    reason = None if relative is not None else "the baseline is zero, so no share"
    return Change(base, latest, difference, relative, reason)


# --- Trend --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendResult:
    trend: Trend
    points: int  # how many points the judgement used
    method: str  # "confidence_limits", "consistent_direction" or "" when not computed
    reason: str


def _direction_to_trend(direction: int, polarity: Polarity) -> Trend:
    if direction == 0:
        return Trend.NO_SIGNIFICANT_CHANGE
    if polarity is Polarity.NO_JUDGEMENT:
        return Trend.INCREASING if direction > 0 else Trend.DECREASING
    return Trend.IMPROVING if direction * _sign(polarity) > 0 else Trend.GETTING_WORSE


def trend(
    points: Sequence[Point], *, polarity: Polarity, last: int = DEFAULT_TREND_POINTS
) -> TrendResult:
    """The trend over the last ``last`` points with an actual (at least three).

    With confidence limits on the first and last of those points: a significant change
    when the two intervals do not overlap. Without them: a significant change when every
    step moves the same way (each actual strictly above, or strictly below, the one before);
    any flat or reversed step means no significant change.
    """
    if last < MIN_TREND_POINTS:
        raise ValueError(f"A trend needs at least {MIN_TREND_POINTS} points")
    recent = [p for p in _ordered(points) if p.actual is not None][-last:]
    if len(recent) < MIN_TREND_POINTS:
        return TrendResult(
            Trend.NOT_COMPUTED,
            len(recent),
            "",
            f"{len(recent)} point(s) with an actual; a trend needs {MIN_TREND_POINTS}",
        )
    first, final = recent[0], recent[-1]
    if first.has_limits and final.has_limits:
        if final.lower > first.upper:
            direction = 1
        elif final.upper < first.lower:
            direction = -1
        else:
            direction = 0
        reason = (
            "the confidence intervals of the first and last points overlap"
            if direction == 0
            else "the confidence intervals do not overlap"
        )
        return TrendResult(
            _direction_to_trend(direction, polarity), len(recent), "confidence_limits", reason
        )
    steps = [b.actual - a.actual for a, b in zip(recent, recent[1:], strict=False)]
    if all(step > 0 for step in steps):
        direction, reason = 1, "every step rose"
    elif all(step < 0 for step in steps):
        direction, reason = -1, "every step fell"
    else:
        direction, reason = 0, "the steps do not all move the same way"
    return TrendResult(
        _direction_to_trend(direction, polarity), len(recent), "consistent_direction", reason
    )


# --- Comparator ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonResult:
    comparison: Comparison
    method: str  # "confidence_limits", "values" or ""
    reason: str


def compare(point: Point, *, polarity: Polarity) -> ComparisonResult:
    """The actual against the comparator (England, region, neighbours).

    With confidence limits: similar when the comparator lies inside the interval, else
    better or worse by polarity. Without them there is no measure of chance, so only an
    equal value is similar.
    """
    if point.actual is None or point.comparator is None:
        return ComparisonResult(Comparison.NOT_COMPARED, "", "no actual or no comparator")
    if point.has_limits:
        method = "confidence_limits"
        if point.lower <= point.comparator <= point.upper:
            return ComparisonResult(
                Comparison.SIMILAR, method, "the comparator lies inside the confidence interval"
            )
        direction = 1 if point.lower > point.comparator else -1
    else:
        method = "values"
        if point.actual == point.comparator:
            return ComparisonResult(Comparison.SIMILAR, method, "the same value")
        direction = 1 if point.actual > point.comparator else -1
    if polarity is Polarity.NO_JUDGEMENT:
        outcome = Comparison.HIGHER if direction > 0 else Comparison.LOWER
    else:
        outcome = Comparison.BETTER if direction * _sign(polarity) > 0 else Comparison.WORSE
    return ComparisonResult(outcome, method, f"{outcome} than the comparator")


# --- Forecast -----------------------------------------------------------------------------------

FORECAST_LABEL = "Linear forecast: a straight line through the recent actuals, not a prediction"


@dataclass(frozen=True)
class Forecast:
    """A straight line fitted (least squares) through the recent actuals, point by point."""

    label: str
    slope: Decimal | None  # change per period
    values: tuple[Decimal, ...]  # the next ``ahead`` periods
    points: int
    reason: str


def linear_forecast(
    points: Sequence[Point], *, ahead: int = 1, last: int = DEFAULT_TREND_POINTS
) -> Forecast:
    """Fit a line through the last ``last`` actuals (at least three), taken as equally spaced
    periods, and extend it ``ahead`` periods. It says where the line goes, nothing more."""
    if ahead < 1:
        raise ValueError("A forecast looks at least one period ahead")
    recent = [p.actual for p in _ordered(points) if p.actual is not None][-last:]
    n = len(recent)
    if n < MIN_TREND_POINTS:
        return Forecast(
            FORECAST_LABEL,
            None,
            (),
            n,
            f"{n} point(s) with an actual; a forecast needs {MIN_TREND_POINTS}",
        )
    xs = [Decimal(i) for i in range(n)]
    mean_x = sum(xs) / n
    mean_y = sum(recent) / n
    try:
        slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, recent, strict=True)) / sum(
            (x - mean_x) ** 2 for x in xs
        )
        values = tuple(mean_y + slope * (Decimal(n - 1 + k) - mean_x) for k in range(1, ahead + 1))
    except (InvalidOperation, OverflowError):
        return Forecast(FORECAST_LABEL, None, (), n, "the values are too large to fit a line")
    return Forecast(FORECAST_LABEL, slope, values, n, f"a line through the last {n} actuals")
