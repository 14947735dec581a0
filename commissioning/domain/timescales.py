"""Read timescales as people write them ("April 2008", "Q3 2010/11", "Ongoing").

Pure functions, no database. A timescale keeps its original text and derives a window
(earliest, latest date) and a precision; the due date is the window's end. Text that
cannot be read is kept with precision ``unparsed`` and no window: never guessed.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache


class Precision(StrEnum):
    """How exactly a timescale pins down its window."""

    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    FINANCIAL_YEAR = "financial_year"
    YEAR = "year"
    SEASON = "season"
    RECURRING = "recurring"
    OPEN = "open"
    UNPARSED = "unparsed"


@dataclass(frozen=True)
class Timescale:
    """A timescale as written, with the window it stands for."""

    text: str
    start: date | None
    end: date | None
    precision: Precision
    year_assumed: bool = False  # the year was not written; it came from the context date

    @property
    def due(self) -> date | None:
        """The due date: the window's end (None for recurring, open or unparsed)."""
        return self.end

    @property
    def is_parsed(self) -> bool:
        return self.precision is not Precision.UNPARSED

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "precision": str(self.precision),
        }


# --- Reading timescales -------------------------------------------------------------------------

_Window = tuple[date, date, Precision, bool]  # start, end, precision, year_assumed
_Builder = Callable[[re.Match[str], date | None], _Window | None]

_FLAGS = re.IGNORECASE | re.ASCII

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = "\xa0\u1680\u200b\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
_UNIFY = str.maketrans(
    {
        **dict.fromkeys(_DASHES, "-"),
        **dict.fromkeys(_SPACES, " "),
        **dict.fromkeys("\u2018\u2019\u201b\u2032", "'"),
        **dict.fromkeys("\u2044\u2215\uff0f", "/"),
    }
)  # one character for one, so positions in the unified text are positions in the original

_MONTH_WORDS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_Y4 = r"(?:19|20)\d\d"
_NUM_START = r"(?<![a-z\d])(?<!\d[/.\-])"
_QUAL = (
    r"(?:(?<![a-z])(?:the\s+)?(?:very\s+)?(?:end|mid|middle|early|late|beginning|start)(?![a-z])"
    r"(?:\s+of)?(?:\s+the)?[\s\-]*)?"
)
_WEEK = (
    r"(?<![a-z])(?:w/c|w\.c\.?|wc|w/b|w\.b\.?"
    r"|week\s+(?:commencing|beginning|starting)(?:\s+on)?)[\s:\-]*"
)
_FY_WORD = r"(?:fy|f/y|financial\s+year|fin\.?\s+year)"
_QUARTER = r"(?<![a-z])(?:quarter|qtr|q)\s*(?P<q>[1-4])(?!\d)"
_SAME_YEAR_TO = r"(?:\s*[-/&]\s*|\s+(?:to|and|until|till|through|thru)\s+)"
_CROSS_YEAR_TO = r"(?:\s*-\s*|\s+(?:to|until|till|through|thru)\s+)"

_OPEN = re.compile(
    r"on\s*-?\s*going|continuous(?:ly)?|continual(?:ly)?|continuing|rolling|tb[acd]"
    r"|to\s+be\s+(?:confirmed|agreed|arranged|announced|determined|decided)"
    r"|as\s+(?:and\s+when|required|needed|necessary)(?:\s+(?:required|needed|necessary))?"
    r"|n\s*/\s*a|not\s+applicable",
    _FLAGS,
)
_UNIT = r"(?:days?|weeks?|months?|quarters?|years?|terms?)"
_RECURRING = re.compile(
    r"(?:(?:bi|semi|tri|half|twice|\d+|two|three|four|six)\s*-?\s*)?"
    r"(?:daily|weekly|fortnightly|monthly|quarterly|termly|annually|annual|yearly)"
    rf"|every\s+(?:(?:\d+|two|three|four|five|six|eight|twelve|other)\s*-?\s*)?{_UNIT}"
    rf"|(?:once|twice|\w+\s+times)\s+(?:a|per|each|every)\s+{_UNIT}|(?:per|each)\s+{_UNIT}",
    _FLAGS,
)
_WHITESPACE = re.compile(r"\s+")
_EDGES = re.compile(r"^[^a-z\d]+|[^a-z\d]+$", _FLAGS)
_PREFIX = re.compile(
    r"^(?:by|before|due(?:\s+(?:by|on|date))?|deadline|target(?:\s+date)?|(?:no|not)\s+later\s+than"
    r"|approximately|approx\.?|circa|ca\.|c\.|around|about|in|during|expected|on)(?![a-z])[\s:,\-]*",
    _FLAGS,
)
_SUFFIX = re.compile(
    r"[\s,;(\-]*(?<![a-z])(?:approximately|approx\.?|estimated|est\.?|provisional|tb[ac]"
    r"|at\s+the\s+latest|latest|or\s+(?:before|earlier|sooner))[\s.)]*$",
    _FLAGS,
)


