"""Outcomes framework tables: theme → outcome → sub-outcome, as councils publish them.

Two shapes are read. A framework table has a Theme column, an Outcome column and a
Sub-outcome column (plus Code, Level, Description): blank theme and outcome cells carry down
from the rows above (as merged cells do), and a row with a sub-outcome contributes to the
outcome above it. A flat library has one Outcome column and, optionally, a Parent
("Contributes to") column naming the outcome each one contributes to, by code or title.
"""

from __future__ import annotations

from commissioning.domain.plan import OutcomePlan, Plan, PlanWarning
from commissioning.reading.readers import Row
from commissioning.reading.recognisers.headers import Header, Meaning, is_repeated_header, normalise

LEVELS = {
    **dict.fromkeys(
        ["population result", "population results", "population", "result", "population outcome",
         "1", "level 1", "high level outcome", "strategic outcome"],
        "population_result",
    ),
    **dict.fromkeys(
        ["intermediate outcome", "intermediate", "outcome", "2", "level 2", "sub outcome"],
        "intermediate_outcome",
    ),
    **dict.fromkeys(
        ["contributory factor", "contributory", "factor", "3", "level 3", "contributing factor"],
        "contributory_factor",
    ),
}  # fmt: skip
LEVEL_NAMES = "population result, intermediate outcome or contributory factor"


def parse_level(text: str) -> str | None:
    """The level a cell names ("Population result", "2", "contributory factor"), else None."""
    return LEVELS.get(normalise(text))


def read_outcomes(rows: list[Row], header: Header, plan: Plan) -> None:
    """Append the outcomes of a framework table's rows to ``plan``."""
    column = {meaning: index for index, meaning in header.columns.items()}
    reader = _Reader(plan, column)
    for row in rows:
        if not row.own_cells() or is_repeated_header(row, header):
            continue
        reader.read(row)


class _Reader:
    def __init__(self, plan: Plan, column: dict[Meaning, int]):
        self.plan = plan
        self.column = column
        self.theme: str | None = None
        self.outcome: OutcomePlan | None = None  # the outcome sub-outcomes contribute to
        self.seen: dict[str, int] = {}  # code or title (normalised) → line first read

    def text(self, row: Row, meaning: Meaning) -> str:
        index = self.column.get(meaning)
        return " ".join(row.text(index).split()) if index is not None else ""

    def warn(self, row: Row, message: str) -> None:
        self.plan.warnings.append(PlanWarning(row.line, message))

    def read(self, row: Row) -> None:
        theme = self.text(row, Meaning.THEME)
        if theme and theme != self.theme:
            self.theme, self.outcome = theme, None
        title = self.text(row, Meaning.OUTCOME)
        sub = self.text(row, Meaning.SUB_OUTCOME)
        if sub:
            if title and (self.outcome is None or title != self.outcome.title):
                self.outcome = self.add(row, title=title, code=None, level=None, parent=None)
            if self.outcome is None:
                self.warn(row, f"sub-outcome {sub!r} has no outcome above it to contribute to")
            parent = self.text(row, Meaning.PARENT) or (
                (self.outcome.code or self.outcome.title) if self.outcome else None
            )
            self.add(row, title=sub, code=self.code(row), level=self.level(row), parent=parent)
        elif title:
            if self.outcome is not None and title == self.outcome.title and not self.code(row):
                return  # the outcome carried down beside an empty sub-outcome cell
            parent = self.text(row, Meaning.PARENT) or None
            self.outcome = self.add(
                row, title=title, code=self.code(row), level=self.level(row), parent=parent
            )
        elif not theme:
            self.warn(row, "row has no outcome title; it was not read")

    def code(self, row: Row) -> str | None:
        return self.text(row, Meaning.CODE) or None

    def level(self, row: Row) -> str | None:
        text = self.text(row, Meaning.LEVEL)
        if not text:
            return None
        level = parse_level(text)
        if level is None:
            self.warn(row, f"level {text!r} is not one of {LEVEL_NAMES}; left blank")
        return level

    def add(self, row: Row, *, title, code, level, parent) -> OutcomePlan:
        key = normalise(code or title)
        if key in self.seen:
            self.warn(row, f"outcome {code or title!r} is already on line {self.seen[key]}")
        else:
            self.seen[key] = row.line
        outcome = OutcomePlan(
            code=code,
            title=title,
            level=level,
            theme=self.theme,
            parent=parent,
            line=row.line,
            description=self.text(row, Meaning.DESCRIPTION) or None,
        )
        self.plan.outcomes.append(outcome)
        return outcome
