"""The import preview: a table the importer is unsure of gets a choice per column, read
again at once and remembered for that header layout."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commissioning.plans.models import ColumnLayout
from commissioning.programmes.models import Action, ImportRun

pytestmark = pytest.mark.django_db

TRACKER = b"""Thing,Whose,When it lands,Colour
Build the new depot,Estates,March 2019,Amber
Close the old depot,Estates,June 2019,Green
Sell the old site,Estates,December 2019,Red
"""


@pytest.fixture(autouse=True)
def installation(home_partnership):
    """Column choices are remembered in the partnership the import goes into."""
    return home_partnership


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def upload(client) -> str:
    document = SimpleUploadedFile("tracker.csv", TRACKER)
    response = client.post(
        reverse("import-upload"), {"document": document, "programme_name": "Depots"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response.url


def column_fields(page: str) -> dict[str, str]:
    """Each column select's name, by its label."""
    import re

    found = {}
    for name, label in re.findall(
        r'<label for="id_(table-\d+-column-\d+)"[^>]*>\s*(.*?)\s*</label>', page
    ):
        found[label] = name
    return found


def test_an_unsure_table_offers_a_choice_per_column_and_remembers_it(client, manager):
    client.force_login(manager)
    preview = upload(client)
    page = client.get(preview).content.decode()
    assert "Check what the columns hold" in page
    fields = column_fields(page)
    assert set(fields) == {"Thing", "Whose", "When it lands", "Colour"}
    choice = {
        fields["Thing"]: "title",
        fields["Whose"]: "owners",
        fields["When it lands"]: "timescale",
        fields["Colour"]: "rag",
    }
    response = client.post(preview, {"action": "columns", **choice})
    assert response.status_code == 302 and response.url == preview
    assert not Action.objects.exists() and not ImportRun.objects.exists()
    [layout] = ColumnLayout.objects.all()
    assert layout.layout == "Thing | Whose | When it lands | Colour"
    assert layout.choices["Whose"] == "owners" and layout.updated_by == manager
    assert layout.partnership.slug == "home"
    again = client.get(preview).content.decode()
    assert "Check what the columns hold" not in again  # now read as the person said
    assert "Estates" in again
    # Next month's version of the same tracker is read the same way without asking.
    page = client.get(upload(client)).content.decode()
    assert "Check what the columns hold" not in page


def test_a_bad_column_choice_is_an_error_on_the_page(client, manager):
    client.force_login(manager)
    preview = upload(client)
    fields = column_fields(client.get(preview).content.decode())
    response = client.post(preview, {"action": "columns", fields["Thing"]: "colour"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not ColumnLayout.objects.exists()
