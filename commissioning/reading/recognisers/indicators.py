"""Indicator tables: the values of performance indicators by period, as partnerships keep them.

Two shapes are read (docs/adr/0020):

- **long form**, one row per indicator and period, as national datasets publish them
  ("Indicator ID | Indicator Name | Time period | Value | Lower CI 95.0 limit | …");
- **wide form**, one row per indicator with a column per period ("2008/09 | 2009/10"),
  baseline and target columns ("Baseline 2007/08", "Target 2010/11"), as council plans print
  them, with theme and outcome headings as rows of their own above each group.

A header is an indicator table's only when it names an indicator column (or a code) and
either a value column with a period column, or at least two period columns; a plan's header
("Action | Target | Lead") never is. Figures are read by ``domain.indicators`` (a target
written "TBC" is kept as text, never a number) and periods by ``domain.periods``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from commissioning.domain.indicators import IndicatorValueError, read_target, read_value
from commissioning.domain.periods import Period, parse_period
from commissioning.domain.plan import (
    IndicatorPlan,
    IndicatorValuePlan,
    Plan,
    PlanError,
    PlanWarning,
)
from commissioning.reading.readers import Cell, Row
from commissioning.reading.recognisers.headers import Header, normalise, place


class Field(StrEnum):
    """What a column of an indicator table holds."""

    TITLE = "indicator"
    CODE = "code"
    PERIOD = "period"
    ACTUAL = "actual"
    TARGET = "target"
    BASELINE = "baseline"
    COMPARATOR = "comparator"
    LOWER = "lower"
    UPPER = "upper"
    NUMERATOR = "numerator"
    DENOMINATOR = "denominator"
    POLARITY = "polarity"
    UNIT = "unit"
    NOTE = "note"
    THEME = "theme"
    OUTCOME = "outcome"
    OWNER = "owner"
    SOURCE = "source"
    FREQUENCY = "frequency"
    AREA = "area"


EXACT: dict[str, Field] = {
    **dict.fromkeys(["indicator", "indicators", "indicator name", "indicator title",
                     "indicator description", "measure", "measures", "performance indicator",
                     "performance indicators", "performance measure", "performance measures",
                     "pi", "kpi", "key performance indicator", "national indicator",
                     "local indicator", "indicator measure", "measure description",
                     "measure name"], Field.TITLE),
    **dict.fromkeys(["indicator id", "indicator code", "indicator ref", "indicator number",
                     "code", "ni", "ni ref", "ni no", "ni number", "pi ref", "pi code",
                     "ref", "ref no", "reference", "id", "no", "measure code", "measure ref",
                     "kpi ref", "kpi code"], Field.CODE),
    **dict.fromkeys(["period", "time period", "year", "reporting period", "quarter",
                     "financial year", "date", "month", "time period sortable"], Field.PERIOD),
    **dict.fromkeys(["value", "actual", "actuals", "outturn", "result", "results",
                     "performance", "current performance", "latest", "latest value",
                     "actual value", "latest outturn", "rate", "percentage", "score"],
                    Field.ACTUAL),
    **dict.fromkeys(["target", "targets", "target value"], Field.TARGET),
    **dict.fromkeys(["baseline", "baseline value", "baseline figure"], Field.BASELINE),
    **dict.fromkeys(["comparator", "comparator value", "england", "england value",
                     "england average", "national", "national average", "national value",
                     "regional", "region", "region value", "regional average",
                     "statistical neighbours", "statistical neighbour average",
                     "benchmark"], Field.COMPARATOR),
    **dict.fromkeys(["lower ci", "lower confidence limit", "lower cl", "lcl", "lower limit",
                     "lower ci limit", "lower 95 ci", "lower ci 95 0 limit",
                     "lower ci 95 limit", "lower ci 99 8 limit"], Field.LOWER),
    **dict.fromkeys(["upper ci", "upper confidence limit", "upper cl", "ucl", "upper limit",
                     "upper ci limit", "upper 95 ci", "upper ci 95 0 limit",
                     "upper ci 95 limit", "upper ci 99 8 limit"], Field.UPPER),
    **dict.fromkeys(["count", "numerator"], Field.NUMERATOR),
    **dict.fromkeys(["denominator"], Field.DENOMINATOR),
    **dict.fromkeys(["polarity", "good is", "direction", "direction of travel required",
                     "good performance", "better is", "higher or lower is better",
                     "what good looks like"], Field.POLARITY),
    **dict.fromkeys(["unit", "units", "unit of measure", "value type", "measure type",
                     "measure unit"], Field.UNIT),
    **dict.fromkeys(["note", "notes", "comment", "comments", "commentary", "value note",
                     "remarks"], Field.NOTE),
    **dict.fromkeys(["theme", "themes", "priority", "priority theme", "strategic theme",
                     "block", "laa block"], Field.THEME),
    **dict.fromkeys(["outcome", "outcomes", "outcome area", "strategic outcome"],
                    Field.OUTCOME),
    **dict.fromkeys(["lead", "owner", "lead officer", "responsible officer",
                     "accountable officer", "lead partner", "lead organisation",
                     "responsible"], Field.OWNER),
    **dict.fromkeys(["source", "data source"], Field.SOURCE),
    **dict.fromkeys(["frequency", "reporting frequency"], Field.FREQUENCY),
    **dict.fromkeys(["area", "area name", "area code", "geography"], Field.AREA),
}  # fmt: skip

# Words a period column's header may carry beside its period ("Baseline 2007/08").
_ROLE_WORDS = re.compile(
    r"^(?P<before>baseline|target|targets|actual|actuals|outturn|result|value|provisional"
    r"|forecast)?\s*(?P<period>.*?)\s*(?P<after>baseline|target|targets|actual|actuals|outturn"
    r"|result|value|provisional|forecast)?$",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*")
POLARITIES = {
    "higher_is_better": re.compile(
        r"high(?:er)?\s+is\s+(?:better|good)|good\s*:?\s*high|bigger\s+is\s+better|^up$|"
        r"^increase|^higher$|^high$|^maximi[sz]e",
        re.IGNORECASE,
    ),
    "lower_is_better": re.compile(
        r"low(?:er)?\s+is\s+(?:better|good)|good\s*:?\s*low|smaller\s+is\s+better|^down$|"
        r"^decrease|^reduc|^lower$|^low$|^minimi[sz]e",
        re.IGNORECASE,
    ),
    "no_judgement": re.compile(
        r"no\s+judg(?:e)?ment|not\s+applicable|^n/?a$|^neither$|^none$|no\s+polarity|"
        r"^bob\b|blue\s+orange\s+blue",
        re.IGNORECASE,
    ),
}
UNITS = [
    (re.compile(r"per\s+100,?000|/\s*100,?000", re.IGNORECASE), "rate per 100,000"),
    (re.compile(r"per\s+10,?000|/\s*10,?000", re.IGNORECASE), "rate per 10,000"),
    (re.compile(r"per\s+1,?000\b|/\s*1,?000\b", re.IGNORECASE), "rate per 1,000"),
    (re.compile(r"%|per\s*cent|percentage|proportion", re.IGNORECASE), "%"),
    (re.compile(r"£|\bpounds?\b|\bcost\b", re.IGNORECASE), "£"),
    (re.compile(r"\bscore\b|\bindex\b", re.IGNORECASE), "score"),
    (re.compile(r"\bnumber\b|\bcount\b|\bno\.\s+of\b", re.IGNORECASE), "count"),
]
LOCAL = "local"  # the area whose values are read, when a long table lists several
COMPARATOR_AREAS = {"england", "national", "uk", "great britain", "england and wales"}


NAMES = {Field.TITLE, Field.CODE}


@lru_cache(maxsize=4096)
def field_of(text: str) -> Field | None:
    """What an indicator table's header cell names, if anything."""
    key = normalise(text)
    if not key or len(key) > 60:
        return None
    if key in EXACT:
        return EXACT[key]
    if key.startswith("lower ci") or key.startswith("lower confidence"):
        return Field.LOWER
    if key.startswith("upper ci") or key.startswith("upper confidence"):
        return Field.UPPER
    if key.startswith("compared to") or key.startswith("significance"):
        return None
    return None


