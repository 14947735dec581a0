"""The history of governance records: who changed a body or an agreement, when, and what."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.core.audit import CHANGED, CREATED, Change
from commissioning.partnership import governance_trails
from commissioning.partnership.tests.governance_factories import (
    AgreementFactory,
    BodyFactory,
    MeetingFactory,
    PostFactory,
)
from commissioning.programmes.concurrency import current_version
from commissioning.programmes.tests.factories import PartnerFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_filling_a_post_on_the_page_is_in_the_body_history_with_who(signed_in_client):
    post = PostFactory(title="Strategic Director")
    person = PersonFactory(name="Jane Smith", organisation=post.body.organisation)

    signed_in_client.post(
        reverse("governance-post-fill", args=[post.pk]),
        {"person": person.pk, "on": "1 June 2010", "version": current_version(post)},
    )

    entries = governance_trails.body_trail(post.body)
    filled = next(entry for entry in entries if entry.kind == "post" and entry.what == CHANGED)
    assert filled.who == "manager" and filled.title == "Strategic Director"
    assert Change("Holder", "", "Jane Smith") in filled.changes
    tenure = next(entry for entry in entries if entry.kind == "post holder")
    assert (tenure.what, tenure.who) == (CREATED, "manager")
    page = signed_in_client.get(reverse("governance-body-history", args=[post.body.pk]))
    assert "Holder: (blank) → Jane Smith" in page.content.decode()


def test_a_changed_contribution_is_in_the_agreement_history(signed_in_client):
    agreement = AgreementFactory(title="Pooled budget")
    party = PartnerFactory(name="NHS Brighton and Hove")
    url = reverse("governance-contribution-set", args=[agreement.pk])
    for amount in ("1000", "2500"):
        signed_in_client.post(
            url, {"organisation": party.pk, "financial_year": "2010/11", "amount": amount}
        )

    page = signed_in_client.get(reverse("governance-agreement-history", args=[agreement.pk]))

    assert "Amount: 1000.00 → 2500.00" in page.content.decode()
    assert (
        "See who changed this agreement"
        in signed_in_client.get(
            reverse("governance-agreement", args=[agreement.pk])
        ).content.decode()
    )


def test_a_body_the_user_cannot_see_has_no_history_for_them(sign_in, outsider, partnership):
    body = BodyFactory(organisation=partnership.council)

    response = sign_in(outsider).get(reverse("governance-body-history", args=[body.pk]))

    assert response.status_code == 404


def test_the_body_history_costs_the_same_queries_however_big(signed_in_client):
    def body_with(size: int):
        body = BodyFactory()
        for _ in range(size):
            PostFactory(body=body)
            MeetingFactory(body=body)
        return body

    def queries(body) -> int:
        with CaptureQueriesContext(connection) as captured:
            signed_in_client.get(reverse("governance-body-history", args=[body.pk]))
        return len(captured)

    assert queries(body_with(2)) == queries(body_with(20))
