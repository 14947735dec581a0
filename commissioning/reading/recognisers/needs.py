"""Tables of needs analyses and of gaps, as the product exports them and as people keep them.

A table is recognised by its header row (which need not be the first: notes above it are
skipped) naming the columns in words people use: "Needs analysis" or "Title", "Kind" or
"Type", "Author", "Period", "Population", "Findings" or "Summary", "Document" or "Link",
"Outcomes covered"; and for gaps "Outcome code", "Outcome", "Gap" or "Description",
"Severity" or "Priority", "Evidence" or "Needs analysis", "Status", "Status date". Each
row becomes a record naming its line and cell, so whatever refuses it can say where. What
the words mean (which outcome, which organisation) is for the importer to decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from commissioning.reading.readers import Cell, Document, Row, Table
from commissioning.reading.recognisers.headers import normalise

HEADER_SEARCH_ROWS = 10  # how far down a table its header row may be, below notes


class NeedsField(StrEnum):
    TITLE = "title"
    KIND = "kind"
    AUTHOR = "author"
    PERIOD = "period"
    POPULATION = "population"
    FINDINGS = "findings"
    DOCUMENT = "document"
    OUTCOMES = "outcomes"


class GapField(StrEnum):
    OUTCOME_CODE = "outcome_code"
    OUTCOME = "outcome"
    DESCRIPTION = "description"
    SEVERITY = "severity"
    NEEDS_ANALYSIS = "needs_analysis"
    STATUS = "status"
    STATUS_DATE = "status_date"


NEEDS_HEADERS: dict[str, NeedsField] = {
    **dict.fromkeys(["title", "needs analysis", "needs analyses", "name", "analysis",
                     "jsna chapter", "chapter", "needs assessment"], NeedsField.TITLE),
    **dict.fromkeys(["kind", "type", "kind of analysis", "type of analysis", "source type"],
                    NeedsField.KIND),
    **dict.fromkeys(["author", "author organisation", "author organization", "authored by",
                     "organisation", "organization", "lead organisation", "produced by"],
                    NeedsField.AUTHOR),
    **dict.fromkeys(["period", "period covered", "year", "date", "as of", "published"],
                    NeedsField.PERIOD),
    **dict.fromkeys(["population", "population covered", "who it covers", "coverage",
                     "cohort"], NeedsField.POPULATION),
    **dict.fromkeys(["findings", "summary", "summary of findings", "key findings"],
                    NeedsField.FINDINGS),
    **dict.fromkeys(["document", "link", "url", "web address", "document link",
                     "where to find it"], NeedsField.DOCUMENT),
    **dict.fromkeys(["outcomes", "outcomes covered", "outcome", "outcome codes",
                     "outcomes it covers"], NeedsField.OUTCOMES),
}  # fmt: skip

GAP_HEADERS: dict[str, GapField] = {
    **dict.fromkeys(["outcome code", "code", "outcome ref", "ref"], GapField.OUTCOME_CODE),
    **dict.fromkeys(["outcome", "outcome title", "outcome area"], GapField.OUTCOME),
    **dict.fromkeys(["description", "gap", "gaps", "gap identified", "the gap", "key gap",
                     "key gaps", "gap description"], GapField.DESCRIPTION),
    **dict.fromkeys(["severity", "priority", "risk", "rating"], GapField.SEVERITY),
    **dict.fromkeys(["needs analysis", "evidence", "source", "evidence source",
                     "identified in"], GapField.NEEDS_ANALYSIS),
    **dict.fromkeys(["status", "progress", "state"], GapField.STATUS),
    **dict.fromkeys(["status date", "date", "as of", "since", "date of status"],
                    GapField.STATUS_DATE),
}  # fmt: skip

_LIST_SPLIT = re.compile(r"\s*(?:;|\n|\|)\s*")


@dataclass(frozen=True)
class Record:
    """One row of a recognised table: each field's text as written, and where it is."""

    values: dict[str, str]
    cells: dict[str, str]  # field → the cell's place ("row 4, column C")
    line: int
    location: str

    def text(self, name: str) -> str:
        return self.values.get(name, "")

    def place(self, name: str) -> str:
        """The cell of ``name`` (else the row) for a message."""
        return self.cells.get(name) or self.location


def split_list(text: str) -> list[str]:
    """A cell listing several things ("NI 1; NI 2", one per line) as its items."""
    return [item for item in _LIST_SPLIT.split(text.strip()) if item]


def read_needs_analyses(document: Document) -> list[Record] | None:
    """The rows of the document's needs analyses table; None when it has none."""
    return _records(document, NEEDS_HEADERS, required={NeedsField.TITLE}, enough=2)


def read_gaps(document: Document) -> list[Record] | None:
    """The rows of the document's gaps table; None when it has none."""
    return _records(
        document, GAP_HEADERS, required={GapField.DESCRIPTION, GapField.SEVERITY}, enough=3
    )


def _records(document: Document, vocabulary: dict, *, required: set, enough: int):
    for block in document.blocks:
        if not isinstance(block, Table):
            continue
        header = _header(block, vocabulary, required, enough)
        if header is None:
            continue
        index, columns = header
        return list(_rows(block.rows[index + 1 :], columns, vocabulary))
    return None


def _header(table: Table, vocabulary: dict, required: set, enough: int):
    """The header row's index and its columns (index → field), if a row within the first
    few names the ``required`` fields and at least ``enough`` known ones."""
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        columns: dict[int, str] = {}
        for position, cell in enumerate(row.cells):
            meaning = vocabulary.get(normalise(cell.text))
            if meaning is not None and meaning not in columns.values():
                columns[position] = meaning
        if required <= set(columns.values()) and len(columns) >= enough:
            return index, columns
    return None


def _rows(rows: list[Row], columns: dict[int, str], vocabulary: dict) -> Iterator[Record]:
    for row in rows:
        values, cells = {}, {}
        for position, name in columns.items():
            cell: Cell | None = row.cells[position] if position < len(row.cells) else None
            if cell is None:
                continue
            text = cell.text.strip()
            if text:
                values[name] = text
                cells[name] = cell.location
        if not values:
            continue  # a blank row
        if all(vocabulary.get(normalise(text)) == name for name, text in values.items()):
            continue  # the header again, as a table split across pages repeats it
        yield Record(values=values, cells=cells, line=row.line, location=row.location)
