"""The highlight report in every format, from Reports built by hand, opened again and read."""

import io
import json
import re
from datetime import date

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from pypdf import PdfReader

from commissioning.domain.rag import RAG_ORDER
from commissioning.domain.timescales import parse_timescale
from commissioning.reports.presenters import highlight_report, rag_style
from commissioning.reports.renderers import CONTENT_TYPES, render
from commissioning.reports.renderers.html import STATIC
from commissioning.reports.report import (
    Changes,
    ProgressAsOf,
    Report,
    ReportItem,
    Slip,
)

ACTION_PLAN_HEADINGS = [
    "Action",
    "Timescale",
    "Responsibility",
    "Progress to Date – March 2008",
    "Status",
    "RAG",
]

AS_OF = date(2008, 3, 31)


def item(kind, id, title, timescale, status, rag, **extra) -> ReportItem:
    due = parse_timescale(timescale) if timescale is not None else None
    return ReportItem(kind, id, extra.pop("ref", None), title, due, status, False, rag, **extra)


def progress(as_of: str, end: date, text: str) -> ProgressAsOf:
    return ProgressAsOf(as_of=as_of, as_of_end=end, text=text)


MARCH = ("March 2008", date(2008, 3, 31))
FEBRUARY = ("February 2008", date(2008, 2, 29))


def sample_report(*, compare: bool = False, actions: list[ReportItem] | None = None) -> Report:
    """A small programme as of 31 March 2008, shaped like the customer's action plan."""
    stages = [
        item(
            "stage",
            1,
            "Plans and proposed structures ready",
            "01 June 2010",
            "in_progress",
            "Green",
            ref="T1",
        ),
        item(
            "stage",
            2,
            "New structures in place",
            "End November 2010",
            "not_started",
            "Amber/Green",
            ref="T2",
        ),
    ]
    deliverables = [
        item(
            "deliverable",
            11,
            "Political agreement (from Cabinet) to proceed",
            None,
            "complete",
            "Blue",
            stage="T1",
            scope="internal",
        ),
        item(
            "deliverable",
            12,
            "A draft commissioning framework produced",
            None,
            "in_progress",
            "Green",
            stage="T1",
            scope="internal",
        ),
        item(
            "deliverable",
            13,
            "Public Service Board agrees the IC approach",
            None,
            "not_started",
            "Green",
            stage="T2",
            scope="external",
        ),
    ]
    if actions is None:
        actions = [
            item(
                "action",
                21,
                "Finalise Understanding Adult Partnership Report",
                "April 2008",
                "complete",
                "Blue",
                owners=("John Bennett", "Sue Lightup"),
                progress=progress(*MARCH, "Completed"),
            ),
            item(
                "action",
                22,
                "Agree strategic leadership roles for commissioning care streams",
                "February 2008",
                "in_progress",
                "Red",
                owners=("John Bennett",),
                progress=progress(*FEBRUARY, "Draft Section 31 to Board March"),
            ),
            item(
                "action",
                23,
                "Agree mutual definition of Commissioning",
                "May 2008",
                "in_progress",
                "Green",
                owners=("Dwayne Johnson",),
                progress=progress(*MARCH, "Discussions under way"),
            ),
            item(
                "action",
                24,
                "Board away day",
                "14 April 2008",
                "not_started",
                "Amber",
                owners=("Commissioning Teams",),
            ),
            item(
                "action",
                25,
                "Keep partners informed",
                "Ongoing",
                "in_progress",
                "Green",
                owners=("Commissioning Teams",),
            ),
        ]
    changes = None
    if compare:
        changes = Changes(
            since=date(2008, 1, 31),
            completed=[actions[0]],
            overdue=[actions[1]],
            slipped=[Slip(actions[2], parse_timescale("March 2008"), actions[2].due, 61)],
        )
    return Report(
        programme="Intelligent Commissioning Programme",
        slug="intelligent-commissioning",
        as_of=AS_OF,
        period_start=date(2008, 2, 29),
        next_period_end=date(2008, 4, 30),
        progress_heading="Progress to Date – March 2008",
        stages=stages,
        deliverables=deliverables,
        actions=actions,
        overall_rag="Amber",
        changes=changes,
    )


# --- the content every format shares ---


def test_completed_this_period_comes_from_progress_in_the_period_without_a_compare():
    highlight = highlight_report(sample_report())

    assert [row.label for row in highlight.completed] == [
        "Finalise Understanding Adult Partnership Report"
    ]
    assert highlight.slipped is None