# Small date helpers


def _month(name: str) -> int:
    """The month number of a month name or abbreviation ("Sept" -> 9)."""
    return _MONTHS[name[:3].lower()]


def _year(digits: str) -> int:
    """A written year; two digits mean 20xx below 70, else 19xx."""
    value = int(digits)
    if len(digits) == 4:
        return value
    return value + (2000 if value < 70 else 1900)


def _year_or_context(digits: str | None, context: date | None) -> tuple[int, bool] | None:
    """The written year, else the context's year (assumed), else None."""
    if digits:
        return _year(digits), False
    if context is not None:
        return context.year, True
    return None


def _shift(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) moved on by a number of months."""
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _span(
    first: tuple[int, int],
    last: tuple[int, int],
    precision: Precision = Precision.MONTH,
    assumed: bool = False,
) -> _Window | None:
    """The window from the first day of one (year, month) to the last day of another."""
    start = date(first[0], first[1], 1)
    end = date(last[0], last[1], calendar.monthrange(last[0], last[1])[1])
    return (start, end, precision, assumed) if start <= end else None


def _fy_start(first: str, second: str | None) -> int | None:
    """The starting year of a financial year written "2008-09", "2008/2009", "2008-9" or "2011"."""
    start = _year(first)
    if second is None:
        return start if len(first) == 4 else None
    if len(second) == 4:
        return start if int(second) == start + 1 else None
    return start if int(second) == (start + 1) % 10 ** len(second) else None


def _group(match: re.Match[str], name: str) -> str | None:
    """A named group's text, or None when absent from this pattern or unmatched."""
    return match.groupdict().get(name)


# Builders: a regex match (and the context date) to a window, or None when not a real date


def _day_named(match: re.Match[str], context: date | None) -> _Window | None:
    """One day written with a month name ("1st June 2010"); the year may come from context."""
    found = _year_or_context(_group(match, "y"), context)
    if found is None:
        return None
    day = date(found[0], _month(match["mon"]), int(match["d"]))
    return day, day, Precision.DAY, found[1]


def _day_numeric(match: re.Match[str], context: date | None) -> _Window | None:
    """One day written in numbers, UK day first ("31/03/09") or ISO ("2009-03-31")."""
    day = date(_year(match["y"]), int(match["mm"]), int(match["d"]))
    return day, day, Precision.DAY, False


def _week_of(day_builder: _Builder) -> _Builder:
    """A builder for "w/c <day>": the week from that day to six days later."""

    def build(match: re.Match[str], context: date | None) -> _Window | None:
        found = day_builder(match, context)
        if found is None:
            return None
        return found[0], found[0] + timedelta(days=6), Precision.DAY, found[3]

    return build


def _month_named(match: re.Match[str], context: date | None) -> _Window | None:
    """One month ("June 2011", "Jun-11", "end of Nov 2010"); the year may come from context."""
    found = _year_or_context(_group(match, "y"), context)
    if found is None:
        return None
    month = (found[0], _month(match["mon"]))
    return _span(month, month, assumed=found[1])


