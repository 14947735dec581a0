"""The demo governance: bodies, posts, the Public Service Board's decision, two agreements."""

from datetime import date

import pytest

from commissioning.partnership.demo import demo_partnership, load_governance_demo
from commissioning.partnership.models import (
    Agreement,
    Body,
    Contribution,
    Decision,
    Membership,
    Post,
    PostTenure,
)
from commissioning.programmes.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    lead = OrganisationFactory(
        name="Brighton & Hove City Council", short_name="BHCC", kind="council"
    )
    partners = [
        OrganisationFactory(name="NHS Brighton and Hove", short_name="NHS B&H", kind="nhs"),
        OrganisationFactory(name="Sussex Police", kind="police"),
    ]
    return lead, partners


def counts() -> dict:
    models = [Body, Post, PostTenure, Membership, Decision, Agreement, Contribution]
    return {model.__name__: model.objects.count() for model in models}


def test_the_demo_answers_how_many_strategic_directors_and_their_remits(partnership):
    lead, partners = partnership

    load_governance_demo(partnership=demo_partnership(lead=lead, partners=partners))

    directors = Post.objects.filter(
        body__name="Strategic Leadership Board", title="Strategic Director"
    )
    assert sorted(directors.values_list("remit", flat=True)) == ["People", "Place", "Resources"]
    assert directors.filter(holder__isnull=True).count() == 1
    heads = Post.objects.filter(body__unit_type="delivery", title="Head of Delivery Unit")
    assert heads.filter(holder__isnull=False).count() == 2
    assert heads.filter(holder__isnull=True).count() == 2


def test_the_public_service_board_agreed_the_ic_approach_on_30_march_2010(partnership):
    lead, partners = partnership

    load_governance_demo(partnership=demo_partnership(lead=lead, partners=partners))

    decision = Decision.objects.get(meeting__body__name="Public Service Board")
    assert decision.meeting.date == date(2010, 3, 30)
    assert "'IC' approach and a resourced programme of activity" in decision.text
    members = Membership.objects.filter(body__name="Public Service Board")
    assert {m.person.organisation for m in members} == {lead, *partners}


def test_the_demo_agreements_and_contributions(partnership):
    lead, partners = partnership

    load_governance_demo(partnership=demo_partnership(lead=lead, partners=partners))

    section_75 = Agreement.objects.get(title="Section 75 partnership agreement: adult social care")
    assert set(section_75.parties.all()) == {lead, partners[0]}
    assert section_75.status == "draft" and section_75.host == lead
    assert set(section_75.contributions.values_list("financial_year", flat=True)) == {"2010/11"}
    assert Agreement.objects.get(kind="heads_of_agreement").status == "draft"


def test_loading_the_demo_twice_changes_nothing(partnership):
    lead, partners = partnership
    load_governance_demo(partnership=demo_partnership(lead=lead, partners=partners))
    before = counts()

    load_governance_demo(partnership=demo_partnership(lead=lead, partners=partners))

    assert counts() == before


def test_every_demo_body_and_agreement_belongs_to_the_demo_partnership(partnership):
    lead, partners = partnership
    home = demo_partnership(lead=lead, partners=partners)

    load_governance_demo(partnership=home)

    board = Body.objects.get(name="Public Service Board")
    assert board.organisation is None and board.partnership == home
    assert set(Body.objects.values_list("partnership", flat=True)) == {home.pk}
    assert set(Agreement.objects.values_list("partnership", flat=True)) == {home.pk}
    assert set(home.partners.all()) == set(partners)
    assert demo_partnership(lead=lead, partners=partners) == home
