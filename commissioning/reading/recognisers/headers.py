"""Header rows: which table is this, and what does each column mean."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from commissioning.domain.timescales import Timescale, search_timescale
from commissioning.reading.readers import Cell, Row


class Meaning(StrEnum):
    """What a column holds."""

    TITLE = "title"
    TIMESCALE = "timescale"
    OWNERS = "owners"
    PROGRESS = "progress"
    RAG = "rag"
    STATUS = "status"
    REF = "ref"
    STAGE = "stage"
    INTERNAL = "internal"
    EXTERNAL = "external"
    DELIVERABLES = "deliverables"
    # Columns of an outcomes framework table, recognised only when a header is not a plan's.
    THEME = "theme"
    OUTCOME = "outcome"
    SUB_OUTCOME = "sub_outcome"
    LEVEL = "level"
    CODE = "code"
    PARENT = "parent"
    DESCRIPTION = "description"


# Whole header texts, lower case with punctuation dropped.
EXACT: dict[str, Meaning] = {
    **dict.fromkeys(
        ["action", "actions", "action s", "task", "tasks", "activity", "activities",
         "milestone description", "recommendation", "recommendations", "action required",
         "actions required", "key actions"],
        Meaning.TITLE,
    ),
    **dict.fromkeys(
        ["timescale", "timescales", "target", "target date", "target dates", "deadline",
         "by when", "due", "due date", "date", "projected timescale", "when", "completion date",
         "target completion date"],
        Meaning.TIMESCALE,
    ),
    **dict.fromkeys(
        ["responsibility", "responsible", "lead", "lead officer", "lead officers", "owner",
         "owners", "action by", "who", "responsible officer", "lead person", "action owner"],
        Meaning.OWNERS,
    ),
    **dict.fromkeys(["rag", "rag status", "rag rating", "rating"], Meaning.RAG),
    **dict.fromkeys(["status", "current status"], Meaning.STATUS),
    **dict.fromkeys(["ref", "ref no", "reference", "no", "id", "number", "item"], Meaning.REF),
    **dict.fromkeys(
        ["milestone", "milestones", "milestone date", "milestone dates", "stage", "stages",
         "transition stage"],
        Meaning.STAGE,
    ),
    **dict.fromkeys(["deliverables", "high level deliverables", "key deliverables"],
                    Meaning.DELIVERABLES),
}  # fmt: skip

# Header texts starting with these words ("Progress to Date – March 2008").
PREFIXES: list[tuple[str, Meaning]] = [
    ("progress", Meaning.PROGRESS),
    ("update", Meaning.PROGRESS),
    ("comments", Meaning.PROGRESS),
    ("timescale", Meaning.TIMESCALE),
    ("target date", Meaning.TIMESCALE),
    ("responsib", Meaning.OWNERS),
    ("lead officer", Meaning.OWNERS),
    ("internal", Meaning.INTERNAL),
    ("external", Meaning.EXTERNAL),
]
# Header texts of an outcomes framework table. Kept apart from EXACT so that a plan's header
# ("Ref | Action | Outcome | Lead") reads exactly as it did before outcomes were recognised.
OUTCOME_EXACT: dict[str, Meaning] = {
    **dict.fromkeys(["theme", "themes", "strategic theme", "theme area", "priority theme",
                     "priority area"], Meaning.THEME),
    **dict.fromkeys(["outcome", "outcomes", "outcome title", "population result",
                     "population results", "population outcome", "high level outcome",
                     "strategic outcome", "strategic outcomes"], Meaning.OUTCOME),
    **dict.fromkeys(["sub outcome", "sub outcomes", "suboutcome", "suboutcomes",
                     "intermediate outcome", "intermediate outcomes", "contributory factor",
                     "contributory factors"], Meaning.SUB_OUTCOME),
    **dict.fromkeys(["level", "outcome level", "type"], Meaning.LEVEL),
    **dict.fromkeys(["code", "outcome code", "ref", "ref no", "reference", "id", "no", "number"],
                    Meaning.CODE),
    **dict.fromkeys(["parent", "parent outcome", "contributes to", "so that", "parent code"],
                    Meaning.PARENT),
    **dict.fromkeys(["description", "definition", "what this means"], Meaning.DESCRIPTION),
}  # fmt: skip
OUTCOME_TITLES = {Meaning.OUTCOME, Meaning.SUB_OUTCOME}
DELIVERABLE_COLUMNS = {Meaning.INTERNAL, Meaning.EXTERNAL, Meaning.DELIVERABLES}


_NOT_WORDS = re.compile(r"[^\w]+")


def normalise(text: str) -> str:
    """Lower case, punctuation dropped, single spaces."""
    return " ".join(_NOT_WORDS.sub(" ", text.casefold()).split())


@lru_cache(maxsize=4096)
def meaning_of(text: str) -> Meaning | None:
    """What a header cell says its column holds, if it is a header we know."""
    if text.strip() == "#":
        return Meaning.REF
    key = normalise(text)
    if not key or len(key) > 60:
        return None
    if key in EXACT:
        return EXACT[key]
    for prefix, meaning in PREFIXES:
        if key.startswith(prefix):
            return meaning
    return None


@dataclass
class Header:
    """A recognised header (one or two rows) and the meaning of each column."""

    kind: str  # "actions", "milestones" or "outcomes"
    columns: dict[int, Meaning]
    texts: dict[int, str]
    rows: int  # how many rows the header takes
    as_of: Timescale | None = None
    keys: set[str] = field(default_factory=set)

    def column(self, meaning: Meaning) -> int | None:
        """The first column with this meaning."""
        return next((c for c, m in sorted(self.columns.items()) if m == meaning), None)


def _meanings(row: Row) -> dict[int, Meaning]:
    found = {}
    for index, cell in enumerate(row.cells):
        meaning = meaning_of(cell.text)
        if meaning is not None:
            found[index] = meaning
    return found


@lru_cache(maxsize=4096)
def outcome_meaning_of(text: str) -> Meaning | None:
    """What a header cell of an outcomes framework table says its column holds."""
    key = normalise(text)
    if not key or len(key) > 60:
        return None
    return OUTCOME_EXACT.get(key)


def read_header(rows: list[Row], index: int) -> Header | None:
    """The header starting at ``rows[index]``, if that row is one."""
    return _read_plan_header(rows, index) or _read_outcomes_header(rows, index)


def _read_outcomes_header(rows: list[Row], index: int) -> Header | None:
    """An outcomes framework header: an outcome (or sub-outcome) column and one more."""
    row = rows[index]
    columns = {}
    for column, cell in enumerate(row.cells):
        meaning = outcome_meaning_of(cell.text)
        if meaning is not None and meaning not in columns.values():
            columns[column] = meaning
    if not (set(columns.values()) & OUTCOME_TITLES) or len(columns) < 2:
        return None
    texts = {i: cell.text.strip() for i, cell in enumerate(row.cells) if cell.text.strip()}
    header = Header("outcomes", columns, texts, 1)
    header.keys = {normalise(c.text) for c in row.cells if c.text.strip()}
    return header


def _read_plan_header(rows: list[Row], index: int) -> Header | None:
    columns = _meanings(rows[index])
    if len(set(columns.values())) < 2:
        return None
    texts = {i: cell.text.strip() for i, cell in enumerate(rows[index].cells) if cell.text.strip()}
    used = 1
    if index + 1 < len(rows) and _is_second_header_row(rows[index + 1]):
        second = _meanings(rows[index + 1])
        columns = {**columns, **second}
        texts.update({i: rows[index + 1].text(i) for i in second})
        used = 2
    kind = _kind(columns)
    if kind is None:
        return None
    if kind == "milestones":
        columns = _milestone_columns(columns)
    header = Header(kind, columns, texts, used)
    header_rows = rows[index : index + used]
    header.keys = {normalise(c.text) for row in header_rows for c in row.cells if c.text.strip()}
    header.as_of = _header_as_of(rows[index])
    return header


def _is_second_header_row(row: Row) -> bool:
    """A row under a header with its first cell blank and only header words in it."""
    own = [(i, cell) for i, cell in enumerate(row.cells) if cell.text.strip()]
    if not own or row.text(0):
        return False
    return all(meaning_of(cell.text) is not None for _, cell in own)


def _kind(columns: dict[int, Meaning]) -> str | None:
    meanings = set(columns.values())
    if Meaning.STAGE in meanings and meanings & DELIVERABLE_COLUMNS:
        return "milestones"
    if Meaning.TITLE in meanings:
        return "actions"
    return None


def _milestone_columns(columns: dict[int, Meaning]) -> dict[int, Meaning]:
    """A lone Deliverables column is internal; beside Internal/External it is dropped."""
    scoped = {Meaning.INTERNAL, Meaning.EXTERNAL} & set(columns.values())
    result = {}
    for index, meaning in columns.items():
        if meaning == Meaning.DELIVERABLES:
            if scoped:
                continue
            meaning = Meaning.INTERNAL
        result[index] = meaning
    return result


def _header_as_of(row: Row) -> Timescale | None:
    """The reporting date a progress header carries ("Progress to Date – March 2008")."""
    for cell in row.cells:
        if meaning_of(cell.text) == Meaning.PROGRESS:
            found = search_timescale(cell.text)
            if found is not None:
                return found[0]
    return None


def is_repeated_header(row: Row, header: Header) -> bool:
    """Whether a row repeats the header, in full or in part ("Objective | Action(s)")."""
    own = row.own_cells()
    if not own:
        return False
    if len(own) >= min(2, len(header.keys)) and all(
        normalise(cell.text) in header.keys for _, cell in own
    ):
        return True
    return len(own) >= 2 and all(meaning_of(cell.text) is not None for _, cell in own)


def place(cell: Cell) -> str:
    """Where a cell is, for messages: "line 5" in text and CSV, "Sheet1!B7" or a table cell."""
    return f"line {cell.line}" if cell.location.startswith("line ") else cell.location
