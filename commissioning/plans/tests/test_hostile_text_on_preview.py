"""Text read from an uploaded plan is shown as text on the preview, never run as markup."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAYLOAD = "<img src=x onerror=alert(1)>"


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def test_an_owner_named_like_markup_is_escaped_in_the_mapping_label(signed_in_client):
    plan = f"Action,Timescale,Responsibility\nAgree the budget,April 2008,{PAYLOAD}\n".encode()
    response = signed_in_client.post(
        reverse("import-upload"),
        {"document": SimpleUploadedFile("plan.csv", plan)},
    )
    assert response.status_code == 302

    preview = signed_in_client.get(response.url)

    content = preview.content.decode()
    assert preview.status_code == 200
    assert PAYLOAD not in content
    assert "Map ‘&lt;img src=x onerror=alert(1)&gt;’ to" in content
