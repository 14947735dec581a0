"""A plan read from a document: plain dataclasses, serialisable to JSON.

This is what the readers and recognisers produce, what ``--dry-run`` prints and what the
loader writes to the database. Nothing here touches the database.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from commissioning.domain.periods import Period
from commissioning.domain.timescales import Timescale


class Status(StrEnum):
    """Where an action or deliverable stands."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    BLOCKED = "blocked"
    DROPPED = "dropped"
    UNKNOWN = "unknown"


class OwnerKind(StrEnum):
    """What an owner named in a Responsibility cell turned out to be."""

    PERSON = "person"
    TEAM = "team"
    ORGANISATION = "organisation"
    ROLE = "role"
    UNKNOWN = "unknown"


class Scope(StrEnum):
    """Whether a deliverable is for the council itself or with partners."""

    INTERNAL = "internal"
    EXTERNAL = "external"


@dataclass
class PlanWarning:
    """Something in the document a person should look at, with where it is."""

    line: int
    message: str

    def to_json(self) -> dict:
        return {"line": self.line, "message": self.message}


@dataclass
class OwnerRef:
    """One owner named in a Responsibility cell."""

    name: str
    kind: OwnerKind
    resolved: bool = True  # False: needs a person to say who this is

    def to_json(self) -> dict:
        return {"name": self.name, "kind": str(self.kind), "resolved": self.resolved}


@dataclass
class DeliverablePlan:
    """A deliverable of a stage, possibly with nested children."""

    scope: Scope
    text: str
    line: int
    children: list[DeliverablePlan] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "scope": str(self.scope),
            "text": self.text,
            "line": self.line,
            "children": [child.to_json() for child in self.children],
        }


@dataclass
class StagePlan:
    """A transition stage (T1, T2, …) or a dated heading grouping milestones."""

    code: str | None
    title: str
    due: Timescale | None
    line: int
    deliverables: list[DeliverablePlan] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "title": self.title,
            "due": self.due.to_json() if self.due else None,
            "line": self.line,
            "deliverables": [d.to_json() for d in self.deliverables],
        }


@dataclass
class ActionPlan:
    """One row of an action plan."""

    ref: str | None
    title: str
    timescale: Timescale | None
    owners: list[OwnerRef]
    progress: str | None
    status: Status
    status_suggested: bool
    rag: str | None
    line: int
    section: str | None = None  # the heading row the action sat under, if any
    stage: str | None = None  # the stage heading (code or title) it belongs to, if any
    parent: str | None = None  # a sub-action's parent ("1" for "1.1"): its ref, else title

    def to_json(self) -> dict:
        return {
            "ref": self.ref,
            "title": self.title,
            "timescale": self.timescale.to_json() if self.timescale else None,
            "owners": [owner.to_json() for owner in self.owners],
            "progress": self.progress,
            "status": str(self.status),
            "status_suggested": self.status_suggested,
            "rag": self.rag,
            "line": self.line,
            "section": self.section,
            "stage": self.stage,
            "parent": self.parent,
        }


@dataclass
class ColumnReading:
    """What one column of a table was read as, how sure the reading is (0–1) and why."""

    index: int
    header: str
    meaning: str | None  # None: the column is ignored
    confidence: float
    why: str

    def to_json(self) -> dict:
        return {
            "index": self.index,
            "header": self.header,
            "meaning": self.meaning or "ignore",
            "confidence": round(self.confidence, 2),
            "why": self.why,
        }


@dataclass
class TableReading:
    """How one table was read: where it is, its header row (None: no header) and columns."""

    location: str
    header_row: int | None
    columns: list[ColumnReading]
    layout: str = ""  # the header texts joined, so a person's choice is found again
    unsure: bool = False

    def to_json(self) -> dict:
        return {
            "location": self.location,
            "header_row": self.header_row,
            "layout": self.layout,
            "unsure": self.unsure,
            "columns": [column.to_json() for column in self.columns],
        }


@dataclass
class OutcomePlan:
    """One outcome of an outcomes framework table (theme → outcome → sub-outcome).

    ``level`` is ``population_result``, ``intermediate_outcome`` or ``contributory_factor``
    when the document says so; ``parent`` is the outcome this one contributes to, by its code
    when it has one, else by its title.
    """

    code: str | None
    title: str
    level: str | None
    theme: str | None
    parent: str | None
    line: int
    description: str | None = None

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "title": self.title,
            "level": self.level,
            "theme": self.theme,
            "parent": self.parent,
            "line": self.line,
        }


