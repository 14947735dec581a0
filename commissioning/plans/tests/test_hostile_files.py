"""No upload can exhaust the server: hostile files are refused, naming the file and the limit.

Each file is built here. The command line refuses it with exit status 2, the upload page and
the API with a 400 and the message; nothing is stored. A subprocess under a hard cap on its
address space shows the refusal needs no more memory than reading a small plan.
"""

import io
import os
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commissioning.domain.plan import PlanError
from commissioning.plans.tests import hostile
from commissioning.plans.tests.test_import_command import snapshot
from commissioning.programmes.models import ImportRun, Programme
from commissioning.reading.limits import ImportLimits, check_zip
from commissioning.reading.readers import read_document

REPOSITORY = Path(__file__).resolve().parents[3]
MERGED = "merged cells cover more than 200,000 cells"
UNZIPPED = "the package unzips to more than 50 MB"
TOO_BIG = "files to import must be 10 MB or smaller"
NESTED = "lists nested more than 20 deep"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


@pytest.fixture(scope="module")
def bomb_docx() -> bytes:
    return hostile.zip_bomb_docx(100)


@pytest.fixture(scope="module")
def big_text(tmp_path_factory) -> Path:
    return hostile.write_big_text(tmp_path_factory.mktemp("big") / "big.txt", 50)


@pytest.fixture(scope="module")
def hostile_files(bomb_docx, big_text) -> dict[str, tuple[bytes, str]]:
    """Each hostile document, with what its refusal must say."""
    return {
        "merged.xlsx": (hostile.whole_sheet_merged_xlsx(), MERGED),
        "bomb.docx": (bomb_docx, UNZIPPED),
        "big.txt": (big_text.read_bytes(), TOO_BIG),
        "nested.txt": (hostile.nested_lists_text(1_000), NESTED),
    }


@pytest.fixture
def api(manager) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=manager).key}")
    return client


# --- The files are what they claim to be -------------------------------------------------


def test_the_hostile_files_are_small_to_send_and_huge_to_read(bomb_docx):
    merged = hostile.whole_sheet_merged_xlsx()
    assert len(merged) < 10_000
    assert len(bomb_docx) < 1_000_000
    with pytest.raises(PlanError, match="unzips to more than"):
        check_zip(bomb_docx, source="bomb.docx", limits=ImportLimits())
    # With room enough for its size, the ratio still gives it away.
    roomy = ImportLimits(unzipped_bytes=10**9)
    with pytest.raises(PlanError, match=r"compressed \d+ to 1"):
        check_zip(bomb_docx, source="bomb.docx", limits=roomy)


# --- Command line: exit status 2, the database untouched ---------------------------------


@pytest.mark.parametrize("name", ["merged.xlsx", "bomb.docx", "big.txt", "nested.txt"])
def test_the_command_refuses_each_hostile_file_with_status_2(name, hostile_files, tmp_path):
    data, message = hostile_files[name]
    path = tmp_path / name
    path.write_bytes(data)
    before = snapshot()

    with pytest.raises(CommandError) as refused:
        call_command("import", str(path), stdout=io.StringIO())

    assert refused.value.returncode == 2
    assert str(refused.value).startswith(f"{name}")
    assert message in str(refused.value)
    assert snapshot() == before


