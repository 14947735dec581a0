"""Readers for text, CSV, Excel and Word: cells, where they came from, and bad input."""

import io
import zipfile
from datetime import date, datetime

import docx
import pytest
from openpyxl import Workbook

from commissioning.domain.plan import PlanError, Scope, Status
from commissioning.reading import read_plan
from commissioning.reading.readers import Paragraph, Table, parse_cell_html, read_document

HEADER = ["Action", "Timescale", "Responsibility", "Progress"]


def first_table(document) -> Table:
    return document.tables[0]


# --- text -------------------------------------------------------------------------------


def test_html_list_in_a_cell_keeps_its_nesting():
    text, items = parse_cell_html(
        "<ul><li>One</li><li>Two:  <ul><li>Two a</li><li>Two &amp; b</li></ul></li></ul>"
    )
    assert [item.text for item in items] == ["One", "Two:"]
    assert [child.text for child in items[1].children] == ["Two a", "Two & b"]
    assert text.splitlines() == ["One", "Two:", "Two a", "Two & b"]


def test_text_headings_paragraphs_and_table_lines():
    data = "## **Plan**\n\nIntro text\nsecond line\n\nAction\tTimescale\nDo it\tMay 2008\n"
    document = read_document(data.encode(), "plan.md")
    heading, paragraph, table = document.blocks
    assert (heading.text, heading.level, heading.line) == ("Plan", 2, 1)
    assert (paragraph.text, paragraph.level, paragraph.line) == ("Intro text second line", 0, 3)
    assert [row.line for row in table.rows] == [6, 7]
    assert table.rows[1].cells[1].location == "line 7, column 2"


def test_text_lines_without_tabs_continue_the_cell_above():
    data = (
        b"Action\tLead\tTimescale\n"
        b"Write the plan\tJane Smith\n"
        b"(Policy)\tMay 2008\n"
        b"2. Communications\n"
        b"Agree it\tTeam\n"
        b"Partners\n"
        b"June 2008\n"
    )
    document = read_document(data, "plan.txt")
    rows = first_table(document).rows
    assert [row.line for row in rows] == [1, 2, 4, 5]
    assert rows[1].text(1) == "Jane Smith (Policy)"
    assert [cell.text for cell in rows[2].cells] == ["2. Communications"]
    assert rows[3].text(1) == "Team\nPartners\nJune 2008"
    assert [w.line for w in document.warnings] == [2, 5]


# --- CSV --------------------------------------------------------------------------------

CSV_TEXT = (
    "Action,Timescale,Responsibility,Progress\r\n"
    "Agree £5m budget – revised ‘soon’,April 2008,Commissioning Teams,Completed\r\n"
)


@pytest.mark.parametrize(
    "data",
    [
        CSV_TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + CSV_TEXT.encode("utf-8"),
        CSV_TEXT.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "cp1252"],
)
def test_csv_encodings(tmp_path, data):
    path = tmp_path / "plan.csv"
    path.write_bytes(data)
    document = read_document(path.read_bytes(), path.name)
    rows = first_table(document).rows
    assert [cell.text for cell in rows[0].cells] == HEADER
    assert rows[1].cells[0].text == "Agree £5m budget – revised ‘soon’"
    assert rows[1].cells[0].location == "line 2, column 1"
    plan = read_plan(data, "plan.csv")
    assert plan.actions[0].status == Status.COMPLETE
    assert plan.actions[0].line == 2


def test_csv_semicolons_and_quoted_multi_line_cells():
    data = (
        b"Action;Timescale;Responsibility;Progress\n"
        b'"Agree the plan, then\npublish it";May 2008;Commissioning Teams;'
        b'"Draft done\nout for comment"\n'
        b"\n"
        b"Next action;June 2008;Commissioning Teams;\n"
    )
    document = read_document(data, "plan.csv")
    rows = first_table(document).rows
    assert [row.line for row in rows] == [1, 2, 6]
    assert rows[1].cells[0].text == "Agree the plan, then\npublish it"
    plan = read_plan(data, "plan.csv")
    assert [a.line for a in plan.actions] == [2, 6]
    assert plan.actions[1].progress is None


# --- Excel ------------------------------------------------------------------------------


