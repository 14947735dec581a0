"""Board pack sections (``domain.document``) as HTML, PDF, Word and Excel.

One renderer per format walks the same blocks: headings, paragraphs, tables (figures
right-aligned; numbers as numbers in Excel) and figures (SVG in HTML and PDF; in Word and
Excel their text alternative, beside the table that always gives the same figures).
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from commissioning.core.documents import writable
from commissioning.core.spreadsheets import neutralise
from commissioning.domain.document import Figure, Heading, Paragraph, Section, Table

EXCEL_SHEET_NAME = 31  # the longest sheet name Excel accepts


def shown(value) -> str:
    """A value as text: figures with thousands separators, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _blocks(section: Section) -> list:
    """The section's blocks without a first heading that repeats its title."""
    blocks = list(section.blocks)
    if blocks and isinstance(blocks[0], Heading) and blocks[0].text == section.title:
        blocks = blocks[1:]
    return blocks


def html_sections(sections: list[Section]) -> list[dict]:
    """What the templates show of each section: kinds and texts, SVG marked safe."""
    shaped = []
    for section in sections:
        blocks = []
        for block in _blocks(section):
            if isinstance(block, Table):
                rows = [
                    [(shown(v), i in block.numeric) for i, v in enumerate(r)] for r in block.rows
                ]
                blocks.append({"kind": "table", "block": block, "rows": rows,
                               "numeric": sorted(block.numeric)})  # fmt: skip
            elif isinstance(block, Figure):
                # The apps build their SVG with every text escaped (their charts modules).
                blocks.append({"kind": "figure", "svg": mark_safe(block.svg), "alt": block.alt})  # noqa: S308
            else:
                kind = "heading" if isinstance(block, Heading) else "paragraph"
                blocks.append({"kind": kind, "text": block.text})
        shaped.append({"key": section.key, "title": section.title, "blocks": blocks})
    return shaped


def render_html(partnership, sections: list[Section], as_of) -> str:
    """The board pack as one standalone printable document (also the PDF's source)."""
    return render_to_string(
        "reports/board_pack_document.html",
        {"partnership": partnership, "sections": html_sections(sections), "as_of": as_of},
    )


def render_pdf(partnership, sections: list[Section], as_of) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(partnership, sections, as_of)).write_pdf()


def render_docx(partnership, sections: list[Section], as_of) -> bytes:
    document = Document()
    document.add_heading(writable(f"{partnership.name}: board pack"), 0)
    document.add_paragraph(f"As of {as_of:%-d %B %Y}")
    for section in sections:
        document.add_heading(writable(section.title), 1)
        for block in _blocks(section):
            if isinstance(block, Heading):
                document.add_heading(writable(block.text), 2)
            elif isinstance(block, Paragraph):
                document.add_paragraph(writable(block.text))
            elif isinstance(block, Figure):
                paragraph = document.add_paragraph()
                run = paragraph.add_run(writable(f"Figure: {block.alt}"))
                run.italic = True
            elif isinstance(block, Table):
                _docx_table(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_table(document, block: Table) -> None:
    caption = document.add_paragraph(writable(block.caption))
    caption.runs[0].bold = True
    table = document.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    for index, heading in enumerate(block.columns):
        cell = table.rows[0].cells[index]
        cell.text = writable(heading)
        cell.paragraphs[0].runs[0].bold = True
    for values in block.rows:
        cells = table.add_row().cells
        for index, value in enumerate(values):
            cells[index].text = writable(shown(value))
            if index in block.numeric:
                cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)


def _sheet_title(title: str, used: set[str]) -> str:
    name = "".join(c for c in title if c not in "[]:*?/\\")[:EXCEL_SHEET_NAME] or "Section"
    base, number = name, 2
    while name in used:
        suffix = f" {number}"
        name = base[: EXCEL_SHEET_NAME - len(suffix)] + suffix
        number += 1
    used.add(name)
    return name


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    return neutralise(value) if isinstance(value, str) else value


def render_xlsx(partnership, sections: list[Section], as_of) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    used: set[str] = set()
    for section in sections:
        sheet = workbook.create_sheet(_sheet_title(section.title, used))
        sheet.append([neutralise(f"{partnership.name}: {section.title}, as of {as_of:%-d %B %Y}")])
        sheet["A1"].font = Font(bold=True, size=14)
        for block in _blocks(section):
            sheet.append([])
            if isinstance(block, Table):
                sheet.append([neutralise(block.caption)])
                sheet.cell(sheet.max_row, 1).font = bold
                sheet.append([neutralise(c) for c in block.columns])
                for column in range(1, len(block.columns) + 1):
                    sheet.cell(sheet.max_row, column).font = bold
                for values in block.rows:
                    sheet.append([_cell(v) for v in values])
            elif isinstance(block, Figure):
                sheet.append([neutralise(f"Figure: {block.alt}")])
            else:
                sheet.append([neutralise(block.text)])
                if isinstance(block, Heading):
                    sheet.cell(sheet.max_row, 1).font = bold
        sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


RENDERERS = {
    "html": (render_html, "text/html; charset=utf-8"),
    "pdf": (render_pdf, "application/pdf"),
    "docx": (
        render_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (render_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
