"""Coverage of outcomes by needs analyses: current, stale or none, with open gaps."""

import datetime as dt

import pytest

from commissioning.domain.coverage import Analysis, Cover, coverage

TODAY = dt.date(2026, 12, 1)


def _analysis(key, dated, *outcomes):
    return Analysis(key=key, dated=dated, outcomes=frozenset(outcomes))


@pytest.mark.parametrize(
    ("analyses", "cover", "age"),
    [
        ([], Cover.NONE, None),
        ([_analysis("n", dt.date(2026, 6, 1), "o")], Cover.CURRENT, 183),
        ([_analysis("n", dt.date(2025, 12, 1), "o")], Cover.CURRENT, 365),  # exactly the limit
        ([_analysis("n", dt.date(2025, 11, 30), "o")], Cover.STALE, 366),
        ([_analysis("n", None, "o")], Cover.CURRENT, None),  # undated: age unknown, not old
        (
            [
                _analysis("old", dt.date(2020, 1, 1), "o"),
                _analysis("new", dt.date(2026, 1, 1), "o"),
            ],
            Cover.CURRENT,
            334,
        ),
        ([_analysis("n", dt.date(2026, 1, 1), "other")], Cover.NONE, None),
    ],
)
def test_cover_and_age(analyses, cover, age):
    (row,) = coverage(
        outcomes=["o"], analyses=analyses, open_gaps=[], today=TODAY, stale_after_days=365
    ).rows
    assert (row.cover, row.age_days) == (cover, age)


def test_open_gaps_are_counted_per_outcome_and_outcomes_without_current_listed():
    result = coverage(
        outcomes=["a", "b", "c"],
        analyses=[
            _analysis("n1", dt.date(2026, 1, 1), "a"),
            _analysis("n2", dt.date(2010, 1, 1), "b"),
        ],
        open_gaps=["a", "a", "c"],
        today=TODAY,
        stale_after_days=365,
    )
    assert [(r.outcome, r.cover, r.open_gaps) for r in result.rows] == [
        ("a", Cover.CURRENT, 2),
        ("b", Cover.STALE, 0),
        ("c", Cover.NONE, 1),
    ]
    assert [r.outcome for r in result.without_current()] == ["b", "c"]
    assert result.covered_share == pytest.approx(1 / 3)
    assert result.rows[0].analyses == ("n1",)
