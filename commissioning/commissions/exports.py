"""A round's prioritised list as Excel, Word and PDF, for a Cabinet paper: the rank, how stable it
is, the weighted total and each criterion's mean score, the evidence beside each commission (open
gaps, indicators' RAG and trend, total pot on its outcomes), and the criteria, weights and
panel it was scored on."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from commissioning.commissions.presenters import PrioritisedList
from commissioning.core.documents import writable
from commissioning.core.spreadsheets import neutralise, neutralise_row

BOLD = Font(bold=True)
FIXED = ("Rank", "Rank range", "Commission", "Stage", "Status", "Weighted total")
EVIDENCE = ("Open gaps", "Indicators (RAG, trend)", "Total pot on its outcomes")


def _evidence(row) -> list[str]:
    return [row.gaps_text, row.indicators_text, row.money_text]


def _headings(listing: PrioritisedList) -> list[str]:
    return [*FIXED, *(f"{name} ({weight})" for name, weight in listing.criteria), *EVIDENCE]


def _mean(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _about(listing: PrioritisedList) -> list[str]:
    return [
        f"{listing.partnership}. Scoring round held on {listing.held_on:%-d %B %Y}. "
        f"{listing.approval}.",
        f"Scored {listing.scale} by {', '.join(listing.panel) or 'no panel recorded'}. "
        "The weighted total is each criterion's mean score times its weight, over 100; the "
        "rank range is the best and worst rank when any one weight moves 10 points.",
    ]


def prioritised_xlsx(listing: PrioritisedList) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Prioritised list"
    sheet.append([neutralise(listing.title)])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in _about(listing):
        sheet.append([neutralise(line)])
    sheet.append([])
    sheet.append(neutralise_row(_headings(listing)))
    header = sheet.max_row
    for cell in sheet[header]:
        cell.font = BOLD
    for row in listing.rows:
        sheet.append(
            [
                row.item.rank,
                neutralise(row.item.rank_range),
                neutralise(row.title),
                row.stage,
                row.status,
                round(row.item.total, 2),
                *(_mean(mean) for mean in row.means),
                *neutralise_row(_evidence(row)),
            ]
        )
        sheet.cell(sheet.max_row, 6).number_format = "0.00"
    sheet.freeze_panes = sheet.cell(header + 1, 1)
    if listing.rows:
        sheet.auto_filter.ref = (
            f"A{header}:{sheet.cell(sheet.max_row, sheet.max_column).coordinate}"
        )
    sheet.column_dimensions["C"].width = 48
    for offset in range(len(EVIDENCE)):
        column = sheet.cell(header, sheet.max_column - offset).column_letter
        sheet.column_dimensions[column].width = 48
    for cells in sheet.iter_rows(min_row=header + 1):
        for cell in cells[-len(EVIDENCE) :]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    criteria = workbook.create_sheet("Criteria")
    criteria.append(["Criterion", "Weight"])
    for cell in criteria[1]:
        cell.font = BOLD
    for name, weight in listing.criteria:
        criteria.append([neutralise(name), weight])
    criteria.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def prioritised_docx(listing: PrioritisedList) -> bytes:
    document = Document()
    document.add_heading(writable(listing.title), 0)
    for line in _about(listing):
        document.add_paragraph(writable(line))
    document.add_heading("Commissions by rank", 1)
    headings = [*FIXED, *EVIDENCE]
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for index, heading in enumerate(headings):
        cell = table.rows[0].cells[index]
        cell.text = heading
        cell.paragraphs[0].runs[0].bold = True
    for row in listing.rows:
        values = [
            str(row.item.rank),
            row.item.rank_range,
            row.title,
            row.stage,
            row.status,
            row.total,
            *_evidence(row),
        ]
        cells = table.add_row().cells
        for index, value in enumerate(values):
            cells[index].text = writable(value)
            if index in (0, 5):
                cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _small(table)
    document.add_heading("Criteria and weights", 1)
    criteria = document.add_table(rows=1, cols=2)
    criteria.style = "Table Grid"
    for index, heading in enumerate(("Criterion", "Weight")):
        criteria.rows[0].cells[index].text = heading
        criteria.rows[0].cells[index].paragraphs[0].runs[0].bold = True
    for name, weight in listing.criteria:
        cells = criteria.add_row().cells
        cells[0].text, cells[1].text = writable(name), str(weight)
    _small(criteria)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _small(table) -> None:
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)


def prioritised_pdf(listing: PrioritisedList) -> bytes:
    """The list as a landscape A4 PDF: the ranked table (each criterion's mean score and the
    evidence beside each commission) and the criteria with their weights."""
    from weasyprint import HTML

    criteria = len(listing.criteria)
    rows = [
        [
            row.item.rank,
            row.item.rank_range,
            row.title,
            row.stage,
            row.status,
            row.total,
            *("" if mean is None else f"{mean:.2f}" for mean in row.means),
            *_evidence(row),
        ]
        for row in listing.rows
    ]
    html = render_to_string(
        "commissions/prioritised_document.html",
        {
            "listing": listing,
            "about": _about(listing),
            "headings": _headings(listing),
            "rows": rows,
            "numeric": {0, 5, *range(6, 6 + criteria)},
        },
    )
    return HTML(string=html).write_pdf()