def _number(value: Decimal | None) -> int | float | None:
    """A figure for JSON: a whole number stays an int, anything else a float; None stays."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass
class IndicatorValuePlan:
    """One period's figures for an indicator, as the document gives them.

    ``target_text`` keeps a target written as words ("TBC", "to be renegotiated"); it is
    then not a number (``target`` is None). ``period`` is read as indicator tables write it
    (``domain.periods``: "2010/11", "Q3 2010/11", "2005-2007 ave", "to May 07") and keeps its
    text. ``location`` names the cell ("Sheet1!C4").
    """

    period: Period | Timescale
    actual: Decimal | None
    target: Decimal | None
    target_text: str | None
    baseline: bool
    comparator: Decimal | None
    note: str | None
    line: int
    lower: Decimal | None = None
    upper: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    location: str | None = None

    def to_json(self) -> dict:
        return {
            "period": self.period.to_json(),
            "actual": _number(self.actual),
            "target": _number(self.target),
            "target_text": self.target_text,
            "baseline": self.baseline,
            "comparator": _number(self.comparator),
            "note": self.note,
            "line": self.line,
        }


@dataclass
class IndicatorPlan:
    """One indicator of an indicator table, with its values by period.

    ``polarity`` is ``higher_is_better``, ``lower_is_better``, ``no_judgement`` or None
    when the document does not say.
    """

    code: str | None
    title: str
    outcome: str | None
    theme: str | None
    unit: str | None
    polarity: str | None
    values: list[IndicatorValuePlan]
    line: int
    frequency: str | None = None
    source: str | None = None
    owner: str | None = None
    location: str | None = None

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "title": self.title,
            "outcome": self.outcome,
            "theme": self.theme,
            "unit": self.unit,
            "polarity": self.polarity,
            "values": [value.to_json() for value in self.values],
            "line": self.line,
        }


@dataclass
class SpendPlan:
    """One spend line of a total-pot return: who spends how much, in which year, on what.

    ``amount`` is in pounds (a column's "£000s" or "£m" already applied); ``year`` is a
    financial year. ``location`` names the cell of the amount.
    """

    organisation: str | None
    year: Timescale
    amount: Decimal
    phase: str | None
    theme: str | None
    outcome: str | None
    service: str | None
    line: int
    kind: str | None = None
    capital: bool | None = None
    note: str | None = None
    location: str | None = None
    share: Decimal | None = None  # the per cent of a split line this row is (amount is its part)

    def to_json(self) -> dict:
        return {
            "organisation": self.organisation,
            "year": self.year.to_json(),
            "amount": str(self.amount),
            "phase": self.phase,
            "theme": self.theme,
            "outcome": self.outcome,
            "service": self.service,
            "line": self.line,
        }


@dataclass
class Plan:
    """Everything read from one document."""

    title: str | None
    as_of: Timescale | None
    stages: list[StagePlan] = field(default_factory=list)
    actions: list[ActionPlan] = field(default_factory=list)
    warnings: list[PlanWarning] = field(default_factory=list)
    tables: list[TableReading] = field(default_factory=list)
    outcomes: list[OutcomePlan] = field(default_factory=list)
    indicators: list[IndicatorPlan] = field(default_factory=list)
    spend: list[SpendPlan] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "as_of": self.as_of.to_json() if self.as_of else None,
            "stages": [stage.to_json() for stage in self.stages],
            "actions": [action.to_json() for action in self.actions],
            "outcomes": [outcome.to_json() for outcome in self.outcomes],
            "indicators": [indicator.to_json() for indicator in self.indicators],
            "spend": [line.to_json() for line in self.spend],
            "warnings": [warning.to_json() for warning in self.warnings],
            "tables": [table.to_json() for table in self.tables],
        }


class PlanError(Exception):
    """A document that cannot be read as a plan; the message names file and place."""

    def __init__(self, message: str, *, source: str, location: str | None = None):
        self.source = source
        self.location = location
        where = f"{source}, {location}" if location else source
        super().__init__(f"{where}: {message}")


def dumps(payload) -> str:
    """The same text as ``json.dumps(payload, indent=2, ensure_ascii=False)``, faster.

    With an indent the standard library encodes in pure Python, one generator per level;
    a plan of 20,000 actions is over half a million values. Only the types a plan's JSON
    holds are written here; anything else goes to the standard library.
    """
    parts: list[str] = []
    try:
        _write(payload, "\n", parts)
    except _Unsupported:
        return json.dumps(payload, indent=2, ensure_ascii=False)
    return "".join(parts)


class _Unsupported(Exception):
    pass


_STRING = json.encoder.encode_basestring  # the C version when available
_CONSTANTS = {True: "true", False: "false", None: "null"}


def _scalar(value) -> str | None:
    """The JSON of a string, true, false, null or integer; None for anything else."""
    if type(value) is str:
        return _STRING(value)
    if value is None or value is True or value is False:
        return _CONSTANTS[value]
    if isinstance(value, str):
        return _STRING(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if type(value) is float and math.isfinite(value):
        return float.__repr__(value)  # as json writes it (a column's confidence)
    return None


def _write(value, newline: str, parts: list[str]) -> None:
    text = _scalar(value)
    if text is not None:
        parts.append(text)
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Unsupported
            text = _scalar(item)
            if text is not None:
                parts.append(f"{separator}{_STRING(key)}: {text}")
            else:
                parts.append(f"{separator}{_STRING(key)}: ")
                _write(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "}")
    elif isinstance(value, list | tuple):
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            parts.append(separator)
            _write(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "]")
    else:
        raise _Unsupported
