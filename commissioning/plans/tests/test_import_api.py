"""``POST /api/v1/imports/``: the same import the command line and the upload page run."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commissioning.programmes.models import Action, ImportRun, Programme, ProgressUpdate

# New programmes go into the installation's one partnership (plans/tests/conftest.py).
pytestmark = pytest.mark.usefixtures("home_partnership")


ACTION_PLAN = "commissioning-action-plan.txt"
URL = "/api/v1/imports/"


@pytest.fixture
def api(manager) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=manager).key}")
    return client


@pytest.fixture
def action_plan(seeds_dir) -> SimpleUploadedFile:
    path = seeds_dir / ACTION_PLAN
    return SimpleUploadedFile("action-plan.txt", path.read_bytes(), content_type="text/plain")


def test_anonymous_cannot_import(db, action_plan):
    response = APIClient().post(URL, {"file": action_plan}, format="multipart")

    assert response.status_code in {401, 403}
    assert not Programme.objects.exists()


def test_a_dry_run_returns_the_plan_and_writes_nothing(api, action_plan):
    response = api.post(
        URL,
        {"file": action_plan, "programme": "Intelligent Commissioning", "dry_run": "true"},
        format="multipart",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["programme"], body["dry_run"], body["run"]) == (
        "Intelligent Commissioning",
        True,
        None,
    )
    assert body["as_of"]["text"] == "March 2008"
    assert len(body["actions"]) == 9
    assert {"title", "timescale", "owners", "status", "line"} <= set(body["actions"][0])
    assert not Programme.objects.exists() and not ImportRun.objects.exists()


def test_an_import_writes_the_plan_and_records_the_run(api, action_plan, manager):
    response = api.post(
        URL, {"file": action_plan, "programme": "Intelligent Commissioning"}, format="multipart"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    run = ImportRun.objects.get()
    assert body["run"] == {"id": run.pk, "counts": run.counts, "warnings": run.warnings}
    assert (body["programme"], body["dry_run"]) == ("Intelligent Commissioning", False)
    assert (run.user, run.file_name) == (manager, "action-plan.txt")
    assert Programme.objects.get().name == "Intelligent Commissioning"
    assert Action.objects.count() == 9
    assert ProgressUpdate.objects.filter(as_of_text="March 2008").exists()


def test_an_unreadable_document_is_refused_naming_the_file(api):
    broken = SimpleUploadedFile("plan.xlsx", b"not a workbook")

    response = api.post(URL, {"file": broken}, format="multipart")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("plan.xlsx")
    assert not Programme.objects.exists()


def test_an_import_without_a_file_is_a_field_error(api):
    response = api.post(URL, {"programme": "Intelligent Commissioning"}, format="multipart")

    assert response.status_code == 400
    assert "file" in response.json()
