"""The highlight report as a Word document a board paper can take.

Headings 1 and 2, real tables ("Table Grid") whose header row repeats on each page, RAG
cells shaded and worded, the timeline as a picture and the action plan on landscape pages.
Table rows are written as WordprocessingML in bulk: a 20,000-action plan takes seconds,
where adding cells one by one through python-docx would take minutes.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm, Pt, RGBColor
from PIL import Image

from commissioning.core.documents import writable
from commissioning.reports.presenters import (
    NO_COMPARE,
    HighlightReport,
    ItemRow,
    RagStyle,
    highlight_report,
)
from commissioning.reports.report import Report
from commissioning.reports.timeline import timeline_png

PORTRAIT_WIDTH_MM = 174  # A4 less 18 mm margins
LANDSCAPE_WIDTH_MM = 261
TWIPS_PER_MM = 56.6929
HEADER_FILL = "F3F2F1"
ROWS_PER_PARSE = 2000
KEEP_WHOLE_ROWS = 15  # a table this short is kept on one page when it fits


@dataclass(frozen=True)
class Cell:
    """A table cell: its text, and a RAG style to shade it with."""

    text: str
    rag: RagStyle | None = None
    bold: bool = False


def _twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def _runs(text: str, rpr: str) -> str:
    """Runs for ``text``; line breaks in it become Word line breaks."""
    lines = writable(text).split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
    return f"<w:r>{rpr}{body}</w:r>"


def _cell_xml(cell: Cell, width: int, span: int = 1, keep_next: bool = False) -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    rpr = ""
    if cell.rag is not None:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{cell.rag.fill_hex}"/>'
        rpr = f'<w:rPr><w:b/><w:color w:val="{cell.rag.text_hex}"/></w:rPr>'
    elif cell.bold:
        rpr = "<w:rPr><w:b/></w:rPr>"
    ppr = "<w:pPr><w:keepNext/></w:pPr>" if keep_next else ""
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{ppr}{_runs(cell.text, rpr)}</w:p></w:tc>"


def _row_xml(cells: Sequence[Cell], widths: Sequence[int], keep_next: bool = False) -> str:
    """A row that never splits across pages; ``keep_next`` keeps it on the next row's page."""
    if len(cells) == 1 and len(widths) > 1:  # a heading across the whole table
        return (
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            f"{_cell_xml(cells[0], sum(widths), span=len(widths), keep_next=True)}</w:tr>"
        )
    body = "".join(
        _cell_xml(cell, width, keep_next=keep_next)
        for cell, width in zip(cells, widths, strict=True)
    )
    return f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{body}</w:tr>"


def _keeps_with_next(index: int, count: int) -> bool:
    """Whether row ``index`` of ``count`` stays on the page of the row after it.

    A short table is kept whole; in a long one the last row is kept with the one before,
    so no table ends with a single row spilled onto a page of its own.
    """
    if index >= count - 1:
        return False
    return count <= KEEP_WHOLE_ROWS or index == count - 2


def add_table(
    document,
    headings: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    widths_mm: Sequence[float],
    *,
    label: str,
):
    """A "Table Grid" table with a shaded header row that repeats on every page."""
    widths = [_twips(mm) for mm in widths_mm]
    table = document.add_table(rows=0, cols=len(headings))
    table.style = "Table Grid"
    table.autofit = False
    tbl = table._tbl
    tbl.tblPr.append(parse_xml(f'<w:tblCaption {nsdecls("w")} w:val="{escape(label)}"/>'))
    for grid_col, width in zip(tbl.tblGrid.findall(_w("gridCol")), widths, strict=True):
        grid_col.set(_w("w"), str(width))
    header = "".join(
        _cell_xml(Cell(text, bold=True), width, keep_next=True).replace(
            "<w:tcPr>", f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/>', 1
        )
        for text, width in zip(headings, widths, strict=True)
    )
    chunk = [f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>"]
    rows = list(rows)
    for index, row in enumerate(rows):
        chunk.append(_row_xml(row, widths, keep_next=_keeps_with_next(index, len(rows))))
        if len(chunk) >= ROWS_PER_PARSE:
            _append_rows(tbl, chunk)
            chunk = []
    _append_rows(tbl, chunk)
    return table


def _w(tag: str) -> str:
    return f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{tag}"


def _append_rows(tbl, rows_xml: list[str]) -> None:
    if not rows_xml:
        return
    parsed = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows_xml)}</w:tbl>")
    for tr in list(parsed):
        tbl.append(tr)


def rag_cell(style: RagStyle) -> Cell:
    return Cell(style.word, rag=style)


# --- the document ---


def _set_up(document, highlight: HighlightReport) -> None:
    document.core_properties.title = f"{highlight.title}, {highlight.as_of}"
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    for name, size in (("Heading 1", 18), ("Heading 2", 14), ("Heading 3", 11)):
        style = document.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))


