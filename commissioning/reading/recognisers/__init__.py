"""Recognisers: find the action-plan, milestone and outcomes tables of a document; read a Plan.

A table's header row (or two) says what each column means; rows before it give the title
and reporting date, rows under it are read by the interpreter for its kind. A document with
no such table may still be a timeline of dated headings and paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from commissioning.domain.plan import Plan, PlanError, TableReading
from commissioning.domain.timescales import Timescale, search_timescale
from commissioning.reading.owners import OwnerDirectory
from commissioning.reading.readers import Cell, Document, Paragraph, Row, Table
from commissioning.reading.recognisers.actions import read_actions
from commissioning.reading.recognisers.headers import (
    Header,
    Meaning,
    read_figures_header,
    read_header,
    read_headerless,
)
from commissioning.reading.recognisers.indicators import read_indicators
from commissioning.reading.recognisers.milestones import read_milestones
from commissioning.reading.recognisers.outcomes import read_outcomes
from commissioning.reading.recognisers.spend import read_spend
from commissioning.reading.recognisers.timeline import read_timeline

AS_OF = re.compile(
    r"\b(?:updated?|as\s+at|as\s+of|position\s+(?:at|as\s+at)|progress\s+(?:at|to))\b",
    re.IGNORECASE,
)
FIGURE_KINDS = {"indicators", "spend"}  # tables of figures, whose headers may repeat
NEAR_THE_TOP = 6  # how many lines of text before a table may carry the reporting date


@dataclass
class Segment:
    """A header and the rows under it, up to the next different header."""

    header: Header
    rows: list[Row]
    table: Table | None = None
    header_row: Row | None = None


def recognise(
    document: Document,
    *,
    directory: OwnerDirectory | None = None,
    columns: dict[str, Meaning | None] | None = None,
) -> Plan:
    """The plan in a document: its stages, actions and anything a person should check.

    ``columns`` maps header texts to the meaning a person chose for them (None: ignore).
    """
    segments, preamble = find_segments(document, chosen=columns)
    plan = Plan(title=document_title(document, preamble), as_of=None)
    plan.warnings.extend(document.warnings)
    if segments:
        plan.warnings.extend(left_out(document, segments, plan.title))
    plan.as_of = next((s.header.as_of for s in segments if s.header.as_of), None)
    plan.as_of = plan.as_of or as_of_near_top(document, preamble)
    for segment in segments:
        plan.tables.append(table_reading(segment))
        if segment.header.kind == "milestones":
            read_milestones(segment.rows, segment.header, plan)
        elif segment.header.kind == "outcomes":
            read_outcomes(segment.rows, segment.header, plan)
        elif segment.header.kind == "indicators":
            read_indicators(segment.rows, segment.header, plan, source=document.source)
        elif segment.header.kind == "spend":
            read_spend(segment.rows, segment.header, plan)
        else:
            read_actions(segment.rows, segment.header, plan, directory=directory)
    if not segments and not read_timeline(document, plan):
        raise PlanError("no recognisable action-plan or milestone table", source=document.source)
    return plan


def find_segments(
    document: Document, *, chosen: dict[str, Meaning | None] | None = None
) -> tuple[list[Segment], list[str]]:
    """Every headed part of every table, and the text of rows above the first header.

    A table with no header row is read from its cells alone when they make a plan.
    """
    segments: list[Segment] = []
    preamble: list[str] = []
    for table in document.tables:
        table_preamble: list[str] = []
        table_segments = _segments(table, table_preamble, chosen)
        if not table_segments:
            turned = transposed(table)
            if turned is not None:
                table_segments = _segments(turned, None, chosen)
                for segment in table_segments:
                    segment.table = table
        if not table_segments:
            header = read_headerless(table.rows)
            if header is not None:
                first = table.rows[0] if header.rows else None
                rows = list(table.rows[header.rows :])
                table_segments = [Segment(header, rows, table, first)]
                table_preamble = []
        if not segments:
            preamble.extend(table_preamble)
        segments.extend(table_segments)
    return segments, preamble


def transposed(table: Table) -> Table | None:
    """A table with one column per item and one row per field ("Action | …", "Due | …"
    down its first column), turned round; None when its first column is not a header."""
    from commissioning.reading.recognisers.headers import meaning_of

    if len(table.rows) < 2:
        return None
    firsts = [row.cells[0] for row in table.rows if row.cells]
    meanings = {meaning_of(cell.text) for cell in firsts} - {None}
    if len(meanings) < 2 or Meaning.TITLE not in meanings:
        return None
    width = max(len(row.cells) for row in table.rows)
    rows = []
    for column in range(width):
        cells = [row.cell(column) or Cell("", row.line, row.location) for row in table.rows]
        first = next((c for c in cells if c.text.strip()), cells[0])
        location = f"{table.location}, column {column + 1}"
        rows.append(Row(cells, first.line, location, first.line))
    return Table(rows, table.line, table.location)


def left_out(document: Document, segments: list[Segment], title: str | None) -> list:
    """Warnings for rows no action, heading or header came from, so none goes silently:
    notes above a table's header (other than the title) and tables that are not plans."""
    from commissioning.domain.plan import PlanWarning

    read = {id(segment.table) for segment in segments}
    first_header = {}
    for segment in segments:
        if segment.header_row is not None:
            first_header.setdefault(id(segment.table), segment.header_row.line)
    warnings = []
    for table in document.tables:
        if id(table) not in read:
            warnings.append(
                PlanWarning(
                    table.line,
                    f"{table.location}: a table of {len(table.rows)} row"
                    f"{'s' if len(table.rows) != 1 else ''} with no action, timescale or owner "
                    "columns recognised; left out (choose its columns to read it)",
                )
            )
            continue
        header_line = first_header.get(id(table))
        for row in table.rows:
            if header_line is None or row.line >= header_line:
                break
            text = " ".join(" ".join(c.text.split()) for _, c in row.own_cells())
            if text and text != title:
                warnings.append(
                    PlanWarning(
                        row.line,
                        f"{row.location}: above the table's header, read as a note, "
                        f"not an action: '{text[:60]}'",
                    )
                )
    return warnings