@dataclass(frozen=True)
class PeriodColumn:
    """A wide table's column of one period: what it holds (actual, target or baseline)."""

    period: Period
    role: Field  # ACTUAL, TARGET or BASELINE


@lru_cache(maxsize=4096)
def period_column(text: str) -> PeriodColumn | None:
    """The period a wide table's header names ("2009/10", "Target 2010/11"), else None."""
    cleaned = " ".join(_BRACKETS.sub(" ", text).split())
    if not cleaned or len(cleaned) > 40:
        return None
    match = _ROLE_WORDS.fullmatch(cleaned)
    words = {(match["before"] or "").casefold(), (match["after"] or "").casefold()} - {""}
    body = match["period"] if match else cleaned
    if not body or not any(character.isdigit() for character in body):
        return None
    period = parse_period(body)
    if not period.is_read:
        return None
    role = Field.ACTUAL
    if words & {"target", "targets"}:
        role = Field.TARGET
    elif "baseline" in words:
        role = Field.BASELINE
    return PeriodColumn(period, role)


@dataclass
class IndicatorHeader(Header):
    """An indicator table's header: its fields by column, and a wide table's period columns."""

    fields: dict[int, Field] = field(default_factory=dict)
    periods: dict[int, PeriodColumn] = field(default_factory=dict)


