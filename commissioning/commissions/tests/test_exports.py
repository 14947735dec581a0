"""The prioritised list as Excel and Word, read back."""

import io

import pdfplumber
import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from commissioning.commissions import services

pytestmark = pytest.mark.django_db


def _url(partnership, cycle, fmt):
    return reverse(
        "commissions-prioritised-export", args=[partnership.home.slug, cycle.round.pk, fmt]
    )


def test_the_excel_workbook_has_the_ranked_list_with_means_and_criteria(client, cycle, partnership):
    client.force_login(cycle.user)
    response = client.get(_url(partnership, cycle, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="prioritised-round-1.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Prioritised list"]
    rows = [row for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Prioritised list of commissions: Round 1"
    header = rows.index(
        (
            "Rank",
            "Rank range",
            "Commission",
            "Stage",
            "Status",
            "Weighted total",
            "Need (60)",
            "Evidence (40)",
            "Open gaps",
            "Indicators (RAG, trend)",
            "Total pot on its outcomes",
        )
    )
    first, second = rows[header + 1], rows[header + 2]
    # Stop smoking: need (5+4+5)/3, evidence (4+4+3)/3 → 0.6 × 4.67 + 0.4 × 3.67 = 4.27
    assert first[:3] == (1, "1", "Stop smoking service")
    assert first[5] == pytest.approx(4.27) and first[6] == pytest.approx(4.67)
    assert first[8] == "Few quit smoking (High)"
    assert second[2] == "Street safety" and second[0] == 2 and second[8] == "None"
    assert first[9:] == ("none recorded", "none recorded")  # no indicator or pot line yet
    assert len(rows) == header + 3
    criteria = [row for row in workbook["Criteria"].iter_rows(values_only=True)]
    assert criteria == [("Criterion", "Weight"), ("Need", 60), ("Evidence", 40)]


def test_a_title_that_looks_like_a_formula_is_written_as_text(client, cycle, partnership):
    services.edit_commission(commission=cycle.safety, user=cycle.user, title="=HYPERLINK(1)")
    client.force_login(cycle.user)
    workbook = load_workbook(io.BytesIO(client.get(_url(partnership, cycle, "xlsx")).content))
    titles = [row[2] for row in workbook["Prioritised list"].iter_rows(values_only=True)]
    assert "'=HYPERLINK(1)" in titles


def test_the_word_document_has_the_ranked_list_and_the_weights(client, cycle, partnership):
    client.force_login(cycle.user)
    response = client.get(_url(partnership, cycle, "docx"))
    assert response.status_code == 200
    assert 'filename="prioritised-round-1.docx"' in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Prioritised list of commissions: Round 1" in text
    assert "Not yet approved" in text and "held on 1 February 2026" in text
    ranked, criteria = document.tables
    cells = [[cell.text for cell in row.cells] for row in ranked.rows]
    assert cells[0][:3] == ["Rank", "Rank range", "Commission"]
    assert cells[1][:3] == ["1", "1", "Stop smoking service"] and cells[1][5] == "4.27"
    assert cells[2][2] == "Street safety"
    assert [[cell.text for cell in row.cells] for row in criteria.rows] == [
        ["Criterion", "Weight"],
        ["Need", "60"],
        ["Evidence", "40"],
    ]


def test_exports_for_members_only_and_of_known_formats(
    client, cycle, partnership, outsider, viewer
):
    client.force_login(outsider)
    assert client.get(_url(partnership, cycle, "xlsx")).status_code == 404
    client.force_login(viewer)
    assert client.get(_url(partnership, cycle, "docx")).status_code == 200
    assert client.get(_url(partnership, cycle, "pdf")).status_code == 200
    assert client.get(_url(partnership, cycle, "odt")).status_code == 404
    page = client.get(
        reverse("commissions-prioritised", args=[partnership.home.slug, cycle.round.pk])
    )
    assert _url(partnership, cycle, "docx") in page.content.decode()


def test_the_pdf_has_the_ranked_list_the_evidence_and_the_weights(client, cycle, partnership):
    client.force_login(cycle.user)
    response = client.get(_url(partnership, cycle, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="prioritised-round-1.pdf"' in response["Content-Disposition"]
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Prioritised list of commissions: Round 1" in text
    assert text.index("Stop smoking") < text.index("Street safety")
    assert {"4.27", "Few", "quit", "smoking", "(High)"} <= set(text.split())  # cells wrap
    assert "Total pot on its" in text and "none recorded" in text
    assert "Need" in text and "60" in text


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "pdf"])
def test_an_export_costs_the_same_queries_however_many_commissions(
    client, cycle, partnership, fmt, django_assert_max_num_queries
):
    client.force_login(cycle.user)
    with django_assert_max_num_queries(20) as few:
        client.get(_url(partnership, cycle, fmt))
    for number in range(12):
        made = services.create_commission(
            partnership=partnership.home, user=cycle.user, title=f"More {number}"
        )
        for member in cycle.panel:
            services.record_score(
                scoring_round=cycle.round,
                user=cycle.user,
                commission=made,
                criterion=cycle.need,
                member=member,
                value=3,
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_url(partnership, cycle, fmt))
    assert response.status_code == 200
