"""A commission exported as an Open Contracting (OCDS 1.1) release package."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse

from commissioning.commissions import services
from commissioning.programmes.tests import factories

pytestmark = pytest.mark.django_db

# The OCDS 1.1 schema's required fields and closed codelists the export uses (checked here
# by hand: no OCDS schema package is installed, and a test fetches nothing).
PACKAGE_REQUIRED = {"uri", "publisher", "publishedDate", "releases", "version"}
RELEASE_REQUIRED = {"ocid", "id", "date", "tag", "initiationType"}
TAGS = {"planning", "tender", "award", "contract", "implementation"}
TENDER_STATUS = {"planning", "planned", "active", "cancelled", "unsuccessful", "complete"}
AWARD_STATUS = {"pending", "active", "cancelled", "unsuccessful"}
CONTRACT_STATUS = {"pending", "active", "cancelled", "terminated"}
MILESTONE_STATUS = {"scheduled", "met", "notMet", "partiallyMet"}
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _procure(cycle, stage="implementation"):
    commission = cycle.smoking
    provider = factories.OrganisationFactory(name="Quit Together (a voluntary group)")
    services.edit_commission(
        commission=commission,
        user=cycle.user,
        providers=[provider],
        procurement_stage=stage,
        contract_value=95000,
        contract_start=dt.date(2026, 4, 1),
        contract_end=dt.date(2099, 3, 31),
    )
    for step, title, due, status in [
        ("planning", "Market engagement", dt.date(2025, 11, 1), "met"),
        ("tender", "Tenders close", dt.date(2026, 1, 10), "met"),
        ("award", "Contract awarded", dt.date(2026, 2, 1), "met"),
        ("contract", "Contract signed", dt.date(2026, 3, 1), "not_met"),
        ("implementation", "Service live", dt.date(2026, 6, 1), "partly_met"),
        ("implementation", "Annual review", dt.date(2027, 3, 31), "scheduled"),
    ]:
        milestone = services.add_milestone(
            commission=commission, user=cycle.user, stage=step, title=title, due=due
        )
        services.record_milestone(
            milestone=milestone,
            user=cycle.user,
            status=status,
            met_on=due if status in ("met", "partly_met") else None,
        )
    return commission, provider


def _get(client, partnership, commission):
    url = reverse("commissions-commission-ocds", args=[partnership.home.slug, commission.pk])
    return client.get(url)


def _check_required(package):
    assert set(package) >= PACKAGE_REQUIRED
    assert package["version"] == "1.1" and package["publisher"]["name"]
    assert DATETIME.match(package["publishedDate"])
    assert len(package["releases"]) == 1
    release = package["releases"][0]
    assert set(release) >= RELEASE_REQUIRED
    assert release["initiationType"] == "tender"
    assert set(release["tag"]) <= TAGS and DATETIME.match(release["date"])
    party_ids = {party["id"] for party in release["parties"]}
    assert release["buyer"]["id"] in party_ids
    for award in release.get("awards", []):
        assert {s["id"] for s in award["suppliers"]} <= party_ids
        assert award["status"] in AWARD_STATUS
    return release


def _milestones(release):
    found = list(release["planning"].get("milestones", []))
    found += release.get("tender", {}).get("milestones", [])
    for contract in release.get("contracts", []):
        found += contract.get("milestones", [])
        found += contract.get("implementation", {}).get("milestones", [])
    return found


def test_a_procured_commission_exports_every_stage_with_dated_milestones(
    client, cycle, partnership, django_assert_max_num_queries
):
    commission, provider = _procure(cycle)
    client.force_login(cycle.user)
    with django_assert_max_num_queries(12):
        response = _get(client, partnership, commission)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    package = json.loads(response.content)
    release = _check_required(package)
    assert release["ocid"] == f"ocds-xxxxxx-commission-{commission.pk}"
    assert release["tag"] == ["implementation"]
    assert release["buyer"]["name"] == "Brighton & Hove City Council"
    roles = {party["name"]: party["roles"] for party in release["parties"]}
    assert roles == {
        "Brighton & Hove City Council": ["buyer", "procuringEntity"],
        provider.name: ["supplier"],
    }
    assert release["planning"]["budget"]["amount"] == {"amount": 100000.0, "currency": "GBP"}
    assert release["tender"]["status"] in TENDER_STATUS
    assert release["awards"][0]["value"] == {"amount": 95000.0, "currency": "GBP"}
    assert release["awards"][0]["date"] == "2026-02-01T00:00:00Z"
    contract = release["contracts"][0]
    assert contract["status"] in CONTRACT_STATUS and contract["status"] == "active"
    assert contract["awardID"] == release["awards"][0]["id"]
    assert contract["period"] == {
        "startDate": "2026-04-01T00:00:00Z",
        "endDate": "2099-03-31T00:00:00Z",
    }
    milestones = _milestones(release)
    assert len(milestones) == 6
    assert {m["status"] for m in milestones} == MILESTONE_STATUS
    assert all(DATETIME.match(m["dueDate"]) for m in milestones)
    assert [m["title"] for m in contract["implementation"]["milestones"]] == [
        "Service live",
        "Annual review",
    ]
    met = next(m for m in milestones if m["title"] == "Tenders close")
    assert met["dateMet"] == "2026-01-10T00:00:00Z"
    assert len({m["id"] for m in milestones}) == 6


def test_a_commission_still_at_tender_has_no_award_or_contract(client, cycle, partnership):
    commission, provider = _procure(cycle, stage="tender")
    client.force_login(cycle.user)
    release = _check_required(json.loads(_get(client, partnership, commission).content))
    assert release["tag"] == ["tender"] and release["tender"]["status"] == "active"
    assert "awards" not in release and "contracts" not in release
    assert next(p for p in release["parties"] if p["name"] == provider.name)["roles"] == [
        "tenderer"
    ]


def test_a_commission_not_procured_is_a_planning_release(client, cycle, partnership):
    client.force_login(cycle.user)
    release = _check_required(json.loads(_get(client, partnership, cycle.safety).content))
    assert release["tag"] == ["planning"] and "tender" not in release


def test_the_ocid_prefix_is_a_setting(client, cycle, partnership, settings):
    settings.COMMISSIONS_OCDS_PREFIX = "ocds-abc123"
    client.force_login(cycle.user)
    release = json.loads(_get(client, partnership, cycle.smoking).content)["releases"][0]
    assert release["ocid"] == f"ocds-abc123-commission-{cycle.smoking.pk}"


def test_the_release_is_for_members_only(client, cycle, partnership, outsider, viewer):
    client.force_login(outsider)
    assert _get(client, partnership, cycle.smoking).status_code == 404
    client.force_login(viewer)
    assert _get(client, partnership, cycle.smoking).status_code == 200
    url = reverse("commissions-commission-ocds", args=[partnership.home.slug, cycle.other.pk])
    assert client.get(url).status_code == 404  # another partnership's commission


def test_a_decommissioned_procurement_is_cancelled_or_terminated(client, cycle, partnership):
    commission, _ = _procure(cycle, stage="tender")
    services.edit_commission(commission=commission, user=cycle.user, status="decommissioned")
    client.force_login(cycle.user)
    release = _check_required(json.loads(_get(client, partnership, commission).content))
    assert release["tender"]["status"] == "cancelled"
    services.edit_commission(
        commission=commission, user=cycle.user, procurement_stage="implementation"
    )
    release = _check_required(json.loads(_get(client, partnership, commission).content))
    assert release["contracts"][0]["status"] == "terminated"
    assert release["tender"]["status"] == "complete"
