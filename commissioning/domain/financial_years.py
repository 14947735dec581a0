"""UK financial years ("2010/11": 1 April 2010 to 31 March 2011) as the total pot keeps them.

Pure functions, no database. A year is stored in one form, "2010/11"; people write it
"2010-11", "2010/2011", "FY 2010/11" or "2010/11", and a timescale read from a document is a
financial year only when its window is exactly 1 April to 31 March of the next year.
"""

from __future__ import annotations

import re
from datetime import date

from commissioning.domain.timescales import Timescale

_YEAR = re.compile(
    r"^\s*(?:fy|financial\s+year)?\s*:?\s*(?P<start>(?:19|20)\d\d)\s*[/\-–]\s*(?P<end>\d{2}|\d{4})\s*$",
    re.IGNORECASE,
)


class FinancialYearError(ValueError):
    """Text or a timescale that is not one UK financial year."""


def label(start_year: int) -> str:
    """The stored form of the financial year starting in April ``start_year``: "2010/11"."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def start_year(year: str) -> int:
    """The calendar year a stored financial year ("2010/11") starts in."""
    return int(normalise(year)[:4])


def normalise(text: str) -> str:
    """ "2010-11", "2010/2011", "FY 2010/11" → "2010/11"; FinancialYearError otherwise."""
    match = _YEAR.match(text or "")
    if match is None:
        raise FinancialYearError(f"{text!r} is not a financial year (write it as 2010/11)")
    first = int(match["start"])
    end = match["end"]
    second = int(end) if len(end) == 4 else (first // 100) * 100 + int(end)
    if len(end) == 2 and second < first:
        second += 100
    if second != first + 1:
        raise FinancialYearError(f"{text!r} is not one financial year (write it as 2010/11)")
    return label(first)


def from_timescale(timescale: Timescale) -> str:
    """The financial year a timescale stands for; FinancialYearError unless it is exactly one."""
    start, end = timescale.start, timescale.end
    if (
        start is not None
        and end is not None
        and start == date(start.year, 4, 1)
        and end == date(start.year + 1, 3, 31)
    ):
        return label(start.year)
    raise FinancialYearError(f"{timescale.text!r} is not a financial year (1 April to 31 March)")


def previous(year: str) -> str:
    return label(start_year(year) - 1)


def containing(day: date) -> str:
    """The financial year a day falls in."""
    return label(day.year if day.month >= 4 else day.year - 1)
