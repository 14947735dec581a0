"""The scorecard as CSV or Excel, formulas neutralised so a cell is never run as one; a
business plan as the unit's Word document."""

from __future__ import annotations

import csv
import io

from docx import Document
from docx.shared import Pt
from openpyxl import Workbook

from commissioning.core.documents import writable
from commissioning.core.spreadsheets import neutralise_row
from commissioning.performance.presenters import figure as figure_text

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEADER = [
    "Code", "Indicator", "Theme", "Unit", "Polarity", "Latest period", "Latest actual",
    "Previous period", "Previous actual", "Target", "Variance", "RAG", "Trend",
    "Trend periods", "Change from baseline", "Compared with comparator",
]  # fmt: skip


def _row(row) -> list:
    indicator = row.indicator
    return [
        indicator.code,
        indicator.title,
        indicator.theme,
        indicator.unit,
        indicator.get_polarity_display(),
        row.latest.period.text if row.latest else "",
        row.latest.actual if row.latest else None,
        row.previous.period.text if row.previous else "",
        row.previous.actual if row.previous else None,
        row.target_shown,
        row.variance,
        row.rag_label,
        row.trend_label,
        row.trend.points,
        row.change.difference,
        str(row.comparison.comparison).replace("_", " "),
    ]


def scorecard(rows, fmt: str) -> tuple[bytes, str]:
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow(neutralise_row(["" if v is None else v for v in _row(row)]))
        return buffer.getvalue().encode("utf-8-sig"), FORMATS["csv"]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Scorecard")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(neutralise_row([float(v) if hasattr(v, "as_tuple") else v for v in _row(row)]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), FORMATS["xlsx"]


INDICATOR_HEADINGS = ("Indicator", "Target for the year", "Latest actual", "RAG", "Trend")
ACTION_HEADINGS = ("Action", "Due", "Owners", "Status", "RAG", "Latest progress")


def _table(document, headings, rows) -> None:
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for index, heading in enumerate(headings):
        cell = table.rows[0].cells[index]
        cell.text = heading
        cell.paragraphs[0].runs[0].bold = True
    for values in rows:
        cells = table.add_row().cells
        for index, value in enumerate(values):
            cells[index].text = writable(value)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)


def _indicator_cells(item) -> list[str]:
    row = item.row
    latest = ""
    if row.latest is not None:
        latest = f"{figure_text(row.latest.actual, row.indicator)} ({row.latest.period.text})"
    target = f"{item.year_target} ({item.year_target_period})" if item.year_target else "Not set"
    return [str(row.indicator), target, latest or "None yet", row.rag_label, row.trend_label]


def about_plan(status) -> list[str]:
    """The lines under the plan's title: whose it is and the date its status is as of."""
    plan = status.plan
    lines = [f"{plan.get_unit_kind_display()} of {plan.partnership.name}"]
    if plan.organisation is not None:
        lines.append(f"Organisation: {plan.organisation.name}")
    if plan.lead:
        lines.append(f"Lead: {plan.lead}")
    lines.append(f"Status as of {status.as_of:%-d %B %Y}")
    return lines


def business_plan_docx(status) -> bytes:
    """The plan document: purpose, the outcomes it serves, its indicators with the year's
    targets and how they stood, and its actions with their status on the date."""
    plan = status.plan
    document = Document()
    document.add_heading(writable(f"{plan.unit}: business plan {plan.financial_year}"), 0)
    for line in about_plan(status):
        document.add_paragraph(writable(line))
    if plan.purpose:
        document.add_heading("Purpose and priorities", 1)
        for paragraph in plan.purpose.splitlines():
            if paragraph.strip():
                document.add_paragraph(writable(paragraph.strip()))
    document.add_heading("Outcomes it serves", 1)
    for outcome in status.outcomes:
        text = writable(f"{outcome.code} {outcome.title}".strip())
        document.add_paragraph(text, style="List Bullet")
    if not status.outcomes:
        document.add_paragraph("None chosen yet.")
    document.add_heading("Indicators and targets", 1)
    if status.indicators:
        summary = ", ".join(f"{label}: {count}" for label, count in status.rag_counts)
        document.add_paragraph(summary)
        _table(document, INDICATOR_HEADINGS, [_indicator_cells(i) for i in status.indicators])
    else:
        document.add_paragraph("None chosen yet.")
    document.add_heading("Actions", 1)
    if status.actions:
        summary = ", ".join(f"{label}: {count}" for label, count in status.action_counts)
        document.add_paragraph(summary)
        _table(
            document,
            ACTION_HEADINGS,
            [
                [
                    f"{a.label} ({a.programme})",
                    a.due,
                    a.owners,
                    a.status,
                    a.rag or "No RAG",
                    a.progress,
                ]
                for a in status.actions
            ],
        )
    else:
        document.add_paragraph("None chosen yet.")
    for title in status.missing_actions:
        document.add_paragraph(writable(f"Not in its programme on that date: {title}"))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
