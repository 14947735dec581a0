"""The governance pages: structure, chart, bodies, agreements and their forms."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.partnership import governance
from commissioning.partnership.models import Body, Post
from commissioning.partnership.tests.governance_factories import (
    AgreementFactory,
    BodyFactory,
    MeetingFactory,
    PostFactory,
)
from commissioning.programmes.concurrency import current_version
from commissioning.programmes.tests.factories import (
    ActionFactory,
    PartnerFactory,
    PersonFactory,
)

pytestmark = [
    pytest.mark.django_db,
]


def build_structure(size: int) -> None:
    """``size`` bodies under one board, each with a filled and a vacant post."""
    board = BodyFactory(name="Board")
    for number in range(size - 1):
        body = BodyFactory(parent=board)
        filled = PostFactory(body=body, remit=f"Filled {number}")
        governance.fill_post(post=filled, person=PersonFactory(), on=date(2010, 9, 1))
        PostFactory(body=body, remit=f"Vacant {number}")


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


PAGES = [
    ("governance-structure", []),
    ("governance-chart", []),
    ("governance-chart-svg", []),
    ("governance-body", [1]),
    ("governance-body-new", []),
    ("governance-body-edit", [1]),
    ("governance-post-new", [1]),
    ("governance-post-edit", [1]),
    ("governance-post-fill", [1]),
    ("governance-post-vacate", [1]),
    ("governance-member-new", [1]),
    ("governance-meeting-new", [1]),
    ("governance-decision-new", [1]),
    ("governance-agreements", []),
    ("governance-agreement-new", []),
    ("governance-agreement", [1]),
    ("governance-agreement-edit", [1]),
    ("governance-contribution-set", [1]),
    ("governance-import", []),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_anonymous_visitor_is_sent_to_sign_in(client, name, args):
    response = client.get(reverse(name, args=args))

    assert response.status_code == 302
    assert response.url.startswith(reverse("sign-in"))


@pytest.mark.parametrize(("name", "args"), [(name, args) for name, args in PAGES if args])
def test_a_missing_record_is_not_found(signed_in_client, name, args):
    assert signed_in_client.get(reverse(name, args=[999])).status_code == 404


def test_structure_page_shows_posts_remits_holders_and_filled_counts(signed_in_client):
    board = BodyFactory(name="Strategic Leadership Board")
    people = PostFactory(body=board, title="Strategic Director", remit="People")
    PostFactory(body=board, title="Strategic Director", remit="Resources")
    first, second = PersonFactory(name="Priya Shah"), PersonFactory(name="Tom Hughes")
    governance.fill_post(post=people, person=first, on=date(2010, 9, 1))
    governance.fill_post(post=people, person=second, on=date(2011, 1, 10))

    response = signed_in_client.get(reverse("governance-structure"))

    page = response.content.decode()
    assert "Strategic Leadership Board" in page
    assert "1 of 2 posts filled" in page
    assert "People" in page and "Resources" in page
    assert "since 10 January 2011" in page
    assert "Priya Shah: 1 September 2010 to 10 January 2011" in page
    assert "Tom Hughes: 10 January 2011 to now" in page
    assert "Vacant" in page


def test_structure_page_reads_the_same_number_of_queries_for_2_and_10_bodies(signed_in_client):
    build_structure(2)
    small = queries_for(signed_in_client, reverse("governance-structure"))
    board = Body.objects.get(name="Board")
    for number in range(8):
        body = BodyFactory(parent=board)
        post = PostFactory(body=body, remit=f"More {number}")
        governance.fill_post(post=post, person=PersonFactory(), on=date(2010, 9, 1))

    large = queries_for(signed_in_client, reverse("governance-structure"))

    assert Body.objects.count() == 10
    assert large == small


def test_chart_page_and_svg_say_filled_or_vacant_in_words(signed_in_client):
    post = PostFactory(title="Head of Delivery Unit", remit="Housing")
    PostFactory(body=post.body, title="Head of Delivery Unit", remit="City services")
    governance.fill_post(post=post, person=PersonFactory(name="Helen Price"), on=date(2010, 11, 1))

    page = signed_in_client.get(reverse("governance-chart")).content.decode()
    svg = signed_in_client.get(reverse("governance-chart-svg"))

    assert 'role="img"' in page and "<title" in page and "<desc" in page
    assert "Head of Delivery Unit (Housing): filled by Helen Price" in page
    assert "Head of Delivery Unit (City services): vacant" in page
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert b"(City services): vacant" in svg.content


def test_body_page_shows_meetings_decisions_and_what_they_affect(signed_in_client):
    meeting = MeetingFactory(title="Public Service Board, March 2010", date=date(2010, 3, 30))
    action = ActionFactory(title="Agree the IC approach")
    governance.record_decision(
        meeting=meeting, text="Agreed to use the IC approach", actions=[action]
    )

    response = signed_in_client.get(reverse("governance-body", args=[meeting.body.pk]))

    page = response.content.decode()
    assert "Public Service Board, March 2010, 30 March 2010" in page
    assert "Agreed to use the IC approach" in page
    assert reverse("action", args=[action.pk]) in page


def test_adding_a_body_saves_it_and_shows_its_page(signed_in_client):
    council = PartnerFactory()

    response = signed_in_client.post(
        reverse("governance-body-new"),
        {
            "name": "Delivery units",
            "kind": "unit",
            "unit_type": "delivery",
            "organisation": council.pk,
        },
    )

    body = Body.objects.get(name="Delivery units")
    assert response.status_code == 302 and response.url == reverse(
        "governance-body", args=[body.pk]
    )
    assert (body.unit_type, body.organisation) == ("delivery", council)


def test_a_body_without_a_name_is_refused_with_a_govuk_error(signed_in_client):
    response = signed_in_client.post(reverse("governance-body-new"), {"kind": "unit"})

    assert response.status_code == 200
    assert "Enter the body&#x27;s name" in response.content.decode()
    assert not Body.objects.exists()


def test_adding_then_filling_and_vacating_a_post(signed_in_client):
    body = BodyFactory()
    person = PersonFactory(organisation=body.organisation)

    signed_in_client.post(
        reverse("governance-post-new", args=[body.pk]),
        {"title": "Commissioner", "remit": "Housing"},
    )
    post = Post.objects.get(body=body)
    signed_in_client.post(
        reverse("governance-post-fill", args=[post.pk]),
        {"person": person.pk, "on": "1 June 2010", "version": current_version(post)},
    )
    response = signed_in_client.post(
        reverse("governance-post-vacate", args=[post.pk]),
        {"on": "30/11/2010", "version": current_version(post)},
    )

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.holder is None
    assert list(post.tenures.values_list("start", "end")) == [
        (date(2010, 6, 1), date(2010, 11, 30))
    ]


def test_filling_a_post_with_an_unreadable_date_says_how_to_write_it(signed_in_client):
    post = PostFactory()

    response = signed_in_client.post(
        reverse("governance-post-fill", args=[post.pk]),
        {"person": PersonFactory().pk, "on": "soon"},
    )

    assert "Enter the date they started, like 1 June 2010" in response.content.decode()


def test_a_meeting_then_its_decision_are_recorded(signed_in_client):
    body = BodyFactory()

    response = signed_in_client.post(
        reverse("governance-meeting-new", args=[body.pk]), {"on": "30 March 2010", "title": "PSB"}
    )
    meeting = body.meetings.get()
    assert response.url == reverse("governance-decision-new", args=[meeting.pk])
    signed_in_client.post(
        reverse("governance-decision-new", args=[meeting.pk]), {"text": "Agreed the IC approach"}
    )

    assert meeting.date == date(2010, 3, 30)
    assert meeting.decisions.get().text == "Agreed the IC approach"


def test_agreement_page_shows_contributions_per_party_per_year_with_totals(signed_in_client):
    agreement = AgreementFactory(title="Section 75: adult social care")
    council = PartnerFactory(name="Council")
    nhs = PartnerFactory(name="NHS")
    for organisation, year, amount in [
        (council, "2010/11", "4250000"),
        (nhs, "2010/11", "2800000"),
        (council, "2011/12", "1000000.50"),
    ]:
        governance.set_contribution(
            agreement=agreement,
            organisation=organisation,
            financial_year=year,
            amount=Decimal(amount),
        )

    page = signed_in_client.get(
        reverse("governance-agreement", args=[agreement.pk])
    ).content.decode()

    for text in [
        "2010/11",
        "2011/12",
        "£4,250,000",
        "£2,800,000",
        "£7,050,000",
        "£1,000,000.50",
        "£8,050,000.50",
    ]:
        assert text in page


def test_agreements_list_reads_the_same_number_of_queries_for_2_and_10(signed_in_client):
    def build(count):
        for _ in range(count):
            agreement = AgreementFactory()
            agreement.parties.add(PartnerFactory())
            governance.set_contribution(
                agreement=agreement,
                organisation=PartnerFactory(),
                financial_year="2010/11",
                amount=Decimal(5),
            )

    build(2)
    small = queries_for(signed_in_client, reverse("governance-agreements"))
    build(8)

    assert queries_for(signed_in_client, reverse("governance-agreements")) == small


def test_adding_an_agreement_and_a_contribution(signed_in_client):
    council, nhs = PartnerFactory(), PartnerFactory()

    signed_in_client.post(
        reverse("governance-agreement-new"),
        {
            "title": "Heads of agreement 2011/12",
            "kind": "heads_of_agreement",
            "status": "draft",
            "parties": [council.pk, nhs.pk],
            "host": council.pk,
            "start": "1 April 2011",
        },
    )
    agreement = council.agreements.get()
    bad = signed_in_client.post(
        reverse("governance-contribution-set", args=[agreement.pk]),
        {"organisation": nhs.pk, "financial_year": "2011", "amount": "10"},
    )
    signed_in_client.post(
        reverse("governance-contribution-set", args=[agreement.pk]),
        {"organisation": nhs.pk, "financial_year": "2011-12", "amount": "10"},
    )

    assert "Enter a financial year, like 2010/11" in bad.content.decode()
    assert agreement.start == date(2011, 4, 1)
    assert list(agreement.contributions.values_list("financial_year", "amount")) == [
        ("2011/12", Decimal(10))
    ]
