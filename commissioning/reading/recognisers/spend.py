"""Spend tables: what each partner spends, by theme or service and financial year.

Two shapes are read (docs/adr/0020):

- **a partner's return**, one row per service or theme with a column per year
  ("Service | 2008/09 £000s | 2009/10 £000s"); a phase word in the header (budget,
  forecast, outturn) says which figures they are;
- **long form**, one row per partner × theme × year ("Partner | Theme | Year | Amount").

Amounts are read by ``domain.money`` ("£7.3bn", "699m", "(2,345)" negative, "-" and "n/a"
nothing) with a column's "£000s" or "£m" applied once. A line split across outcomes gives a
share column: the rows of one line must add up to 100 %, and each row's amount is its part.
A bad figure, a share that does not add up or a year that is not a financial year is a
warning naming its cell, and that line is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from commissioning.domain.money import MoneyError, column_multiplier, read_money
from commissioning.domain.plan import Plan, PlanWarning, SpendPlan
from commissioning.domain.timescales import Precision, Timescale, parse_timescale
from commissioning.reading.readers import Cell, Row
from commissioning.reading.recognisers.headers import Header, normalise, place


class Field(StrEnum):
    """What a column of a spend table holds."""

    ORGANISATION = "organisation"
    THEME = "theme"
    OUTCOME = "outcome"
    SERVICE = "service"
    YEAR = "year"
    AMOUNT = "amount"
    PHASE = "phase"
    KIND = "kind"
    CAPITAL = "capital"
    SHARE = "share"
    NOTE = "note"


EXACT: dict[str, Field] = {
    **dict.fromkeys(["partner", "partners", "organisation", "organization", "agency",
                     "partner organisation", "partner organization", "body", "funder",
                     "spending body", "public body"], Field.ORGANISATION),
    **dict.fromkeys(["theme", "themes", "spend theme", "priority", "priority theme",
                     "theme area"], Field.THEME),
    **dict.fromkeys(["outcome", "outcomes", "outcome area"], Field.OUTCOME),
    **dict.fromkeys(["service", "services", "service line", "service area",
                     "cipfa service", "service expenditure category", "service category",
                     "budget line", "budget heading", "function", "programme",
                     "description", "expenditure heading", "service description"],
                    Field.SERVICE),
    **dict.fromkeys(["year", "financial year", "fy", "period"], Field.YEAR),
    **dict.fromkeys(["amount", "spend", "expenditure", "gross expenditure", "net expenditure",
                     "net spend", "gross spend", "total spend", "value", "cost", "budget",
                     "outturn", "forecast", "total", "sum"], Field.AMOUNT),
    **dict.fromkeys(["phase", "budget phase", "figures", "status of figures"], Field.PHASE),
    **dict.fromkeys(["kind", "type of spend", "spend type", "prevention or treatment",
                     "category of spend"], Field.KIND),
    **dict.fromkeys(["capital or revenue", "capital revenue", "cap rev", "capital"],
                    Field.CAPITAL),
    **dict.fromkeys(["share", "share %", "percentage", "per cent", "split", "split %",
                     "proportion", "%"], Field.SHARE),
    **dict.fromkeys(["note", "notes", "comment", "comments", "source"], Field.NOTE),
}  # fmt: skip
PHASES = {
    "budget": "budget",
    "budgets": "budget",
    "estimate": "budget",
    "estimates": "budget",
    "plan": "budget",
    "planned": "budget",
    "forecast": "forecast",
    "forecasts": "forecast",
    "projected": "forecast",
    "projection": "forecast",
    "outturn": "outturn",
    "outturns": "outturn",
    "actual": "outturn",
    "actuals": "outturn",
}
KINDS = {
    "prevention": "prevention",
    "preventative": "prevention",
    "preventive": "prevention",
    "early intervention": "prevention",
    "treatment": "treatment",
    "reactive": "treatment",
    "acute": "treatment",
    "benefits": "benefits_and_transfers",
    "benefits and transfers": "benefits_and_transfers",
    "transfers": "benefits_and_transfers",
    "other": "other",
}
MONEY_WORDS = re.compile(
    r"£|\bspend\b|\bexpenditure\b|\bbudget|\boutturn\b|\bforecast|\bcost\b|\bamount\b",
    re.IGNORECASE,
)
_YEAR_IN_HEADER = re.compile(
    r"(?:fy\s*)?((?:19|20)\d\d\s*[/-]\s*\d\d(?:\d\d)?|(?:19|20)\d\d)", re.IGNORECASE
)
# Words a year's column header may carry beside its year, phase and multiplier.
NEUTRAL = {"fy", "000s", "000", "m", "k", "bn", "spend", "expenditure", "amount", "net",
           "gross", "total", "cost", "value", "revenue", "capital", "in", "of"}  # fmt: skip
_PERCENT = re.compile(r"^\s*(?P<n>[\d.,]+)\s*%?\s*$")


LABELS = {Field.ORGANISATION, Field.THEME, Field.OUTCOME, Field.SERVICE}


@lru_cache(maxsize=4096)
def field_of(text: str) -> Field | None:
    """What a spend table's header cell names, if anything ("Amount £000s" is an amount)."""
    key = normalise(text)
    if not key or len(key) > 60:
        return None
    if key in EXACT:
        return EXACT[key]
    if _YEAR_IN_HEADER.search(text):
        return None  # a year's column ("2009/10 Outturn £000s"): see ``year_column``
    stripped = normalise(re.sub(r"£\s*\w*|\(.*?\)", " ", text))
    if stripped in EXACT and EXACT[stripped] is Field.AMOUNT:
        return Field.AMOUNT
    return None