def test_completed_this_period_comes_from_the_compare_when_there_is_one():
    report = sample_report(compare=True)
    report.changes.completed = [report.deliverables[0]]

    highlight = highlight_report(report)

    assert [row.label for row in highlight.completed] == [
        "Political agreement (from Cabinet) to proceed"
    ]


def test_due_next_period_and_overdue_leave_out_finished_items():
    highlight = highlight_report(sample_report())

    assert [row.label for row in highlight.due_next] == ["Board away day"]
    assert [row.label for row in highlight.overdue] == [
        "Agree strategic leadership roles for commissioning care streams"
    ]
    assert highlight.overdue[0].progress_as_of == "February 2008"
    assert highlight.period == "1 March 2008 to 31 March 2008"
    assert highlight.next_period == "1 April 2008 to 30 April 2008"


def test_stages_count_their_complete_deliverables():
    highlight = highlight_report(sample_report())

    assert [(row.code, row.deliverables, row.rag.word) for row in highlight.stages] == [
        ("T1", "1 of 2", "Green"),
        ("T2", "0 of 1", "Amber/Green"),
    ]


def test_the_action_plan_has_the_customers_columns():
    highlight = highlight_report(sample_report())

    assert highlight.action_headings == ACTION_PLAN_HEADINGS


def test_rag_colours_are_the_agreed_ones_with_readable_text():
    assert [(rag_style(word).fill, rag_style(word).text) for word in RAG_ORDER] == [
        ("#d4351c", "#ffffff"),
        ("#e4562a", "#0b0c0c"),
        ("#f47738", "#0b0c0c"),
        ("#85994b", "#0b0c0c"),
        ("#00703c", "#ffffff"),
        ("#1d70b8", "#ffffff"),
    ]
    assert rag_style(None).word == "No RAG"


def test_the_page_stylesheet_uses_the_same_rag_colours():
    css = (STATIC / "highlight.css").read_text()

    for word in RAG_ORDER:
        style = rag_style(word)
        assert (
            f".{style.css_class} {{ background-color: {style.fill}; color: {style.text}; }}" in css
        )


# --- each format, opened again ---


def test_every_format_has_its_content_type_and_filename():
    report = sample_report()

    for fmt, content_type in CONTENT_TYPES.items():
        rendered = render(report, fmt)
        assert rendered.content_type == content_type
        assert rendered.filename == f"highlight-intelligent-commissioning-2008-03-31.{fmt}"
        assert rendered.content


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="Unknown report format"):
        render(sample_report(), "odt")


def test_json_is_the_reports_own_shape():
    data = json.loads(render(sample_report(compare=True), "json").content)

    assert data["programme"] == "Intelligent Commissioning Programme"
    assert data["as_of"] == "2008-03-31"
    assert data["counts"]["rag"]["Blue"] == 2
    assert data["changes"]["slipped"][0]["days"] == 61


def test_html_is_a_standalone_printable_document():
    html = render(sample_report(compare=True), "html").content.decode()

    assert html.startswith("<!DOCTYPE html>")
    assert "<h1" in html and "Highlight report: Intelligent Commissioning Programme" in html
    assert "As of 31 March 2008" in html
    assert "1 March 2008 to 31 March 2008" in html
    assert "size: A4" in html and "<link" not in html  # styles travel with the file
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
    assert '<strong class="app-rag app-rag--red">Red</strong>' in html
    assert "61 days later" in html
    headings = re.findall(r'<th scope="col" class="govuk-table__header">([^<]*)</th>', html)
    assert headings[-6:] == ACTION_PLAN_HEADINGS


def test_html_says_how_to_see_slipped_items_without_a_compare():
    html = render(sample_report(), "html").content.decode()

    assert "Compare with an earlier date to see slipped items." in html


def test_html_escapes_what_people_wrote():
    report = sample_report(
        actions=[item("action", 1, "<script>alert(1)</script>", "May 2008", "in_progress", "Red")]
    )

    html = render(report, "html").content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_pdf_text_has_the_programme_the_progress_heading_an_action_and_a_rag():
    pdf = PdfReader(io.BytesIO(render(sample_report(), "pdf").content))

    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "Intelligent Commissioning Programme" in text
    assert "Progress to Date – March 2008" in text
    assert "Agree mutual definition of Commissioning" in text
    assert "Amber/Green" in text
    assert len(pdf.pages) >= 2  # the action plan starts a landscape page
    landscape = [page for page in pdf.pages if page.mediabox.width > page.mediabox.height]
    assert landscape


