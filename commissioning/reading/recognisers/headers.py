"""Header rows: which table is this, and what does each column mean."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from commissioning.domain.timescales import Timescale, parse_timescale, search_timescale
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
    SECTION = "section"
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
_PREFIX = re.compile("|".join(re.escape(prefix) for prefix, _ in PREFIXES))
_PREFIX_MEANING = dict(PREFIXES)
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
    if len(key.split()) > 6:
        return None
    from commissioning.reading.recognisers.columns import header_meaning

    return header_meaning(text)


@dataclass
class Header:
    """A recognised header (one or two rows) and the meaning of each column."""

    kind: str  # "actions", "milestones", "outcomes", "indicators" or "spend"
    columns: dict[int, Meaning]
    texts: dict[int, str]
    rows: int  # how many rows the header takes
    as_of: Timescale | None = None
    keys: set[str] = field(default_factory=set)
    readings: list = field(default_factory=list)  # domain.plan.ColumnReading, per column
    unsure: bool = False

    def column(self, meaning: Meaning) -> int | None:
        """The first column with this meaning."""
        return next((c for c, m in sorted(self.columns.items()) if m == meaning), None)


def _meanings(row: Row, *, fuzzy: bool = True) -> dict[int, Meaning]:
    found = {}
    for index, cell in enumerate(row.cells):
        meaning = meaning_of(cell.text) if fuzzy else _exact_meaning(cell.text)
        if meaning is not None:
            found[index] = meaning
    return found


@lru_cache(maxsize=4096)
def _exact_meaning(text: str) -> Meaning | None:
    """A header from the fixed list only (no fuzzy matching): for rows among the data."""
    if len(text) > 60:
        return None
    if text.strip() == "#":
        return Meaning.REF
    key = normalise(text)
    if key in EXACT:
        return EXACT[key]
    found = _PREFIX.match(key)
    return _PREFIX_MEANING[found.group()] if found else None


def _header_like(row: Row) -> bool:
    """Short cells, none a date, a number or a reference: a header names columns."""
    from commissioning.reading.recognisers.columns import NUMBER_VALUE, REF_VALUE

    own = row.own_cells()
    if not own or any(len(cell.text.split()) > 8 for _, cell in own):
        return False
    for _, cell in own:
        text = cell.text.strip()
        if _exact_meaning(text) is not None:
            continue
        if REF_VALUE.match(text) or NUMBER_VALUE.match(text):
            return False
        if parse_timescale(text).is_parsed:
            return False
    return True


def chosen_columns(row: Row, chosen: dict[str, Meaning | None] | None) -> dict[int, Meaning | None]:
    """A person's choices (header text → meaning) placed on a row's columns."""
    if not chosen:
        return {}
    from commissioning.reading.recognisers.columns import header_key

    keys = {header_key(text): meaning for text, meaning in chosen.items()}
    placed = {}
    for index, cell in enumerate(row.cells):
        key = header_key(cell.text)
        if key and key in keys:
            placed[index] = keys[key]
        elif normalise(cell.text) in keys:
            placed[index] = keys[normalise(cell.text)]
    return placed


def read_header(
    rows: list[Row],
    index: int,
    *,
    fuzzy: bool = True,
    chosen: dict[str, Meaning | None] | None = None,
    tables: bool = True,
) -> Header | None:
    """The header starting at ``rows[index]``, if that row is one: an indicator or spend
    table's (when ``tables``), a plan's, else an outcomes framework's (see
    ``_read_plan_header`` for ``fuzzy`` and ``chosen``)."""
    if tables and not chosen:
        figures = read_figures_header(rows, index)
        if figures is not None:
            return figures
    outcomes = _read_outcomes_header(rows, index) if not chosen else None
    if outcomes is not None and len(set(_meanings(rows[index], fuzzy=False).values())) < 2:
        # An outcomes framework's own words ("Theme | Outcome | Sub-outcome"), not a plan's
        # fixed header words: synonyms must not read it as an action plan.
        return outcomes
    return _read_plan_header(rows, index, fuzzy=fuzzy, chosen=chosen) or outcomes


def read_figures_header(rows: list[Row], index: int) -> Header | None:
    """An indicator or spend table's header starting at ``rows[index]``, if that row is one."""
    from commissioning.reading.recognisers.indicators import read_indicator_header
    from commissioning.reading.recognisers.spend import read_spend_header

    return read_indicator_header(rows, index) or read_spend_header(rows, index)


