"""Read the period of an indicator value as people write it ("2010/11", "2005-2007 ave").

Pure functions, no database. A period keeps its text as written and the window it stands
for; single periods are read by ``domain.timescales.parse_timescale``, and this module adds
what indicator tables write and plans do not:

================================  ===========================================================
The text…                         Read as
================================  ===========================================================
"2010/11", "2010-11", "FY 10/11"  a financial year (1 April to 31 March), frequency
                                  ``financial_year``
"Q3 2010/11"                      a financial quarter, frequency ``quarter``
"Apr-Jun 2010", "Jan-Mar 2010"    three months, frequency ``quarter``
"May 2008", "May 07"              a month, frequency ``month``
"2011"                            a calendar year, frequency ``calendar_year``
"2005-2007 ave", "2005-07 avg",   an average over several years (kind ``average``), the
"2008/09-2010/11 average",        window from the first year's start to the last one's end
"2008 - 10" (years pooled)
"to May 07", "year to May 07",    a value to the end of a month (kind ``to_date``); "year
"12 months to May 2007"           to" and "N months to" give the start, plain "to" does not
================================  ===========================================================

Anything else is kept with no window and no frequency (``is_read`` is False): never
guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache

from commissioning.domain.timescales import Precision, parse_timescale


class Frequency(StrEnum):
    """How often an indicator is reported; what one period covers."""

    FINANCIAL_YEAR = "financial_year"
    QUARTER = "quarter"
    MONTH = "month"
    CALENDAR_YEAR = "calendar_year"


class PeriodKind(StrEnum):
    """What the value of a period stands for."""

    SINGLE = "single"  # one period: a year, a quarter, a month
    AVERAGE = "average"  # an average over several periods ("2005-2007 ave")
    TO_DATE = "to_date"  # up to the end of a month ("to May 07", "12 months to May 07")
    UNREAD = "unread"  # kept as written, no window


@dataclass(frozen=True)
class Period:
    """A period as written, with its window (None when not known) and frequency."""

    text: str
    start: date | None
    end: date | None
    kind: PeriodKind
    frequency: Frequency | None = None

    @property
    def is_read(self) -> bool:
        return self.kind is not PeriodKind.UNREAD

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "kind": str(self.kind),
            "frequency": str(self.frequency) if self.frequency else None,
        }


_FLAGS = re.IGNORECASE | re.ASCII
_AVERAGE = re.compile(
    r"^(?:(?:average|ave|avg|mean)\.?\s+(?:of\s+)?)?(?P<body>.+?)"
    r"(?:[\s(,]+(?:average|ave|avg|mean|pooled)\.?\)?)?$",
    _FLAGS,
)
_AVERAGE_WORD = re.compile(r"(?<![a-z])(?:average|ave|avg|mean|pooled)(?![a-z])", _FLAGS)
_YEARS = re.compile(r"^(?P<a>(?:19|20)\d\d)\s*(?:-|to)\s*(?P<b>(?:19|20)?\d\d)$", _FLAGS)
_FY_RANGE = re.compile(
    r"^(?P<a>.+?)\s*(?:-|to)\s*(?P<b>(?:19|20)?\d\d\s*[/-]\s*\d\d(?:\d\d)?)$", _FLAGS
)
_TO = re.compile(
    r"^(?:(?P<year>(?:the\s+)?(?:rolling\s+)?(?:year|12\s+months))|(?P<n>\d{1,2})\s+months?)?"
    r"\s*(?:to|ending|until)\s+(?P<month>.+)$",
    _FLAGS,
)


def _frequency(start: date, end: date, precision: Precision) -> Frequency | None:
    """The frequency a single window implies, or None when it implies none."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if precision is Precision.FINANCIAL_YEAR:
        return Frequency.FINANCIAL_YEAR
    if precision is Precision.QUARTER:
        return Frequency.QUARTER
    if precision is Precision.YEAR:
        return Frequency.CALENDAR_YEAR
    if precision is Precision.MONTH and start.day == 1:
        if months == 1:
            return Frequency.MONTH
        if months == 3:
            return Frequency.QUARTER
        if months == 12:
            return Frequency.FINANCIAL_YEAR if start.month == 4 else Frequency.CALENDAR_YEAR
    return None


def _average(text: str) -> Period | None:
    """ "2005-2007 ave", "2005-07 avg", "2008/09-2010/11 average"; None otherwise."""
    match = _AVERAGE.fullmatch(text)
    if match is None or not _AVERAGE_WORD.search(text):
        return None
    body = match["body"].strip()
    years = _YEARS.fullmatch(body)
    if years:
        first, second = int(years["a"]), years["b"]
        last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if last <= first:
            return None
        return Period(
            text, date(first, 1, 1), date(last, 12, 31), PeriodKind.AVERAGE, Frequency.CALENDAR_YEAR
        )
    pair = _FY_RANGE.fullmatch(body)
    if pair:
        first_fy, last_fy = parse_timescale(pair["a"]), parse_timescale(pair["b"])
        if (
            first_fy.precision is Precision.FINANCIAL_YEAR
            and last_fy.precision is Precision.FINANCIAL_YEAR
            and first_fy.start < last_fy.start
        ):
            return Period(
                text, first_fy.start, last_fy.end, PeriodKind.AVERAGE, Frequency.FINANCIAL_YEAR
            )
    return None


def _pooled(text: str) -> Period | None:
    """ "2008 - 10", "2009-2011": several calendar years pooled, as national datasets write
    them (kind ``average``); a pair one year apart ("2010-11") is a financial year, not this."""
    years = _YEARS.fullmatch(text)
    if years is None:
        return None
    first, second = int(years["a"]), years["b"]
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if last < first + 2 or last > first + 20:
        return None
    return Period(
        text, date(first, 1, 1), date(last, 12, 31), PeriodKind.AVERAGE, Frequency.CALENDAR_YEAR
    )


def _to_date(text: str) -> Period | None:
    """ "to May 07", "year to May 07", "3 months to June 2010"; None otherwise."""
    match = _TO.fullmatch(text)
    if match is None:
        return None
    month = parse_timescale(match["month"])
    if month.precision is not Precision.MONTH or month.start.month != month.end.month:
        return None
    length = 12 if match["year"] else int(match["n"]) if match["n"] else None
    if length is not None and not 1 <= length <= 60:
        return None
    start = None
    if length is not None:
        index = month.end.year * 12 + month.end.month - length
        start = date(index // 12, index % 12 + 1, 1)
    return Period(text, start, month.end, PeriodKind.TO_DATE)


@lru_cache(maxsize=4096)
def parse_period(text: str) -> Period:
    """Read one period of an indicator as written; unreadable text is kept, never guessed."""
    original = " ".join(text.split())
    if not original:
        return Period(original, None, None, PeriodKind.UNREAD)
    found = _average(original) or _pooled(original) or _to_date(original)
    if found is not None:
        return found
    timescale = parse_timescale(original)
    if timescale.start is None or timescale.end is None:
        return Period(original, None, None, PeriodKind.UNREAD)
    frequency = _frequency(timescale.start, timescale.end, timescale.precision)
    return Period(original, timescale.start, timescale.end, PeriodKind.SINGLE, frequency)


def common_frequency(periods: list[Period]) -> Frequency | None:
    """The frequency every single period of a series shares; None when they differ or none."""
    found = {period.frequency for period in periods if period.kind is PeriodKind.SINGLE}
    return found.pop() if len(found) == 1 and None not in found else None
