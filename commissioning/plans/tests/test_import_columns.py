"""``commissioning import --columns``: a person's reading of the columns, and the report of
how sure the importer is of each column."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commissioning.programmes.models import Action

TRACKER = """Thing,Whose,When it lands,Colour
Build the new depot,Estates,March 2019,Amber
Close the old depot,Estates,June 2019,Green
"""


def run_import(*args: str) -> str:
    out = io.StringIO()
    call_command("import", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_dry_run_json_reports_each_columns_meaning_and_why(tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text("Action,Lead officer,Date due\nBuild the depot,Head of Estates,March 2019\n")
    payload = json.loads(run_import(str(path), "--dry-run", "--format", "json"))
    [table] = payload["tables"]
    assert table["header_row"] == 1
    assert [c["meaning"] for c in table["columns"]] == ["title", "owners", "timescale"]
    assert table["columns"][2]["why"].startswith("header matches")
    assert 0 < table["columns"][2]["confidence"] <= 1


@pytest.mark.django_db
@pytest.mark.usefixtures("home_partnership")
def test_columns_option_reads_a_tracker_the_importer_does_not_know(tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER)
    guessed = run_import(str(path), "--dry-run")
    assert "unsure: check the columns" in guessed
    assert "Whose: ignored" in guessed  # "Estates" alone is not known as an owner
    out = run_import(
        str(path),
        "--programme",
        "Depots",
        "--columns",
        "title=Thing,owners=Whose,timescale=When it lands,rag=Colour",
    )
    assert "Thing: title (100 %: chosen by a person)" in out
    titles = sorted(Action.objects.values_list("title", "rag"))
    assert titles == [("Build the new depot", "Amber"), ("Close the old depot", "Green")]
    assert "Whose: owners (100 %: chosen by a person)" in out
    assert not Action.objects.filter(owners__isnull=True).exists()


@pytest.mark.django_db
def test_a_bad_columns_option_exits_2_and_writes_nothing(tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER)
    with pytest.raises(CommandError, match="'colour' is not a column meaning") as raised:
        run_import(str(path), "--columns", "colour=Colour")
    assert raised.value.returncode == 2
    assert not Action.objects.exists()


@pytest.mark.django_db
def test_the_api_takes_the_same_column_choice(manager):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(manager)
    document = SimpleUploadedFile("tracker.csv", TRACKER.encode())
    response = client.post(
        "/api/v1/imports/",
        {"file": document, "dry_run": "true", "columns": "owners=Whose,title=Thing"},
        format="multipart",
    )
    assert response.status_code in (200, 201), response.content
    columns = {c["header"]: c for c in response.json()["tables"][0]["columns"]}
    assert columns["Whose"]["meaning"] == "owners"
    assert columns["Whose"]["why"] == "chosen by a person"
    bad = client.post(
        "/api/v1/imports/",
        {"file": SimpleUploadedFile("t.csv", TRACKER.encode()), "columns": "x=Thing"},
        format="multipart",
    )
    assert bad.status_code == 400 and "'x' is not a column meaning" in bad.json()["detail"]