def _months_same_year(match: re.Match[str], context: date | None) -> _Window | None:
    """A run of months in one year ("May/June 2003", "Jan - Mar 2009")."""
    year = _year(match["y"])
    return _span((year, _month(match["mon1"])), (year, _month(match["mon2"])))


def _months_across_years(match: re.Match[str], context: date | None) -> _Window | None:
    """A run of months over years ("September 2005 to April 2006")."""
    first = (_year(match["y1"]), _month(match["mon1"]))
    return _span(first, (_year(match["y2"]), _month(match["mon2"])))


def _financial_year(match: re.Match[str], context: date | None) -> _Window | None:
    """A UK financial year, 1 April to 31 March ("2008-09", "FY 2010/11")."""
    if len(match["fya"]) == 2 and not _group(match, "fyp"):
        return None
    first = _fy_start(match["fya"], match["fyb"])
    if first is None:
        return None
    return _span((first, 4), (first + 1, 3), Precision.FINANCIAL_YEAR)


def _financial_quarter(match: re.Match[str], context: date | None) -> _Window | None:
    """A financial quarter (Q1 = April-June); a single year ("Q2 2011") means FY 2011/12."""
    first = _fy_start(match["qa"], _group(match, "qb"))
    if first is None:
        return None
    start = _shift(first, 4, 3 * (int(match["q"]) - 1))
    return _span(start, _shift(*start, 2), Precision.QUARTER)


def _season(match: re.Match[str], context: date | None) -> _Window | None:
    """A season (spring = Mar-May ... winter = Dec-Feb); the year may come from context."""
    found = _year_or_context(_group(match, "sy"), context)
    if found is None:
        return None
    name = match["season"].lower()
    second = _group(match, "sy2")
    if second is not None and (name != "winter" or _fy_start(match["sy"], second) is None):
        return None
    start = (found[0], _SEASONS[name])
    return _span(start, _shift(*start, 2), Precision.SEASON, found[1])


def _whole_year(match: re.Match[str], context: date | None) -> _Window | None:
    """A calendar year ("2008")."""
    year = int(match["y"])
    return _span((year, 1), (year, 12), Precision.YEAR)


# Patterns


def _month_name(name: str) -> str:
    """A month name or abbreviation as a named group, not inside a longer word."""
    return rf"(?<![a-z])(?P<{name}>{_MONTH_WORDS})(?![a-z])\.?"


def _year_after(name: str, strict: bool) -> str:
    """A year after a month name; strict (search) wants 4 digits, or 2 right after "-", "/", "'"."""
    gap = r"[\s,]*(?:[-/'.]\s*)?"
    if strict:
        gap = rf"(?:{gap}(?={_Y4}(?!\d))|(?:[-/.]|\s*')(?=\d\d(?!\d)))"
    return rf"{gap}(?P<{name}>{_Y4}|\d\d)(?!\d)"


def _day_patterns(strict: bool) -> list[tuple[str, _Builder]]:
    """Patterns for single days and weeks."""
    day = r"(?<!\d)(?<!\d[.,/])(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![a-z\d])"
    named = rf"{day}(?:\s*[-/.]\s*|\s*)(?:of\s+)?{_month_name('mon')}{_year_after('y', strict)}"
    month_first = (
        rf"{_month_name('mon')}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![a-z\d]),?"
        rf"{_year_after('y', strict)}"
    )
    numeric = (
        rf"{_NUM_START}(?P<d>\d\d?)(?P<sep>[/.\-])(?P<mm>\d\d?)(?P=sep)"
        rf"(?P<y>{_Y4}|\d\d)(?!\d)(?![/.\-]\d)"
    )
    iso = rf"{_NUM_START}(?P<y>{_Y4})-(?P<mm>\d\d?)-(?P<d>\d\d?)(?!\d)(?![/.\-]\d)"
    return [
        (_WEEK + named, _week_of(_day_named)),
        (_WEEK + numeric, _week_of(_day_numeric)),
        (named, _day_named),
        (month_first, _day_named),
        (numeric, _day_numeric),
        (iso, _day_numeric),
    ]