@dataclass(frozen=True)
class YearColumn:
    """A return's column of one year's figures, its multiplier and phase."""

    year: Timescale
    multiplier: Decimal
    phase: str | None
    header: str


@lru_cache(maxsize=4096)
def year_column(text: str) -> YearColumn | None:
    """The year (and "£000s", phase) a return's column header names, else None."""
    if len(text) > 60:
        return None
    found = _YEAR_IN_HEADER.search(text)
    if found is None:
        return None
    rest = (text[: found.start()] + " " + text[found.end() :]).strip()
    words = normalise(re.sub(r"£\s*'?\s*0+s?|£\s*[mkb]n?\b|£", " ", rest)).split()
    phase = next((PHASES[word] for word in words if word in PHASES), None)
    if any(word not in PHASES and word not in NEUTRAL for word in words):
        return None
    try:
        multiplier = column_multiplier(text)
    except MoneyError:
        return None
    return YearColumn(parse_timescale(found.group(1)), multiplier, phase, text.strip())


@dataclass
class SpendHeader(Header):
    """A spend table's header: its fields by column and a return's year columns."""

    fields: dict[int, Field] = field(default_factory=dict)
    years: dict[int, YearColumn] = field(default_factory=dict)
    multipliers: dict[int, Decimal] = field(default_factory=dict)
    phase: str | None = None  # a phase the header names once, for every figure


