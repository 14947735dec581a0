from decimal import Decimal

from rest_framework.test import APIClient

from commissioning.finance.models import SpendLine


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_total_pot_by_partner_and_theme(pot, people, partnership):
    response = api(people.viewer).get(
        "/api/v1/total-pot/", {"year": "2010/11", "by": "partner,theme", "phase": "budget"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == "3500000.00" and body["currency"] == "GBP"
    assert body["per_head"] == "14.00"
    assert {"partner": partnership.nhs.name, "theme": "Healthier", "amount": "2000000.00"} in body[
        "cells"
    ]
    assert api(people.viewer).get("/api/v1/total-pot/", {"by": "colour"}).status_code == 400
    assert api(people.viewer).get("/api/v1/total-pot/", {"year": "2010"}).status_code == 400
    outsider = api(people.outsider).get("/api/v1/total-pot/", {"partnership": pot.home.slug})
    assert outsider.status_code == 404


def test_spend_lines_list_in_fixed_queries(pot, people, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = api(people.viewer).get("/api/v1/spend-lines/", {"year": "2010/11"})
    assert response.status_code == 200
    assert response.json()["count"] == 4
    assert api(people.outsider).get("/api/v1/spend-lines/").json()["count"] == 0
    populations = api(people.viewer).get("/api/v1/populations/").json()
    assert populations["results"][0]["people"] == 250000


def test_writing_lines_checks_every_row_and_writes_all_or_nothing(pot, people, partnership):
    before = SpendLine.objects.count()
    good = {
        "partnership": pot.home.slug,
        "organisation": partnership.nhs.name,
        "financial_year": "2012/13",
        "amount": "£1.5m",
        "shares": [
            {"percent": "50", "theme": "Safer"},
            {"percent": "50", "outcome": pot.smoking.pk},
        ],
    }
    bad_share = {**good, "shares": [{"percent": "70", "theme": "Safer"}]}
    bad_year = {**good, "financial_year": "2012"}
    council = {**good, "organisation": partnership.council.name}
    response = api(people.contributor).post(
        "/api/v1/spend-lines/", [good, bad_share, bad_year, council], format="json"
    )
    assert response.status_code == 400
    rows = {problem["row"]: problem["errors"] for problem in response.json()["rows"]}
    assert set(rows) == {1, 2, 3}
    assert "70 %" in rows[1]["shares"][0]
    assert "financial_year" in rows[2]
    assert "organisation" in rows[3]
    assert SpendLine.objects.count() == before
    response = api(people.contributor).post("/api/v1/spend-lines/", good, format="json")
    assert response.status_code == 201
    assert response.json()["amount"] == "1500000.00"
    assert SpendLine.objects.get(financial_year="2012/13").amount == Decimal(1500000)
    assert api(people.viewer).post("/api/v1/spend-lines/", good, format="json").status_code == 403