def _period_patterns(strict: bool) -> list[tuple[str, _Builder]]:
    """Patterns for month runs, quarters, financial years, seasons and months."""
    pair = r"\s*[-/]\s*(?P<{}>" + _Y4 + r"|\d\d?)(?!\d)"
    fy_year = rf"(?<!\d)(?<!\d[/.\-])(?P<fya>{_Y4}|\d\d){pair.format('fyb')}(?![/.\-]\d)"
    fy_label = rf"(?:(?<![a-z])(?P<fyp>{_FY_WORD})\s*:?\s*)?"
    q_year = rf"(?<!\d)(?P<qa>{_Y4}|\d\d)(?:{pair.format('qb')})?(?!\d)(?![/.\-]\d)"
    q_after = rf"(?<!\d)(?<!\d[/.\-])(?P<qa>{_Y4}|\d\d){pair.format('qb')}"
    sy_digits = _Y4 if strict else _Y4 + r"|\d\d"
    season_year = rf"[\s,]*'?(?P<sy>{sy_digits})(?!\d)(?:{pair.format('sy2')})?"
    season = r"(?<![a-z])(?P<season>spring|summer|autumn|winter)(?![a-z])"
    return [
        (
            rf"{_month_name('mon1')}{_year_after('y1', strict)}{_CROSS_YEAR_TO}"
            rf"{_month_name('mon2')}{_year_after('y2', strict)}",
            _months_across_years,
        ),
        (
            rf"{_month_name('mon1')}{_SAME_YEAR_TO}{_month_name('mon2')}{_year_after('y', strict)}",
            _months_same_year,
        ),
        (
            rf"{_QUAL}{_QUARTER}\s*[,\-]?\s*(?:of\s+)?(?:{_FY_WORD}\s*:?\s*)?{q_year}",
            _financial_quarter,
        ),
        (rf"{_QUAL}(?:{_FY_WORD}\s*:?\s*)?{q_after}\s*[,\-]?\s*{_QUARTER}", _financial_quarter),
        (rf"{_QUAL}{fy_label}{fy_year}", _financial_year),
        (rf"{_QUAL}{season}{season_year if strict else f'(?:{season_year})?'}", _season),
        (rf"{_QUAL}{_month_name('mon')}{_year_after('y', strict)}", _month_named),
    ]


def _bare_patterns() -> list[tuple[str, _Builder]]:
    """Patterns only a whole cell may use: no year written, or a bare year."""
    day = r"(?<!\d)(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![a-z\d])"
    return [
        (rf"{day}(?:\s*[-/.]\s*|\s*)(?:of\s+)?{_month_name('mon')}", _day_named),
        (rf"{_QUAL}{_month_name('mon')}", _month_named),
        (rf"{_QUAL}(?:(?:calendar\s+year|cy)\s*)?(?<!\d)(?P<y>{_Y4})(?!\d)", _whole_year),
    ]


def _compile(specs: list[tuple[str, _Builder]]) -> list[tuple[re.Pattern[str], _Builder]]:
    """Compile (pattern, builder) pairs, case-insensitive."""
    return [(re.compile(pattern, _FLAGS), build) for pattern, build in specs]


_SEARCH_RULES = _compile(_day_patterns(strict=True) + _period_patterns(strict=True))
_PARSE_RULES = _compile(
    _day_patterns(strict=False) + _period_patterns(strict=False) + _bare_patterns()
)


# Whole cells


def _tidy(text: str) -> str:
    """Unify dashes, quotes and spaces, collapse whitespace, drop punctuation at the edges."""
    return _EDGES.sub("", _WHITESPACE.sub(" ", text.translate(_UNIFY)))


def _strip_affixes(text: str) -> str:
    """Drop words around a timescale that do not move it ("by", "approx.", "at the latest")."""
    previous = None
    while text != previous:
        previous = text
        text = _EDGES.sub("", _SUFFIX.sub("", _PREFIX.sub("", text)))
    return text


def _no_window(text: str) -> Precision | None:
    """OPEN or RECURRING when the whole text says so, else None."""
    if _OPEN.fullmatch(text):
        return Precision.OPEN
    if _RECURRING.fullmatch(text):
        return Precision.RECURRING
    return None


