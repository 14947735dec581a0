"""Recognisers: find the action-plan, milestone and outcomes tables of a document; read a Plan.

A table's header row (or two) says what each column means; rows before it give the title
and reporting date, rows under it are read by the interpreter for its kind. A document with
no such table may still be a timeline of dated headings and paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from commissioning.domain.plan import Plan, PlanError
from commissioning.domain.timescales import Timescale, search_timescale
from commissioning.reading.owners import OwnerDirectory
from commissioning.reading.readers import Document, Paragraph, Row, Table
from commissioning.reading.recognisers.actions import read_actions
from commissioning.reading.recognisers.headers import Header, read_header
from commissioning.reading.recognisers.milestones import read_milestones
from commissioning.reading.recognisers.outcomes import read_outcomes
from commissioning.reading.recognisers.timeline import read_timeline

AS_OF = re.compile(
    r"\b(?:updated?|as\s+at|as\s+of|position\s+(?:at|as\s+at)|progress\s+(?:at|to))\b",
    re.IGNORECASE,
)
NEAR_THE_TOP = 6  # how many lines of text before a table may carry the reporting date


@dataclass
class Segment:
    """A header and the rows under it, up to the next different header."""

    header: Header
    rows: list[Row]


def recognise(document: Document, *, directory: OwnerDirectory | None = None) -> Plan:
    """The plan in a document: its stages, actions and anything a person should check."""
    segments, preamble = find_segments(document)
    plan = Plan(title=document_title(document, preamble), as_of=None)
    plan.warnings.extend(document.warnings)
    plan.as_of = next((s.header.as_of for s in segments if s.header.as_of), None)
    plan.as_of = plan.as_of or as_of_near_top(document, preamble)
    for segment in segments:
        if segment.header.kind == "milestones":
            read_milestones(segment.rows, segment.header, plan)
        elif segment.header.kind == "outcomes":
            read_outcomes(segment.rows, segment.header, plan)
        else:
            read_actions(segment.rows, segment.header, plan, directory=directory)
    if not segments and not read_timeline(document, plan):
        raise PlanError("no recognisable action-plan or milestone table", source=document.source)
    return plan


def find_segments(document: Document) -> tuple[list[Segment], list[str]]:
    """Every headed part of every table, and the text of rows above the first header."""
    segments: list[Segment] = []
    preamble: list[str] = []
    for table in document.tables:
        table_segments = _segments(table, preamble if not segments else None)
        segments.extend(table_segments)
    return segments, preamble


def _segments(table: Table, preamble: list[str] | None) -> list[Segment]:
    segments: list[Segment] = []
    index = 0
    while index < len(table.rows):
        header = read_header(table.rows, index)
        current = segments[-1] if segments else None
        if header is not None and not (current and header.keys <= current.header.keys):
            segments.append(Segment(header, []))
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
