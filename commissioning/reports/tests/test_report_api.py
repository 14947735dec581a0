"""GET /api/v1/programmes/<slug>/report/: a programme as of a date, as JSON."""

from datetime import date

import pytest
from django.utils import timezone

from commissioning.programmes.services import load_demo
from commissioning.programmes.tests.factories import ActionFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def url(slug: str) -> str:
    return f"/api/v1/programmes/{slug}/report/"


def test_anonymous_is_refused(client):
    ProgrammeFactory(slug="p")

    assert client.get(url("p")).status_code in {401, 403}


def test_a_missing_programme_is_404(signed_in_client):
    assert signed_in_client.get(url("no-such")).status_code == 404


def test_the_seed_plan_as_of_march_2008(signed_in_client):
    programme = load_demo().programme

    response = signed_in_client.get(url(programme.slug), {"as_of": "2008-03-31"})

    assert response.status_code == 200
    report = response.json()
    assert report["as_of"] == "2008-03-31"
    assert report["overall_rag"] == "Red"
    blue = [item["title"] for item in report["items"] if item["rag"] == "Blue"]
    assert len(blue) == 2
    red = [item for item in report["items"] if item["rag"] == "Red"]
    assert red[0]["title"].startswith("Agree strategic leadership roles")
    assert red[0]["due"]["text"] == "February 2008"
    assert red[0]["progress"] == {"as_of": "March 2008", "text": "Draft Section 31 to Board March"}


def test_compare_dates_typed_as_people_write_them(signed_in_client):
    programme = ProgrammeFactory()
    ActionFactory(programme=programme)

    response = signed_in_client.get(
        url(programme.slug), {"as_of": "March 2008", "compare": "31/01/2008"}
    )

    assert response.status_code == 200
    assert response.json()["changes"]["since"] == "2008-01-31"
    assert response.json()["period"] == {"start": "2008-01-31", "end": "2008-03-31"}


def test_the_date_defaults_to_today(signed_in_client):
    programme = ProgrammeFactory()

    response = signed_in_client.get(url(programme.slug))

    assert response.json()["as_of"] == timezone.localdate().isoformat()


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"as_of": "someday"}, "as_of", "Enter a date, like 31 March 2008 or 31/03/2008"),
        ({"compare": "soon"}, "compare", "Enter a date, like 31 March 2008 or 31/03/2008"),
        (
            {"as_of": "2008-01-31", "compare": "2008-03-31"},
            "compare",
            "Enter a date before the reporting date",
        ),
    ],
)
def test_a_bad_date_is_a_400_naming_the_field(signed_in_client, query, field, message):
    programme = ProgrammeFactory()

    response = signed_in_client.get(url(programme.slug), query)

    assert response.status_code == 400
    assert response.json() == {field: [message]}


def test_a_far_future_date_is_answered(signed_in_client):
    programme = ProgrammeFactory()
    ActionFactory(programme=programme)

    response = signed_in_client.get(url(programme.slug), {"as_of": date.max.isoformat()})

    assert response.status_code == 200