def test_the_command_refuses_a_big_file_for_a_user_who_may_not_import_without_reading_it(
    partnership, viewer, big_text, monkeypatch
):
    def never(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", never)

    with pytest.raises(CommandError) as refused:
        call_command("import", str(big_text), "--user", viewer.username, stdout=io.StringIO())

    assert refused.value.returncode == 3


# --- Upload page and API: 400 with the message, nothing stored ----------------------------


@pytest.mark.parametrize("name", ["merged.xlsx", "bomb.docx", "big.txt", "nested.txt"])
def test_the_upload_page_refuses_each_hostile_file_with_400(
    name, hostile_files, signed_in_client, var_dir
):
    data, message = hostile_files[name]

    response = signed_in_client.post(
        reverse("import-upload"), {"document": SimpleUploadedFile(name, data)}
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert message in content
    assert not (var_dir / "uploads").exists() or not any((var_dir / "uploads").iterdir())
    assert not Programme.objects.exists()


@pytest.mark.parametrize("name", ["merged.xlsx", "bomb.docx", "big.txt", "nested.txt"])
@pytest.mark.parametrize("dry_run", ["true", "false"])
def test_the_api_refuses_each_hostile_file_with_400(name, dry_run, hostile_files, api):
    data, message = hostile_files[name]

    response = api.post(
        "/api/v1/imports/",
        {"file": SimpleUploadedFile(name, data), "dry_run": dry_run},
        format="multipart",
    )

    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not Programme.objects.exists()
    assert not ImportRun.objects.exists()


def test_the_api_and_the_page_share_one_size_limit(settings, api, signed_in_client):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "UPLOAD_BYTES": 1_000}
    data = b"Action,Timescale\n" + b"Agree the budget,April 2008\n" * 60

    page = signed_in_client.post(
        reverse("import-upload"), {"document": SimpleUploadedFile("plan.csv", data)}
    )
    answer = api.post(
        "/api/v1/imports/", {"file": SimpleUploadedFile("plan.csv", data)}, format="multipart"
    )

    expected = "plan.csv: the file is 1.66 KB; files to import must be 1000 bytes or smaller"
    assert page.status_code == answer.status_code == 400
    assert expected in page.content.decode()
    assert answer.json()["detail"] == expected


def test_a_user_who_may_not_import_is_refused_by_the_api_before_the_upload_is_read(
    partnership, viewer, monkeypatch
):
    from rest_framework.request import Request

    def never(self):
        raise AssertionError("the upload was parsed")

    monkeypatch.setattr(Request, "_parse", never)
    client = APIClient()
    client.force_authenticate(viewer)

    response = client.post(
        "/api/v1/imports/",
        {"file": SimpleUploadedFile("plan.csv", b"Action\nx\n")},
        format="multipart",
    )

    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Only programme managers and site administrators import plans"
    )


def test_a_user_who_may_not_import_is_refused_by_the_page_before_the_upload_is_read(
    partnership, viewer, client, monkeypatch
):
    from commissioning.plans import views

    monkeypatch.setattr(views, "UploadForm", None)  # the form, and so the upload, is never made
    client.force_login(viewer)

    response = client.post(
        reverse("import-upload"), {"document": SimpleUploadedFile("plan.csv", b"Action\nx\n")}
    )

    assert response.status_code == 403


# --- JSON bodies ---------------------------------------------------------------------------


def test_a_json_body_of_100000_brackets_is_a_400_not_a_server_error(partnership, api):
    action = partnership.council_action

    response = api.post(
        "/api/v1/progress-updates/", hostile.deep_json(100_000), content_type="application/json"
    )
    patched = api.patch(
        f"/api/v1/actions/{action.pk}/", hostile.deep_json(100_000), content_type="application/json"
    )

    for answer in (response, patched):
        assert answer.status_code == 400, answer.content[:200]
        assert "nested too deeply" in answer.json()["detail"]


def test_a_json_body_to_the_import_endpoint_is_refused_without_a_server_error(api):
    response = api.post(
        "/api/v1/imports/", hostile.deep_json(100_000), content_type="application/json"
    )

    assert response.status_code in {400, 415}
    assert "detail" in response.json()


# --- Limits are one setting ----------------------------------------------------------------


def test_the_settings_hold_the_same_defaults_the_readers_use(settings):
    if any(name.startswith("IMPORT_") for name in os.environ):
        pytest.skip("import limits are set in the environment")
    assert ImportLimits.from_setting(settings.IMPORT_LIMITS) == ImportLimits()


def test_an_unknown_limit_in_the_setting_is_an_error():
    with pytest.raises(ValueError, match="unknown limit 'ROWZ'"):
        ImportLimits.from_setting({"ROWZ": 5})