def _item_table(document, rows: list[ItemRow], *, label: str, progress: bool) -> None:
    headings = ["Item", "Timescale", "Responsibility", "Latest progress" if progress else "Status"]
    body = (
        [
            Cell(f"{row.kind}: {row.label}"),
            Cell(row.due),
            Cell(row.owners),
            Cell(
                (f"As of {row.progress_as_of}: {row.progress}" if row.progress else "None")
                if progress
                else row.status
            ),
            rag_cell(row.rag),
        ]
        for row in rows
    )
    add_table(document, [*headings, "RAG"], body, [58, 24, 34, 40, 18], label=label)


def _summary(document, highlight: HighlightReport) -> None:
    rows = [
        [Cell("Period covered", bold=True), Cell(highlight.period)],
        [Cell("Overall RAG", bold=True), rag_cell(highlight.overall_rag)],
    ]
    if highlight.compared_with:
        rows.append([Cell("Compared with", bold=True), Cell(highlight.compared_with)])
    as_of = highlight.as_of[:1].upper() + highlight.as_of[1:]  # "As of 31 March 2008"
    add_table(document, ["Report", as_of], rows, [50, 124], label="Report")
    document.add_heading("Summary", level=2)
    status_rows = [[Cell(row.label), Cell(str(row.count))] for row in highlight.status_counts]
    status_rows.append([Cell("Total", bold=True), Cell(str(highlight.item_count), bold=True)])
    add_table(document, ["Status", "Items"], status_rows, [60, 25], label="Items by status")
    document.add_paragraph()
    rag_rows = [[rag_cell(row.rag), Cell(str(row.count))] for row in highlight.rag_counts]
    add_table(document, ["RAG", "Items"], rag_rows, [60, 25], label="Items by RAG")


def _lists(document, highlight: HighlightReport) -> None:
    document.add_heading("Completed this period", level=2)
    if highlight.completed:
        _item_table(document, highlight.completed, label="Completed this period", progress=True)
    else:
        document.add_paragraph("Nothing was completed in this period.")
    document.add_heading("Due next period", level=2)
    document.add_paragraph(f"Not yet complete and due {highlight.next_period}.")
    if highlight.due_next:
        _item_table(document, highlight.due_next, label="Due next period", progress=False)
    document.add_heading("Overdue", level=2)
    if highlight.overdue:
        _item_table(document, highlight.overdue, label="Overdue", progress=True)
    else:
        document.add_paragraph("Nothing is overdue.")
    document.add_heading("Slipped", level=2)
    if highlight.slipped is None:
        document.add_paragraph(NO_COMPARE)
    elif not highlight.slipped:
        document.add_paragraph(f"Nothing slipped since {highlight.compared_with}.")
    else:
        document.add_paragraph(f"Due dates moved later since {highlight.compared_with}.")
        rows = (
            [
                Cell(f"{slip.row.kind}: {slip.row.label}"),
                Cell(slip.was),
                Cell(slip.now),
                Cell(slip.moved),
                rag_cell(slip.row.rag),
            ]
            for slip in highlight.slipped
        )
        headings = ["Item", "Was due", "Now due", "Moved", "RAG"]
        add_table(document, headings, rows, [70, 28, 28, 30, 18], label="Slipped")


def _stages(document, highlight: HighlightReport) -> None:
    document.add_heading("Stages", level=2)
    if not highlight.stages:
        document.add_paragraph("This programme has no stages.")
        return
    rows = (
        [
            Cell(stage.code),
            Cell(stage.title),
            Cell(stage.due),
            rag_cell(stage.rag),
            Cell(stage.deliverables),
        ]
        for stage in highlight.stages
    )
    headings = ["Code", "Stage", "Due", "RAG", "Deliverables complete"]
    add_table(document, headings, rows, [16, 72, 34, 22, 30], label="Stages")


def _timeline(document, report: Report) -> None:
    document.add_heading("Timeline", level=2)
    png = timeline_png(report)
    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    width_mm = PORTRAIT_WIDTH_MM
    if width_mm * height / width > 220:  # keep a tall chart on one page
        width_mm = 220 * width / height
    document.add_picture(io.BytesIO(png), width=Mm(width_mm))


def _action_plan(document, highlight: HighlightReport) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    document.add_heading("Action plan", level=2)
    if not highlight.actions:
        document.add_paragraph("This programme has no actions.")
        return

    def rows():
        for row in highlight.actions:
            if row.section:
                yield [Cell(row.section, bold=True)]
            yield [
                Cell(row.action),
                Cell(row.timescale),
                Cell(row.responsibility),
                Cell(row.progress),
                Cell(row.status),
                rag_cell(row.rag),
            ]

    add_table(
        document,
        highlight.action_headings,
        rows(),
        [82, 26, 40, 67, 26, 20],
        label="Action plan",
    )


def render_docx(report: Report) -> bytes:
    """The highlight report as .docx bytes."""
    highlight = highlight_report(report)
    document = Document()
    _set_up(document, highlight)
    document.add_heading(highlight.title, level=1)
    _summary(document, highlight)
    _lists(document, highlight)
    _stages(document, highlight)
    _timeline(document, report)
    _action_plan(document, highlight)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