def test_docx_has_headings_tables_shaded_rag_cells_and_the_timeline():
    document = docx.Document(io.BytesIO(render(sample_report(compare=True), "docx").content))

    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[0] == ("Heading 1", "Highlight report: Intelligent Commissioning Programme")
    assert ("Heading 2", "Overdue") in headings
    assert ("Heading 2", "Action plan") in headings
    plan = document.tables[-1]
    assert plan.style.name == "Table Grid"
    assert [cell.text for cell in plan.rows[0].cells] == ACTION_PLAN_HEADINGS
    assert plan.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on each page
    red = plan.rows[2].cells[5]
    assert plan.rows[2].cells[0].text.startswith("Agree strategic leadership roles")
    assert red.text == "Red"
    assert red._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == "D4351C"
    assert len(document.inline_shapes) >= 1
    assert document.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    assert document.sections[0].orientation == WD_ORIENT.PORTRAIT


def test_docx_puts_section_headings_across_the_plan():
    actions = [
        item("action", 1, "First", "May 2008", "in_progress", "Green", section="Governance"),
        item("action", 2, "Second", "May 2008", "in_progress", "Green", section="Governance"),
        item("action", 3, "Third", "June 2008", "in_progress", "Green", section="Learning"),
    ]

    document = docx.Document(io.BytesIO(render(sample_report(actions=actions), "docx").content))

    first_cells = [row.cells[0].text for row in document.tables[-1].rows]
    assert first_cells == ["Action", "Governance", "First", "Second", "Learning", "Third"]


def test_xlsx_has_a_summary_a_sheet_per_stage_and_the_actions():
    workbook = openpyxl.load_workbook(io.BytesIO(render(sample_report(), "xlsx").content))

    assert workbook.sheetnames == ["Summary", "T1", "T2", "Actions"]
    for sheet in workbook:
        assert sheet.freeze_panes == "A2"
    summary = workbook["Summary"]
    values = {row[0].value: row[1] for row in summary.iter_rows(min_row=2)}
    assert values["Programme"].value == "Intelligent Commissioning Programme"
    assert values["As of"].value.date() == AS_OF
    assert values["Overall RAG"].value == "Amber"
    assert values["Overall RAG"].fill.fgColor.rgb == "00F47738"
    t1 = workbook["T1"]
    assert [cell.value for cell in t1[1]][:6] == [
        "Stage",
        "Deliverable",
        "Scope",
        "Due",
        "Status",
        "RAG",
    ]
    assert t1.auto_filter.ref == "A1:G3"
    assert t1["B2"].value == "Political agreement (from Cabinet) to proceed"
    assert t1["C2"].value == "Internal"
    actions = workbook["Actions"]
    assert [cell.value for cell in actions[1]] == [
        "Ref",
        "Action",
        "Timescale",
        "Due",
        "Responsibility",
        "Progress to Date – March 2008",
        "Status",
        "RAG",
    ]
    assert actions.auto_filter.ref == "A1:H6"
    assert actions["B3"].value == "Agree strategic leadership roles for commissioning care streams"
    assert actions["D3"].is_date and actions["D3"].value.date() == date(2008, 2, 29)
    assert actions["H3"].value == "Red"
    assert actions["H3"].fill.fgColor.rgb == "00D4351C"
    assert actions.column_dimensions["B"].width >= 40


def test_xlsx_keeps_formulas_out_of_what_people_wrote():
    actions = [item("action", 1, '=HYPERLINK("x")', "May 2008", "in_progress", "Green")]

    workbook = openpyxl.load_workbook(
        io.BytesIO(render(sample_report(actions=actions), "xlsx").content)
    )

    assert workbook["Actions"]["B2"].data_type == "s"
    assert workbook["Actions"]["B2"].value == '\'=HYPERLINK("x")'


def test_pdf_of_a_larger_programme_has_every_action_title():
    actions = [
        item(
            "action",
            100 + n,
            f"Publish commissioning element {n}",
            "May 2008",
            "in_progress",
            "Green",
            owners=("Commissioning Teams",),
        )  # fmt: skip
        for n in range(1, 301)
    ]
    pdf = PdfReader(io.BytesIO(render(sample_report(actions=actions), "pdf").content))

    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    missing = [n for n in range(1, 301) if f"Publish commissioning element {n} " not in text + " "]
    assert missing == []
