"""The indicator rules, one row of each table per rule (see the indicator rules ADR)."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commissioning.domain.indicators import (
    FORECAST_LABEL,
    Comparison,
    IndicatorValueError,
    Point,
    Polarity,
    Rag,
    Trend,
    change_from_baseline,
    compare,
    in_period_order,
    latest,
    linear_forecast,
    rag,
    read_target,
    read_value,
    trend,
    variance,
)
from commissioning.domain.periods import parse_period

HIGH, LOW, NONE = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.NO_JUDGEMENT
YEARS = ["2006/07", "2007/08", "2008/09", "2009/10", "2010/11", "2011/12", "2012/13"]


def series(*actuals, limits=None):
    """Points for consecutive financial years; limits: (lower, upper) pairs or None."""
    limits = limits or [None] * len(actuals)
    return [
        Point(
            parse_period(YEARS[i]),
            actual=None if a is None else D(str(a)),
            lower=None if lim is None else D(str(lim[0])),
            upper=None if lim is None else D(str(lim[1])),
        )
        for i, (a, lim) in enumerate(zip(actuals, limits, strict=True))
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.5%", D("12.5")),
        ("12.5 %", D("12.5")),
        ("1,234", D("1234")),
        ("£2.3m", D("2300000")),
        ("-3", D("-3")),
        ("0", D("0")),
        ("tba", None),
        ("TBC", None),
        ("to be renegotiated", None),
        ("To be agreed", None),
        ("n/a", None),
        ("-", None),
        ("", None),
        (None, None),
    ],
)
def test_read_value(text, expected):
    assert read_value(text) == expected


@pytest.mark.parametrize("text", ["twelve", "1,23", "$5", "12.5%%"])
def test_read_value_refuses_what_is_not_a_number(text):
    with pytest.raises(IndicatorValueError, match="not a number"):
        read_value(text)


@pytest.mark.parametrize(
    ("text", "value", "kept"),
    [
        ("75%", D("75"), None),
        ("tba", None, "tba"),
        ("TBC", None, "TBC"),
        (" to be renegotiated ", None, "to be renegotiated"),
        ("rise by a third", None, "rise by a third"),  # words, never a number
        ("", None, None),
        (None, None, None),
    ],
)
def test_read_target(text, value, kept):
    target = read_target(text)
    assert (target.value, target.text, target.is_set) == (value, kept, value is not None)


def point(actual=None, target=None, target_text=None, **kw):
    return Point(
        parse_period("2010/11"),
        actual=None if actual is None else D(str(actual)),
        target=None if target is None else D(str(target)),
        target_text=target_text,
        **{k: D(str(v)) for k, v in kw.items()},
    )


@pytest.mark.parametrize(
    ("actual", "target", "polarity", "tolerance", "relative", "expected"),
    [
        (80, 75, HIGH, "0.05", True, Rag.GREEN),
        (75, 75, HIGH, "0.05", True, Rag.GREEN),  # on target
        (72, 75, HIGH, "0.05", True, Rag.AMBER),  # 3 short, band 3.75
        (71.25, 75, HIGH, "0.05", True, Rag.AMBER),  # exactly at the band's edge
        (71, 75, HIGH, "0.05", True, Rag.RED),
        (74, 75, HIGH, "0", True, Rag.RED),  # no tolerance: only Green and Red
        (70, 75, LOW, "0.05", True, Rag.GREEN),
        (78, 75, LOW, "0.05", True, Rag.AMBER),
        (80, 75, LOW, "0.05", True, Rag.RED),
        (12, 10, LOW, "2", False, Rag.AMBER),  # tolerance in the indicator's units
        (13, 10, LOW, "2", False, Rag.RED),
        (1, 0, LOW, "0.5", True, Rag.RED),  # a zero target leaves no relative band
        (80, 75, NONE, "0.05", True, Rag.NO_JUDGEMENT),
        (None, 75, HIGH, "0.05", True, Rag.NO_ACTUAL),
        (80, None, HIGH, "0.05", True, Rag.NO_TARGET),
    ],
)
def test_rag(actual, target, polarity, tolerance, relative, expected):
    result = rag(
        point(actual, target), polarity=polarity, tolerance=D(tolerance), relative=relative
    )
    assert result.rag is expected
    assert result.reason


def test_a_target_written_in_words_is_no_target_and_says_so():
    result = rag(point(80, None, "TBC"), polarity=HIGH)
    assert result.rag is Rag.NO_TARGET
    assert "'TBC'" in result.reason


def test_a_negative_tolerance_is_refused():
    with pytest.raises(ValueError, match="negative"):
        rag(point(1, 2), polarity=HIGH, tolerance=D(-1))
    with pytest.raises(ValueError, match="negative"):  # even when there is nothing to judge
        rag(point(1, None), polarity=HIGH, tolerance=D(-1))


@pytest.mark.parametrize(
    ("actual", "target", "value", "reason"),
    [
        (110, 100, D("0.1"), None),
        (90, 100, D("-0.1"), None),
        (5, -10, D("-1.5"), None),
        (5, 0, None, "the target is zero, so a share of it is undefined"),
        (None, 100, None, "no actual"),
        (5, None, None, "no target"),
    ],
)
def test_variance(actual, target, value, reason):
    assert (variance(point(actual, target)).value, variance(point(actual, target)).reason) == (
        value,
        reason,
    )


@pytest.mark.parametrize(
    ("actuals", "baseline_at", "difference", "relative", "reason"),
    [
        ([50, 55, 60], 0, D(10), D("0.2"), None),
        ([50, 55, None], 0, D(5), D("0.1"), None),  # latest with an actual
        ([40, 50, 45], 1, D(-5), D("-0.1"), None),  # before the baseline does not count
        ([0, 5], 0, D(5), None, "the baseline is zero, so no share"),
        ([50, 60], None, None, None, "no baseline with an actual"),
        ([50, None], 0, None, None, "no actual after the baseline"),
    ],
)
def test_change_from_baseline(actuals, baseline_at, difference, relative, reason):
    points = [
        Point(p.period, actual=p.actual, baseline=i == baseline_at)
        for i, p in enumerate(series(*actuals))
    ]
    change = change_from_baseline(points)
    assert (change.difference, change.relative, change.reason) == (difference, relative, reason)


def test_change_from_baseline_reads_the_periods_not_the_order_given():
    points = series(50, 60)
    points = [Point(points[0].period, actual=D(50), baseline=True), points[1]]
    assert change_from_baseline(list(reversed(points))).difference == D(10)


@pytest.mark.parametrize(
    ("actuals", "limits", "polarity", "expected", "method"),
    [
        ([1, 2, 3], None, HIGH, Trend.IMPROVING, "consistent_direction"),
        ([1, 2, 3], None, LOW, Trend.GETTING_WORSE, "consistent_direction"),
        ([3, 2, 1], None, LOW, Trend.IMPROVING, "consistent_direction"),
        ([3, 2, 1], None, HIGH, Trend.GETTING_WORSE, "consistent_direction"),
        ([1, 3, 2], None, HIGH, Trend.NO_SIGNIFICANT_CHANGE, "consistent_direction"),
        ([1, 1, 2], None, HIGH, Trend.NO_SIGNIFICANT_CHANGE, "consistent_direction"),
        ([1, 2, 3], None, NONE, Trend.INCREASING, "consistent_direction"),
        ([3, 2, 1], None, NONE, Trend.DECREASING, "consistent_direction"),
        ([9, 1, 2, 3, 4, 5], None, HIGH, Trend.IMPROVING, "consistent_direction"),  # last 5
        ([1, 2], None, HIGH, Trend.NOT_COMPUTED, ""),
        ([1, None, 2], None, HIGH, Trend.NOT_COMPUTED, ""),
        # With limits: the first and last intervals decide, however the steps wander.
        ([10, 9, 20], [(8, 12), None, (18, 22)], HIGH, Trend.IMPROVING, "confidence_limits"),
        (
            [10, 11, 12],
            [(8, 12), None, (11, 13)],
            HIGH,
            Trend.NO_SIGNIFICANT_CHANGE,
            "confidence_limits",
        ),
        ([20, 15, 10], [(18, 22), None, (8, 12)], LOW, Trend.IMPROVING, "confidence_limits"),
        ([20, 15, 10], [(18, 22), None, (8, 12)], NONE, Trend.DECREASING, "confidence_limits"),
    ],
)
def test_trend(actuals, limits, polarity, expected, method):
    result = trend(series(*actuals, limits=limits), polarity=polarity)
    assert (result.trend, result.method) == (expected, method)


def test_trend_needs_a_window_of_three():
    with pytest.raises(ValueError, match="at least 3"):
        trend(series(1, 2, 3), polarity=HIGH, last=2)


@pytest.mark.parametrize(
    ("actual", "comparator", "limits", "polarity", "expected"),
    [
        (60, 50, None, HIGH, Comparison.BETTER),
        (40, 50, None, HIGH, Comparison.WORSE),
        (40, 50, None, LOW, Comparison.BETTER),
        (50, 50, None, HIGH, Comparison.SIMILAR),
        (60, 50, None, NONE, Comparison.HIGHER),
        (40, 50, None, NONE, Comparison.LOWER),
        (60, 50, (45, 75), HIGH, Comparison.SIMILAR),  # the interval holds the comparator
        (60, 50, (55, 65), HIGH, Comparison.BETTER),
        (60, 50, (55, 65), LOW, Comparison.WORSE),
        (40, 50, (35, 45), LOW, Comparison.BETTER),
        (None, 50, None, HIGH, Comparison.NOT_COMPARED),
        (60, None, None, HIGH, Comparison.NOT_COMPARED),
    ],
)
def test_compare(actual, comparator, limits, polarity, expected):
    extra = {} if limits is None else {"lower": limits[0], "upper": limits[1]}
    if comparator is not None:
        extra["comparator"] = comparator
    assert compare(point(actual, **extra), polarity=polarity).comparison is expected


@pytest.mark.parametrize(
    ("actuals", "ahead", "slope", "values"),
    [
        ([1, 2, 3], 2, D(1), (D(4), D(5))),
        ([10, 8, 6, 4], 1, D(-2), (D(2),)),
        ([5, 5, 5], 1, D(0), (D(5),)),
        ([1, 3, 2], 1, D("0.5"), (D("3"),)),
        ([1, 2], 1, None, ()),
    ],
)
def test_linear_forecast(actuals, ahead, slope, values):
    forecast = linear_forecast(series(*actuals), ahead=ahead)
    assert forecast.label == FORECAST_LABEL
    assert (forecast.slope, forecast.values) == (slope, values)


# --- Any series: no crash, every rule answers -----------------------------------------------

numbers = st.one_of(
    st.none(),
    st.decimals(
        min_value=-(10**6), max_value=10**6, allow_nan=False, allow_infinity=False, places=3
    ),
)
periods = st.sampled_from(YEARS + ["Q3 2010/11", "2005-2007 ave", "to May 07", "Baseline", ""])


@st.composite
def points(draw):
    lower, upper = draw(numbers), draw(numbers)
    return Point(
        parse_period(draw(periods)),
        actual=draw(numbers),
        target=draw(numbers),
        target_text=draw(st.sampled_from([None, "TBC", "tba", "to be renegotiated"])),
        lower=lower,
        upper=upper,
        baseline=draw(st.booleans()),
        comparator=draw(numbers),
    )


@given(
    st.lists(points(), max_size=10),
    st.sampled_from(list(Polarity)),
    st.decimals(min_value=0, max_value=1, places=2),
)
def test_any_series_gets_an_answer_from_every_rule(series_, polarity, tolerance):
    for p in series_:
        result = rag(p, polarity=polarity, tolerance=tolerance)
        assert result.rag in set(Rag)
        assert (result.rag is Rag.NO_TARGET) == (p.target is None)
        assert (variance(p).value is None) == (variance(p).reason is not None)
        assert compare(p, polarity=polarity).comparison in set(Comparison)
    result = trend(series_, polarity=polarity)
    with_actual = sum(p.actual is not None and p.period.end is not None for p in series_)
    assert (result.trend is Trend.NOT_COMPUTED) == (with_actual < 3)
    change_from_baseline(series_)
    forecast = linear_forecast(series_, ahead=2)
    assert forecast.label == FORECAST_LABEL
    assert len(forecast.values) == (2 if with_actual >= 3 else 0)


@given(st.text(max_size=30))
def test_any_target_text_is_a_number_or_kept(text):
    target = read_target(text)
    assert (target.value is None) or (target.text is None)
    if target.value is None and text.strip():
        assert target.text == text.strip()


def test_latest_and_period_order_read_the_periods():
    given_order = [
        Point(parse_period("Baseline"), actual=D(1)),
        Point(parse_period("2010/11"), actual=D(3)),
        Point(parse_period("2008/09"), actual=D(2)),
        Point(parse_period("2011/12")),
    ]
    texts = [p.period.text for p in in_period_order(given_order)]
    assert texts == ["2008/09", "2010/11", "2011/12"]  # an unread period has no place
    assert latest(given_order).period.text == "2010/11"
    assert latest([]) is None


def test_an_undated_baseline_counts_before_every_dated_point():
    points = [
        Point(parse_period("2009/10"), actual=D(60)),
        Point(parse_period("Baseline"), actual=D(50), baseline=True),
    ]
    change = change_from_baseline(points)
    assert (change.baseline.period.text, change.difference) == ("Baseline", D(10))


def test_undated_points_count_in_no_trend():
    points = series(1, 2) + [Point(parse_period("Baseline"), actual=D(3))]
    assert trend(points, polarity=HIGH).trend is Trend.NOT_COMPUTED
