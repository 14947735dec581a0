"""Reports print well: reopened, the Word, Excel and PDF files have the properties that
make them read well on paper (capital "As of", repeated headers, rows kept together,
landscape one page wide, no page left mostly empty before the stages)."""

import io
from datetime import date

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from commissioning.programmes.services import load_demo
from commissioning.reports.asof import build_report
from commissioning.reports.renderers import render
from commissioning.reports.renderers.docx import KEEP_WHOLE_ROWS, _keeps_with_next

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    programme = load_demo().programme
    return build_report(programme=programme, as_of=date(2008, 3, 31), compare=date(2008, 1, 31))


def keeps_next(row) -> bool:
    return all(
        paragraph._p.pPr is not None and paragraph._p.pPr.find(qn("w:keepNext")) is not None
        for cell in row.cells
        for paragraph in cell.paragraphs
    )


def test_word_says_as_of_with_a_capital_month(report):
    document = docx.Document(io.BytesIO(render(report, "docx").content))

    assert document.tables[0].rows[0].cells[1].text == "As of 31 March 2008"


def test_word_tables_repeat_their_header_and_keep_rows_together(report):
    document = docx.Document(io.BytesIO(render(report, "docx").content))

    for table in document.tables:
        rows = table.rows
        header = rows[0]._tr.trPr
        assert header.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)
        assert keeps_next(rows[0])  # a header is never left alone at the foot of a page
        if len(rows) > 2:
            assert keeps_next(rows[-2])  # the last row never spills onto a page alone
        assert not keeps_next(rows[-1])


@pytest.mark.parametrize(
    ("count", "kept"),
    [
        (1, []),
        (3, [0, 1]),
        (KEEP_WHOLE_ROWS, list(range(KEEP_WHOLE_ROWS - 1))),
        (KEEP_WHOLE_ROWS + 5, [KEEP_WHOLE_ROWS + 3]),
    ],
)
def test_short_tables_are_kept_whole_and_long_ones_keep_their_last_two_rows(count, kept):
    assert [index for index in range(count) if _keeps_with_next(index, count)] == kept


def test_excel_prints_landscape_one_page_wide_with_the_header_on_every_page(report):
    workbook = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx").content))

    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"


def test_pdf_runs_on_into_the_stages_rather_than_leaving_a_page_empty(report):
    pages = [
        page.extract_text() for page in PdfReader(io.BytesIO(render(report, "pdf").content)).pages
    ]

    (stages_page,) = [number for number, text in enumerate(pages) if "\nStages\n" in f"\n{text}"]
    assert "Slipped" in pages[stages_page]  # the section before it shares the page
    assert len(pages) == 3
