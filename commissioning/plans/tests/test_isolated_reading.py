"""The web pages read an upload in a child process held to a hard memory and time budget, so
that whatever a reader does with a file, the web worker is untouched and the person is told."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commissioning.domain.plan import PlanError
from commissioning.plans.tests import hostile
from commissioning.programmes.models import Programme
from commissioning.reading.isolated import read_isolated
from commissioning.reading.limits import ImportLimits

pytestmark = pytest.mark.django_db

PLAN = b"Action,Timescale\nBuild the new depot,March 2019\n"


@pytest.fixture(autouse=True)
def isolated(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.IMPORT_WEB_MEMORY_BYTES = 1024 * 1024 * 1024
    settings.IMPORT_WEB_SECONDS = 30


def test_a_child_reads_a_plan_and_says_why_it_cannot_read_another():
    document = read_isolated(
        PLAN, "plan.csv", limits=ImportLimits(), memory_bytes=1 << 30, seconds=30
    )
    assert document.blocks

    with pytest.raises(PlanError, match=r"^plan\.csv: file is empty$"):
        read_isolated(b"  ", "plan.csv", limits=ImportLimits(), memory_bytes=1 << 30, seconds=30)


def test_a_read_needing_more_memory_than_the_budget_is_refused_naming_the_file():
    # Within every limit, but more than the child may use: 40 MB of text under a 64 MB cap.
    data = b"Action,Timescale\n" + b"Build the new depot,March 2019\n" * 1_300_000
    limits = ImportLimits(upload_bytes=len(data) + 1, rows=2_000_000, cells=5_000_000)

    started = time.monotonic()
    with pytest.raises(PlanError, match=r"^plan\.csv: reading needed more than 64 MB"):
        read_isolated(data, "plan.csv", limits=limits, memory_bytes=64 << 20, seconds=30)
    assert time.monotonic() - started < 30


def test_the_upload_page_refuses_a_hostile_file_read_in_the_child(signed_in_client):
    data, message = hostile.whole_sheet_merged_xlsx(), "merged cells cover more than 200,000 cells"

    response = signed_in_client.post(
        reverse("import-upload"), {"document": SimpleUploadedFile("merged.xlsx", data)}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Programme.objects.exists()


def test_the_upload_page_refuses_a_read_over_the_memory_budget(settings, signed_in_client):
    settings.IMPORT_WEB_MEMORY_BYTES = 40 * 1024 * 1024  # less than Python needs to start

    response = signed_in_client.post(
        reverse("import-upload"), {"document": SimpleUploadedFile("plan.csv", PLAN)}
    )

    assert response.status_code == 400
    assert "plan.csv: reading needed more than 40 MB of memory" in response.content.decode()


def test_the_upload_page_reads_an_ordinary_plan_in_the_child(signed_in_client, home_partnership):
    response = signed_in_client.post(
        reverse("import-upload"), {"document": SimpleUploadedFile("plan.csv", PLAN)}
    )

    assert response.status_code == 302
    preview = signed_in_client.get(response.url)
    assert "Build the new depot" in preview.content.decode()
