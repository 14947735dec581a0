"""Indicator periods as written, one row per way of writing them."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commissioning.domain.periods import Frequency, PeriodKind, common_frequency, parse_period

FY, Q, M, CY = (
    Frequency.FINANCIAL_YEAR,
    Frequency.QUARTER,
    Frequency.MONTH,
    Frequency.CALENDAR_YEAR,
)


@pytest.mark.parametrize(
    ("text", "start", "end", "kind", "frequency"),
    [
        ("2010/11", date(2010, 4, 1), date(2011, 3, 31), PeriodKind.SINGLE, FY),
        ("2010-11", date(2010, 4, 1), date(2011, 3, 31), PeriodKind.SINGLE, FY),
        ("Q3 2010/11", date(2010, 10, 1), date(2010, 12, 31), PeriodKind.SINGLE, Q),
        ("Apr-Jun 2010", date(2010, 4, 1), date(2010, 6, 30), PeriodKind.SINGLE, Q),
        ("May 2008", date(2008, 5, 1), date(2008, 5, 31), PeriodKind.SINGLE, M),
        ("May 07", date(2007, 5, 1), date(2007, 5, 31), PeriodKind.SINGLE, M),
        ("2011", date(2011, 1, 1), date(2011, 12, 31), PeriodKind.SINGLE, CY),
        ("Apr 2010 - Mar 2011", date(2010, 4, 1), date(2011, 3, 31), PeriodKind.SINGLE, FY),
        ("1 June 2010", date(2010, 6, 1), date(2010, 6, 1), PeriodKind.SINGLE, None),
        ("2005-2007 ave", date(2005, 1, 1), date(2007, 12, 31), PeriodKind.AVERAGE, CY),
        ("2005-07 avg", date(2005, 1, 1), date(2007, 12, 31), PeriodKind.AVERAGE, CY),
        ("average 2005 to 2007", date(2005, 1, 1), date(2007, 12, 31), PeriodKind.AVERAGE, CY),
        ("2008/09-2010/11 average", date(2008, 4, 1), date(2011, 3, 31), PeriodKind.AVERAGE, FY),
        ("2007-2005 ave", None, None, PeriodKind.UNREAD, None),  # backwards: not guessed
        ("to May 07", None, date(2007, 5, 31), PeriodKind.TO_DATE, None),
        ("year to May 07", date(2006, 6, 1), date(2007, 5, 31), PeriodKind.TO_DATE, None),
        ("12 months to May 2007", date(2006, 6, 1), date(2007, 5, 31), PeriodKind.TO_DATE, None),
        ("3 months to June 2010", date(2010, 4, 1), date(2010, 6, 30), PeriodKind.TO_DATE, None),
        ("to Q3 2010/11", None, None, PeriodKind.UNREAD, None),
        ("Baseline", None, None, PeriodKind.UNREAD, None),
        ("", None, None, PeriodKind.UNREAD, None),
    ],
)
def test_periods_as_written(text, start, end, kind, frequency):
    period = parse_period(text)
    assert (period.text, period.start, period.end, period.kind, period.frequency) == (
        text,
        start,
        end,
        kind,
        frequency,
    )


def test_to_json_keeps_the_text():
    assert parse_period("2005-2007 ave").to_json() == {
        "text": "2005-2007 ave",
        "start": "2005-01-01",
        "end": "2007-12-31",
        "kind": "average",
        "frequency": "calendar_year",
    }


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["2008/09", "2009/10", "2010/11"], FY),
        (["2008/09", "Q1 2009/10"], None),
        (["2005-2007 ave", "2008", "2009"], CY),  # an average baseline does not count
        (["Baseline"], None),
    ],
)
def test_common_frequency(texts, expected):
    assert common_frequency([parse_period(t) for t in texts]) == expected


@given(st.text(max_size=40))
def test_any_text_is_kept_and_a_window_is_ordered(text):
    period = parse_period(text)
    assert period.text == " ".join(text.split())
    if period.start and period.end:
        assert period.start <= period.end
    assert period.is_read == (period.kind is not PeriodKind.UNREAD)
