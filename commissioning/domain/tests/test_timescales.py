"""Tests for reading timescales as people write them in plans."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commissioning.domain.timescales import (
    Precision,
    Timescale,
    date_as_written,
    latest_timescale,
    parse_timescale,
    search_timescale,
)

D = date
DAY, MONTH, QUARTER = Precision.DAY, Precision.MONTH, Precision.QUARTER
FY, YEAR, SEASON = Precision.FINANCIAL_YEAR, Precision.YEAR, Precision.SEASON

WINDOWS = [
    # single days
    ("01 June 2010", D(2010, 6, 1), D(2010, 6, 1), DAY),
    ("1st June 2010", D(2010, 6, 1), D(2010, 6, 1), DAY),
    ("30 May 2007", D(2007, 5, 30), D(2007, 5, 30), DAY),
    ("2nd Feb 2009", D(2009, 2, 2), D(2009, 2, 2), DAY),
    ("3rd March 2009", D(2009, 3, 3), D(2009, 3, 3), DAY),
    ("4th April 2009", D(2009, 4, 4), D(2009, 4, 4), DAY),
    ("June 1st, 2010", D(2010, 6, 1), D(2010, 6, 1), DAY),
    ("01-Jun-10", D(2010, 6, 1), D(2010, 6, 1), DAY),
    # months
    ("June 2011", D(2011, 6, 1), D(2011, 6, 30), MONTH),
    ("Jun-11", D(2011, 6, 1), D(2011, 6, 30), MONTH),
    ("April 07", D(2007, 4, 1), D(2007, 4, 30), MONTH),
    ("Sept 2005", D(2005, 9, 1), D(2005, 9, 30), MONTH),
    ("Sep-11", D(2011, 9, 1), D(2011, 9, 30), MONTH),
    ("Feb 2008", D(2008, 2, 1), D(2008, 2, 29), MONTH),
    ("End November 2010", D(2010, 11, 1), D(2010, 11, 30), MONTH),
    ("end of Nov 2010", D(2010, 11, 1), D(2010, 11, 30), MONTH),
    ("by end of March 2009", D(2009, 3, 1), D(2009, 3, 31), MONTH),
    ("By March 2008", D(2008, 3, 1), D(2008, 3, 31), MONTH),
    ("before April 2008", D(2008, 4, 1), D(2008, 4, 30), MONTH),
    ("mid June 2010", D(2010, 6, 1), D(2010, 6, 30), MONTH),
    ("mid-June 2010", D(2010, 6, 1), D(2010, 6, 30), MONTH),
    # numeric days, UK day first
    ("31/03/09", D(2009, 3, 31), D(2009, 3, 31), DAY),
    ("31.03.2009", D(2009, 3, 31), D(2009, 3, 31), DAY),
    ("10.05.2023", D(2023, 5, 10), D(2023, 5, 10), DAY),
    ("31-03-2009", D(2009, 3, 31), D(2009, 3, 31), DAY),
    ("16.03.12", D(2012, 3, 16), D(2012, 3, 16), DAY),
    ("01/01/75", D(1975, 1, 1), D(1975, 1, 1), DAY),
    ("2009-03-31", D(2009, 3, 31), D(2009, 3, 31), DAY),
    # financial years
    ("2008-09", D(2008, 4, 1), D(2009, 3, 31), FY),
    ("2008/09", D(2008, 4, 1), D(2009, 3, 31), FY),
    ("2008-9", D(2008, 4, 1), D(2009, 3, 31), FY),
    ("2010/2011", D(2010, 4, 1), D(2011, 3, 31), FY),
    ("2008-2009", D(2008, 4, 1), D(2009, 3, 31), FY),
    ("FY 2010/11", D(2010, 4, 1), D(2011, 3, 31), FY),
    ("1999/00", D(1999, 4, 1), D(2000, 3, 31), FY),
    # financial quarters
    ("Q3 2010/11", D(2010, 10, 1), D(2010, 12, 31), QUARTER),
    ("Quarter 1 2012/13", D(2012, 4, 1), D(2012, 6, 30), QUARTER),
    ("Q4 2010/11", D(2011, 1, 1), D(2011, 3, 31), QUARTER),
    ("Q2 2011", D(2011, 7, 1), D(2011, 9, 30), QUARTER),
    ("2010/11 Q3", D(2010, 10, 1), D(2010, 12, 31), QUARTER),
    # years and seasons
    ("2008", D(2008, 1, 1), D(2008, 12, 31), YEAR),
    ("Spring 2011", D(2011, 3, 1), D(2011, 5, 31), SEASON),
    ("Summer 2011", D(2011, 6, 1), D(2011, 8, 31), SEASON),
    ("Autumn 2009", D(2009, 9, 1), D(2009, 11, 30), SEASON),
    ("Winter 2010", D(2010, 12, 1), D(2011, 2, 28), SEASON),
    ("Winter 2010/11", D(2010, 12, 1), D(2011, 2, 28), SEASON),
    # month runs
    ("May/June 2003", D(2003, 5, 1), D(2003, 6, 30), MONTH),
    ("May-June 2003", D(2003, 5, 1), D(2003, 6, 30), MONTH),
    ("April to June 2008", D(2008, 4, 1), D(2008, 6, 30), MONTH),
    ("Jan - Mar 2009", D(2009, 1, 1), D(2009, 3, 31), MONTH),
    ("September 2005 to April 2006", D(2005, 9, 1), D(2006, 4, 30), MONTH),
    ("April 2008 - March 2009", D(2008, 4, 1), D(2009, 3, 31), MONTH),
    # weeks
    ("W/C 12th May 2003", D(2003, 5, 12), D(2003, 5, 18), DAY),
    ("w/c 12/05/03", D(2003, 5, 12), D(2003, 5, 18), DAY),
    ("Week commencing 12 May 2003", D(2003, 5, 12), D(2003, 5, 18), DAY),
    # tolerance
    ("  JUNE 2011  ", D(2011, 6, 1), D(2011, 6, 30), MONTH),
    ("approx. June 2011", D(2011, 6, 1), D(2011, 6, 30), MONTH),
    ("(June 2011)", D(2011, 6, 1), D(2011, 6, 30), MONTH),
    ("June 2011.", D(2011, 6, 1), D(2011, 6, 30), MONTH),
    ("Jan \u2013 Mar 2009", D(2009, 1, 1), D(2009, 3, 31), MONTH),
    ("Jan\u2014Mar 2009", D(2009, 1, 1), D(2009, 3, 31), MONTH),
    ("2008\u201309", D(2008, 4, 1), D(2009, 3, 31), FY),
    ("01\xa0June\xa02010", D(2010, 6, 1), D(2010, 6, 1), DAY),
    ("Sept. 2005", D(2005, 9, 1), D(2005, 9, 30), MONTH),
    ("June 2011 at the latest", D(2011, 6, 1), D(2011, 6, 30), MONTH),
]


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"), WINDOWS, ids=[row[0].strip() for row in WINDOWS]
)
def test_parse_window(text: str, start: date, end: date, precision: Precision) -> None:
    timescale = parse_timescale(text)
    assert timescale == Timescale(text.strip(), start, end, precision)
    assert timescale.due == end
    assert timescale.is_parsed


CONTEXT = date(2009, 1, 15)
ASSUMED = [
    ("by 30 March", D(2009, 3, 30), D(2009, 3, 30), DAY),
    ("30th March", D(2009, 3, 30), D(2009, 3, 30), DAY),
    ("By March", D(2009, 3, 1), D(2009, 3, 31), MONTH),
    ("Summer", D(2009, 6, 1), D(2009, 8, 31), SEASON),
]


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"), ASSUMED, ids=[row[0] for row in ASSUMED]
)
def test_year_from_context(text: str, start: date, end: date, precision: Precision) -> None:
    assert parse_timescale(text, context=CONTEXT) == Timescale(text, start, end, precision, True)


@pytest.mark.parametrize("text", [row[0] for row in ASSUMED])
def test_no_year_without_context_is_unparsed(text: str) -> None:
    assert parse_timescale(text) == Timescale(text, None, None, Precision.UNPARSED)


def test_written_year_is_not_assumed() -> None:
    assert parse_timescale("30 March 2008", context=CONTEXT).year_assumed is False


NO_WINDOW = [
    *[
        (text, Precision.OPEN)
        for text in (
            "Ongoing",
            "On-going",
            "ongoing.",
            "Continuous",
            "Continual",
            "TBC",
            "TBA",
            "To be confirmed",
            "As required",
            "As and when",
            "N/A",
        )
    ],
    *[
        (text, Precision.RECURRING)
        for text in (
            "Monthly",
            "bi-monthly",
            "Weekly",
            "Fortnightly",
            "Quarterly",
            "Annually",
            "Every 6 weeks",
            "6 monthly",
            "twice a year",
        )
    ],
    *[
        (text, Precision.UNPARSED)
        for text in (
            "soon",
            "after the election",
            "6 months",
            "31 February 2010",
            "32/13/09",
            "30/02/2010",
            "Nov - Feb 2010",
            "2008-2010",
            "June 2011 - May 2010",
            "5%",
            "Page 1 of 4",
            "---",
            "Q5 2010/11",
        )
    ],
]


@pytest.mark.parametrize(("text", "precision"), NO_WINDOW, ids=[row[0] for row in NO_WINDOW])
def test_parse_without_window(text: str, precision: Precision) -> None:
    assert parse_timescale(text) == Timescale(text, None, None, precision)


@pytest.mark.parametrize("text", ["", "   ", "\n\t\xa0"], ids=["empty", "spaces", "mixed"])
def test_blank_is_unparsed_with_empty_text(text: str) -> None:
    assert parse_timescale(text) == Timescale("", None, None, Precision.UNPARSED)


SEARCHES = [
    (
        "Transition stage 1 (T1) 01 June 2010 Plans and proposed structures ready",
        "01 June 2010",
        D(2010, 6, 1),
        D(2010, 6, 1),
        DAY,
    ),
    (
        "Transition stage 2 (T2) End November 2010 Structural change/people in post",
        "End November 2010",
        D(2010, 11, 1),
        D(2010, 11, 30),
        MONTH,
    ),
    ("Transition stage 3 (T3) June 2011", "June 2011", D(2011, 6, 1), D(2011, 6, 30), MONTH),
    ("Progress to Date \u2013 March 2008", "March 2008", D(2008, 3, 1), D(2008, 3, 31), MONTH),
    ("Update \u2013 30 May 2007", "30 May 2007", D(2007, 5, 30), D(2007, 5, 30), DAY),
    (
        "Portfolio and key programme overview as at 16.03.12 Page 1 of 4",
        "16.03.12",
        D(2012, 3, 16),
        D(2012, 3, 16),
        DAY,
    ),
    (
        "Change Plan Timeline September 2005 to April 2006",
        "September 2005 to April 2006",
        D(2005, 9, 1),
        D(2006, 4, 30),
        MONTH,
    ),
    ("performance for 2005/06", "2005/06", D(2005, 4, 1), D(2006, 3, 31), FY),
    ("Milestone: Q3 2010/11 review", "Q3 2010/11", D(2010, 10, 1), D(2010, 12, 31), QUARTER),
    ("to be done by end of March 2009", "end of March 2009", D(2009, 3, 1), D(2009, 3, 31), MONTH),
    (
        "Pilot runs May/June 2003 in two areas",
        "May/June 2003",
        D(2003, 5, 1),
        D(2003, 6, 30),
        MONTH,
    ),
    ("Sign-off Jun-11 (draft)", "Jun-11", D(2011, 6, 1), D(2011, 6, 30), MONTH),
]


@pytest.mark.parametrize(
    ("text", "found", "start", "end", "precision"),
    SEARCHES,
    ids=[row[1] for row in SEARCHES],
)
def test_search(text: str, found: str, start: date, end: date, precision: Precision) -> None:
    result = search_timescale(text)
    assert result is not None
    timescale, span_start, span_end = result
    assert timescale == Timescale(found, start, end, precision)
    assert text[span_start:span_end] == found
    assert text.index(found) == span_start


def test_search_span_leaves_the_rest() -> None:
    text = "Transition stage 1 (T1) 01 June 2010 Plans and proposed structures ready"
    result = search_timescale(text)
    assert result is not None
    assert text[result[2] :] == " Plans and proposed structures ready"


@pytest.mark.parametrize(
    "text",
    [
        "5%",
        "Page 1 of 4",
        "Transition stage 1 (T1)",
        "Ongoing",
        "Monthly reports to the board",
        "TBC",
        "in 2008 we met",
        "meeting on March 15 about it",
        "version 1.2.3",
        "items for June - 31 done",
        "",
    ],
    ids=lambda text: text or "empty",
)
def test_search_ignores_non_dates(text: str) -> None:
    assert search_timescale(text) is None


def test_latest_timescale_takes_the_latest_end() -> None:
    text = (
        "\u2026 published on Intranet by March 2007 Facilities list to be produced "
        "by March 2008 \u2026"
    )
    assert latest_timescale(text) == Timescale(text, None, D(2008, 3, 31), MONTH)


def test_latest_timescale_keeps_the_precision_of_the_latest() -> None:
    text = "Draft by 30 May 2007, consult in 2007/08, review 01/06/2007"
    assert latest_timescale(text) == Timescale(text, None, D(2008, 3, 31), FY)


def test_latest_timescale_without_dates() -> None:
    assert latest_timescale("as soon as possible") is None


def test_to_json() -> None:
    assert parse_timescale("Q3 2010/11").to_json() == {
        "text": "Q3 2010/11",
        "start": "2010-10-01",
        "end": "2010-12-31",
        "precision": "quarter",
    }


# Properties

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="0123456789/.-\u2013 QqFfYy'", max_size=20),
    st.lists(
        st.sampled_from(
            ["June", "Sept", "by", "end", "of", "Q3", "w/c", "to", "-", "/", "2010", "11", "31"]
        ),
        max_size=6,
    ).map(" ".join),
)
CONTEXTS = st.none() | DATES


def _assert_window(timescale: Timescale) -> None:
    if timescale.start is not None and timescale.end is not None:
        assert timescale.start <= timescale.end


@settings(max_examples=300)
@given(TEXT, CONTEXTS)
def test_parse_never_raises_and_keeps_text(text: str, context: date | None) -> None:
    timescale = parse_timescale(text, context=context)
    assert timescale.text == text.strip()
    _assert_window(timescale)
    if timescale.precision in (Precision.OPEN, Precision.RECURRING, Precision.UNPARSED):
        assert timescale.start is None and timescale.end is None


@settings(max_examples=300)
@given(TEXT, CONTEXTS)
def test_search_never_raises_and_spans_its_text(text: str, context: date | None) -> None:
    result = search_timescale(text, context=context)
    if result is not None:
        timescale, start, end = result
        assert 0 <= start < end <= len(text)
        assert timescale.text == text[start:end]
        assert timescale.is_parsed
        _assert_window(timescale)
    latest = latest_timescale(text, context=context)
    assert (latest is None) == (result is None)


@settings(max_examples=300)
@given(DATES)
def test_written_dates_read_back(day: date) -> None:
    for text in (
        f"{day.day:02d} {MONTH_NAMES[day.month - 1]} {day.year}",
        f"{day.day:02d}/{day.month:02d}/{day.year}",
    ):
        assert parse_timescale(text) == Timescale(text, day, day, Precision.DAY)
        assert search_timescale(f"Due {text} latest") == (
            Timescale(text, day, day, Precision.DAY),
            4,
            4 + len(text),
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2008-03-31", date(2008, 3, 31)),
        ("31 March 2008", date(2008, 3, 31)),
        ("31/03/2008", date(2008, 3, 31)),
        ("March 2008", date(2008, 3, 31)),
        ("  ", None),
        ("", None),
    ],
)
def test_a_date_as_written_is_its_day_or_the_last_day_of_its_period(text, expected):
    assert date_as_written(text) == expected


@pytest.mark.parametrize("text", ["Ongoing", "monthly", "not a date", "2008-02-30"])
def test_what_names_no_date_is_refused_with_the_readable_message(text):
    with pytest.raises(ValueError, match="Enter a date, like 31 March 2008"):
        date_as_written(text)