def action_workbook(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet["A1"] = "Commissioning Action Plan"
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "Position as at 31 March 2010"
    sheet.append([])
    sheet.append(["Ref", "Action", "Timescale", "Responsibility", "Progress"])
    sheet.merge_cells("E4:F4")
    sheet.append([None, None, None, None, "Update", "RAG"])
    sheet["A6"] = "AUDIT COMMISSION RECOMMENDATIONS"
    sheet.merge_cells("A6:F6")
    sheet.append(
        [
            "R1",
            "Agree the strategy",
            datetime(2010, 6, 1),
            "Commissioning Teams",
            "Work under way",
            "Amber",
        ]
    )
    sheet.append(["Ref", "Action", "Timescale", "Responsibility", "Progress"])
    sheet.append(
        ["R2", "Publish the framework", "Q3 2010/11", "Commissioning Teams", "Completed", "g"]
    )
    path = tmp_path / "plan.xlsx"
    book.save(path)
    return path


def test_xlsx_cells_locations_merges_and_dates(tmp_path):
    path = action_workbook(tmp_path)
    document = read_document(path.read_bytes(), path.name)
    rows = first_table(document).rows
    assert [row.line for row in rows] == [1, 2, 4, 5, 6, 7, 8, 9]
    assert rows[0].cells[0].location == "Plan!A1"
    assert rows[0].cells[1].merged and rows[0].cells[1].text == "Commissioning Action Plan"
    header = rows[2]
    assert (header.cells[5].text, header.cells[5].merged) == ("Progress", True)
    assert rows[5].cells[2].text == "01 June 2010"
    assert rows[5].cells[2].location == "Plan!C7"


def test_xlsx_reads_into_a_plan(tmp_path):
    path = action_workbook(tmp_path)
    plan = read_plan(path.read_bytes(), path.name)
    assert plan.title == "Commissioning Action Plan"
    assert plan.as_of.start == date(2010, 3, 31)
    assert [a.ref for a in plan.actions] == ["R1", "R2"]
    first, second = plan.actions
    assert first.section == "AUDIT COMMISSION RECOMMENDATIONS"
    assert first.timescale.start == date(2010, 6, 1)
    assert (first.rag, first.status, first.status_suggested) == ("Amber", Status.IN_PROGRESS, True)
    assert (first.line, second.line) == (7, 9)
    assert (second.rag, second.status) == ("Green", Status.COMPLETE)
    assert second.timescale.end == date(2010, 12, 31)


# --- Word -------------------------------------------------------------------------------


def fill(cells, texts: list[str]) -> None:
    for cell, text in zip(cells, texts, strict=True):
        cell.text = text


def word_document(tmp_path):
    document = docx.Document()
    document.add_heading("Transition Plan", level=1)
    document.add_paragraph("Milestones agreed by Cabinet.")
    milestones = document.add_table(rows=2, cols=3)
    fill(milestones.rows[0].cells, ["Milestone", "Internal", "External"])
    stage, internal, external = milestones.rows[1].cells
    stage.text = "Stage 1 (T1) 01 June 2010 Plans ready"
    internal.paragraphs[0].text = "Cabinet agreement"
    internal.paragraphs[0].style = document.styles["List Bullet"]
    internal.add_paragraph("Structure decided:", style="List Bullet")
    internal.add_paragraph("Board", style="List Bullet 2")
    nested = internal.add_paragraph("Units", style="List Bullet")
    num_pr = nested._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 1
    num_pr.get_or_add_numId().val = 1
    external.text = "Partners engaged"
    actions = document.add_table(rows=3, cols=3)
    fill(actions.rows[0].cells, ["Action", "Timescale", "Responsibility"])
    merged = actions.cell(1, 0).merge(actions.cell(1, 2))
    merged.text = "SECTION TWO"
    fill(actions.rows[2].cells, ["Publish", "July 2010", "Commissioning Teams"])
    path = tmp_path / "plan.docx"
    document.save(path)
    return path


def test_docx_blocks_cells_and_merges(tmp_path):
    path = word_document(tmp_path)
    document = read_document(path.read_bytes(), path.name)
    heading, paragraph = document.blocks[:2]
    assert isinstance(heading, Paragraph) and heading.level == 1
    assert paragraph.text == "Milestones agreed by Cabinet."
    second = document.tables[1]
    section = second.rows[1]
    assert [cell.merged for cell in section.cells] == [False, True, True]
    assert len(section.own_cells()) == 1
    assert section.cells[0].location == "table 2, row 2, cell 1"
    cell = document.tables[0].rows[1].cells[1]
    assert [item.text for item in cell.items] == ["Cabinet agreement", "Structure decided:"]
    assert [child.text for child in cell.items[1].children] == ["Board", "Units"]


def test_docx_reads_into_a_plan(tmp_path):
    path = word_document(tmp_path)
    plan = read_plan(path.read_bytes(), path.name)
    assert plan.title == "Transition Plan"
    [stage] = plan.stages
    assert (stage.code, stage.title, stage.due.end) == ("T1", "Plans ready", date(2010, 6, 1))
    internal = [d for d in stage.deliverables if d.scope == Scope.INTERNAL]
    assert [d.text for d in internal] == ["Cabinet agreement", "Structure decided:"]
    assert len(internal[1].children) == 2
    assert [d.text for d in stage.deliverables if d.scope == Scope.EXTERNAL] == ["Partners engaged"]
    [action] = plan.actions
    assert (action.title, action.section, action.line) == ("Publish", "SECTION TWO", 3)
    assert action.status == Status.UNKNOWN and not action.status_suggested


# --- bad input --------------------------------------------------------------------------


def junk_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("junk.txt", "not a document")
    return buffer.getvalue()


def test_empty_file():
    with pytest.raises(PlanError, match=r"^plan\.txt: file is empty$"):
        read_plan(b"", "plan.txt")


def test_binary_junk_in_a_text_file():
    with pytest.raises(PlanError) as raised:
        read_plan(b"Action\tTimescale\n\x00\x01\x02junk", "plan.txt")
    assert str(raised.value) == "plan.txt, offset 17: not a text file: byte 0x00 at offset 17"


def test_truncated_workbook(tmp_path):
    data = action_workbook(tmp_path).read_bytes()
    with pytest.raises(PlanError, match=r"^plan\.xlsx: not a valid Excel workbook"):
        read_plan(data[: len(data) // 2], "plan.xlsx")


def test_word_document_that_is_a_zip_of_junk():
    with pytest.raises(PlanError, match=r"^plan\.docx: not a valid Word document"):
        read_plan(junk_zip(), "plan.docx")


def test_text_with_no_table():
    with pytest.raises(PlanError) as raised:
        read_plan(b"Just some prose about commissioning.\n", "notes.txt")
    assert str(raised.value) == "notes.txt: no recognisable action-plan or milestone table"


def test_unknown_extension_is_sniffed(tmp_path):
    data = word_document(tmp_path).read_bytes()
    assert read_plan(data, "upload.bin").title == "Transition Plan"
