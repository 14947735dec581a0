"""The highlight report as an Excel workbook: a summary, a sheet per stage and the actions.

Every table has a filter and a frozen header row; RAG cells are filled and worded; due
dates are real dates. Written in write-only mode with named styles, so a 20,000-action
plan streams out in a second or two.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter

from commissioning.core.spreadsheets import neutralise, neutralise_row
from commissioning.reports.presenters import (
    NO_RAG,
    RAG_STYLES,
    HighlightReport,
    RagStyle,
    deliverables_by_stage,
    highlight_report,
    item_label,
    progress_text,
    rag_style,
    status_label,
)
from commissioning.reports.report import Report, ReportItem

DATE_FORMAT = "d mmmm yyyy"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F3F2F1")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
SHEET_NAME_UNSAFE = re.compile(r"[\[\]:*?/\\]")


class Styles:
    """Named styles registered once: a cell takes one by name, without new style objects.

    Setting a fill or font on each cell makes openpyxl hash and look up style objects per
    cell, which dominates the time for a large plan; a named style is a cheap copy.
    """

    DATE = "Report date"

    def __init__(self, workbook):
        self.rag_names = {}
        for style in [*RAG_STYLES.values(), NO_RAG]:
            name = f"RAG {style.word}"
            workbook.add_named_style(
                NamedStyle(
                    name=name,
                    fill=PatternFill("solid", fgColor=style.fill_hex),
                    font=Font(bold=True, color=style.text_hex),
                    alignment=TOP,
                )
            )
            self.rag_names[style.word] = name
        workbook.add_named_style(
            NamedStyle(name=self.DATE, number_format=DATE_FORMAT, alignment=TOP)
        )


def text(value: str | None) -> str:
    """Text as a spreadsheet keeps it: never a formula, never an illegal character."""
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value or ""))


class Sheet:
    """A write-only sheet holding one table: header in row 1, frozen, filtered."""

    def __init__(self, workbook, styles: Styles, title: str, headings: Sequence[str], widths):
        self.ws = workbook.create_sheet(title)
        self.styles = styles
        for index, width in enumerate(widths, 1):
            self.ws.column_dimensions[get_column_letter(index)].width = width
        self.ws.freeze_panes = "A2"
        _print_setup(self.ws)
        self.headings = headings
        header = []
        for heading in headings:
            cell = WriteOnlyCell(self.ws, neutralise(heading))
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = WRAP
            header.append(cell)
        self.ws.append(header)
        self.rows = 1

    def rag(self, style: RagStyle) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, style.word)
        cell.style = self.styles.rag_names[style.word]
        return cell

    def day(self, value: date | None) -> WriteOnlyCell | None:
        if value is None:
            return None
        cell = WriteOnlyCell(self.ws, value)
        cell.style = Styles.DATE
        return cell

    def append(self, values: Iterable) -> None:
        self.ws.append(neutralise_row(values))  # whatever the caller forgot, no formulas
        self.rows += 1

    def close(self) -> None:
        last = get_column_letter(len(self.headings))
        self.ws.auto_filter.ref = f"A1:{last}{self.rows}"


def _print_setup(ws) -> None:
    """Printed, a sheet is landscape A4, one page wide (as long as it needs), with its
    header row repeated at the top of every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages long as it takes
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True


def sheet_names(stages: list[ReportItem | None]) -> list[str]:
    """A sheet name for each stage: its code, else its title; unique and within Excel's rules."""
    taken = {"summary", "actions"}
    names = []
    for stage in stages:
        base = "No stage" if stage is None else stage.ref or stage.title or f"Stage {stage.id}"
        base = SHEET_NAME_UNSAFE.sub(" ", base).strip("' ")[:28] or "Stage"
        name, number = base, 2
        while name.lower() in taken:
            name, number = f"{base} ({number})", number + 1
        taken.add(name.lower())
        names.append(name)
    return names


def _summary(workbook, styles: Styles, highlight: HighlightReport) -> None:
    report = highlight.report
    sheet = Sheet(workbook, styles, "Summary", ["Measure", "Value"], [34, 60])
    sheet.append(["Programme", text(report.programme)])
    sheet.append(["As of", sheet.day(report.as_of)])
    sheet.append(["Period covered", highlight.period])
    if highlight.compared_with:
        sheet.append(["Compared with", sheet.day(report.changes.since)])
    sheet.append(["Overall RAG", sheet.rag(highlight.overall_rag)])
    sheet.append(["Items", highlight.item_count])
    for row in highlight.status_counts:
        sheet.append([f"Status: {row.label}", row.count])
    for row in highlight.rag_counts:
        sheet.append([sheet.rag(row.rag), row.count])
    for label, rows in (
        ("Completed this period", highlight.completed),
        ("Due next period", highlight.due_next),
        ("Overdue", highlight.overdue),
    ):
        sheet.append([label, len(rows)])
    if highlight.slipped is not None:
        sheet.append(["Slipped", len(highlight.slipped)])
    sheet.close()


def _stage_sheet(workbook, styles: Styles, name: str, stage, deliverables, period: str) -> None:
    headings = ["Stage", "Deliverable", "Scope", "Due", "Status", "RAG", "Latest progress"]
    sheet = Sheet(workbook, styles, name, headings, [28, 70, 12, 16, 18, 12, 50])
    stage_label = text(item_label(stage)) if stage is not None else "No stage"
    for item in deliverables:
        sheet.append(
            [
                stage_label,
                text(item.title),
                (item.scope or "").capitalize(),
                sheet.day(item.due.end if item.due else None),
                status_label(item),
                sheet.rag(rag_style(item.rag)),
                text(progress_text(item, period)),
            ]
        )
    sheet.close()


def _actions(workbook, styles: Styles, highlight: HighlightReport) -> None:
    report = highlight.report
    headings = [
        "Ref",
        "Action",
        "Timescale",
        "Due",
        "Responsibility",
        report.progress_heading,
        "Status",
        "RAG",
    ]
    sheet = Sheet(workbook, styles, "Actions", headings, [8, 70, 18, 16, 34, 60, 18, 12])
    for row in highlight.actions:
        sheet.append(
            [
                text(row.ref),
                text(row.action[len(row.ref) + 1 :] if row.ref else row.action),
                text(row.timescale),
                sheet.day(row.due),
                text(row.responsibility),
                text(row.progress),
                row.status,
                sheet.rag(row.rag),
            ]
        )
    sheet.close()


def render_xlsx(report: Report) -> bytes:
    """The highlight report as .xlsx bytes."""
    highlight = highlight_report(report)
    workbook = Workbook(write_only=True)
    styles = Styles(workbook)
    _summary(workbook, styles, highlight)
    groups = deliverables_by_stage(report)
    period = report.progress_heading.split("–")[-1].strip()
    for name, (stage, deliverables) in zip(
        sheet_names([stage for stage, _ in groups]), groups, strict=True
    ):
        _stage_sheet(workbook, styles, name, stage, deliverables, period)
    _actions(workbook, styles, highlight)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