def _read_plan_header(
    rows: list[Row],
    index: int,
    *,
    fuzzy: bool = True,
    chosen: dict[str, Meaning | None] | None = None,
) -> Header | None:
    """A plan's header starting at ``rows[index]``, if that row is one.

    ``fuzzy`` lets headers be recognised by synonyms and close spellings too (not among a
    table's data rows, where "Complete | Director of Housing" is an action, not a header);
    ``chosen`` holds a person's choice of meaning for header texts (``--columns``).
    """
    from commissioning.reading.recognisers.columns import SAMPLE, assign

    row = rows[index]
    placed = chosen_columns(row, chosen)
    if not placed and fuzzy and not _header_like(row):
        return None
    columns = _meanings(row, fuzzy=False)
    fuzzy_columns = _meanings(row, fuzzy=True) if fuzzy else columns
    named = set(fuzzy_columns.values()) | {m for m in placed.values() if m}
    if len(named) < 2 and len(placed) < 2:
        return None
    texts = {i: cell.text.strip() for i, cell in enumerate(row.cells) if cell.text.strip()}
    used = 1
    if index + 1 < len(rows) and _is_second_header_row(rows[index + 1]):
        second = _meanings(rows[index + 1])
        columns = {**columns, **_meanings(rows[index + 1], fuzzy=False)}
        texts.update({i: rows[index + 1].text(i) for i in second})
        used = 2
    body = rows[index + used : index + used + SAMPLE]
    width = max([len(row.cells)] + [len(r.cells) for r in body])
    cells = {i: [own_cell_text(r, i) for r in body] for i in range(width)}
    assignment = assign(texts, cells, known=columns, chosen=placed)
    columns = assignment.columns
    kind = _kind(columns)
    if kind is None:
        return None
    if kind == "milestones":
        columns = _milestone_columns(columns)
    header = Header(kind, columns, texts, used)
    header.readings = assignment.readings
    header.unsure = assignment.unsure
    header_rows = rows[index : index + used]
    header.keys = {normalise(c.text) for row in header_rows for c in row.cells if c.text.strip()}
    header.as_of = _header_as_of(rows[index])
    return header


def read_headerless(rows: list[Row]) -> Header | None:
    """A table with no header the importer knows, read from its cells alone: a title and a
    timescale, owner or RAG column among them make it an action plan. A first row of short
    texts unlike the cells under it is taken as the header (its words just unknown)."""
    from commissioning.reading.recognisers.columns import SAMPLE, _is_timescale, assign

    if len(rows) < 2:
        return None
    first = rows[0]
    texts: dict[int, str] = {}
    body = rows[:SAMPLE]
    width = max(len(r.cells) for r in body)
    if width < 2:
        return None
    if _header_like(first) and len(rows) > 2:
        texts = {i: c.text.strip() for i, c in enumerate(first.cells) if c.text.strip()}
        body = rows[1 : SAMPLE + 1]
    cells = {i: [own_cell_text(r, i) for r in body] for i in range(width)}
    assignment = assign({}, cells)
    if texts:
        timescale = next((i for i, m in assignment.columns.items() if m == Meaning.TIMESCALE), None)
        if timescale is not None and _is_timescale(texts.get(timescale, "")):
            texts, body = {}, rows[:SAMPLE]  # the first row is data after all
            cells = {i: [own_cell_text(r, i) for r in body] for i in range(width)}
            assignment = assign({}, cells)
    meanings = set(assignment.columns.values())
    if Meaning.TITLE not in meanings or not meanings & {
        Meaning.TIMESCALE,
        Meaning.OWNERS,
        Meaning.RAG,
    }:
        return None
    for reading in assignment.readings:
        reading.header = texts.get(reading.index, "")
        if reading.header:
            reading.why = reading.why.replace("no header says", "header not known")
    header = Header("actions", assignment.columns, texts, 1 if texts else 0)
    header.readings = assignment.readings
    header.unsure = True
    header.keys = {normalise(text) for text in texts.values()}
    return header


def own_cell_text(row: Row, column: int) -> str:
    """A cell's own text (not a merged copy), empty when absent."""
    cell = row.cell(column)
    return cell.text if cell is not None and not cell.merged else ""


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
    return len(own) >= 2 and all(_exact_meaning(cell.text) is not None for _, cell in own)


def place(cell: Cell) -> str:
    """Where a cell is, for messages: "line 5" in text and CSV, "Sheet1!B7" or a table cell."""
    return f"line {cell.line}" if cell.location.startswith("line ") else cell.location


def outcome_meaning_of(text: str) -> Meaning | None:
    """What a header cell of an outcomes framework table says its column holds."""
    key = normalise(text)
    if not key or len(key) > 60:
        return None
    return OUTCOME_EXACT.get(key)


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