def table_reading(segment: Segment) -> TableReading:
    """How a segment's columns were read, for the dry run and the preview."""
    header, table = segment.header, segment.table
    location = table.location if table is not None else ""
    header_row = segment.header_row.line if segment.header_row is not None else None
    if segment.header_row is not None:
        location = segment.header_row.location
    layout = " | ".join(header.texts[i] for i in sorted(header.texts))
    return TableReading(location, header_row, header.readings, layout, header.unsure)


def _segments(
    table: Table, preamble: list[str] | None, chosen: dict[str, Meaning | None] | None = None
) -> list[Segment]:
    segments: list[Segment] = []
    index = 0
    while index < len(table.rows):
        current = segments[-1] if segments else None
        if current is not None and current.header.kind in FIGURE_KINDS:
            header = read_figures_header(table.rows, index)  # a repeated or a new block's
        else:
            header = read_header(
                table.rows, index, fuzzy=current is None, chosen=chosen, tables=current is None
            )
        if header is not None and not (current and header.keys <= current.header.keys):
            segments.append(Segment(header, [], table, table.rows[index]))
            index += header.rows
            continue
        if header is not None:
            index += header.rows  # the same header again, on a new page
            continue
        row = table.rows[index]
        if current is not None:
            current.rows.append(row)
        elif preamble is not None:
            preamble.extend(cell.text.strip() for _, cell in row.own_cells())
        index += 1
    return segments


def _paragraphs_before_table(document: Document) -> list[Paragraph]:
    paragraphs = []
    for block in document.blocks:
        if isinstance(block, Table):
            break
        paragraphs.append(block)
    return paragraphs


def document_title(document: Document, preamble: list[str]) -> str | None:
    """The first heading (else paragraph) before the first table, else a title row."""
    before = _paragraphs_before_table(document)
    heading = next((p.text for p in before if p.level > 0), None)
    if heading is None and before:
        heading = before[0].text
    if heading is None and preamble:
        heading = preamble[0]
    return " ".join(heading.split()) if heading else None


def as_of_near_top(document: Document, preamble: list[str]) -> Timescale | None:
    """A reporting date written near the top: "Update – 30 May 2007", "as at 16.03.12"."""
    texts = [p.text for p in _paragraphs_before_table(document)][:NEAR_THE_TOP] + preamble
    for text in texts:
        marker = AS_OF.search(text)
        if marker is None:
            continue
        found = search_timescale(text[marker.end() :])
        if found is not None:
            return found[0]
    return None