@pytest.mark.parametrize(
    ("limits", "data", "name", "message"),
    [
        ({"ROWS": 3}, b"Action\n" + b"a\n" * 5, "plan.csv", "plan.csv, line 4: more than 3 rows"),
        ({"COLUMNS": 3}, b"Action,b,c,d\nx,1,2,3\n", "plan.csv", "line 1: 4 columns; at most 3"),
        ({"CELLS": 5}, b"Action,b\n" * 4, "plan.csv", "line 3: more than 5 cells"),
        ({"LIST_DEPTH": 2}, hostile.nested_lists_text(3), "plan.txt", "nested more than 2 deep"),
        ({"ZIP_ENTRIES": 3}, None, "plan.xlsx", "holds 9 files; at most 3"),
    ],
)
def test_each_limit_is_read_from_the_setting(settings, limits, data, name, message):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, **limits}
    if data is None:
        data = hostile.workbook_bytes([["Action", "Timescale"], ["Agree", "April 2008"]])

    path = Path(settings.VAR_DIR) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)

    with pytest.raises(CommandError) as refused:
        call_command("import", str(path), "--dry-run", stdout=io.StringIO())

    assert refused.value.returncode == 2
    assert message in str(refused.value)


def test_reading_stops_at_the_deadline_naming_where():
    ticks = iter(range(10**9))

    def clock() -> float:
        return float(next(ticks))  # one second passes each time the clock is read

    from commissioning.reading.limits import ReadingBudget
    from commissioning.reading.readers import delimited

    budget = ReadingBudget("slow.csv", ImportLimits(seconds=100), clock=clock)
    data = b"Action,Timescale\n" + b"Agree the budget,April 2008\n" * 100_000

    late = r"^slow\.csv, line \d+: reading took longer than 100 seconds"
    with pytest.raises(PlanError, match=late):
        delimited.read_delimited(data, "slow.csv", budget=budget)


def test_a_document_within_every_limit_still_reads():
    data = hostile.workbook_bytes(
        [["Action", "Timescale", "Responsibility"], ["Agree the budget", "April 2008", "Sue"]]
    )

    document = read_document(data, "plan.xlsx")

    assert [cell.text for cell in document.tables[0].rows[1].cells] == [
        "Agree the budget",
        "April 2008",
        "Sue",
    ]


# --- Memory stays bounded ----------------------------------------------------------------

# Enough for Django and the readers to start and refuse; far less than any of these files
# takes to read without the limits (1.5 GB and more).
ADDRESS_SPACE = 600 * 1024 * 1024
UNDER_A_CAP = textwrap.dedent(
    """
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
    from commissioning.cli import main
    for path in sys.argv[1:]:
        try:
            main(["import", path, "--dry-run"])
            print(path, 0, flush=True)
        except SystemExit as stop:
            print(path, stop.code, flush=True)
    """
)


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_AS"), reason="needs RLIMIT_AS")
def test_the_command_refuses_every_hostile_file_within_a_fixed_address_space(
    hostile_files, tmp_path
):
    paths = []
    for name, (data, _message) in hostile_files.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(str(path))
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("IMPORT_") and key != "DATABASE_URL"
    }
    env["COMMISSIONING_VAR_DIR"] = str(tmp_path / "var")

    result = subprocess.run(
        [sys.executable, "-c", UNDER_A_CAP.format(cap=ADDRESS_SPACE), *paths],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    codes = dict(line.rsplit(" ", 1) for line in result.stdout.splitlines())
    assert codes == {path: "2" for path in paths}, result.stderr[-2000:]
    for name, (_data, message) in hostile_files.items():
        assert f"{name}" in result.stderr
        assert message in result.stderr, result.stderr[-2000:]
    assert "MemoryError" not in result.stderr
    assert "Traceback" not in result.stderr


def test_the_upload_page_refuses_an_oversized_request_before_parsing_its_body(
    manager, big_text, monkeypatch
):
    from django.http import HttpRequest
    from django.test import Client

    def never(self):
        raise AssertionError("the body was parsed")

    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    monkeypatch.setattr(HttpRequest, "_load_post_and_files", never)

    with big_text.open("rb") as document:
        response = client.post(reverse("import-upload"), {"document": document})

    assert response.status_code == 400
    assert "The upload is 50 MB; files to import must be 10 MB or smaller" in (
        response.content.decode()
    )


def test_the_upload_page_still_checks_the_csrf_token(manager):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)

    response = client.post(
        reverse("import-upload"), {"document": SimpleUploadedFile("plan.csv", b"Action\nx\n")}
    )

    assert response.status_code == 403
    assert not Programme.objects.exists()
