"""The highlight report page: choose a reporting date, read the report, download it."""

import io

import docx
import lxml.html
import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from commissioning.programmes.services import load_demo
from commissioning.programmes.tests.factories import (
    ActionFactory,
    ActionOwnerFactory,
    DeliverableFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    StageFactory,
)

pytestmark = pytest.mark.django_db

DEMO_SLUG = "intelligent-commissioning"
PROGRESS_HEADING = "Progress to Date – March 2008"


@pytest.fixture
def demo():
    return load_demo().programme


def report_url(slug: str, query: str = "") -> str:
    return reverse("programme-highlight-report", args=[slug]) + query


def download(client, url: str, run_worker):
    """The file ``url`` offers: at once, or once the worker has made it (PDFs)."""
    response = client.get(url)
    if response.status_code == 302:  # queued: the status page offers the file when ready
        run_worker()
        response = client.get(response.url + "file/")
    return response


def page(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.content.decode())


def test_anonymous_visitor_is_sent_to_sign_in(client):
    programme = ProgrammeFactory()

    response = client.get(report_url(programme.slug, "?as_of=2008-03-31"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in"))


def test_an_unknown_programme_is_not_found(signed_in_client):
    response = signed_in_client.get(report_url("no-such-programme"))

    assert response.status_code == 404


def test_without_a_date_the_page_asks_for_one(signed_in_client):
    programme = ProgrammeFactory(name="Strategic Commissioning")

    response = signed_in_client.get(report_url(programme.slug))

    assert response.status_code == 200
    html = page(response)
    assert html.xpath("string(//h1)").strip() == "Highlight report"
    assert html.xpath("//form[@method='get']//input[@name='as_of']")
    assert html.xpath("//label[@for='id_as_of']/text()")[0].strip() == "Reporting date"
    assert html.xpath("//input[@name='compare']")
    formats = html.xpath("//input[@type='radio'][@name='format']/@value")
    assert formats == ["html", "pdf", "docx", "xlsx"]
    assert not html.xpath("//div[contains(@class, 'govuk-error-summary')]")


def test_a_date_that_cannot_be_read_shows_the_error_summary(signed_in_client):
    programme = ProgrammeFactory()

    response = signed_in_client.get(report_url(programme.slug, "?as_of=soon&format=pdf"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = page(response)
    summary = html.xpath("string(//div[contains(@class, 'govuk-error-summary')])")
    assert "Enter a date, like 31 March 2008" in summary
    assert html.xpath("//input[@name='as_of']/@value") == ["soon"]
    assert html.xpath("string(//title)").startswith("Error: ")


def test_a_blank_date_asks_for_the_reporting_date(signed_in_client):
    programme = ProgrammeFactory()

    response = signed_in_client.get(report_url(programme.slug, "?as_of=&compare="))

    assert "Enter a reporting date, like 31 March 2008" in response.content.decode()


def test_the_compare_date_must_be_earlier(signed_in_client):
    programme = ProgrammeFactory()

    response = signed_in_client.get(
        report_url(programme.slug, "?as_of=31 March 2008&compare=30 April 2008")
    )

    assert "The date to compare with must be before the reporting date" in (
        response.content.decode()
    )


def test_the_report_shows_in_the_site_with_a_print_hint_and_downloads(signed_in_client, demo):
    response = signed_in_client.get(report_url(DEMO_SLUG, "?as_of=31/03/2008&format=html"))

    assert response.status_code == 200
    html = page(response)
    assert html.xpath("count(//h1)") == 1
    assert html.xpath("string(//h1)").strip() == (
        "Highlight report: Intelligent Commissioning Programme"
    )
    text = " ".join(html.text_content().split())
    assert "As of 31 March 2008" in text
    assert "1 March 2008 to 31 March 2008" in text
    assert "print" in text.lower()
    assert "Compare with an earlier date to see slipped items." in text
    downloads = {link.text: link.get("href") for link in html.xpath("//a[@class='govuk-link']")}
    for label, fmt in (("PDF", "pdf"), ("Word", "docx"), ("Excel", "xlsx")):
        assert f"format={fmt}" in downloads[label]
        assert "as_of=31%2F03%2F2008" in downloads[label]
    plan = html.xpath("//table[contains(@class, 'app-action-plan-table')]")[0]
    headings = [" ".join(th.text_content().split()) for th in plan.xpath(".//thead//th")]
    assert headings == [
        "Action",
        "Timescale",
        "Responsibility",
        PROGRESS_HEADING,
        "Status",
        "RAG",
    ]
    assert html.xpath("//svg[@role='img']")


def test_the_seed_plan_as_of_march_2008_shows_its_blue_and_red_actions(signed_in_client, demo):
    response = signed_in_client.get(report_url(DEMO_SLUG, "?as_of=2008-03-31"))

    html = page(response)
    plan = html.xpath("//table[contains(@class, 'app-action-plan-table')]")[0]
    rag = {}
    for row in plan.xpath(".//tbody/tr[count(td) = 6]"):
        cells = [" ".join(td.text_content().split()) for td in row.xpath("td")]
        rag[cells[0][:30]] = cells[5]
    assert rag["Finalise Understanding Adult P"] == "Blue"
    assert rag["Agree key strategic commission"] == "Blue"
    assert rag["Agree strategic leadership rol"] == "Red"
    overdue = " ".join(
        html.xpath("string(//h2[.='Overdue']/following-sibling::div[1]//table)").split()
    )
    assert "Agree strategic leadership roles" in overdue
    assert "Draft Section 31 to Board March As of March 2008" in overdue


def test_a_compare_date_says_what_slipped_since(signed_in_client, demo):
    response = signed_in_client.get(report_url(DEMO_SLUG, "?as_of=2008-03-31&compare=2008-02-29"))

    text = " ".join(page(response).text_content().split())
    assert "Compared with 29 February 2008" in text
    assert "Compare with an earlier date to see slipped items." not in text
    assert "Nothing slipped since 29 February 2008." in text  # the seed plan was read once


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("pdf", "application/pdf"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_each_format_downloads_as_an_attachment(
    signed_in_client, demo, fmt, content_type, task_worker
):
    response = download(
        signed_in_client, report_url(DEMO_SLUG, f"?as_of=31 March 2008&format={fmt}"), task_worker
    )

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="highlight-intelligent-commissioning-2008-03-31.{fmt}"'
    )


def test_the_pdf_download_reads_back(signed_in_client, demo, task_worker):
    response = download(
        signed_in_client, report_url(DEMO_SLUG, "?as_of=2008-03-31&format=pdf"), task_worker
    )

    pdf = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "Intelligent Commissioning Programme" in text
    assert PROGRESS_HEADING in text
    assert "Agree mutual definition of Commissioning" in text
    assert "Blue" in text and "Red" in text


def test_the_word_download_reads_back(signed_in_client, demo):
    response = signed_in_client.get(report_url(DEMO_SLUG, "?as_of=2008-03-31&format=docx"))

    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings[:2] == ["Summary", "Completed this period"]
    plan = document.tables[-1]
    assert [cell.text for cell in plan.rows[0].cells] == [
        "Action",
        "Timescale",
        "Responsibility",
        PROGRESS_HEADING,
        "Status",
        "RAG",
    ]
    finalise = next(row for row in plan.rows if row.cells[0].text.startswith("Finalise"))
    assert finalise.cells[5].text == "Blue"
    shading = finalise.cells[5]._tc.tcPr.find(docx.oxml.ns.qn("w:shd"))
    assert shading.get(docx.oxml.ns.qn("w:fill")) == "1D70B8"
    assert len(document.inline_shapes) >= 1


def test_the_excel_download_reads_back(signed_in_client, demo):
    response = signed_in_client.get(report_url(DEMO_SLUG, "?as_of=2008-03-31&format=xlsx"))

    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "Summary"
    assert workbook.sheetnames[-1] == "Actions"
    assert {"T1", "T2", "T3"} <= set(workbook.sheetnames)
    actions = workbook["Actions"]
    assert actions.freeze_panes == "A2"
    assert actions.auto_filter.ref.startswith("A1:H")
    assert actions["F1"].value == PROGRESS_HEADING
    assert actions["D2"].is_date
    rag = {row[1].value[:20]: row[7] for row in actions.iter_rows(min_row=2)}
    assert rag["Agree strategic lead"].value == "Red"
    assert rag["Agree strategic lead"].fill.fgColor.rgb == "00D4351C"


def test_queries_do_not_grow_with_the_programme(signed_in_client):
    programme = ProgrammeFactory()

    def add(count):
        stage = StageFactory(programme=programme)
        DeliverableFactory.create_batch(count, stage=stage)
        for action in ActionFactory.create_batch(count, programme=programme):
            ActionOwnerFactory.create_batch(2, action=action)
            ProgressUpdateFactory.create_batch(2, action=action)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = signed_in_client.get(report_url(programme.slug, "?as_of=2008-03-31"))
        assert response.status_code == 200
        return len(queries.captured_queries)

    add(3)
    few = count_queries()
    add(30)
    many = count_queries()

    assert many == few
