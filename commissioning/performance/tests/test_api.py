"""The indicators API: read by members of the partnership; values posted all or nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commissioning.partnership.models import PartnershipRole
from commissioning.performance.models import Indicator, IndicatorValue
from commissioning.programmes.tests.factories import OrganisationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator():
    lead = OrganisationFactory(name="Hovewell Council")
    partnership = PartnershipFactory(slug="hovewell", lead_organisation=lead)
    indicator = Indicator.objects.create(
        partnership=partnership, code="NI 8", title="Sport", owner_organisation=lead
    )
    IndicatorValue.objects.create(indicator=indicator, period="2009/10", actual=Decimal(22))
    return indicator


def member(django_user_model, indicator, role, name):
    user = django_user_model.objects.create_user(name)
    PartnershipRole.objects.create(user=user, partnership=indicator.partnership, role=role)
    return user


def test_members_read_indicators_with_their_values_and_others_see_none(
    client, indicator, django_user_model, django_assert_max_num_queries
):
    client.force_login(member(django_user_model, indicator, "viewer", "viewer"))
    with django_assert_max_num_queries(8):
        listed = client.get("/api/v1/indicators/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [(row["code"], row["values"][0]["period"]) for row in rows] == [("NI 8", "2009/10")]

    client.force_login(django_user_model.objects.create_user("stranger"))
    rows = client.get("/api/v1/indicators/").json()
    assert (rows["results"] if isinstance(rows, dict) else rows) == []
    assert client.get(f"/api/v1/indicators/{indicator.pk}/").status_code == 404


def test_values_are_posted_all_or_nothing_with_each_problem_named(
    client, indicator, django_user_model
):
    url = f"/api/v1/indicators/{indicator.pk}/values/"
    client.force_login(member(django_user_model, indicator, "viewer", "viewer"))
    assert client.post(url, [], content_type="application/json").status_code == 403

    client.force_login(member(django_user_model, indicator, "manager", "manager"))
    refused = client.post(
        url,
        [{"period": "2010/11", "actual": "23"}, {"period": "2011/12", "actual": "lots"}],
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json() == {"rows": ["row 1: actual 'lots' is not a number"]}
    assert not IndicatorValue.objects.filter(period="2010/11").exists()

    missing = client.post(url, [{"actual": "1"}], content_type="application/json")
    assert missing.status_code == 400 and "period" in missing.json()["0"]

    written = client.post(
        url,
        [{"period": "2010/11", "actual": "23", "target": "TBC"}],
        content_type="application/json",
    )
    assert written.status_code == 201
    assert written.json()[0]["target_text"] == "TBC" and written.json()[0]["target"] is None