def read_spend_header(rows: list[Row], index: int) -> SpendHeader | None:
    """A spend table's header starting at ``rows[index]``, if that row is one."""
    row = rows[index]
    if not any(field_of(cell.text) in LABELS for cell in row.cells):
        return None  # nothing names what the money is spent by or on: most rows, said quickly
    fields: dict[int, Field] = {}
    years: dict[int, YearColumn] = {}
    money_named = False
    for column, cell in enumerate(row.cells):
        text = cell.text.strip()
        if not text or cell.merged:
            continue
        found = field_of(text)
        if found is not None and found not in fields.values():
            fields[column] = found
            money_named = money_named or bool(MONEY_WORDS.search(text))
            continue
        as_year = year_column(text)
        if as_year is not None:
            years[column] = as_year
            money_named = money_named or bool(MONEY_WORDS.search(text))
    named = set(fields.values())
    labels = named & LABELS
    long_form = Field.AMOUNT in named and Field.YEAR in named
    wide_form = bool(years) and Field.AMOUNT not in named and Field.YEAR not in named
    if not labels or not (long_form or (wide_form and money_named)):
        return None
    texts = {i: cell.text.strip() for i, cell in enumerate(row.cells) if cell.text.strip()}
    try:
        multipliers = {i: column_multiplier(texts[i]) for i in fields if fields[i] is Field.AMOUNT}
    except MoneyError:
        return None
    words = normalise(" ".join(texts.values())).split()
    phases = {PHASES[word] for word in words if word in PHASES}
    header = SpendHeader(
        "spend",
        {},
        texts,
        1,
        fields=fields,
        years=years,
        multipliers=multipliers,
        phase=phases.pop() if len(phases) == 1 else None,
    )
    header.keys = {normalise(text) for text in texts.values()}
    return header


def read_spend(rows: list[Row], header: SpendHeader, plan: Plan) -> None:
    """Append the spend lines of a table's rows (a return or long form) to ``plan``."""
    _Reader(plan, header).read(rows)