def read_indicator_header(rows: list[Row], index: int) -> IndicatorHeader | None:
    """An indicator table's header starting at ``rows[index]``, if that row is one."""
    row = rows[index]
    if not any(field_of(cell.text) in NAMES for cell in row.cells):
        return None  # no indicator column: most rows, said quickly
    fields: dict[int, Field] = {}
    periods: dict[int, PeriodColumn] = {}
    for column, cell in enumerate(row.cells):
        text = cell.text.strip()
        if not text or cell.merged:
            continue
        found = field_of(text)
        if found is not None:
            if found not in fields.values():
                fields[column] = found
            continue
        as_period = period_column(text)
        if as_period is not None:
            periods[column] = as_period
    named = set(fields.values())
    if not named & {Field.TITLE, Field.CODE} or Field.TITLE not in named and len(periods) < 2:
        return None
    long_form = Field.ACTUAL in named and Field.PERIOD in named
    wide_form = len(periods) >= 2 or (periods and named & {Field.TARGET, Field.BASELINE})
    if not (long_form or wide_form):
        return None
    texts = {i: cell.text.strip() for i, cell in enumerate(row.cells) if cell.text.strip()}
    header = IndicatorHeader("indicators", {}, texts, 1, fields=fields, periods=periods)
    header.keys = {normalise(text) for text in texts.values()}
    return header


def read_indicators(
    rows: list[Row], header: IndicatorHeader, plan: Plan, *, source: str = "file"
) -> None:
    """Append the indicators of a table's rows (long or wide form) to ``plan``; PlanError
    naming ``source`` and both places when one indicator and period is given twice."""
    _Reader(plan, header, source).read(rows)


@dataclass
class _Group:
    theme: str | None = None
    outcome: str | None = None
    headings: int = 0  # heading rows in a row: the first is the theme, the second the outcome


