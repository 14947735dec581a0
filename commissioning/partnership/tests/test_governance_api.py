"""The governance API: bodies, posts, meetings and agreements, read in constant queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.partnership import governance
from commissioning.partnership.tests.governance_factories import (
    AgreementFactory,
    BodyFactory,
    MeetingFactory,
    PostFactory,
)
from commissioning.programmes.tests.factories import (
    ActionFactory,
    DeliverableFactory,
    PartnerFactory,
    PersonFactory,
)


def first_partnership():
    from commissioning.partnership.models import Partnership

    return Partnership.objects.order_by("pk").first()


pytestmark = [
    pytest.mark.django_db,
]


def build(count: int) -> None:
    for _ in range(count):
        post = PostFactory()
        governance.fill_post(post=post, person=PersonFactory(), on=date(2010, 9, 1))
        meeting = MeetingFactory(body=post.body)
        governance.record_decision(
            meeting=meeting,
            text="Agreed",
            actions=[ActionFactory()],
            deliverables=[DeliverableFactory()],
        )
        agreement = AgreementFactory(host=PartnerFactory())
        agreement.actions.add(ActionFactory())
        governance.set_contribution(
            agreement=agreement,
            organisation=PartnerFactory(),
            financial_year="2010/11",
            amount=Decimal(1),
        )


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("resource", ["bodies", "posts", "meetings", "agreements"])
def test_anonymous_callers_are_refused(client, resource):
    assert client.get(f"/api/v1/{resource}/").status_code in {401, 403}


@pytest.mark.parametrize("resource", ["bodies", "posts", "meetings", "agreements"])
def test_lists_read_the_same_number_of_queries_for_2_and_10(signed_in_client, resource):
    build(2)
    small = queries_for(signed_in_client, f"/api/v1/{resource}/")
    build(8)

    assert queries_for(signed_in_client, f"/api/v1/{resource}/") == small


def test_a_body_lists_its_posts_and_how_many_are_filled(signed_in_client):
    body = BodyFactory(name="Strategic Leadership Board")
    filled = PostFactory(body=body, remit="People")
    PostFactory(body=body, remit="Resources")
    governance.fill_post(post=filled, person=PersonFactory(name="Priya Shah"), on=date(2010, 9, 1))

    data = signed_in_client.get(f"/api/v1/bodies/{body.pk}/").json()

    assert data["posts_filled"] == 1
    assert [(p["remit"], p["holder"]) for p in data["posts"]] == [
        ("People", "Priya Shah"),
        ("Resources", None),
    ]


def test_a_post_gives_its_tenure_history(signed_in_client):
    post = PostFactory()
    governance.fill_post(post=post, person=PersonFactory(name="First"), on=date(2010, 9, 1))
    governance.vacate_post(post=post, on=date(2011, 1, 1))

    data = signed_in_client.get(f"/api/v1/posts/{post.pk}/").json()

    assert data["holder"] is None
    assert data["tenures"] == [{"person": "First", "start": "2010-09-01", "end": "2011-01-01"}]


def test_an_agreement_gives_its_parties_and_contributions(signed_in_client):
    council = PartnerFactory(name="Council")
    agreement = governance.save_agreement(
        partnership=first_partnership(),
        title="S75",
        kind="section_75_pooled_budget",
        status="draft",
        parties=[council],
        host=council,
    )
    governance.set_contribution(
        agreement=agreement,
        organisation=council,
        financial_year="2010/11",
        amount=Decimal("4250000"),
    )

    data = signed_in_client.get(f"/api/v1/agreements/{agreement.pk}/").json()

    assert data["parties"] == ["Council"] and data["host"] == "Council"
    assert data["contributions"] == [
        {"organisation": "Council", "financial_year": "2010/11", "amount": "4250000.00"}
    ]


def test_a_missing_record_is_not_found(signed_in_client):
    assert signed_in_client.get("/api/v1/bodies/999/").status_code == 404


@pytest.mark.parametrize(
    ("resource", "factory"),
    [
        ("bodies", BodyFactory),
        ("posts", PostFactory),
        ("meetings", MeetingFactory),
        ("agreements", AgreementFactory),
    ],
)
def test_a_record_carries_its_version_as_an_etag_that_changes_when_it_is_saved(
    signed_in_client, resource, factory
):
    item = factory()
    url = f"/api/v1/{resource}/{item.pk}/"
    first = signed_in_client.get(url)
    assert first.status_code == 200 and first["ETag"].strip('"').isdigit()
    assert signed_in_client.get(url)["ETag"] == first["ETag"]  # the same while unchanged
    item.save()
    assert signed_in_client.get(url)["ETag"] != first["ETag"]