class _Reader:
    def __init__(self, plan: Plan, header: SpendHeader):
        self.plan = plan
        self.header = header
        self.column = {meaning: index for index, meaning in header.fields.items()}
        self.heading: str | None = None  # a theme heading row above a return's lines
        self.split: list[tuple[SpendPlan, Cell]] = []  # the rows of one split line so far
        self.split_key: tuple | None = None

    def cell(self, row: Row, meaning: Field) -> Cell | None:
        cell = row.cell(self.column.get(meaning))
        return cell if cell is not None and cell.text.strip() and not cell.merged else None

    def text(self, row: Row, meaning: Field) -> str | None:
        cell = self.cell(row, meaning)
        return " ".join(cell.text.split()) if cell is not None else None

    def warn(self, where: Cell | Row, message: str) -> None:
        location = place(where) if isinstance(where, Cell) else where.location
        self.plan.warnings.append(PlanWarning(where.line, f"{location}: {message}"))

    def read(self, rows: list[Row]) -> None:
        for row in rows:
            own = row.own_cells()
            if not own:
                continue
            if len(own) == 1 and own[0][0] == 0 and len(self.header.texts) > 1:
                self.heading = " ".join(own[0][1].text.split())
                continue
            if self.is_total(row):
                continue
            if self.header.years:
                self.wide(row)
            else:
                self.long(row)
        self.close_split()

    def is_total(self, row: Row) -> bool:
        """A totals row ("Total", "Grand total"): the sum of the lines, not a line."""
        for meaning in (Field.SERVICE, Field.THEME, Field.ORGANISATION, Field.OUTCOME):
            text = self.text(row, meaning)
            if text:
                return normalise(text) in {"total", "totals", "grand total", "sub total",
                                           "subtotal", "total spend", "overall total"}  # fmt: skip
        return False

    def line(self, row: Row, year: Timescale, amount: Decimal, cell: Cell, phase: str | None):
        theme = self.text(row, Field.THEME)
        service = self.text(row, Field.SERVICE)
        if theme is None and self.heading and service:
            theme = self.heading
        kind_text = self.text(row, Field.KIND)
        kind = KINDS.get(normalise(kind_text)) if kind_text else None
        if kind_text and kind is None:
            self.warn(self.cell(row, Field.KIND), f"kind {kind_text!r} is not prevention, "
                      "treatment, benefits and transfers or other; left blank")  # fmt: skip
        capital_text = self.text(row, Field.CAPITAL)
        capital = None
        if capital_text:
            key = normalise(capital_text)
            capital = True if key.startswith("cap") else False if key.startswith("rev") else None
        return SpendPlan(
            organisation=self.text(row, Field.ORGANISATION),
            year=year,
            amount=amount,
            phase=phase,
            theme=theme,
            outcome=self.text(row, Field.OUTCOME),
            service=service,
            line=row.line,
            kind=kind,
            capital=capital,
            note=self.text(row, Field.NOTE),
            location=place(cell),
        )

    def year_of(self, cell: Cell, year: Timescale) -> bool:
        if year.precision is Precision.FINANCIAL_YEAR:
            return True
        self.warn(cell, f"{year.text!r} is not a financial year (write it as 2010/11); "
                  "the line was left out")  # fmt: skip
        return False

    def amount_of(self, cell: Cell, multiplier: Decimal) -> Decimal | None:
        try:
            return read_money(cell.text, multiplier=multiplier)
        except MoneyError as error:
            self.warn(cell, f"amount: {error}; the line was left out")
            return None

    def phase_of(self, row: Row, column_phase: str | None) -> str | None:
        text = self.text(row, Field.PHASE)
        if text:
            phase = PHASES.get(normalise(text))
            if phase is None:
                self.warn(self.cell(row, Field.PHASE), f"phase {text!r} is not budget, "
                          "forecast or outturn; left blank")  # fmt: skip
            return phase
        return column_phase or self.header.phase

    def wide(self, row: Row) -> None:
        if not any(self.text(row, meaning) for meaning in LABELS):
            self.warn(row, "row names no service, theme or partner; it was not read")
            return
        for index, column in sorted(self.header.years.items()):
            cell = row.cell(index)
            if cell is None or not cell.text.strip() or cell.merged:
                continue
            amount = self.amount_of(cell, column.multiplier)
            if amount is None or not self.year_of(cell, column.year):
                continue
            line = self.line(row, column.year, amount, cell, self.phase_of(row, column.phase))
            self.plan.spend.append(line)

    def long(self, row: Row) -> None:
        year_cell, amount_cell = self.cell(row, Field.YEAR), self.cell(row, Field.AMOUNT)
        if year_cell is None or amount_cell is None:
            where = amount_cell or year_cell or row
            self.warn(where, "a spend line needs a year and an amount; the row was not read")
            return
        year = parse_timescale(year_cell.text)
        if not self.year_of(year_cell, year):
            return
        multiplier = self.header.multipliers.get(self.column[Field.AMOUNT], Decimal(1))
        amount = self.amount_of(amount_cell, multiplier)
        if amount is None:
            return
        line = self.line(row, year, amount, amount_cell, self.phase_of(row, None))
        share_cell = self.cell(row, Field.SHARE)
        if Field.SHARE not in self.column:
            self.plan.spend.append(line)
            return
        self.shared(line, share_cell, row)

    def shared(self, line: SpendPlan, share_cell: Cell | None, row: Row) -> None:
        """A row of a line split across outcomes: kept until the line's shares are all read."""
        key = (line.organisation, line.year.text, line.service, line.phase, line.amount)
        if key != self.split_key:
            self.close_split()
            self.split_key = key
        share = Decimal(100)
        if share_cell is not None:
            match = _PERCENT.match(share_cell.text)
            if match is None:
                self.warn(share_cell, f"share {share_cell.text.strip()!r} is not a per cent")
                share = Decimal(-1)
            else:
                share = Decimal(match["n"].replace(",", ""))
        line.share = share
        self.split.append((line, share_cell or row.cells[0]))

    def close_split(self) -> None:
        rows, self.split, self.split_key = self.split, [], None
        if not rows:
            return
        shares = [line.share for line, _ in rows]
        total = sum(shares, Decimal(0))
        if any(share < 0 for share in shares) or abs(total - 100) > Decimal("0.01"):
            first = rows[0][1]
            self.warn(
                first,
                f"the shares of this line add up to {total.normalize():f} %, not 100 %; "
                f"its {len(rows)} row{'s' if len(rows) != 1 else ''} were left out",
            )
            return
        for line, _ in rows:
            if line.share != 100:
                line.amount = (line.amount * line.share / 100).quantize(Decimal("0.01"))
            self.plan.spend.append(line)