def _apply(build: _Builder, match: re.Match[str], context: date | None) -> _Window | None:
    """Run a builder; an impossible date (31 February, year 10000) gives None."""
    try:
        return build(match, context)
    except (ValueError, OverflowError):
        return None


def _read_whole(text: str, context: date | None) -> _Window | None:
    """The window of the first rule that matches the whole text and gives a real date."""
    for pattern, build in _PARSE_RULES:
        match = pattern.fullmatch(text)
        if match and (window := _apply(build, match, context)) is not None:
            return window
    return None


@lru_cache(maxsize=4096)  # pure, and the same cells recur; results are frozen
def parse_timescale(text: str, *, context: date | None = None) -> Timescale:
    """Read a whole cell as written ("01 June 2010", "Q3 2010/11", "Ongoing"); never guess."""
    original = text.strip()
    tidy = _tidy(original)
    core = _strip_affixes(tidy)
    kind = _no_window(tidy) or _no_window(core)
    if kind is not None:
        return Timescale(original, None, None, kind)
    window = _read_whole(core, context) if core else None
    if window is None:
        return Timescale(original, None, None, Precision.UNPARSED)
    return Timescale(original, *window)


# Timescales inside longer text


def _first_valid(
    pattern: re.Pattern[str], build: _Builder, haystack: str, pos: int, context: date | None
) -> tuple[_Window, int, int] | None:
    """The leftmost match of one pattern from pos that is a real date."""
    while (match := pattern.search(haystack, pos)) is not None:
        window = _apply(build, match, context)
        if window is not None:
            return window, match.start(), match.end()
        pos = match.start() + 1
    return None


def _hits(haystack: str, context: date | None) -> Iterator[tuple[_Window, int, int]]:
    """Timescales in haystack, left to right, each the leftmost then longest, not overlapping."""
    pending = [_first_valid(p, b, haystack, 0, context) for p, b in _SEARCH_RULES]
    pos = 0
    while True:
        for index, (pattern, build) in enumerate(_SEARCH_RULES):
            hit = pending[index]
            if hit is not None and hit[1] < pos:  # overlapped by the last one: look again
                pending[index] = _first_valid(pattern, build, haystack, pos, context)
        live = [hit for hit in pending if hit is not None]
        if not live:
            return
        best = min(live, key=lambda hit: (hit[1], -hit[2]))  # ties: earlier rule wins
        yield best
        pos = best[2]


@lru_cache(maxsize=4096)  # pure, and the same cells recur; results are frozen
def search_timescale(
    text: str, *, context: date | None = None
) -> tuple[Timescale, int, int] | None:
    """The first (leftmost, longest) date-like timescale in text, with its span; else None."""
    hit = next(_hits(text.translate(_UNIFY), context), None)
    if hit is None:
        return None
    window, start, end = hit
    return Timescale(text[start:end], *window), start, end


@lru_cache(maxsize=4096)  # pure, and the same cells recur; results are frozen
def latest_timescale(text: str, *, context: date | None = None) -> Timescale | None:
    """For prose with several dates: the whole cell, due at the latest end found; else None."""
    hits = list(_hits(text.translate(_UNIFY), context))
    if not hits:
        return None
    latest = max((window for window, _, _ in hits), key=lambda window: window[1])
    return Timescale(text.strip(), None, latest[1], latest[2])


DATE_AS_WRITTEN_ERROR = "Enter a date, like 31 March 2008 or 31/03/2008"


def date_as_written(text: str) -> date | None:
    """A date typed as people write it ("31 March 2008", "31/03/2008", "2008-03-31"); a
    month or other period means its last day. None when nothing is typed; ValueError
    (``DATE_AS_WRITTEN_ERROR``) when it names no date."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    timescale = parse_timescale(text)
    if timescale.end is None or timescale.precision in {Precision.RECURRING, Precision.OPEN}:
        raise ValueError(DATE_AS_WRITTEN_ERROR)
    return timescale.end