class _Reader:
    def __init__(self, plan: Plan, header: IndicatorHeader, source: str = "file"):
        self.plan = plan
        self.source = source
        self.header = header
        self.column = {meaning: index for index, meaning in header.fields.items()}
        self.group = _Group()
        self.by_key: dict[str, IndicatorPlan] = {}
        self.values: dict[tuple[int, Period], IndicatorValuePlan] = {}
        # Who gave each (indicator, period) its figure, by role: a second row or column giving
        # the same one is refused rather than merged over the first.
        self.claimed: dict[tuple[int, Period, str], str] = {}
        self.areas: dict[str, int] = {}  # the local areas seen, with their first line
        self.left_out_areas = 0

    # --- cells ---------------------------------------------------------------------------

    def cell(self, row: Row, meaning: Field) -> Cell | None:
        index = self.column.get(meaning)
        cell = row.cell(index)
        return cell if cell is not None and cell.text.strip() else None

    def text(self, row: Row, meaning: Field) -> str:
        cell = self.cell(row, meaning)
        return " ".join(cell.text.split()) if cell is not None else ""

    def warn(self, cell: Cell | Row, message: str) -> None:
        where = place(cell) if isinstance(cell, Cell) else cell.location
        self.plan.warnings.append(PlanWarning(cell.line, f"{where}: {message}"))

    def number(self, cell: Cell | None, what: str) -> Decimal | None:
        if cell is None:
            return None
        try:
            return read_value(_without_marks(cell.text))
        except IndicatorValueError:
            self.warn(cell, f"{what} {cell.text.strip()!r} is not a number; left blank")
            return None

    # --- rows ----------------------------------------------------------------------------

    def read(self, rows: list[Row]) -> None:
        for row in rows:
            own = row.own_cells()
            if not own:
                continue
            if self.is_heading(row, own):
                self.heading(own[0][1].text)
                continue
            self.group.headings = 0
            if self.header.periods and not (
                Field.PERIOD in self.column and Field.ACTUAL in self.column
            ):
                self.wide(row)
            else:
                self.long(row)
        if self.left_out_areas:
            first = min(self.areas.values()) if self.areas else 0
            self.plan.warnings.append(
                PlanWarning(
                    first,
                    f"{self.left_out_areas} row{'s' if self.left_out_areas != 1 else ''} for "
                    "other areas left out: only the first area's values are read "
                    "(England's are read as the comparator)",
                )
            )

    def is_heading(self, row: Row, own: list[tuple[int, Cell]]) -> bool:
        """A row with one cell of text and nothing else: a theme or outcome heading."""
        if len(own) != 1 or len(self.header.fields) + len(self.header.periods) < 2:
            return False
        index, cell = own[0]
        title = self.column.get(Field.TITLE, self.column.get(Field.CODE))
        return index in {0, title} and not any(ch.isdigit() for ch in cell.text[:1])

    def heading(self, text: str) -> None:
        text = " ".join(text.split())
        key = normalise(text)
        for prefix, attribute in (
            ("theme", "theme"),
            ("priority", "theme"),
            ("outcome", "outcome"),
        ):
            if key.startswith(prefix + " ") and ":" in text[: len(prefix) + 3]:
                value = text.split(":", 1)[1].strip()
                setattr(self.group, attribute, value or None)
                if attribute == "theme":
                    self.group.outcome = None
                return
        if self.group.headings == 0:
            self.group.theme, self.group.outcome = text, None
        else:
            self.group.outcome = text
        self.group.headings += 1

    def indicator(self, row: Row) -> IndicatorPlan | None:
        """The row's indicator, the one already read with its code or title if there is one."""
        code = self.text(row, Field.CODE) or None
        title = self.text(row, Field.TITLE)
        if not title and not code:
            self.warn(row, "row has no indicator name or code; it was not read")
            return None
        key = normalise(code or title)
        found = self.by_key.get(key)
        if found is not None:
            return found
        unit_text = self.text(row, Field.UNIT)
        indicator = IndicatorPlan(
            code=code,
            title=title or code,
            outcome=self.text(row, Field.OUTCOME) or self.group.outcome,
            theme=self.text(row, Field.THEME) or self.group.theme,
            unit=unit_of(unit_text) or unit_text or unit_of(title) or None,
            polarity=self.polarity(row, title),
            values=[],
            line=row.line,
            frequency=self.text(row, Field.FREQUENCY) or None,
            source=self.text(row, Field.SOURCE) or None,
            owner=self.text(row, Field.OWNER) or None,
            location=row.location,
        )
        self.by_key[key] = indicator
        self.plan.indicators.append(indicator)
        return indicator

    def polarity(self, row: Row, title: str) -> str | None:
        cell = self.cell(row, Field.POLARITY)
        if cell is not None:
            found = polarity_of(cell.text)
            if found is None:
                self.warn(cell, f"polarity {cell.text.strip()!r} not understood; left blank")
            return found
        hint = re.search(r"\(([^)]*is\s+(?:better|good)[^)]*)\)", title, re.IGNORECASE)
        return polarity_of(hint.group(1)) if hint else None

    def value(self, row: Row, indicator: IndicatorPlan, period: Period, cell: Cell | None):
        """The value of ``indicator`` for ``period``: the one read already, else a new one."""
        existing = self.values.get((id(indicator), period))
        if existing is not None:
            return existing
        value = IndicatorValuePlan(
            period=period,
            actual=None,
            target=None,
            target_text=None,
            baseline=False,
            comparator=None,
            note=None,
            line=row.line,
            location=place(cell) if cell is not None else row.location,
        )
        indicator.values.append(value)
        self.values[(id(indicator), period)] = value
        return value

    def claim(
        self, row: Row, indicator: IndicatorPlan, period: Period, role: str, cell: Cell | None
    ) -> None:
        """Refuse a second row or column giving ``indicator`` the same figure for ``period``.

        A file that lists one indicator and period twice is ambiguous: which figure is meant
        cannot be told, so the whole file is refused, naming both places.
        """
        where = place(cell) if cell is not None else row.location
        key = (id(indicator), period, role)
        first = self.claimed.setdefault(key, where)
        if first != where:
            name = f"{indicator.code} {indicator.title}" if indicator.code else indicator.title
            what = {"comparator": "comparator value", "target": "target"}.get(role, "value")
            raise PlanError(
                f"indicator {name!r} has a {what} for period {period.text!r} twice, "
                f"at {first} and at {where}; keep one and read the file again",
                source=self.source,
                location=where,
            )

    def long(self, row: Row) -> None:
        area = self.text(row, Field.AREA)
        comparator_row = normalise(area) in COMPARATOR_AREAS if area else False
        if area and not comparator_row:
            self.areas.setdefault(normalise(area), row.line)
            if len(self.areas) > 1 and normalise(area) != next(iter(self.areas)):
                self.left_out_areas += 1
                return
        indicator = self.indicator(row)
        if indicator is None:
            return
        period_cell = self.cell(row, Field.PERIOD)
        if period_cell is None:
            self.warn(row, f"indicator {indicator.title!r} has no period; the row was not read")
            return
        period = parse_period(period_cell.text)
        if not period.is_read:
            self.warn(period_cell, f"period {period.text!r} could not be read; kept as written")
        actual_cell = self.cell(row, Field.ACTUAL)
        self.claim(row, indicator, period, "comparator" if comparator_row else "value", None)
        if comparator_row:
            value = self.value(row, indicator, period, actual_cell)
            value.comparator = self.number(actual_cell, "comparator")
            return
        value = self.value(row, indicator, period, actual_cell)
        value.actual = self.number(actual_cell, "value")
        self.fill(row, value)
        baseline = self.text(row, Field.BASELINE)
        if baseline and normalise(baseline) in {"yes", "y", "true", "baseline", "1"}:
            value.baseline = True
        self.infer_unit(indicator, actual_cell)

    def fill(self, row: Row, value: IndicatorValuePlan) -> None:
        """The figures beside the value on the same row: target, limits, comparator, note."""
        target_cell = self.cell(row, Field.TARGET)
        if target_cell is not None:
            target = read_target(_without_marks(target_cell.text))
            value.target, value.target_text = target.value, target.text
        value.lower = self.number(self.cell(row, Field.LOWER), "lower limit")
        value.upper = self.number(self.cell(row, Field.UPPER), "upper limit")
        if value.lower is not None and value.upper is not None and value.lower > value.upper:
            self.warn(
                self.cell(row, Field.LOWER), "lower limit is above the upper limit; both left blank"
            )
            value.lower = value.upper = None
        value.numerator = self.number(self.cell(row, Field.NUMERATOR), "numerator")
        value.denominator = self.number(self.cell(row, Field.DENOMINATOR), "denominator")
        comparator = self.cell(row, Field.COMPARATOR)
        if comparator is not None:
            value.comparator = self.number(comparator, "comparator")
        note = self.text(row, Field.NOTE)
        value.note = note or value.note

    def wide(self, row: Row) -> None:
        indicator = self.indicator(row)
        if indicator is None:
            return
        latest: IndicatorValuePlan | None = None
        for index, column in sorted(self.header.periods.items()):
            cell = row.cell(index)
            if cell is None or not cell.text.strip() or cell.merged:
                continue
            role = "target" if column.role is Field.TARGET else "value"
            self.claim(row, indicator, column.period, role, cell)
            value = self.value(row, indicator, column.period, cell)
            if column.role is Field.TARGET:
                target = read_target(_without_marks(cell.text))
                value.target, value.target_text = target.value, target.text
            else:
                value.actual = self.number(cell, "value")
                value.baseline = value.baseline or column.role is Field.BASELINE
                self.infer_unit(indicator, cell)
            latest = value if column.role is not Field.TARGET else latest
        self.unlabelled(row, indicator, latest)

    def unlabelled(self, row: Row, indicator: IndicatorPlan, latest) -> None:
        """Baseline and target columns that name no period: a baseline of its own, a target
        for the latest period with a value (said in a note, so nobody takes it as more)."""
        baseline = self.cell(row, Field.BASELINE)
        if baseline is not None:
            self.claim(row, indicator, parse_period("baseline"), "value", baseline)
            value = self.value(row, indicator, parse_period("baseline"), baseline)
            value.actual, value.baseline = self.number(baseline, "baseline"), True
        target_cell = self.cell(row, Field.TARGET)
        if target_cell is not None:
            if latest is None:
                self.warn(target_cell, "target with no period and no value beside it; left out")
            else:
                target = read_target(_without_marks(target_cell.text))
                latest.target, latest.target_text = target.value, target.text
        if latest is not None:
            self.fill_extras(row, latest)

    def fill_extras(self, row: Row, value: IndicatorValuePlan) -> None:
        comparator = self.cell(row, Field.COMPARATOR)
        if comparator is not None:
            value.comparator = self.number(comparator, "comparator")
        note = self.text(row, Field.NOTE)
        value.note = note or value.note

    def infer_unit(self, indicator: IndicatorPlan, cell: Cell | None) -> None:
        if indicator.unit is None and cell is not None and cell.text.strip().endswith("%"):
            indicator.unit = "%"


_MARKS = re.compile(r"\s*(?:\*+|[†‡]|\((?:p|r|e|provisional|est)\))\s*$", re.IGNORECASE)


def _without_marks(text: str) -> str:
    """A figure without the footnote marks tables put after it ("12.5*", "310 (p)")."""
    return _MARKS.sub("", text.strip())


def polarity_of(text: str) -> str | None:
    """The polarity a cell or a title's hint names, else None."""
    cleaned = " ".join(text.replace("RAG -", "").replace("RAG-", "").split())
    for polarity, pattern in POLARITIES.items():
        if pattern.search(cleaned):
            return polarity
    return None


def unit_of(text: str) -> str | None:
    """The unit a unit cell or an indicator's title names ("%", "rate per 1,000"), else None."""
    if not text:
        return None
    for pattern, unit in UNITS:
        if pattern.search(text):
            return unit
    return None
