"""Ordinary documents that used to give a server error now read, or are refused in words."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commissioning.domain.plan import PlanError
from commissioning.plans.tests import hostile
from commissioning.programmes.models import Action
from commissioning.reading import read_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_partnership")]

ACTION_AND_TIMESCALE = {
    "plan.csv": b"Action,Timescale\nAgree the budget,April 2008\nPublish the strategy,TBC\n",
    "plan.txt": b"Action\tTimescale\nAgree the budget\tApril 2008\nPublish the strategy\tTBC\n",
    "plan.xlsx": hostile.workbook_bytes(
        [
            ["Action", "Timescale"],
            ["Agree the budget", "April 2008"],
            ["Publish the strategy", "TBC"],
        ]
    ),
}
NOTES_ABOVE = hostile.workbook_bytes(
    [
        ["Improvement plan 2017"],
        ["Notes:"],
        ["1. This plan is reviewed monthly."],
        ["2. Owners update their rows before each board."],
        [],
        ["Ref", "Action", "Timescale"],
        ["1.1", "Agree the budget", "April 2008"],
        ["1.2", "Publish the strategy", "May 2008"],
    ]
)


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.mark.parametrize("name", sorted(ACTION_AND_TIMESCALE))
def test_a_plan_with_only_action_and_timescale_columns_reads(name):
    plan = read_plan(ACTION_AND_TIMESCALE[name], name)

    assert [(a.title, a.timescale.text, a.owners) for a in plan.actions] == [
        ("Agree the budget", "April 2008", []),
        ("Publish the strategy", "TBC", []),
    ]


def test_a_plan_with_only_action_and_timescale_imports_from_the_command_line(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(ACTION_AND_TIMESCALE["plan.csv"])

    call_command("import", str(path), "--programme", "Plain", stdout=io.StringIO())

    assert Action.objects.count() == 2


def test_a_plan_with_only_action_and_timescale_goes_to_the_preview(signed_in_client):
    response = signed_in_client.post(
        reverse("import-upload"),
        {"document": SimpleUploadedFile("plan.xlsx", ACTION_AND_TIMESCALE["plan.xlsx"])},
    )

    assert response.status_code == 302
    assert signed_in_client.get(response.url).status_code == 200


def test_a_plan_with_only_action_and_timescale_imports_through_the_api(manager):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=manager).key}")

    response = client.post(
        "/api/v1/imports/",
        {"file": SimpleUploadedFile("plan.txt", ACTION_AND_TIMESCALE["plan.txt"])},
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    assert len(response.json()["actions"]) == 2


def test_notes_and_numbered_paragraphs_above_a_workbook_table_are_its_preamble():
    plan = read_plan(NOTES_ABOVE, "plan.xlsx")

    assert plan.title == "Improvement plan 2017"
    assert [(a.ref, a.title) for a in plan.actions] == [
        ("1.1", "Agree the budget"),
        ("1.2", "Publish the strategy"),
    ]


def test_deeply_nested_lists_are_refused_in_words_not_a_recursion_error():
    with pytest.raises(PlanError, match=r"^plan\.txt, line 2, column 1: lists nested more than"):
        read_plan(hostile.nested_lists_text(1_000), "plan.txt")


def test_lists_nested_within_the_limit_are_kept():
    plan = read_plan(hostile.nested_lists_text(5), "plan.txt")

    assert plan.actions[0].title == "step"


def test_a_csv_field_over_the_csv_modules_limit_is_refused_naming_the_line():
    data = b"Action,Timescale\n" + b'"' + b"x" * 200_000 + b'",April 2008\n'

    with pytest.raises(PlanError, match=r"^plan\.csv, line 2: cannot be read as CSV"):
        read_plan(data, "plan.csv")


def test_a_refused_document_on_the_command_line_is_status_2_without_a_traceback(tmp_path):
    path = tmp_path / "nested.txt"
    path.write_bytes(hostile.nested_lists_text(1_000))

    with pytest.raises(CommandError) as refused:
        call_command("import", str(path), stdout=io.StringIO())

    assert refused.value.returncode == 2
    assert str(refused.value).startswith("nested.txt, line 2, column 1:")


def test_a_word_table_with_a_tall_vertical_merge_reads_every_row():
    from docx import Document as WordDocument
    from docx.table import _Cell

    word = WordDocument()
    table = word.add_table(rows=1_200, cols=2)
    # Cells straight from the XML: python-docx's table.cell() lists every cell per call.
    grid = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    grid[0][0].text, grid[0][1].text = "Action", "Timescale"
    grid[1][1].text = "April 2008"
    for row in range(1, 1_200):
        grid[row][0].text = f"Action {row}"
        merge = "restart" if row == 1 else "continue"
        grid[row][1]._tc.get_or_add_tcPr().vMerge_val = merge
    out = io.BytesIO()
    word.save(out)

    plan = read_plan(out.getvalue(), "tall.docx")

    assert len(plan.actions) == 1_199
    assert {action.timescale.text for action in plan.actions} == {"April 2008"}
